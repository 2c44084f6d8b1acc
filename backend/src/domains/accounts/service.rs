//! Accounts: registration, sign-in with backoff, refresh-token rotation with reuse detection,
//! sign-out, and staff account creation (CLI and admins).

use chrono::{Duration, Utc};
use sea_orm::TransactionTrait;
use uuid::Uuid;

use super::model::{refresh_token, user};
use super::repo;
use crate::auth::identity::AssuranceLevel;
use crate::auth::tokens::{digest_eq, new_refresh_token, sha256_hex, split_refresh_token};
use crate::auth::{Caller, Role, password};
use crate::error::{ApiError, ApiResult};
use crate::infra::rate_limit::Quota;
use crate::state::AppState;
use shared::validation::{Email, LoginId, Password, PersonName, PhoneNumber};

/// Tokens handed to a client after sign-in or rotation.
#[derive(Debug)]
pub struct Session {
    /// Short-lived JWT.
    pub access_token: String,
    /// Single-use refresh token (`id.secret`).
    pub refresh_token: String,
    /// Access-token lifetime in seconds.
    pub expires_in: i64,
    /// The account.
    pub user: user::Model,
}

/// Input of `register`.
pub struct Registration {
    /// Email (one of email/phone is required).
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Password.
    pub password: String,
    /// Full name.
    pub full_name: String,
}

const BAD_LOGIN: &str = "Wrong email/phone or password.";

/// Registers a citizen account and signs it in.
pub async fn register(state: &AppState, input: Registration) -> ApiResult<Session> {
    let email = match input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(e) => Some(Email::parse(e)?.as_str().to_string()),
        None => None,
    };
    let phone = match input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(p) => Some(PhoneNumber::parse(p)?.as_str().to_string()),
        None => None,
    };
    if email.is_none() && phone.is_none() {
        return Err(ApiError::BadUserInput(
            "Give an email address or a phone number.".into(),
        ));
    }
    let password = Password::parse(&input.password)?;
    let full_name = PersonName::parse(&input.full_name)?;
    let hash = password::hash(password.expose_secret().to_string()).await?;
    let row = user::Model {
        id: Uuid::now_v7(),
        email,
        phone,
        password_hash: hash,
        full_name: full_name.as_str().to_string(),
        role: Role::Citizen.as_str().to_string(),
        tenant_id: None,
        assurance_level: AssuranceLevel::Local.as_str().to_string(),
        personal_id: None,
        disabled: false,
        created_at: Utc::now(),
        last_login_at: None,
    };
    let user = match repo::insert(&state.db, row).await {
        Ok(u) => u,
        Err(e) => {
            return Err(match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(
                    "An account with this email or phone number already exists.".into(),
                ),
                other => other,
            });
        }
    };
    start_session(state, user).await
}

/// Signs in with an email or phone and a password. Unknown identifiers take the same path
/// (dummy hash, same message, same backoff) as wrong passwords.
pub async fn login(state: &AppState, identifier: &str, password_text: &str) -> ApiResult<Session> {
    if identifier.len() > 254 || password_text.len() > 1024 {
        return Err(ApiError::Unauthenticated(BAD_LOGIN.into()));
    }
    let key = format!(
        "login-fail:{}",
        sha256_hex(&identifier.trim().to_lowercase())
    );
    let quota = login_quota(state);
    let peek = state.limiter.check(&key, quota, 0).await;
    if peek.remaining == 0 {
        return Err(ApiError::RateLimited {
            message: "Too many failed sign-ins for this account; wait and try again.".into(),
            retry_after_secs: peek.retry_after.as_secs().max(1),
        });
    }
    let user = match LoginId::parse(identifier) {
        Ok(LoginId::Email(e)) => repo::by_email(&state.db, e.as_str()).await?,
        Ok(LoginId::Phone(p)) => repo::by_phone(&state.db, p.as_str()).await?,
        Err(_) => None,
    };
    let ok = password::verify(
        password_text.to_string(),
        user.as_ref().map(|u| u.password_hash.clone()),
        state.dummy_hash.clone(),
    )
    .await;
    match user {
        Some(user) if ok && !user.disabled => {
            repo::touch_login(&state.db, user.id, Utc::now()).await?;
            start_session(state, user).await
        }
        _ => {
            state.limiter.check(&key, quota, 1).await;
            Err(ApiError::Unauthenticated(BAD_LOGIN.into()))
        }
    }
}

fn login_quota(state: &AppState) -> Quota {
    let capacity = state.config.rate_limits.login_failures;
    // One more attempt every 3 minutes once the burst is spent.
    Quota {
        capacity,
        refill_per_sec: 1.0 / 180.0,
    }
}

async fn start_session(state: &AppState, user: user::Model) -> ApiResult<Session> {
    issue(state, user, Uuid::now_v7(), &state.db).await
}

async fn issue(
    state: &AppState,
    user: user::Model,
    family: Uuid,
    db: &impl sea_orm::ConnectionTrait,
) -> ApiResult<Session> {
    let role: Role = user
        .role
        .parse()
        .map_err(|e: String| ApiError::internal("stored role", anyhow::anyhow!(e)))?;
    let access = state
        .keys
        .issue(user.id, role, user.tenant_id)
        .map_err(|e| ApiError::internal("sign access token", e))?;
    let (id, token, hash) = new_refresh_token();
    let now = Utc::now();
    let ttl = i64::try_from(state.config.refresh_token_ttl_secs).unwrap_or(86_400);
    repo::insert_refresh(
        db,
        refresh_token::Model {
            id,
            user_id: user.id,
            family_id: family,
            token_hash: hash,
            created_at: now,
            expires_at: now + Duration::seconds(ttl),
            used_at: None,
            revoked_at: None,
        },
    )
    .await?;
    Ok(Session {
        access_token: access,
        refresh_token: token,
        expires_in: state.keys.access_ttl_secs,
        user,
    })
}

const BAD_REFRESH: &str = "This session has ended; sign in again.";

/// Exchanges a refresh token for a new pair. A token used twice revokes its whole family
/// (someone else holds a copy).
pub async fn refresh(state: &AppState, token: &str) -> ApiResult<Session> {
    let (id, secret) =
        split_refresh_token(token).ok_or_else(|| ApiError::Unauthenticated(BAD_REFRESH.into()))?;
    let row = repo::refresh_by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::Unauthenticated(BAD_REFRESH.into()))?;
    if !digest_eq(&sha256_hex(secret), &row.token_hash) {
        return Err(ApiError::Unauthenticated(BAD_REFRESH.into()));
    }
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(ApiError::Unauthenticated(BAD_REFRESH.into()));
    }
    let txn = state.db.begin().await?;
    if !repo::mark_used(&txn, row.id, now).await? {
        // Reuse: the token was already exchanged. Revoke the family so both holders sign in again.
        repo::revoke_family(&txn, row.family_id, now).await?;
        txn.commit().await?;
        tracing::warn!(family = %row.family_id, "refresh token reuse detected; family revoked");
        return Err(ApiError::Unauthenticated(BAD_REFRESH.into()));
    }
    let user = repo::by_id(&txn, row.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(|| ApiError::Unauthenticated(BAD_REFRESH.into()))?;
    let session = issue(state, user, row.family_id, &txn).await?;
    txn.commit().await?;
    Ok(session)
}

/// Ends a session: revokes the refresh token's family. Unknown tokens are not an error.
pub async fn logout(state: &AppState, token: &str) -> ApiResult<bool> {
    let Some((id, secret)) = split_refresh_token(token) else {
        return Ok(false);
    };
    let Some(row) = repo::refresh_by_id(&state.db, id).await? else {
        return Ok(false);
    };
    if !digest_eq(&sha256_hex(secret), &row.token_hash) {
        return Ok(false);
    }
    Ok(repo::revoke_family(&state.db, row.family_id, Utc::now()).await? > 0)
}

/// The signed-in account.
pub async fn me(state: &AppState, caller: &Caller) -> ApiResult<user::Model> {
    let id = caller
        .user_id()
        .ok_or_else(|| ApiError::Unauthenticated("Sign in first.".into()))?;
    repo::by_id(&state.db, id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(|| ApiError::Unauthenticated("This account no longer exists.".into()))
}

/// Input for creating a staff or admin account.
pub struct NewStaff {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Tenant code (required for every staff role).
    pub tenant_code: Option<String>,
    /// Display name.
    pub full_name: Option<String>,
}

/// Creates a staff or admin account (CLI `motcua user create`, seeding).
pub async fn create_staff(state: &AppState, input: NewStaff) -> ApiResult<user::Model> {
    let email = Email::parse(&input.email)?;
    let password = Password::parse(&input.password)?;
    if input.role == Role::Citizen {
        return Err(ApiError::BadUserInput(
            "Citizens register themselves; pick a staff role.".into(),
        ));
    }
    let code = input.tenant_code.ok_or_else(|| {
        ApiError::BadUserInput(format!("Role {} needs --tenant CODE.", input.role))
    })?;
    let tenant = state
        .tenants
        .by_code(&code)
        .ok_or_else(|| ApiError::NotFound(format!("No unit has the code `{code}`.")))?;
    if input.role == Role::ProvinceAdmin && tenant.level != "PROVINCE" {
        return Err(ApiError::BadUserInput(format!(
            "A province admin belongs to a province; `{code}` is not one."
        )));
    }
    let name = match input.full_name {
        Some(n) => PersonName::parse(&n)?.as_str().to_string(),
        None => email.as_str().to_string(),
    };
    let hash = password::hash(password.expose_secret().to_string()).await?;
    let row = user::Model {
        id: Uuid::now_v7(),
        email: Some(email.as_str().to_string()),
        phone: None,
        password_hash: hash,
        full_name: name,
        role: input.role.as_str().to_string(),
        tenant_id: Some(tenant.id),
        assurance_level: AssuranceLevel::Local.as_str().to_string(),
        personal_id: None,
        disabled: false,
        created_at: Utc::now(),
        last_login_at: None,
    };
    repo::insert(&state.db, row)
        .await
        .map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => ApiError::Conflict(format!(
                "An account with the email {} already exists.",
                email.as_str()
            )),
            other => other,
        })
}
