//! The `motcua` command line: serve, migrate, seed, import, user management.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use backend::auth::Role;
use backend::config::Config;
use backend::domains::accounts::service::{self as accounts, NewStaff};
use backend::startup::{Application, BuildOptions, build_state, print_demo_accounts};
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
            let _ = (tenant, file, skip_existing);
            eprintln!(
                "motcua: `import dossiers` is not available in this build yet (it lands with the \
                 province-oversight work); nothing was imported."
            );
            return Ok(ExitCode::from(3));
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
