//! Client-side checks that mirror the API's own rules and wording
//! (db/api/20_auth.sql), so a typo is caught before a round trip and the
//! message reads the same either way. The API stays the authority.

use crate::errors::Field;

pub fn registration(username: &str, password: &str) -> Option<(Field, String)> {
    let username = username.trim();
    if username.is_empty() {
        return Some((Field::Username, "Username is required".into()));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let length = username.chars().count();
    if !(3..=32).contains(&length) || !username.chars().all(allowed) {
        return Some((
            Field::Username,
            "Username must be 3-32 characters: letters, digits, \".\", \"_\" or \"-\"".into(),
        ));
    }
    self::password(password).map(|message| (Field::Password, message))
}

/// The API's password rules that need no server (length, not blank); the
/// list of common passwords stays the server's.
pub fn password(password: &str) -> Option<String> {
    if password.trim().is_empty() {
        return Some("Password is required".into());
    }
    if password.chars().count() < 8 {
        return Some("Password must be at least 8 characters".into());
    }
    if password.len() > 72 {
        return Some("Password must be at most 72 bytes".into());
    }
    None
}

/// "My account": the current password, a new one that passes the rules,
/// typed twice the same.
pub fn password_change(current: &str, new: &str, repeat: &str) -> Option<(Field, String)> {
    if current.is_empty() {
        return Some((
            Field::CurrentPassword,
            "Current password is required".into(),
        ));
    }
    if let Some(message) = password(new) {
        return Some((Field::Password, message));
    }
    if new != repeat {
        return Some((Field::RepeatPassword, "The two new passwords differ".into()));
    }
    if new == current {
        return Some((
            Field::Password,
            "The new password must differ from the current one".into(),
        ));
    }
    None
}

/// The task form's checks, worded like `app_functions.required_text`.
pub fn task(name: &str, description: &str) -> Option<(Field, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Some((Field::TaskName, "Task name is required".into()));
    }
    if name.chars().count() > 100 {
        return Some((
            Field::TaskName,
            "Task name must be at most 100 characters".into(),
        ));
    }
    if description.trim().chars().count() > 1000 {
        return Some((
            Field::Description,
            "Description must be at most 1000 characters".into(),
        ));
    }
    None
}
