//! The shared Redis connection: one auto-reconnecting multiplexed connection with tight
//! timeouts, plus a health flag so callers skip Redis (and use their in-process fallback)
//! while it is down instead of making every request wait for a timeout.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// Time allowed to open one TCP connection to Redis.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(1);
/// Time allowed for one command's reply.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(1);
/// Reconnect attempts per (re)connection before the manager reports an error; callers
/// then fall back and a background probe tries again later.
const RECONNECT_RETRIES: usize = 2;
/// Upper bound for one whole operation, reconnect attempts included. A request that
/// happens to hit Redis just as it dies waits at most this long.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(1);
/// While Redis is unhealthy, at most one background probe is started per interval;
/// requests never wait for it.
const PROBE_INTERVAL: Duration = Duration::from_secs(2);

const STATE_UNKNOWN: u8 = 0;
const STATE_HEALTHY: u8 = 1;
const STATE_UNHEALTHY: u8 = 2;

/// What can go wrong when talking to Redis.
#[derive(Debug, thiserror::Error)]
pub enum RedisError {
    /// The configured URL cannot be used; the only Redis error that should stop start-up.
    #[error("invalid Redis URL: {0}")]
    InvalidUrl(redis::RedisError),
    /// Redis did not answer in time (including reconnect attempts).
    #[error("Redis did not answer within {0:?}")]
    Timeout(Duration),
    /// Redis failed recently; the call was not attempted so the caller can fall back at once.
    #[error("Redis is unavailable (recent failures, probing in the background)")]
    Unavailable,
    /// The connection or the command failed.
    #[error(transparent)]
    Command(#[from] redis::RedisError),
}

/// A cheap, cloneable handle to Redis.
///
/// Holds the [`redis::Client`] (for dedicated pub/sub connections) and one
/// [`ConnectionManager`] that reconnects by itself. Operations go through
/// [`RedisHandle::with_connection`], which bounds their time and keeps the health flag up to
/// date. Deliberately no `Debug` derive: the client's connection info may carry a password.
#[derive(Clone)]
pub struct RedisHandle {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    manager: ConnectionManager,
    state: AtomicU8,
    epoch: Instant,
    /// Milliseconds since `epoch` of the last background probe start.
    last_probe_ms: AtomicU64,
    probe_running: AtomicBool,
    failure_log: LogThrottle,
}

impl std::fmt::Debug for RedisHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisHandle")
            .field("healthy", &self.is_healthy())
            .finish_non_exhaustive()
    }
}

impl RedisHandle {
    /// Connects and waits (about a second at most) until Redis answers `PING`.
    ///
    /// Fails with [`RedisError::InvalidUrl`] on a malformed URL and with another variant
    /// when Redis is unreachable. Must be called inside a Tokio runtime.
    pub async fn connect(url: &str) -> Result<Self, RedisError> {
        let handle = Self::build(url)?;
        handle.ping().await?;
        Ok(handle)
    }

    /// Validates the URL and returns at once; the connection is opened by a background
    /// probe and on first use. An unreachable Redis leaves the handle unhealthy (callers
    /// use their fallbacks) until it comes back. Must be called inside a Tokio runtime.
    pub fn connect_lazy(url: &str) -> Result<Self, RedisError> {
        let handle = Self::build(url)?;
        handle.spawn_probe();
        Ok(handle)
    }

    fn build(url: &str) -> Result<Self, RedisError> {
        let client = redis::Client::open(url).map_err(RedisError::InvalidUrl)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECTION_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT))
            .set_number_of_retries(RECONNECT_RETRIES)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let manager = ConnectionManager::new_lazy_with_config(client.clone(), config)
            .map_err(RedisError::InvalidUrl)?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                manager,
                state: AtomicU8::new(STATE_UNKNOWN),
                epoch: Instant::now(),
                last_probe_ms: AtomicU64::new(0),
                probe_running: AtomicBool::new(false),
                failure_log: LogThrottle::new(Duration::from_secs(30)),
            }),
        })
    }

    /// The client, for dedicated connections such as pub/sub.
    pub fn client(&self) -> &redis::Client {
        &self.inner.client
    }

    /// Whether the last Redis operation succeeded. Cheap; no I/O.
    pub fn is_healthy(&self) -> bool {
        self.inner.state.load(Ordering::Relaxed) == STATE_HEALTHY
    }

    /// Sends `PING`, bounded by a timeout, and updates the health flag. Always tries, even
    /// while unhealthy, so `/health/ready` reports the real state.
    pub async fn ping(&self) -> Result<(), RedisError> {
        self.execute(|mut conn| async move {
            redis::cmd("PING")
                .query_async::<String>(&mut conn)
                .await
                .map(|_| ())
        })
        .await
    }

    /// Runs one Redis operation with the shared connection, bounded by a timeout.
    ///
    /// While Redis is known to be down this returns [`RedisError::Unavailable`] at once
    /// (and starts a background probe at most every couple of seconds), so request paths
    /// fall back without waiting.
    pub async fn with_connection<T, F, Fut>(&self, op: F) -> Result<T, RedisError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if self.inner.state.load(Ordering::Relaxed) == STATE_UNHEALTHY {
            self.maybe_probe();
            return Err(RedisError::Unavailable);
        }
        self.execute(op).await
    }

    async fn execute<T, F, Fut>(&self, op: F) -> Result<T, RedisError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let conn = self.inner.manager.clone();
        match tokio::time::timeout(OPERATION_TIMEOUT, op(conn)).await {
            Ok(Ok(value)) => {
                self.mark_healthy();
                Ok(value)
            }
            Ok(Err(error)) => {
                // A server-side error (wrong type, script error) means Redis is answering.
                if matches!(error.kind(), redis::ErrorKind::Server(_)) {
                    self.mark_healthy();
                } else {
                    self.mark_unhealthy(&error);
                }
                Err(RedisError::Command(error))
            }
            Err(_elapsed) => {
                self.mark_unhealthy(&"timed out");
                Err(RedisError::Timeout(OPERATION_TIMEOUT))
            }
        }
    }

    fn mark_healthy(&self) {
        if self.inner.state.swap(STATE_HEALTHY, Ordering::Relaxed) != STATE_HEALTHY {
            tracing::info!("Redis is reachable");
        }
    }

    fn mark_unhealthy(&self, error: &dyn std::fmt::Display) {
        let previous = self.inner.state.swap(STATE_UNHEALTHY, Ordering::Relaxed);
        if previous != STATE_UNHEALTHY || self.inner.failure_log.allow() {
            tracing::warn!(
                error = %error,
                "Redis is unreachable; using in-process fallbacks until it answers again"
            );
        }
    }

    fn maybe_probe(&self) {
        let now_ms = millis_since(self.inner.epoch);
        let last = self.inner.last_probe_ms.load(Ordering::Relaxed);
        if last != 0 && now_ms.saturating_sub(last) < duration_ms(PROBE_INTERVAL) {
            return;
        }
        if self
            .inner
            .last_probe_ms
            .compare_exchange(last, now_ms.max(1), Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
        {
            self.spawn_probe();
        }
    }

    fn spawn_probe(&self) {
        if self.inner.probe_running.swap(true, Ordering::AcqRel) {
            return;
        }
        let handle = self.clone();
        tokio::spawn(async move {
            // The result lands in the health flag; nothing else to do with it.
            let _ = handle.ping().await;
            handle.inner.probe_running.store(false, Ordering::Release);
        });
    }
}

/// Lets a log line through at most once per interval, so an outage under load produces a
/// handful of warnings, not one per request.
#[derive(Debug)]
pub(crate) struct LogThrottle {
    epoch: Instant,
    interval_ms: u64,
    /// Milliseconds since `epoch` before which nothing is let through.
    next_ms: AtomicU64,
}

impl LogThrottle {
    pub(crate) fn new(interval: Duration) -> Self {
        Self {
            epoch: Instant::now(),
            interval_ms: duration_ms(interval),
            next_ms: AtomicU64::new(0),
        }
    }

    /// True for the first call of each interval.
    pub(crate) fn allow(&self) -> bool {
        let now = millis_since(self.epoch);
        let next = self.next_ms.load(Ordering::Relaxed);
        now >= next
            && self
                .next_ms
                .compare_exchange(
                    next,
                    now.saturating_add(self.interval_ms),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
    }
}

fn millis_since(epoch: Instant) -> u64 {
    duration_ms(epoch.elapsed())
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Access to the real Redis for tests, following the project rule: under `CI=true` an
/// unreachable Redis fails the test; elsewhere the test prints a notice and is skipped.
#[cfg(test)]
pub(crate) mod test_support {
    use super::RedisHandle;

    /// `MOTCUA_TEST_REDIS_URL`, or the local default.
    pub(crate) fn test_redis_url() -> String {
        std::env::var("MOTCUA_TEST_REDIS_URL")
            .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
    }

    /// A handle on the real Redis, or `None` (outside CI only) when it is unreachable.
    pub(crate) async fn real_redis() -> Option<RedisHandle> {
        let url = test_redis_url();
        match RedisHandle::connect(&url).await {
            Ok(handle) => Some(handle),
            Err(error) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("CI=true but Redis at {url} is unreachable: {error}")
            }
            Err(error) => {
                eprintln!("notice: skipping test, Redis at {url} is unreachable: {error}");
                None
            }
        }
    }

    /// A random prefix so parallel tests (and reruns) never share keys or channels.
    pub(crate) fn unique_prefix(test: &str) -> String {
        format!("test:{test}:{:016x}", rand::random::<u64>())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::real_redis;
    use super::*;

    #[test]
    fn malformed_url_is_rejected_without_io() {
        for url in [
            "not a url",
            "http://127.0.0.1:6379",
            "redis://:s3cret@host:port",
        ] {
            match RedisHandle::build(url) {
                Err(error @ RedisError::InvalidUrl(_)) => {
                    // The message goes to the start-up log: it must not echo a password.
                    assert!(!error.to_string().contains("s3cret"), "{error}");
                }
                Err(other) => panic!("{url}: unexpected error {other}"),
                Ok(_) => panic!("{url}: accepted"),
            }
        }
    }

    #[tokio::test]
    async fn connect_to_closed_port_fails_fast() {
        let started = Instant::now();
        let result = RedisHandle::connect("redis://127.0.0.1:1").await;
        assert!(result.is_err());
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[tokio::test]
    async fn unhealthy_handle_refuses_operations_at_once() {
        let Ok(handle) = RedisHandle::connect_lazy("redis://127.0.0.1:1") else {
            panic!("a well-formed URL is accepted without connecting");
        };
        assert!(handle.ping().await.is_err());
        assert!(!handle.is_healthy());

        let started = Instant::now();
        let result = handle
            .with_connection(|mut conn| async move {
                redis::cmd("PING").query_async::<String>(&mut conn).await
            })
            .await;
        assert!(matches!(result, Err(RedisError::Unavailable)));
        assert!(started.elapsed() < Duration::from_millis(100));
    }

    #[tokio::test]
    async fn ping_on_real_redis_marks_the_handle_healthy() {
        let Some(handle) = real_redis().await else {
            return;
        };
        assert!(handle.is_healthy());
        assert!(handle.ping().await.is_ok());
    }

    #[test]
    fn log_throttle_lets_one_line_through_per_interval() {
        let throttle = LogThrottle::new(Duration::from_secs(30));
        assert!(throttle.allow());
        assert!(!throttle.allow());
        assert!(!throttle.allow());
    }
}
