//! The procedure catalogue: accent-insensitive ranked search, filters, pages, QR codes.

use serde_json::json;

use crate::helpers::spawn_app;

const SEARCH: &str = "query($t: String!, $s: String, $f: String, $l: OnlineLevel, $first: Int, $after: String) { procedures(tenantCode: $t, search: $s, field: $f, onlineLevel: $l, first: $first, after: $after) { totalCount nodes { code name field onlineLevel formFields { key required } documents { name required } } pageInfo { hasNextPage endCursor } } }";

#[tokio::test]
async fn vietnamese_typing_is_forgiven_and_the_best_match_comes_first() {
    let app = spawn_app().await;
    for typed in [
        "khai sinh",
        "KHAI SINH",
        "khai  sinh",
        "Khai Sinh",
        "khai sinh",
    ] {
        let r = app
            .graphql(SEARCH, json!({"t": "TN.BINHMINH", "s": typed}))
            .await
            .ok();
        let nodes = r.data("procedures.nodes").as_array().unwrap().clone();
        assert!(!nodes.is_empty(), "{typed}");
        assert_eq!(nodes[0]["name"], "Đăng ký khai sinh", "{typed}: {nodes:?}");
        assert!(nodes.iter().all(|n| shared::fold_vietnamese(n["name"].as_str().unwrap()).contains("khai sinh")));
    }
    // The code works as a search term too.
    let r = app
        .graphql(SEARCH, json!({"t": "TN.BINHMINH", "s": "1.001193"}))
        .await
        .ok();
    assert_eq!(r.data("procedures.totalCount"), 1);
    // The form and documents come with the procedure.
    let r = app
        .graphql(
            SEARCH,
            json!({"t": "TN.BINHMINH", "s": "dang ky khai sinh"}),
        )
        .await
        .ok();
    let first = &r.data("procedures.nodes")[0];
    assert!(
        first["formFields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "child_full_name")
    );
    assert!(
        first["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["required"] == true)
    );
    app.stop().await;
}

#[tokio::test]
async fn filters_and_pages_cover_the_whole_catalogue() {
    let app = spawn_app().await;
    let r = app
        .graphql(
            "{ procedureFields(tenantCode: \"TN.BINHMINH\") }",
            json!({}),
        )
        .await
        .ok();
    let fields = r.data("procedureFields").as_array().unwrap().clone();
    assert!(fields.iter().any(|f| f == "Hộ tịch"));
    let r = app
        .graphql(
            SEARCH,
            json!({"t": "TN.BINHMINH", "f": "Hộ tịch", "first": 100}),
        )
        .await
        .ok();
    assert!(
        r.data("procedures.nodes")
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["field"] == "Hộ tịch")
    );
    let r = app
        .graphql(
            SEARCH,
            json!({"t": "TN.BINHMINH", "l": "FULL", "first": 100}),
        )
        .await
        .ok();
    assert!(
        r.data("procedures.nodes")
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["onlineLevel"] == "FULL")
    );

    let all = app
        .graphql(SEARCH, json!({"t": "TN.BINHMINH", "first": 100}))
        .await
        .ok();
    let total = all.data("procedures.totalCount").as_i64().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let r = app
            .graphql(
                SEARCH,
                json!({"t": "TN.BINHMINH", "first": 5, "after": after}),
            )
            .await
            .ok();
        for n in r.data("procedures.nodes").as_array().unwrap() {
            assert!(seen.insert(n["code"].as_str().unwrap().to_string()));
        }
        if !r.data("procedures.pageInfo.hasNextPage").as_bool().unwrap() {
            break;
        }
        after = r
            .data("procedures.pageInfo.endCursor")
            .as_str()
            .map(str::to_string);
    }
    assert_eq!(seen.len() as i64, total);
    // A province offers what its units offer; an unknown unit is NOT_FOUND.
    let r = app
        .graphql(SEARCH, json!({"t": "TN", "first": 100}))
        .await
        .ok();
    assert!(r.data("procedures.totalCount").as_i64().unwrap() >= total);
    let r = app.graphql(SEARCH, json!({"t": "XX.NOWHERE"})).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    app.stop().await;
}

#[tokio::test]
async fn each_procedure_has_a_qr_code_that_opens_its_page() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url("/procedures/1.001193/qr.svg?tenant=TN.BINHMINH"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert!(resp.text().await.unwrap().contains("<svg"));
    let resp = app
        .client
        .get(app.url("/procedures/9.999999/qr.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    let r = app
        .graphql(
            "{ procedure(code: \"1.001193\") { name nameEn } }",
            json!({}),
        )
        .await
        .ok();
    assert_eq!(r.data("procedure.name"), "Đăng ký khai sinh");
    app.stop().await;
}

#[tokio::test]
async fn unit_admins_switch_procedures_on_and_off_and_others_cannot() {
    let app = spawn_app().await;
    const SET: &str = "mutation($t: String!, $p: String!, $e: Boolean!) { setProcedureAssignment(tenantCode: $t, procedureCode: $p, enabled: $e, feeNote: \"Miễn phí\") { enabled feeNote department } }";
    let count = |r: &crate::helpers::Gql| r.data("procedures.totalCount").as_i64().unwrap();
    let before = app
        .graphql(SEARCH, json!({"t": "TN.BINHMINH", "s": "1.001193"}))
        .await
        .ok();
    assert_eq!(count(&before), 1);
    let admin = app.staff_of("quantri", "TN.BINHMINH").await;
    let r = app
        .graphql_as(
            Some(&admin),
            SET,
            json!({"t": "TN.BINHMINH", "p": "1.001193", "e": false}),
        )
        .await
        .ok();
    assert_eq!(r.data("setProcedureAssignment.enabled"), false);
    assert_eq!(r.data("setProcedureAssignment.feeNote"), "Miễn phí");
    let after = app
        .graphql(SEARCH, json!({"t": "TN.BINHMINH", "s": "1.001193"}))
        .await
        .ok();
    assert_eq!(
        count(&after),
        0,
        "a disabled procedure leaves the unit's catalogue"
    );
    // The province admin above may switch it back; staff and other units' admins may not.
    let province = app.staff_of("tinh", "TN").await;
    app.graphql_as(
        Some(&province),
        SET,
        json!({"t": "TN.BINHMINH", "p": "1.001193", "e": true}),
    )
    .await
    .ok();
    for (who, unit) in [
        ("quantri", "TN.NINHTHANH"),
        ("tiepnhan", "TN.BINHMINH"),
        ("tinh", "LD"),
    ] {
        let token = app.staff_of(who, unit).await;
        let r = app
            .graphql_as(
                Some(&token),
                SET,
                json!({"t": "TN.BINHMINH", "p": "1.001193", "e": false}),
            )
            .await;
        assert_eq!(r.code(), Some("FORBIDDEN"), "{who}.{unit}");
    }
    let r = app
        .graphql(
            SET,
            json!({"t": "TN.BINHMINH", "p": "1.001193", "e": false}),
        )
        .await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    app.stop().await;
}
