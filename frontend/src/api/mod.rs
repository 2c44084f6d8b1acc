//! The one way the web app talks to the server: GraphQL over HTTP, same origin.
//!
//! Pages call the typed functions of the submodules (`api::tenants::all`) and
//! never build requests themselves. Every failure becomes an [`ApiError`]
//! whose code the UI translates (`i18n::ErrorMessages::for_error`).

pub mod tenants;

use std::fmt;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

pub use shared::ErrorCode;

const ENDPOINT: &str = "/graphql";

/// Why a request gave no data.
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Server { code, message } => write!(f, "{code}: {message}"),
            ApiError::Network => f.write_str("network error"),
            ApiError::BadResponse(why) => write!(f, "bad response: {why}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// Runs one GraphQL operation and decodes its `data` as `T`.
///
/// The request is aborted if the returned future is dropped (the component
/// that asked went away, or the resource refetched).
pub async fn graphql<T: DeserializeOwned>(
    query: &str,
    variables: serde_json::Value,
) -> Result<T, ApiError> {
    let body = serde_json::json!({ "query": query, "variables": variables }).to_string();
    let (status, text) = post_json(ENDPOINT, &body).await?;
    decode(status, &text)
}

#[derive(Deserialize)]
struct RawResponse {
    data: Option<serde_json::Value>,
    #[serde(default)]
    errors: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(default)]
    message: String,
    extensions: Option<RawExtensions>,
}

#[derive(Deserialize)]
struct RawExtensions {
    code: Option<String>,
}

/// Turns an HTTP status and body into data or an error. The body is read
/// whatever the status: `application/graphql-response+json` answers
/// errors with 4xx and a normal GraphQL body.
fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    let raw: RawResponse = serde_json::from_str(text)
        .map_err(|e| ApiError::BadResponse(format!("HTTP {status}: {e}")))?;
    if let Some(first) = raw.errors.into_iter().next() {
        let code = first
            .extensions
            .and_then(|ext| ext.code)
            .and_then(|code| code.parse().ok())
            .unwrap_or(ErrorCode::Internal);
        return Err(ApiError::Server {
            code,
            message: first.message,
        });
    }
    let data = raw
        .data
        .ok_or_else(|| ApiError::BadResponse(format!("HTTP {status}: no data and no errors")))?;
    serde_json::from_value(data).map_err(|e| ApiError::BadResponse(e.to_string()))
}

/// Aborts the request it guards when dropped; aborting a finished request
/// does nothing.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn post_json(url: &str, body: &str) -> Result<(u16, String), ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|_| ApiError::Network)?;
    headers
        .set(
            "Accept",
            "application/graphql-response+json, application/json",
        )
        .map_err(|_| ApiError::Network)?;

    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let guard = AbortController::new().ok().map(AbortOnDrop);
    if let Some(AbortOnDrop(controller)) = &guard {
        init.set_signal(Some(&controller.signal()));
    }

    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Data {
        n: i32,
    }

    #[test]
    fn data_is_decoded_when_there_are_no_errors() {
        assert_eq!(
            decode::<Data>(200, r#"{"data":{"n":3}}"#),
            Ok(Data { n: 3 })
        );
    }

    #[test]
    fn the_first_error_code_wins_over_partial_data() {
        let body = r#"{"data":{"n":3},"errors":[
            {"message":"slow down","extensions":{"code":"RATE_LIMITED"}},
            {"message":"x","extensions":{"code":"FORBIDDEN"}}]}"#;
        assert_eq!(
            decode::<Data>(200, body),
            Err(ApiError::Server {
                code: ErrorCode::RateLimited,
                message: "slow down".into()
            })
        );
    }

    #[test]
    fn errors_on_4xx_bodies_are_read_too() {
        let body =
            r#"{"errors":[{"message":"too deep","extensions":{"code":"QUERY_TOO_COMPLEX"}}]}"#;
        assert!(matches!(
            decode::<Data>(400, body),
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
                decode::<Data>(500, body),
                Err(ApiError::Server {
                    code: ErrorCode::Internal,
                    ..
                })
            ));
        }
    }

    #[test]
    fn a_non_graphql_body_is_a_bad_response() {
        assert!(matches!(
            decode::<Data>(502, "<html>Bad Gateway</html>"),
            Err(ApiError::BadResponse(_))
        ));
        assert!(matches!(
            decode::<Data>(200, r#"{"data":{"m":1}}"#),
            Err(ApiError::BadResponse(_))
        ));
    }
}
