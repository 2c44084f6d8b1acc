//! A small Prometheus registry rendered in the text exposition format 0.0.4 for
//! `GET /metrics`: HTTP and GraphQL counters and latency histograms, plus ad-hoc gauges and
//! counters. Hand-written because four metric families do not justify a dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Histogram upper bounds in seconds (Prometheus client defaults, widened to 1 ms).
pub const DURATION_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Label value used when a client-supplied value would add one series too many.
pub const OTHER: &str = "other";
/// Operation names longer than this are recorded as [`OTHER`].
pub const MAX_OPERATION_NAME_LEN: usize = 64;
/// Distinct operation names kept before new ones are recorded as [`OTHER`].
pub const MAX_OPERATION_NAMES: usize = 500;
/// Distinct routes kept before new ones are recorded as [`OTHER`] (routes should be
/// patterns such as `/verify/{code}`, but a mistake must not grow memory without bound).
const MAX_ROUTES: usize = 200;
/// Routes longer than this are recorded as [`OTHER`].
const MAX_ROUTE_LEN: usize = 128;
/// Series kept per ad-hoc gauge or counter family.
const MAX_SERIES_PER_FAMILY: usize = 1_000;

const HTTP_REQUESTS: &str = "motcua_http_requests_total";
const HTTP_DURATION: &str = "motcua_http_request_duration_seconds";
const GRAPHQL_OPERATIONS: &str = "motcua_graphql_operations_total";
const GRAPHQL_DURATION: &str = "motcua_graphql_operation_duration_seconds";
const BUILT_IN: [&str; 4] = [
    HTTP_REQUESTS,
    HTTP_DURATION,
    GRAPHQL_OPERATIONS,
    GRAPHQL_DURATION,
];

/// The registry. Share it in an `Arc`; every method takes `&self`.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    /// (method, route, status) → count.
    http_requests: BTreeMap<(String, String, u16), u64>,
    /// (method, route) → latency.
    http_duration: BTreeMap<(String, String), Histogram>,
    /// (operation, kind, outcome) → count.
    graphql_operations: BTreeMap<(String, String, String), u64>,
    /// (operation, kind) → latency.
    graphql_duration: BTreeMap<(String, String), Histogram>,
    routes: BTreeSet<String>,
    operation_names: BTreeSet<String>,
    families: BTreeMap<&'static str, Family>,
}

#[derive(Debug, Clone, Default)]
struct Histogram {
    /// Non-cumulative counts per bucket of [`DURATION_BUCKETS`]; the last slot is +Inf.
    counts: [u64; DURATION_BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

#[derive(Debug)]
struct Family {
    help: &'static str,
    kind: FamilyKind,
    /// Sorted (label name, label value) pairs → value.
    series: BTreeMap<Vec<(String, String)>, f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FamilyKind {
    Gauge,
    Counter,
}

impl FamilyKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Gauge => "gauge",
            Self::Counter => "counter",
        }
    }
}

impl Metrics {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one HTTP request. `route` should be the matched pattern (e.g.
    /// `/verify/{code}`), or something like `unmatched` for 404s, never the raw path.
    pub fn observe_http(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut registry = self.lock();
        let method = bounded_method(method);
        let route = bounded(&mut registry.routes, route, MAX_ROUTES, MAX_ROUTE_LEN);
        *registry
            .http_requests
            .entry((method.to_owned(), route.clone(), status))
            .or_default() += 1;
        registry
            .http_duration
            .entry((method.to_owned(), route))
            .or_default()
            .observe(seconds);
    }

    /// Records one GraphQL operation. `operation` comes from the client, so long or
    /// too many distinct names are recorded as `other`; an empty one as `anonymous`.
    pub fn observe_graphql(&self, operation: &str, kind: &str, outcome: &str, seconds: f64) {
        let mut registry = self.lock();
        let operation = if operation.is_empty() {
            "anonymous".to_owned()
        } else {
            bounded(
                &mut registry.operation_names,
                operation,
                MAX_OPERATION_NAMES,
                MAX_OPERATION_NAME_LEN,
            )
        };
        let kind = one_of(kind, &["query", "mutation", "subscription"]);
        let outcome = one_of(outcome, &["ok", "error"]);
        *registry
            .graphql_operations
            .entry((operation.clone(), kind.to_owned(), outcome.to_owned()))
            .or_default() += 1;
        registry
            .graphql_duration
            .entry((operation, kind.to_owned()))
            .or_default()
            .observe(seconds);
    }

    /// Sets a gauge series (e.g. `motcua_redis_up`). Label names and values come from code,
    /// not clients; a family keeps at most a thousand series.
    pub fn set_gauge(
        &self,
        name: &'static str,
        help: &'static str,
        labels: &[(&str, &str)],
        value: f64,
    ) {
        let labels = labels
            .iter()
            .map(|(label, value)| ((*label).to_owned(), (*value).to_owned()))
            .collect();
        self.lock()
            .update_family(name, help, FamilyKind::Gauge, labels, |v| *v = value);
    }

    /// Adds one to a counter series (e.g. `motcua_rate_limited_total`).
    pub fn inc_counter(&self, name: &'static str, help: &'static str, labels: &[(&str, String)]) {
        let labels = labels
            .iter()
            .map(|(label, value)| ((*label).to_owned(), value.clone()))
            .collect();
        self.lock()
            .update_family(name, help, FamilyKind::Counter, labels, |v| *v += 1.0);
    }

    /// The whole registry in Prometheus text format 0.0.4
    /// (`Content-Type: text/plain; version=0.0.4; charset=utf-8`).
    pub fn render(&self) -> String {
        let registry = self.lock();
        let mut out = String::with_capacity(4096);

        header(
            &mut out,
            HTTP_REQUESTS,
            "HTTP requests served, by method, route and status.",
            "counter",
        );
        for ((method, route, status), count) in &registry.http_requests {
            let status = status.to_string();
            sample(
                &mut out,
                HTTP_REQUESTS,
                &[("method", method), ("route", route), ("status", &status)],
                &count.to_string(),
            );
        }

        header(
            &mut out,
            HTTP_DURATION,
            "HTTP request latency in seconds, by method and route.",
            "histogram",
        );
        for ((method, route), histogram) in &registry.http_duration {
            histogram.render(
                &mut out,
                HTTP_DURATION,
                &[("method", method), ("route", route)],
            );
        }

        header(
            &mut out,
            GRAPHQL_OPERATIONS,
            "GraphQL operations executed, by operation name, kind and outcome.",
            "counter",
        );
        for ((operation, kind, outcome), count) in &registry.graphql_operations {
            sample(
                &mut out,
                GRAPHQL_OPERATIONS,
                &[
                    ("operation", operation),
                    ("kind", kind),
                    ("outcome", outcome),
                ],
                &count.to_string(),
            );
        }

        header(
            &mut out,
            GRAPHQL_DURATION,
            "GraphQL operation latency in seconds, by operation name and kind.",
            "histogram",
        );
        for ((operation, kind), histogram) in &registry.graphql_duration {
            histogram.render(
                &mut out,
                GRAPHQL_DURATION,
                &[("operation", operation), ("kind", kind)],
            );
        }

        for (name, family) in &registry.families {
            header(&mut out, name, family.help, family.kind.as_str());
            for (labels, value) in &family.series {
                let labels: Vec<(&str, &str)> = labels
                    .iter()
                    .map(|(label, value)| (label.as_str(), value.as_str()))
                    .collect();
                sample(&mut out, name, &labels, &format_float(*value));
            }
        }
        out
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        // Metrics stay usable after a panic elsewhere; a torn update costs one sample.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Registry {
    fn update_family(
        &mut self,
        name: &'static str,
        help: &'static str,
        kind: FamilyKind,
        mut labels: Vec<(String, String)>,
        update: impl FnOnce(&mut f64),
    ) {
        if !is_metric_name(name) || BUILT_IN.contains(&name) {
            tracing::debug!(name, "metric name rejected");
            return;
        }
        for (label, _) in &mut labels {
            sanitize_label_name(label);
        }
        labels.sort();
        let family = self.families.entry(name).or_insert_with(|| Family {
            help,
            kind,
            series: BTreeMap::new(),
        });
        if family.kind != kind {
            tracing::debug!(name, "metric used both as a gauge and as a counter");
            return;
        }
        if let Some(value) = family.series.get_mut(&labels) {
            update(value);
        } else if family.series.len() < MAX_SERIES_PER_FAMILY {
            let mut value = 0.0;
            update(&mut value);
            family.series.insert(labels, value);
        }
    }
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        // A negative or NaN duration is a clock bug; count it as zero rather than poison the sum.
        let seconds = if seconds.is_finite() && seconds > 0.0 {
            seconds
        } else {
            0.0
        };
        let slot = DURATION_BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(DURATION_BUCKETS.len());
        if let Some(count) = self.counts.get_mut(slot) {
            *count += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }

    fn render(&self, out: &mut String, name: &str, labels: &[(&str, &str)]) {
        let bucket_name = format!("{name}_bucket");
        let mut cumulative = 0;
        let bounds = DURATION_BUCKETS
            .iter()
            .map(|bound| format_float(*bound))
            .chain(std::iter::once("+Inf".to_owned()));
        for (bound, count) in bounds.zip(self.counts.iter()) {
            cumulative += count;
            let mut with_le = labels.to_vec();
            with_le.push(("le", &bound));
            sample(out, &bucket_name, &with_le, &cumulative.to_string());
        }
        sample(out, &format!("{name}_sum"), labels, &format_float(self.sum));
        sample(
            out,
            &format!("{name}_count"),
            labels,
            &self.count.to_string(),
        );
    }
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: &str) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (label, label_value)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{label}=\"{}\"", escape_label_value(label_value));
        }
        out.push('}');
    }
    out.push(' ');
    out.push_str(value);
    out.push('\n');
}

/// Label values escape backslash, double quote and line feed (format 0.0.4).
fn escape_label_value(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// HELP text escapes backslash and line feed only.
fn escape_help(help: &str) -> String {
    help.replace('\\', "\\\\").replace('\n', "\\n")
}

fn format_float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value == f64::INFINITY {
        "+Inf".to_owned()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_owned()
    } else {
        // Rust prints the shortest round-tripping decimal, never an exponent; both parse.
        value.to_string()
    }
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn sanitize_label_name(label: &mut String) {
    let mut fixed: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if fixed.is_empty() || fixed.starts_with(|c: char| c.is_ascii_digit()) {
        fixed.insert(0, '_');
    }
    *label = fixed;
}

fn bounded_method(method: &str) -> &'static str {
    const METHODS: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ];
    METHODS
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(method))
        .unwrap_or(OTHER)
}

fn one_of(value: &str, allowed: &[&'static str]) -> &'static str {
    allowed
        .iter()
        .copied()
        .find(|known| *known == value)
        .unwrap_or(OTHER)
}

/// `value` itself if short enough and already seen or there is room for it; `other` else.
fn bounded(
    seen: &mut BTreeSet<String>,
    value: &str,
    max_distinct: usize,
    max_len: usize,
) -> String {
    if value.len() > max_len {
        return OTHER.to_owned();
    }
    if seen.contains(value) {
        return value.to_owned();
    }
    if seen.len() >= max_distinct {
        return OTHER.to_owned();
    }
    seen.insert(value.to_owned());
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
        text.lines()
            .filter(|line| line.starts_with(prefix))
            .collect()
    }

    #[test]
    fn http_requests_render_counter_and_histogram() {
        let metrics = Metrics::new();
        metrics.observe_http("GET", "/health/live", 200, 0.000_976_562_5);
        metrics.observe_http("GET", "/health/live", 200, 0.25);
        metrics.observe_http("post", "/graphql", 500, 12.0);
        let text = metrics.render();

        assert!(text.contains("# HELP motcua_http_requests_total "));
        assert!(text.contains("# TYPE motcua_http_requests_total counter\n"));
        assert!(text.contains(
            "motcua_http_requests_total{method=\"GET\",route=\"/health/live\",status=\"200\"} 2\n"
        ));
        assert!(text.contains(
            "motcua_http_requests_total{method=\"POST\",route=\"/graphql\",status=\"500\"} 1\n"
        ));
        assert!(text.contains("# TYPE motcua_http_request_duration_seconds histogram\n"));

        let live =
            "motcua_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health/live\",";
        let buckets = lines_starting(&text, live);
        assert_eq!(buckets.len(), DURATION_BUCKETS.len() + 1);
        assert_eq!(
            buckets.first(),
            Some(&format!("{live}le=\"0.001\"}} 1").as_str())
        );
        assert!(buckets.contains(&format!("{live}le=\"0.1\"}} 1").as_str()));
        assert!(buckets.contains(&format!("{live}le=\"0.25\"}} 2").as_str()));
        assert_eq!(
            buckets.last(),
            Some(&format!("{live}le=\"+Inf\"}} 2").as_str())
        );
        assert!(text.contains(
            "motcua_http_request_duration_seconds_sum{method=\"GET\",route=\"/health/live\"} 0.2509765625\n"
        ));
        assert!(text.contains(
            "motcua_http_request_duration_seconds_count{method=\"GET\",route=\"/health/live\"} 2\n"
        ));
        // Slower than the last bound: only +Inf counts it.
        assert!(text.contains(
            "motcua_http_request_duration_seconds_bucket{method=\"POST\",route=\"/graphql\",le=\"10\"} 0\n"
        ));
        assert!(text.contains(
            "motcua_http_request_duration_seconds_bucket{method=\"POST\",route=\"/graphql\",le=\"+Inf\"} 1\n"
        ));
    }

    #[test]
    fn graphql_operations_are_counted_by_kind_and_outcome() {
        let metrics = Metrics::new();
        metrics.observe_graphql("TrackDossier", "query", "ok", 0.01);
        metrics.observe_graphql("TrackDossier", "query", "error", 0.02);
        metrics.observe_graphql("", "mutation", "ok", 0.02);
        metrics.observe_graphql("X", "delete", "maybe", 0.02);
        let text = metrics.render();

        assert!(text.contains("# TYPE motcua_graphql_operations_total counter\n"));
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"TrackDossier\",kind=\"query\",outcome=\"ok\"} 1\n"
        ));
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"TrackDossier\",kind=\"query\",outcome=\"error\"} 1\n"
        ));
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"anonymous\",kind=\"mutation\",outcome=\"ok\"} 1\n"
        ));
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"X\",kind=\"other\",outcome=\"other\"} 1\n"
        ));
        assert!(text.contains(
            "motcua_graphql_operation_duration_seconds_count{operation=\"TrackDossier\",kind=\"query\"} 2\n"
        ));
        assert!(text.contains("# TYPE motcua_graphql_operation_duration_seconds histogram\n"));
    }

    #[test]
    fn client_chosen_operation_names_cannot_grow_cardinality() {
        let metrics = Metrics::new();
        metrics.observe_graphql(&"a".repeat(65), "query", "ok", 0.01);
        for i in 0..MAX_OPERATION_NAMES + 50 {
            metrics.observe_graphql(&format!("Op{i}"), "query", "ok", 0.01);
        }
        // A name seen before the cap keeps its own series.
        metrics.observe_graphql("Op0", "query", "ok", 0.01);
        let text = metrics.render();

        let counters = lines_starting(&text, "motcua_graphql_operations_total{");
        assert_eq!(counters.len(), MAX_OPERATION_NAMES + 1);
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"other\",kind=\"query\",outcome=\"ok\"} 51\n"
        ));
        assert!(text.contains(
            "motcua_graphql_operations_total{operation=\"Op0\",kind=\"query\",outcome=\"ok\"} 2\n"
        ));
        assert!(!text.contains(&"a".repeat(65)));
    }

    #[test]
    fn label_values_are_escaped() {
        let metrics = Metrics::new();
        metrics.observe_http("GET", "/a\"b\\c\nd", 404, 0.001);
        metrics.set_gauge(
            "motcua_test_gauge",
            "A gauge.\nSecond line.",
            &[("v", "x\"y")],
            1.5,
        );
        let text = metrics.render();

        assert!(text.contains("route=\"/a\\\"b\\\\c\\nd\""));
        assert!(text.contains("# HELP motcua_test_gauge A gauge.\\nSecond line.\n"));
        assert!(text.contains("motcua_test_gauge{v=\"x\\\"y\"} 1.5\n"));
        // Every line is a comment or a sample: no raw line feed leaked into a value.
        for line in text.lines() {
            assert!(
                line.starts_with('#') || line.starts_with("motcua_"),
                "{line}"
            );
        }
    }

    #[test]
    fn gauges_are_set_and_counters_increase() {
        let metrics = Metrics::new();
        metrics.set_gauge("motcua_redis_up", "Whether Redis answers.", &[], 1.0);
        metrics.set_gauge("motcua_redis_up", "Whether Redis answers.", &[], 0.0);
        let labels = [("reason", "tracking_secret".to_owned())];
        metrics.inc_counter("motcua_rate_limited_total", "Requests refused.", &labels);
        metrics.inc_counter("motcua_rate_limited_total", "Requests refused.", &labels);
        // The same name cannot change type, and built-in names are not overwritten.
        metrics.set_gauge("motcua_rate_limited_total", "x", &labels_ref(&labels), 9.0);
        metrics.set_gauge("motcua_http_requests_total", "x", &[], 9.0);
        let text = metrics.render();

        assert!(text.contains("# TYPE motcua_redis_up gauge\nmotcua_redis_up 0\n"));
        assert!(text.contains("# TYPE motcua_rate_limited_total counter\n"));
        assert!(text.contains("motcua_rate_limited_total{reason=\"tracking_secret\"} 2\n"));
        assert_eq!(text.matches("# TYPE motcua_http_requests_total").count(), 1);
        assert!(!text.contains(" 9\n"));
    }

    fn labels_ref<'a>(labels: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        labels
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect()
    }

    #[test]
    fn empty_registry_still_declares_the_built_in_families() {
        let text = Metrics::new().render();
        for name in BUILT_IN {
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
    }
}
