//! `spawn_app()`: the real application on port 0 with its own database, plus request helpers.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use backend::config::Config;
use backend::startup::{Application, BuildOptions};
use backend::state::AppState;
use serde_json::{Value, json};
use uuid::Uuid;

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = backend::seed::DEMO_PASSWORD;

/// Which database the suite runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres { base: String },
}

/// `MOTCUA_TEST_DATABASE_URL` (a PostgreSQL server URL) selects PostgreSQL.
pub fn backend() -> Backend {
    match std::env::var("MOTCUA_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => Backend::Postgres { base: url },
        _ => Backend::Sqlite,
    }
}

/// `MOTCUA_TEST_REDIS_URL` selects Redis.
pub fn redis_url() -> Option<String> {
    std::env::var("MOTCUA_TEST_REDIS_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Whether we run under CI (unreachable services are failures there).
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A PostgreSQL server for tests that need one regardless of the suite's backend (RLS).
/// Under CI an unreachable server fails the test; locally it returns `None` with a notice.
pub async fn postgres_server() -> Option<String> {
    let url = std::env::var("MOTCUA_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".to_string());
    let ok = tokio::time::timeout(Duration::from_secs(5), async {
        sea_orm::Database::connect(format!("{}/postgres", url.trim_end_matches('/'))).await
    })
    .await
    .is_ok_and(|r| r.is_ok());
    if ok {
        Some(url)
    } else if is_ci() {
        panic!("PostgreSQL at {url} is unreachable and CI=true: this test must not be skipped");
    } else {
        eprintln!("notice: PostgreSQL at {url} unreachable; skipping outside CI");
        None
    }
}

/// A running application and a client.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: Arc<AppState>,
    pub db_name: Option<(String, Backend)>,
    handle: actix_web::dev::ServerHandle,
    _dir: TempDir,
}

/// A temporary folder removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let p = std::env::temp_dir().join(format!("motcua-test-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Creates a fresh database and returns its URL.
pub async fn fresh_database(dir: &TempDir, on: &Backend) -> (String, Option<String>) {
    match on.clone() {
        Backend::Sqlite => (
            format!("sqlite://{}/motcua.db?mode=rwc", dir.0.display()),
            None,
        ),
        Backend::Postgres { base } => {
            let base = base.trim_end_matches('/').to_string();
            let name = format!("motcua_test_{}", Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(format!("{base}/postgres"))
                .await
                .expect("PostgreSQL (MOTCUA_TEST_DATABASE_URL) must be reachable");
            use sea_orm::ConnectionTrait;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            admin.close().await.unwrap();
            (format!("{base}/{name}"), Some(name))
        }
    }
}

/// Configuration for a test server; `extra` overrides variables.
pub fn test_config(dir: &TempDir, db_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("MOTCUA_BIND".into(), "127.0.0.1:0".into());
    env.insert("MOTCUA_DATABASE_URL".into(), db_url.into());
    env.insert("MOTCUA_DATA_DIR".into(), dir.0.display().to_string());
    env.insert(
        "MOTCUA_WEB_DIR".into(),
        dir.0.join("no-web").display().to_string(),
    );
    env.insert("MOTCUA_SHUTDOWN_TIMEOUT_SECS".into(), "1".into());
    if let Some(r) = redis_url() {
        env.insert("MOTCUA_REDIS_URL".into(), r);
    }
    // Each test app is its own deployment: its rate-limit buckets and events stay apart.
    env.insert(
        "MOTCUA_REDIS_NAMESPACE".into(),
        format!("t{}", Uuid::new_v4().simple()),
    );
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    Config::load(None, &env).unwrap()
}

/// The application with the demo data loaded.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// The application with the demo data loaded and extra configuration.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    spawn_app_on(&backend(), extra).await
}

/// The application on a given backend.
pub async fn spawn_app_on(on: &Backend, extra: &[(&str, &str)]) -> TestApp {
    init_test_logging();
    let dir = TempDir::new();
    let (db_url, db_name) = fresh_database(&dir, on).await;
    let config = test_config(&dir, &db_url, extra);
    let app = Application::build(
        config,
        BuildOptions {
            migrate: true,
            seed_if_empty: true,
        },
    )
    .await
    .expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap(),
        state,
        db_name: db_name.map(|n| (n, on.clone())),
        handle,
        _dir: dir,
    }
}

fn init_test_logging() {
    let spec = std::env::var("TEST_LOG").unwrap_or_else(|_| "off".into());
    let _ = backend::telemetry::init(&spec, backend::config::LogFormat::Text, std::io::stderr);
}

/// A GraphQL response: status, body.
pub struct Gql {
    pub status: u16,
    pub body: Value,
}

impl Gql {
    /// `data` at a path like `login.accessToken`.
    pub fn data(&self, path: &str) -> &Value {
        let mut v = &self.body["data"];
        for part in path.split('.') {
            v = &v[part];
        }
        v
    }

    /// The first error's code, if any.
    pub fn code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }

    /// Panics with the body unless there are no errors.
    pub fn ok(self) -> Self {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        self
    }
}

impl TestApp {
    /// POSTs a GraphQL request.
    pub async fn graphql(&self, query: &str, variables: Value) -> Gql {
        self.graphql_as(None, query, variables).await
    }

    /// POSTs a GraphQL request with an access token.
    pub async fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Gql {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap();
        Gql { status, body }
    }

    /// Signs in and returns (access token, refresh token).
    pub async fn login(&self, email: &str, password: &str) -> (String, String) {
        let r = self
            .graphql(
                "mutation($i: String!, $p: String!) { login(identifier: $i, password: $p) { accessToken refreshToken } }",
                json!({ "i": email, "p": password }),
            )
            .await
            .ok();
        (
            r.data("login.accessToken").as_str().unwrap().to_string(),
            r.data("login.refreshToken").as_str().unwrap().to_string(),
        )
    }

    /// Access token of a demo staff member: role slug (`tiepnhan`, `chuyenvien`, `lanhdao`,
    /// `quantri`, `tinh`) and tenant code.
    pub async fn staff_of(&self, role_slug: &str, tenant_code: &str) -> String {
        let email = format!(
            "{role_slug}.{}@demo.motcua.vn",
            tenant_code.to_ascii_lowercase()
        );
        self.login(&email, DEMO_PASSWORD).await.0
    }

    /// The server's data directory.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.0.clone()
    }

    /// A URL on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Stops the server and drops the test database.
    pub async fn stop(self) {
        self.handle.stop(true).await;
        if let Some((name, Backend::Postgres { base })) = &self.db_name
            && let Ok(admin) =
                sea_orm::Database::connect(format!("{}/postgres", base.trim_end_matches('/'))).await
        {
            use sea_orm::ConnectionTrait;
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}
