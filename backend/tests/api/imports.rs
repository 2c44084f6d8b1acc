//! The historical import: `importDossiers` (authorization, all-or-nothing with line numbers,
//! existing codes, `skipExisting`, imported procedures) and `motcua import dossiers`.

use serde_json::{Value, json};

use crate::helpers::{Gql, TempDir, TestApp, spawn_app};

pub const HEADER: &str = "code,procedure_code,received_at,due_at,finished_at,channel,returned_by_post,digitized,paid_online,fee_vnd";

const IMPORT: &str = "mutation($t: String!, $csv: String!, $skip: Boolean) {
  importDossiers(tenantCode: $t, csv: $csv, skipExisting: $skip) {
    imported skipped errorCount errors { line message }
  }
}";

/// `importDossiers` as the holder of `token`.
pub async fn import_as(
    app: &TestApp,
    token: Option<&str>,
    tenant: &str,
    csv: &str,
    skip_existing: bool,
) -> Gql {
    app.graphql_as(
        token,
        IMPORT,
        json!({ "t": tenant, "csv": csv, "skip": skip_existing }),
    )
    .await
}

/// Imports as the province admin of TN and insists that it worked.
pub async fn import_ok(app: &TestApp, tenant: &str, csv: &str) -> Value {
    let token = app.staff_of("tinh", "TN").await;
    let r = import_as(app, Some(&token), tenant, csv, false).await.ok();
    assert_eq!(r.data("importDossiers.errorCount"), 0, "{}", r.body);
    r.data("importDossiers").clone()
}

fn csv(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

fn row(code: &str) -> String {
    format!(
        "{code},1.001193,2023-05-02T08:00:00+07:00,2023-05-02T17:00:00+07:00,2023-05-02T15:00:00+07:00,counter,,,,"
    )
}

async fn count_dossiers(app: &TestApp, token: &str, tenant: &str) -> i64 {
    app.graphql_as(
        Some(token),
        "query($t: String) { dossiers(tenantCode: $t) { totalCount } }",
        json!({ "t": tenant }),
    )
    .await
    .ok()
    .data("dossiers.totalCount")
    .as_i64()
    .unwrap()
}

fn error_lines(r: &Gql) -> Vec<i64> {
    r.data("importDossiers.errors")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_file_with_bad_rows_reports_their_lines_and_imports_nothing() {
    let app = spawn_app().await;
    let token = app.staff_of("tinh", "TN").await;
    let file = csv(&[
        &row("OLD-0001"),
        "OLD-0002,1.001193,2023-05-02 08:00,2023-05-02T17:00:00+07:00,,counter,,,,",
        &row("OLD-0003"),
        "OLD-0004,1.001193,2023-05-02T08:00:00+07:00,2023-05-01T17:00:00+07:00,,fax,maybe,,,-1",
        &row("OLD-0001"),
    ]);
    let r = import_as(&app, Some(&token), "TN.TPTN.NINHSON", &file, false)
        .await
        .ok();
    assert_eq!(r.data("importDossiers.imported"), 0);
    assert_eq!(r.data("importDossiers.errorCount"), 3);
    assert_eq!(error_lines(&r), vec![3, 5, 6]);
    let messages = r.data("importDossiers.errors").to_string();
    for part in [
        "received_at",
        "due_at",
        "unknown channel `fax`",
        "returned_by_post",
        "fee_vnd",
        "already appears on line 2",
    ] {
        assert!(messages.contains(part), "{part}: {messages}");
    }
    assert_eq!(count_dossiers(&app, &token, "TN.TPTN.NINHSON").await, 0);
    // A bad header is reported on line 1.
    let r = import_as(
        &app,
        Some(&token),
        "TN.TPTN.NINHSON",
        "code,procedure_code,received_at,colour\nA,B,C,D\n",
        false,
    )
    .await
    .ok();
    assert_eq!(error_lines(&r)[0], 1);
    assert!(
        r.data("importDossiers.errors")
            .to_string()
            .contains("unknown column `colour`")
    );
    app.stop().await;
}

#[tokio::test]
async fn reimporting_a_file_names_the_existing_codes_unless_they_are_skipped() {
    let app = spawn_app().await;
    let token = app.staff_of("tinh", "TN").await;
    let first = csv(&[&row("H56-0001"), &row("H56-0002"), &row("H56-0003")]);
    let r = import_ok(&app, "TN.TPTN.NINHSON", &first).await;
    assert_eq!(r["imported"], 3);
    let again = import_as(&app, Some(&token), "TN.TPTN.NINHSON", &first, false)
        .await
        .ok();
    assert_eq!(again.data("importDossiers.imported"), 0);
    assert_eq!(error_lines(&again), vec![2, 3, 4]);
    let text = again.data("importDossiers.errors").to_string();
    for code in ["H56-0001", "H56-0002", "H56-0003"] {
        assert!(text.contains(code), "{text}");
    }
    let more = csv(&[
        &row("H56-0001"),
        &row("H56-0004"),
        &row("H56-0002"),
        &row("H56-0005"),
        &row("H56-0003"),
    ]);
    let r = import_as(&app, Some(&token), "TN.TPTN.NINHSON", &more, true)
        .await
        .ok();
    assert_eq!(r.data("importDossiers.imported"), 2, "{}", r.body);
    assert_eq!(r.data("importDossiers.skipped"), 3);
    assert_eq!(count_dossiers(&app, &token, "TN.TPTN.NINHSON").await, 5);
    // The same codes are free in another unit: uniqueness is per tenant.
    let r = import_ok(&app, "TN.TPTN.NINHTHANH", &first).await;
    assert_eq!(r["imported"], 3);
    app.stop().await;
}

#[tokio::test]
async fn imported_dossiers_are_returned_with_one_timeline_step_and_unknown_procedures_are_created()
{
    let app = spawn_app().await;
    let file = csv(&[
        "HIST-1,1.001193,2023-05-02T08:00:00+07:00,2023-05-04T17:00:00+07:00,2023-05-03T10:00:00+07:00,online,true,true,true,15000",
        "HIST-2,9.123456,2023-05-02T09:00:00+07:00,2023-05-10T17:00:00+07:00,,postal,,,,",
    ]);
    let r = import_ok(&app, "TN.TPTN.NINHSON", &file).await;
    assert_eq!(r["imported"], 2);
    let token = app.staff_of("tinh", "TN").await;
    let q = "query($c: String!) { dossier(code: $c) {
        code status channel receivedAt dueAt finishedAt submittedAt feeVnd paidOnline digitized
        returnedByPost tenant { code } procedure { code name }
        timeline { toStatus note }
    } }";
    let d = app
        .graphql_as(Some(&token), q, json!({ "c": "HIST-1" }))
        .await
        .ok();
    let d = d.data("dossier");
    assert_eq!(d["status"], "RETURNED");
    assert_eq!(d["channel"], "online");
    assert_eq!(d["tenant"]["code"], "TN.TPTN.NINHSON");
    assert_eq!(d["procedure"]["name"], "Đăng ký khai sinh");
    assert_eq!(d["feeVnd"], 15000);
    assert_eq!(d["paidOnline"], true);
    assert_eq!(d["returnedByPost"], true);
    assert_eq!(d["submittedAt"], d["receivedAt"]);
    assert!(
        d["receivedAt"]
            .as_str()
            .unwrap()
            .starts_with("2023-05-02T01:00:00")
    );
    assert_eq!(
        d["timeline"],
        json!([{ "toStatus": "RETURNED", "note": "Nhập dữ liệu lịch sử" }])
    );
    let d = app
        .graphql_as(Some(&token), q, json!({ "c": "HIST-2" }))
        .await
        .ok();
    let d = d.data("dossier");
    assert_eq!(d["status"], "IN_PROGRESS");
    assert_eq!(d["finishedAt"], Value::Null);
    assert_eq!(d["procedure"]["code"], "9.123456");
    assert!(
        d["procedure"]["name"]
            .as_str()
            .unwrap()
            .contains("9.123456")
    );
    // The imported procedure is not offered to the public.
    let list = app
        .graphql(
            "query { procedures(tenantCode: \"TN.TPTN.NINHSON\", first: 100) { nodes { code } } }",
            json!({}),
        )
        .await
        .ok();
    assert!(!list.body.to_string().contains("9.123456"));
    app.stop().await;
}

#[tokio::test]
async fn only_admins_of_the_unit_or_its_province_may_import() {
    let app = spawn_app().await;
    let file = csv(&[&row("AUTH-0001")]);
    let r = import_as(&app, None, "TN.BINHMINH", &file, false).await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    let citizen = app
        .login("congdan@demo.motcua.vn", crate::helpers::DEMO_PASSWORD)
        .await
        .0;
    let r = import_as(&app, Some(&citizen), "TN.BINHMINH", &file, false).await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    let officer = app.staff_of("tiepnhan", "TN.BINHMINH").await;
    let r = import_as(&app, Some(&officer), "TN.BINHMINH", &file, false).await;
    assert_eq!(r.code(), Some("FORBIDDEN"));
    let r = import_as(&app, Some(&officer), "TN.NINHTHANH", &file, false).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let admin = app.staff_of("quantri", "TN.BINHMINH").await;
    let r = import_as(&app, Some(&admin), "TN.NINHTHANH", &file, false).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let other_province = app.staff_of("tinh", "DT").await;
    let r = import_as(&app, Some(&other_province), "TN.BINHMINH", &file, false).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    let r = import_as(&app, Some(&admin), "NOPE", &file, false).await;
    assert_eq!(r.code(), Some("NOT_FOUND"));
    // Nothing was written by the refused calls.
    let r = import_as(&app, Some(&admin), "TN.BINHMINH", &file, false)
        .await
        .ok();
    assert_eq!(r.data("importDossiers.imported"), 1, "{}", r.body);
    let province = app.staff_of("tinh", "TN").await;
    let r = import_as(&app, Some(&province), "TN.NINHTHANH", &file, false)
        .await
        .ok();
    assert_eq!(r.data("importDossiers.imported"), 1, "{}", r.body);
    app.stop().await;
}

#[test]
fn the_cli_imports_a_file_all_or_nothing_and_exits_1_with_line_numbers() {
    let dir = TempDir::new();
    let db = format!("sqlite://{}/m.db?mode=rwc", dir.0.display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
            .args(args)
            .env("MOTCUA_DATABASE_URL", &db)
            .env("MOTCUA_DATA_DIR", dir.0.display().to_string())
            .env("MOTCUA_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&["seed", "demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.0.join("old.csv");
    let path = file.display().to_string();
    std::fs::write(
        &file,
        csv(&[
            &row("CLI-0001"),
            "CLI-0002,1.001193,2023-05-02T08:00:00+07:00,yesterday,,counter,,,,",
            &row("CLI-0003"),
        ]),
    )
    .unwrap();
    let out = run(&["import", "dossiers", "--tenant", "TN.BINHMINH", &path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("line 3: due_at"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    std::fs::write(&file, csv(&[&row("CLI-0001"), &row("CLI-0003")])).unwrap();
    let out = run(&["import", "dossiers", "--tenant", "TN.BINHMINH", &path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("imported 2 dossiers"), "{err}");

    let out = run(&["import", "dossiers", "--tenant", "TN.BINHMINH", &path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2: code: `CLI-0001` already exists"),
        "{err}"
    );
    assert!(
        err.contains("line 3: code: `CLI-0003` already exists"),
        "{err}"
    );

    let out = run(&[
        "import",
        "dossiers",
        "--tenant",
        "TN.BINHMINH",
        "--skip-existing",
        &path,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("imported 0 dossiers"), "{err}");
    assert!(err.contains("skipped 2"), "{err}");

    let out = run(&["import", "dossiers", "--tenant", "XX.NOWHERE", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("XX.NOWHERE"));
}
