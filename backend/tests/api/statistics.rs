//! Public `statistics`: every figure of a ward recomputed by hand from an imported file, days
//! counted in Asia/Ho_Chi_Minh, provinces and districts as the sum of their units, and the
//! input errors.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::imports::{HEADER, import_ok};

const FIGURES: &str = "received resolved resolvedEarly resolvedOnTime resolvedLate
    inProgress inProgressOverdue carriedOver receivedOnline receivedPostal returnedPostal
    digitized paidOnline withdrawn stopped refused
    earlyRate onTimeRate lateRate notLateRate onlineRate";

const COUNTS: [&str; 16] = [
    "received",
    "resolved",
    "resolvedEarly",
    "resolvedOnTime",
    "resolvedLate",
    "inProgress",
    "inProgressOverdue",
    "carriedOver",
    "receivedOnline",
    "receivedPostal",
    "returnedPostal",
    "digitized",
    "paidOnline",
    "withdrawn",
    "stopped",
    "refused",
];

/// Twelve dossiers of a ward around March 2024 (times in +07:00 unless said otherwise).
/// Columns: code, procedure, received, due, finished, channel, by post, digitised, paid online.
const WARD_FILE: &[&str] = &[
    // 1: early (finished the 6th, due the 8th), online, digitised, paid online.
    "R01,1.001193,2024-03-04T08:00:00+07:00,2024-03-08T17:00:00+07:00,2024-03-06T10:00:00+07:00,online,false,true,true,10000",
    // 2: on the due day.
    "R02,1.001193,2024-03-05T09:00:00+07:00,2024-03-12T17:00:00+07:00,2024-03-12T16:00:00+07:00,counter,false,true,false,0",
    // 3: late, by post both ways.
    "R03,1.001193,2024-03-06T09:00:00+07:00,2024-03-08T17:00:00+07:00,2024-03-11T08:00:00+07:00,postal,true,false,false,0",
    // 4: finished 23:30 on the 31st in Vietnam (16:30 UTC): late, and in March.
    "R04,1.001193,2024-03-20T08:00:00+07:00,2024-03-29T17:00:00+07:00,2024-03-31T16:30:00Z,online,false,true,true,5000",
    // 5: open and overdue at the end of March.
    "R05,9.999001,2024-03-10T08:00:00+07:00,2024-03-15T17:00:00+07:00,,counter,false,false,false,0",
    // 6: open, due on the last day: not overdue.
    "R06,9.999001,2024-03-25T08:00:00+07:00,2024-03-31T17:00:00+07:00,,online,false,true,false,0",
    // 7: received in February, finished late in March: carried over into March.
    "R07,1.001193,2024-02-20T08:00:00+07:00,2024-02-27T17:00:00+07:00,2024-03-04T10:00:00+07:00,online,false,false,false,0",
    // 8: all in February.
    "R08,1.001193,2024-02-10T08:00:00+07:00,2024-02-15T17:00:00+07:00,2024-02-14T10:00:00+07:00,counter,true,false,false,0",
    // 9: all in April.
    "R09,1.001193,2024-04-02T08:00:00+07:00,2024-04-05T17:00:00+07:00,,online,false,true,true,0",
    // 10: received in March, finished early in April: in progress at the end of March.
    "R10,9.999001,2024-03-28T08:00:00+07:00,2024-04-03T17:00:00+07:00,2024-04-02T10:00:00+07:00,counter,false,false,false,0",
    // 11: received 00:30 on 1 March in Vietnam (still 29 February in UTC), on time.
    "R11,9.999001,2024-02-29T17:30:00Z,2024-03-01T17:00:00+07:00,2024-03-01T10:00:00+07:00,postal,true,false,false,0",
    // 12: finished 00:30 on 1 April in Vietnam (still 31 March in UTC): late, in April.
    "R12,9.999001,2024-03-25T08:00:00+07:00,2024-03-29T17:00:00+07:00,2024-04-01T00:30:00+07:00,counter,false,false,false,0",
];

const WARD: &str = "TN.TPTN.NINHSON";

fn file(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

async fn stats(app: &TestApp, tenant: &str, from: &str, to: &str) -> Value {
    let q = format!(
        "query($t: String!, $f: Date!, $to: Date!) {{ statistics(tenantCode: $t, from: $f, to: $to) {{
            tenant {{ code }} from to {FIGURES}
            byProcedure {{ key label received resolved resolvedEarly resolvedOnTime resolvedLate }}
            byField {{ key label received resolved resolvedEarly resolvedOnTime resolvedLate }}
            byChannel {{ key label received resolved resolvedEarly resolvedOnTime resolvedLate }}
            byMonth {{ key label received resolved resolvedEarly resolvedOnTime resolvedLate }}
        }} }}"
    );
    let r = app
        .graphql(&q, json!({ "t": tenant, "f": from, "to": to }))
        .await
        .ok();
    r.data("statistics").clone()
}

fn group(key: &str, label: &str, counts: [i64; 5]) -> Value {
    json!({
        "key": key, "label": label, "received": counts[0], "resolved": counts[1],
        "resolvedEarly": counts[2], "resolvedOnTime": counts[3], "resolvedLate": counts[4],
    })
}

fn assert_close(got: &Value, want: f64, what: &str) {
    let got = got.as_f64().unwrap();
    assert!((got - want).abs() < 1e-9, "{what}: {got} != {want}");
}

#[tokio::test]
async fn a_wards_statistics_match_a_recomputation_of_its_dossiers() {
    let app = spawn_app().await;
    import_ok(&app, WARD, &file(WARD_FILE)).await;

    let s = stats(&app, WARD, "2024-03-01", "2024-03-31").await;
    assert_eq!(s["tenant"]["code"], WARD);
    assert_eq!(s["from"], "2024-03-01");
    assert_eq!(s["to"], "2024-03-31");
    let want = json!({
        // R01 R02 R03 R04 R05 R06 R10 R11 R12
        "received": 9,
        // R01 (early); R02, R11 (on the due day); R03, R04, R07 (late)
        "resolved": 6, "resolvedEarly": 1, "resolvedOnTime": 2, "resolvedLate": 3,
        // R05, R06, R10, R12; overdue: R05 (due the 15th), R12 (due the 29th)
        "inProgress": 4, "inProgressOverdue": 2,
        // R07 was open at the end of 29 February
        "carriedOver": 1,
        "receivedOnline": 3, "receivedPostal": 2,
        // R03, R11 (R08 was in February)
        "returnedPostal": 2,
        // R01 R02 R04 R06; paid online R01 R04
        "digitized": 4, "paidOnline": 2,
        "withdrawn": 0, "stopped": 0, "refused": 0,
    });
    for f in COUNTS {
        assert_eq!(s[f], want[f], "{f}");
    }
    assert_close(&s["earlyRate"], 100.0 / 6.0, "earlyRate");
    assert_close(&s["onTimeRate"], 200.0 / 6.0, "onTimeRate");
    assert_close(&s["lateRate"], 50.0, "lateRate");
    assert_close(&s["notLateRate"], 50.0, "notLateRate");
    assert_close(&s["onlineRate"], 100.0 / 3.0, "onlineRate");

    assert_eq!(
        s["byProcedure"],
        json!([
            group("1.001193", "Đăng ký khai sinh", [4, 5, 1, 1, 3]),
            group(
                "9.999001",
                "Thủ tục 9.999001 (nhập từ dữ liệu lịch sử)",
                [5, 1, 0, 1, 0]
            ),
        ])
    );
    assert_eq!(
        s["byField"],
        json!([
            group("Chưa phân loại", "Chưa phân loại", [5, 1, 0, 1, 0]),
            group("Hộ tịch", "Hộ tịch", [4, 5, 1, 1, 3]),
        ])
    );
    assert_eq!(
        s["byChannel"],
        json!([
            group("counter", "Trực tiếp", [4, 1, 0, 1, 0]),
            group("online", "Trực tuyến", [3, 3, 1, 0, 2]),
            group("postal", "Bưu chính công ích", [2, 2, 0, 1, 1]),
        ])
    );
    assert_eq!(
        s["byMonth"],
        json!([group("2024-03", "Tháng 03/2024", [9, 6, 1, 2, 3])])
    );

    // Months: received by the month of receipt, resolved by the month of finishing.
    let q = stats(&app, WARD, "2024-02-01", "2024-04-30").await;
    assert_eq!(
        q["byMonth"],
        json!([
            group("2024-02", "Tháng 02/2024", [2, 1, 1, 0, 0]),
            group("2024-03", "Tháng 03/2024", [9, 6, 1, 2, 3]),
            group("2024-04", "Tháng 04/2024", [1, 2, 1, 0, 1]),
        ])
    );
    assert_eq!(q["received"], 12);
    assert_eq!(q["resolved"], 9);
    // An empty period: zero counts and zero rates, not errors.
    let empty = stats(&app, WARD, "2020-01-01", "2020-12-31").await;
    for f in COUNTS {
        assert_eq!(empty[f], 0, "{f}");
    }
    assert_close(&empty["earlyRate"], 0.0, "earlyRate");
    assert_close(&empty["onlineRate"], 0.0, "onlineRate");
    assert_eq!(empty["byMonth"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn days_are_inclusive_and_counted_in_asia_ho_chi_minh() {
    let app = spawn_app().await;
    import_ok(&app, WARD, &file(WARD_FILE)).await;
    // R04 finished at 23:30 on the 31st in Vietnam: it is resolved on the 31st...
    let last_day = stats(&app, WARD, "2024-03-31", "2024-03-31").await;
    assert_eq!(last_day["resolved"], 1);
    assert_eq!(last_day["resolvedLate"], 1);
    // ...so at the end of the 30th it was still open, and overdue (due the 29th).
    let before = stats(&app, WARD, "2024-03-01", "2024-03-30").await;
    assert_eq!(before["resolved"], 5);
    assert_eq!(before["inProgress"], 5, "R04 R05 R06 R10 R12");
    assert_eq!(
        before["inProgressOverdue"], 3,
        "R04 R05 R12: due before the 30th"
    );
    // R12 finished at 00:30 on 1 April in Vietnam (31 March in UTC): it counts on 1 April.
    let first_april = stats(&app, WARD, "2024-04-01", "2024-04-01").await;
    assert_eq!(first_april["resolved"], 1);
    assert_eq!(first_april["resolvedLate"], 1);
    assert_eq!(
        first_april["carriedOver"], 4,
        "R05 R06 R10 R12 were open on 31 March"
    );
    // R11 was received at 00:30 on 1 March in Vietnam (29 February in UTC).
    let feb = stats(&app, WARD, "2024-02-01", "2024-02-29").await;
    assert_eq!(feb["received"], 2, "R07 R08, not R11");
    let first_march = stats(&app, WARD, "2024-03-01", "2024-03-01").await;
    assert_eq!(first_march["received"], 1);
    assert_eq!(first_march["resolvedOnTime"], 1);
    app.stop().await;
}

#[tokio::test]
async fn a_province_or_district_aggregates_the_units_under_it() {
    let app = spawn_app().await;
    import_ok(&app, WARD, &file(WARD_FILE)).await;
    let other: Vec<String> = WARD_FILE.iter().map(|r| format!("B{r}")).collect();
    let other: Vec<&str> = other.iter().map(String::as_str).collect();
    import_ok(&app, "TN.TPTN.NINHTHANH", &file(&other[..7])).await;

    let (from, to) = ("2024-03-01", "2024-03-31");
    let district = stats(&app, "TN.TPTN", from, to).await;
    let a = stats(&app, WARD, from, to).await;
    let b = stats(&app, "TN.TPTN.NINHTHANH", from, to).await;
    for f in COUNTS {
        assert_eq!(
            district[f].as_i64().unwrap(),
            a[f].as_i64().unwrap() + b[f].as_i64().unwrap(),
            "{f}"
        );
    }
    assert_eq!(district["received"], 9 + 6);

    // The province (whose own units hold a year of demo dossiers too) is the sum of its
    // children, over a period that includes the demo data.
    let (from, to) = ("2024-01-01", "2026-12-31");
    let province = stats(&app, "TN", from, to).await;
    let children = app
        .graphql("query { tenants(parentCode: \"TN\") { code } }", json!({}))
        .await
        .ok();
    let children: Vec<String> = children
        .data("tenants")
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_string())
        .collect();
    assert!(children.len() >= 3, "{children:?}");
    let mut sums = [0i64; COUNTS.len()];
    for c in &children {
        let s = stats(&app, c, from, to).await;
        for (sum, f) in sums.iter_mut().zip(COUNTS) {
            *sum += s[f].as_i64().unwrap();
        }
    }
    for (sum, f) in sums.iter().zip(COUNTS) {
        assert_eq!(province[f].as_i64().unwrap(), *sum, "{f}");
    }
    assert!(
        province["received"].as_i64().unwrap() > 15,
        "demo data counts too"
    );
    let resolved = province["resolved"].as_f64().unwrap();
    assert_close(
        &province["notLateRate"],
        (province["resolvedEarly"].as_f64().unwrap()
            + province["resolvedOnTime"].as_f64().unwrap())
            * 100.0
            / resolved,
        "notLateRate",
    );
    app.stop().await;
}

/// The Asia/Ho_Chi_Minh day of an RFC 3339 instant from the API.
fn vn_day(v: &Value) -> Option<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(v.as_str()?).unwrap();
    Some(shared::time::vn_date(t.to_utc()))
}

#[tokio::test]
async fn the_demo_datas_statistics_match_a_recomputation_from_the_dossier_list() {
    let app = spawn_app().await;
    let token = app.staff_of("tinh", "TN").await;
    let list = app
        .graphql_as(
            Some(&token),
            "{ dossiers(tenantCode: \"TN.BINHMINH\", first: 100) { totalCount nodes {
                status channel receivedAt dueAt finishedAt digitized paidOnline returnedByPost
            } } }",
            json!({}),
        )
        .await
        .ok();
    let nodes = list.data("dossiers.nodes").as_array().unwrap().clone();
    assert_eq!(
        list.data("dossiers.totalCount").as_u64().unwrap() as usize,
        nodes.len()
    );
    let today = shared::time::vn_date(Utc::now());
    let (from, to) = (today - Duration::days(200), today - Duration::days(15));
    let mut want = std::collections::BTreeMap::<&str, i64>::new();
    for f in COUNTS {
        want.insert(f, 0);
    }
    let mut bump = |f: &'static str| *want.get_mut(f).unwrap() += 1;
    for d in &nodes {
        let (rec, due, fin) = (
            vn_day(&d["receivedAt"]),
            vn_day(&d["dueAt"]),
            vn_day(&d["finishedAt"]),
        );
        let status = d["status"].as_str().unwrap();
        let in_period = |day: Option<NaiveDate>| day.is_some_and(|x| from <= x && x <= to);
        if in_period(rec) {
            bump("received");
            match d["channel"].as_str().unwrap() {
                "online" => bump("receivedOnline"),
                "postal" => bump("receivedPostal"),
                _ => {}
            }
            if d["digitized"] == true {
                bump("digitized");
            }
            if d["paidOnline"] == true {
                bump("paidOnline");
            }
        }
        if in_period(fin) {
            match status {
                "RESOLVED" | "RETURNED" => {
                    bump("resolved");
                    match fin.cmp(&due) {
                        std::cmp::Ordering::Less => bump("resolvedEarly"),
                        std::cmp::Ordering::Equal => bump("resolvedOnTime"),
                        std::cmp::Ordering::Greater => bump("resolvedLate"),
                    }
                    if d["returnedByPost"] == true {
                        bump("returnedPostal");
                    }
                }
                "WITHDRAWN" => bump("withdrawn"),
                "STOPPED" => bump("stopped"),
                "REFUSED_AT_RECEPTION" => bump("refused"),
                _ => {}
            }
        }
        let open_at = |day: NaiveDate| rec.is_some_and(|r| r <= day) && fin.is_none_or(|f| f > day);
        if open_at(to) {
            bump("inProgress");
            if due.is_some_and(|x| x < to) {
                bump("inProgressOverdue");
            }
        }
        if open_at(from - Duration::days(1)) {
            bump("carriedOver");
        }
    }
    let s = stats(&app, "TN.BINHMINH", &from.to_string(), &to.to_string()).await;
    for f in COUNTS {
        assert_eq!(s[f].as_i64().unwrap(), want[f], "{f}");
    }
    assert!(want["received"] > 0 && want["resolved"] > 0, "{want:?}");
    app.stop().await;
}

#[tokio::test]
async fn bad_periods_and_unknown_units_are_refused_with_their_codes() {
    let app = spawn_app().await;
    let q = "query($t: String!, $f: Date!, $to: Date!) { statistics(tenantCode: $t, from: $f, to: $to) { received } }";
    let r = app
        .graphql(
            q,
            json!({ "t": "TN", "f": "2024-03-31", "to": "2024-03-01" }),
        )
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"), "{}", r.body);
    let r = app
        .graphql(
            q,
            json!({ "t": "TN", "f": "1990-01-01", "to": "2024-03-01" }),
        )
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"), "{}", r.body);
    let r = app
        .graphql(q, json!({ "t": "TN", "f": "2024-3-1", "to": "2024-03-31" }))
        .await;
    assert_eq!(r.code(), Some("BAD_USER_INPUT"), "{}", r.body);
    let r = app
        .graphql(
            q,
            json!({ "t": "NOWHERE", "f": "2024-03-01", "to": "2024-03-31" }),
        )
        .await;
    assert_eq!(r.code(), Some("NOT_FOUND"), "{}", r.body);
    // Public: no credentials, and a one-day period is fine.
    let r = app
        .graphql(
            q,
            json!({ "t": "TN.BINHMINH", "f": "2024-03-01", "to": "2024-03-01" }),
        )
        .await
        .ok();
    assert_eq!(r.data("statistics.received"), 0);
    app.stop().await;
}
