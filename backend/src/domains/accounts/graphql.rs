//! GraphQL: `register`, `login`, `refreshToken`, `logout`, `me`.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use super::model::user;
use super::service::{self, Registration, Session};
use crate::auth::Role;
use crate::auth::identity::AssuranceLevel;
use crate::domains::tenants::graphql::Tenant;
use crate::graphql::{caller, state};

/// A signed-in account, as its owner sees it.
pub struct User(pub user::Model);

/// An account: a citizen, a staff member or an administrator.
#[Object]
impl User {
    /// Account id.
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// Display name.
    async fn full_name(&self) -> &str {
        &self.0.full_name
    }
    /// Email address (personal data: shown only to the account's owner).
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Phone number, +84… (personal data: shown only to the account's owner).
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Role.
    async fn role(&self) -> Result<Role> {
        Ok(self.0.role.parse::<Role>()?)
    }
    /// How strongly the identity is established.
    async fn assurance_level(&self) -> AssuranceLevel {
        match self.0.assurance_level.as_str() {
            "VNEID_L1" => AssuranceLevel::VneidL1,
            "VNEID_L2" => AssuranceLevel::VneidL2,
            _ => AssuranceLevel::Local,
        }
    }
    /// The unit a staff member works for (the province of a province admin); null for citizens.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<Option<Tenant>> {
        let dir = &state(ctx)?.tenants;
        Ok(self.0.tenant_id.and_then(|id| dir.by_id(id)).map(Tenant))
    }
}

/// Tokens returned by `register`, `login` and `refreshToken`.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Access token for `Authorization: Bearer …`; valid for `expiresIn` seconds.
    access_token: String,
    /// Single-use refresh token: exchange it with `refreshToken` before it expires. Using one
    /// twice ends every session it belongs to.
    refresh_token: String,
    /// Seconds until the access token expires (at most 900).
    expires_in: i64,
    /// The account.
    user: User,
}

impl From<Session> for AuthPayload {
    fn from(s: Session) -> Self {
        AuthPayload {
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            expires_in: s.expires_in,
            user: User(s.user),
        }
    }
}

/// Input of `register`.
#[derive(InputObject)]
pub struct RegisterInput {
    /// Email address (give this or `phone`).
    #[graphql(validator(max_length = 254))]
    email: Option<String>,
    /// Vietnamese mobile number, 0xxxxxxxxx or +84xxxxxxxxx (give this or `email`).
    #[graphql(validator(max_length = 20))]
    phone: Option<String>,
    /// 8 to 128 characters with at least one letter and one digit.
    #[graphql(validator(max_length = 128))]
    password: String,
    /// Full name as on the ID card.
    #[graphql(validator(max_length = 200))]
    full_name: String,
}

/// Queries about the signed-in account.
#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in account; UNAUTHENTICATED without a valid access token.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(User(service::me(state(ctx)?, caller(ctx)?).await?))
    }
}

/// Sign-up, sign-in and session management.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates a citizen account (email or phone + password) and signs it in.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who is registering.")] input: RegisterInput,
    ) -> Result<AuthPayload> {
        let session = service::register(
            state(ctx)?,
            Registration {
                email: input.email,
                phone: input.phone,
                password: input.password,
                full_name: input.full_name,
            },
        )
        .await?;
        Ok(session.into())
    }

    /// Signs in a citizen or staff member. Repeated failures for one identifier are slowed down
    /// (RATE_LIMITED with `retryAfter`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Email address or phone number.", validator(max_length = 254))]
        identifier: String,
        #[graphql(desc = "The password.", validator(max_length = 1024))] password: String,
    ) -> Result<AuthPayload> {
        Ok(service::login(state(ctx)?, &identifier, &password)
            .await?
            .into())
    }

    /// Exchanges a refresh token for a new access token and a new refresh token.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The refresh token from the last sign-in or rotation.",
            validator(max_length = 256)
        )]
        refresh_token: String,
    ) -> Result<AuthPayload> {
        Ok(service::refresh(state(ctx)?, &refresh_token).await?.into())
    }

    /// Ends the session the refresh token belongs to. True when a session was ended.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The session's current refresh token.",
            validator(max_length = 256)
        )]
        refresh_token: String,
    ) -> Result<bool> {
        Ok(service::logout(state(ctx)?, &refresh_token).await?)
    }
}
