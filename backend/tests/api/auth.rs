//! Accounts: registration, sign-in, refresh rotation with reuse detection, sign-out.

use serde_json::json;

use crate::helpers::spawn_app;

const REGISTER: &str = "mutation($in: RegisterInput!) { register(input: $in) { accessToken refreshToken expiresIn user { fullName email role } } }";
const LOGIN: &str = "mutation($i: String!, $p: String!) { login(identifier: $i, password: $p) { accessToken refreshToken } }";
const REFRESH: &str =
    "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }";
const LOGOUT: &str = "mutation($t: String!) { logout(refreshToken: $t) }";
const ME: &str = "{ me { fullName email phone role tenant { code } } }";

#[tokio::test]
async fn a_citizen_registers_signs_in_and_reads_their_account() {
    let app = spawn_app().await;
    let r = app
        .graphql(
            REGISTER,
            json!({"in": {"email": "Lan.Nguyen@Example.vn", "password": "matkhau123", "fullName": "Nguyễn Thị Lan"}}),
        )
        .await
        .ok();
    assert_eq!(r.data("register.user.email"), "lan.nguyen@example.vn");
    assert_eq!(r.data("register.user.role"), "CITIZEN");
    assert!(r.data("register.expiresIn").as_i64().unwrap() <= 900);

    let (access, _) = app.login("lan.nguyen@example.vn", "matkhau123").await;
    let me = app.graphql_as(Some(&access), ME, json!({})).await.ok();
    assert_eq!(me.data("me.fullName"), "Nguyễn Thị Lan");
    assert!(me.data("me.tenant").is_null());

    // Phone registration works too, normalised to +84.
    let r = app
        .graphql(
            REGISTER,
            json!({"in": {"phone": "0912 345 678", "password": "matkhau123", "fullName": "Trần Văn Bình"}}),
        )
        .await
        .ok();
    assert!(r.data("register.accessToken").is_string());
    let (access, _) = app.login("0912345678", "matkhau123").await;
    let me = app.graphql_as(Some(&access), ME, json!({})).await.ok();
    assert_eq!(me.data("me.phone"), "+84912345678");
    app.stop().await;
}

#[tokio::test]
async fn registration_rejects_bad_input_and_duplicates_with_codes() {
    let app = spawn_app().await;
    let cases = [
        json!({"email": "not-an-email", "password": "matkhau123", "fullName": "A"}),
        json!({"email": "a@b.vn", "password": "short1", "fullName": "A"}),
        json!({"email": "a@b.vn", "password": "matkhau123", "fullName": "   "}),
        json!({"password": "matkhau123", "fullName": "A"}),
        json!({"email": "a@b.vn", "password": "x".repeat(5000), "fullName": "A"}),
    ];
    for input in cases {
        let r = app.graphql(REGISTER, json!({"in": input})).await;
        assert_eq!(r.code(), Some("BAD_USER_INPUT"), "{input}: {}", r.body);
    }
    let ok = json!({"in": {"email": "dup@b.vn", "password": "matkhau123", "fullName": "A B"}});
    app.graphql(REGISTER, ok.clone()).await.ok();
    let again = app.graphql(REGISTER, ok).await;
    assert_eq!(again.code(), Some("CONFLICT"));
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_answer_the_same() {
    let app = spawn_app().await;
    let wrong = app
        .graphql(
            LOGIN,
            json!({"i": "tiepnhan.tn.binhminh@demo.motcua.vn", "p": "wrong-password1"}),
        )
        .await;
    let unknown = app
        .graphql(
            LOGIN,
            json!({"i": "nobody@demo.motcua.vn", "p": "wrong-password1"}),
        )
        .await;
    assert_eq!(wrong.code(), Some("UNAUTHENTICATED"));
    assert_eq!(unknown.code(), Some("UNAUTHENTICATED"));
    assert_eq!(
        wrong.body["errors"][0]["message"],
        unknown.body["errors"][0]["message"]
    );
    app.stop().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_identifier_out_even_for_the_right_password() {
    let app = spawn_app_with_login_limit().await;
    let who = "lanhdao.tn.binhminh@demo.motcua.vn";
    for _ in 0..3 {
        let r = app
            .graphql(LOGIN, json!({"i": who, "p": "wrong-password1"}))
            .await;
        assert_eq!(r.code(), Some("UNAUTHENTICATED"), "{}", r.body);
    }
    let r = app
        .graphql(LOGIN, json!({"i": who, "p": crate::helpers::DEMO_PASSWORD}))
        .await;
    assert_eq!(r.code(), Some("RATE_LIMITED"), "{}", r.body);
    assert!(
        r.body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // The same backoff applies to identifiers that do not exist.
    for _ in 0..3 {
        app.graphql(LOGIN, json!({"i": "ghost@x.vn", "p": "wrong-password1"}))
            .await;
    }
    let r = app
        .graphql(LOGIN, json!({"i": "ghost@x.vn", "p": "wrong-password1"}))
        .await;
    assert_eq!(r.code(), Some("RATE_LIMITED"));
    app.stop().await;
}

async fn spawn_app_with_login_limit() -> crate::helpers::TestApp {
    crate::helpers::spawn_app_with(&[("MOTCUA_RATE_LIMIT_LOGIN_FAILURES", "3")]).await
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_whole_family() {
    let app = spawn_app().await;
    let (_, first) = app
        .login("congdan@demo.motcua.vn", crate::helpers::DEMO_PASSWORD)
        .await;
    let r = app.graphql(REFRESH, json!({"t": first})).await.ok();
    let second = r
        .data("refreshToken.refreshToken")
        .as_str()
        .unwrap()
        .to_string();
    let access = r
        .data("refreshToken.accessToken")
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    app.graphql_as(Some(&access), ME, json!({})).await.ok();

    // Someone replays the first token: refused, and the family (including `second`) is revoked.
    let replay = app.graphql(REFRESH, json!({"t": first})).await;
    assert_eq!(replay.code(), Some("UNAUTHENTICATED"));
    let after = app.graphql(REFRESH, json!({"t": second})).await;
    assert_eq!(after.code(), Some("UNAUTHENTICATED"));

    // Garbage and tampered tokens are refused the same way.
    for t in [
        "",
        "abc",
        "0199a9f0-0000-7000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let r = app.graphql(REFRESH, json!({"t": t})).await;
        assert_eq!(r.code(), Some("UNAUTHENTICATED"), "{t}");
    }
    app.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let (_, refresh) = app
        .login("congdan@demo.motcua.vn", crate::helpers::DEMO_PASSWORD)
        .await;
    let r = app.graphql(LOGOUT, json!({"t": refresh})).await.ok();
    assert_eq!(r.data("logout"), true);
    let r = app.graphql(REFRESH, json!({"t": refresh})).await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn a_bad_or_expired_access_token_is_unauthenticated_not_anonymous() {
    let app = spawn_app().await;
    let r = app
        .graphql_as(Some("not-a-jwt"), "{ tenants { code } }", json!({}))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    let r = app.graphql(ME, json!({})).await;
    assert_eq!(r.code(), Some("UNAUTHENTICATED"));
    app.stop().await;
}
