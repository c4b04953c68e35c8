//! The edges of the API: views read and written through, other schemas by
//! profile header, functions outside `api`, paths that are not there.
use super::*;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /users",
            api: Some("users"),
            setup: no_setup,
            call: |a, _| a.get("/users").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /tasks",
            api: Some("tasks"),
            setup: no_setup,
            call: |a, _| a.get("/tasks").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /task_assignments",
            api: Some("task_assignments"),
            setup: no_setup,
            call: |a, _| a.get("/task_assignments").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /users with Accept-Profile: app_data",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.get_with("/users", &[("Accept-Profile", "app_data")])
                    .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "GET /frontend_assets with Accept-Profile: app_frontend",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.get_with("/frontend_assets", &[("Accept-Profile", "app_frontend")])
                    .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "GET /frontend_assets",
            api: None,
            setup: no_setup,
            call: |a, _| a.get("/frontend_assets").unwrap(),
            expect: [404; 5],
        },
        Case {
            name: "POST /rpc/sign_jwt with Content-Profile: app_functions",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.raw(
                    Method::POST,
                    "/rpc/sign_jwt",
                    &[
                        ("Content-Profile", "app_functions"),
                        ("Content-Type", "application/json"),
                    ],
                    Some(r#"{"p_claims":{"role":"api_publisher"}}"#),
                )
                .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "POST /rpc/sign_jwt",
            api: None,
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "sign_jwt",
                    json!({"p_claims": {"role": "api_publisher"}}),
                )
            },
            expect: [404; 5],
        },
        Case {
            name: "POST /users (insert through the view)",
            api: Some("users"),
            setup: |_, _| json!(unique("viewinsert")),
            call: |a, name| {
                a.raw(
                    Method::POST,
                    "/users",
                    &[("Content-Type", "application/json")],
                    Some(&json!({"username": name, "is_admin": true}).to_string()),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "PATCH /users (make oneself admin)",
            api: Some("users"),
            setup: no_setup,
            call: |a, _| {
                a.raw(
                    Method::PATCH,
                    "/users?user_id=eq.1",
                    &[("Content-Type", "application/json")],
                    Some(r#"{"is_admin":true}"#),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "PATCH /task_assignments (self-approve)",
            api: Some("task_assignments"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| {
                a.raw(
                    Method::PATCH,
                    &format!("/task_assignments?assignment_id=eq.{id}"),
                    &[("Content-Type", "application/json")],
                    Some(r#"{"is_approved":true}"#),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "DELETE /tasks",
            api: Some("tasks"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                a.raw(
                    Method::DELETE,
                    &format!("/tasks?task_id=eq.{id}"),
                    &[],
                    None,
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
    ]
}
