//! The one table of API error codes (CONTRACT.md) and the mapping of every service error into it.
//! `INTERNAL` errors are logged with their cause chain and shown to clients as a fixed message.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;
pub use shared::ErrorCode;

/// An error as the API shows it. It deliberately does not implement `Display`: async-graphql
/// converts any `Display` type into an error without a code, so `?` must go through the
/// `From<ApiError>` below, which always sets `extensions.code`.
#[derive(Debug)]
pub enum ApiError {
    /// No or bad credentials.
    Unauthenticated(String),
    /// Signed in but not allowed.
    Forbidden(String),
    /// Not there, or not visible to the caller (never says which).
    NotFound(String),
    /// The input is wrong; the message says how.
    BadUserInput(String),
    /// Form fields that failed validation; `fields` lists each key and problem.
    InvalidFields {
        /// Public message.
        message: String,
        /// `[{"key": …, "problem": {"code": …}}]`.
        fields: serde_json::Value,
    },
    /// A conflicting state (duplicate, concurrent change, idempotency mismatch).
    Conflict(String),
    /// Too many requests; retry after the given seconds.
    RateLimited {
        /// Public message.
        message: String,
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// A query over the configured limits.
    QueryTooComplex(String),
    /// Anything unexpected; the cause is logged, never shown.
    Internal(anyhow::Error),
}

impl ApiError {
    /// The contract code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::BadUserInput(_) | ApiError::InvalidFields { .. } => ErrorCode::BadUserInput,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::QueryTooComplex(_) => ErrorCode::QueryTooComplex,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Shorthand for an internal error with context.
    pub fn internal(context: &'static str, error: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(error.into().context(context))
    }

    /// The message a client may see.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Unauthenticated(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::BadUserInput(m)
            | ApiError::Conflict(m)
            | ApiError::QueryTooComplex(m)
            | ApiError::RateLimited { message: m, .. }
            | ApiError::InvalidFields { message: m, .. } => m.clone(),
            ApiError::Internal(_) => {
                "Internal error; it has been logged. Please try again later.".to_string()
            }
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return ApiError::Conflict("This record already exists.".to_string());
        }
        ApiError::Internal(anyhow::Error::new(e).context("database"))
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

/// Validation errors of the shared crate are the caller's input.
macro_rules! bad_input_from {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                ApiError::BadUserInput(e.to_string())
            }
        }
    )*};
}

bad_input_from!(
    shared::validation::EmailError,
    shared::validation::PhoneError,
    shared::validation::PasswordError,
    shared::validation::PersonNameError,
    shared::validation::PersonalIdError,
    shared::validation::LoginIdError,
);

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        self.to_graphql()
    }
}

impl ApiError {
    /// The GraphQL error with `extensions.code` (and `retryAfter` when rate limited).
    pub fn to_graphql(&self) -> async_graphql::Error {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error.cause_chain = ?cause, "internal error");
        }
        async_graphql::Error::new(self.public_message()).extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            if let ApiError::RateLimited {
                retry_after_secs, ..
            } = self
            {
                ext.set("retryAfter", *retry_after_secs);
            }
            if let ApiError::InvalidFields { fields, .. } = self
                && let Ok(v) = async_graphql::Value::from_json(fields.clone())
            {
                ext.set("fields", v);
            }
        })
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        e.to_graphql()
    }
}

/// Result alias for services.
pub type ApiResult<T> = Result<T, ApiError>;

/// Builds a GraphQL error with a code, for places that produce errors outside a resolver.
pub fn coded(code: ErrorCode, message: impl Into<String>) -> async_graphql::ServerError {
    let mut err = async_graphql::ServerError::new(message, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code.as_str());
    err.extensions = Some(ext);
    err
}
