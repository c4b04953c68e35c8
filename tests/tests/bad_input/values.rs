//! The bad values: what every required text, name, password, invite code,
//! id, served asset name and view filter must refuse.

use super::*;

/// A shared list of bad values and a target's own.
pub fn plus<const N: usize>(mut values: Vec<Value>, more: [Value; N]) -> Vec<Value> {
    values.extend(more);
    values
}

pub fn long(n: usize) -> Value {
    json!("x".repeat(n))
}

/// Values every required text parameter must refuse.
pub fn bad_required_text() -> Vec<Value> {
    vec![
        json!(""),
        json!("   "),
        json!("\t\n"),
        Value::Null,
        long(10_000),
        json!("a\u{1}b"),
        json!("nul\u{0}byte"),
    ]
}

/// Characters no name may hold: line breaks (header injection), other
/// controls, bidi overrides and zero-width or other invisible characters.
pub fn invisible_in(base: &str) -> Vec<Value> {
    let (head, tail) = base.split_at(base.len() / 2);
    [
        "\r\n", "\r", "\n", "\t", "\u{1b}", "\u{7f}", "\u{85}", "\u{202e}", "\u{200b}", "\u{2066}",
        "\u{feff}", "\u{ad}",
    ]
    .iter()
    .map(|c| json!(format!("{head}{c}{tail}")))
    .collect()
}

/// Passwords no account may get: empty or blank, too short or long, with
/// control characters, or on the common-password list.
pub fn bad_passwords() -> Vec<Value> {
    let mut passwords = bad_required_text();
    passwords.extend([
        json!("short"),
        long(73),
        json!("ü".repeat(40)),
        json!("password123"),
        json!("PASSWORD123"),
        json!("qwerty123"),
        json!("12345678"),
        json!("zzzzzzzzzzzz"),
        json!("        "),
        json!("correct\r\nhorse-battery"),
        json!("correct\thorse-battery"),
        json!("correct\u{1b}horse-battery"),
        json!("correct\u{7f}horse-battery"),
        json!(12345678),
    ]);
    passwords
}

/// Invite codes that admit nobody.
pub fn bad_invite_codes(fixtures: &Fixtures) -> Vec<Value> {
    vec![
        Value::Null,
        json!(""),
        json!("   "),
        json!("garbage"),
        json!("AAAA-AAAA-AAAA"),
        json!("0000-0000-0000"),
        json!(format!("{}X", fixtures.invite_code)),
        json!("' OR '1'='1"),
        json!("\r\n"),
        json!("\u{202e}"),
        json!("\u{200b}"),
        json!("\u{0}"),
        long(10_000),
        json!(123),
        json!([]),
        json!({"code": fixtures.invite_code.clone()}),
        json!(true),
        json!(fixtures.revoked_code.clone()),
        json!(fixtures.used_up_code.clone()),
    ]
}

/// Values every id parameter must refuse.
pub fn bad_ids() -> Vec<Value> {
    vec![
        Value::Null,
        json!(-1),
        json!(0),
        json!("abc"),
        json!(1.5),
        json!(true),
        json!([]),
        json!({}),
        json!("1; DROP TABLE app_data.tasks"),
        json!(999_999_999),
        json!(""),
    ]
}

pub fn not_base64() -> Vec<Value> {
    vec![
        json!("!!! not base64 !!!"),
        json!("%%%%"),
        json!("abc\r\ndef"),
        json!("\u{200b}"),
    ]
}

/// Names no served asset has: traversal, separators, controls, invisible
/// characters, absurd lengths, JSON that is not text.
pub fn bad_served_names() -> Vec<Value> {
    vec![
        json!("../etc/passwd"),
        json!("..%2Fetc%2Fpasswd"),
        json!("a/b.js"),
        json!(".hidden"),
        json!("index.html\r\nX-Evil: 1"),
        json!("nul\u{0}byte"),
        json!("index\u{202e}.html"),
        json!("index\u{200b}.html"),
        long(10_000),
        json!(["index.html"]),
        json!({"name": "index.html"}),
        json!("' OR '1'='1"),
    ]
}

/// Filters on the `api` views no query may get through: a value of the
/// wrong type, a column that is not there (or hidden), a malformed
/// operator. (view, query string, caller)
pub fn bad_filters() -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("users", "user_id=eq.abc", MEMBER),
        ("users", "nosuch=eq.1", MEMBER),
        ("users", "select=password_hash", MEMBER),
        ("users", "username=eq.x&or=(", MEMBER),
        ("tasks", "task_id=eq.1e400", MEMBER),
        ("tasks", "order=nosuch.desc", MEMBER),
        ("tasks", "task_id=in.(1,x)", ADMIN),
        ("task_assignments", "assignment_id=eq.1%20OR%201=1", MEMBER),
        ("task_assignments", "select=*,users(password_hash)", MEMBER),
        ("task_assignments", "is_approved=eq.maybe", ADMIN),
    ]
    .into_iter()
    .chain(chore_targets::bad_filters())
    .chain(points_targets::bad_filters())
    .collect()
}
