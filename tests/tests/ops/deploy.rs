//! deploy.sh from an empty server, again and again, under load, and what it
//! refuses.

use crate::common::{
    assert_failed_with, assert_stderr_has, deploy, deploy_ok, deployed_cluster, fixtures, member,
    migrations_with, monitor, page, row_counts, uploader_bin, ROOMS_MIGRATION, ROW_COUNTS,
};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tests::cluster::BareCluster;
use tests::Api;

/// The backups in the cluster's backup directory.
fn backups(cluster: &BareCluster) -> Vec<PathBuf> {
    std::fs::read_dir(cluster.data_dir().join("backups"))
        .expect("backup dir")
        .map(|e| e.expect("entry").path())
        .collect()
}

/// An idle session holding the deploy lock (psql reading SQL from a pipe);
/// returns once the lock is granted. Closing its stdin releases the lock.
fn hold_deploy_lock(cluster: &BareCluster) -> Child {
    let mut holder = Command::new("psql")
        .args(["-X", "-q", &cluster.app_owner_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("psql holding the lock");
    {
        use std::io::Write;
        let stdin = holder.stdin.as_mut().expect("psql stdin");
        writeln!(
            stdin,
            "SELECT pg_advisory_lock(hashtext('cleaning-tracker deploy')::bigint);"
        )
        .expect("writing to psql");
        stdin.flush().expect("flush");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while cluster
        .psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
        .expect("locks")
        == "0"
    {
        assert!(
            Instant::now() < deadline,
            "the lock holder never got the lock"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    holder
}

#[test]
fn deploy_from_empty_then_again_is_idempotent() {
    let cluster = BareCluster::start().expect("bare cluster");
    let first = deploy_ok(&cluster, &["--skip-publish"], &[]);
    assert_stderr_has(&first, "bootstrap (superuser)");
    assert!(first
        .stderr
        .contains("backup skipped: the database was just created"));
    // No FIRST_ADMIN_*: the deploy completes and says how to create the admin.
    assert_stderr_has(&first, "this database has NO household admin yet");
    assert_stderr_has(
        &first,
        "warning: the household has no admin yet. Create one: FIRST_ADMIN_USERNAME=",
    );
    println!("deploy from empty: {:?}", first.elapsed);

    let page = page(&cluster);
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/html"));

    let schema = cluster.schema_fingerprint().expect("fingerprint");
    let counts = row_counts(&cluster);
    let keep = [("BACKUP_KEEP", "2")];
    for round in 0..3 {
        let again = deploy_ok(&cluster, &["--skip-publish"], &keep);
        assert_stderr_has(&again, "bootstrap not needed");
        println!("redeploy {round}: {:?}", again.elapsed);
    }
    assert_eq!(
        schema,
        cluster.schema_fingerprint().expect("fingerprint"),
        "a second deploy changed the schema"
    );
    assert_eq!(counts, row_counts(&cluster));

    // Three backups were taken, two kept, all restorable archives.
    let backups = backups(&cluster);
    assert_eq!(backups.len(), 2, "{backups:?}");
    for b in &backups {
        let list = Command::new("pg_restore")
            .arg("--list")
            .arg(b)
            .output()
            .expect("pg_restore");
        assert!(list.status.success(), "{b:?} is not a pg_dump archive");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(b).expect("backup metadata").permissions(),
        );
        assert_eq!(mode & 0o077, 0, "{b:?} is readable by others: {mode:o}");
    }
    // Restore drill: the newest backup restores into an empty database
    // with the same schema and rows.
    let newest = backups.iter().max().expect("a backup");
    cluster
        .psql_superuser("postgres", "CREATE DATABASE restore_drill")
        .expect("restore database");
    let restore = Command::new("pg_restore")
        .args(["--exit-on-error", "-d"])
        .arg(cluster.superuser_url_for("restore_drill"))
        .arg(newest)
        .output()
        .expect("pg_restore");
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert_eq!(
        cluster
            .psql_superuser("restore_drill", ROW_COUNTS)
            .expect("restored counts"),
        counts
    );

    let monitor = monitor(&cluster, &[]);
    assert!(monitor.ok(), "{}", monitor.output());

    // A JWT_SECRET that PostgREST does not share is refused before anything
    // changes (storing it would make every new login token invalid).
    let wrong = deploy(
        &cluster,
        &["--skip-publish"],
        &[("JWT_SECRET", "a-different-secret-that-is-long-enough-0123")],
    );
    assert_failed_with(&wrong, "rejects tokens signed with JWT_SECRET");
    assert_eq!(
        cluster
            .psql("SELECT value FROM app_secrets.settings WHERE name = 'jwt_secret'")
            .expect("settings"),
        cluster.jwt_secret
    );

    // One deploy at a time: while another session holds the deploy lock,
    // deploy.sh refuses to start.
    let mut holder = hold_deploy_lock(&cluster);
    let blocked = deploy(&cluster, &["--skip-publish"], &[]);
    drop(holder.stdin.take()); // psql ends its session: the lock is released
    let _ = holder.wait();
    assert_failed_with(&blocked, "another deploy.sh is running");
    deploy_ok(&cluster, &["--skip-publish"], &[]);

    // The first admin from the environment: a refused password stops the
    // deploy with the database's reason and creates nobody; a good one
    // creates the admin (who signs in); later values are ignored.
    let users = || {
        cluster
            .psql("SELECT string_agg(username || ':' || is_admin, ',' ORDER BY user_id) FROM app_data.users")
            .expect("users")
    };
    let weak = deploy(
        &cluster,
        &["--skip-publish"],
        &[
            ("FIRST_ADMIN_USERNAME", "boss"),
            ("FIRST_ADMIN_PASSWORD", "password"),
        ],
    );
    assert_failed_with(
        &weak,
        "could not create the first admin 'boss': Password is too common",
    );
    assert_eq!(users(), "");
    let created = deploy_ok(
        &cluster,
        &["--skip-publish"],
        &[
            ("FIRST_ADMIN_USERNAME", "boss"),
            ("FIRST_ADMIN_PASSWORD", "Tr1cky-Horse-42"),
            ("SMOKE_USER", "boss"),
            ("SMOKE_PASSWORD", "Tr1cky-Horse-42"),
        ],
    );
    assert_stderr_has(&created, "created the first household admin boss");
    assert_stderr_has(&created, "login as boss and GET /rpc/me: 200");
    assert!(
        !created.stderr.contains("no admin yet"),
        "{}",
        created.output()
    );
    let ignored = deploy_ok(
        &cluster,
        &["--skip-publish"],
        &[
            ("FIRST_ADMIN_USERNAME", "second"),
            ("FIRST_ADMIN_PASSWORD", "Other-Horse-43"),
        ],
    );
    assert_stderr_has(&ignored, "already has an active admin");
    assert_eq!(users(), "boss:true");
}

#[test]
fn zero_downtime_during_a_deploy_that_migrates_and_publishes() {
    let cluster = deployed_cluster();
    let alice = member(&cluster);
    let fx = fixtures("release-2");
    let (_keep, dir_s) = migrations_with("29991231000001_rooms.sql", ROOMS_MIGRATION);

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut clients = Vec::new();
    for (name, api, path) in [
        ("page", Api::new(&cluster.api_url), "/rpc/serve_html"),
        ("tasks", alice.clone(), "/tasks"),
        ("me", alice.clone(), "/rpc/me"),
        ("login", Api::new(&cluster.api_url), "login"),
    ] {
        let stop = stop.clone();
        clients.push(std::thread::spawn(move || {
            let (mut ok, mut failed) = (0u32, Vec::new());
            while !stop.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(20) {
                let reply = if path == "login" {
                    api.rpc(
                        "login",
                        &json!({"p_username": "alice", "p_password": "correct-horse"}),
                    )
                } else {
                    api.get(path)
                };
                match reply {
                    Ok(r) if r.status == 200 => ok += 1,
                    Ok(r) => failed.push(format!("{name}: {} {}", r.status, r.text())),
                    Err(e) => failed.push(format!("{name}: {e:#}")),
                }
            }
            (name, ok, failed)
        }));
    }
    // Let the clients run against the old release first.
    std::thread::sleep(Duration::from_millis(300));
    let uploader = uploader_bin();
    println!("publishing with {uploader}");
    let run = deploy(
        &cluster,
        &[],
        &[
            ("MIGRATIONS_DIR", &dir_s),
            ("UPLOADER_BIN", &uploader),
            ("DIST_DIR", &fx.dist),
        ],
    );
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    let mut total_failed = Vec::new();
    for c in clients {
        let (name, ok, failed) = c.join().expect("client thread");
        println!("{name}: {ok} ok, {} failed", failed.len());
        assert!(ok > 0, "{name} made no successful request");
        total_failed.extend(failed);
    }
    assert!(run.ok(), "deploy failed:\n{}", run.output());
    println!("deploy with migration + publish took {:?}", run.elapsed);
    assert!(
        total_failed.is_empty(),
        "{} failed requests during deploy, e.g. {:?}",
        total_failed.len(),
        &total_failed[..total_failed.len().min(5)]
    );
    assert!(run.stdout.contains("verified 2 assets"), "{}", run.output());
    let page = page(&cluster);
    assert!(page.text().contains("release-2"), "{}", page.text());
    assert_eq!(alice.get("/rooms").expect("rooms").status, 200);
}
