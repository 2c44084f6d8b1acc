//! Health, readiness (database down → 503; Redis down → degraded, still 200) and metrics.

use crate::helpers::{Backend, postgres_server, spawn_app, spawn_app_on, spawn_app_with};

#[tokio::test]
async fn liveness_and_readiness_answer_ok() {
    let app = spawn_app().await;
    let live = app
        .client
        .get(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let v: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(v["database"]["status"], "up");
    app.stop().await;
}

#[tokio::test]
async fn readiness_reports_degraded_but_200_when_redis_is_configured_but_down() {
    let app = spawn_app_with(&[("MOTCUA_REDIS_URL", "redis://127.0.0.1:1")]).await;
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let v: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(v["status"], "degraded");
    assert_eq!(v["redis"]["status"], "degraded");
    // The service keeps serving on its fallbacks.
    let r = app
        .graphql("{ tenants { code } }", serde_json::json!({}))
        .await
        .ok();
    assert!(!r.data("tenants").as_array().unwrap().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn readiness_goes_503_when_the_database_is_gone() {
    let Some(base) = postgres_server().await else {
        return;
    };
    let app = spawn_app_on(&Backend::Postgres { base: base.clone() }, &[]).await;
    let (name, _) = app.db_name.clone().unwrap();
    let admin = sea_orm::Database::connect(format!("{}/postgres", base.trim_end_matches('/')))
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .await
        .unwrap();
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let v: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(v["database"]["status"], "down");
    assert!(v["database"]["reason"].is_string());
    // Requests fail with a coded error, never a leak of SQL or paths.
    let r = app.graphql("{ me { id } }", serde_json::json!({})).await;
    assert!(r.code().is_some());
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_requests_by_operation_and_show_the_pool() {
    let app = spawn_app().await;
    app.graphql("query Units { tenants { code } }", serde_json::json!({}))
        .await
        .ok();
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("motcua_graphql_operations_total{"), "{text}");
    assert!(text.contains("operation=\"Units\""), "{text}");
    assert!(text.contains("motcua_graphql_operation_duration_seconds_bucket"));
    assert!(text.contains("motcua_http_requests_total{"));
    assert!(text.contains("motcua_db_pool_max"));
    app.stop().await;
}
