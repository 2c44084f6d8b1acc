//! The Leptos web bundle at `/` with SPA fallback to `index.html` (never cached, so a new
//! release is picked up at once; the hashed assets beside it revalidate by ETag). A missing
//! asset (a path with a file extension) is a real 404, so a stale script never receives HTML.
//! Without a bundle, `/` answers with a short page that says how to build it.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

const NO_BUNDLE: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>motcua</title></head>\
<body><main><h1>motcua</h1><p>Giao diện web chưa được build. The web bundle has not been built: \
run <code>frontend/build</code>, then restart <code>motcua serve</code>.</p>\
<p>API: <a href=\"/graphiql\">/graphiql</a> · <a href=\"/schema.graphql\">/schema.graphql</a></p></main></body></html>";

/// Registers `/` and the static files of `dir` (or the placeholder when there is no bundle).
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    if !dir.join("index.html").is_file() {
        cfg.default_service(web::to(placeholder));
        return;
    }
    let index: PathBuf = dir.join("index.html");
    let for_root = index.clone();
    cfg.route(
        "/",
        web::get().to(move |req: HttpRequest| {
            let index = for_root.clone();
            async move { serve_index(&index, &req).await }
        }),
    );
    cfg.service(
        Files::new("/", dir)
            .use_etag(true)
            .use_last_modified(true)
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let resp = if looks_like_asset(req.path()) {
                        HttpResponse::NotFound()
                            .content_type("text/plain; charset=utf-8")
                            .body("not found")
                    } else {
                        serve_index(&index, &req).await
                    };
                    Ok(ServiceResponse::new(req, resp))
                }
            })),
    );
}

/// Bundle files all sit at the top of `dist/`, so only a single-segment path with an extension
/// is an asset; app routes may carry dots (`/thu-tuc/1.001193`) and get the SPA.
fn looks_like_asset(path: &str) -> bool {
    let trimmed = path.trim_start_matches('/');
    !trimmed.contains('/') && trimmed.contains('.')
}

async fn serve_index(index: &Path, req: &HttpRequest) -> HttpResponse {
    match NamedFile::open_async(index).await {
        Ok(file) => {
            let mut resp = file
                .use_etag(false)
                .use_last_modified(false)
                .into_response(req);
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        Err(_) => placeholder().await,
    }
}

/// The placeholder page.
pub async fn placeholder() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(NO_BUNDLE)
}

#[cfg(test)]
mod tests {
    use super::looks_like_asset;

    #[test]
    fn only_top_level_files_are_assets() {
        assert!(looks_like_asset("/motcua-ab12.js"));
        assert!(looks_like_asset("/favicon.svg"));
        assert!(!looks_like_asset("/thu-tuc/1.001193"));
        assert!(!looks_like_asset("/ho-so-cua-toi/TN.BINHMINH-261123-0001"));
        assert!(!looks_like_asset("/tra-cuu"));
    }
}
