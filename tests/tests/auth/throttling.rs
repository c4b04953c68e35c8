//! Failed sign-ins lock a username for a while.

use super::*;
use std::time::Duration;

/// After 5 wrong passwords for one username, that username is locked for a
/// while (429 + Retry-After), even with the right password; other names are
/// not; names that do not exist lock the same way.
#[test]
fn repeated_failed_sign_ins_lock_that_username_for_a_while() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("throttled");
    new_member(stack, &name, STRONG);
    let ghost = unique("ghost");
    for username in [name.as_str(), ghost.as_str()] {
        for attempt in 1..=5 {
            let reply = login_reply(&api, username, "not-the-password");
            assert_eq!(reply.status, 401, "{username} #{attempt}: {}", reply.text());
        }
    }
    let mut waits = Vec::new();
    for username in [
        name.clone(),
        name.to_uppercase(),
        format!(" {name} "),
        ghost.clone(),
    ] {
        let reply = login_reply(&api, &username, STRONG);
        assert_eq!(reply.status, 429, "{username:?}: {}", reply.text());
        assert_eq!(reply.json()["code"], json!("PT429"));
        assert!(reply.json().get("token").is_none());
        let wait: u64 = reply
            .header("retry-after")
            .expect("a Retry-After header")
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=300).contains(&wait), "{wait}");
        waits.push(wait);
    }
    // The lock says the same whether the account exists or not.
    let existing = login_reply(&api, &name, "not-the-password");
    let missing = login_reply(&api, &ghost, "not-the-password");
    assert_eq!(existing.json()["message"], missing.json()["message"]);
    // Others sign in as usual.
    assert!(api.login("user3", "password123").is_ok());

    // Once the wait is over the right password works and resets the count.
    std::thread::sleep(Duration::from_millis(
        waits.iter().max().unwrap() * 1000 + 500,
    ));
    let reply = login_reply(&api, &name, STRONG);
    assert_eq!(reply.status, 200, "after the wait: {}", reply.text());
    let reply = login_reply(&api, &name, "not-the-password");
    assert_eq!(
        reply.status,
        401,
        "the count starts again: {}",
        reply.text()
    );
}
