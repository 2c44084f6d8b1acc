//! Rendering the documents transitions produce (Circular 03/2025 forms 01–06, the result, the
//! payment notice, the withdrawal record) as simple printable HTML with the tenant's header,
//! the dossier code, the dates and the reasons. The HTML is rendered once, stored in
//! `dossier_documents` with its SHA-256, and never re-rendered: what was issued stays issued.

use chrono::{DateTime, Utc};
use shared::lifecycle::{Action, DocumentKind, Stage};

use crate::domains::dossiers::model::dossier;
use crate::http::receipts::{esc, qr_svg, vn_datetime, vnd};

/// Everything a document shows.
pub struct DocumentInput<'a> {
    /// Which document.
    pub kind: DocumentKind,
    /// Its number.
    pub number: &'a str,
    /// The issuing unit's name.
    pub tenant_name: &'a str,
    /// The dossier after the transition.
    pub dossier: &'a dossier::Model,
    /// The procedure's name.
    pub procedure_name: &'a str,
    /// What was done.
    pub action: Action,
    /// Stage before.
    pub from: Stage,
    /// Stage after.
    pub to: Stage,
    /// Who did it, as shown.
    pub actor_name: &'a str,
    /// When.
    pub at: DateTime<Utc>,
    /// Free note.
    pub note: Option<&'a str>,
    /// Written reasons (missing documents, refusal, stop, delay).
    pub reasons: &'a [String],
    /// Who receives the dossier next (assignment), as shown.
    pub receiver: Option<&'a str>,
    /// Where the QR code points (tracking page, or the result's verification page).
    pub qr_url: Option<String>,
}

fn row(label: &str, value: &str) -> String {
    format!("<tr><th>{}</th><td>{}</td></tr>", esc(label), esc(value))
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "—".to_string(), vn_datetime)
}

fn list(title: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let lis: String = items
        .iter()
        .map(|r| format!("<li>{}</li>", esc(r)))
        .collect();
    format!("<h2>{}</h2><ol>{lis}</ol>", esc(title))
}

/// The rows and paragraphs specific to each kind.
fn body(i: &DocumentInput<'_>) -> String {
    let d = i.dossier;
    let mut rows = Vec::new();
    let mut after = String::new();
    match i.kind {
        DocumentKind::Form01 => {
            rows.push(row("Thời điểm tiếp nhận", &when(d.received_at)));
            rows.push(row("Ngày hẹn trả kết quả", &when(d.due_at)));
            if d.due_at != d.due_at_original {
                rows.push(row("Ngày hẹn ban đầu", &when(d.due_at_original)));
                after.push_str(
                    "<p>Ngày hẹn trả kết quả đã được lùi tương ứng với thời gian chờ công dân bổ sung hồ sơ.</p>",
                );
            }
            rows.push(row("Phí, lệ phí", &vnd(d.fee_vnd)));
        }
        DocumentKind::Form02 => {
            after.push_str(&list("Hồ sơ cần bổ sung, hoàn thiện", i.reasons));
            if d.pause_started_at.is_some() {
                after.push_str(
                    "<p>Thời gian giải quyết tạm dừng từ thời điểm lập phiếu này đến khi nhận đủ hồ sơ bổ sung.</p>",
                );
            }
        }
        DocumentKind::Form03 => after.push_str(&list("Lý do", i.reasons)),
        DocumentKind::Form04 => {
            rows.push(row("Ngày hẹn trả kết quả", &when(d.due_at)));
            rows.push(row("Ngày hẹn trả kết quả mới", &when(d.rescheduled_to)));
            after.push_str(&list("Lý do chậm trễ", i.reasons));
            after.push_str(&format!(
                "<p>{} xin lỗi ông/bà vì sự chậm trễ và hẹn trả kết quả vào ngày mới nêu trên.</p>",
                esc(i.tenant_name)
            ));
        }
        DocumentKind::Form05 => after.push_str(&list("Lý do dừng giải quyết", i.reasons)),
        DocumentKind::Form06 => {
            let status = d.due_at.map(|due| match shared::classify(i.at, due) {
                shared::Timeliness::Early => "Trước hạn",
                shared::Timeliness::OnTime => "Đúng hạn",
                shared::Timeliness::Late => "Quá hạn",
            });
            after.push_str(&format!(
                "<table class=\"slip\"><tr><th>Thời điểm</th><th>Bên giao</th><th>Bên nhận</th><th>Nội dung</th><th>Kết quả</th></tr>\
                 <tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr></table>",
                vn_datetime(i.at),
                esc(i.actor_name),
                esc(i.receiver.unwrap_or("—")),
                esc(i.from.label_vi()),
                esc(i.to.label_vi()),
                status.unwrap_or("—"),
            ));
            after.push_str(&list("Lý do", i.reasons));
            if let Some(t) = &d.postal_tracking_number
                && i.action == Action::ReturnByPost
            {
                rows.push(row("Số hiệu bưu gửi", t));
            }
        }
        DocumentKind::Form07 => {}
        DocumentKind::Result => {
            rows.push(row(
                "Mã xác minh kết quả",
                d.result_code.as_deref().unwrap_or("—"),
            ));
            rows.push(row("Ngày hẹn trả kết quả", &when(d.due_at)));
            rows.push(row("Ngày có kết quả", &when(d.finished_at)));
        }
        DocumentKind::PaymentNotice => {
            rows.push(row("Số tiền phải nộp", &vnd(d.fee_vnd)));
        }
        DocumentKind::Withdrawal => {
            rows.push(row("Thời điểm rút hồ sơ", &vn_datetime(i.at)));
        }
    }
    format!("<table>{}</table>{after}", rows.join(""))
}

/// Renders a document as a complete HTML page.
pub fn render(i: &DocumentInput<'_>) -> String {
    let d = i.dossier;
    let qr = i
        .qr_url
        .as_deref()
        .and_then(qr_svg)
        .map(|svg| format!("<div class=\"qr\">{svg}</div>"))
        .unwrap_or_default();
    let note = i
        .note
        .filter(|n| !n.trim().is_empty())
        .map(|n| format!("<p><strong>Ghi chú:</strong> {}</p>", esc(n)))
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {code}</title>
<style>
body{{font-family:"Times New Roman",serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}}
header{{display:flex;justify-content:space-between;gap:1rem;text-align:center}} h1{{font-size:1.2rem;text-align:center;margin:1.5rem 0 .25rem}}
.number{{text-align:center;margin:0 0 1rem}} table{{border-collapse:collapse;width:100%}} th{{text-align:left;vertical-align:top;padding:.25rem .5rem .25rem 0}}
.slip th,.slip td{{border:1px solid #555;padding:.25rem}} .qr{{float:right;margin:0 0 1rem 1rem}} footer{{margin-top:2rem;text-align:right}}
</style></head>
<body><main>
<header><div><strong>{tenant}</strong><br>Bộ phận Một cửa</div><div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</div></header>
<h1>{title}</h1>
<p class="number">Số: {number}</p>
{qr}
<table>
{code_row}{procedure_row}{applicant_row}{stage_row}
</table>
{body}
{note}
<footer>{place}, {at}<br>Người lập: {actor}</footer>
</main></body></html>"#,
        title = esc(i.kind.title_vi()),
        code = esc(&d.code),
        tenant = esc(i.tenant_name),
        number = esc(i.number),
        qr = qr,
        code_row = row("Mã hồ sơ", &d.code),
        procedure_row = row("Thủ tục", i.procedure_name),
        applicant_row = row("Người nộp hồ sơ", &d.applicant_name),
        stage_row = row("Tình trạng", i.to.label_vi()),
        body = body(i),
        note = note,
        place = esc(i.tenant_name),
        at = vn_datetime(i.at),
        actor = esc(i.actor_name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn dossier() -> dossier::Model {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        dossier::Model {
            tenant_id: 1,
            id: uuid::Uuid::nil(),
            code: "TN.BINHMINH-261123-0001".into(),
            procedure_id: uuid::Uuid::nil(),
            handled_by_tenant_id: None,
            status: "RECEIVED".into(),
            channel: "online".into(),
            applicant_user_id: None,
            applicant_name: "Nguyễn <Văn> An".into(),
            applicant_personal_id: None,
            applicant_phone: None,
            applicant_email: None,
            applicant_address: None,
            form_data: serde_json::json!({}),
            submitted_at: at,
            received_at: Some(at),
            due_at: Some(at + chrono::Duration::hours(8)),
            due_at_original: Some(at + chrono::Duration::hours(8)),
            rescheduled_to: None,
            finished_at: None,
            received_day: None,
            due_day: None,
            finished_day: None,
            returned_at: None,
            returned_by_post: false,
            digitized: true,
            paid_online: false,
            fee_vnd: 8000,
            tracking_secret_hash: None,
            idempotency_key: None,
            request_hash: None,
            imported: false,
            version: 1,
            assigned_to: None,
            current_step: None,
            pause_started_at: None,
            paused_seconds: 0,
            supplement_count: 0,
            result_code: None,
            return_channel: None,
            postal_tracking_number: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_receipt_shows_the_header_code_dates_and_escapes_everything() {
        let d = dossier();
        let html = render(&DocumentInput {
            kind: DocumentKind::Form01,
            number: "TN.BINHMINH-261123-0001/FORM01-1",
            tenant_name: "Phường Bình Minh",
            dossier: &d,
            procedure_name: "Đăng ký khai sinh",
            action: Action::Accept,
            from: Stage::Submitted,
            to: Stage::Received,
            actor_name: "Cán bộ",
            at: d.submitted_at,
            note: Some("<script>"),
            reasons: &[],
            receiver: None,
            qr_url: Some("https://x.vn/tra-cuu?code=TN".into()),
        });
        assert!(html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
        assert!(html.contains("Phường Bình Minh"));
        assert!(html.contains("TN.BINHMINH-261123-0001"));
        assert!(html.contains("09:00 23/11/2026"), "received at, local time");
        assert!(html.contains("17:00 23/11/2026"), "due at, local time");
        assert!(html.contains("Nguyễn &lt;Văn&gt; An"));
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("<svg"));
    }

    #[test]
    fn a_refusal_lists_its_reasons() {
        let d = dossier();
        let reasons = vec![
            "Thiếu giấy chứng sinh".to_string(),
            "Sai mẫu tờ khai".to_string(),
        ];
        let html = render(&DocumentInput {
            kind: DocumentKind::Form03,
            number: "N",
            tenant_name: "P",
            dossier: &d,
            procedure_name: "X",
            action: Action::Refuse,
            from: Stage::Submitted,
            to: Stage::RefusedAtReception,
            actor_name: "A",
            at: d.submitted_at,
            note: None,
            reasons: &reasons,
            receiver: None,
            qr_url: None,
        });
        assert!(html.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"));
        assert!(html.contains("<li>Thiếu giấy chứng sinh</li><li>Sai mẫu tờ khai</li>"));
    }
}
