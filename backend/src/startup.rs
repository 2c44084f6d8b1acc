//! Builds the application the same way for `motcua serve` and for tests: pool, migrations,
//! Redis or fallbacks, tenant tree, demo data on an empty database, schema, HTTP server bound
//! to the configured address (port 0 picks a free port; the real address is logged).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::auth::password;
use crate::auth::tokens::{TokenKeys, load_or_create_key, load_or_create_secret};
use crate::config::Config;
use crate::domains::procedures::calendar::CalendarStore;
use crate::domains::tenants::service::TenantDirectory;
use crate::graphql::http as gql;
use crate::graphql::schema::{self, MotcuaSchema};
use crate::http::{health, receipts, record_metrics, web_bundle};
use crate::infra::event_bus::EventBus;
use crate::infra::file_store::FileStore;
use crate::infra::metrics::Metrics;
use crate::infra::rate_limit::RateLimiter;
use crate::infra::redis_conn::RedisHandle;
use crate::state::AppState;
use crate::{db, seed};

/// A built application, ready to run.
pub struct Application {
    port: u16,
    address: String,
    server: Server,
    state: Arc<AppState>,
    worker: tokio::task::JoinHandle<()>,
}

/// Options that differ between `serve` and tests.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// Apply pending migrations first.
    pub migrate: bool,
    /// Load the demo data set when the database has no tenants.
    pub seed_if_empty: bool,
}

impl Application {
    /// Builds everything and binds the listener.
    pub async fn build(config: Config, opts: BuildOptions) -> anyhow::Result<Application> {
        let state = build_state(config, opts).await?;
        let listener = TcpListener::bind(&state.config.bind).map_err(|e| {
            anyhow::anyhow!("MOTCUA_BIND: cannot listen on {}: {e}", state.config.bind)
        })?;
        let local = listener.local_addr()?;
        let address = state.config.public_url_or(local);
        let schema = schema::build(Some(state.clone()), &state.config.limits, state.config.mode);
        let server = server(listener, state.clone(), schema)?;
        let worker = crate::domains::notifications::service::spawn_worker(
            state.clone(),
            Duration::from_secs(2),
        );
        tracing::info!(address = %local, public_url = %address, "motcua is listening");
        Ok(Application {
            port: local.port(),
            address,
            server,
            state,
            worker,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The public base URL.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Shared state (tests use it to drive background work).
    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT (or the handle stops it), lets in-flight requests finish,
    /// then closes the pools.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let state = self.state.clone();
        self.server.await?;
        self.worker.abort();
        tracing::info!("HTTP server stopped; closing pools");
        state.bus.shutdown().await;
        state.db.clone().close().await?;
        Ok(())
    }
}

/// Opens the pool, runs migrations (if asked), loads the tenant tree, seeds (if asked) and
/// prepares keys, limiter, bus and metrics.
pub async fn build_state(config: Config, opts: BuildOptions) -> anyhow::Result<Arc<AppState>> {
    if opts.migrate {
        db::migrate(&config).await.map_err(|e| {
            anyhow::anyhow!("MOTCUA_DATABASE_URL: migrations failed: {}", one_line(&e))
        })?;
    }
    let pool = db::connect_app(&config)
        .await
        .map_err(|e| anyhow::anyhow!("MOTCUA_DATABASE_URL: cannot connect: {}", one_line(&e)))?;
    let redis = match &config.redis_url {
        Some(url) => Some(
            RedisHandle::connect_lazy(url.expose())
                .map_err(|e| anyhow::anyhow!("MOTCUA_REDIS_URL: {e}"))?,
        ),
        None => None,
    };
    let (limiter, bus) = match &redis {
        Some(r) => (
            RateLimiter::with_redis(r.clone()).with_namespace(&config.redis_namespace),
            EventBus::with_redis(r.clone(), &format!("{}:events", config.redis_namespace)),
        ),
        None => (RateLimiter::in_process(), EventBus::new_in_process()),
    };
    let secret = match &config.jwt_secret {
        Some(s) => s.expose().as_bytes().to_vec(),
        None => load_or_create_secret(&config.data_dir).map_err(|e| {
            anyhow::anyhow!("MOTCUA_DATA_DIR: cannot keep the signing key there: {e}")
        })?,
    };
    let keys = TokenKeys::new(&secret, config.access_token_ttl_secs);
    let dummy_hash = password::hash(crate::auth::tokens::random_secret(24)).await?;
    let tenants = TenantDirectory::load(&pool).await?;
    let payment_providers = crate::domains::payments::webhook::PaymentProviders::load(
        &config.data_dir,
        &config.payment_providers,
    )
    .map_err(|e| anyhow::anyhow!("MOTCUA_DATA_DIR: cannot keep the webhook secrets there: {e}"))?;
    let calendar = CalendarStore::load(&pool).await?;
    let tracking_key = load_or_create_key(&config.data_dir, "tracking.key")
        .map_err(|e| anyhow::anyhow!("MOTCUA_DATA_DIR: cannot keep the tracking key there: {e}"))?;
    let files = FileStore::new(config.data_dir.join("files"));
    let state = Arc::new(AppState {
        config,
        db: pool,
        tenants,
        keys,
        limiter,
        bus,
        metrics: Arc::new(Metrics::new()),
        redis,
        calendar,
        files,
        tracking_key,
        payment_providers,
        dummy_hash,
    });
    if opts.seed_if_empty && state.tenants.is_empty() {
        tracing::info!("empty database: loading the demo data set");
        let report = seed::demo(&state).await?;
        state.calendar.reload(&state.db).await?;
        print_demo_accounts(&report);
    }
    Ok(state)
}

/// Prints the demo accounts once, on the start that created them.
pub fn print_demo_accounts(report: &seed::SeedReport) {
    tracing::info!(
        tenants = report.tenants,
        procedures = report.procedures,
        dossiers = report.dossiers,
        "demo data loaded"
    );
    if report.accounts.is_empty() {
        return;
    }
    let mut text = format!(
        "\nDemo accounts (password for all: {}):\n",
        seed::DEMO_PASSWORD
    );
    for (email, role, name) in &report.accounts {
        text.push_str(&format!("  {email:<45} {:<18} {name}\n", role.as_str()));
    }
    // Printed (not logged) so it reaches the person who started the server even with JSON logs.
    eprintln!("{text}");
}

fn one_line(e: &impl std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

fn server(
    listener: TcpListener,
    state: Arc<AppState>,
    schema: MotcuaSchema,
) -> anyhow::Result<Server> {
    let web_dir = state.config.web_dir.clone();
    let shutdown = state.config.shutdown_timeout_secs;
    let state_data = web::Data::new(state);
    let schema_data = web::Data::new(schema);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(record_metrics))
            .wrap(Compress::default())
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
            .app_data(state_data.clone())
            .app_data(schema_data.clone())
            .route("/graphql", web::post().to(gql::post))
            .route("/graphql", web::get().to(gql::get))
            .route("/graphql/ws", web::get().to(gql::ws))
            .route("/graphiql", web::get().to(gql::graphiql))
            .route("/schema.graphql", web::get().to(gql::sdl))
            .route("/receipts/{code}", web::get().to(receipts::receipt))
            .route(
                "/procedures/{code}/qr.svg",
                web::get().to(receipts::procedure_qr),
            )
            .route("/health/live", web::get().to(health::live))
            .route("/health/ready", web::get().to(health::ready))
            .route("/metrics", web::get().to(health::metrics))
            .route(
                "/payments/webhook/{provider}",
                web::post().to(crate::domains::payments::webhook::receive),
            )
            .configure(|cfg| web_bundle::configure(cfg, &web_dir))
    })
    .shutdown_timeout(shutdown)
    .client_request_timeout(Duration::from_secs(30))
    .listen(listener)?
    .run();
    Ok(server)
}
