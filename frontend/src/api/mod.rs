//! The one way the web app talks to the server: GraphQL over HTTP, same origin.
//!
//! Pages call the typed functions of the submodules (`api::tenants::all`) and
//! never build requests themselves. Every request carries the access token
//! when there is one, and a request refused as `UNAUTHENTICATED` is sent once
//! more after a silent token refresh (`auth`). Every failure becomes an
//! [`ApiError`] whose code the UI translates (`i18n::ErrorMessages::for_error`).

pub mod auth;
pub mod dossiers;
mod json;
pub mod payments;
pub mod procedures;
pub mod tenants;

use std::fmt;
use std::future::Future;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, FormData, Headers, ProgressEvent, RequestInit, Response, XmlHttpRequest,
};

pub use json::{Json, Out, obj};
pub use shared::ErrorCode;

const ENDPOINT: &str = "/graphql";
const ACCEPT: &str = "application/graphql-response+json, application/json";

/// Why a request gave no data.
#[derive(Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server answered with a GraphQL error; `code` comes from its
    /// `extensions.code` (`INTERNAL` when missing or unknown). `message` is
    /// the server's English text, kept for the console, never shown.
    Server { code: ErrorCode, message: String },
    /// No answer reached us: offline, server down, request refused.
    Network,
    /// An answer came but it was not a GraphQL response (a proxy's error
    /// page, a truncated body, a shape we do not know).
    BadResponse(String),
}

impl ApiError {
    /// The server's code, when the server answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server { code, .. } => Some(*code),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Server { code, message } => write!(f, "{code}: {message}"),
            ApiError::Network => f.write_str("network error"),
            ApiError::BadResponse(why) => write!(f, "bad response: {why}"),
        }
    }
}

/// The same text as `Display`: a derived `Debug` would pull string escaping into the
/// bundle, and `ErrorBoundary` needs `Debug` for every error it holds.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ApiError {}

/// Runs one GraphQL operation and returns its `data`, which the typed
/// functions of the submodules read with `json`.
///
/// The request is aborted if the returned future is dropped (the component
/// that asked went away, or the resource refetched).
pub async fn graphql(query: &str, variables: Out) -> Result<Json, ApiError> {
    let body = obj([("query", query.into()), ("variables", variables)]).text();
    let (status, text) = with_auth(|token| post_json(&body, token)).await?;
    decode(status, &text)
}

/// Runs one GraphQL operation with files, as a GraphQL multipart request
/// (`operations`, `map`, then one part per file). `files` pairs each file
/// with the variable path it fills, e.g. `variables.input.documents.0.file`;
/// that variable must be `null` in `variables`. `on_progress` receives the
/// uploaded fraction (0 to 1) as the bytes leave the browser.
pub async fn graphql_multipart(
    query: &str,
    variables: Out,
    files: &[(String, web_sys::File)],
    on_progress: impl Fn(f64) + 'static,
) -> Result<Json, ApiError> {
    let operations = obj([("query", query.into()), ("variables", variables)]).text();
    // `{"0": ["variables.…"], "1": …}`, written by hand: the keys are not static.
    let map = files
        .iter()
        .enumerate()
        .map(|(i, (path, _))| format!("\"{i}\":{}", Out::List(vec![path.into()]).text()))
        .collect::<Vec<_>>()
        .join(",");
    let form = FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_str("operations", &operations)
        .map_err(|_| ApiError::Network)?;
    form.append_with_str("map", &format!("{{{map}}}"))
        .map_err(|_| ApiError::Network)?;
    for (i, (_, file)) in files.iter().enumerate() {
        form.append_with_blob_and_filename(&i.to_string(), file, &file.name())
            .map_err(|_| ApiError::Network)?;
    }
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            on_progress(ev.loaded() / ev.total());
        }
    });
    let (status, text) = with_auth(|token| post_form(&form, token, &progress)).await?;
    drop(progress);
    decode(status, &text)
}

/// Sends with the current access token; when the answer is `UNAUTHENTICATED`
/// and the session can be refreshed, sends once more with the new token.
async fn with_auth<F, Fut>(send: F) -> Result<(u16, String), ApiError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(u16, String), ApiError>>,
{
    auth::wait_for_refresh().await;
    let token = auth::access_token();
    let (status, text) = send(token.clone()).await?;
    if first_error_code(&text) == Some(ErrorCode::Unauthenticated)
        && auth::refresh_after_rejection(token.as_deref()).await
    {
        return send(auth::access_token()).await;
    }
    Ok((status, text))
}

/// The `extensions.code` of a GraphQL error (`INTERNAL` when missing or unknown).
fn error_code(error: &Json) -> ErrorCode {
    error
        .get("extensions")
        .get("code")
        .as_str()
        .and_then(|code| code.parse().ok())
        .unwrap_or(ErrorCode::Internal)
}

/// The first error of a GraphQL response, if it has errors.
fn first_error(response: &Json) -> Option<Json> {
    response.get("errors").items()?.into_iter().next()
}

/// The code of the first error of a GraphQL response body, if it has errors.
fn first_error_code(text: &str) -> Option<ErrorCode> {
    first_error(&Json::parse(text)?).map(|e| error_code(&e))
}

/// Turns an HTTP status and body into `data` or an error. The body is read
/// whatever the status: `application/graphql-response+json` answers
/// errors with 4xx and a normal GraphQL body.
fn decode(status: u16, text: &str) -> Result<Json, ApiError> {
    let response = Json::parse(text)
        .ok_or_else(|| ApiError::BadResponse(format!("HTTP {status}: not JSON")))?;
    if let Some(first) = first_error(&response) {
        return Err(ApiError::Server {
            code: error_code(&first),
            message: json::opt_string(&first, "message").unwrap_or_default(),
        });
    }
    let data = response.get("data");
    if data.is_object() {
        Ok(data)
    } else {
        Err(ApiError::BadResponse(format!(
            "HTTP {status}: no data and no errors"
        )))
    }
}

/// Aborts the request it guards when dropped; aborting a finished request
/// does nothing.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn post_json(body: &str, token: Option<String>) -> Result<(u16, String), ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|_| ApiError::Network)?;
    headers
        .set("Accept", ACCEPT)
        .map_err(|_| ApiError::Network)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::Network)?;
    }

    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let guard = AbortController::new().ok().map(AbortOnDrop);
    if let Some(AbortOnDrop(controller)) = &guard {
        init.set_signal(Some(&controller.signal()));
    }

    let response: Response = JsFuture::from(window.fetch_with_str_and_init(ENDPOINT, &init))
        .await
        .map_err(|_| ApiError::Network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(|_| ApiError::Network)?)
        .await
        .map_err(|_| ApiError::Network)?
        .as_string()
        .ok_or_else(|| ApiError::BadResponse(format!("HTTP {status}: body is not text")))?;
    drop(guard);
    Ok((status, text))
}

/// Aborts an upload when its future is dropped (the user left the page) before it
/// finished; `disarm` once it has.
struct AbortXhrOnDrop(Option<XmlHttpRequest>);

impl AbortXhrOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortXhrOnDrop {
    fn drop(&mut self) {
        if let Some(xhr) = self.0.take() {
            if let Ok(upload) = xhr.upload() {
                upload.set_onprogress(None);
            }
            let _ = xhr.abort();
        }
    }
}

/// POSTs a multipart form with XMLHttpRequest, the one browser API that reports upload
/// progress (fetch does not).
async fn post_form(
    form: &FormData,
    token: Option<String>,
    progress: &Closure<dyn FnMut(ProgressEvent)>,
) -> Result<(u16, String), ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open_with_async("POST", ENDPOINT, true)
        .map_err(|_| ApiError::Network)?;
    xhr.set_request_header("Accept", ACCEPT)
        .map_err(|_| ApiError::Network)?;
    if let Some(token) = token {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::Network)?;
    }
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    let guard = AbortXhrOnDrop(Some(xhr.clone()));
    xhr.send_with_opt_form_data(Some(form))
        .map_err(|_| ApiError::Network)?;
    JsFuture::from(done).await.map_err(|_| ApiError::Network)?;
    guard.disarm();
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    let status = xhr.status().map_err(|_| ApiError::Network)?;
    let text = xhr
        .response_text()
        .map_err(|_| ApiError::Network)?
        .unwrap_or_default();
    Ok((status, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_returned_when_there_are_no_errors() {
        let data = decode(200, r#"{"data":{"n":3}}"#).unwrap();
        assert_eq!(json::int(&data, "n"), Ok(3));
    }

    #[test]
    fn the_first_error_code_wins_over_partial_data() {
        let body = r#"{"data":{"n":3},"errors":[
            {"message":"slow down","extensions":{"code":"RATE_LIMITED"}},
            {"message":"x","extensions":{"code":"FORBIDDEN"}}]}"#;
        assert_eq!(
            decode(200, body).unwrap_err(),
            ApiError::Server {
                code: ErrorCode::RateLimited,
                message: "slow down".into()
            }
        );
    }

    #[test]
    fn errors_on_4xx_bodies_are_read_too() {
        let body =
            r#"{"errors":[{"message":"too deep","extensions":{"code":"QUERY_TOO_COMPLEX"}}]}"#;
        assert!(matches!(
            decode(400, body),
            Err(ApiError::Server {
                code: ErrorCode::QueryTooComplex,
                ..
            })
        ));
    }

    #[test]
    fn a_missing_or_unknown_code_is_internal() {
        for body in [
            r#"{"errors":[{"message":"boom"}]}"#,
            r#"{"errors":[{"message":"boom","extensions":{"code":"TEAPOT"}}]}"#,
        ] {
            assert!(matches!(
                decode(500, body),
                Err(ApiError::Server {
                    code: ErrorCode::Internal,
                    ..
                })
            ));
        }
    }

    #[test]
    fn the_first_error_code_is_read_without_the_data() {
        let body =
            r#"{"data":null,"errors":[{"message":"x","extensions":{"code":"UNAUTHENTICATED"}}]}"#;
        assert_eq!(first_error_code(body), Some(ErrorCode::Unauthenticated));
        assert_eq!(first_error_code(r#"{"data":{"n":1}}"#), None);
        assert_eq!(first_error_code("<html>"), None);
    }

    #[test]
    fn a_non_graphql_body_is_a_bad_response() {
        assert!(matches!(
            decode(502, "<html>Bad Gateway</html>"),
            Err(ApiError::BadResponse(_))
        ));
        assert!(matches!(
            decode(200, r#"{"data":null}"#),
            Err(ApiError::BadResponse(_))
        ));
    }
}
