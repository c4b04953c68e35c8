//! Tasks and their assignments (db/api/30_tasks.sql, 40_assignments.sql).
use super::*;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "POST /rpc/create_task",
            api: Some("create_task"),
            setup: |_, _| json!(unique("Created ")),
            call: |a, name| rpc(a, "create_task", json!({"p_task_name": name})),
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/update_task",
            api: Some("update_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "update_task",
                    json!({"p_task_id": id, "p_description": "changed"}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/delete_task",
            api: Some("delete_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| rpc(a, "delete_task", json!({"p_task_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/assign_task",
            api: Some("assign_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "assign_task",
                    json!({"p_task_id": id, "p_user_id": MEMBER_ID}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/complete_assignment (the member's)",
            api: Some("complete_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| rpc(a, "complete_assignment", json!({"p_assignment_id": id})),
            // An admin may complete it on the member's behalf (chore engine).
            expect: [401, 200, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/approve_assignment (the member's completed work)",
            api: Some("approve_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| rpc(a, "approve_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/reject_assignment (the member's completed work)",
            api: Some("reject_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| rpc(a, "reject_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/approve_assignment (the admin's own work)",
            api: Some("approve_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.admin, ADMIN_ID)),
            call: |a, id| rpc(a, "approve_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 403, 403],
        },
    ]
}
