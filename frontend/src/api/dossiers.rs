//! Dossiers: submitting one (with files), tracking one by its receipt, and the signed-in
//! citizen's own.

use super::auth::{USER_FIELDS, User};
use super::json::{
    boolean, enumeration, get, instant, int, list, opt_enumeration, opt_instant, opt_object,
    opt_string, string,
};
use super::procedures::{PROCEDURE_FIELDS, PROCEDURE_FORM_FIELDS, Procedure, field_def};
use super::{ApiError, Json, Out, graphql, graphql_multipart, obj};
use crate::format::Instant;

/// Where a dossier stands: the same type the server uses (`shared::lifecycle`).
pub use shared::DossierStatus;

/// One step of a dossier's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierEvent {
    pub at: Instant,
    pub to_status: Option<DossierStatus>,
    pub actor_name: String,
    pub note: String,
}

impl DossierEvent {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(DossierEvent {
            at: instant(v, "at")?,
            to_status: opt_enumeration(v, "toStatus", DossierStatus::parse),
            actor_name: string(v, "actorName")?,
            note: string(v, "note")?,
        })
    }
}

const EVENT_FIELDS: &str = "timeline { at toStatus actorName note }";

/// The dates every view of a dossier shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dates {
    pub submitted_at: Instant,
    pub received_at: Option<Instant>,
    pub due_at: Option<Instant>,
    pub finished_at: Option<Instant>,
}

impl Dates {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Dates {
            submitted_at: instant(v, "submittedAt")?,
            received_at: opt_instant(v, "receivedAt")?,
            due_at: opt_instant(v, "dueAt")?,
            finished_at: opt_instant(v, "finishedAt")?,
        })
    }
}

const DATE_FIELDS: &str = "submittedAt receivedAt dueAt finishedAt";

/// What the holder of a receipt sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tracking {
    pub code: String,
    pub status: Option<DossierStatus>,
    pub status_label: String,
    pub procedure_name: String,
    pub tenant_name: String,
    pub dates: Dates,
    pub fee_vnd: i64,
    pub paid_online: bool,
    pub expected_from_citizen: Option<String>,
    pub timeline: Vec<DossierEvent>,
}

impl Tracking {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Tracking {
            code: string(v, "code")?,
            status: opt_enumeration(v, "status", DossierStatus::parse),
            status_label: string(v, "statusLabel")?,
            procedure_name: string(v, "procedureName")?,
            tenant_name: string(v, "tenantName")?,
            dates: Dates::from_json(v)?,
            fee_vnd: int(v, "feeVnd")?,
            paid_online: boolean(v, "paidOnline")?,
            expected_from_citizen: opt_string(v, "expectedFromCitizen"),
            timeline: list(v, "timeline", DossierEvent::from_json)?,
        })
    }
}

/// A dossier's progress by the code and secret on its receipt; `None` when they do not
/// match (which of the two is wrong is not said).
pub async fn track(code: &str, secret: &str) -> Result<Option<Tracking>, ApiError> {
    let data = graphql(
        &format!(
            "query Track($c: String!, $s: String!) {{ trackDossier(code: $c, secret: $s) \
             {{ code status statusLabel procedureName tenantName {DATE_FIELDS} feeVnd \
             paidOnline expectedFromCitizen {EVENT_FIELDS} }} }}"
        ),
        obj([("c", code.trim().into()), ("s", secret.trim().into())]),
    )
    .await?;
    opt_object(&data, "trackDossier", Tracking::from_json)
}

/// The procedure a dossier is for, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureRef {
    pub name: String,
    pub name_en: String,
}

impl ProcedureRef {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(ProcedureRef {
            name: string(v, "name")?,
            name_en: string(v, "nameEn")?,
        })
    }
}

/// The name of the unit at `tenant`, if any.
fn tenant_name(v: &Json) -> Option<String> {
    opt_string(&get(v, "tenant"), "name")
}

/// A dossier as the citizen sees it, in their list and on its page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dossier {
    pub code: String,
    pub status: DossierStatus,
    pub status_label: String,
    pub dates: Dates,
    pub applicant_name: String,
    pub fee_vnd: i64,
    pub paid_online: bool,
    pub procedure: Option<ProcedureRef>,
    pub tenant_name: Option<String>,
    /// Empty in lists.
    pub timeline: Vec<DossierEvent>,
}

impl Dossier {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Dossier {
            code: string(v, "code")?,
            status: enumeration(v, "status", DossierStatus::parse)?,
            status_label: string(v, "statusLabel")?,
            dates: Dates::from_json(v)?,
            applicant_name: string(v, "applicantName")?,
            fee_vnd: int(v, "feeVnd")?,
            paid_online: boolean(v, "paidOnline")?,
            procedure: opt_object(v, "procedure", ProcedureRef::from_json)?,
            tenant_name: tenant_name(v),
            timeline: if get(v, "timeline").is_null() {
                Vec::new()
            } else {
                list(v, "timeline", DossierEvent::from_json)?
            },
        })
    }
}

const DOSSIER_FIELDS: &str = "code status statusLabel submittedAt receivedAt dueAt finishedAt \
     applicantName feeVnd paidOnline procedure { name nameEn } tenant { name }";

/// The signed-in citizen's dossiers, newest first (the latest 50).
pub async fn mine() -> Result<Vec<Dossier>, ApiError> {
    let data = graphql(
        &format!("query MyDossiers {{ dossiers(first: 50) {{ nodes {{ {DOSSIER_FIELDS} }} }} }}"),
        obj([]),
    )
    .await?;
    list(&get(&data, "dossiers"), "nodes", Dossier::from_json)
}

/// One of the caller's dossiers with its history; `None` when it does not exist or is
/// someone else's.
pub async fn by_code(code: &str) -> Result<Option<Dossier>, ApiError> {
    let data = graphql(
        &format!(
            "query Dossier($c: String!) {{ dossier(code: $c) {{ {DOSSIER_FIELDS} {EVENT_FIELDS} }} }}"
        ),
        obj([("c", code.into())]),
    )
    .await?;
    opt_object(&data, "dossier", Dossier::from_json)
}

/// What the submission wizard starts from, in one request: who is signed in, the
/// procedure, and the receiving unit's name.
pub struct SubmissionContext {
    pub user: User,
    pub procedure: Option<Procedure>,
    pub tenant_name: Option<String>,
}

/// Loads the [`SubmissionContext`]; `UNAUTHENTICATED` when nobody is signed in.
pub async fn submission_context(
    tenant_code: &str,
    procedure_code: &str,
) -> Result<SubmissionContext, ApiError> {
    let data = graphql(
        &format!(
            "query SubmissionContext($t: String!, $p: String!) {{ me {{ {USER_FIELDS} }} \
             procedure(code: $p) {{ {PROCEDURE_FIELDS} {PROCEDURE_FORM_FIELDS} }} \
             tenant(code: $t) {{ name }} }}"
        ),
        obj([("t", tenant_code.into()), ("p", procedure_code.into())]),
    )
    .await?;
    let procedure = match opt_object(&data, "procedure", Procedure::from_json)? {
        Some(mut procedure) => {
            procedure.form_fields = list(&get(&data, "procedure"), "formFields", field_def)?;
            Some(procedure)
        }
        None => None,
    };
    Ok(SubmissionContext {
        user: User::from_json(&get(&data, "me"))?,
        procedure,
        tenant_name: tenant_name(&data),
    })
}

/// The person the dossier is for; empty values fall back to the account's on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applicant {
    pub full_name: Option<String>,
    pub personal_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// An online submission.
pub struct Submission {
    pub tenant_code: String,
    pub procedure_code: String,
    /// Made once per wizard run: sending it again returns the same dossier.
    pub idempotency_key: String,
    pub applicant: Applicant,
    /// `(key, value)` of the procedure's form.
    pub form: Vec<(String, String)>,
    /// `(document name, file)`.
    pub documents: Vec<(String, web_sys::File)>,
}

/// What a successful submission returns. The secret is shown only now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    pub code: String,
    pub tracking_secret: String,
    pub fee_vnd: i64,
}

/// The `variables` of the submission: every file is `null`, filled by the multipart `map`.
fn submission_variables(s: &Submission) -> Out {
    let form: Vec<Out> = s
        .form
        .iter()
        .map(|(key, value)| obj([("key", key.into()), ("value", value.into())]))
        .collect();
    let documents: Vec<Out> = s
        .documents
        .iter()
        .map(|(component, _)| obj([("component", component.into()), ("file", Out::Null)]))
        .collect();
    let a = &s.applicant;
    obj([(
        "input",
        obj([
            ("tenantCode", (&s.tenant_code).into()),
            ("procedureCode", (&s.procedure_code).into()),
            ("idempotencyKey", (&s.idempotency_key).into()),
            ("channel", "ONLINE".into()),
            (
                "applicant",
                obj([
                    ("fullName", a.full_name.clone().into()),
                    ("personalId", a.personal_id.clone().into()),
                    ("phone", a.phone.clone().into()),
                    ("email", a.email.clone().into()),
                    ("address", a.address.clone().into()),
                ]),
            ),
            ("form", form.into()),
            ("documents", documents.into()),
        ]),
    )])
}

/// Submits online, reporting the uploaded fraction to `on_progress`.
pub async fn submit(
    submission: &Submission,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Submitted, ApiError> {
    let files: Vec<(String, web_sys::File)> = submission
        .documents
        .iter()
        .enumerate()
        .map(|(i, (_, file))| (format!("variables.input.documents.{i}.file"), file.clone()))
        .collect();
    let data = graphql_multipart(
        "mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) \
         { trackingSecret dossier { code feeVnd } } }",
        submission_variables(submission),
        &files,
        on_progress,
    )
    .await?;
    let payload = get(&data, "submitDossier");
    let dossier = get(&payload, "dossier");
    Ok(Submitted {
        code: string(&dossier, "code")?,
        tracking_secret: string(&payload, "trackingSecret")?,
        fee_vnd: int(&dossier, "feeVnd")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_answers_are_read_with_their_dates() {
        let v = Json::parse(r#"{"code":"TN.BINHMINH-260105-0001","status":"SUBMITTED",
            "statusLabel":"Mới đăng ký","procedureName":"Đăng ký khai sinh",
            "tenantName":"Phường Bình Minh","submittedAt":"2026-01-05T02:00:00Z",
            "receivedAt":null,"dueAt":null,"finishedAt":null,"feeVnd":0,"paidOnline":false,
            "expectedFromCitizen":null,
            "timeline":[{"at":"2026-01-05T02:00:00Z","toStatus":"SUBMITTED","actorName":"Công dân","note":""}]}"#)
        .unwrap();
        let t = Tracking::from_json(&v).unwrap();
        assert_eq!(t.status, Some(DossierStatus::Submitted));
        assert_eq!(crate::format::date(t.dates.submitted_at), "05/01/2026");
        assert_eq!(t.dates.due_at, None);
        assert_eq!(t.timeline.len(), 1);
    }

    #[test]
    fn an_unknown_status_is_kept_as_none_with_the_servers_label() {
        let v = Json::parse(
            r#"{"code":"X","status":"ARCHIVED","statusLabel":"Lưu trữ",
            "procedureName":"","tenantName":"","submittedAt":"2026-01-05T02:00:00Z",
            "feeVnd":0,"paidOnline":false,"timeline":[]}"#,
        )
        .unwrap();
        let t = Tracking::from_json(&v).unwrap();
        assert_eq!(t.status, None);
        assert_eq!(t.status_label, "Lưu trữ");
    }

    #[test]
    fn every_status_parses_back_from_its_name() {
        for status in DossierStatus::ALL {
            assert_eq!(DossierStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn submission_variables_leave_files_null_and_send_the_form_as_pairs() {
        let s = Submission {
            tenant_code: "TN.BINHMINH".into(),
            procedure_code: "1.001193".into(),
            idempotency_key: "0123456789abcdef".into(),
            applicant: Applicant {
                full_name: Some("Nguyễn Văn An".into()),
                ..Applicant::default()
            },
            form: vec![("child_sex".into(), "Nam".into())],
            documents: Vec::new(),
        };
        let v: serde_json::Value = serde_json::from_str(&submission_variables(&s).text()).unwrap();
        assert_eq!(v["input"]["channel"], "ONLINE");
        assert_eq!(v["input"]["applicant"]["fullName"], "Nguyễn Văn An");
        assert!(v["input"]["applicant"]["phone"].is_null());
        assert_eq!(
            v["input"]["form"],
            serde_json::json!([{ "key": "child_sex", "value": "Nam" }])
        );
    }
}
