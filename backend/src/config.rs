//! Configuration: built-in defaults, then a TOML file (`--config` / `MOTCUA_CONFIG`), then
//! `MOTCUA_*` environment variables. Read once at start-up and passed down; nothing else reads
//! the environment.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A secret value: its `Debug`/`Display` never print the content.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret string.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Whether the server runs for development (friendlier errors) or production.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// GraphQL field suggestions on.
    Development,
    /// Field suggestions off.
    Production,
}

/// Limits applied to every GraphQL request before execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryLimits {
    /// Maximum selection depth.
    pub depth: usize,
    /// Maximum complexity (each field costs 1, lists multiply by `first`).
    pub complexity: usize,
    /// Maximum number of aliased fields in one document.
    pub aliases: usize,
    /// Maximum number of lexical tokens in the query text.
    pub tokens: usize,
    /// Maximum HTTP request body in bytes.
    pub body_bytes: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        Self {
            depth: 15,
            complexity: 5_000,
            aliases: 30,
            tokens: 10_000,
            body_bytes: 1024 * 1024,
        }
    }
}

/// Request-rate limits (token buckets: burst capacity and sustained rate per minute).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Requests per minute per client address.
    pub per_ip_per_minute: u32,
    /// Requests per minute per signed-in account.
    pub per_account_per_minute: u32,
    /// Failed logins per identifier before backoff applies.
    pub login_failures: u32,
    /// Wrong tracking secrets per minute per client address (CONTRACT: 10).
    pub tracking_failures_per_minute: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_ip_per_minute: 1_200,
            per_account_per_minute: 600,
            login_failures: 5,
            tracking_failures_per_minute: 10,
        }
    }
}

/// The whole configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Listen address (`MOTCUA_BIND`).
    pub bind: String,
    /// Database URL (`MOTCUA_DATABASE_URL`).
    pub database_url: Secret,
    /// Role the app switches to on PostgreSQL so row-level security applies (empty: none).
    pub database_app_role: String,
    /// Maximum database pool size.
    pub database_max_connections: u32,
    /// Redis URL (`MOTCUA_REDIS_URL`); `None` means in-process fallbacks.
    pub redis_url: Option<Secret>,
    /// Prefix of every Redis key and channel, so deployments sharing a Redis keep apart.
    pub redis_namespace: String,
    /// Data directory for uploads, keys and the SQLite file.
    pub data_dir: PathBuf,
    /// Base URL printed in links and QR codes.
    pub public_url: Option<String>,
    /// `tracing` filter.
    pub log: String,
    /// Log line format.
    pub log_format: LogFormat,
    /// Folder of the web bundle served at `/`.
    pub web_dir: PathBuf,
    /// JWT signing key; generated into the data dir when absent.
    pub jwt_secret: Option<Secret>,
    /// Access-token lifetime in seconds (at most 15 minutes).
    pub access_token_ttl_secs: u64,
    /// Refresh-token lifetime in seconds.
    pub refresh_token_ttl_secs: u64,
    /// Development or production.
    pub mode: Mode,
    /// GraphQL limits.
    pub limits: QueryLimits,
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// Load the demo data set when the database is empty on `serve`.
    pub seed_demo_on_empty: bool,
    /// Seconds to let in-flight requests finish on shutdown.
    pub shutdown_timeout_secs: u64,
    /// Payment providers whose webhooks are accepted besides `dev` (`MOTCUA_PAYMENT_PROVIDERS`).
    pub payment_providers: Vec<String>,
    /// Allow `simulatePayment` through the `dev` provider (`MOTCUA_DEV_PAYMENTS`).
    pub dev_payments: bool,
}

/// A configuration problem, named after the variable that caused it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value could not be used.
    #[error("{name}: {problem}")]
    Invalid {
        /// Variable (or TOML key) name.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The TOML file could not be read or parsed.
    #[error("config file {path}: {problem}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        problem: String,
    },
}

fn invalid(name: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name: name.to_string(),
        problem: problem.into(),
    }
}

/// Every setting and its TOML key; the env name is `MOTCUA_` + the upper-cased key.
const KEYS: &[&str] = &[
    "bind",
    "database_url",
    "database_app_role",
    "database_max_connections",
    "redis_url",
    "redis_namespace",
    "data_dir",
    "public_url",
    "log",
    "log_format",
    "web_dir",
    "jwt_secret",
    "access_token_ttl_secs",
    "refresh_token_ttl_secs",
    "mode",
    "max_depth",
    "max_complexity",
    "max_aliases",
    "max_tokens",
    "max_body_bytes",
    "rate_limit_per_ip_per_minute",
    "rate_limit_per_account_per_minute",
    "rate_limit_login_failures",
    "rate_limit_tracking_failures_per_minute",
    "seed_demo_on_empty",
    "shutdown_timeout_secs",
    "payment_providers",
    "dev_payments",
];

#[derive(Deserialize)]
#[serde(transparent)]
struct TomlTable(BTreeMap<String, toml::Value>);

impl Config {
    /// Loads the configuration from an optional file and the given environment.
    /// `env` is passed in (not read here) so tests can vary it.
    pub fn load(
        file: Option<&Path>,
        env: &BTreeMap<String, String>,
    ) -> Result<Config, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| env.get("MOTCUA_CONFIG").map(PathBuf::from));
        let mut values: BTreeMap<String, (String, String)> = BTreeMap::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
                path: path.display().to_string(),
                problem: e.to_string(),
            })?;
            let table: TomlTable = toml::from_str(&text).map_err(|e| ConfigError::File {
                path: path.display().to_string(),
                problem: e.message().to_string(),
            })?;
            for (key, value) in table.0 {
                if !KEYS.contains(&key.as_str()) {
                    return Err(ConfigError::File {
                        path: path.display().to_string(),
                        problem: format!("unknown key `{key}`"),
                    });
                }
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    _ => {
                        return Err(ConfigError::File {
                            path: path.display().to_string(),
                            problem: format!("`{key}` must be a string, number or boolean"),
                        });
                    }
                };
                values.insert(key.clone(), (key, text));
            }
        }
        for (name, value) in env {
            if let Some(key) = name.strip_prefix("MOTCUA_") {
                let key = key.to_ascii_lowercase();
                if KEYS.contains(&key.as_str()) {
                    values.insert(key, (name.clone(), value.clone()));
                }
            }
        }
        let get = |key: &str| values.get(key).map(|(n, v)| (n.as_str(), v.as_str()));
        Self::from_values(&get)
    }

    fn from_values<'a>(
        get: &dyn Fn(&str) -> Option<(&'a str, &'a str)>,
    ) -> Result<Config, ConfigError> {
        let string = |key: &str, default: &str| -> String {
            get(key)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| default.to_string())
        };
        let number = |key: &str, default: u64, min: u64, max: u64| -> Result<u64, ConfigError> {
            match get(key) {
                None => Ok(default),
                Some((name, v)) => {
                    let n: u64 = v
                        .trim()
                        .parse()
                        .map_err(|_| invalid(name, format!("`{v}` is not a whole number")))?;
                    if n < min || n > max {
                        return Err(invalid(name, format!("{n} is outside {min}..={max}")));
                    }
                    Ok(n)
                }
            }
        };
        let boolean = |key: &str, default: bool| -> Result<bool, ConfigError> {
            match get(key) {
                None => Ok(default),
                Some((name, v)) => match v.trim() {
                    "true" | "1" | "yes" | "on" => Ok(true),
                    "false" | "0" | "no" | "off" => Ok(false),
                    other => Err(invalid(name, format!("`{other}` is not true or false"))),
                },
            }
        };
        let name_of = |key: &str| {
            get(key)
                .map(|(n, _)| n.to_string())
                .unwrap_or_else(|| format!("MOTCUA_{}", key.to_ascii_uppercase()))
        };

        let bind = string("bind", "127.0.0.1:8080");
        let bind = normalise_bind(&bind).map_err(|p| invalid(&name_of("bind"), p))?;

        let data_dir = PathBuf::from(string("data_dir", "./data"));
        if data_dir.as_os_str().is_empty() {
            return Err(invalid(&name_of("data_dir"), "must not be empty"));
        }
        let database_url = match get("database_url") {
            Some((name, v)) => {
                let v = v.trim();
                if !(v.starts_with("sqlite:")
                    || v.starts_with("postgres://")
                    || v.starts_with("postgresql://"))
                {
                    return Err(invalid(
                        name,
                        "must start with sqlite:, postgres:// or postgresql://",
                    ));
                }
                v.to_string()
            }
            None => format!("sqlite://{}/motcua.db?mode=rwc", data_dir.display()),
        };
        let redis_url = match get("redis_url") {
            Some((_, v)) if v.trim().is_empty() => None,
            Some((name, v)) => {
                let v = v.trim();
                if !(v.starts_with("redis://") || v.starts_with("rediss://")) {
                    return Err(invalid(name, "must start with redis:// or rediss://"));
                }
                Some(Secret::new(v))
            }
            None => None,
        };
        let public_url = match get("public_url") {
            Some((name, v)) => {
                let v = v.trim().trim_end_matches('/');
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(invalid(name, "must start with http:// or https://"));
                }
                Some(v.to_string())
            }
            None => None,
        };
        let log_format = match get("log_format") {
            None => LogFormat::Text,
            Some((name, v)) => match v.trim() {
                "text" | "" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => return Err(invalid(name, format!("`{other}` is not text or json"))),
            },
        };
        let mode = match get("mode") {
            None => Mode::Production,
            Some((name, v)) => match v.trim() {
                "production" => Mode::Production,
                "development" => Mode::Development,
                other => {
                    return Err(invalid(
                        name,
                        format!("`{other}` is not production or development"),
                    ));
                }
            },
        };
        let jwt_secret = match get("jwt_secret") {
            Some((name, v)) => {
                if v.len() < 32 {
                    return Err(invalid(name, "must be at least 32 characters"));
                }
                Some(Secret::new(v))
            }
            None => None,
        };
        let app_role = string("database_app_role", "motcua_app");
        if !app_role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(invalid(
                &name_of("database_app_role"),
                "only lowercase letters, digits and _ are allowed",
            ));
        }
        let usize_of = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let u32_of = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(Config {
            bind,
            database_url: Secret::new(database_url),
            database_app_role: app_role,
            database_max_connections: u32_of(number("database_max_connections", 10, 1, 1000)?),
            redis_url,
            redis_namespace: {
                let ns = string("redis_namespace", "motcua");
                if ns.is_empty()
                    || !ns
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(invalid(
                        &name_of("redis_namespace"),
                        "use letters, digits, _ and - only",
                    ));
                }
                ns
            },
            data_dir,
            public_url,
            log: string("log", "info"),
            log_format,
            web_dir: PathBuf::from(string("web_dir", "frontend/dist")),
            jwt_secret,
            access_token_ttl_secs: number("access_token_ttl_secs", 900, 10, 900)?,
            refresh_token_ttl_secs: number(
                "refresh_token_ttl_secs",
                30 * 86_400,
                60,
                365 * 86_400,
            )?,
            mode,
            limits: QueryLimits {
                depth: usize_of(number("max_depth", 15, 2, 1000)?),
                complexity: usize_of(number("max_complexity", 5_000, 10, 10_000_000)?),
                aliases: usize_of(number("max_aliases", 30, 0, 100_000)?),
                tokens: usize_of(number("max_tokens", 10_000, 10, 10_000_000)?),
                body_bytes: usize_of(number("max_body_bytes", 1024 * 1024, 1024, 1 << 30)?),
            },
            rate_limits: RateLimits {
                per_ip_per_minute: u32_of(number(
                    "rate_limit_per_ip_per_minute",
                    1_200,
                    1,
                    10_000_000,
                )?),
                per_account_per_minute: u32_of(number(
                    "rate_limit_per_account_per_minute",
                    600,
                    1,
                    10_000_000,
                )?),
                login_failures: u32_of(number("rate_limit_login_failures", 5, 1, 1000)?),
                tracking_failures_per_minute: u32_of(number(
                    "rate_limit_tracking_failures_per_minute",
                    10,
                    1,
                    100_000,
                )?),
            },
            seed_demo_on_empty: boolean("seed_demo_on_empty", true)?,
            shutdown_timeout_secs: number("shutdown_timeout_secs", 30, 0, 3600)?,
            payment_providers: payment_providers(&string("payment_providers", ""))
                .map_err(|p| invalid(&name_of("payment_providers"), p))?,
            dev_payments: boolean("dev_payments", true)?,
        })
    }

    /// True when the database URL points at PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.database_url.expose().starts_with("postgres")
    }

    /// The public base URL, given or derived from the bound address.
    pub fn public_url_or(&self, bound: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
    }
}

/// A comma-separated list of provider names: 1–32 lowercase ASCII letters, digits, `-` or
/// `_` each. `dev` is always known and need not be listed.
fn payment_providers(value: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let ok = name.len() <= 32
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            return Err(format!(
                "`{name}` is not a provider name (lowercase letters, digits, - and _, at most 32)"
            ));
        }
        if name != "dev" && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Accepts `host:port` and `:port` (all interfaces are not implied: `:0` binds loopback).
fn normalise_bind(value: &str) -> Result<String, String> {
    let value = value.trim();
    let candidate = if let Some(port) = value.strip_prefix(':') {
        format!("127.0.0.1:{port}")
    } else {
        value.to_string()
    };
    candidate
        .parse::<SocketAddr>()
        .map(|a| a.to_string())
        .map_err(|_| format!("`{value}` is not an address like 127.0.0.1:8080 or :0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_use_sqlite_under_the_data_dir() {
        let c = Config::load(None, &env(&[])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(
            c.database_url.expose(),
            "sqlite://./data/motcua.db?mode=rwc"
        );
        assert!(c.redis_url.is_none());
        assert_eq!(c.access_token_ttl_secs, 900);
    }

    #[test]
    fn env_overrides_file_and_names_the_bad_variable() {
        let err = Config::load(None, &env(&[("MOTCUA_BIND", "nonsense")])).unwrap_err();
        assert!(err.to_string().starts_with("MOTCUA_BIND:"), "{err}");
        let err = Config::load(None, &env(&[("MOTCUA_MAX_DEPTH", "abc")])).unwrap_err();
        assert!(err.to_string().starts_with("MOTCUA_MAX_DEPTH:"), "{err}");
        let err = Config::load(None, &env(&[("MOTCUA_REDIS_URL", "http://x")])).unwrap_err();
        assert!(err.to_string().starts_with("MOTCUA_REDIS_URL:"), "{err}");
    }

    #[test]
    fn payment_providers_are_a_checked_list() {
        let c = Config::load(None, &env(&[])).unwrap();
        assert!(c.payment_providers.is_empty());
        assert!(c.dev_payments);
        let c = Config::load(
            None,
            &env(&[
                ("MOTCUA_PAYMENT_PROVIDERS", " vnpay, payos ,dev,vnpay"),
                ("MOTCUA_DEV_PAYMENTS", "false"),
            ]),
        )
        .unwrap();
        assert_eq!(c.payment_providers, ["vnpay", "payos"]);
        assert!(!c.dev_payments);
        let err = Config::load(None, &env(&[("MOTCUA_PAYMENT_PROVIDERS", "../etc")])).unwrap_err();
        assert!(
            err.to_string().starts_with("MOTCUA_PAYMENT_PROVIDERS:"),
            "{err}"
        );
    }

    #[test]
    fn colon_port_binds_loopback() {
        let c = Config::load(None, &env(&[("MOTCUA_BIND", ":0")])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:0");
    }

    #[test]
    fn toml_file_is_layered_under_the_environment() {
        let dir = std::env::temp_dir().join(format!("motcua-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("motcua.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:9000\"\nmax_depth = 7\n").unwrap();
        let c = Config::load(Some(&file), &env(&[])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:9000");
        assert_eq!(c.limits.depth, 7);
        let c = Config::load(Some(&file), &env(&[("MOTCUA_BIND", "127.0.0.1:9001")])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:9001");
        std::fs::write(&file, "bnid = 1\n").unwrap();
        let err = Config::load(Some(&file), &env(&[])).unwrap_err();
        assert!(err.to_string().contains("unknown key `bnid`"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn secrets_do_not_print() {
        let c = Config::load(
            None,
            &env(&[(
                "MOTCUA_JWT_SECRET",
                "0123456789abcdef0123456789abcdef-secret",
            )]),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("secret-"));
    }
}
