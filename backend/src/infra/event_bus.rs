//! Publish/subscribe of small JSON events (dossier status changes, notifications) to every
//! instance: through Redis pub/sub when configured, within this process otherwise or while
//! Redis is down.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use super::redis_conn::{LogThrottle, RedisHandle};

/// Events buffered per subscriber; a subscriber further behind gets
/// [`broadcast::error::RecvError::Lagged`] and should resynchronise (e.g. refetch).
pub const CHANNEL_CAPACITY: usize = 1024;

/// Time allowed to open the pub/sub connection and subscribe.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(2);
/// A silent pub/sub connection is pinged this often, so a half-open TCP connection (Redis
/// restarted behind a proxy, a failover) is noticed and replaced.
const PING_INTERVAL: Duration = Duration::from_secs(15);
const PING_TIMEOUT: Duration = Duration::from_secs(2);
const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// One event. Small: it says what happened and to what; subscribers fetch details.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// What happened, e.g. `dossier.status_changed`. Also the Redis channel suffix.
    pub topic: String,
    /// The tenant the event belongs to, so subscribers can filter by scope.
    pub tenant_id: Option<String>,
    /// Event data.
    pub payload: serde_json::Value,
    /// The instance that published it; [`EventBus::publish`] fills it in when empty.
    pub origin: String,
}

impl Event {
    /// An event with no origin yet (the bus fills in its instance id).
    pub fn new(
        topic: impl Into<String>,
        tenant_id: Option<String>,
        payload: serde_json::Value,
    ) -> Self {
        Self {
            topic: topic.into(),
            tenant_id,
            payload,
            origin: String::new(),
        }
    }
}

/// How a published event travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Through Redis to every instance (this one included).
    Redis,
    /// To this instance's subscribers only (no Redis, or Redis failed).
    Local,
}

/// The event bus. Cheap to clone; the Redis subscriber task stops when the last clone is
/// dropped or on [`EventBus::shutdown`].
#[derive(Clone, Debug)]
pub struct EventBus {
    inner: Arc<BusInner>,
}

#[derive(Debug)]
struct BusInner {
    sender: broadcast::Sender<Event>,
    instance_id: String,
    redis: Option<RedisSide>,
}

struct RedisSide {
    handle: RedisHandle,
    prefix: String,
    subscribed: watch::Receiver<bool>,
    /// Dropping it (with the bus) also stops the task.
    shutdown: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
    fallback_log: LogThrottle,
}

impl std::fmt::Debug for RedisSide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSide")
            .field("prefix", &self.prefix)
            .field("subscribed", &*self.subscribed.borrow())
            .finish_non_exhaustive()
    }
}

impl EventBus {
    /// A bus within this process (no `MOTCUA_REDIS_URL`).
    pub fn new_in_process() -> Self {
        Self::build(None)
    }

    /// A bus shared by every instance through Redis channels `{channel_prefix}:{topic}`.
    ///
    /// Spawns the subscriber task (a dedicated pub/sub connection, reconnected with backoff
    /// when Redis drops), so it must be called inside a Tokio runtime that outlives the bus:
    /// the start-up runtime, not a per-worker one.
    pub fn with_redis(redis: RedisHandle, channel_prefix: &str) -> Self {
        let prefix = channel_prefix.trim_end_matches(':').to_owned();
        let (subscribed_tx, subscribed_rx) = watch::channel(false);
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let bus = Self::build(Some(RedisSide {
            handle: redis.clone(),
            prefix: prefix.clone(),
            subscribed: subscribed_rx,
            shutdown: shutdown_tx,
            task: Mutex::new(None),
            fallback_log: LogThrottle::new(Duration::from_secs(30)),
        }));
        let subscriber = Subscriber {
            client: redis.client().clone(),
            pattern: format!("{}:*", escape_glob(&prefix)),
            sender: bus.inner.sender.clone(),
            subscribed: subscribed_tx,
            shutdown: shutdown_rx,
            error_log: LogThrottle::new(Duration::from_secs(30)),
        };
        let task = tokio::spawn(subscriber.run());
        if let Some(side) = &bus.inner.redis {
            *side.task.lock().unwrap_or_else(PoisonError::into_inner) = Some(task);
        }
        bus
    }

    fn build(redis: Option<RedisSide>) -> Self {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Self {
            inner: Arc::new(BusInner {
                sender,
                instance_id: format!("{:016x}", rand::random::<u64>()),
                redis,
            }),
        }
    }

    /// This bus's instance id, written into [`Event::origin`] when the publisher left it empty.
    pub fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }

    /// Whether the Redis subscription is currently live (always false without Redis).
    /// `/health/ready` can report `degraded` when it is not.
    pub fn is_subscribed(&self) -> bool {
        self.inner
            .redis
            .as_ref()
            .is_some_and(|side| *side.subscribed.borrow())
    }

    /// Waits up to `timeout` for the Redis subscription to be live; true if it is.
    pub async fn wait_subscribed(&self, timeout: Duration) -> bool {
        let Some(side) = &self.inner.redis else {
            return false;
        };
        let mut subscribed = side.subscribed.clone();
        matches!(
            tokio::time::timeout(timeout, subscribed.wait_for(|live| *live)).await,
            Ok(Ok(_))
        )
    }

    /// Receives every event published from now on (on any instance when Redis is up).
    /// Filtering by topic or tenant is the subscriber's job.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.inner.sender.subscribe()
    }

    /// Publishes an event; never fails.
    ///
    /// With Redis answering it goes out with `PUBLISH` and comes back to this instance
    /// through the subscription. If Redis fails, it is delivered to this instance's
    /// subscribers only, which is what a single instance needs and the best a cut-off one
    /// can do.
    pub async fn publish(&self, mut event: Event) -> Delivery {
        if event.origin.is_empty() {
            event.origin.clone_from(&self.inner.instance_id);
        }
        let Some(side) = &self.inner.redis else {
            self.deliver_locally(event);
            return Delivery::Local;
        };
        let message = match serde_json::to_string(&event) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(%error, topic = %event.topic, "event not serialisable; delivered locally");
                self.deliver_locally(event);
                return Delivery::Local;
            }
        };
        let channel = format!("{}:{}", side.prefix, event.topic);
        let published = side
            .handle
            .with_connection(|mut conn| async move {
                redis::cmd("PUBLISH")
                    .arg(channel)
                    .arg(message)
                    .query_async::<i64>(&mut conn)
                    .await
            })
            .await;
        match published {
            // Our own subscription is down: the event would not come back, so hand it over
            // here too (other instances got it through Redis).
            Ok(_) if !*side.subscribed.borrow() => {
                self.deliver_locally(event);
                Delivery::Redis
            }
            Ok(_) => Delivery::Redis,
            Err(error) => {
                if side.fallback_log.allow() {
                    tracing::warn!(
                        error = %error,
                        "event bus cannot publish to Redis; delivering to this instance only"
                    );
                }
                self.deliver_locally(event);
                Delivery::Local
            }
        }
    }

    fn deliver_locally(&self, event: Event) {
        // An error only means nobody is listening right now.
        let _ = self.inner.sender.send(event);
    }

    /// Stops the Redis subscriber task and waits (briefly) for it to end. Call on graceful
    /// shutdown; dropping every clone of the bus stops it too, without waiting.
    pub async fn shutdown(&self) {
        let Some(side) = &self.inner.redis else {
            return;
        };
        let _ = side.shutdown.send(true);
        let task = side
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(task) = task {
            // The task checks the signal at every await, so this is quick.
            let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        }
    }
}

/// The background task forwarding Redis messages into the local broadcast channel.
struct Subscriber {
    client: redis::Client,
    pattern: String,
    sender: broadcast::Sender<Event>,
    subscribed: watch::Sender<bool>,
    shutdown: watch::Receiver<bool>,
    error_log: LogThrottle,
}

enum Ended {
    Shutdown,
    Disconnected(String),
}

impl Subscriber {
    async fn run(mut self) {
        let mut backoff = MIN_BACKOFF;
        loop {
            let attempt = tokio::select! {
                _ = self.shutdown.changed() => return,
                attempt = tokio::time::timeout(
                    SUBSCRIBE_TIMEOUT,
                    connect(&self.client, &self.pattern),
                ) => attempt,
            };
            let reason = match attempt {
                Ok(Ok(pubsub)) => {
                    backoff = MIN_BACKOFF;
                    self.subscribed.send_replace(true);
                    tracing::info!(pattern = %self.pattern, "event bus subscribed to Redis");
                    let ended = self.pump(pubsub).await;
                    self.subscribed.send_replace(false);
                    match ended {
                        Ended::Shutdown => return,
                        Ended::Disconnected(reason) => reason,
                    }
                }
                Ok(Err(error)) => error.to_string(),
                Err(_elapsed) => format!("no answer within {SUBSCRIBE_TIMEOUT:?}"),
            };
            if self.error_log.allow() {
                tracing::warn!(
                    reason = %reason,
                    "event bus has no Redis subscription; other instances' events are missed \
                     until it is back"
                );
            }
            tokio::select! {
                _ = self.shutdown.changed() => return,
                () = tokio::time::sleep(jittered(backoff)) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    async fn pump(&mut self, pubsub: redis::aio::PubSub) -> Ended {
        let (mut sink, mut stream) = pubsub.split();
        let mut ping = tokio::time::interval(PING_INTERVAL);
        ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate; the connection was just proven alive.
        ping.tick().await;
        loop {
            tokio::select! {
                _ = self.shutdown.changed() => return Ended::Shutdown,
                message = stream.next() => {
                    let Some(message) = message else {
                        return Ended::Disconnected("connection closed".to_owned());
                    };
                    self.forward(&message);
                }
                _ = ping.tick() => {
                    let answer = tokio::time::timeout(PING_TIMEOUT, sink.ping::<redis::Value>()).await;
                    match answer {
                        Ok(Ok(_)) => {}
                        Ok(Err(error)) => return Ended::Disconnected(error.to_string()),
                        Err(_elapsed) => return Ended::Disconnected("ping timed out".to_owned()),
                    }
                }
            }
        }
    }

    fn forward(&self, message: &redis::Msg) {
        match serde_json::from_slice::<Event>(message.get_payload_bytes()) {
            Ok(event) => {
                // An error only means nobody is listening right now.
                let _ = self.sender.send(event);
            }
            Err(error) => {
                if self.error_log.allow() {
                    tracing::warn!(
                        %error,
                        channel = message.get_channel_name(),
                        "ignoring a malformed event from Redis"
                    );
                }
            }
        }
    }
}

async fn connect(client: &redis::Client, pattern: &str) -> redis::RedisResult<redis::aio::PubSub> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.psubscribe(pattern).await?;
    Ok(pubsub)
}

/// `prefix` taken literally inside a `PSUBSCRIBE` pattern.
fn escape_glob(prefix: &str) -> String {
    let mut escaped = String::with_capacity(prefix.len());
    for c in prefix.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A delay between half and all of `backoff`, so instances that lost Redis together do not
/// reconnect in lockstep.
fn jittered(backoff: Duration) -> Duration {
    let millis = u64::try_from(backoff.as_millis())
        .unwrap_or(u64::MAX)
        .max(2);
    Duration::from_millis(rand::random_range(millis / 2..=millis))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::redis_conn::test_support::{real_redis, unique_prefix};
    use serde_json::json;

    const WAIT: Duration = Duration::from_secs(5);

    async fn next_event(receiver: &mut broadcast::Receiver<Event>) -> Event {
        match tokio::time::timeout(WAIT, receiver.recv()).await {
            Ok(Ok(event)) => event,
            other => panic!("no event within {WAIT:?}: {other:?}"),
        }
    }

    #[tokio::test]
    async fn in_process_bus_delivers_to_every_subscriber() {
        let bus = EventBus::new_in_process();
        let mut first = bus.subscribe();
        let mut second = bus.clone().subscribe();

        let delivery = bus
            .publish(Event::new(
                "dossier.status_changed",
                Some("t1".to_owned()),
                json!({"code": "H56-250101-0001"}),
            ))
            .await;

        assert_eq!(delivery, Delivery::Local);
        let received = next_event(&mut first).await;
        assert_eq!(received.topic, "dossier.status_changed");
        assert_eq!(received.origin, bus.instance_id());
        assert_eq!(next_event(&mut second).await, received);
    }

    #[tokio::test]
    async fn two_instances_see_each_others_events_through_redis() {
        let Some(redis_a) = real_redis().await else {
            return;
        };
        let Some(redis_b) = real_redis().await else {
            return;
        };
        let prefix = unique_prefix("bus");
        let bus_a = EventBus::with_redis(redis_a, &prefix);
        let bus_b = EventBus::with_redis(redis_b, &prefix);
        assert!(bus_a.wait_subscribed(WAIT).await);
        assert!(bus_b.wait_subscribed(WAIT).await);
        let mut on_a = bus_a.subscribe();
        let mut on_b = bus_b.subscribe();

        let event = Event::new("dossier.created", Some("t1".to_owned()), json!({"n": 1}));
        assert_eq!(bus_a.publish(event).await, Delivery::Redis);
        let seen_by_b = next_event(&mut on_b).await;
        assert_eq!(seen_by_b.origin, bus_a.instance_id());
        assert_eq!(seen_by_b.payload, json!({"n": 1}));
        // The publisher's own subscribers get it back through Redis, exactly once.
        assert_eq!(next_event(&mut on_a).await, seen_by_b);

        let reply = Event::new("dossier.updated", None, json!({"n": 2}));
        bus_b.publish(reply).await;
        let seen_by_a = next_event(&mut on_a).await;
        assert_eq!(seen_by_a.origin, bus_b.instance_id());
        assert_eq!(seen_by_a.topic, "dossier.updated");
        assert!(on_a.try_recv().is_err(), "no duplicate delivery");

        bus_a.shutdown().await;
        assert!(!bus_a.is_subscribed());
        bus_b.shutdown().await;
    }

    #[tokio::test]
    async fn publish_with_redis_down_delivers_locally() {
        let redis = RedisHandle::connect_lazy("redis://127.0.0.1:1").expect("URL is well formed");
        let bus = EventBus::with_redis(redis, "motcua:test");
        let mut receiver = bus.subscribe();

        let started = std::time::Instant::now();
        let delivery = bus
            .publish(Event::new("dossier.created", None, json!({"n": 3})))
            .await;

        assert_eq!(delivery, Delivery::Local);
        assert_eq!(next_event(&mut receiver).await.payload, json!({"n": 3}));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(!bus.is_subscribed());
        bus.shutdown().await;
    }

    #[test]
    fn glob_characters_in_the_prefix_are_escaped() {
        assert_eq!(escape_glob("motcua:events"), "motcua:events");
        assert_eq!(escape_glob("a*b?[c]"), "a\\*b\\?\\[c\\]");
    }

    #[test]
    fn events_round_trip_through_json() {
        let event = Event {
            topic: "t".to_owned(),
            tenant_id: Some("H56".to_owned()),
            payload: json!({"x": [1, 2]}),
            origin: "abc".to_owned(),
        };
        let text = serde_json::to_string(&event).expect("serialises");
        assert_eq!(serde_json::from_str::<Event>(&text).expect("parses"), event);
    }
}
