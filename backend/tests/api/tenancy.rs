//! Tenant isolation: staff see their own unit only, province admins their subtree, citizens
//! their own dossiers; on PostgreSQL, row-level security fails closed.

use serde_json::json;

use crate::helpers::{Backend, postgres_server, spawn_app, spawn_app_on};

const LIST: &str = "query($t: String, $first: Int, $after: String) { dossiers(tenantCode: $t, first: $first, after: $after) { totalCount nodes { code tenant { code } applicantName } pageInfo { hasNextPage endCursor } } }";
const ONE: &str =
    "query($c: String!) { dossier(code: $c) { code applicantName timeline { toStatus } } }";

async fn codes_of(
    app: &crate::helpers::TestApp,
    token: &str,
    tenant: Option<&str>,
) -> (i64, Vec<String>) {
    let r = app
        .graphql_as(Some(token), LIST, json!({"t": tenant, "first": 100}))
        .await
        .ok();
    let total = r.data("dossiers.totalCount").as_i64().unwrap();
    let codes = r
        .data("dossiers.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap().to_string())
        .collect();
    (total, codes)
}

#[tokio::test]
async fn staff_of_one_ward_cannot_read_anything_of_another() {
    let app = spawn_app().await;
    let a = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let b = app.staff_of("tiepnhan", "TN.NINHTHANH").await;

    let (total_a, codes_a) = codes_of(&app, &a, None).await;
    let (total_b, codes_b) = codes_of(&app, &b, None).await;
    assert!(total_a > 0 && total_b > 0);
    assert!(
        codes_a.iter().all(|c| c.starts_with("TN.BINHMINH-")),
        "{codes_a:?}"
    );
    assert!(codes_b.iter().all(|c| c.starts_with("TN.NINHTHANH-")));

    // Asking for the other ward by code narrows to nothing, rather than leaking or erroring.
    let (total, codes) = codes_of(&app, &a, Some("TN.NINHTHANH")).await;
    assert_eq!((total, codes.len()), (0, 0));
    // The province code does not widen a ward officer's view.
    let (total, _) = codes_of(&app, &a, Some("TN")).await;
    assert_eq!(total, total_a);

    // By code: a dossier of ward B is null for staff of ward A, as if it did not exist.
    let theirs = &codes_b[0];
    let r = app
        .graphql_as(Some(&a), ONE, json!({"c": theirs}))
        .await
        .ok();
    assert!(r.data("dossier").is_null());
    let r = app
        .graphql_as(Some(&b), ONE, json!({"c": theirs}))
        .await
        .ok();
    assert_eq!(r.data("dossier.code"), theirs.as_str());
    assert!(!r.data("dossier.timeline").as_array().unwrap().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn every_staff_role_is_confined_to_its_ward() {
    let app = spawn_app().await;
    for role in ["tiepnhan", "chuyenvien", "lanhdao", "quantri"] {
        let token = app.staff_of(role, "LD.LIENHUONG").await;
        let (total, codes) = codes_of(&app, &token, None).await;
        assert!(total > 0);
        assert!(
            codes.iter().all(|c| c.starts_with("LD.LIENHUONG-")),
            "{role}: {codes:?}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_province_admin_sees_the_subtree_and_only_it() {
    let app = spawn_app().await;
    let tn = app.staff_of("tinh", "TN").await;
    let (total, codes) = codes_of(&app, &tn, None).await;
    let (bm, _) = codes_of(&app, &app.staff_of("tiepnhan", "TN.BINHMINH").await, None).await;
    let (nt, _) = codes_of(&app, &app.staff_of("tiepnhan", "TN.NINHTHANH").await, None).await;
    assert_eq!(total, bm + nt);
    assert!(codes.iter().all(|c| c.starts_with("TN.")));
    let (narrow, _) = codes_of(&app, &tn, Some("TN.BINHMINH")).await;
    assert_eq!(narrow, bm);
    let (other, _) = codes_of(&app, &tn, Some("LD")).await;
    assert_eq!(other, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_citizen_sees_only_their_own_dossiers() {
    let app = spawn_app().await;
    let (citizen, _) = app
        .login("congdan@demo.motcua.vn", crate::helpers::DEMO_PASSWORD)
        .await;
    let (total, _) = codes_of(&app, &citizen, None).await;
    assert!(total > 0, "the demo citizen owns some dossiers");
    // A brand-new citizen owns none, in any ward.
    app.graphql(
        "mutation { register(input: {email: \"moi@x.vn\", password: \"matkhau123\", fullName: \"Người Mới\"}) { accessToken } }",
        json!({}),
    )
    .await
    .ok();
    let (fresh, _) = app.login("moi@x.vn", "matkhau123").await;
    let (total, _) = codes_of(&app, &fresh, None).await;
    assert_eq!(total, 0);
    // ...and cannot open someone else's by code.
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let (_, codes) = codes_of(&app, &staff, None).await;
    let r = app
        .graphql_as(Some(&fresh), ONE, json!({"c": codes[0]}))
        .await
        .ok();
    assert!(r.data("dossier").is_null());
    app.stop().await;
}

#[tokio::test]
async fn anonymous_callers_get_no_dossiers() {
    let app = spawn_app().await;
    let r = app.graphql(LIST, json!({})).await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    let r = app
        .graphql(ONE, json!({"c": "TN.BINHMINH-260101-0001"}))
        .await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn pages_walk_the_whole_list_without_repeats() {
    let app = spawn_app().await;
    let token = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let mut after: Option<String> = None;
    let mut seen = std::collections::BTreeSet::new();
    let total = loop {
        let r = app
            .graphql_as(Some(&token), LIST, json!({"first": 7, "after": after}))
            .await
            .ok();
        let total = r.data("dossiers.totalCount").as_i64().unwrap();
        for n in r.data("dossiers.nodes").as_array().unwrap() {
            assert!(
                seen.insert(n["code"].as_str().unwrap().to_string()),
                "repeated {n}"
            );
        }
        if !r.data("dossiers.pageInfo.hasNextPage").as_bool().unwrap() {
            break total;
        }
        after = r
            .data("dossiers.pageInfo.endCursor")
            .as_str()
            .map(str::to_string);
    };
    assert_eq!(seen.len() as i64, total);
    let r = app
        .graphql_as(Some(&token), LIST, json!({"first": 101}))
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    let r = app
        .graphql_as(Some(&token), LIST, json!({"after": "!!bogus"}))
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    app.stop().await;
}

/// The second wall: through the application role, a raw query with no tenant setting sees no
/// tenant-owned row, and with ward A's setting sees only A's rows.
#[tokio::test]
async fn row_level_security_fails_closed_on_postgres() {
    // Always on PostgreSQL, whatever the suite's backend (fails under CI if unreachable).
    let Some(base) = postgres_server().await else {
        return;
    };
    let app = spawn_app_on(&Backend::Postgres { base }, &[]).await;
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let db = &app.state.db;
    let a = app.state.tenants.by_code("TN.BINHMINH").unwrap().id;
    for table in [
        "dossiers",
        "dossier_events",
        "dossier_counters",
        "procedure_assignments",
    ] {
        let txn = db.begin().await.unwrap();
        let row = txn
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                format!("SELECT count(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        assert_eq!(n, 0, "{table} visible without a tenant setting");
        txn.execute_unprepared(&format!(
            "SELECT set_config('motcua.tenant_ids', '{a}', true)"
        ))
        .await
        .unwrap();
        let row = txn
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                format!("SELECT count(*) AS n, count(*) FILTER (WHERE tenant_id <> {a}) AS other FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        let other: i64 = row.try_get("", "other").unwrap();
        if ["dossiers", "dossier_events", "procedure_assignments"].contains(&table) {
            assert!(n > 0, "{table}: ward A sees its own rows");
        }
        assert_eq!(other, 0, "{table}: ward A sees another tenant's rows");
        // Writing a row for another tenant is refused by the policy's WITH CHECK.
        if table == "dossier_counters" {
            let b = app.state.tenants.by_code("TN.NINHTHANH").unwrap().id;
            let err = txn
                .execute_unprepared(&format!(
                    "INSERT INTO dossier_counters (tenant_id, day, last_seq) VALUES ({b}, '2020-01-01', 1)"
                ))
                .await;
            assert!(err.is_err(), "insert for another tenant must be refused");
        }
        txn.rollback().await.unwrap();
    }
    // And the application role really is not a superuser / owner that would bypass RLS.
    let row = db
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT current_user::text AS u, (SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user) AS bypass".to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    let user: String = row.try_get("", "u").unwrap();
    let bypass: bool = row.try_get("", "bypass").unwrap();
    assert_eq!(user, "motcua_app");
    assert!(!bypass);
    app.stop().await;
}
