//! deploy.sh with a new migration: what it exposes, and that a failing one
//! changes nothing.

use crate::common::{
    assert_failed_with, assert_stderr_has, data_checksum, deploy, deploy_ok, deployed_cluster,
    member, migrations_with, monitor_with, page, row_counts, BROKEN_MIGRATION, ROOMS_MIGRATION,
};
use serde_json::json;
use tests::Api;

#[test]
fn deploy_with_new_migration_exposes_table_exactly_as_designed() {
    let cluster = deployed_cluster();
    let alice = member(&cluster);
    let anon = Api::new(&cluster.api_url);
    assert_eq!(anon.get("/rooms").expect("rooms").status, 404);

    let (_keep, dir_s) = migrations_with("29991231000001_rooms.sql", ROOMS_MIGRATION);
    let run = deploy_ok(
        &cluster,
        &["--skip-publish"],
        &[
            ("MIGRATIONS_DIR", &dir_s),
            ("SMOKE_USER", "alice"),
            ("SMOKE_PASSWORD", "correct-horse"),
        ],
    );
    assert_stderr_has(&run, "login as alice and GET /rpc/me: 200");

    // No sleep: deploy returned only once PostgREST served the new view.
    let rooms = alice.get("/rooms?order=room_id").expect("rooms as member");
    assert_eq!(rooms.status, 200, "{}", rooms.text());
    assert_eq!(
        rooms.json(),
        json!([{"room_id": 1, "name": "Kitchen"}, {"room_id": 2, "name": "Bathroom"}])
    );
    let denied = anon.get("/rooms").expect("rooms as anon");
    assert!(
        denied.status == 401 || denied.status == 403,
        "anonymous read of /rooms: {} {}",
        denied.status,
        denied.text()
    );
    assert!(denied.is_json_error());
    // The table itself stays private: only the api schema is exposed.
    let direct = anon
        .get_with("/rooms", &[("Accept-Profile", "app_data")])
        .expect("profile");
    assert!(direct.status >= 400, "{}", direct.text());

    let monitor = monitor_with(&cluster, &[], &[("MIGRATIONS_DIR", &dir_s)], &[]);
    assert!(monitor.ok(), "{}", monitor.output());
    assert!(monitor.stdout.contains("table app_data.rooms"));
}

#[test]
fn failing_migration_leaves_schema_and_data_unchanged() {
    let cluster = deployed_cluster();
    let alice = member(&cluster);
    let created = alice
        .rpc(
            "create_task",
            &json!({"p_task_name": "Windows", "p_description": "Both sides"}),
        )
        .expect("create task");
    assert!(created.status < 300, "{}", created.text());
    let schema = cluster.schema_fingerprint().expect("fingerprint");
    let counts = row_counts(&cluster);
    let data = data_checksum(&cluster);

    // A wrong API_URL is noticed before the database is touched.
    let nowhere = deploy(
        &cluster,
        &["--skip-publish"],
        &[("API_URL", "http://127.0.0.1:9")],
    );
    assert_failed_with(&nowhere, "PostgREST does not answer at http://127.0.0.1:9");

    let (_keep, dir_s) = migrations_with("29991231000002_broken.sql", BROKEN_MIGRATION);
    let run = deploy(&cluster, &["--skip-publish"], &[("MIGRATIONS_DIR", &dir_s)]);
    assert_failed_with(&run, "a migration failed");
    assert_stderr_has(&run, "division by zero");

    assert_eq!(schema, cluster.schema_fingerprint().expect("fingerprint"));
    assert_eq!(counts, row_counts(&cluster));
    assert_eq!(data, data_checksum(&cluster));
    assert_eq!(page(&cluster).status, 200);
    assert_eq!(alice.get("/tasks").expect("tasks").status, 200);

    // The monitor reports the migration as pending.
    let monitor = monitor_with(
        &cluster,
        &["--problems"],
        &[("MIGRATIONS_DIR", &dir_s)],
        &[],
    );
    assert_eq!(monitor.code, 1, "{}", monitor.output());
    assert!(
        monitor.stdout.contains("29991231000002_broken.sql"),
        "{}",
        monitor.output()
    );
}
