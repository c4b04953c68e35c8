//! Migration 0008 keeps the data the guide's model had.
use tests::cluster::BareCluster;

/// Migration 0008 on a database with the guide's data: every task becomes
/// an undated one-off assigned by hand that needs approval, and every
/// assignment keeps its state as a status.
#[test]
fn the_chore_engine_migration_keeps_the_guides_data() {
    let cluster = BareCluster::start().unwrap();
    let run = cluster
        .run("scripts/db.sh", &["bootstrap"], &[], &[])
        .unwrap();
    assert!(run.ok(), "{}", run.output());
    let before = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(tests::project_root().join("db/migrations")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().as_ref() < "20261126000008" {
            std::fs::copy(entry.path(), before.path().join(entry.file_name())).unwrap();
        }
    }
    let dir = before.path().display().to_string();
    let run = cluster
        .run(
            "scripts/db.sh",
            &["migrate"],
            &[("MIGRATIONS_DIR", &dir)],
            &[],
        )
        .unwrap();
    assert!(run.ok(), "{}", run.output());
    cluster
        .psql(
            "INSERT INTO app_data.users (user_id, username, password_hash, is_admin) VALUES \
               (1, 'ann', '$2a$06$x', false), (2, 'bob', '$2a$06$x', false), (3, 'boss', '$2a$06$x', true); \
             INSERT INTO app_data.tasks (task_id, task_name, created_by) VALUES (1, 'Dishes', 3), (2, 'Floors', 3); \
             INSERT INTO app_data.task_assignments \
               (assignment_id, task_id, user_id, assigned_by, assigned_at, completed_at, is_approved, reviewed_by, reviewed_at) \
             VALUES (1, 1, 1, 3, '2026-01-01', NULL, NULL, NULL, NULL), \
                    (2, 1, 2, 3, '2026-01-01', '2026-01-02', NULL, NULL, NULL), \
                    (3, 2, 1, 3, '2026-01-01', '2026-01-03', true, 3, '2026-01-04'), \
                    (4, 2, 2, 3, '2026-01-01', '2026-01-05', false, 3, '2026-01-06');",
        )
        .unwrap();
    let run = cluster
        .run("scripts/db.sh", &["migrate"], &[], &[])
        .unwrap();
    assert!(run.ok(), "{}", run.output());
    assert_eq!(
        cluster
            .psql(
                "SELECT string_agg(format('%s %s %s %s %s', task_id, schedule_kind, assignee_mode, \
                                          requires_approval, coalesce(fixed_user_id::text, '-')), ', ' ORDER BY task_id) \
                 FROM app_data.tasks"
            )
            .unwrap(),
        "1 once fixed t -, 2 once fixed t -"
    );
    assert_eq!(
        cluster
            .psql(
                "SELECT string_agg(format('%s %s %s %s %s', assignment_id, status, \
                                          coalesce(to_char(closed_at, 'MM-DD'), '-'), coalesce(acted_by::text, '-'), \
                                          coalesce(due_at::text, '-')), ', ' ORDER BY assignment_id) \
                 FROM app_data.task_assignments"
            )
            .unwrap(),
        "1 todo - - -, 2 waiting 01-02 2 -, 3 approved 01-03 1 -, 4 rejected 01-05 2 -"
    );
}

/// The sample household's guide-era rows, as a member reads them: the six
/// tasks are one-offs assigned by hand that need approval, the six
/// assignments are open and undated.
#[test]
fn the_sample_households_guide_rows_read_as_one_offs() {
    let user1 = super::seeded(1);
    let tasks = user1
        .get("/tasks?task_id=lte.6&order=task_id")
        .unwrap()
        .json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 6);
    for task in tasks {
        assert_eq!(
            (
                task["schedule_kind"].as_str(),
                task["assignee_mode"].as_str(),
                task["requires_approval"].as_bool(),
                task["pool"].clone()
            ),
            (
                Some("once"),
                Some("fixed"),
                Some(true),
                serde_json::json!([])
            ),
            "{task}"
        );
    }
    let assignments = user1
        .get("/task_assignments?assignment_id=lte.6&order=assignment_id&select=assignment_id,status,due_at,user_id")
        .unwrap()
        .json();
    let rows: Vec<(i64, String, bool)> = assignments
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["user_id"].as_i64().unwrap(),
                a["status"].as_str().unwrap().to_string(),
                a["due_at"].is_null(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [1, 2, 3, 1, 2, 3].map(|u| (u, "todo".to_string(), true))
    );
}
