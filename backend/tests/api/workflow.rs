//! Staff workflow through the API: the happy path with its documents and audit chain, the
//! supplement pause and the due date it moves, refusal, withdrawal, illegal and concurrent
//! transitions, tenant isolation and roles, the work queue, and `motcua audit verify`.

use backend::auth::TenantScope;
use backend::domains::dossiers::model::dossier;
use backend::domains::workflow::{audit, repo as workflow_repo};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Backend, DEMO_PASSWORD, Gql, TestApp, spawn_app};
use crate::submissions::{PDF, PNG, birth_form, submit_multipart};

const WARD: &str = "TN.BINHMINH";
const TOKHAI: &str = "Tờ khai đăng ký khai sinh theo mẫu";
const CHUNGSINH: &str = "Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh nếu không có giấy chứng sinh)";

const TRANSITION: &str = "mutation($c: String!, $a: DossierAction!, $v: Int!, $note: String, $reasons: [String!], $assignee: ID, $due: DateTime, $partner: String, $post: String) {
  transitionDossier(code: $c, action: $a, expectedVersion: $v, note: $note, reasons: $reasons, assignee: $assignee, newDueAt: $due, partnerTenantCode: $partner, postalTrackingNumber: $post) {
    from to clock countsAsLate
    document { kind number title content sha256 }
    dossier { code status version receivedAt dueAt finishedAt workflow { stage version assignedToId resultCode supplementRequests countsAsLate pauseStartedAt pausedWorkingSeconds } }
  }
}";

const SHOW: &str = "query($c: String!) { dossier(code: $c) {
  code status version receivedAt dueAt finishedAt
  timeline { at fromStatus toStatus actorName note }
  workflow { stage step version assignedToId assignedToName dueAtOriginal rescheduledTo pauseStartedAt pausedWorkingSeconds supplementRequests countsAsLate resultCode returnChannel postalTrackingNumber allowedActions handledBy { code }
    documents { kind number title content sha256 } }
} }";

const QUEUE: &str = "query($f: WorkQueueFilter, $first: Int, $after: String) { workQueue(filter: $f, first: $first, after: $after) {
  totalCount counts { open dueToday overdue waitingForCitizen assignedToMe }
  pageInfo { hasNextPage endCursor }
  nodes { code status dueAt submittedAt workflow { assignedToId } procedure { code } }
} }";

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not an instant: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

/// Tokens of the ward's staff and the demo citizen.
struct People {
    reception: String,
    specialist: String,
    specialist_id: String,
    leader: String,
    citizen: String,
}

async fn people(app: &TestApp) -> People {
    let specialist = app.staff_of("chuyenvien", WARD).await;
    let me = app
        .graphql_as(Some(&specialist), "{ me { id } }", json!({}))
        .await
        .ok();
    People {
        reception: app.staff_of("tiepnhan", WARD).await,
        specialist_id: me.data("me.id").as_str().unwrap().to_string(),
        specialist,
        leader: app.staff_of("lanhdao", WARD).await,
        citizen: app.login("congdan@demo.motcua.vn", DEMO_PASSWORD).await.0,
    }
}

/// A citizen's online birth registration (SUBMITTED, version 0).
async fn submit_online(app: &TestApp, citizen: &str, key: &str) -> String {
    let body = submit_multipart(
        app,
        citizen,
        json!({"tenantCode": WARD, "procedureCode": "1.001193", "idempotencyKey": key, "form": birth_form()}),
        vec![
            (TOKHAI, "to-khai.pdf", "application/pdf", PDF),
            (CHUNGSINH, "chung-sinh.png", "image/png", PNG),
        ],
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["submitDossier"]["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A signature certification entered at the counter (accepted on the spot: RECEIVED, v0).
async fn submit_at_counter(app: &TestApp, reception: &str, key: &str) -> String {
    let input = json!({
        "tenantCode": WARD,
        "procedureCode": "2.000884",
        "idempotencyKey": key,
        "channel": "COUNTER",
        "applicant": {"fullName": "Lê Thị Mai"},
        "form": [
            {"key": "document_title", "value": "Hợp đồng"},
            {"key": "signer_count", "value": "2"},
            {"key": "document_language", "value": "Tiếng Việt"},
            {"key": "sign_in_person", "value": "true"}
        ]
    });
    let r = app
        .graphql_as(
            Some(reception),
            "mutation($in: SubmitDossierInput!) { submitDossier(input: $in) { dossier { code status } } }",
            json!({"in": input}),
        )
        .await
        .ok();
    assert_eq!(r.data("submitDossier.dossier.status"), "RECEIVED");
    r.data("submitDossier.dossier.code")
        .as_str()
        .unwrap()
        .to_string()
}

async fn act(
    app: &TestApp,
    token: &str,
    code: &str,
    action: &str,
    version: i64,
    extra: Value,
) -> Gql {
    let mut vars = json!({"c": code, "a": action, "v": version});
    if let (Some(v), Some(extra)) = (vars.as_object_mut(), extra.as_object()) {
        v.extend(extra.clone());
    }
    app.graphql_as(Some(token), TRANSITION, vars).await
}

/// Acts and expects success; returns the payload.
async fn ok(
    app: &TestApp,
    token: &str,
    code: &str,
    action: &str,
    version: i64,
    extra: Value,
) -> Value {
    let r = act(app, token, code, action, version, extra).await.ok();
    r.data("transitionDossier").clone()
}

async fn show(app: &TestApp, token: &str, code: &str) -> Value {
    app.graphql_as(Some(token), SHOW, json!({"c": code}))
        .await
        .ok()
        .data("dossier")
        .clone()
}

fn kinds(d: &Value) -> Vec<&str> {
    d["workflow"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect()
}

/// The tenant's audit chain, checked entry by entry.
async fn audit_chain(
    app: &TestApp,
    tenant_code: &str,
) -> Vec<backend::domains::workflow::model::audit_entry::Model> {
    let tenant = app.state.tenants.by_code(tenant_code).unwrap().id;
    let scope = TenantScope::of([tenant]);
    let txn = scope.begin(&app.state.db).await.unwrap();
    let rows = workflow_repo::audit_page(&txn, &scope, 0, 10_000)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let mut prev = audit::GENESIS.to_string();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.seq, i as i64 + 1, "no gaps");
        assert_eq!(r.prev_hash, prev, "each entry names the previous hash");
        assert_eq!(audit::entry_hash(&r.prev_hash, r), r.hash);
        prev = r.hash.clone();
    }
    rows
}

#[tokio::test]
async fn a_dossier_walks_the_happy_path_with_its_documents_timeline_and_audit_chain() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_online(&app, &p.citizen, "happy-path-0001").await;

    // The reception officer sees what they may do, and accepts: receipt + appointment.
    let d = show(&app, &p.reception, &code).await;
    assert_eq!(d["workflow"]["stage"], "SUBMITTED");
    assert_eq!(
        d["workflow"]["allowedActions"],
        json!(["ACCEPT", "REQUEST_SUPPLEMENT", "REFUSE", "WITHDRAW"])
    );
    let mut events = app.state.bus.subscribe();
    app.state
        .bus
        .wait_subscribed(std::time::Duration::from_secs(5))
        .await;
    let t = ok(&app, &p.reception, &code, "ACCEPT", 0, json!({})).await;
    // Staff queues hear about it (after commit), through Redis when configured.
    let event = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let e = events.recv().await.unwrap();
            if e.topic == "dossier" && e.payload["code"] == code.as_str() {
                return e;
            }
        }
    })
    .await
    .expect("a dossier event");
    assert_eq!(event.payload["kind"], "accepted");
    assert_eq!(event.payload["status"], "RECEIVED");
    assert_eq!(
        (t["from"].as_str(), t["to"].as_str(), t["clock"].as_str()),
        (Some("SUBMITTED"), Some("RECEIVED"), Some("START"))
    );
    let received = instant(&t["dossier"]["receivedAt"]);
    let due = instant(&t["dossier"]["dueAt"]);
    let expected_due = app
        .state
        .calendar
        .get()
        .due_at(received, shared::TimeLimit::same_day())
        .unwrap();
    assert_eq!(
        due, expected_due,
        "same-day procedure: close of the (normalised) acceptance day"
    );
    assert_eq!(t["dossier"]["version"], 1);
    assert_eq!(t["document"]["kind"], "FORM01");
    let receipt = t["document"]["content"].as_str().unwrap();
    assert!(receipt.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    assert!(receipt.contains(&code) && receipt.contains("Phường Bình Minh"));
    assert!(
        receipt.contains(
            &shared::time::vn_local(due)
                .format("%H:%M %d/%m/%Y")
                .to_string()
        )
    );

    // The leader assigns it to the specialist, who submits it for approval.
    let t = ok(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        1,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    assert_eq!(t["to"], "HANDLING");
    assert_eq!(
        t["dossier"]["workflow"]["assignedToId"],
        p.specialist_id.as_str()
    );
    let d = show(&app, &p.specialist, &code).await;
    assert!(
        d["workflow"]["allowedActions"]
            .as_array()
            .unwrap()
            .contains(&json!("SUBMIT_FOR_APPROVAL"))
    );
    assert!(d["workflow"]["assignedToName"].is_string());
    let t = ok(
        &app,
        &p.specialist,
        &code,
        "SUBMIT_FOR_APPROVAL",
        2,
        json!({"note": "Đủ điều kiện"}),
    )
    .await;
    assert_eq!(t["to"], "AWAITING_APPROVAL");
    assert_eq!(t["dossier"]["status"], "IN_PROGRESS");
    let t = ok(&app, &p.leader, &code, "APPROVE", 3, json!({})).await;
    assert_eq!(t["to"], "APPROVED");
    // The result is issued with a verification code; the clock stops.
    let t = ok(&app, &p.specialist, &code, "RESOLVE", 4, json!({})).await;
    assert_eq!(
        (t["to"].as_str(), t["clock"].as_str()),
        (Some("RESOLVED"), Some("STOP"))
    );
    let result_code = t["dossier"]["workflow"]["resultCode"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(result_code.len(), 16);
    assert!(
        t["document"]["content"]
            .as_str()
            .unwrap()
            .contains(&result_code)
    );
    let finished = instant(&t["dossier"]["finishedAt"]);
    assert!(finished >= received);
    // Returned at the counter.
    let t = ok(&app, &p.reception, &code, "RETURN_AT_COUNTER", 5, json!({})).await;
    assert_eq!(t["dossier"]["status"], "RETURNED");
    assert_eq!(
        instant(&t["dossier"]["finishedAt"]),
        finished,
        "resolved wins as the end instant"
    );

    let d = show(&app, &p.leader, &code).await;
    assert_eq!(d["version"], 6);
    assert_eq!(d["workflow"]["returnChannel"], "COUNTER");
    assert_eq!(d["workflow"]["allowedActions"], json!([]));
    let steps: Vec<(Value, Value)> = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["fromStatus"].clone(), e["toStatus"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("SUBMITTED")),
            (json!("SUBMITTED"), json!("RECEIVED")),
            (json!("RECEIVED"), json!("IN_PROGRESS")),
            (json!("IN_PROGRESS"), json!("IN_PROGRESS")),
            (json!("IN_PROGRESS"), json!("IN_PROGRESS")),
            (json!("IN_PROGRESS"), json!("RESOLVED")),
            (json!("RESOLVED"), json!("RETURNED")),
        ]
    );
    assert!(
        d["timeline"][3]["note"]
            .as_str()
            .unwrap()
            .contains("Đủ điều kiện")
    );
    assert_eq!(
        kinds(&d),
        vec!["FORM01", "FORM06", "FORM06", "FORM06", "RESULT", "FORM06"]
    );
    let numbers: std::collections::BTreeSet<&str> = d["workflow"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), 6, "every document has its own number");

    // The citizen was told at every step.
    let n = app
        .graphql_as(
            Some(&p.citizen),
            "{ notifications(first: 50) { items { kind dossierCode } } }",
            json!({}),
        )
        .await
        .ok();
    let mine: Vec<&str> = n
        .data("notifications.items")
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["dossierCode"] == code.as_str())
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "dossier.accepted",
        "dossier.assigned",
        "dossier.approved",
        "dossier.resolved",
        "dossier.returned",
    ] {
        assert!(mine.contains(&kind), "{kind} in {mine:?}");
    }

    // Six audit entries for the six transitions, chained; no personal data in them.
    let chain = audit_chain(&app, WARD).await;
    assert_eq!(chain.len(), 6);
    let actions: Vec<String> = chain
        .iter()
        .map(|e| {
            serde_json::from_str::<Value>(&e.detail).unwrap()["action"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        actions,
        [
            "ACCEPT",
            "ASSIGN",
            "SUBMIT_FOR_APPROVAL",
            "APPROVE",
            "RESOLVE",
            "RETURN_AT_COUNTER"
        ]
    );
    for e in &chain {
        assert!(
            !e.detail.contains("Nguyễn"),
            "no names in the audit log: {}",
            e.detail
        );
    }
    let report = audit::verify_all(&app.state).await.unwrap();
    assert_eq!(report.entries, 6);
    assert!(report.broken.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_supplement_request_pauses_the_clock_and_the_supplement_moves_the_due_date_by_the_paused_working_time()
 {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_at_counter(&app, &p.reception, "supplement-0001").await;
    ok(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;

    // One written list of everything missing; no list, no request.
    let r = act(
        &app,
        &p.specialist,
        &code,
        "REQUEST_SUPPLEMENT",
        1,
        json!({}),
    )
    .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    let missing = [
        "Bản chính hợp đồng",
        "Giấy tờ tùy thân của người ký thứ hai",
    ];
    let t = ok(
        &app,
        &p.specialist,
        &code,
        "REQUEST_SUPPLEMENT",
        1,
        json!({"reasons": missing}),
    )
    .await;
    assert_eq!(
        (t["to"].as_str(), t["clock"].as_str()),
        (Some("SUPPLEMENT_DURING_PROCESSING"), Some("PAUSE"))
    );
    assert_eq!(t["dossier"]["status"], "SUPPLEMENT_REQUESTED");
    assert!(!t["countsAsLate"].as_bool().unwrap());
    assert_eq!(t["document"]["kind"], "FORM02");
    for m in missing {
        assert!(t["document"]["content"].as_str().unwrap().contains(m));
    }
    let due_before = instant(&t["dossier"]["dueAt"]);
    assert!(t["dossier"]["workflow"]["pauseStartedAt"].is_string());

    // Make the pause span real working time whatever the hour the test runs: it started at
    // the opening of the previous working day.
    let cal = app.state.calendar.get();
    let today = shared::time::vn_date(Utc::now());
    let mut day = today.pred_opt().unwrap();
    while !cal.is_working_day(day) {
        day = day.pred_opt().unwrap();
    }
    let pause_start = cal.opening_of_day(day);
    let tenant = app.state.tenants.by_code(WARD).unwrap().id;
    let scope = TenantScope::of([tenant]);
    let txn = scope.begin(&app.state.db).await.unwrap();
    scope
        .update_many::<dossier::Entity>()
        .col_expr(dossier::Column::PauseStartedAt, Expr::value(pause_start))
        .filter(dossier::Column::Code.eq(code.clone()))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();

    // The supplement arrives: handling resumes with the appointment moved.
    let t = ok(&app, &p.reception, &code, "SUPPLEMENT", 2, json!({})).await;
    assert_eq!(
        (t["to"].as_str(), t["clock"].as_str()),
        (Some("HANDLING"), Some("RESUME"))
    );
    assert_eq!(
        t["document"]["kind"], "FORM01",
        "an updated receipt with the new appointment"
    );
    let d = show(&app, &p.specialist, &code).await;
    let resumed_at = instant(&d["timeline"].as_array().unwrap().last().unwrap()["at"]);
    let due_after = instant(&d["dueAt"]);
    let paused = cal.working_seconds_between(pause_start, resumed_at);
    assert!(
        paused >= 4 * 3600,
        "at least the afternoon of the previous working day: {paused}"
    );
    assert_eq!(
        due_after,
        cal.extend_for_pause(due_before, pause_start, resumed_at)
            .unwrap()
    );
    assert!(
        due_after > due_before,
        "a pause never shortens the deadline"
    );
    assert_eq!(
        instant(&d["workflow"]["dueAtOriginal"]),
        due_before,
        "the original stays"
    );
    assert_eq!(
        d["workflow"]["pausedWorkingSeconds"].as_i64().unwrap(),
        paused as i64
    );
    assert!(d["workflow"]["pauseStartedAt"].is_null());
    assert_eq!(d["workflow"]["supplementRequests"], 1);

    // A second request during processing is allowed but counts late.
    let t = ok(
        &app,
        &p.specialist,
        &code,
        "REQUEST_SUPPLEMENT",
        3,
        json!({"reasons": ["Bản dịch công chứng"]}),
    )
    .await;
    assert!(t["countsAsLate"].as_bool().unwrap());
    assert_eq!(t["dossier"]["workflow"]["supplementRequests"], 2);
    assert!(t["dossier"]["workflow"]["countsAsLate"].as_bool().unwrap());
    app.stop().await;
}

#[tokio::test]
async fn a_refusal_needs_written_reasons_and_ends_the_dossier_with_form_03() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_online(&app, &p.citizen, "refusal-0001").await;
    let r = act(
        &app,
        &p.reception,
        &code,
        "REFUSE",
        0,
        json!({"reasons": ["  "]}),
    )
    .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    let reasons = [
        "Thủ tục không thuộc thẩm quyền của phường",
        "Người yêu cầu không có quyền đăng ký",
    ];
    let t = ok(
        &app,
        &p.reception,
        &code,
        "REFUSE",
        0,
        json!({"reasons": reasons}),
    )
    .await;
    assert_eq!(t["dossier"]["status"], "REFUSED_AT_RECEPTION");
    assert!(t["dossier"]["finishedAt"].is_string());
    assert!(
        t["dossier"]["receivedAt"].is_null(),
        "the clock never started"
    );
    assert_eq!(t["document"]["kind"], "FORM03");
    let html = t["document"]["content"].as_str().unwrap();
    assert!(html.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"));
    for r in reasons {
        assert!(html.contains(r));
    }
    // Terminal: nothing applies any more, and the message names the state.
    let r = act(&app, &p.reception, &code, "ACCEPT", 1, json!({})).await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("REFUSED_AT_RECEPTION")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_citizen_withdraws_their_own_dossier_and_nobody_else_can() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_online(&app, &p.citizen, "withdraw-0001").await;
    ok(&app, &p.reception, &code, "ACCEPT", 0, json!({})).await;

    // Another citizen does not even see it.
    let other = app
        .graphql(
            "mutation($in: RegisterInput!) { register(input: $in) { accessToken } }",
            json!({"in": {"email": "khac@example.vn", "password": "matkhau123", "fullName": "Phạm Văn Khác"}}),
        )
        .await
        .ok();
    let other = other
        .data("register.accessToken")
        .as_str()
        .unwrap()
        .to_string();
    let r = act(&app, &other, &code, "WITHDRAW", 1, json!({})).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));

    let d = show(&app, &p.citizen, &code).await;
    assert_eq!(d["workflow"]["allowedActions"], json!(["WITHDRAW"]));
    let t = ok(
        &app,
        &p.citizen,
        &code,
        "WITHDRAW",
        1,
        json!({"note": "Đã đăng ký ở nơi khác"}),
    )
    .await;
    assert_eq!(
        (t["to"].as_str(), t["clock"].as_str()),
        (Some("WITHDRAWN"), Some("STOP"))
    );
    assert!(t["dossier"]["finishedAt"].is_string());
    assert_eq!(t["document"]["kind"], "WITHDRAWAL");
    let d = show(&app, &p.reception, &code).await;
    assert_eq!(
        d["timeline"].as_array().unwrap().last().unwrap()["actorName"],
        "Công dân"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_illegal_transition_is_rejected_with_a_message_naming_the_current_state() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_at_counter(&app, &p.reception, "illegal-0001").await;
    for (token, action) in [
        (&p.leader, "APPROVE"),
        (&p.reception, "RETURN_AT_COUNTER"),
        (&p.reception, "ACCEPT"),
    ] {
        let r = act(&app, token, &code, action, 0, json!({})).await;
        assert_eq!(r.code(), Some("BAD_USER_INPUT"), "{action}: {}", r.body);
        let msg = r.body["errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains("RECEIVED") && msg.contains(action), "{msg}");
    }
    // A stale version is a CONFLICT naming the state it is in now.
    let r = act(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        7,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    assert_eq!(r.code(), Some("CONFLICT"));
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("RECEIVED")
    );
    // Nothing changed.
    let d = show(&app, &p.leader, &code).await;
    assert_eq!(d["version"], 0);
    assert_eq!(d["timeline"].as_array().unwrap().len(), 1);
    assert!(audit_chain(&app, WARD).await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn two_concurrent_transitions_with_the_same_version_one_wins_and_the_other_conflicts() {
    let app = spawn_app().await;
    let p = people(&app).await;
    for round in 0..4 {
        let code = submit_at_counter(&app, &p.reception, &format!("race-{round:04}")).await;
        // The same action twice (both legal), or two different actions.
        let (a, b) = if round % 2 == 0 {
            (
                act(
                    &app,
                    &p.leader,
                    &code,
                    "ASSIGN",
                    0,
                    json!({"assignee": p.specialist_id}),
                ),
                act(
                    &app,
                    &p.leader,
                    &code,
                    "ASSIGN",
                    0,
                    json!({"assignee": p.specialist_id}),
                ),
            )
        } else {
            (
                act(
                    &app,
                    &p.leader,
                    &code,
                    "ASSIGN",
                    0,
                    json!({"assignee": p.specialist_id}),
                ),
                act(
                    &app,
                    &p.leader,
                    &code,
                    "STOP",
                    0,
                    json!({"reasons": ["Trùng hồ sơ"]}),
                ),
            )
        };
        let (a, b) = tokio::join!(a, b);
        let codes = [a.code(), b.code()];
        assert_eq!(
            codes.iter().filter(|c| c.is_none()).count(),
            1,
            "exactly one wins: {} / {}",
            a.body,
            b.body
        );
        let loser = if a.code().is_some() { &a } else { &b };
        assert_eq!(loser.code(), Some("CONFLICT"), "{}", loser.body);
        let winner = if a.code().is_none() { &a } else { &b };
        let now_in = winner
            .data("transitionDossier.dossier.status")
            .as_str()
            .unwrap();
        assert!(
            loser.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(now_in)
        );
        let d = show(&app, &p.leader, &code).await;
        assert_eq!(d["version"], 1);
        assert_eq!(d["timeline"].as_array().unwrap().len(), 2);
    }
    assert_eq!(audit_chain(&app, WARD).await.len(), 4);
    app.stop().await;
}

#[tokio::test]
async fn staff_of_another_ward_get_not_found_and_roles_are_enforced() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_online(&app, &p.citizen, "roles-0001").await;
    let elsewhere = app.staff_of("tiepnhan", "TN.NINHTHANH").await;
    let r = act(&app, &elsewhere, &code, "ACCEPT", 0, json!({})).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let q = app
        .graphql_as(Some(&elsewhere), QUEUE, json!({"first": 100}))
        .await
        .ok();
    assert!(!q.body.to_string().contains(&code));

    ok(&app, &p.reception, &code, "ACCEPT", 0, json!({})).await;
    ok(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        1,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    ok(
        &app,
        &p.specialist,
        &code,
        "SUBMIT_FOR_APPROVAL",
        2,
        json!({}),
    )
    .await;
    // Only a leader approves: not the citizen who owns it, not the specialist, not reception,
    // not the province administrator who can see it.
    let province = app.staff_of("tinh", "TN").await;
    for token in [&p.citizen, &p.specialist, &p.reception, &province] {
        let r = act(&app, token, &code, "APPROVE", 3, json!({})).await;
        assert_eq!(r.code(), Some("FORBIDDEN"), "{}", r.body);
    }
    // Reception may never stop a dossier.
    let r = act(
        &app,
        &p.reception,
        &code,
        "STOP",
        3,
        json!({"reasons": ["x"]}),
    )
    .await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    // Anonymous callers are asked to sign in.
    let r = app
        .graphql(TRANSITION, json!({"c": code, "a": "APPROVE", "v": 3}))
        .await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    ok(&app, &p.leader, &code, "APPROVE", 3, json!({})).await;
    app.stop().await;
}

#[tokio::test]
async fn the_work_queue_filters_pages_and_counts() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let assigned = submit_at_counter(&app, &p.reception, "queue-0001").await;
    let waiting = submit_at_counter(&app, &p.reception, "queue-0002").await;
    ok(
        &app,
        &p.leader,
        &assigned,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    ok(
        &app,
        &p.leader,
        &waiting,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    ok(
        &app,
        &p.specialist,
        &waiting,
        "REQUEST_SUPPLEMENT",
        1,
        json!({"reasons": ["Bản chính"]}),
    )
    .await;

    let mine = app
        .graphql_as(
            Some(&p.specialist),
            QUEUE,
            json!({"f": {"assignedToMe": true}}),
        )
        .await
        .ok();
    let codes: Vec<&str> = mine
        .data("workQueue.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 2);
    assert!(codes.contains(&assigned.as_str()) && codes.contains(&waiting.as_str()));
    assert_eq!(mine.data("workQueue.counts.assignedToMe"), 2);
    assert_eq!(mine.data("workQueue.totalCount"), 2);

    let w = app
        .graphql_as(
            Some(&p.specialist),
            QUEUE,
            json!({"f": {"waitingForCitizen": true, "assignedToMe": true}}),
        )
        .await
        .ok();
    assert_eq!(w.data("workQueue.totalCount"), 1);
    assert_eq!(w.data("workQueue.nodes")[0]["code"], waiting.as_str());
    let counts = w.data("workQueue.counts").clone();
    assert!(counts["waitingForCitizen"].as_i64().unwrap() >= 1);
    assert!(counts["open"].as_i64().unwrap() >= counts["overdue"].as_i64().unwrap());

    // Overdue: every node is past due; by procedure: every node has it.
    let o = app
        .graphql_as(
            Some(&p.leader),
            QUEUE,
            json!({"f": {"overdue": true}, "first": 100}),
        )
        .await
        .ok();
    let now = Utc::now();
    for n in o.data("workQueue.nodes").as_array().unwrap() {
        assert!(instant(&n["dueAt"]) < now);
        assert!(matches!(
            n["status"].as_str().unwrap(),
            "RECEIVED" | "IN_PROGRESS" | "AWAITING_PAYMENT"
        ));
    }
    assert_eq!(o.data("workQueue.totalCount"), &counts["overdue"]);
    let byp = app
        .graphql_as(
            Some(&p.leader),
            QUEUE,
            json!({"f": {"procedureCode": "2.000884"}, "first": 100}),
        )
        .await
        .ok();
    assert!(byp.data("workQueue.totalCount").as_i64().unwrap() >= 2);
    for n in byp.data("workQueue.nodes").as_array().unwrap() {
        assert_eq!(n["procedure"]["code"], "2.000884");
    }

    // Pages walk the whole queue, most urgent first, without repeats.
    let total = counts["open"].as_i64().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut last_key: Option<DateTime<Utc>> = None;
    let mut after: Option<String> = None;
    loop {
        let page = app
            .graphql_as(Some(&p.leader), QUEUE, json!({"first": 7, "after": after}))
            .await
            .ok();
        for n in page.data("workQueue.nodes").as_array().unwrap() {
            assert!(
                seen.insert(n["code"].as_str().unwrap().to_string()),
                "repeat"
            );
            let key = if n["dueAt"].is_null() {
                instant(&n["submittedAt"])
            } else {
                instant(&n["dueAt"])
            };
            assert!(last_key.is_none_or(|k| k <= key), "most urgent first");
            last_key = Some(key);
        }
        if !page
            .data("workQueue.pageInfo.hasNextPage")
            .as_bool()
            .unwrap()
        {
            break;
        }
        after = Some(
            page.data("workQueue.pageInfo.endCursor")
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(seen.len() as i64, total);

    // Citizens have no queue.
    let r = app.graphql_as(Some(&p.citizen), QUEUE, json!({})).await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    app.stop().await;
}

#[tokio::test]
async fn motcua_audit_verify_passes_an_intact_log_and_names_an_edited_entry() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let code = submit_at_counter(&app, &p.reception, "audit-0001").await;
    ok(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    ok(
        &app,
        &p.specialist,
        &code,
        "SUBMIT_FOR_APPROVAL",
        1,
        json!({}),
    )
    .await;
    ok(&app, &p.leader, &code, "APPROVE", 2, json!({})).await;
    let tenant = app.state.tenants.by_code(WARD).unwrap().id;

    let db_url = app.state.config.database_url.expose().to_string();
    let verify = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
            .args(["audit", "verify"])
            .env("MOTCUA_DATABASE_URL", &db_url)
            .env("MOTCUA_DATA_DIR", app.data_dir().display().to_string())
            .env("MOTCUA_LOG", "warn")
            .env_remove("MOTCUA_REDIS_URL")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (status, stdout, stderr) = verify();
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert_eq!(stdout.trim(), "ok 3 entries");

    // The application itself cannot rewrite history.
    let scope = TenantScope::of([tenant]);
    let edit =
        format!("UPDATE audit_log SET detail = '{{}}' WHERE tenant_id = {tenant} AND seq = 2");
    let txn = scope.begin(&app.state.db).await.unwrap();
    assert!(
        txn.execute_unprepared(&edit).await.is_err(),
        "append-only for the application"
    );
    txn.rollback().await.unwrap();

    // Someone with the database's keys edits an entry behind its back.
    let owner = sea_orm::Database::connect(&db_url).await.unwrap();
    if matches!(crate::helpers::backend(), Backend::Sqlite) {
        owner
            .execute_unprepared("DROP TRIGGER audit_log_no_update")
            .await
            .unwrap();
    }
    owner.execute_unprepared(&edit).await.unwrap();
    owner.close().await.unwrap();
    let (status, stdout, _) = verify();
    assert_eq!(status, Some(1), "{stdout}");
    assert!(
        stdout.contains(WARD) && stdout.contains("entry 2"),
        "{stdout}"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_other_paths_apology_suspension_inter_agency_payment_post_return_ineligible_and_stop() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let cal = app.state.calendar.get();
    let code = submit_at_counter(&app, &p.reception, "paths-0001").await;
    let t = ok(
        &app,
        &p.leader,
        &code,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    let due = instant(&t["dossier"]["dueAt"]);

    // Late risk: an apology with a new appointment (a working day after the current one).
    let r = act(
        &app,
        &p.specialist,
        &code,
        "APOLOGISE",
        1,
        json!({"reasons": ["Chờ xác minh"]}),
    )
    .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"), "the new date is required");
    let mut off = shared::time::vn_date(due).succ_opt().unwrap();
    while cal.is_working_day(off) {
        off = off.succ_opt().unwrap();
    }
    let noon = |d: chrono::NaiveDate| {
        shared::time::vn_local_to_utc(d.and_hms_opt(12, 0, 0).unwrap()).to_rfc3339()
    };
    let r = act(
        &app,
        &p.specialist,
        &code,
        "APOLOGISE",
        1,
        json!({"reasons": ["Chờ xác minh"], "due": noon(off)}),
    )
    .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"), "not a working day");
    let r = act(
        &app,
        &p.specialist,
        &code,
        "APOLOGISE",
        1,
        json!({"reasons": ["Chờ xác minh"], "due": due.to_rfc3339()}),
    )
    .await;
    assert_eq!(
        r.code(),
        Some("BAD_USER_INPUT"),
        "not after the current appointment"
    );
    let new_day = cal.next_working_day(shared::time::vn_date(due)).unwrap();
    let t = ok(
        &app,
        &p.specialist,
        &code,
        "APOLOGISE",
        1,
        json!({"reasons": ["Chờ xác minh"], "due": noon(new_day)}),
    )
    .await;
    assert_eq!(
        (t["from"].as_str(), t["to"].as_str()),
        (Some("HANDLING"), Some("HANDLING"))
    );
    assert_eq!(t["document"]["kind"], "FORM04");
    assert_eq!(
        instant(&t["dossier"]["dueAt"]),
        due,
        "statistics keep the due date"
    );
    let d = show(&app, &p.leader, &code).await;
    assert_eq!(
        instant(&d["workflow"]["rescheduledTo"]),
        cal.close_of_day(new_day)
    );

    // Suspended and resumed; forwarded to a partner agency and back.
    ok(
        &app,
        &p.leader,
        &code,
        "SUSPEND",
        2,
        json!({"reasons": ["Chờ ý kiến cơ quan cấp trên"]}),
    )
    .await;
    let t = ok(&app, &p.leader, &code, "RESUME", 3, json!({})).await;
    assert_eq!(t["to"], "HANDLING");
    let r = act(
        &app,
        &p.specialist,
        &code,
        "FORWARD_TO_AGENCY",
        4,
        json!({"partner": WARD}),
    )
    .await;
    assert_eq!(
        r.code(),
        Some("BAD_USER_INPUT"),
        "the partner is another unit"
    );
    let t = ok(
        &app,
        &p.specialist,
        &code,
        "FORWARD_TO_AGENCY",
        4,
        json!({"partner": "TN.NINHTHANH"}),
    )
    .await;
    assert_eq!(t["to"], "AT_PARTNER_AGENCY");
    let d = show(&app, &p.leader, &code).await;
    assert_eq!(d["workflow"]["handledBy"]["code"], "TN.NINHTHANH");
    ok(&app, &p.specialist, &code, "BACK_FROM_AGENCY", 5, json!({})).await;
    let d = show(&app, &p.leader, &code).await;
    assert!(d["workflow"]["handledBy"].is_null());

    // A fee to pay, then paid.
    let t = ok(&app, &p.specialist, &code, "REQUEST_PAYMENT", 6, json!({})).await;
    assert_eq!(
        (
            t["dossier"]["status"].as_str(),
            t["document"]["kind"].as_str()
        ),
        (Some("AWAITING_PAYMENT"), Some("PAYMENT_NOTICE"))
    );
    ok(&app, &p.reception, &code, "CONFIRM_PAYMENT", 7, json!({})).await;
    ok(
        &app,
        &p.specialist,
        &code,
        "SUBMIT_FOR_APPROVAL",
        8,
        json!({}),
    )
    .await;
    ok(&app, &p.leader, &code, "APPROVE", 9, json!({})).await;
    ok(&app, &p.specialist, &code, "RESOLVE", 10, json!({})).await;
    // Returned by post, with its tracking number.
    let r = act(&app, &p.reception, &code, "RETURN_BY_POST", 11, json!({})).await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"));
    let t = ok(
        &app,
        &p.reception,
        &code,
        "RETURN_BY_POST",
        11,
        json!({"post": "eb123456789vn"}),
    )
    .await;
    assert_eq!(t["dossier"]["status"], "RETURNED");
    assert!(
        t["document"]["content"]
            .as_str()
            .unwrap()
            .contains("EB123456789VN")
    );
    let d = show(&app, &p.leader, &code).await;
    assert_eq!(d["workflow"]["returnChannel"], "POST");
    assert_eq!(d["workflow"]["postalTrackingNumber"], "EB123456789VN");
    assert_eq!(
        kinds(&d),
        vec![
            "FORM06",
            "FORM04",
            "FORM06",
            "FORM06",
            "FORM06",
            "FORM06",
            "PAYMENT_NOTICE",
            "FORM06",
            "FORM06",
            "FORM06",
            "RESULT",
            "FORM06"
        ]
    );

    // Found ineligible after acceptance: returned with reasons (form 03), the clock stops.
    let ineligible = submit_at_counter(&app, &p.reception, "paths-0002").await;
    ok(
        &app,
        &p.leader,
        &ineligible,
        "ASSIGN",
        0,
        json!({"assignee": p.specialist_id}),
    )
    .await;
    let t = ok(
        &app,
        &p.specialist,
        &ineligible,
        "RETURN_INELIGIBLE",
        1,
        json!({"reasons": ["Giấy tờ không hợp lệ"]}),
    )
    .await;
    assert_eq!(
        (
            t["dossier"]["status"].as_str(),
            t["clock"].as_str(),
            t["document"]["kind"].as_str()
        ),
        (Some("STOPPED"), Some("STOP"), Some("FORM03"))
    );
    assert!(t["dossier"]["finishedAt"].is_string());

    // Stopped by the leader with a stop notice (form 05).
    let stopped = submit_at_counter(&app, &p.reception, "paths-0003").await;
    let t = ok(
        &app,
        &p.leader,
        &stopped,
        "STOP",
        0,
        json!({"reasons": ["Công dân không bổ sung đúng hạn"]}),
    )
    .await;
    assert_eq!(
        (
            t["dossier"]["status"].as_str(),
            t["document"]["kind"].as_str()
        ),
        (Some("STOPPED"), Some("FORM05"))
    );

    let chain = audit_chain(&app, WARD).await;
    assert_eq!(chain.len(), 12 + 2 + 1);
    assert!(
        audit::verify_all(&app.state)
            .await
            .unwrap()
            .broken
            .is_empty()
    );
    app.stop().await;
}
