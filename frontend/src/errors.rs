//! PostgREST error replies turned into messages a household member can act
//! on. Pure logic: unit-tested in the browser by `wasm-bindgen-test`.

use serde::Deserialize;

/// An API failure as the UI sees it. `status` 0 means the request never got
/// an HTTP answer (offline, server down).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: Option<String>,
    pub message: String,
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

#[derive(Deserialize)]
struct PostgrestBody {
    code: Option<String>,
    message: Option<String>,
    hint: Option<String>,
}

impl ApiError {
    pub fn network(detail: impl Into<String>) -> ApiError {
        ApiError {
            status: 0,
            code: None,
            message: detail.into(),
            hint: None,
            retry_after: None,
        }
    }

    /// A refusal decided in the app (nothing was sent), shown like the
    /// API's own messages.
    pub fn local(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            code: Some("PT400".into()),
            message: message.into(),
            hint: None,
            retry_after: None,
        }
    }

    /// Builds the error from a non-2xx reply; a body that is not PostgREST's
    /// `{code, message, details, hint}` (e.g. a proxy's HTML page) still
    /// yields a usable error.
    pub fn from_reply(status: u16, body: &str) -> ApiError {
        match serde_json::from_str::<PostgrestBody>(body) {
            Ok(parsed) => ApiError {
                status,
                code: parsed.code,
                message: parsed.message.unwrap_or_default(),
                hint: parsed.hint,
                retry_after: None,
            },
            Err(_) => ApiError {
                status,
                code: None,
                message: String::new(),
                hint: None,
                retry_after: None,
            },
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
            return "Cannot reach the server. Check your connection and try again.".into();
        }
        if self.status == 429 {
            return match self.retry_after {
                Some(1) => "Too many attempts — try again in 1 second.".into(),
                Some(n) => format!("Too many attempts — try again in {n} seconds."),
                None => "Too many attempts — try again in a moment.".into(),
            };
        }
        let code = self.code.as_deref().unwrap_or("");
        if code.starts_with("PGRST3") {
            return "Your session has expired. Please sign in again.".into();
        }
        if code == "42501" {
            return "You are not allowed to do that.".into();
        }
        if code == "PGRST202" || code == "PGRST205" {
            return "The server does not offer this action. Reload the page; if it persists, the app and server versions differ.".into();
        }
        let own_message = code.starts_with("PT") && !self.message.is_empty();
        if own_message {
            return match self.hint.as_deref() {
                Some(hint) if !hint.is_empty() && !hint.contains("Bearer") => {
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
            401 => "Please sign in again.".into(),
            403 => "You are not allowed to do that.".into(),
            404 => "That item no longer exists. The list has been refreshed.".into(),
            409 => "That conflicts with a change someone else made. Refresh and try again.".into(),
            400..=499 => "The request was not accepted. Check the form and try again.".into(),
            _ => "The server had a problem. Please try again in a moment.".into(),
        }
    }

    /// The form field the message is about, when the API names one.
    pub fn field(&self) -> Option<Field> {
        let message = self.message.as_str();
        if self.status == 403 || self.status == 400 {
            if message.contains("current password") || message.starts_with("Current password") {
                return Some(Field::CurrentPassword);
            }
            if message.contains("invite code") {
                return Some(Field::InviteCode);
            }
        }
        if !(self.status == 400 || self.status == 409) {
            return None;
        }
        if message.starts_with("Task name") || message.starts_with("A task ") {
            Some(Field::TaskName)
        } else if message.starts_with("Description") {
            Some(Field::Description)
        } else if message.starts_with("Username") {
            Some(Field::Username)
        } else if message.starts_with("Password") || message.starts_with("The new password") {
            Some(Field::Password)
        } else {
            None
        }
    }
}
