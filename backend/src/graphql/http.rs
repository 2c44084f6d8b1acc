//! GraphQL over HTTP (POST and GET at `/graphql`), WebSocket subscriptions at `/graphql/ws`,
//! GraphiQL and the SDL. Follows the GraphQL-over-HTTP conventions: `application/graphql-response+json`
//! when accepted, 400 for requests that cannot run, GET never runs a mutation. Every error in a
//! response carries `extensions.code`.

use std::sync::Arc;
use std::time::Instant;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::dataloader::DataLoader;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Request, Response, ServerError};
use async_graphql_actix_web::GraphQLSubscription;

use crate::auth::Caller;
use crate::error::{ErrorCode, coded};
use crate::graphql::limits::set_code;
use crate::graphql::loaders::ProcedureLoader;
use crate::graphql::schema::MotcuaSchema;
use crate::infra::rate_limit::Quota;
use crate::state::AppState;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// Reads the caller from `Authorization`. A present but invalid credential is an error.
pub fn caller_from_headers(state: &AppState, req: &HttpRequest) -> Result<Caller, &'static str> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let api_key = req.headers().get("x-api-key").is_some();
    match header {
        None if api_key => Err("Unknown API key."),
        None => Ok(Caller::Anonymous),
        Some(h) => {
            if let Some(token) = h.strip_prefix("Bearer ") {
                state
                    .keys
                    .verify(token.trim())
                    .ok_or("The access token is invalid or expired; refresh it or sign in again.")
            } else if h.starts_with("ApiKey ") {
                Err("Unknown API key.")
            } else {
                Err("Unsupported Authorization scheme; use `Bearer <access token>`.")
            }
        }
    }
}

/// The client address, attached to each request's data for per-address limits in resolvers.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The client address used for per-IP limits (the TCP peer; proxies are not trusted).
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

fn wants_graphql_response(req: &HttpRequest) -> bool {
    match req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    {
        // No Accept header: treat as application/json (legacy clients).
        None => false,
        Some(a) => {
            a.contains(GRAPHQL_RESPONSE)
                || (!a.contains(JSON) && (a.contains("*/*") || a.contains("application/*")))
        }
    }
}

fn error_response(
    req: &HttpRequest,
    status: actix_web::http::StatusCode,
    e: ServerError,
) -> HttpResponse {
    let ct = if wants_graphql_response(req) {
        GRAPHQL_RESPONSE
    } else {
        JSON
    };
    let body = serde_json::json!({ "errors": [e] });
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, ct))
        .body(body.to_string())
}

/// Applies the per-IP and per-account limits; `Err` is the 429 response to send.
async fn check_rate(
    state: &AppState,
    req: &HttpRequest,
    caller: &Caller,
) -> Result<(), HttpResponse> {
    let rl = &state.config.rate_limits;
    let mut checks = vec![(format!("ip:{}", client_ip(req)), rl.per_ip_per_minute)];
    if let Some(key) = caller.rate_key() {
        checks.push((key, rl.per_account_per_minute));
    }
    for (key, per_minute) in checks {
        let quota = Quota {
            capacity: per_minute,
            refill_per_sec: f64::from(per_minute) / 60.0,
        };
        let d = state.limiter.check(&key, quota, 1).await;
        if !d.allowed {
            let secs = d.retry_after.as_secs().max(1);
            let mut e = coded(ErrorCode::RateLimited, "Too many requests; slow down.");
            if let Some(ext) = e.extensions.as_mut() {
                ext.set("retryAfter", secs);
            }
            let mut resp = error_response(req, actix_web::http::StatusCode::TOO_MANY_REQUESTS, e);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Err(resp);
        }
    }
    Ok(())
}

/// Reads the body up to the configured limit; `Err` is the 413 response.
async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::BytesMut, HttpResponse> {
    use futures_util::StreamExt;
    let too_large = || {
        error_response(
            req,
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            coded(
                ErrorCode::QueryTooComplex,
                format!("The request body is larger than {limit} bytes."),
            ),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            error_response(
                req,
                actix_web::http::StatusCode::BAD_REQUEST,
                coded(
                    ErrorCode::BadUserInput,
                    "The request body could not be read.",
                ),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `POST /graphql`.
pub async fn post(
    req: HttpRequest,
    payload: web::Payload,
    schema: web::Data<MotcuaSchema>,
    state: web::Data<Arc<AppState>>,
) -> HttpResponse {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        return match receive_multipart(&req, payload, &state.config).await {
            Ok(request) => execute(req, request, &schema, &state, false).await,
            Err(resp) => resp,
        };
    }
    if !(ct.starts_with(JSON) || ct.starts_with(GRAPHQL_RESPONSE)) {
        return error_response(
            &req,
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            coded(
                ErrorCode::BadUserInput,
                "Send the request as application/json.",
            ),
        );
    }
    let body = match read_body(&req, payload, state.config.limits.body_bytes).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let request: Request = match parse_body(&body) {
        Ok(r) => r,
        Err(msg) => {
            return error_response(
                &req,
                actix_web::http::StatusCode::BAD_REQUEST,
                coded(ErrorCode::BadUserInput, msg),
            );
        }
    };
    execute(req, request, &schema, &state, false).await
}

/// Streams a GraphQL multipart request (files go to temporary files, not memory), with limits
/// on the number and size of files.
async fn receive_multipart(
    req: &HttpRequest,
    mut payload: web::Payload,
    config: &crate::config::Config,
) -> Result<Request, HttpResponse> {
    use futures_util::{StreamExt, TryStreamExt};
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let max_file =
        usize::try_from(crate::domains::dossiers::submit::MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let opts = async_graphql::http::MultipartOptions::default()
        .max_file_size(max_file)
        .max_num_files(crate::domains::dossiers::submit::MAX_FILES);
    // actix's payload is not Send; forward it through a channel the parser can own.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(16);
    let total_limit = max_file
        .saturating_mul(crate::domains::dossiers::submit::MAX_FILES)
        .saturating_add(config.limits.body_bytes);
    actix_web::rt::spawn(async move {
        let mut seen = 0usize;
        while let Some(item) = payload.next().await {
            let item = item.map_err(|e| std::io::Error::other(e.to_string()));
            if let Ok(b) = &item {
                seen += b.len();
                if seen > total_limit {
                    let _ = tx
                        .send(Err(std::io::Error::other("request too large")))
                        .await;
                    return;
                }
            }
            if tx.send(item).await.is_err() {
                return;
            }
        }
    });
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|i| (i, rx)) });
    let reader = stream.into_async_read();
    async_graphql::http::receive_body(content_type, reader, opts)
        .await
        .map_err(|e| {
            let (status, code) = match e {
                async_graphql::ParseRequestError::PayloadTooLarge => (
                    actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::BadUserInput,
                ),
                _ => (
                    actix_web::http::StatusCode::BAD_REQUEST,
                    ErrorCode::BadUserInput,
                ),
            };
            let msg = match e {
                async_graphql::ParseRequestError::PayloadTooLarge => format!(
                    "A file is larger than {} MiB, or there are more than {} files.",
                    max_file / 1024 / 1024,
                    crate::domains::dossiers::submit::MAX_FILES
                ),
                other => format!("The multipart request is malformed: {other}"),
            };
            error_response(req, status, coded(code, msg))
        })
}

fn parse_body(body: &[u8]) -> Result<Request, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("The body is not valid JSON: {e}"))?;
    match &value {
        serde_json::Value::Object(map) => {
            match map.get("query") {
                Some(serde_json::Value::String(_)) => {}
                Some(_) => return Err("`query` must be a string.".into()),
                None => return Err("The body has no `query`.".into()),
            }
            if let Some(v) = map.get("variables")
                && !(v.is_object() || v.is_null())
            {
                return Err("`variables` must be an object.".into());
            }
            if let Some(v) = map.get("operationName")
                && !(v.is_string() || v.is_null())
            {
                return Err("`operationName` must be a string.".into());
            }
        }
        serde_json::Value::Array(_) => return Err("Batched requests are not supported.".into()),
        _ => return Err("The body must be a JSON object.".into()),
    }
    serde_json::from_value(value).map_err(|e| format!("The request is malformed: {e}"))
}

/// `GET /graphql?query=…&variables=…&operationName=…` (queries only).
pub async fn get(
    req: HttpRequest,
    schema: web::Data<MotcuaSchema>,
    state: web::Data<Arc<AppState>>,
) -> HttpResponse {
    let params = match web::Query::<std::collections::HashMap<String, String>>::from_query(
        req.query_string(),
    ) {
        Ok(p) => p.into_inner(),
        Err(_) => {
            return error_response(
                &req,
                actix_web::http::StatusCode::BAD_REQUEST,
                coded(ErrorCode::BadUserInput, "The query string is malformed."),
            );
        }
    };
    let Some(query) = params.get("query") else {
        return error_response(
            &req,
            actix_web::http::StatusCode::BAD_REQUEST,
            coded(ErrorCode::BadUserInput, "Missing `query` parameter."),
        );
    };
    let mut request = Request::new(query.clone());
    if let Some(v) = params.get("variables").filter(|v| !v.is_empty()) {
        match serde_json::from_str::<serde_json::Value>(v) {
            Ok(serde_json::Value::Object(_)) | Ok(serde_json::Value::Null) => {
                let vars: async_graphql::Variables = serde_json::from_str(v).unwrap_or_default();
                request = request.variables(vars);
            }
            _ => {
                return error_response(
                    &req,
                    actix_web::http::StatusCode::BAD_REQUEST,
                    coded(
                        ErrorCode::BadUserInput,
                        "`variables` must be a JSON object.",
                    ),
                );
            }
        }
    }
    if let Some(op) = params.get("operationName").filter(|v| !v.is_empty()) {
        request = request.operation_name(op.clone());
    }
    execute(req, request, &schema, &state, true).await
}

/// Whether the selected operation of a query text is a mutation (GET must refuse it).
fn is_mutation(query: &str, operation: Option<&str>) -> bool {
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    use async_graphql::parser::types::DocumentOperations;
    match (&doc.operations, operation) {
        (DocumentOperations::Single(op), _) => op.node.ty == OperationType::Mutation,
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .get(name)
            .is_some_and(|op| op.node.ty == OperationType::Mutation),
        (DocumentOperations::Multiple(_), None) => false,
    }
}

async fn execute(
    req: HttpRequest,
    request: Request,
    schema: &MotcuaSchema,
    state: &Arc<AppState>,
    is_get: bool,
) -> HttpResponse {
    if is_get && is_mutation(&request.query, request.operation_name.as_deref()) {
        let mut resp = error_response(
            &req,
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            coded(ErrorCode::BadUserInput, "Mutations must be sent with POST."),
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return resp;
    }
    let caller = match caller_from_headers(state, &req) {
        Ok(c) => c,
        Err(msg) => {
            return error_response(
                &req,
                actix_web::http::StatusCode::UNAUTHORIZED,
                coded(ErrorCode::Unauthenticated, msg),
            );
        }
    };
    if let Err(resp) = check_rate(state, &req, &caller).await {
        return resp;
    }
    let (kind, named) = operation_label(&request.query);
    let operation = request
        .operation_name
        .clone()
        .or(named)
        .unwrap_or_else(|| "anonymous".to_string());
    let started = Instant::now();
    let request = request.data(caller).data(DataLoader::new(
        ProcedureLoader(state.clone()),
        tokio::spawn,
    ));
    let mut response = schema.execute(request).await;
    finish_errors(&mut response);
    let request_error = is_request_error(&response);
    state.metrics.observe_graphql(
        &operation,
        kind,
        if response.errors.is_empty() {
            "ok"
        } else {
            "error"
        },
        started.elapsed().as_secs_f64(),
    );
    let graphql_response = wants_graphql_response(&req);
    let status = if request_error && graphql_response {
        actix_web::http::StatusCode::BAD_REQUEST
    } else {
        actix_web::http::StatusCode::OK
    };
    let mut body = match serde_json::to_value(&response) {
        Ok(v) => v,
        Err(_) => serde_json::json!({"errors": [coded(ErrorCode::Internal, "Internal error.")]}),
    };
    if request_error && let Some(obj) = body.as_object_mut() {
        obj.remove("data");
    }
    HttpResponse::build(status)
        .insert_header((
            header::CONTENT_TYPE,
            if graphql_response {
                GRAPHQL_RESPONSE
            } else {
                JSON
            },
        ))
        .body(body.to_string())
}

/// Operation type and name for metrics, from the first keywords (cheap; no second parse).
fn operation_label(query: &str) -> (&'static str, Option<String>) {
    let mut words = query
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '(')
        .filter(|w| !w.is_empty());
    let kind = match words.next() {
        Some("mutation") => "mutation",
        Some("subscription") => "subscription",
        Some("query") => "query",
        _ => return ("query", None),
    };
    let name = words
        .next()
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_string);
    (kind, name)
}

/// Gives every error a code: errors raised outside our resolvers (argument coercion, input
/// validators) are the caller's input.
fn finish_errors(response: &mut Response) {
    for e in &mut response.errors {
        set_code(e, ErrorCode::BadUserInput);
    }
}

/// A request error is one that stopped the request before execution (no data, no paths).
fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// `GET /graphql/ws`: graphql-transport-ws. The access token comes in the `connection_init`
/// payload as `{"Authorization": "Bearer …"}` (browsers cannot set WebSocket headers).
pub async fn ws(
    req: HttpRequest,
    payload: web::Payload,
    schema: web::Data<MotcuaSchema>,
    state: web::Data<Arc<AppState>>,
) -> actix_web::Result<HttpResponse> {
    let state = state.get_ref().clone();
    let header_caller = caller_from_headers(&state, &req).unwrap_or(Caller::Anonymous);
    GraphQLSubscription::new(schema.get_ref().clone())
        .on_connection_init(move |value: serde_json::Value| async move {
            let token = value
                .get("Authorization")
                .or_else(|| value.get("authorization"))
                .and_then(|v| v.as_str())
                .and_then(|s| s.strip_prefix("Bearer "))
                .map(str::to_string);
            let caller = match token {
                Some(t) => state.keys.verify(t.trim()).ok_or_else(|| {
                    async_graphql::Error::new("The access token is invalid or expired.")
                })?,
                None => header_caller,
            };
            let mut data = Data::default();
            data.insert(caller);
            Ok(data)
        })
        .start(&req, payload)
}

/// `GET /graphiql`.
pub async fn graphiql() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            async_graphql::http::GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql/ws")
                .title("motcua GraphQL")
                .finish(),
        )
}

/// `GET /schema.graphql`.
pub async fn sdl(schema: web::Data<MotcuaSchema>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(schema.sdl())
}
