//! A database that cannot be reached is reported as a connection failure
//! (host, port, libpq's reason), never as a failed migration, and nothing
//! changes.

use crate::common::{
    assert_failed_with, data_checksum, deployed_cluster, monitor_with, readme_owner_url,
    row_counts, unused_port,
};
use tests::cluster::BareCluster;

fn backup_count(cluster: &BareCluster) -> usize {
    std::fs::read_dir(cluster.data_dir().join("backups"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn wrong_host_or_port_is_a_connection_failure_and_changes_nothing() {
    let cluster = deployed_cluster();
    let schema = cluster.schema_fingerprint().expect("fingerprint");
    let (counts, data, backups) = (
        row_counts(&cluster),
        data_checksum(&cluster),
        backup_count(&cluster),
    );
    let port = unused_port();
    // Nothing listens on 127.0.0.2 (the cluster is bound to 127.0.0.1 only).
    for (host, port) in [("127.0.0.1", port), ("127.0.0.2", cluster.pg_port)] {
        let url = readme_owner_url(&cluster, host, port);
        let expected = format!(
            "cannot connect with APP_OWNER_URL to PostgreSQL at {host}:{port} as app_owner"
        );
        let libpq =
            format!("connection to server at \"{host}\", port {port} failed: Connection refused");
        let env = [("APP_OWNER_URL", url.as_str())];

        // deploy.sh, with SUPERUSER_URL set (it must not bootstrap instead).
        let run = cluster
            .run("deploy.sh", &["--skip-publish"], &env, &[])
            .expect("deploy.sh");
        assert_failed_with(&run, &expected);
        assert!(run.stderr.contains(&libpq), "{}", run.output());
        assert!(
            run.stderr.contains("nothing was changed"),
            "{}",
            run.output()
        );
        for wrong in ["migration failed", "rolled back", "bootstrap (superuser)"] {
            assert!(!run.stderr.contains(wrong), "{wrong}:\n{}", run.output());
        }
        assert!(!run.stderr.contains(&cluster.app_owner_password));

        // The steps on their own: exit status 3, the same message.
        for step in ["migrate", "status", "apply-api", "create-first-admin"] {
            let run = cluster
                .run("scripts/db.sh", &[step], &env, &[])
                .expect("db.sh");
            assert_eq!(run.code, 3, "db.sh {step}:\n{}", run.output());
            assert!(
                run.stderr.contains(&expected),
                "db.sh {step}:\n{}",
                run.output()
            );
        }

        // convert.sh checks both URLs before its backup and bootstrap.
        let run = cluster
            .run("ops/dev_to_prod/convert.sh", &[], &env, &[])
            .expect("convert.sh");
        assert_failed_with(&run, &expected);
        assert!(!run.stderr.contains("1/6 backup"), "{}", run.output());

        // monitor.sh: the database check needs attention, naming host:port.
        let run = monitor_with(&cluster, &[], &env, &[]);
        assert_eq!(run.code, 1, "{}", run.output());
        assert!(
            run.stdout
                .contains(&format!("cannot connect to {host}:{port} as app_owner")),
            "{}",
            run.output()
        );
    }
    assert_eq!(schema, cluster.schema_fingerprint().expect("fingerprint"));
    assert_eq!(counts, row_counts(&cluster));
    assert_eq!(data, data_checksum(&cluster));
    assert_eq!(backups, backup_count(&cluster), "a backup was taken");
}
