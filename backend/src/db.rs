//! Database connections: SQLite (embedded default) or PostgreSQL, migrations, and the pool the
//! application uses. On PostgreSQL every pooled connection switches to the application role, so
//! row-level security applies to all application queries.

use std::path::Path;
use std::time::Duration;

use migrations::{APP_ROLE, Migrator, MigratorTrait};
use sea_orm::sqlx;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

use crate::config::Config;

/// Opens a connection pool without switching roles (for migrations and maintenance).
pub async fn connect_owner(config: &Config, max: u32) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(config, max, None)?).await
}

/// Opens the application pool. On PostgreSQL each connection runs `SET ROLE` to the
/// configured application role (a role that neither owns the tables nor bypasses RLS).
pub async fn connect_app(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let role = (!config.database_app_role.is_empty()).then(|| config.database_app_role.clone());
    Database::connect(options(config, config.database_max_connections, role)?).await
}

fn options(config: &Config, max: u32, role: Option<String>) -> Result<ConnectOptions, DbErr> {
    let url = config.database_url.expose().to_string();
    if url.starts_with("sqlite:") {
        ensure_sqlite_dir(&url)?;
    }
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(max)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .idle_timeout(Duration::from_secs(300))
        .sqlx_logging(false);
    opts.map_sqlx_sqlite_opts(|o| {
        o.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(30))
            .foreign_keys(true)
    });
    if let Some(role) = role {
        opts.map_sqlx_postgres_pool_opts(move |pool| {
            let role = role.clone();
            pool.after_connect(move |conn, _meta| {
                let sql = format!("SET ROLE {role}");
                Box::pin(async move {
                    sqlx::Executor::execute(&mut *conn, sqlx::AssertSqlSafe(sql)).await?;
                    Ok(())
                })
            })
        });
    }
    Ok(opts)
}

/// SQLite creates the file but not its folder.
fn ensure_sqlite_dir(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(());
    }
    if let Some(parent) = Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    Ok(())
}

/// Applies pending migrations with the owner connection.
pub async fn migrate(config: &Config) -> Result<(), DbErr> {
    let owner = connect_owner(config, 1).await?;
    Migrator::up(&owner, None).await?;
    owner.close().await
}

/// Answers whether the database responds, within a deadline.
pub async fn ping(db: &DatabaseConnection) -> Result<(), String> {
    match tokio::time::timeout(Duration::from_secs(2), db.execute_unprepared("SELECT 1")).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(short_db_error(&e)),
        Err(_) => Err("no answer within 2 s".to_string()),
    }
}

/// A one-line description of a connection-level error with no SQL text in it.
fn short_db_error(e: &DbErr) -> String {
    match e {
        DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => "cannot connect".to_string(),
        _ => "query failed".to_string(),
    }
}

/// Pool gauges for `/metrics`: (size, idle, max).
pub fn pool_stats(db: &DatabaseConnection, max: u32) -> (u32, u32, u32) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                u32::try_from(pool.num_idle()).unwrap_or(0),
                max,
            )
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                u32::try_from(pool.num_idle()).unwrap_or(0),
                max,
            )
        }
        _ => (0, 0, max),
    }
}

/// The application role name used by migrations (re-exported for tests and docs).
pub const MIGRATION_APP_ROLE: &str = APP_ROLE;
