//! monitor.sh: drift a hand-run superuser session leaves, reported and
//! repaired.

use crate::common::{assert_stderr_has, deployed_cluster, monitor, monitor_with, page};
use serde_json::{json, Value};

#[test]
fn monitor_detects_and_repairs_drift() {
    let cluster = deployed_cluster();
    let clean = monitor(&cluster, &[]);
    assert!(clean.ok(), "{}", clean.output());
    assert!(clean.stdout.contains("OK               ownership"));

    // Drift, as a hand-run superuser session leaves it.
    cluster
        .psql_superuser(
            "cleaning_tracker",
            "CREATE TABLE app_data.drift_notes (id int PRIMARY KEY, note text);
             CREATE FUNCTION app_functions.drift_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
             CREATE SEQUENCE app_frontend.drift_seq;
             GRANT USAGE ON SCHEMA app_frontend TO api_anon;
             GRANT SELECT ON app_frontend.frontend_assets TO api_anon;
             GRANT SELECT ON app_secrets.settings TO api_anon;
             REVOKE EXECUTE ON FUNCTION api.serve_html(text) FROM api_anon;
             CREATE TYPE app_data.drift_mood AS ENUM ('fine');
             CREATE VIEW api.drift_view AS SELECT task_id FROM app_data.tasks;",
        )
        .expect("creating drift");
    let report = monitor(&cluster, &[]);
    assert_eq!(report.code, 1, "{}", report.output());
    for needle in [
        "table app_data.drift_notes",
        "function app_functions.drift_fn()",
        "sequence app_frontend.drift_seq",
        "owner postgres",
        "row level security is OFF",
        "EXECUTE granted to PUBLIC",
        "schema app_frontend",
        "table app_frontend.frontend_assets",
        "type app_data.drift_mood",
        "table app_secrets.settings",
        "api_anon lacks EXECUTE (the site needs it)",
        "view api.drift_view",
        "not security_invoker",
    ] {
        assert!(
            report
                .stdout
                .lines()
                .any(|l| l.starts_with("NEEDS_ATTENTION") && l.contains(needle)),
            "monitor does not flag {needle}:\n{}",
            report.stdout
        );
    }
    let as_json = monitor(&cluster, &["--json"]);
    let doc: Value = serde_json::from_str(&as_json.stdout).expect("monitor --json is JSON");
    assert_eq!(doc["ok"], json!(false));
    // 12 drifted objects, plus the page itself (serve_html now refused).
    assert_eq!(doc["needs_attention"], json!(13), "{doc}");

    // app_owner alone cannot take objects away from the superuser.
    let refused = monitor_with(&cluster, &["--fix"], &[], &["SUPERUSER_URL"]);
    assert_ne!(refused.code, 0);
    assert_stderr_has(&refused, "set SUPERUSER_URL");

    let fix = monitor(&cluster, &["--fix"]);
    assert!(fix.ok(), "{}", fix.output());
    for stmt in [
        "FIXED  ALTER TABLE app_data.drift_notes OWNER TO app_owner",
        "FIXED  ALTER FUNCTION app_functions.drift_fn() OWNER TO app_owner",
        "FIXED  ALTER TABLE app_data.drift_notes ENABLE ROW LEVEL SECURITY",
        "FIXED  REVOKE EXECUTE ON ROUTINE app_functions.drift_fn() FROM PUBLIC",
        "FIXED  REVOKE ALL ON SCHEMA app_frontend FROM api_anon, PUBLIC",
        "FIXED  ALTER TYPE app_data.drift_mood OWNER TO app_owner",
        "FIXED  REVOKE ALL ON TABLE app_secrets.settings FROM api_anon, PUBLIC",
        "FIXED  GRANT EXECUTE ON FUNCTION api.serve_html(text) TO api_anon",
        "FIXED  ALTER VIEW api.drift_view OWNER TO app_owner",
        "FIXED  ALTER VIEW api.drift_view SET (security_invoker = true)",
    ] {
        assert!(fix.stdout.contains(stmt), "missing {stmt}:\n{}", fix.stdout);
    }
    let again = monitor(&cluster, &["--json"]);
    assert!(again.ok(), "{}", again.output());
    let doc: Value = serde_json::from_str(&again.stdout).expect("JSON");
    assert_eq!(doc["ok"], json!(true));
    assert_eq!(
        cluster
            .psql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'app_data.drift_notes'::regclass")
            .expect("owner"),
        "app_owner"
    );
    // The API still works after the repair.
    assert_eq!(page(&cluster).status, 200);
}
