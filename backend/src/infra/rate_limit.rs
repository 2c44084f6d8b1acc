//! Token-bucket rate limiting keyed by string: shared across instances through one atomic
//! Redis script when Redis is configured and answering, per instance in memory otherwise.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::time::Instant;

use super::redis_conn::{LogThrottle, RedisHandle};

/// Prefix of every rate-limit key in Redis.
pub const REDIS_KEY_PREFIX: &str = "motcua:rl:";
/// Default bound on the number of buckets kept in memory by one [`InProcessLimiter`].
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// Keys longer than this are replaced by their SHA-256, so a client-chosen key (a header,
/// an address list) cannot make one bucket arbitrarily large in memory or in Redis.
const MAX_KEY_LEN: usize = 128;
const SHARDS: usize = 16;
/// How often a shard drops the buckets that have refilled completely (and so carry no
/// information a fresh bucket would not).
const SWEEP_INTERVAL: Duration = Duration::from_secs(30);
/// Wait reported when a quota never refills (a zero or invalid refill rate).
const NO_REFILL_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// The size of a bucket and how fast it refills.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quota {
    /// Tokens in a full bucket: the burst allowed after a quiet period.
    pub capacity: u32,
    /// Tokens added per second, up to `capacity`. Zero (or not finite) means never.
    pub refill_per_sec: f64,
}

impl Quota {
    /// `count` per minute, with a burst of `count`.
    pub fn per_minute(count: u32) -> Self {
        Self {
            capacity: count,
            refill_per_sec: f64::from(count) / 60.0,
        }
    }

    /// `count` per second, with a burst of `count`.
    pub fn per_second(count: u32) -> Self {
        Self {
            capacity: count,
            refill_per_sec: f64::from(count),
        }
    }

    fn rate(self) -> f64 {
        if self.refill_per_sec.is_finite() && self.refill_per_sec > 0.0 {
            self.refill_per_sec
        } else {
            0.0
        }
    }
}

/// The answer to one [`RateLimiter::check`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    /// Whether the request may proceed (its cost has been taken from the bucket).
    pub allowed: bool,
    /// The bucket's capacity (for a `RateLimit-Limit` style header).
    pub limit: u32,
    /// Whole tokens left after this call.
    pub remaining: u32,
    /// When denied: how long until the cost would be available. Zero when allowed, except
    /// for a peek (cost 0) at a bucket without a whole token: then the wait for one token.
    /// A cost above the capacity is never allowed; the wait reported then is until the
    /// bucket is full.
    pub retry_after: Duration,
    /// How long until the bucket is full again.
    pub reset_after: Duration,
}

/// A rate limiter: Redis-backed (shared by all instances) or in-process.
///
/// Cheap to clone. When Redis fails or is slow, each call falls back to this instance's
/// in-process buckets, so the service keeps limiting (per instance) during an outage.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    redis: Option<RedisHandle>,
    namespace: String,
    local: InProcessLimiter,
    fallback_log: Arc<LogThrottle>,
}

impl RateLimiter {
    /// Buckets in this process only (no `MOTCUA_REDIS_URL`).
    pub fn in_process() -> Self {
        Self {
            redis: None,
            namespace: String::new(),
            local: InProcessLimiter::default(),
            fallback_log: Arc::new(LogThrottle::new(Duration::from_secs(30))),
        }
    }

    /// Buckets in Redis, with in-process buckets as the fallback.
    pub fn with_redis(redis: RedisHandle) -> Self {
        Self {
            redis: Some(redis),
            ..Self::in_process()
        }
    }

    /// Prefixes every key with `namespace` (deployments sharing one Redis keep apart).
    pub fn with_namespace(mut self, namespace: &str) -> Self {
        self.namespace = namespace.to_owned();
        self
    }

    /// Whether buckets are meant to be shared across instances.
    pub fn is_distributed(&self) -> bool {
        self.redis.is_some()
    }

    /// Takes `cost` tokens from the bucket `key` if it holds that many.
    ///
    /// Never fails: a Redis error or timeout is answered from the in-process buckets.
    pub async fn check(&self, key: &str, quota: Quota, cost: u32) -> Decision {
        let namespaced;
        let key = if self.namespace.is_empty() {
            key
        } else {
            namespaced = format!("{}:{key}", self.namespace);
            &namespaced
        };
        let key = normalize_key(key);
        let Some(redis) = &self.redis else {
            return self.local.check(&key, quota, cost);
        };
        match check_in_redis(redis, &key, quota, cost).await {
            Ok(decision) => decision,
            Err(error) => {
                if self.fallback_log.allow() {
                    tracing::warn!(
                        error = %error,
                        "rate limiting falls back to per-instance buckets"
                    );
                }
                self.local.check(&key, quota, cost)
            }
        }
    }
}

/// The token bucket as one atomic script. It reads the clock with `TIME` on the server so
/// every instance measures refills against the same clock, whatever their own drift.
/// Returns `{allowed, remaining, retry_after_us, reset_after_us}`.
const TOKEN_BUCKET_LUA: &str = r"
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local no_refill_us = tonumber(ARGV[4])

-- Redis < 5 must be told to replicate effects, or a script calling TIME cannot write.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts and rate > 0 then
  tokens = tokens + (now - ts) / 1000000 * rate
end
if tokens > capacity then tokens = capacity end

local allowed = 0
local retry_us = 0
if cost <= tokens then
  allowed = 1
  tokens = tokens - cost
  -- A peek (cost 0) at an empty bucket reports the wait for one whole token.
  if cost == 0 and tokens < 1 and capacity >= 1 then
    if rate > 0 then
      retry_us = math.ceil((1 - tokens) / rate * 1000000)
    else
      retry_us = no_refill_us
    end
  end
elseif rate > 0 then
  retry_us = math.ceil((math.min(cost, capacity) - tokens) / rate * 1000000)
else
  retry_us = no_refill_us
end

local reset_us = no_refill_us
if rate > 0 then reset_us = math.ceil((capacity - tokens) / rate * 1000000) end

redis.call('HSET', key, 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', now))
-- Once full again the bucket carries no information, so it may expire then.
redis.call('PEXPIRE', key, math.ceil(reset_us / 1000) + 1000)
return {allowed, math.floor(tokens), retry_us, reset_us}
";

static TOKEN_BUCKET: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(TOKEN_BUCKET_LUA));

async fn check_in_redis(
    redis: &RedisHandle,
    key: &str,
    quota: Quota,
    cost: u32,
) -> Result<Decision, super::redis_conn::RedisError> {
    let redis_key = format!("{REDIS_KEY_PREFIX}{key}");
    let no_refill_us = micros(NO_REFILL_WAIT);
    let (allowed, remaining, retry_us, reset_us): (i64, i64, i64, i64) = redis
        .with_connection(|mut conn| async move {
            // EVALSHA, loading the script once if the server does not know it yet.
            let mut invocation = TOKEN_BUCKET.prepare_invoke();
            invocation
                .key(redis_key)
                .arg(quota.capacity)
                .arg(quota.rate())
                .arg(cost)
                .arg(no_refill_us);
            invocation.invoke_async(&mut conn).await
        })
        .await?;
    Ok(Decision {
        allowed: allowed == 1,
        limit: quota.capacity,
        remaining: u32::try_from(remaining.max(0)).unwrap_or(u32::MAX),
        retry_after: Duration::from_micros(u64::try_from(retry_us.max(0)).unwrap_or(0)),
        reset_after: Duration::from_micros(u64::try_from(reset_us.max(0)).unwrap_or(0)),
    })
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

fn normalize_key(key: &str) -> Cow<'_, str> {
    if key.len() <= MAX_KEY_LEN {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(format!(
            "sha256:{}",
            hex::encode(Sha256::digest(key.as_bytes()))
        ))
    }
}

/// Token buckets in this process, sharded to keep lock contention low, with bounded memory.
#[derive(Clone)]
pub struct InProcessLimiter {
    inner: Arc<LocalInner>,
}

struct LocalInner {
    shards: Vec<Mutex<Shard>>,
    max_keys_per_shard: usize,
    /// Randomly keyed, so clients cannot aim all their keys at one shard.
    hasher: std::collections::hash_map::RandomState,
}

struct Shard {
    buckets: HashMap<String, Bucket>,
    last_sweep: Instant,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
    /// When the bucket will be full again if untouched; from then on it can be dropped.
    full_at: Instant,
}

impl std::fmt::Debug for InProcessLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessLimiter")
            .field("max_keys", &(self.inner.max_keys_per_shard * SHARDS))
            .finish_non_exhaustive()
    }
}

impl Default for InProcessLimiter {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_KEYS)
    }
}

impl InProcessLimiter {
    /// A limiter keeping at most about `max_keys` buckets.
    pub fn new(max_keys: usize) -> Self {
        let now = Instant::now();
        let shards = (0..SHARDS)
            .map(|_| {
                Mutex::new(Shard {
                    buckets: HashMap::new(),
                    last_sweep: now,
                })
            })
            .collect();
        Self {
            inner: Arc::new(LocalInner {
                shards,
                max_keys_per_shard: max_keys.div_ceil(SHARDS).max(1),
                hasher: std::collections::hash_map::RandomState::new(),
            }),
        }
    }

    /// Takes `cost` tokens from the bucket `key` if it holds that many.
    pub fn check(&self, key: &str, quota: Quota, cost: u32) -> Decision {
        self.check_at(key, quota, cost, Instant::now())
    }

    /// Number of buckets currently held.
    pub fn len(&self) -> usize {
        self.inner
            .shards
            .iter()
            .map(|shard| lock(shard).buckets.len())
            .sum()
    }

    /// Whether no bucket is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// [`Self::check`] with an explicit clock, so tests can move time without sleeping.
    fn check_at(&self, key: &str, quota: Quota, cost: u32, now: Instant) -> Decision {
        let key = normalize_key(key);
        let index =
            usize::try_from(self.inner.hasher.hash_one(key.as_ref()) % SHARDS as u64).unwrap_or(0);
        let Some(shard) = self.inner.shards.get(index) else {
            // Unreachable (index < SHARDS); answering from a fresh bucket is the safe side.
            return take(&mut fresh_bucket(quota, now), quota, cost, now);
        };
        let mut shard = lock(shard);
        if now.saturating_duration_since(shard.last_sweep) >= SWEEP_INTERVAL {
            shard.sweep(now);
        }
        if let Some(bucket) = shard.buckets.get_mut(key.as_ref()) {
            return take(bucket, quota, cost, now);
        }
        if shard.buckets.len() >= self.inner.max_keys_per_shard {
            shard.make_room(now);
        }
        let mut bucket = fresh_bucket(quota, now);
        let decision = take(&mut bucket, quota, cost, now);
        shard.buckets.insert(key.into_owned(), bucket);
        decision
    }
}

impl Shard {
    fn sweep(&mut self, now: Instant) {
        self.buckets.retain(|_, bucket| bucket.full_at > now);
        self.last_sweep = now;
    }

    /// Called when the shard is at its cap: drop full buckets, and if that is not enough,
    /// the eighth of buckets closest to full (the least information lost). Evicting a batch
    /// keeps the cost per insertion low under a flood of distinct keys.
    fn make_room(&mut self, now: Instant) {
        self.sweep(now);
        let cap = self.buckets.len();
        if cap == 0 {
            return;
        }
        let target = (cap / 8).max(1);
        let mut full_at: Vec<Instant> = self.buckets.values().map(|b| b.full_at).collect();
        let (_, threshold, _) = full_at.select_nth_unstable(target - 1);
        let threshold = *threshold;
        // At least `target` buckets are at or before the threshold; the counter stops at
        // exactly `target` even when many share the same instant.
        let mut removed = 0;
        self.buckets.retain(|_, bucket| {
            if removed < target && bucket.full_at <= threshold {
                removed += 1;
                false
            } else {
                true
            }
        });
    }
}

fn lock(shard: &Mutex<Shard>) -> std::sync::MutexGuard<'_, Shard> {
    // A panic while holding the lock cannot leave a bucket half-updated in a way that
    // matters more than losing rate limiting altogether.
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

fn fresh_bucket(quota: Quota, now: Instant) -> Bucket {
    Bucket {
        tokens: f64::from(quota.capacity),
        updated: now,
        full_at: now,
    }
}

/// The bucket arithmetic; the Lua script above does the same.
fn take(bucket: &mut Bucket, quota: Quota, cost: u32, now: Instant) -> Decision {
    let capacity = f64::from(quota.capacity);
    let rate = quota.rate();
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    let mut tokens = (bucket.tokens + elapsed * rate).min(capacity);
    let cost_f = f64::from(cost);

    let allowed = cost_f <= tokens;
    let retry_after = if !allowed {
        wait_for(cost_f.min(capacity) - tokens, rate)
    } else if cost == 0 {
        // A peek at a bucket without a whole token reports the wait for one.
        wait_for(capacity.min(1.0) - tokens, rate)
    } else {
        Duration::ZERO
    };
    if allowed {
        tokens -= cost_f;
    }
    let reset_after = wait_for(capacity - tokens, rate);

    bucket.tokens = tokens;
    bucket.updated = now;
    bucket.full_at = now + reset_after;
    Decision {
        allowed,
        limit: quota.capacity,
        // Truncation to whole tokens is intended; tokens is within 0..=capacity.
        remaining: tokens.max(0.0).floor() as u32,
        retry_after,
        reset_after,
    }
}

fn wait_for(missing_tokens: f64, rate: f64) -> Duration {
    if missing_tokens <= 0.0 {
        Duration::ZERO
    } else if rate > 0.0 {
        // Rounded up to the microsecond, like the Lua script.
        Duration::from_micros((missing_tokens / rate * 1_000_000.0).ceil() as u64)
    } else {
        NO_REFILL_WAIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::redis_conn::test_support::{real_redis, unique_prefix};

    #[test]
    fn in_process_bucket_allows_capacity_then_denies_then_refills() {
        let limiter = InProcessLimiter::default();
        let quota = Quota {
            capacity: 3,
            refill_per_sec: 1.0,
        };
        let t0 = Instant::now();

        for expected_remaining in [2, 1, 0] {
            let decision = limiter.check_at("ip:1", quota, 1, t0);
            assert!(decision.allowed);
            assert_eq!(decision.remaining, expected_remaining);
            assert_eq!(decision.limit, 3);
        }
        let denied = limiter.check_at("ip:1", quota, 1, t0);
        assert!(!denied.allowed);
        assert_eq!(denied.retry_after, Duration::from_secs(1));
        assert_eq!(denied.reset_after, Duration::from_secs(3));

        // Half a token is not enough; the wait shrinks accordingly.
        let half = limiter.check_at("ip:1", quota, 1, t0 + Duration::from_millis(500));
        assert!(!half.allowed);
        assert_eq!(half.retry_after, Duration::from_millis(500));

        let refilled = limiter.check_at("ip:1", quota, 1, t0 + Duration::from_secs(1));
        assert!(refilled.allowed);
        assert_eq!(refilled.remaining, 0);

        // Other keys are independent.
        assert!(limiter.check_at("ip:2", quota, 1, t0).allowed);
    }

    #[test]
    fn peek_reports_the_wait_for_one_token() {
        let limiter = InProcessLimiter::default();
        let quota = Quota {
            capacity: 2,
            refill_per_sec: 0.5,
        };
        let t0 = Instant::now();
        let fresh = limiter.check_at("k", quota, 0, t0);
        assert!(fresh.allowed);
        assert_eq!(fresh.remaining, 2);
        assert_eq!(fresh.retry_after, Duration::ZERO);

        limiter.check_at("k", quota, 2, t0);
        let empty = limiter.check_at("k", quota, 0, t0);
        assert!(empty.allowed);
        assert_eq!(empty.remaining, 0);
        assert_eq!(empty.retry_after, Duration::from_secs(2));
    }

    #[test]
    fn cost_above_capacity_is_never_allowed() {
        let limiter = InProcessLimiter::default();
        let quota = Quota::per_second(2);
        let decision = limiter.check("k", quota, 3);
        assert!(!decision.allowed);
        assert_eq!(decision.remaining, 2);
    }

    #[test]
    fn quota_without_refill_reports_a_long_wait() {
        let limiter = InProcessLimiter::default();
        let quota = Quota {
            capacity: 1,
            refill_per_sec: 0.0,
        };
        assert!(limiter.check("k", quota, 1).allowed);
        let denied = limiter.check("k", quota, 1);
        assert!(!denied.allowed);
        assert_eq!(denied.retry_after, NO_REFILL_WAIT);
    }

    #[test]
    fn flood_of_distinct_keys_keeps_memory_bounded() {
        let limiter = InProcessLimiter::new(1_000);
        let quota = Quota::per_minute(10);
        let now = Instant::now();
        for i in 0..20_000 {
            limiter.check_at(&format!("flood:{i}"), quota, 1, now);
        }
        assert!(limiter.len() <= 1_000 + SHARDS, "{} buckets", limiter.len());
    }

    #[test]
    fn full_buckets_are_swept_after_the_interval() {
        let limiter = InProcessLimiter::default();
        let quota = Quota::per_second(10);
        let t0 = Instant::now();
        for i in 0..100 {
            limiter.check_at(&format!("k{i}"), quota, 1, t0);
        }
        assert_eq!(limiter.len(), 100);
        // Every bucket refilled long ago; the next check in each shard sweeps them.
        let later = t0 + SWEEP_INTERVAL + Duration::from_secs(1);
        for i in 0..1_000 {
            limiter.check_at(&format!("probe{i}"), quota, 0, later);
        }
        assert_eq!(limiter.len(), 1_000);
    }

    #[test]
    fn long_keys_are_hashed() {
        let long = "x".repeat(1_000);
        let normalized = normalize_key(&long);
        assert!(normalized.starts_with("sha256:"));
        assert!(normalized.len() <= MAX_KEY_LEN);
        assert_eq!(normalize_key("ip:127.0.0.1"), "ip:127.0.0.1");
    }

    #[tokio::test]
    async fn redis_bucket_is_shared_by_two_instances() {
        let Some(redis_a) = real_redis().await else {
            return;
        };
        let Some(redis_b) = real_redis().await else {
            return;
        };
        let instance_a = RateLimiter::with_redis(redis_a.clone());
        let instance_b = RateLimiter::with_redis(redis_b);
        let key = unique_prefix("rl-shared");
        // One token per 1000 s: nothing refills during the test.
        let quota = Quota {
            capacity: 3,
            refill_per_sec: 0.001,
        };

        let first = instance_a.check(&key, quota, 2).await;
        assert!(first.allowed);
        assert_eq!(first.remaining, 1);
        let second = instance_b.check(&key, quota, 1).await;
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);

        let denied_a = instance_a.check(&key, quota, 1).await;
        let denied_b = instance_b.check(&key, quota, 1).await;
        assert!(!denied_a.allowed);
        assert!(!denied_b.allowed);
        // About 1000 s until one token is back (a little less, time has passed).
        assert!(denied_b.retry_after > Duration::from_secs(990));
        assert!(denied_b.retry_after <= Duration::from_secs(1000));

        // A peek (cost 0) takes nothing and says how long until one token is back.
        let peek = instance_a.check(&key, quota, 0).await;
        assert!(peek.allowed);
        assert_eq!(peek.remaining, 0);
        assert!(peek.retry_after > Duration::from_secs(990));

        // The key carries a TTL so idle buckets do not pile up in Redis.
        let redis_key = format!("{REDIS_KEY_PREFIX}{key}");
        let ttl_ms: i64 = redis_a
            .with_connection(|mut conn| async move {
                redis::cmd("PTTL")
                    .arg(redis_key)
                    .query_async(&mut conn)
                    .await
            })
            .await
            .expect("PTTL answers");
        assert!(ttl_ms > 0, "ttl {ttl_ms}");

        // This bucket would otherwise linger for its whole TTL (about 50 minutes).
        let redis_key = format!("{REDIS_KEY_PREFIX}{key}");
        let _ = redis_a
            .with_connection(|mut conn| async move {
                redis::cmd("DEL")
                    .arg(redis_key)
                    .query_async::<i64>(&mut conn)
                    .await
            })
            .await;
    }

    #[tokio::test]
    async fn redis_bucket_refills_with_server_time() {
        let Some(redis) = real_redis().await else {
            return;
        };
        let limiter = RateLimiter::with_redis(redis);
        let key = unique_prefix("rl-refill");
        let quota = Quota {
            capacity: 1,
            refill_per_sec: 2.0,
        };
        assert!(limiter.check(&key, quota, 1).await.allowed);
        let denied = limiter.check(&key, quota, 1).await;
        assert!(!denied.allowed);
        assert!(denied.retry_after > Duration::ZERO);
        assert!(denied.retry_after <= Duration::from_millis(500));

        // Only the passing of (server) time refills the bucket, so poll with a deadline.
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        loop {
            let decision = limiter.check(&key, quota, 1).await;
            if decision.allowed {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "bucket never refilled: {decision:?}"
            );
            tokio::time::sleep(decision.retry_after.max(Duration::from_millis(10))).await;
        }
    }

    #[tokio::test]
    async fn unreachable_redis_falls_back_quickly_to_in_process_buckets() {
        let redis = RedisHandle::connect_lazy("redis://127.0.0.1:1").expect("URL is well formed");
        let limiter = RateLimiter::with_redis(redis.clone());
        let quota = Quota::per_minute(2);

        let started = std::time::Instant::now();
        assert!(limiter.check("ip:fallback", quota, 1).await.allowed);
        assert!(limiter.check("ip:fallback", quota, 1).await.allowed);
        let denied = limiter.check("ip:fallback", quota, 1).await;
        assert!(!denied.allowed);
        // One token per 30 s (a little less: time passed since the first call).
        assert!(denied.retry_after > Duration::from_secs(29));
        assert!(denied.retry_after <= Duration::from_secs(30) + Duration::from_millis(1));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(!redis.is_healthy());
    }
}
