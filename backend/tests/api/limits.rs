//! Protection on by default: depth, complexity, aliases, tokens, body size, malformed requests,
//! GraphQL-over-HTTP status codes.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_deeply_nested_query_is_rejected_before_execution() {
    let app = spawn_app().await;
    // Fragments cannot nest deeper than the schema allows, so nest a field through __type.
    let mut q = String::from("{ __schema { types { ");
    for _ in 0..30 {
        q.push_str("fields { type { ");
    }
    q.push_str("name");
    for _ in 0..30 {
        q.push_str(" } }");
    }
    q.push_str(" } } }");
    let r = app.graphql(&q, json!({})).await;
    assert_eq!(r.code(), Some("QUERY_TOO_COMPLEX"), "{}", r.body);
    assert!(r.body.get("data").is_none());
    app.stop().await;
}

#[tokio::test]
async fn two_hundred_aliases_are_rejected() {
    let app = spawn_app().await;
    let fields: String = (0..200)
        .map(|i| format!("a{i}: tenants {{ code }} "))
        .collect();
    let r = app.graphql(&format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(r.code(), Some("QUERY_TOO_COMPLEX"), "{}", r.body);
    // A handful of aliases is fine.
    let r = app
        .graphql("{ a: tenants { code } b: tenants { name } }", json!({}))
        .await;
    r.ok();
    app.stop().await;
}

#[tokio::test]
async fn a_two_megabyte_body_is_refused_with_413() {
    let app = spawn_app().await;
    let padding = "x".repeat(2 * 1024 * 1024);
    let resp = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ tenants { code } }", "variables": {"pad": padding}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    app.stop().await;
}

#[tokio::test]
async fn too_many_tokens_are_rejected_before_parsing() {
    let app = spawn_app().await;
    let q = format!("{{ tenants {{ code {} }} }}", "name ".repeat(20_000));
    let r = app.graphql(&q, json!({})).await;
    assert_eq!(r.code(), Some("QUERY_TOO_COMPLEX"), "{}", r.body);
    app.stop().await;
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_code() {
    let app = spawn_app().await;
    for (body, ct) in [
        ("{not json", "application/json"),
        ("[]", "application/json"),
        ("{\"query\": 5}", "application/json"),
        ("{\"variables\": {}}", "application/json"),
        (
            "{\"query\": \"{ tenants { code } }\", \"variables\": [1]}",
            "application/json",
        ),
        ("query=x", "application/x-www-form-urlencoded"),
    ] {
        let resp = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", ct)
            .header("accept", "application/graphql-response+json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        assert!(status == 400 || status == 415, "{body}: {status}");
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(
            v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{body}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn graphql_response_media_type_uses_400_for_invalid_documents() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({"query": "{ nosuchfield }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/graphql-response+json")
    );
    let v: serde_json::Value = resp.json().await.unwrap();
    assert!(v.get("data").is_none());
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // Field suggestions are off in production mode ("Did you mean …" leaks the schema shape).
    assert!(
        !v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean")
    );
    app.stop().await;
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ tenants(parentCode: \"TN\") { code } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert!(v["data"]["tenants"].as_array().unwrap().len() >= 2);
    let resp = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "mutation { logout(refreshToken: \"x\") }")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 405);
    app.stop().await;
}

#[tokio::test]
async fn the_standard_introspection_query_passes_the_limits() {
    let app = spawn_app().await;
    let r = app.graphql(INTROSPECTION, json!({})).await.ok();
    assert!(r.data("__schema.types").as_array().unwrap().len() > 10);
    app.stop().await;
}

#[tokio::test]
async fn per_address_rate_limits_answer_429_with_retry_after() {
    let app = crate::helpers::spawn_app_with(&[("MOTCUA_RATE_LIMIT_PER_IP_PER_MINUTE", "5")]).await;
    let mut last = None;
    for _ in 0..8 {
        let resp = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({"query": "{ tenants { code } }"}))
            .send()
            .await
            .unwrap();
        last = Some(resp);
    }
    let resp = last.unwrap();
    assert_eq!(resp.status(), 429);
    assert!(resp.headers().get("retry-after").is_some());
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    app.stop().await;
}

/// graphql-js's `getIntrospectionQuery()`.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;
