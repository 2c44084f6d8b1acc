//! The Leptos web bundle at `/` with SPA fallback to `index.html`; without a bundle, a short
//! page that says how to build it.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::HttpResponse;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};

const NO_BUNDLE: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>motcua</title></head>\
<body><main><h1>motcua</h1><p>Giao diện web chưa được build. The web bundle has not been built: \
run <code>frontend/build</code>, then restart <code>motcua serve</code>.</p>\
<p>API: <a href=\"/graphiql\">/graphiql</a> · <a href=\"/schema.graphql\">/schema.graphql</a></p></main></body></html>";

/// The static service for `dir`, or a placeholder page when it has no `index.html`.
pub fn service(dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    let fallback_index = index.clone();
    Files::new("/", dir)
        .index_file("index.html")
        .use_etag(true)
        .use_last_modified(true)
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = fallback_index.clone();
            async move {
                let (req, _) = req.into_parts();
                let resp = match NamedFile::open_async(&index).await {
                    Ok(file) => file.into_response(&req),
                    Err(_) => HttpResponse::Ok()
                        .content_type("text/html; charset=utf-8")
                        .body(NO_BUNDLE),
                };
                Ok(ServiceResponse::new(req, resp))
            }
        }))
}

/// Whether a bundle exists.
pub fn exists(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// The placeholder page handler when the folder itself is missing.
pub async fn placeholder() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(NO_BUNDLE)
}
