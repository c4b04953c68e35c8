//! What an answer's body may say: the API's error contract, and what a GET
//! of a POST-only function may answer.

use super::*;

/// Control characters and invisible format characters (Unicode Cc, and
/// the Cf characters that hide or reorder text).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// The contract for the API's own errors (`code` "PTnnn"): `message` and
/// `hint` are fixed texts (no request input), `details` holds input only
/// with every invisible character written as visible `\uXXXX` text.
pub fn error_body_problems(body: &[u8], marker: &str) -> Vec<String> {
    let Ok(Value::Object(error)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let is_api_error = error
        .get("code")
        .and_then(Value::as_str)
        .is_some_and(|c| c.starts_with("PT"));
    if !is_api_error {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for field in ["message", "hint"] {
        if let Some(text) = error.get(field).and_then(Value::as_str) {
            if text.contains(marker) {
                problems.push(format!("request input in the error's {field}: {text:?}"));
            }
        }
    }
    for field in ["message", "hint", "details"] {
        if let Some(text) = error.get(field).and_then(Value::as_str) {
            if text.chars().any(is_invisible) {
                problems.push(format!(
                    "raw invisible character in the error's {field}: {text:?}"
                ));
            }
        }
    }
    problems
}

pub const POST_ONLY: [&str; 3] = ["login", "register_user", "change_password"];

/// A GET of a POST-only function may be refused by PostgREST before the
/// function runs (a NUL in a parameter, no EXECUTE for the role, no token)
/// or by the function with 405; it never signs in, registers, changes a
/// password or says anything about an account.
pub fn post_only_problem(status: u16, body: &[u8]) -> Option<String> {
    let code = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|b| b["code"].as_str().map(str::to_string))
        .unwrap_or_default();
    let fine = match status {
        405 => true,
        400 | 403 => !code.starts_with("PT"),
        // Anonymous: no EXECUTE (42501), or the function's own "sign in".
        401 => !code.starts_with("PT") || String::from_utf8_lossy(body).contains("Sign in first"),
        _ => false,
    };
    (!fine).then(|| format!("GET of a POST-only function answered {status} {code}"))
}
