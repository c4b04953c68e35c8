//! PostgREST error replies turned into messages a household member can act
//! on, and the field of a form each one belongs to. Pure logic: unit-tested
//! in the browser by `wasm-bindgen-test`.

use crate::i18n::{plural, t, K};
use crate::json::JsonObject;

/// An API failure as the UI sees it. `status` 0 means the request never got
/// an HTTP answer (offline, server down).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: Option<String>,
    pub message: String,
    /// For the API's own errors about one argument: that parameter's name
    /// (docs/SECURITY-API.md, "Field errors").
    pub details: Option<String>,
    pub hint: Option<String>,
    /// Seconds from a `Retry-After` header (429: too many attempts).
    pub retry_after: Option<u32>,
}

/// Which form field an error belongs to, so it can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Username,
    Password,
    TaskName,
    Description,
    CurrentPassword,
    RepeatPassword,
    InviteCode,
}

impl Field {
    /// The input for an API parameter, as an error's `details` names it.
    /// Both the registration password and a new password are the form's
    /// password field.
    pub fn of_parameter(name: &str) -> Option<Field> {
        Some(match name {
            "p_username" => Field::Username,
            "p_password" | "p_new_password" => Field::Password,
            "p_current_password" => Field::CurrentPassword,
            "p_task_name" => Field::TaskName,
            "p_description" => Field::Description,
            "p_invite_code" => Field::InviteCode,
            _ => return None,
        })
    }
}

/// What a form or a button shows after a refusal: a sentence, and the field
/// it is about (`None`: the whole form). Made from the API's error or from
/// a check the app makes before sending anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: Option<Field>,
    pub message: String,
}

impl Problem {
    /// A refusal of the whole form, found before anything was sent.
    pub fn form(message: impl Into<String>) -> Problem {
        Problem {
            field: None,
            message: message.into(),
        }
    }
}

impl From<ApiError> for Problem {
    fn from(error: ApiError) -> Problem {
        Problem {
            field: error.field(),
            message: error.user_message(),
        }
    }
}

impl ApiError {
    pub fn network(detail: impl Into<String>) -> ApiError {
        ApiError::new(0, None, detail.into())
    }

    fn new(status: u16, code: Option<String>, message: String) -> ApiError {
        ApiError {
            status,
            code,
            message,
            details: None,
            hint: None,
            retry_after: None,
        }
    }

    /// Builds the error from a non-2xx reply; a body that is not PostgREST's
    /// `{code, message, details, hint}` (e.g. a proxy's HTML page) still
    /// yields a usable error.
    pub fn from_reply(status: u16, body: &str) -> ApiError {
        match JsonObject::parse(body) {
            Some(parsed) => ApiError {
                details: parsed.string("details"),
                hint: parsed.string("hint"),
                ..ApiError::new(
                    status,
                    parsed.string("code"),
                    parsed.string("message").unwrap_or_default(),
                )
            },
            None => ApiError::new(status, None, String::new()),
        }
    }

    /// The token is missing, expired or no longer accepted: the only cure is
    /// signing in again.
    pub fn is_session_problem(&self) -> bool {
        self.status == 401 || matches!(self.code.as_deref(), Some("PGRST301" | "PGRST302"))
    }

    /// A sentence for the UI. The API's own errors (SQLSTATE PTnnn) are
    /// already written for people; PostgREST's and PostgreSQL's are not.
    pub fn user_message(&self) -> String {
        if self.status == 0 {
            return t(K::ErrOffline).into();
        }
        if self.status == 429 {
            return match self.retry_after {
                Some(n) => plural(i64::from(n), K::ErrTooManyOne, K::ErrTooMany),
                None => t(K::ErrTooManyMoment).into(),
            };
        }
        let code = self.code.as_deref().unwrap_or("");
        if code.starts_with("PGRST3") {
            return t(K::ErrExpired).into();
        }
        if code == "42501" {
            return t(K::ErrForbidden).into();
        }
        if code == "PGRST202" || code == "PGRST205" {
            return t(K::ErrNoSuchAction).into();
        }
        let own_message = code.starts_with("PT") && !self.message.is_empty();
        if own_message {
            return match self.hint.as_deref() {
                // A 401's hint says how to authenticate (for API clients);
                // the app signs the member out instead.
                Some(hint) if !hint.is_empty() && self.status != 401 => {
                    format!(
                        "{}. {}.",
                        self.message.trim_end_matches('.'),
                        hint.trim_end_matches('.')
                    )
                }
                _ => self.message.clone(),
            };
        }
        match self.status {
            401 => t(K::ErrSignInAgain),
            403 => t(K::ErrForbidden),
            404 => t(K::ErrGone),
            409 => t(K::ErrConflict),
            400..=499 => t(K::ErrRefused),
            _ => t(K::ErrServer),
        }
        .into()
    }

    /// The form field the error is about: the API's own errors name the
    /// parameter in `details`; the message is never read for it.
    pub fn field(&self) -> Option<Field> {
        let own = self.code.as_deref().is_some_and(|c| c.starts_with("PT"));
        Field::of_parameter(self.details.as_deref().filter(|_| own)?)
    }
}
