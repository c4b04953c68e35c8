//! Client-side checks that mirror the API's own rules and wording
//! (db/api/20_auth.sql), so a typo is caught before a round trip and the
//! message reads the same either way. The API stays the authority.

use crate::errors::Field;
use crate::i18n::{t, K};

pub fn registration(username: &str, password: &str) -> Option<(Field, String)> {
    let username = username.trim();
    if username.is_empty() {
        return Some((Field::Username, t(K::ValUsernameRequired).into()));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let length = username.chars().count();
    if !(3..=32).contains(&length) || !username.chars().all(allowed) {
        return Some((Field::Username, t(K::ValUsernameRule).into()));
    }
    self::password(password).map(|message| (Field::Password, message))
}

/// The API's password rules that need no server (length, not blank); the
/// list of common passwords stays the server's.
pub fn password(password: &str) -> Option<String> {
    if password.trim().is_empty() {
        return Some(t(K::ValPasswordRequired).into());
    }
    if password.chars().count() < 8 {
        return Some(t(K::ValPasswordShort).into());
    }
    if password.len() > 72 {
        return Some(t(K::ValPasswordLong).into());
    }
    None
}

/// "My account": the current password, a new one that passes the rules,
/// typed twice the same.
pub fn password_change(current: &str, new: &str, repeat: &str) -> Option<(Field, String)> {
    if current.is_empty() {
        return Some((Field::CurrentPassword, t(K::ValCurrentRequired).into()));
    }
    if let Some(message) = password(new) {
        return Some((Field::Password, message));
    }
    if new != repeat {
        return Some((Field::RepeatPassword, t(K::ValPasswordsDiffer).into()));
    }
    if new == current {
        return Some((Field::Password, t(K::ValPasswordSame).into()));
    }
    None
}

/// The task form's checks, worded like `app_functions.required_text`.
pub fn task(name: &str, description: &str) -> Option<(Field, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Some((Field::TaskName, t(K::ValTaskNameRequired).into()));
    }
    if name.chars().count() > 100 {
        return Some((Field::TaskName, t(K::ValTaskNameLong).into()));
    }
    if description.trim().chars().count() > 1000 {
        return Some((Field::Description, t(K::ValDescriptionLong).into()));
    }
    None
}
