//! The `motcua` command line: serve, migrate, seed, import, user management.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use backend::auth::Role;
use backend::config::Config;
use backend::domains::accounts::service::{self as accounts, NewStaff};
use backend::domains::imports::service::{self as imports, ImportOptions, ImportProgress};
use backend::startup::{Application, BuildOptions, build_state, print_demo_accounts};
use backend::state::AppState;
use backend::{db, seed, telemetry};
use clap::{Parser, Subcommand};

/// motcua — one-stop administrative procedures for Vietnamese communes, wards and provinces.
#[derive(Parser)]
#[command(name = "motcua", version, about, long_about = None)]
struct Cli {
    /// Configuration file (TOML); `MOTCUA_*` environment variables override it.
    #[arg(long, global = true, env = "MOTCUA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run migrations, then serve HTTP (the default). An empty database gets the demo data.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Load data sets.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// Bulk imports.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        what: UserWhat,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Check every tenant's hash chain: exit 0 with "ok N entries", or exit 1 naming the first
    /// broken entry of each tenant whose chain was edited or has a deleted entry.
    Verify,
}

#[derive(Subcommand)]
enum SeedWhat {
    /// The demo data set (idempotent).
    Demo,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Historical dossiers from a CSV file (CONTRACT.md "Import format").
    Dossiers {
        /// Receiving tenant code.
        #[arg(long)]
        tenant: String,
        /// Keep rows whose code already exists instead of failing.
        #[arg(long)]
        skip_existing: bool,
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserWhat {
    /// Create a staff or admin account; the password is read from standard input.
    Create {
        /// Email address (the login).
        #[arg(long)]
        email: String,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// reception_officer | specialist | leader | tenant_admin | province_admin
        #[arg(long)]
        role: String,
        /// Tenant code (a province code for province_admin).
        #[arg(long)]
        tenant: Option<String>,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let config = match Config::load(cli.config.as_deref(), &env) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("motcua: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = telemetry::init(&config.log, config.log_format, std::io::stderr) {
        eprintln!("motcua: configuration error: {e}");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("motcua: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("motcua: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve => {
            let seed = config.seed_demo_on_empty;
            let app = Application::build(
                config,
                BuildOptions {
                    migrate: true,
                    seed_if_empty: seed,
                },
            )
            .await?;
            eprintln!("motcua: serving on {} (Ctrl-C to stop)", app.address());
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            db::migrate(&config).await.map_err(|e| {
                anyhow::anyhow!(
                    "MOTCUA_DATABASE_URL: migrations failed: {}",
                    e.to_string().lines().next().unwrap_or_default()
                )
            })?;
            eprintln!("motcua: migrations applied");
        }
        Command::Seed {
            what: SeedWhat::Demo,
        } => {
            let state = build_state(
                config,
                BuildOptions {
                    migrate: true,
                    seed_if_empty: false,
                },
            )
            .await?;
            let report = seed::demo(&state).await?;
            state.calendar.reload(&state.db).await?;
            print_demo_accounts(&report);
            eprintln!(
                "motcua: demo data: {} tenants, {} procedures, {} accounts, {} dossiers created",
                report.tenants,
                report.procedures,
                report.accounts.len(),
                report.dossiers
            );
        }
        Command::Import {
            what:
                ImportWhat::Dossiers {
                    tenant,
                    file,
                    skip_existing,
                },
        } => {
            let state = build_state(
                config,
                BuildOptions {
                    migrate: true,
                    seed_if_empty: false,
                },
            )
            .await?;
            return import_dossiers(&state, &tenant, &file, skip_existing).await;
        }
        Command::User {
            what:
                UserWhat::Create {
                    email,
                    password_stdin,
                    role,
                    tenant,
                    name,
                },
        } => {
            let role: Role = match role.parse() {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("motcua: --role: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            if !password_stdin {
                eprintln!("motcua: give --password-stdin and type the password on standard input");
                return Ok(ExitCode::from(2));
            }
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let state = build_state(
                config,
                BuildOptions {
                    migrate: true,
                    seed_if_empty: false,
                },
            )
            .await?;
            match accounts::create_staff(
                &state,
                NewStaff {
                    email,
                    password,
                    role,
                    tenant_code: tenant,
                    full_name: name,
                },
            )
            .await
            {
                Ok(user) => {
                    eprintln!(
                        "motcua: created {} ({}) id {}",
                        user.email.unwrap_or_default(),
                        user.role,
                        user.id
                    );
                }
                Err(e) => {
                    eprintln!("motcua: {}", e.public_message());
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::Audit {
            what: AuditWhat::Verify,
        } => {
            let state = build_state(
                config,
                BuildOptions {
                    migrate: false,
                    seed_if_empty: false,
                },
            )
            .await?;
            let report = backend::domains::workflow::audit::verify_all(&state).await?;
            if !report.broken.is_empty() {
                for b in &report.broken {
                    println!("broken: {b}");
                }
                eprintln!(
                    "motcua: the audit log of {} tenant(s) was altered",
                    report.broken.len()
                );
                return Ok(ExitCode::from(1));
            }
            println!("ok {} entries", report.entries);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `motcua import dossiers`: streams the file through the importer with a progress display
/// on standard error, then prints the counts or (exit 1) the first bad lines.
async fn import_dossiers(
    state: &AppState,
    tenant_code: &str,
    file: &Path,
    skip_existing: bool,
) -> anyhow::Result<ExitCode> {
    let Some(tenant) = state.tenants.by_code(tenant_code) else {
        eprintln!("motcua: --tenant: no unit has the code `{tenant_code}`; nothing was imported");
        return Ok(ExitCode::from(1));
    };
    let input = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "motcua: cannot read {}: {e}; nothing was imported",
                file.display()
            );
            return Ok(ExitCode::from(1));
        }
    };
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    let progress = Arc::new(ImportProgress::default());
    let rows = imports::spawn_parser(std::io::BufReader::new(input), progress.clone());
    let ticker = tokio::spawn(show_progress(progress.clone(), size, started));
    let opts = ImportOptions {
        skip_existing,
        actor: None,
    };
    let result = imports::import(state, &tenant, &opts, rows, &progress).await;
    ticker.abort();
    let _ = ticker.await;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("motcua: {}; nothing was imported", e.public_message());
            return Ok(ExitCode::from(1));
        }
    };
    let secs = started.elapsed().as_secs_f64();
    if report.error_count > 0 {
        eprintln!(
            "motcua: {} problem(s) in {}; nothing was imported:",
            report.error_count,
            file.display()
        );
        for e in report.errors.iter().take(SHOWN_PROBLEMS) {
            eprintln!("  line {}: {}", e.line, e.message);
        }
        if report.error_count > SHOWN_PROBLEMS as u64 {
            eprintln!(
                "  … and {} more",
                report.error_count - SHOWN_PROBLEMS as u64
            );
        }
        return Ok(ExitCode::from(1));
    }
    let rate = if secs > 0.0 {
        (report.imported + report.skipped) as f64 / secs
    } else {
        0.0
    };
    eprintln!(
        "motcua: imported {} dossiers into {}, skipped {} existing, in {secs:.1} s ({rate:.0} rows/s)",
        report.imported, tenant.code, report.skipped
    );
    Ok(ExitCode::SUCCESS)
}

/// Bad lines printed by the CLI (the report keeps more).
const SHOWN_PROBLEMS: usize = 50;

/// A `\r`-redrawn bar when standard error is a terminal; a plain line every few seconds
/// otherwise (logs, CI). Runs until aborted.
async fn show_progress(progress: Arc<ImportProgress>, size: u64, started: Instant) {
    let tty = std::io::stderr().is_terminal();
    let every = if tty {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(5)
    };
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        let bytes = progress.bytes_read.load(Ordering::Relaxed);
        let read = progress.rows_read.load(Ordering::Relaxed);
        let checked = progress.rows_checked.load(Ordering::Relaxed);
        let pct = (bytes.min(size) * 100).checked_div(size).unwrap_or(0) as usize;
        let secs = started.elapsed().as_secs();
        if tty {
            let filled = pct / 5;
            let bar = format!("{}{}", "#".repeat(filled), ".".repeat(20 - filled.min(20)));
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r[{bar}] {pct:>3}%  {read} rows read, {checked} checked  {secs} s "
            );
            let _ = err.flush();
        } else {
            eprintln!(
                "motcua: import: {pct}% read, {read} rows read, {checked} checked ({secs} s)"
            );
        }
    }
}
