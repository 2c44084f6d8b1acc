//! The checked-in SDL (`backend/schema.graphql`) is the running schema, and every public type
//! and field has a description. `UPDATE_SCHEMA=1` rewrites the file.

#[test]
fn checked_in_sdl_matches_the_running_schema() {
    let sdl = backend::graphql::schema::sdl();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    if std::env::var("UPDATE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &sdl).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == sdl,
        "backend/schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test -p backend --test api schema` and commit it"
    );
}

#[tokio::test]
async fn every_public_type_and_field_has_a_description() {
    let schema = backend::graphql::schema::build(
        None,
        &backend::config::QueryLimits::default(),
        backend::config::Mode::Production,
    );
    let resp = schema
        .execute(
            "{ __schema { types { name kind description \
               fields { name description args { name description } } \
               inputFields { name description } enumValues { name description } } } }",
        )
        .await;
    assert!(resp.errors.is_empty(), "{:?}", resp.errors);
    let json = resp.data.into_json().unwrap();
    let mut missing = Vec::new();
    let blank = |v: &serde_json::Value| v.as_str().is_none_or(|s| s.trim().is_empty());
    for t in json["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let builtin =
            name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name);
        if builtin {
            continue;
        }
        // Relay connection and edge types are generic (async-graphql documents their fields).
        let generic = name.ends_with("Connection") || name.ends_with("Edge");
        if blank(&t["description"])
            && !generic
            && !["Query", "Mutation", "Subscription"].contains(&name)
        {
            missing.push(name.to_string());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for f in t[list].as_array().into_iter().flatten() {
                let field = format!("{name}.{}", f["name"].as_str().unwrap());
                if blank(&f["description"]) {
                    missing.push(field.clone());
                }
                for a in f["args"].as_array().into_iter().flatten() {
                    if blank(&a["description"]) {
                        missing.push(format!("{field}({})", a["name"].as_str().unwrap()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}
