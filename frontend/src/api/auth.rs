//! Accounts and the session's tokens.
//!
//! The access token lives only in memory (a script injected into the page cannot find it
//! in storage, and it expires within 15 minutes anyway); the single-use refresh token is kept
//! in localStorage so a reload or a new visit stays signed in. Refreshing is serialised: a
//! refresh token used twice ends the whole session on the server, so concurrent requests
//! that find their token expired share one refresh.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use super::json::{get, opt_string, string};
use super::{ApiError, ErrorCode, Json, Out, decode, graphql, obj, post_json};
use crate::browser;

const REFRESH_KEY: &str = "motcua.refreshToken";
/// The signed-in person's name, kept beside the refresh token so every page can show who
/// is signed in without spending a refresh (the token is single-use; refreshing on each
/// page load would rotate it needlessly and race with leaving the page).
const NAME_KEY: &str = "motcua.accountName";

/// The signed-in account, as `me`, `login` and `register` return it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl User {
    pub(crate) fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(User {
            full_name: string(v, "fullName")?,
            email: opt_string(v, "email"),
            phone: opt_string(v, "phone"),
        })
    }
}

pub(crate) const USER_FIELDS: &str = "fullName email phone";

struct AuthPayload {
    access_token: String,
    refresh_token: String,
    user: User,
}

impl AuthPayload {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(AuthPayload {
            access_token: string(v, "accessToken")?,
            refresh_token: string(v, "refreshToken")?,
            user: User::from_json(&get(v, "user"))?,
        })
    }
}

const PAYLOAD_FIELDS: &str = "accessToken refreshToken user { fullName email phone }";

type Listener = Rc<dyn Fn(Option<String>)>;

thread_local! {
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static REFRESHING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

/// Tells `listener` the signed-in person's name whenever it changes (sign-in, refresh,
/// sign-out, or a session the server ended). Set once by `session::Session::provide`.
pub fn on_change(listener: impl Fn(Option<String>) + 'static) {
    LISTENER.with(|l| *l.borrow_mut() = Some(Rc::new(listener)));
}

fn notify(name: Option<String>) {
    if let Some(listener) = LISTENER.with(|l| l.borrow().clone()) {
        listener(name);
    }
}

/// The name of the person this device is signed in as, if it keeps a session.
pub fn stored_name() -> Option<String> {
    has_stored_session()
        .then(|| browser::local_get(NAME_KEY))
        .flatten()
}

pub(super) fn access_token() -> Option<String> {
    ACCESS_TOKEN.with(|t| t.borrow().clone())
}

/// Whether this device keeps a session that a refresh may restore.
pub fn has_stored_session() -> bool {
    browser::local_get(REFRESH_KEY).is_some()
}

fn start_session(payload: AuthPayload) -> User {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = Some(payload.access_token));
    browser::local_set(REFRESH_KEY, &payload.refresh_token);
    browser::local_set(NAME_KEY, &payload.user.full_name);
    notify(Some(payload.user.full_name.clone()));
    payload.user
}

fn end_session() {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = None);
    browser::local_remove(REFRESH_KEY);
    browser::local_remove(NAME_KEY);
    notify(None);
}

/// Waits for a refresh that is under way, so a request does not go out with a token
/// about to be replaced.
pub(super) async fn wait_for_refresh() {
    if let Some(promise) = REFRESHING.with(|r| r.borrow().clone()) {
        let _ = JsFuture::from(promise).await;
    }
}

/// After the server refused `used` (the token a request carried), gets a usable token:
/// true when the request should be sent again.
pub(super) async fn refresh_after_rejection(used: Option<&str>) -> bool {
    match access_token() {
        // Someone refreshed while this request was on its way.
        Some(current) if Some(current.as_str()) != used => true,
        _ if !has_stored_session() => false,
        _ => refresh().await,
    }
}

/// Exchanges the stored refresh token for new tokens; true when the session is usable.
/// Concurrent callers share one exchange.
async fn refresh() -> bool {
    let promise = REFRESHING.with(|r| r.borrow().clone()).unwrap_or_else(|| {
        let promise = future_to_promise(async {
            let ok = exchange_refresh_token().await;
            REFRESHING.with(|r| r.borrow_mut().take());
            Ok(JsValue::from_bool(ok))
        });
        REFRESHING.with(|r| *r.borrow_mut() = Some(promise.clone()));
        promise
    });
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|ok| ok.as_bool())
        .unwrap_or(false)
}

async fn exchange_refresh_token() -> bool {
    let Some(token) = browser::local_get(REFRESH_KEY) else {
        return false;
    };
    let query = format!(
        "mutation Refresh($t: String!) {{ refreshToken(refreshToken: $t) {{ {PAYLOAD_FIELDS} }} }}"
    );
    match send_unauthenticated(&query, obj([("t", token.into())]), "refreshToken").await {
        Ok(payload) => {
            start_session(payload);
            true
        }
        // Expired, revoked or reused: this device is signed out. A network failure or a
        // server problem keeps the token for a later try.
        Err(ApiError::Server {
            code: ErrorCode::Unauthenticated | ErrorCode::Forbidden | ErrorCode::BadUserInput,
            ..
        }) => {
            end_session();
            false
        }
        Err(_) => false,
    }
}

/// Sends an operation that must not carry (or refresh) a token, and reads the
/// [`AuthPayload`] at `field` of its data.
async fn send_unauthenticated(
    query: &str,
    variables: Out,
    field: &str,
) -> Result<AuthPayload, ApiError> {
    let body = obj([("query", query.into()), ("variables", variables)]).text();
    let (status, text) = post_json(&body, None).await?;
    AuthPayload::from_json(&get(&decode(status, &text)?, field))
}

/// Signs in with an email address or phone number and a password.
pub async fn login(identifier: &str, password: &str) -> Result<User, ApiError> {
    let query = format!(
        "mutation Login($id: String!, $pw: String!) {{ login(identifier: $id, password: $pw) \
         {{ {PAYLOAD_FIELDS} }} }}"
    );
    let variables = obj([("id", identifier.into()), ("pw", password.into())]);
    Ok(start_session(
        send_unauthenticated(&query, variables, "login").await?,
    ))
}

/// What `register` needs: a name, a password, and an email address or a phone number.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: String,
}

/// Creates a citizen account and signs it in.
pub async fn register(input: &Registration) -> Result<User, ApiError> {
    let query = format!(
        "mutation Register($input: RegisterInput!) {{ register(input: $input) \
         {{ {PAYLOAD_FIELDS} }} }}"
    );
    let variables = obj([(
        "input",
        obj([
            ("fullName", (&input.full_name).into()),
            ("email", input.email.clone().into()),
            ("phone", input.phone.clone().into()),
            ("password", (&input.password).into()),
        ]),
    )]);
    Ok(start_session(
        send_unauthenticated(&query, variables, "register").await?,
    ))
}

/// Ends the session here and, when the server can be reached, there too.
pub async fn logout() {
    if let Some(token) = browser::local_get(REFRESH_KEY) {
        // Signing out must work offline too; the server's session then simply expires.
        let _ = graphql(
            "mutation Logout($t: String!) { logout(refreshToken: $t) }",
            obj([("t", token.into())]),
        )
        .await;
    }
    end_session();
}
