//! Tracing set-up (human text or JSON lines) and a `spawn_blocking` that keeps the caller's span.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::LogFormat;

/// Directives always appended: sqlx logs every statement at INFO, which drowns the real logs.
const NOISE: &str =
    "sqlx=error,sqlx_postgres=error,sea_orm=warn,sea_orm_migration=warn,actix_server=warn,h2=warn";

/// Builds the filter from `MOTCUA_LOG` plus the noise directives.
pub fn filter(spec: &str) -> Result<EnvFilter, String> {
    let spec = if spec.trim().is_empty() { "info" } else { spec };
    EnvFilter::try_new(format!("{spec},{NOISE}")).map_err(|e| format!("MOTCUA_LOG: {e}"))
}

/// Installs the global subscriber; call once. Returns `false` when one was already installed
/// (tests start many servers in one process).
pub fn init<W>(spec: &str, format: LogFormat, sink: W) -> Result<bool, String>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = filter(spec)?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(sink)
        .with_target(true);
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
    Ok(result.is_ok())
}

/// `tokio::task::spawn_blocking` that runs the closure inside the current span.
pub fn spawn_blocking_with_tracing<F, R>(f: F) -> tokio::task::JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(f))
}

/// The root span of every HTTP request: method, route pattern, path (never the query string,
/// which can hold tracking secrets or GraphQL variables with personal data), status and the
/// request id. Replaces tracing-actix-web's default, which records the full target.
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "http",
            http.method = %request.method(),
            http.route = %request.match_pattern().unwrap_or_else(|| "static".to_string()),
            http.path = %request.path(),
            http.status_code = tracing::field::Empty,
            request_id = %request_id,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.response().status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("http.status_code", status);
        if status >= 500 {
            tracing::error!(parent: &span, status, "request failed");
        }
    }
}
