//! Accounts, sessions, invites and registration (db/api/20_auth.sql,
//! 25_members.sql), and the functions that refuse GET.
use super::*;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /rpc/me",
            api: Some("me"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/me").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/login",
            api: Some("login"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "login",
                    json!({"p_username": "user3", "p_password": "password123"}),
                )
            },
            expect: [200, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/register_user (with an invite)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("newuser"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": args["name"], "p_password": STRONG,
                           "p_invite_code": args["code"]}),
                )
            },
            expect: [201, 201, 201, 201, 403],
        },
        Case {
            name: "POST /rpc/register_user (no invite, registration closed)",
            api: Some("register_user"),
            setup: |_, _| json!(unique("uninvited")),
            call: |a, name| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": name, "p_password": STRONG}),
                )
            },
            expect: [403, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/register_user (a common password)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("weak"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": args["name"], "p_password": "password123",
                           "p_invite_code": args["code"]}),
                )
            },
            expect: [400, 400, 400, 400, 403],
        },
        Case {
            name: "GET /rpc/login (passwords never in URLs)",
            api: Some("login"),
            setup: no_setup,
            call: |a, _| {
                a.get("/rpc/login?p_username=user3&p_password=password123")
                    .unwrap()
            },
            expect: [405, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/register_user (passwords never in URLs)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("getter"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                a.get(&format!(
                    "/rpc/register_user?p_username={}&p_password={STRONG}&p_invite_code={}",
                    args["name"].as_str().unwrap(),
                    args["code"].as_str().unwrap()
                ))
                .unwrap()
            },
            expect: [405, 405, 405, 405, 403],
        },
        Case {
            // Each caller signs out a session of its own (FRESH_SESSION), so
            // the matrix's tokens stay valid.
            name: LOGOUT,
            api: Some("logout"),
            setup: no_setup,
            call: |a, _| rpc(a, "logout", json!({})),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/change_password (wrong current password)",
            api: Some("change_password"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "change_password",
                    json!({"p_current_password": "not-the-password", "p_new_password": STRONG}),
                )
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/change_password (a common new password)",
            api: Some("change_password"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "change_password",
                    json!({"p_current_password": "password123", "p_new_password": "qwerty123"}),
                )
            },
            expect: [401, 400, 400, 400, 403],
        },
        Case {
            name: "POST /rpc/reset_member_password (a fresh member)",
            api: Some("reset_member_password"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                rpc(
                    a,
                    "reset_member_password",
                    json!({"p_user_id": id, "p_new_password": "staple-orbit-lantern-7"}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/remove_member (a fresh member)",
            api: Some("remove_member"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| rpc(a, "remove_member", json!({"p_user_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/remove_member (the admin)",
            api: Some("remove_member"),
            setup: no_setup,
            call: |a, _| rpc(a, "remove_member", json!({"p_user_id": ADMIN_ID})),
            expect: [401, 403, 403, 409, 403],
        },
        Case {
            name: "POST /rpc/create_invite",
            api: Some("create_invite"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "create_invite",
                    json!({"p_expires_in_hours": 1, "p_max_uses": 1}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "GET /rpc/invites",
            api: Some("invites"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/invites").unwrap(),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/revoke_invite",
            api: Some("revoke_invite"),
            setup: |_, c| json!(new_invite(&c.admin)),
            call: |a, id| rpc(a, "revoke_invite", json!({"p_invite_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // 0 closes: the admin's success leaves registration closed for
            // the cells that expect it closed.
            name: "POST /rpc/open_registration (close)",
            api: Some("open_registration"),
            setup: no_setup,
            call: |a, _| rpc(a, "open_registration", json!({"p_minutes": 0})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "GET /rpc/registration_settings",
            api: Some("registration_settings"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/registration_settings").unwrap(),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // A read for every member: GET works, nothing is written.
            name: "GET /rpc/preview_schedule",
            api: Some("preview_schedule"),
            setup: no_setup,
            call: |a, _| {
                a.get("/rpc/preview_schedule?p_rule=FREQ%3DWEEKLY%3BBYDAY%3DMO&p_start=2026-01-05T08:00&p_count=3")
                    .unwrap()
            },
            expect: [401, 200, 200, 200, 403],
        },
        // A GET runs in a read-only transaction: none of the functions that
        // change something can be made to by a link.
        Case {
            name: "GET /rpc/logout",
            api: Some("logout"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/logout").unwrap(),
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/reset_member_password (a fresh member)",
            api: Some("reset_member_password"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                a.get(&format!(
                    "/rpc/reset_member_password?p_user_id={id}&p_new_password=staple-orbit-lantern-7"
                ))
                .unwrap()
            },
            // It carries a password: refused as GET before anything else.
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/remove_member (a fresh member)",
            api: Some("remove_member"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                a.get(&format!("/rpc/remove_member?p_user_id={id}"))
                    .unwrap()
            },
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/create_invite",
            api: Some("create_invite"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/create_invite").unwrap(),
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/open_registration",
            api: Some("open_registration"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/open_registration?p_minutes=60").unwrap(),
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/ping",
            api: Some("ping"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/ping").unwrap(),
            expect: [200; 5],
        },
    ]
}
