//! `/health/live`, `/health/ready` and `/metrics`.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::db;
use crate::state::AppState;

/// `GET /health/live`: the process serves.
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /health/ready`: 200 when the database answers (Redis down is `degraded`, still 200,
/// since the in-process fallbacks serve); 503 with the reason when the database does not.
pub async fn ready(state: web::Data<Arc<AppState>>) -> HttpResponse {
    let database = match db::ping(&state.db).await {
        Ok(()) => json!({ "status": "up" }),
        Err(reason) => json!({ "status": "down", "reason": reason }),
    };
    let db_up = database["status"] == "up";
    let redis = match &state.redis {
        None => json!({ "status": "not_configured" }),
        Some(r) => match r.ping().await {
            Ok(()) => json!({ "status": "up" }),
            Err(_) => {
                json!({ "status": "degraded", "reason": "unreachable; using in-process fallbacks" })
            }
        },
    };
    let redis_up = redis["status"] != "degraded";
    let status = match (db_up, redis_up) {
        (false, _) => "unavailable",
        (true, false) => "degraded",
        (true, true) => "ok",
    };
    let body = json!({ "status": status, "database": database, "redis": redis });
    if db_up {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics(state: web::Data<Arc<AppState>>) -> HttpResponse {
    let (size, idle, max) = db::pool_stats(&state.db, state.config.database_max_connections);
    let m = &state.metrics;
    m.set_gauge(
        "motcua_db_pool_connections",
        "Open database connections.",
        &[],
        f64::from(size),
    );
    m.set_gauge(
        "motcua_db_pool_idle",
        "Idle database connections.",
        &[],
        f64::from(idle),
    );
    m.set_gauge(
        "motcua_db_pool_max",
        "Maximum database connections.",
        &[],
        f64::from(max),
    );
    m.set_gauge(
        "motcua_redis_up",
        "1 when Redis is configured and healthy.",
        &[],
        if state.redis.as_ref().is_some_and(|r| r.is_healthy()) {
            1.0
        } else {
            0.0
        },
    );
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(m.render())
}
