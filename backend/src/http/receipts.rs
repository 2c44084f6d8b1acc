//! The printable receipt of a dossier (`GET /receipts/{code}?secret=…`): the unit, the code,
//! the appointment, the documents, the fee, the tracking secret, and a QR code that opens the
//! tracking page. It is reached with the same code + secret as `trackDossier` (and the same
//! rate limits), so it shows nothing to someone without the receipt.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domains::dossiers::status::DossierStatus;
use crate::domains::dossiers::tracking;
use crate::domains::procedures::repo as procedures;
use crate::graphql::http::client_ip;
use crate::state::AppState;

/// Query string of the receipt URL.
#[derive(Deserialize)]
pub struct ReceiptQuery {
    secret: String,
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG QR code of `text` (medium error correction, 4-module quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

/// Formats an instant as `HH:MM dd/mm/yyyy` in Asia/Ho_Chi_Minh.
pub fn vn_datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    shared::time::vn_local(t)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// Formats VND the Vietnamese way: `1.000.000 ₫`.
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}{out} ₫", if amount < 0 { "-" } else { "" })
}

/// `GET /receipts/{code}?secret=…`.
pub async fn receipt(
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ReceiptQuery>,
    state: web::Data<Arc<AppState>>,
) -> HttpResponse {
    let code = path.into_inner();
    let found = match tracking::track(&state, &client_ip(&req), &code, &query.secret).await {
        Ok(f) => f,
        Err(e) => {
            return HttpResponse::TooManyRequests()
                .content_type("text/plain; charset=utf-8")
                .body(e.public_message());
        }
    };
    let Some(t) = found else {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("Không tìm thấy hồ sơ với mã và mã bí mật này. No dossier matches this code and secret.");
    };
    let d = &t.dossier;
    let tenant = state.tenants.by_id(d.tenant_id);
    let procedure = procedures::by_ids(&state.db, &[d.procedure_id])
        .await
        .ok()
        .and_then(|v| v.into_iter().next());
    let base = state.config.public_url.clone().unwrap_or_default();
    let secret = tracking::tracking_secret(&state.tracking_key, d.id);
    let track_url = format!("{base}/tra-cuu?code={}&secret={secret}", d.code);
    let qr = qr_svg(&track_url).unwrap_or_default();
    let accepted = d.received_at.is_some();
    let title = if accepted {
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    } else {
        "PHIẾU XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN"
    };
    let docs: Vec<String> = procedure
        .as_ref()
        .and_then(|p| p.documents.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| {
            v.get("name")
                .and_then(|n| n.as_str())
                .map(|n| format!("<li>{}</li>", esc(n)))
        })
        .collect();
    let appointment = match d.due_at {
        Some(due) => vn_datetime(due),
        None => "Sẽ được hẹn khi cán bộ tiếp nhận hồ sơ (thông báo qua tài khoản và tra cứu)"
            .to_string(),
    };
    let status = DossierStatus::parse(&d.status).map_or("", DossierStatus::label_vi);
    let html = format!(
        r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {code}</title>
<style>
body{{font-family:"Times New Roman",serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}}
header{{display:flex;justify-content:space-between;gap:1rem;text-align:center}} h1{{font-size:1.25rem;text-align:center;margin:1.5rem 0 1rem}}
table{{border-collapse:collapse;width:100%}} th{{text-align:left;width:38%;vertical-align:top;padding:.25rem .5rem .25rem 0}} td{{padding:.25rem 0}}
.qr{{float:right;margin:0 0 1rem 1rem;text-align:center;font-size:.8rem}} .secret{{font-family:monospace;font-size:1.2rem;letter-spacing:.15em}}
@media print{{.noprint{{display:none}} body{{margin:0}}}}
</style></head>
<body><main>
<header><div><strong>{tenant_name}</strong><br>Bộ phận Một cửa</div><div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</div></header>
<h1>{title}</h1>
<div class="qr">{qr}<br>Quét để tra cứu tiến độ</div>
<table>
<tr><th>Mã hồ sơ</th><td><strong>{code}</strong></td></tr>
<tr><th>Mã bí mật tra cứu</th><td class="secret">{secret}</td></tr>
<tr><th>Thủ tục</th><td>{procedure_name}</td></tr>
<tr><th>Người nộp</th><td>{applicant}</td></tr>
<tr><th>Thời điểm nộp</th><td>{submitted}</td></tr>
<tr><th>Ngày hẹn trả kết quả</th><td>{appointment}</td></tr>
<tr><th>Tình trạng</th><td>{status}</td></tr>
<tr><th>Phí, lệ phí</th><td>{fee}</td></tr>
</table>
<h2>Thành phần hồ sơ</h2><ul>{docs}</ul>
<p>Tra cứu tại {base}/tra-cuu bằng mã hồ sơ và mã bí mật. Đường dây nóng: {hotline}.</p>
<p class="noprint"><button onclick="print()">In giấy biên nhận / Print</button></p>
</main></body></html>"#,
        title = title,
        code = esc(&d.code),
        tenant_name = esc(tenant.as_ref().map_or("", |t| t.name.as_str())),
        qr = qr,
        secret = esc(&secret),
        procedure_name = esc(procedure.as_ref().map_or("", |p| p.name.as_str())),
        applicant = esc(&d.applicant_name),
        submitted = vn_datetime(d.submitted_at),
        appointment = esc(&appointment),
        status = esc(status),
        fee = vnd(d.fee_vnd),
        docs = docs.join(""),
        base = esc(&base),
        hotline = esc(tenant
            .as_ref()
            .map_or("1022", |t| t.settings.hotline.as_str())),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"))
        .body(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_html_are_formatted_the_vietnamese_way() {
        assert_eq!(vnd(0), "0 ₫");
        assert_eq!(vnd(1_000_000), "1.000.000 ₫");
        assert_eq!(vnd(10_000), "10.000 ₫");
        assert_eq!(vnd(200), "200 ₫");
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(
            qr_svg("https://example.vn/tra-cuu?code=X")
                .unwrap()
                .contains("<svg")
        );
    }
}

/// Query string of a procedure QR code.
#[derive(Deserialize)]
pub struct ProcedureQrQuery {
    /// Unit whose page the code should open.
    #[serde(default)]
    tenant: Option<String>,
}

/// `GET /procedures/{code}/qr.svg[?tenant=CODE]`: an SVG QR code opening the procedure's public
/// page, for paper slips and "file bags" at the counter.
pub async fn procedure_qr(
    path: web::Path<String>,
    query: web::Query<ProcedureQrQuery>,
    state: web::Data<Arc<AppState>>,
) -> HttpResponse {
    let code = path.into_inner();
    let known = procedures::by_code(&state.db, &code)
        .await
        .ok()
        .flatten()
        .is_some();
    let tenant = query
        .tenant
        .as_deref()
        .filter(|t| state.tenants.by_code(t).is_some());
    if !known || query.tenant.is_some() && tenant.is_none() {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("Không có thủ tục này. No such procedure.");
    }
    let base = state.config.public_url.clone().unwrap_or_default();
    let url = match tenant {
        Some(t) => format!("{base}/thu-tuc/{code}?don-vi={t}"),
        None => format!("{base}/thu-tuc/{code}"),
    };
    match qr_svg(&url) {
        Some(svg) => HttpResponse::Ok()
            .content_type("image/svg+xml")
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .body(svg),
        None => HttpResponse::InternalServerError().finish(),
    }
}
