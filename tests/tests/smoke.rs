use serde_json::json;
use tests::Stack;

#[test]
fn login_returns_a_token_that_authorises_requests() {
    let stack = Stack::shared();
    let anon = stack.api();
    let member = anon.login("user1", "password123").expect("login");
    let reply = member.get("/rpc/me").expect("me");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["username"], json!("user1"));
}
