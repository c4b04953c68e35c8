//! ops/dev_to_prod/convert.sh (migration 001): the guide's development
//! layout becomes the production one, all or nothing.

use crate::common::{assert_failed_with, assert_stderr_has, data_checksum_sql, deploy_ok, page};
use std::process::Command;
use std::time::Duration;
use tests::cluster::{psql, BareCluster, ScriptRun};
use tests::{project_root, Api};

/// The variables that would make convert.sh wait for PostgREST.
pub(crate) const NO_POSTGREST: &[&str] = &["API_URL", "POSTGREST_ADMIN_URL"];

/// The guide's development server on `cluster`: cleaning_user is the
/// superuser that owns everything, in database cleaning_tracker, with data
/// and the dev PostgREST roles. Returns cleaning_user's URL.
pub(crate) fn guide_dev_layout(cluster: &BareCluster) -> String {
    cluster
        .psql_superuser(
            "postgres",
            "CREATE ROLE cleaning_user SUPERUSER LOGIN PASSWORD 'dev-password'",
        )
        .expect("cleaning_user");
    cluster
        .psql_superuser(
            "postgres",
            "CREATE DATABASE cleaning_tracker OWNER cleaning_user",
        )
        .expect("database");
    let dev_url = format!(
        "postgres://cleaning_user:dev-password@127.0.0.1:{}/cleaning_tracker",
        cluster.pg_port
    );
    let layout = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", &dev_url, "-f"])
        .arg(project_root().join("ops/dev_to_prod/guide_dev_layout.sql"))
        .output()
        .expect("psql");
    // The dev setup's PostgREST roles, with the guide's broad grants.
    psql(
        &dev_url,
        "CREATE ROLE api_user LOGIN PASSWORD 'api_pass'; CREATE ROLE api_anon NOLOGIN;
         GRANT api_anon TO api_user;
         GRANT ALL ON ALL TABLES IN SCHEMA public TO api_user;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO api_anon;",
    )
    .expect("dev roles");
    assert!(
        layout.status.success(),
        "{}",
        String::from_utf8_lossy(&layout.stderr)
    );

    dev_url
}

/// Runs convert.sh from `dev_url` into the cluster, without the variables
/// in `unset`.
fn convert(cluster: &BareCluster, dev_url: &str, unset: &[&str]) -> ScriptRun {
    cluster
        .run(
            "ops/dev_to_prod/convert.sh",
            &[],
            &[("SUPERUSER_URL", dev_url)],
            unset,
        )
        .expect("convert.sh")
}

#[test]
fn migration_001_converts_the_development_layout_without_losing_a_row() {
    let cluster = BareCluster::start().expect("bare cluster");
    let dev_url = guide_dev_layout(&cluster);

    let counts_sql = |prefix: &str, asset: &str| {
        format!(
            "SELECT concat_ws(',', (SELECT count(*) FROM {p}users), (SELECT count(*) FROM {p}tasks),
                    (SELECT count(*) FROM {p}task_assignments), (SELECT count(*) FROM {asset}))",
            p = prefix
        )
    };
    let users_sum = |prefix: &str| {
        format!(
            "SELECT md5(string_agg(concat_ws('|', user_id, username, password_hash), ',' ORDER BY user_id)) FROM {prefix}users"
        )
    };
    let tasks_sum = |prefix: &str| {
        format!("SELECT md5(string_agg(concat_ws('|', task_id, task_name, coalesce(description, '')), ',' ORDER BY task_id)) FROM {prefix}tasks")
    };
    let assignments_sum = |prefix: &str| {
        format!("SELECT md5(string_agg(concat_ws('|', assignment_id, task_id, user_id, assigned_at, completed_at, is_approved), ',' ORDER BY assignment_id)) FROM {prefix}task_assignments")
    };
    // The three checksums, each over one table with the schema `prefix`.
    let sums = |query: &dyn Fn(&str) -> String, prefix: &str| {
        [
            query(&users_sum(prefix)),
            query(&tasks_sum(prefix)),
            query(&assignments_sum(prefix)),
        ]
    };
    let dev = |sql: &str| psql(&dev_url, sql).expect("query on the dev layout");
    let before_counts = dev(&counts_sql("public.", "public.frontend_assets"));
    let before = sums(&dev, "public.");
    let before_assets = dev("SELECT string_agg(asset_name || ':' || encode(sha256(convert_to(content, 'UTF8')), 'hex'), ',' ORDER BY asset_name) FROM public.frontend_assets");
    assert_eq!(before_counts, "4,6,9,3");

    let run = convert(&cluster, &dev_url, NO_POSTGREST);
    assert!(run.ok(), "conversion failed:\n{}", run.output());

    let prod = |sql: &str| cluster.psql(sql).expect("query on the converted database");
    assert_eq!(
        prod(&counts_sql("app_data.", "app_frontend.frontend_assets")),
        before_counts
    );
    assert_eq!(sums(&prod, "app_data."), before);
    assert_eq!(
        prod("SELECT string_agg(asset_name || ':' || sha256, ',' ORDER BY asset_name) FROM app_frontend.frontend_assets"),
        before_assets
    );
    // Everything in the app schemas belongs to app_owner; public is empty.
    for (catalog, namespace, owner) in [
        ("pg_class", "relnamespace", "relowner"),
        ("pg_proc", "pronamespace", "proowner"),
    ] {
        assert_eq!(
            prod(&format!(
                "SELECT count(*) FROM {catalog} o JOIN pg_namespace n ON n.oid = o.{namespace}
                  WHERE n.nspname IN ('app_data', 'app_functions', 'app_frontend', 'api')
                    AND pg_get_userbyid(o.{owner}) <> 'app_owner'"
            )),
            "0",
            "{catalog}"
        );
    }
    assert_eq!(
        dev("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S')"),
        "0"
    );
    // New ids continue after the copied ones.
    assert_eq!(
        prod("SELECT nextval(pg_get_serial_sequence('app_data.users', 'user_id'))"),
        "8"
    );

    // The household signs in with its old passwords through PostgREST, and
    // the old text page is served from bytea.
    cluster
        .wait_ready(Duration::from_secs(30))
        .expect("PostgREST ready");
    let api = Api::new(&cluster.api_url);
    let grandma = api
        .login("grandma", "knitting-2024")
        .expect("old password still works");
    let tasks = grandma.get("/tasks").expect("tasks");
    assert_eq!(tasks.status, 200);
    assert_eq!(tasks.json().as_array().map(Vec::len), Some(6));
    let page = page(&cluster);
    assert!(page.text().contains("Chores ✓"), "{}", page.text());

    // A normal deploy runs on the converted database; a second conversion
    // is a no-op.
    deploy_ok(&cluster, &["--skip-publish"], &[]);
    let again = convert(&cluster, &dev_url, &[]);
    assert!(again.ok(), "{}", again.output());
    assert_stderr_has(&again, "already converted");
}

#[test]
fn migration_001_is_all_or_nothing_when_a_row_does_not_fit() {
    let cluster = BareCluster::start().expect("bare cluster");
    let dev_url = guide_dev_layout(&cluster);
    let users = || {
        cluster
            .psql("SELECT count(*) FROM app_data.users")
            .expect("count")
    };
    // A username the production rules reject (3-32 letters, digits, . _ -).
    psql(
        &dev_url,
        "UPDATE users SET username = 'Grand Ma' WHERE user_id = 7",
    )
    .expect("bad row");
    let sum = data_checksum_sql("", "");
    let before = psql(&dev_url, &sum).expect("checksum");

    let failed = convert(&cluster, &dev_url, NO_POSTGREST);
    assert_failed_with(&failed, "users_username_format");
    assert_stderr_has(&failed, "development tables are untouched");
    assert_eq!(psql(&dev_url, &sum).expect("checksum"), before);
    assert_eq!(users(), "0");

    // Fixed by hand, the same command completes.
    psql(
        &dev_url,
        "UPDATE users SET username = 'grandma' WHERE user_id = 7",
    )
    .expect("fix row");
    let run = convert(&cluster, &dev_url, NO_POSTGREST);
    assert!(run.ok(), "{}", run.output());
    assert_eq!(users(), "4");
}
