//! Paying a dossier's fee: payment requests with a VietQR code, the signed webhook (good,
//! replayed, stale, forged, wrong amount, unknown provider), the review queue, the demo's
//! `simulatePayment`, and tenant isolation of payments.

use backend::auth::TenantScope;
use backend::domains::dossiers::model::dossier;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Statement};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, postgres_server, spawn_app, spawn_app_on, spawn_app_with};

const CREATE: &str = "mutation($c: String!) { createPayment(dossierCode: $c) { dossierCode reference amountVnd status expiresAt paidAt provider qrPayload qrSvg bankBin bankAccount accountName } }";
const SHOW: &str = "query($c: String!) { payment(dossierCode: $c) { reference amountVnd status paidAt provider qrPayload } dossier(code: $c) { paidOnline feeVnd timeline { note } } }";
const SIMULATE: &str = "mutation($c: String!) { simulatePayment(dossierCode: $c) { reference status provider paidAt qrPayload } }";
const REVIEWS: &str = "query($t: String, $open: Boolean) { paymentReviews(tenantCode: $t, open: $open, first: 20) { totalCount nodes { id tenantCode dossierCode reference reason expectedVnd receivedVnd provider providerTxnId resolvedAt accepted note } } }";
const RESOLVE: &str = "mutation($id: ID!, $note: String!, $accept: Boolean!) { resolvePaymentReview(id: $id, note: $note, accept: $accept) { id resolvedAt accepted note } }";

const FEE: i64 = 15_000;

/// A dossier the token's holder can see, in a status that takes payments, with its fee set to
/// [`FEE`] and not paid yet (a direct update inside a tenant-scoped transaction).
async fn payable_dossier(app: &TestApp, token: &str) -> String {
    let r = app
        .graphql_as(
            Some(token),
            "{ dossiers(first: 100) { nodes { code status tenant { code } } } }",
            json!({}),
        )
        .await
        .ok();
    let node = r
        .data("dossiers.nodes")
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            matches!(
                n["status"].as_str().unwrap(),
                "SUBMITTED" | "RECEIVED" | "IN_PROGRESS" | "RESOLVED" | "RETURNED"
            )
        })
        .expect("a demo dossier that takes payments")
        .clone();
    let code = node["code"].as_str().unwrap().to_string();
    let tenant = app
        .state
        .tenants
        .by_code(node["tenant"]["code"].as_str().unwrap())
        .unwrap()
        .id;
    let scope = TenantScope::of([tenant]);
    let txn = scope.begin(&app.state.db).await.unwrap();
    let changed = scope
        .update_many::<dossier::Entity>()
        .col_expr(dossier::Column::FeeVnd, Expr::value(FEE))
        .col_expr(dossier::Column::PaidOnline, Expr::value(false))
        .filter(dossier::Column::Code.eq(code.clone()))
        .exec(&txn)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected, 1);
    txn.commit().await.unwrap();
    code
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Posts a notification; `sign` = None sends no signature header.
async fn webhook(
    app: &TestApp,
    provider: &str,
    body: &Value,
    timestamp: i64,
    signature: Option<String>,
) -> (u16, Value) {
    let raw = serde_json::to_vec(body).unwrap();
    let mut req = app
        .client
        .post(app.url(&format!("/payments/webhook/{provider}")))
        .header("content-type", "application/json")
        .header("x-motcua-timestamp", timestamp.to_string())
        .body(raw);
    if let Some(s) = signature {
        req = req.header("x-motcua-signature", s);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// A correctly signed notification from the `dev` provider.
async fn signed(app: &TestApp, body: &Value) -> (u16, Value) {
    let ts = now();
    let sig = app
        .state
        .payment_providers
        .sign("dev", &ts.to_string(), &serde_json::to_vec(body).unwrap())
        .unwrap();
    webhook(app, "dev", body, ts, Some(sig)).await
}

fn notification(txn: &str, reference: &str, amount: i64) -> Value {
    json!({
        "txnId": txn,
        "reference": reference,
        "amountVnd": amount,
        "paidAt": chrono::Utc::now().to_rfc3339(),
    })
}

fn paid_steps(show: &crate::helpers::Gql) -> usize {
    show.data("dossier.timeline")
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["note"]
                .as_str()
                .unwrap()
                .starts_with("Đã thanh toán trực tuyến")
        })
        .count()
}

#[tokio::test]
async fn a_payment_request_carries_a_vietqr_code_with_amount_and_reference() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;

    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let p = r.data("createPayment").clone();
    assert_eq!(p["status"], "PENDING");
    assert_eq!(p["amountVnd"], FEE);
    assert_eq!(p["dossierCode"], code.as_str());
    let reference = p["reference"].as_str().unwrap().to_string();
    assert!(
        reference.starts_with("HS") && reference.len() <= 25,
        "{reference}"
    );
    assert!(reference.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert!(p["paidAt"].is_null() && p["provider"].is_null());
    assert_eq!(
        p["bankBin"], "970415",
        "the demo's Tây Ninh account is at VietinBank"
    );

    let qr = shared::VietQr::parse(p["qrPayload"].as_str().unwrap()).expect("a valid VietQR");
    assert!(qr.is_dynamic());
    assert_eq!(qr.amount_vnd, Some(FEE as u64));
    assert_eq!(qr.reference.as_deref(), Some(reference.as_str()));
    assert_eq!(qr.bin, p["bankBin"].as_str().unwrap());
    assert_eq!(qr.account, p["bankAccount"].as_str().unwrap());
    assert!(!p["accountName"].as_str().unwrap().is_empty());
    let svg = p["qrSvg"].as_str().unwrap();
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg:.200}");

    // Asking again returns the same pending request.
    let again = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    assert_eq!(again.data("createPayment.reference"), reference.as_str());
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.reference"), reference.as_str());
    assert_eq!(show.data("payment.status"), "PENDING");

    // A dossier without a fee has nothing to pay.
    let scope = TenantScope::of([app.state.tenants.by_code("TN.BINHMINH").unwrap().id]);
    let txn = scope.begin(&app.state.db).await.unwrap();
    scope
        .update_many::<dossier::Entity>()
        .col_expr(dossier::Column::FeeVnd, Expr::value(0i64))
        .filter(dossier::Column::Code.eq(code.clone()))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    app.stop().await;
}

#[tokio::test]
async fn a_signed_notification_pays_the_dossier_exactly_once() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let reference = r
        .data("createPayment.reference")
        .as_str()
        .unwrap()
        .to_string();
    let mut events = app.state.bus.subscribe();

    // Banks wrap the reference in their own words and may change its case.
    let body = notification(
        "BANK-0001",
        &format!("MBVCB.991.{}.CT tu 0123", reference.to_lowercase()),
        FEE,
    );
    let (status, out) = signed(&app, &body).await;
    assert_eq!((status, &out), (200, &json!({"outcome": "paid"})));

    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.status"), "PAID");
    assert_eq!(show.data("payment.provider"), "dev");
    assert!(!show.data("payment.paidAt").is_null());
    assert!(show.data("payment.qrPayload").is_null(), "no QR once paid");
    assert_eq!(show.data("dossier.paidOnline"), true);
    assert_eq!(paid_steps(&show), 1);

    // Subscribers hear about it (after the commit).
    let event = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let e = events.recv().await.unwrap();
            if e.payload["kind"] == "paid" {
                return e;
            }
        }
    })
    .await
    .expect("a `paid` dossier event");
    assert_eq!(event.payload["code"], code.as_str());

    // The same transaction again: the original outcome, no second effect.
    let (status, out) = signed(&app, &body).await;
    assert_eq!(status, 200);
    assert_eq!(out["outcome"], "paid");
    assert_eq!(out["replay"], true);
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(paid_steps(&show), 1);

    // A paid dossier takes no new payment request.
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("CONFLICT"));
    app.stop().await;
}

#[tokio::test]
async fn concurrent_deliveries_settle_a_payment_once() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let reference = r
        .data("createPayment.reference")
        .as_str()
        .unwrap()
        .to_string();

    // The same transaction delivered five times at once, and a second transfer racing it.
    let same = notification("BANK-RACE", &reference, FEE);
    let other = notification("BANK-RACE-2", &reference, FEE);
    let mut calls: Vec<_> = (0..5).map(|_| signed(&app, &same)).collect();
    calls.push(signed(&app, &other));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(|(s, _)| *s == 200), "{results:?}");
    let first_deliveries: Vec<&Value> = results[..5]
        .iter()
        .map(|(_, b)| b)
        .filter(|b| b.get("replay").is_none())
        .collect();
    assert_eq!(first_deliveries.len(), 1, "{results:?}");
    // Whichever transfer came first paid; the other went to review.
    let mut outcomes = vec![
        first_deliveries[0]["outcome"].as_str().unwrap(),
        results[5].1["outcome"].as_str().unwrap(),
    ];
    outcomes.sort_unstable();
    assert_eq!(outcomes, ["paid", "review"], "{results:?}");
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.status"), "PAID");
    assert_eq!(paid_steps(&show), 1);
    app.stop().await;
}

#[tokio::test]
async fn stale_forged_unknown_and_oversized_notifications_are_refused() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let reference = r
        .data("createPayment.reference")
        .as_str()
        .unwrap()
        .to_string();
    let body = notification("BANK-0002", &reference, FEE);
    let raw = serde_json::to_vec(&body).unwrap();
    let providers = &app.state.payment_providers;

    // Signed correctly, but ten minutes old.
    let old = now() - 600;
    let sig = providers.sign("dev", &old.to_string(), &raw).unwrap();
    let (status, out) = webhook(&app, "dev", &body, old, Some(sig)).await;
    assert_eq!(status, 401, "{out}");
    assert_eq!(out["error"], "UNAUTHENTICATED");
    // Signed for another timestamp, with another key, or not at all.
    let ts = now();
    let sig = providers.sign("dev", &(ts - 1).to_string(), &raw).unwrap();
    assert_eq!(webhook(&app, "dev", &body, ts, Some(sig)).await.0, 401);
    let forged = backend::domains::payments::webhook::PaymentProviders::with_secrets([(
        "dev",
        b"not-the-real-secret-at-all".as_slice(),
    )])
    .sign("dev", &ts.to_string(), &raw)
    .unwrap();
    assert_eq!(webhook(&app, "dev", &body, ts, Some(forged)).await.0, 401);
    assert_eq!(webhook(&app, "dev", &body, ts, None).await.0, 401);
    assert_eq!(
        webhook(&app, "dev", &body, ts, Some("sha256=zz".into()))
            .await
            .0,
        401
    );
    // A provider nobody configured.
    let (status, out) = webhook(&app, "nobody", &body, ts, Some("sha256=00".into())).await;
    assert_eq!((status, out["error"].as_str()), (404, Some("NOT_FOUND")));
    // Too large to read.
    let big = json!({ "txnId": "x", "reference": "y".repeat(70 * 1024), "amountVnd": 1, "paidAt": "2026-01-01T00:00:00Z" });
    assert_eq!(signed(&app, &big).await.0, 413);
    // Signed but not a notification.
    assert_eq!(signed(&app, &json!({"hello": 1})).await.0, 400);

    // None of it touched the payment.
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.status"), "PENDING");
    assert_eq!(show.data("dossier.paidOnline"), false);

    // A reference nobody issued is recorded and answered, not an error.
    let (status, out) = signed(&app, &notification("BANK-0003", "HSAAAAAAAAAA", FEE)).await;
    assert_eq!(
        (status, out),
        (200, json!({"outcome": "unknown_reference"}))
    );
    let (_, out) = signed(&app, &notification("BANK-0003", "HSAAAAAAAAAA", FEE)).await;
    assert_eq!(out["replay"], true);
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_amount_goes_to_review_and_does_not_pay() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let reference = r
        .data("createPayment.reference")
        .as_str()
        .unwrap()
        .to_string();

    let (status, out) = signed(&app, &notification("BANK-0004", &reference, FEE - 1_000)).await;
    assert_eq!((status, out), (200, json!({"outcome": "review"})));
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.status"), "PENDING");
    assert_eq!(show.data("dossier.paidOnline"), false);
    assert_eq!(paid_steps(&show), 0);

    // Only leaders and administrators of the unit see the queue.
    let r = app.graphql_as(Some(&staff), REVIEWS, json!({})).await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    let other = app.staff_of("lanhdao", "TN.NINHTHANH").await;
    let r = app.graphql_as(Some(&other), REVIEWS, json!({})).await.ok();
    assert_eq!(r.data("paymentReviews.totalCount"), 0);
    let province = app.staff_of("tinh", "TN").await;
    let r = app
        .graphql_as(
            Some(&province),
            REVIEWS,
            json!({"t": "TN.BINHMINH", "open": true}),
        )
        .await
        .ok();
    assert_eq!(r.data("paymentReviews.totalCount"), 1);
    let leader = app.staff_of("lanhdao", "TN.BINHMINH").await;
    let r = app
        .graphql_as(Some(&leader), REVIEWS, json!({"open": true}))
        .await
        .ok();
    let review = r.data("paymentReviews.nodes")[0].clone();
    assert_eq!(review["reason"], "AMOUNT_MISMATCH");
    assert_eq!(review["dossierCode"], code.as_str());
    assert_eq!(review["tenantCode"], "TN.BINHMINH");
    assert_eq!(review["reference"], reference.as_str());
    assert_eq!(review["expectedVnd"], FEE);
    assert_eq!(review["receivedVnd"], FEE - 1_000);
    assert_eq!(review["providerTxnId"], "BANK-0004");
    assert!(review["resolvedAt"].is_null());
    let id = review["id"].as_str().unwrap().to_string();

    // Another unit's leader cannot resolve it; it does not exist for them.
    let r = app
        .graphql_as(
            Some(&other),
            RESOLVE,
            json!({"id": id, "note": "x", "accept": true}),
        )
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let r = app
        .graphql_as(
            Some(&leader),
            RESOLVE,
            json!({"id": id, "note": "  ", "accept": true}),
        )
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));

    // Accepting it (the unit waives the 1,000 VND) settles the payment.
    let r = app
        .graphql_as(
            Some(&leader),
            RESOLVE,
            json!({"id": id, "note": "Miễn phần thiếu 1.000 đồng", "accept": true}),
        )
        .await
        .ok();
    assert_eq!(r.data("resolvePaymentReview.accepted"), true);
    assert!(!r.data("resolvePaymentReview.resolvedAt").is_null());
    let show = app
        .graphql_as(Some(&staff), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("payment.status"), "PAID");
    assert_eq!(show.data("dossier.paidOnline"), true);
    assert_eq!(paid_steps(&show), 1);
    let r = app
        .graphql_as(
            Some(&leader),
            RESOLVE,
            json!({"id": id, "note": "again", "accept": false}),
        )
        .await;
    assert_eq!(r.code(), Some("CONFLICT"));
    let r = app
        .graphql_as(Some(&leader), REVIEWS, json!({"open": true}))
        .await
        .ok();
    assert_eq!(r.data("paymentReviews.totalCount"), 0);

    // Money arriving again for a paid dossier is queued too, never applied twice.
    let (_, out) = signed(&app, &notification("BANK-0005", &reference, FEE)).await;
    assert_eq!(out["outcome"], "review");
    let r = app
        .graphql_as(Some(&leader), REVIEWS, json!({"open": true}))
        .await
        .ok();
    assert_eq!(r.data("paymentReviews.nodes")[0]["reason"], "ALREADY_PAID");
    app.stop().await;
}

#[tokio::test]
async fn another_units_staff_cannot_create_or_see_a_payment() {
    let app = spawn_app().await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    app.graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();

    let other = app.staff_of("tiepnhan", "TN.NINHTHANH").await;
    let r = app
        .graphql_as(Some(&other), CREATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let r = app
        .graphql_as(
            Some(&other),
            "query($c: String!) { payment(dossierCode: $c) { reference } }",
            json!({"c": code}),
        )
        .await
        .ok();
    assert!(r.data("payment").is_null());
    let r = app
        .graphql_as(Some(&other), SIMULATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"));

    // A citizen who does not own it sees nothing either; anonymous callers must sign in.
    app.graphql(
        "mutation { register(input: {email: \"la@x.vn\", password: \"matkhau123\", fullName: \"Người Lạ\"}) { accessToken } }",
        json!({}),
    )
    .await
    .ok();
    let (stranger, _) = app.login("la@x.vn", "matkhau123").await;
    let r = app
        .graphql_as(Some(&stranger), CREATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let r = app.graphql(CREATE, json!({"c": code})).await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn simulate_payment_pays_through_the_webhook_path() {
    let app = spawn_app().await;
    let (citizen, _) = app
        .login("congdan@demo.motcua.vn", crate::helpers::DEMO_PASSWORD)
        .await;
    let code = payable_dossier(&app, &citizen).await;

    let r = app
        .graphql_as(Some(&citizen), SIMULATE, json!({"c": code}))
        .await
        .ok();
    assert_eq!(r.data("simulatePayment.status"), "PAID");
    assert_eq!(r.data("simulatePayment.provider"), "dev");
    assert!(r.data("simulatePayment.qrPayload").is_null());
    let reference = r
        .data("simulatePayment.reference")
        .as_str()
        .unwrap()
        .to_string();
    let show = app
        .graphql_as(Some(&citizen), SHOW, json!({"c": code}))
        .await
        .ok();
    assert_eq!(show.data("dossier.paidOnline"), true);
    assert_eq!(paid_steps(&show), 1);

    // It went through the webhook's record: one `dev` notification, outcome `paid`.
    let backend_kind = app.state.db.get_database_backend();
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            backend_kind,
            format!(
                "SELECT provider, outcome, tenant_id FROM payment_notifications WHERE reference = '{reference}'"
            ),
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let provider: String = rows[0].try_get("", "provider").unwrap();
    let outcome: String = rows[0].try_get("", "outcome").unwrap();
    assert_eq!((provider.as_str(), outcome.as_str()), ("dev", "paid"));

    // Paying twice is refused before any money moves.
    let r = app
        .graphql_as(Some(&citizen), SIMULATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("CONFLICT"));
    app.stop().await;
}

#[tokio::test]
async fn simulated_payments_can_be_turned_off() {
    let app = spawn_app_with(&[("MOTCUA_DEV_PAYMENTS", "false")]).await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), SIMULATE, json!({"c": code}))
        .await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    // Payment requests still work.
    app.graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    app.stop().await;
}

async fn count(txn: &sea_orm::DatabaseTransaction, table: &str) -> i64 {
    let row = txn
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT count(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// On PostgreSQL, payments are behind row-level security like every tenant-owned table, and
/// the global reference map lets a webhook find the tenant without seeing any payment.
#[tokio::test]
async fn payments_are_invisible_without_their_tenant_setting_on_postgres() {
    let Some(base) = postgres_server().await else {
        return;
    };
    let app = spawn_app_on(&Backend::Postgres { base }, &[]).await;
    let staff = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let code = payable_dossier(&app, &staff).await;
    let r = app
        .graphql_as(Some(&staff), CREATE, json!({"c": code}))
        .await
        .ok();
    let reference = r
        .data("createPayment.reference")
        .as_str()
        .unwrap()
        .to_string();
    let (_, out) = signed(&app, &notification("BANK-PG", &reference, FEE - 1)).await;
    assert_eq!(out["outcome"], "review");

    use sea_orm::TransactionTrait;
    let a = app.state.tenants.by_code("TN.BINHMINH").unwrap().id;
    let b = app.state.tenants.by_code("TN.NINHTHANH").unwrap().id;
    for (setting, expected) in [(None, 0), (Some(b), 0), (Some(a), 1)] {
        let txn = app.state.db.begin().await.unwrap();
        if let Some(t) = setting {
            txn.execute_unprepared(&format!(
                "SELECT set_config('motcua.tenant_ids', '{t}', true)"
            ))
            .await
            .unwrap();
        }
        assert_eq!(count(&txn, "payments").await, expected, "{setting:?}");
        assert_eq!(
            count(&txn, "payment_reviews").await,
            expected,
            "{setting:?}"
        );
        // The reference map is global and holds no personal data.
        assert_eq!(count(&txn, "payment_references").await, 1);
        txn.rollback().await.unwrap();
    }
    app.stop().await;
}
