//! The demo data set (`motcua seed demo`, and the first start of an empty database): the tenant
//! tree, the national catalogue and calendar from `backend/demo/*.toml`, staff accounts with a
//! documented password, and a year of dossiers in every status. Idempotent: whatever already
//! exists (by code or email) is left as it is.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Deserialize;
use shared::calendar::{CalendarDay, DayKind, TimeLimit, WorkingCalendar};
use uuid::Uuid;

use crate::auth::scope::global;
use crate::auth::{Role, TenantScope, password};
use crate::domains::accounts::{model::user, repo as accounts};
use crate::domains::dossiers::model::{counter, dossier, event};
use crate::domains::dossiers::status::DossierStatus;
use crate::domains::procedures::model::{assignment, calendar_day, procedure};
use crate::domains::tenants::repo::{self as tenants, NewTenant};
use crate::domains::tenants::service::TenantSettings;
use crate::state::AppState;

/// The password of every demo staff account (printed at first start, in README.md).
pub const DEMO_PASSWORD: &str = "motcua-demo-2026";

const TENANTS: &str = include_str!("../demo/tenants.toml");
const PROCEDURES: &str = include_str!("../demo/procedures.toml");
const ASSIGNMENTS: &str = include_str!("../demo/assignments.toml");
const CALENDAR: &str = include_str!("../demo/calendar.toml");

#[derive(Deserialize)]
struct TenantFile {
    tenant: Vec<TenantRow>,
}

#[derive(Deserialize)]
struct TenantRow {
    code: String,
    name: String,
    level: String,
    #[serde(default)]
    parent_code: String,
    #[serde(default)]
    admin_unit_code: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_to: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    hotline: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    bank_bin: String,
    #[serde(default)]
    bank_account: String,
    #[serde(default)]
    account_name: String,
}

#[derive(Deserialize)]
struct ProcedureFile {
    procedure: Vec<ProcedureRow>,
}

#[derive(Deserialize)]
struct ProcedureRow {
    code: String,
    name: String,
    #[serde(default)]
    name_en: String,
    field: String,
    #[serde(default)]
    level: String,
    online_level: String,
    time_limit: TimeLimit,
    #[serde(default)]
    time_limit_note: String,
    #[serde(default)]
    legal_basis: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    inter_agency: bool,
    #[serde(default)]
    non_territorial: bool,
    #[serde(default)]
    fee_note: String,
    #[serde(default)]
    fee: Vec<serde_json::Value>,
    #[serde(default)]
    document: Vec<serde_json::Value>,
    #[serde(default)]
    form_field: Vec<shared::form::FieldDef>,
}

#[derive(Deserialize)]
struct AssignmentFile {
    assignment: Vec<AssignmentRow>,
}

#[derive(Deserialize)]
struct AssignmentRow {
    tenant_code: String,
    procedure_code: String,
    enabled: bool,
    #[serde(default)]
    department: String,
    #[serde(default)]
    fee_note: String,
}

#[derive(Deserialize)]
struct CalendarFile {
    day: Vec<CalendarRow>,
}

#[derive(Deserialize)]
struct CalendarRow {
    day: NaiveDate,
    kind: DayKind,
    label: String,
    #[serde(default)]
    source: String,
}

/// What a seeding run created.
#[derive(Debug, Default)]
pub struct SeedReport {
    /// Tenants created.
    pub tenants: usize,
    /// Procedures created.
    pub procedures: usize,
    /// Accounts created, with their emails.
    pub accounts: Vec<(String, Role, String)>,
    /// Dossiers created.
    pub dossiers: usize,
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> anyhow::Result<T> {
    toml::from_str(text).map_err(|e| anyhow::anyhow!("demo/{name}: {}", e.message()))
}

fn date(s: &str) -> anyhow::Result<Option<NaiveDate>> {
    if s.is_empty() {
        return Ok(None);
    }
    Ok(Some(s.parse()?))
}

/// Loads the demo data set; existing rows are kept.
pub async fn demo(state: &AppState) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let db = &state.db;

    // Tenants, parents first (the file lists them in tree order).
    let file: TenantFile = parse("tenants.toml", TENANTS)?;
    for t in &file.tenant {
        if state.tenants.by_code(&t.code).is_some() {
            continue;
        }
        let parent_id = if t.parent_code.is_empty() {
            None
        } else {
            Some(
                state
                    .tenants
                    .by_code(&t.parent_code)
                    .ok_or_else(|| {
                        anyhow::anyhow!("tenant {} has unknown parent {}", t.code, t.parent_code)
                    })?
                    .id,
            )
        };
        let settings = TenantSettings {
            address: t.address.clone(),
            hotline: t.hotline.clone(),
            email: t.email.clone(),
            bank_bin: t.bank_bin.clone(),
            bank_account: t.bank_account.clone(),
            account_name: t.account_name.clone(),
            ..Default::default()
        };
        tenants::insert(
            db,
            NewTenant {
                code: t.code.clone(),
                name: t.name.clone(),
                level: t.level.clone(),
                parent_id,
                admin_unit_code: (!t.admin_unit_code.is_empty()).then(|| t.admin_unit_code.clone()),
                valid_from: date(&t.valid_from)?,
                valid_to: date(&t.valid_to)?,
                settings: serde_json::to_value(settings)?,
            },
        )
        .await?;
        report.tenants += 1;
        state.tenants.reload(db).await?;
    }

    // National calendar.
    let cal: CalendarFile = parse("calendar.toml", CALENDAR)?;
    let existing_days: Vec<calendar_day::Model> = global::<calendar_day::Entity>().all(db).await?;
    for d in &cal.day {
        if existing_days
            .iter()
            .any(|e| e.scope_tenant_id == 0 && e.day == d.day)
        {
            continue;
        }
        calendar_day::ActiveModel {
            scope_tenant_id: Set(0),
            day: Set(d.day),
            kind: Set(serde_json::to_value(d.kind)?
                .as_str()
                .unwrap_or_default()
                .to_string()),
            label: Set(d.label.clone()),
            source: Set(d.source.clone()),
        }
        .insert(db)
        .await?;
    }
    let calendar = WorkingCalendar::with_default_hours(
        &cal.day
            .iter()
            .map(|d| CalendarDay {
                day: d.day,
                kind: d.kind,
                label: d.label.clone(),
            })
            .collect::<Vec<_>>(),
    )?;

    // Catalogue.
    let procs: ProcedureFile = parse("procedures.toml", PROCEDURES)?;
    let mut by_code: BTreeMap<String, procedure::Model> = BTreeMap::new();
    for p in procs.procedure {
        if let Some(found) = crate::domains::procedures::repo::by_code(db, &p.code).await? {
            by_code.insert(p.code.clone(), found);
            continue;
        }
        let search_key = shared::text::fold_vietnamese(&format!(
            "{} {} {} {}",
            p.name, p.code, p.field, p.name_en
        ));
        let now = Utc::now();
        let model = procedure::ActiveModel {
            id: Set(Uuid::now_v7()),
            code: Set(p.code.clone()),
            name: Set(p.name),
            name_en: Set(p.name_en),
            field: Set(p.field),
            level: Set(if p.level.is_empty() {
                "COMMUNE".into()
            } else {
                p.level
            }),
            online_level: Set(p.online_level),
            time_limit_unit: Set(serde_json::to_value(p.time_limit.unit)?
                .as_str()
                .unwrap_or_default()
                .to_string()),
            time_limit_value: Set(i32::try_from(p.time_limit.value)?),
            time_limit_note: Set(p.time_limit_note),
            legal_basis: Set(p.legal_basis),
            result: Set(p.result),
            inter_agency: Set(p.inter_agency),
            non_territorial: Set(p.non_territorial),
            fee_note: Set(p.fee_note),
            fees: Set(serde_json::Value::Array(p.fee)),
            documents: Set(serde_json::Value::Array(p.document)),
            form: Set(serde_json::to_value(&p.form_field)?),
            search_key: Set(search_key),
            owner_tenant_id: Set(None),
            status: Set("ACTIVE".into()),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
        report.procedures += 1;
        by_code.insert(p.code, model);
    }

    // Assignments (tenant-owned: written through each tenant's scope).
    let assigns: AssignmentFile = parse("assignments.toml", ASSIGNMENTS)?;
    for a in &assigns.assignment {
        let tenant = state
            .tenants
            .by_code(&a.tenant_code)
            .ok_or_else(|| anyhow::anyhow!("assignment for unknown tenant {}", a.tenant_code))?;
        let proc_ = by_code.get(&a.procedure_code).ok_or_else(|| {
            anyhow::anyhow!("assignment of unknown procedure {}", a.procedure_code)
        })?;
        let scope = TenantScope::of([tenant.id]);
        let txn = scope.begin(db).await?;
        let exists = {
            use sea_orm::{ColumnTrait, QueryFilter};
            scope
                .select::<assignment::Entity>()
                .filter(assignment::Column::ProcedureId.eq(proc_.id))
                .one(&txn)
                .await?
                .is_some()
        };
        if !exists {
            assignment::ActiveModel {
                tenant_id: Set(tenant.id),
                procedure_id: Set(proc_.id),
                enabled: Set(a.enabled),
                department: Set(if a.department.is_empty() {
                    "Bộ phận Một cửa".into()
                } else {
                    a.department.clone()
                }),
                fee_note: Set(a.fee_note.clone()),
                updated_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
    }

    // Accounts: one hash of the documented password serves every demo account.
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let today = shared::time::vn_date(Utc::now());
    let mut staff_by_tenant: BTreeMap<i64, Vec<(Uuid, String)>> = BTreeMap::new();
    for node in state.tenants.all() {
        let roles: &[Role] = match node.level.as_str() {
            "PROVINCE" => &[Role::ProvinceAdmin],
            "COMMUNE" if node.is_open_on(today) => &[
                Role::ReceptionOfficer,
                Role::Specialist,
                Role::Leader,
                Role::TenantAdmin,
            ],
            _ => &[],
        };
        for role in roles {
            let email = format!(
                "{}.{}@demo.motcua.vn",
                role_slug(*role),
                node.code.to_ascii_lowercase()
            );
            let name = format!("{} — {}", role_label(*role), node.name);
            let id =
                ensure_account(db, &email, &hash, *role, Some(node.id), &name, &mut report).await?;
            staff_by_tenant.entry(node.id).or_default().push((id, name));
        }
    }
    let citizen = ensure_account(
        db,
        "congdan@demo.motcua.vn",
        &hash,
        Role::Citizen,
        None,
        "Nguyễn Văn An",
        &mut report,
    )
    .await?;

    // A year of dossiers in every current commune.
    let procs_by_tenant = enabled_by_tenant(state, &by_code, &assigns).await;
    let mut rng = StdRng::seed_from_u64(20_260_101);
    for node in state.tenants.all() {
        if node.level != "COMMUNE" || !node.is_open_on(today) {
            continue;
        }
        let scope = TenantScope::of([node.id]);
        let has_any = {
            use sea_orm::PaginatorTrait;
            let txn = scope.begin(db).await?;
            let n = scope.select::<dossier::Entity>().count(&txn).await?;
            txn.commit().await?;
            n > 0
        };
        if has_any {
            continue;
        }
        let Some(offered) = procs_by_tenant.get(&node.id) else {
            continue;
        };
        let staff = staff_by_tenant.get(&node.id).cloned().unwrap_or_default();
        report.dossiers += seed_dossiers(
            state, &scope, &node.code, node.id, offered, &staff, citizen, &calendar, &mut rng,
        )
        .await?;
    }
    Ok(report)
}

fn role_slug(role: Role) -> &'static str {
    match role {
        Role::Citizen => "congdan",
        Role::ReceptionOfficer => "tiepnhan",
        Role::Specialist => "chuyenvien",
        Role::Leader => "lanhdao",
        Role::TenantAdmin => "quantri",
        Role::ProvinceAdmin => "tinh",
    }
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Citizen => "Công dân",
        Role::ReceptionOfficer => "Cán bộ tiếp nhận",
        Role::Specialist => "Chuyên viên",
        Role::Leader => "Lãnh đạo",
        Role::TenantAdmin => "Quản trị",
        Role::ProvinceAdmin => "Quản trị tỉnh",
    }
}

async fn ensure_account(
    db: &impl ConnectionTrait,
    email: &str,
    hash: &str,
    role: Role,
    tenant_id: Option<i64>,
    name: &str,
    report: &mut SeedReport,
) -> anyhow::Result<Uuid> {
    if let Some(u) = accounts::by_email(db, email).await? {
        return Ok(u.id);
    }
    let row = accounts::insert(
        db,
        user::Model {
            id: Uuid::now_v7(),
            email: Some(email.to_string()),
            phone: None,
            password_hash: hash.to_string(),
            full_name: name.to_string(),
            role: role.as_str().to_string(),
            tenant_id,
            assurance_level: "LOCAL".into(),
            personal_id: None,
            disabled: false,
            created_at: Utc::now(),
            last_login_at: None,
        },
    )
    .await?;
    report
        .accounts
        .push((email.to_string(), role, name.to_string()));
    Ok(row.id)
}

async fn enabled_by_tenant(
    state: &AppState,
    by_code: &BTreeMap<String, procedure::Model>,
    assigns: &AssignmentFile,
) -> BTreeMap<i64, Vec<procedure::Model>> {
    let mut out: BTreeMap<i64, Vec<procedure::Model>> = BTreeMap::new();
    for a in assigns.assignment.iter().filter(|a| a.enabled) {
        if let (Some(t), Some(p)) = (
            state.tenants.by_code(&a.tenant_code),
            by_code.get(&a.procedure_code),
        ) {
            out.entry(t.id).or_default().push(p.clone());
        }
    }
    out
}

const GIVEN: &[&str] = &[
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long",
    "Mai", "Minh", "Nam", "Ngọc", "Phúc", "Quang", "Thảo", "Trang", "Tuấn", "Vy",
];
const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Đức", "Thu"];

fn pick<'a>(rng: &mut StdRng, items: &'a [&'a str]) -> &'a str {
    items
        .get(rng.random_range(0..items.len()))
        .copied()
        .unwrap_or_default()
}

/// Inserts about a year of dossiers for one commune; returns how many.
#[allow(clippy::too_many_arguments)]
async fn seed_dossiers(
    state: &AppState,
    scope: &TenantScope,
    tenant_code: &str,
    tenant_id: i64,
    offered: &[procedure::Model],
    staff: &[(Uuid, String)],
    citizen: Uuid,
    calendar: &WorkingCalendar,
    rng: &mut StdRng,
) -> anyhow::Result<usize> {
    let now = Utc::now();
    let count = 60 + rng.random_range(0..30usize);
    // Submission instants spread over the last year, oldest first, inside office hours.
    let mut instants: Vec<DateTime<Utc>> = (0..count)
        .map(|_| {
            let day = shared::time::vn_date(now) - Duration::days(rng.random_range(0..365));
            let day = calendar.working_day_on_or_after(day).unwrap_or(day);
            calendar.opening_of_day(day) + Duration::minutes(rng.random_range(0..420))
        })
        .filter(|t| *t < now)
        .collect();
    instants.sort();
    let officer = staff
        .first()
        .cloned()
        .unwrap_or((Uuid::nil(), "Cán bộ tiếp nhận".into()));
    let txn = scope.begin(&state.db).await?;
    let mut counters: BTreeMap<NaiveDate, i32> = BTreeMap::new();
    let mut made = 0;
    for submitted in instants {
        let Some(proc_) = offered.get(rng.random_range(0..offered.len())) else {
            continue;
        };
        let day = shared::time::vn_date(submitted);
        let seq = counters.entry(day).or_insert(0);
        *seq += 1;
        let code = shared::dossier_code::DossierCode::new(
            shared::tenant::TenantCode::parse(tenant_code)?,
            day,
            u16::try_from(*seq)?,
        )?
        .to_string();
        let limit = TimeLimit {
            unit: serde_json::from_value(serde_json::Value::String(proc_.time_limit_unit.clone()))?,
            value: u32::try_from(proc_.time_limit_value)?,
        };
        let age_days = (now - submitted).num_days();
        let channel = match rng.random_range(0..10) {
            0..=5 => "online",
            6 => "postal",
            _ => "counter",
        };
        let roll = rng.random_range(0..100);
        // Old dossiers are mostly finished; recent ones spread over the open states.
        let status = if age_days > 20 {
            match roll {
                0..=2 => DossierStatus::RefusedAtReception,
                3..=4 => DossierStatus::Withdrawn,
                5 => DossierStatus::Stopped,
                6..=9 => DossierStatus::Resolved,
                _ => DossierStatus::Returned,
            }
        } else {
            match roll {
                0..=9 => DossierStatus::Submitted,
                10..=24 => DossierStatus::Received,
                25..=49 => DossierStatus::InProgress,
                50..=59 => DossierStatus::SupplementRequested,
                60..=64 => DossierStatus::AwaitingPayment,
                65..=79 => DossierStatus::Resolved,
                80..=84 => DossierStatus::Withdrawn,
                _ => DossierStatus::Returned,
            }
        };
        let accepted = !matches!(
            status,
            DossierStatus::Submitted | DossierStatus::RefusedAtReception
        ) || (status == DossierStatus::Withdrawn && roll % 2 == 0);
        let received_at = accepted.then(|| submitted + Duration::minutes(rng.random_range(5..90)));
        let due_at = match received_at {
            Some(r) => Some(calendar.due_at(r, limit)?),
            None => None,
        };
        let finished_at = match (status, received_at, due_at) {
            (
                DossierStatus::Resolved | DossierStatus::Returned | DossierStatus::Stopped,
                Some(r),
                Some(d),
            ) => {
                // About 90 % early or on time, the rest late (seed reports: 87–99 % on time).
                let span = (d - r).num_minutes().max(30);
                let t = if rng.random_range(0..100) < 90 {
                    r + Duration::minutes(rng.random_range(10..=span))
                } else {
                    d + Duration::hours(rng.random_range(20..24 * 6))
                };
                Some(t.min(now))
            }
            (DossierStatus::Withdrawn, _, _) | (DossierStatus::RefusedAtReception, _, _) => {
                Some((submitted + Duration::hours(rng.random_range(1..30))).min(now))
            }
            _ => None,
        };
        let returned_at = (status == DossierStatus::Returned)
            .then(|| finished_at.map(|f| (f + Duration::hours(rng.random_range(1..72))).min(now)))
            .flatten();
        let name = format!(
            "{} {} {}",
            pick(rng, FAMILY),
            pick(rng, MIDDLE),
            pick(rng, GIVEN)
        );
        let id = Uuid::now_v7();
        let fee = if proc_.fee_note.to_lowercase().contains("miễn") {
            0
        } else {
            [0i64, 8_000, 10_000, 15_000, 20_000][rng.random_range(0..5)]
        };
        let days = dossier::vn_days(received_at, due_at, finished_at);
        dossier::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(id),
            code: Set(code.clone()),
            procedure_id: Set(proc_.id),
            handled_by_tenant_id: Set(None),
            status: Set(status.as_str().to_string()),
            channel: Set(channel.to_string()),
            applicant_user_id: Set(
                (channel == "online" && rng.random_range(0..4) == 0).then_some(citizen)
            ),
            applicant_name: Set(name),
            applicant_personal_id: Set(None),
            applicant_phone: Set(None),
            applicant_email: Set(None),
            applicant_address: Set(None),
            form_data: Set(serde_json::json!({})),
            submitted_at: Set(submitted),
            received_at: Set(received_at),
            due_at: Set(due_at),
            due_at_original: Set(due_at),
            rescheduled_to: Set(None),
            finished_at: Set(finished_at),
            received_day: Set(days.received_day),
            due_day: Set(days.due_day),
            finished_day: Set(days.finished_day),
            returned_at: Set(returned_at),
            returned_by_post: Set(returned_at.is_some() && channel == "postal"),
            digitized: Set(channel == "online" || rng.random_range(0..10) < 8),
            paid_online: Set(fee > 0 && channel == "online"),
            fee_vnd: Set(fee),
            tracking_secret_hash: Set(None),
            idempotency_key: Set(None),
            request_hash: Set(None),
            imported: Set(false),
            version: Set(0),
            assigned_to: Set(None),
            // Seeded IN_PROGRESS dossiers are in handling; an open supplement request paused
            // the clock at its timeline step (30 min after acceptance + 2 h, as below).
            current_step: Set((status == DossierStatus::InProgress)
                .then(|| shared::lifecycle::Step::Handling.as_str().to_string())),
            pause_started_at: Set((status == DossierStatus::SupplementRequested)
                .then(|| received_at.map(|r| (r + Duration::minutes(150)).min(now)))
                .flatten()),
            paused_seconds: Set(0),
            supplement_count: Set(i32::from(
                status == DossierStatus::SupplementRequested && received_at.is_some(),
            )),
            result_code: Set(None),
            return_channel: Set(returned_at.map(|_| {
                let how = if channel == "postal" {
                    "POST"
                } else {
                    "COUNTER"
                };
                how.to_string()
            })),
            postal_tracking_number: Set(None),
            created_at: Set(submitted),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        // Timeline: the steps that led to the status.
        let mut steps: Vec<(DateTime<Utc>, Option<DossierStatus>, DossierStatus, &str)> =
            vec![(submitted, None, DossierStatus::Submitted, "Tiếp nhận hồ sơ")];
        if let Some(r) = received_at {
            steps.push((
                r,
                Some(DossierStatus::Submitted),
                DossierStatus::Received,
                "Giấy tiếp nhận và hẹn trả kết quả",
            ));
            if !matches!(status, DossierStatus::Received | DossierStatus::Withdrawn) {
                steps.push((
                    r + Duration::minutes(30),
                    Some(DossierStatus::Received),
                    DossierStatus::InProgress,
                    "Chuyển xử lý",
                ));
            }
        }
        let last = steps
            .last()
            .map(|s| s.2)
            .unwrap_or(DossierStatus::Submitted);
        if status != last {
            let at = finished_at
                .or(returned_at)
                .unwrap_or_else(|| {
                    steps.last().map(|s| s.0).unwrap_or(submitted) + Duration::hours(2)
                })
                .min(now);
            if status == DossierStatus::Returned {
                if let Some(f) = finished_at {
                    steps.push((f, Some(last), DossierStatus::Resolved, "Đã xử lý xong"));
                }
                steps.push((
                    returned_at.unwrap_or(at),
                    Some(DossierStatus::Resolved),
                    status,
                    "Đã trả kết quả",
                ));
            } else {
                steps.push((at, Some(last), status, status.label_vi()));
            }
        }
        for (at, from, to, note) in steps {
            event::ActiveModel {
                tenant_id: Set(tenant_id),
                id: Set(Uuid::now_v7()),
                dossier_id: Set(id),
                at: Set(at),
                actor_user_id: Set(Some(officer.0).filter(|u| !u.is_nil())),
                actor_name: Set(officer.1.clone()),
                from_status: Set(from.map(|s| s.as_str().to_string())),
                to_status: Set(to.as_str().to_string()),
                note: Set(note.to_string()),
            }
            .insert(&txn)
            .await?;
        }
        made += 1;
    }
    for (day, last) in counters {
        counter::ActiveModel {
            tenant_id: Set(tenant_id),
            day: Set(day),
            last_seq: Set(last),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(made)
}
