//! Submitting dossiers: online with files, at the counter on a citizen's behalf; idempotency,
//! gap-free codes under concurrency, validation of every input, tracking by code and secret.

use std::collections::BTreeSet;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, TestApp, spawn_app};

const SUBMIT: &str = "mutation($in: SubmitDossierInput!) { submitDossier(input: $in) { trackingSecret dossier { code status channel feeVnd receivedAt dueAt applicantName tenant { code } procedure { code } } } }";
const TRACK: &str = "query($c: String!, $s: String!) { trackDossier(code: $c, secret: $s) { code status statusLabel procedureName tenantName timeline { toStatus note } } }";

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
pub const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

pub fn birth_form() -> Value {
    json!([
        {"key": "child_full_name", "value": "Nguyễn Minh Khang"},
        {"key": "child_date_of_birth", "value": "2026-11-01"},
        {"key": "child_sex", "value": "Nam"},
        {"key": "child_ethnicity", "value": "Kinh"},
        {"key": "child_place_of_birth", "value": "Bệnh viện Đa khoa tỉnh Tây Ninh"},
        {"key": "mother_full_name", "value": "Trần Thị Hoa"},
        {"key": "requester_relation", "value": "Mẹ"}
    ])
}

const TOKHAI: &str = "Tờ khai đăng ký khai sinh theo mẫu";
const CHUNGSINH: &str = "Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh nếu không có giấy chứng sinh)";

/// Sends `submitDossier` as a GraphQL multipart request with the given files.
pub async fn submit_multipart(
    app: &TestApp,
    token: &str,
    input: Value,
    files: Vec<(&str, &str, &str, &[u8])>, // (component, file name, mime, bytes)
) -> Value {
    let mut input = input;
    let docs: Vec<Value> = files
        .iter()
        .map(|(component, _, _, _)| json!({"component": component, "file": null}))
        .collect();
    input["documents"] = Value::Array(docs);
    let operations = json!({"query": SUBMIT, "variables": {"in": input}});
    let mut map = serde_json::Map::new();
    for i in 0..files.len() {
        map.insert(
            i.to_string(),
            json!([format!("variables.in.documents.{i}.file")]),
        );
    }
    let mut form = Form::new()
        .text("operations", operations.to_string())
        .text("map", Value::Object(map).to_string());
    for (i, (_, name, mime, bytes)) in files.into_iter().enumerate() {
        form = form.part(
            i.to_string(),
            Part::bytes(bytes.to_vec())
                .file_name(name.to_string())
                .mime_str(mime)
                .unwrap(),
        );
    }
    app.client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn online_birth(key: &str) -> Value {
    json!({
        "tenantCode": "TN.BINHMINH",
        "procedureCode": "1.001193",
        "idempotencyKey": key,
        "form": birth_form(),
    })
}

async fn citizen(app: &TestApp) -> String {
    app.login("congdan@demo.motcua.vn", DEMO_PASSWORD).await.0
}

#[tokio::test]
async fn a_citizen_submits_online_with_documents_and_tracks_it() {
    let app = spawn_app().await;
    let token = citizen(&app).await;
    let body = submit_multipart(
        &app,
        &token,
        online_birth("key-online-0001"),
        vec![
            (TOKHAI, "to-khai.pdf", "application/pdf", PDF),
            (CHUNGSINH, "chung-sinh.png", "image/png", PNG),
        ],
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let d = &body["data"]["submitDossier"]["dossier"];
    let code = d["code"].as_str().unwrap();
    let today = shared::time::vn_date(chrono::Utc::now())
        .format("%y%m%d")
        .to_string();
    assert!(code.starts_with(&format!("TN.BINHMINH-{today}-")), "{code}");
    shared::DossierCode::parse(code).unwrap();
    assert_eq!(d["status"], "SUBMITTED");
    assert_eq!(d["channel"], "online");
    assert_eq!(d["applicantName"], "Nguyễn Văn An");
    assert!(
        d["receivedAt"].is_null(),
        "the clock starts at acceptance, not submission"
    );
    let secret = body["data"]["submitDossier"]["trackingSecret"]
        .as_str()
        .unwrap();
    assert_eq!(secret.len(), 10);

    // The files were stored, hashed, and are listed on the dossier for its owner.
    let r = app
        .graphql_as(
            Some(&token),
            "query($c: String!) { dossier(code: $c) { code } }",
            json!({"c": code}),
        )
        .await
        .ok();
    assert_eq!(r.data("dossier.code"), code);

    // Anyone with code + secret can follow it; a wrong secret sees nothing.
    let t = app
        .graphql(TRACK, json!({"c": code, "s": secret}))
        .await
        .ok();
    assert_eq!(t.data("trackDossier.status"), "SUBMITTED");
    assert_eq!(t.data("trackDossier.statusLabel"), "Mới đăng ký");
    assert_eq!(t.data("trackDossier.procedureName"), "Đăng ký khai sinh");
    assert_eq!(t.data("trackDossier.timeline").as_array().unwrap().len(), 1);
    let t = app
        .graphql(TRACK, json!({"c": code, "s": "WRONGSECRT"}))
        .await
        .ok();
    assert!(t.data("trackDossier").is_null());
    // Lower-case typing of the secret still matches.
    let t = app
        .graphql(TRACK, json!({"c": code, "s": secret.to_lowercase()}))
        .await
        .ok();
    assert_eq!(t.data("trackDossier.code"), code);
    app.stop().await;
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_same_dossier_and_other_content_conflicts() {
    let app = spawn_app().await;
    let token = citizen(&app).await;
    let files = || {
        vec![
            (TOKHAI, "a.pdf", "application/pdf", PDF),
            (CHUNGSINH, "b.pdf", "application/pdf", PDF),
        ]
    };
    let first = submit_multipart(&app, &token, online_birth("retry-key-0001"), files()).await;
    let again = submit_multipart(&app, &token, online_birth("retry-key-0001"), files()).await;
    assert_eq!(
        first["data"]["submitDossier"]["dossier"]["code"],
        again["data"]["submitDossier"]["dossier"]["code"]
    );
    assert_eq!(
        first["data"]["submitDossier"]["trackingSecret"],
        again["data"]["submitDossier"]["trackingSecret"]
    );
    let mut other = online_birth("retry-key-0001");
    other["form"][0]["value"] = json!("Tên Khác");
    let conflict = submit_multipart(&app, &token, other, files()).await;
    assert_eq!(
        conflict["errors"][0]["extensions"]["code"], "CONFLICT",
        "{conflict}"
    );
    // The replay consumed no number: the next submission takes the very next one.
    let next = submit_multipart(&app, &token, online_birth("retry-key-0002"), files()).await;
    let seq = |v: &Value| {
        shared::DossierCode::parse(
            v["data"]["submitDossier"]["dossier"]["code"]
                .as_str()
                .unwrap(),
        )
        .unwrap()
        .seq()
    };
    assert_eq!(seq(&next), seq(&first) + 1);
    app.stop().await;
}

#[tokio::test]
async fn two_hundred_concurrent_submissions_get_gap_free_unique_codes() {
    let app = spawn_app().await;
    let officer = app.staff_of("tiepnhan", "TN.NINHTHANH").await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let client = app.client.clone();
        let url = app.url("/graphql");
        let token = officer.clone();
        tasks.push(tokio::spawn(async move {
            let input = json!({
                "tenantCode": "TN.NINHTHANH",
                "procedureCode": "2.000884",
                "idempotencyKey": format!("concurrent-{i:04}"),
                "channel": "COUNTER",
                "applicant": {"fullName": format!("Người Nộp {i}")},
                "form": [
                    {"key": "document_title", "value": "Hợp đồng"},
                    {"key": "signer_count", "value": "2"},
                    {"key": "document_language", "value": "Tiếng Việt"},
                    {"key": "sign_in_person", "value": "true"}
                ]
            });
            let v: Value = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"query": SUBMIT, "variables": {"in": input}}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v
        }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        let v = t.await.unwrap();
        assert!(v.get("errors").is_none(), "{v}");
        let d = &v["data"]["submitDossier"]["dossier"];
        assert_eq!(
            d["status"], "RECEIVED",
            "counter dossiers are accepted on the spot"
        );
        assert!(d["dueAt"].is_string());
        assert_eq!(d["feeVnd"], 10000);
        seqs.push(
            shared::DossierCode::parse(d["code"].as_str().unwrap())
                .unwrap()
                .seq(),
        );
    }
    let unique: BTreeSet<u16> = seqs.iter().copied().collect();
    assert_eq!(unique.len(), 200, "duplicate codes");
    let (lo, hi) = (*unique.first().unwrap(), *unique.last().unwrap());
    assert_eq!(hi - lo + 1, 200, "gap in {lo}..={hi}");
    // And they continue the day's counter (demo data may already hold numbers for today).
    let officer_list = app
        .graphql_as(
            Some(&officer),
            "{ dossiers(first: 100) { totalCount } }",
            json!({}),
        )
        .await
        .ok();
    assert!(officer_list.data("dossiers.totalCount").as_i64().unwrap() >= 200);
    app.stop().await;
}

#[tokio::test]
async fn bad_submissions_get_coded_errors_and_leave_nothing_behind() {
    let app = spawn_app().await;
    let token = citizen(&app).await;
    let officer_a = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let files = || {
        vec![
            (TOKHAI, "a.pdf", "application/pdf", PDF),
            (CHUNGSINH, "b.pdf", "application/pdf", PDF),
        ]
    };
    let code_of = |v: &Value| {
        v["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or("none")
            .to_string()
    };

    let mut unknown = online_birth("bad-key-0001");
    unknown["procedureCode"] = json!("9.999999");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, unknown, files()).await),
        "NOT_FOUND"
    );

    let mut closed = online_birth("bad-key-0002");
    closed["tenantCode"] = json!("TN.TPTN.NINHSON");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, closed, files()).await),
        "BAD_USER_INPUT"
    );

    let mut province = online_birth("bad-key-0003");
    province["tenantCode"] = json!("TN");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, province, files()).await),
        "BAD_USER_INPUT"
    );

    let mut missing_field = online_birth("bad-key-0004");
    missing_field["form"] = json!([{"key": "child_full_name", "value": "A"}]);
    let v = submit_multipart(&app, &token, missing_field, files()).await;
    assert_eq!(code_of(&v), "BAD_USER_INPUT");
    assert!(
        v["errors"][0]["extensions"]["fields"]
            .as_array()
            .unwrap()
            .len()
            >= 5,
        "{v}"
    );

    let mut bad_option = online_birth("bad-key-0005");
    bad_option["form"][2]["value"] = json!("Khác");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, bad_option, files()).await),
        "BAD_USER_INPUT"
    );

    // A file that is not what it says is refused with its name in the message.
    let v = submit_multipart(
        &app,
        &token,
        online_birth("bad-key-0006"),
        vec![
            (TOKHAI, "to-khai.pdf", "application/pdf", PDF),
            (
                CHUNGSINH,
                "virus.pdf",
                "application/pdf",
                b"MZ\x90\x00binary",
            ),
        ],
    )
    .await;
    assert_eq!(code_of(&v), "BAD_USER_INPUT");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("virus.pdf"),
        "{v}"
    );
    let v = submit_multipart(
        &app,
        &token,
        online_birth("bad-key-0007"),
        vec![
            (TOKHAI, "a.pdf", "application/pdf", PDF),
            (CHUNGSINH, "photo.pdf", "application/pdf", PNG),
        ],
    )
    .await;
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("photo.pdf"),
        "{v}"
    );

    // Required documents must be attached online.
    let v = submit_multipart(
        &app,
        &token,
        online_birth("bad-key-0008"),
        vec![(TOKHAI, "a.pdf", "application/pdf", PDF)],
    )
    .await;
    assert_eq!(code_of(&v), "BAD_USER_INPUT");

    let mut bad_key = online_birth("short");
    bad_key["idempotencyKey"] = json!("short");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, bad_key, files()).await),
        "BAD_USER_INPUT"
    );

    // Channels and places belong to roles.
    let mut counter = online_birth("bad-key-0009");
    counter["channel"] = json!("COUNTER");
    assert_eq!(
        code_of(&submit_multipart(&app, &token, counter, files()).await),
        "FORBIDDEN"
    );
    let mut elsewhere = online_birth("bad-key-0010");
    elsewhere["channel"] = json!("COUNTER");
    elsewhere["tenantCode"] = json!("TN.NINHTHANH");
    elsewhere["applicant"] = json!({"fullName": "Lê Văn Bảy"});
    assert_eq!(
        code_of(&submit_multipart(&app, &officer_a, elsewhere, vec![]).await),
        "FORBIDDEN"
    );
    let anon: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": SUBMIT, "variables": {"in": online_birth("bad-key-0011")}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code_of(&anon), "UNAUTHENTICATED");

    // Nothing half-written: no dossier, no stored file.
    let mine = app
        .graphql_as(
            Some(&token),
            "{ dossiers(tenantCode: \"TN.BINHMINH\") { totalCount nodes { code submittedAt } } }",
            json!({}),
        )
        .await
        .ok();
    let before = mine.data("dossiers.totalCount").as_i64().unwrap();
    let files_dir = app.data_dir().join("files");
    let stored = walk(&files_dir);
    assert_eq!(stored, 0, "files left behind by refused submissions");
    let ok = submit_multipart(&app, &token, online_birth("good-key-0001"), files()).await;
    assert!(ok.get("errors").is_none(), "{ok}");
    assert_eq!(walk(&files_dir), 2);
    let after = app
        .graphql_as(
            Some(&token),
            "{ dossiers(tenantCode: \"TN.BINHMINH\") { totalCount } }",
            json!({}),
        )
        .await
        .ok();
    assert_eq!(
        after.data("dossiers.totalCount").as_i64().unwrap(),
        before + 1
    );
    app.stop().await;
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                usize::from(!e.file_name().to_string_lossy().starts_with(".tmp"))
            }
        })
        .sum()
}

#[tokio::test]
async fn wrong_tracking_secrets_are_rate_limited_and_never_reveal_a_code() {
    let app = spawn_app().await;
    let officer = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let list = app
        .graphql_as(
            Some(&officer),
            "{ dossiers(first: 1) { nodes { code } } }",
            json!({}),
        )
        .await
        .ok();
    let real = list.data("dossiers.nodes")[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    // A real code with a wrong secret and a made-up code answer the same: null.
    let a = app
        .graphql(TRACK, json!({"c": real, "s": "AAAAAAAAAA"}))
        .await
        .ok();
    let b = app
        .graphql(
            TRACK,
            json!({"c": "TN.BINHMINH-200101-0001", "s": "AAAAAAAAAA"}),
        )
        .await
        .ok();
    assert!(a.data("trackDossier").is_null() && b.data("trackDossier").is_null());
    let mut limited = false;
    for i in 0..12 {
        let r = app
            .graphql(
                TRACK,
                json!({"c": format!("TN.BINHMINH-200101-{:04}", i + 2), "s": "AAAAAAAAAA"}),
            )
            .await;
        if r.code() == Some("RATE_LIMITED") {
            limited = true;
            assert!(
                r.body["errors"][0]["extensions"]["retryAfter"]
                    .as_u64()
                    .unwrap()
                    >= 1
            );
            break;
        }
    }
    assert!(
        limited,
        "more than 10 wrong guesses a minute must be refused"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_submission_notifies_the_citizen_in_app_once_the_outbox_is_delivered() {
    let app = spawn_app().await;
    let token = citizen(&app).await;
    let v = submit_multipart(
        &app,
        &token,
        online_birth("notify-key-0001"),
        vec![
            (TOKHAI, "a.pdf", "application/pdf", PDF),
            (CHUNGSINH, "b.pdf", "application/pdf", PDF),
        ],
    )
    .await;
    let code = v["data"]["submitDossier"]["dossier"]["code"]
        .as_str()
        .unwrap()
        .to_string();
    // The outbox row was written with the dossier; drive delivery to completion (the server's
    // own worker may have taken it already), then nothing is left to deliver twice.
    backend::domains::notifications::service::deliver_pending(&app.state)
        .await
        .unwrap();
    let again = backend::domains::notifications::service::deliver_pending(&app.state)
        .await
        .unwrap();
    assert_eq!(again, 0, "nothing is delivered twice");
    let q = "{ notifications { unread items { id subject dossierCode readAt } } }";
    let r = app.graphql_as(Some(&token), q, json!({})).await.ok();
    let items = r.data("notifications.items").as_array().unwrap().clone();
    let mine = items
        .iter()
        .find(|n| n["dossierCode"] == code.as_str())
        .expect("notified");
    assert!(mine["subject"].as_str().unwrap().contains(&code));
    let unread = r.data("notifications.unread").as_i64().unwrap();
    assert!(unread >= 1);
    app.graphql_as(
        Some(&token),
        "mutation($id: String!) { markNotificationRead(id: $id) }",
        json!({"id": mine["id"]}),
    )
    .await
    .ok();
    let r = app.graphql_as(Some(&token), q, json!({})).await.ok();
    assert_eq!(r.data("notifications.unread").as_i64().unwrap(), unread - 1);
    // Someone else cannot mark it.
    let other = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let r = app
        .graphql_as(
            Some(&other),
            "mutation($id: String!) { markNotificationRead(id: $id) }",
            json!({"id": mine["id"]}),
        )
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    app.stop().await;
}

#[tokio::test]
async fn the_printable_receipt_opens_with_code_and_secret_only() {
    let app = spawn_app().await;
    let officer = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let input = json!({
        "tenantCode": "TN.BINHMINH",
        "procedureCode": "2.000884",
        "idempotencyKey": "receipt-key-0001",
        "channel": "COUNTER",
        "applicant": {"fullName": "Phạm Thị <b>Mai</b>"},
        "form": [
            {"key": "document_title", "value": "Giấy ủy quyền"},
            {"key": "signer_count", "value": "1"},
            {"key": "document_language", "value": "Tiếng Việt"},
            {"key": "sign_in_person", "value": "true"}
        ]
    });
    let r = app
        .graphql_as(Some(&officer), SUBMIT, json!({"in": input}))
        .await
        .ok();
    let code = r
        .data("submitDossier.dossier.code")
        .as_str()
        .unwrap()
        .to_string();
    let secret = r
        .data("submitDossier.trackingSecret")
        .as_str()
        .unwrap()
        .to_string();
    let resp = app
        .client
        .get(app.url(&format!("/receipts/{code}?secret={secret}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert!(html.contains(&code));
    assert!(html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    assert!(html.contains("<svg"), "QR code to the tracking page");
    assert!(html.contains("10.000 ₫"));
    assert!(
        html.contains("Phạm Thị &lt;b&gt;Mai&lt;/b&gt;"),
        "applicant name is escaped"
    );
    let resp = app
        .client
        .get(app.url(&format!("/receipts/{code}?secret=AAAAAAAAAA")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    app.stop().await;
}
