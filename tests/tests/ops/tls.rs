//! deploy.sh and convert.sh against a cluster with TLS on (a self-signed
//! certificate made here): an explicit sslmode is honoured by psql, pg_dump
//! and dbmate alike, and the README's form (no sslmode) uses SSL when the
//! server offers it. Which sessions used SSL is read from the server's own
//! log (`log_connections`): dbmate's sessions are the ones without an
//! application_name.

use crate::common::{assert_failed_with, cluster_secrets, deploy, deploy_ok, readme_owner_url};
use crate::convert::{guide_dev_layout, NO_POSTGREST};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tests::cluster::{psql, BareCluster};

/// A self-signed certificate for 127.0.0.1 (key without passphrase).
fn make_cert(crt: &Path, key: &Path) {
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(key)
        .arg("-out")
        .arg(crt)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Turns on ssl (and log_connections) with a new certificate; returns the
/// certificate, which is also its own root for verify-full.
fn enable_tls(cluster: &BareCluster) -> PathBuf {
    let pgdata = cluster.data_dir().join("pg");
    let (crt, key) = (pgdata.join("server.crt"), pgdata.join("server.key"));
    make_cert(&crt, &key);
    // The server's OS user must own the key, readable by it alone.
    let owner = std::fs::metadata(&pgdata).expect("PGDATA");
    for f in [&crt, &key] {
        std::os::unix::fs::chown(f, Some(owner.uid()), Some(owner.gid())).expect("chown");
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let ca = cluster.data_dir().join("root.crt");
    std::fs::copy(&crt, &ca).expect("root cert");
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}'", crt.display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}'", key.display()),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "ALTER SYSTEM SET log_connections = on".to_string(),
        "SELECT pg_reload_conf()".to_string(),
    ] {
        cluster.psql_superuser("postgres", &sql).expect(&sql);
    }
    let require = format!("{}?sslmode=require", cluster.superuser_url);
    let deadline = Instant::now() + Duration::from_secs(20);
    while psql(
        &require,
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
    .ok()
    .as_deref()
        != Some("t")
    {
        assert!(Instant::now() < deadline, "the server never offered SSL");
        std::thread::sleep(Duration::from_millis(100));
    }
    ca
}

fn server_log(cluster: &BareCluster) -> String {
    String::from_utf8_lossy(
        &std::fs::read(cluster.data_dir().join("logs/postgres.log")).expect("postgres.log"),
    )
    .into_owned()
}

/// The sessions of `users` opened after log offset `from`: (ssl, client),
/// client being the application_name ("" for dbmate).
fn sessions_since(cluster: &BareCluster, from: usize, users: &[&str]) -> Vec<(bool, String)> {
    server_log(cluster)[from..]
        .lines()
        .filter_map(|l| l.split_once("connection authorized: ").map(|(_, r)| r))
        .filter(|r| users.iter().any(|u| r.starts_with(&format!("user={u} "))))
        .map(|r| {
            let client = r
                .split_once("application_name=")
                .map(|(_, a)| a.split_whitespace().next().unwrap_or("").to_string())
                .unwrap_or_default();
            (r.contains("SSL enabled"), client)
        })
        .collect()
}

/// Asserts every session of `users` since `from` used SSL (or none did),
/// and that dbmate's sessions and, if `dumped`, pg_dump's are among them.
fn assert_sessions(
    cluster: &BareCluster,
    from: usize,
    users: &[&str],
    ssl: bool,
    dumped: bool,
    what: &str,
) {
    let sessions = sessions_since(cluster, from, users);
    assert!(!sessions.is_empty(), "{what}: no sessions logged");
    let wrong: Vec<_> = sessions.iter().filter(|(s, _)| *s != ssl).collect();
    assert!(
        wrong.is_empty(),
        "{what}: sessions with ssl != {ssl}: {wrong:?} of {sessions:?}"
    );
    assert!(
        sessions.iter().any(|(_, c)| c.is_empty()),
        "{what}: no dbmate session: {sessions:?}"
    );
    assert!(sessions.iter().any(|(_, c)| c == "psql"), "{what}");
    if dumped {
        assert!(
            sessions.iter().any(|(_, c)| c == "pg_dump"),
            "{what}: no pg_dump session: {sessions:?}"
        );
    }
    println!("{what}: {} sessions, all ssl={ssl}", sessions.len());
}

#[test]
fn deploy_and_convert_honour_sslmode_on_a_tls_cluster() {
    let cluster = BareCluster::start().expect("bare cluster");
    let ca = enable_tls(&cluster);
    let dev_url = guide_dev_layout(&cluster);
    let owner = readme_owner_url(&cluster, "127.0.0.1", cluster.pg_port);

    // The development database converted with sslmode=require everywhere.
    let from = server_log(&cluster).len();
    let require = |url: &str| format!("{url}?sslmode=require");
    let run = cluster
        .run(
            "ops/dev_to_prod/convert.sh",
            &[],
            &[
                ("SUPERUSER_URL", &require(&dev_url)),
                ("APP_OWNER_URL", &require(&owner)),
            ],
            NO_POSTGREST,
        )
        .expect("convert.sh");
    assert!(
        run.ok(),
        "convert.sh with sslmode=require:\n{}",
        run.output()
    );
    assert!(
        run.stderr.contains("conversion complete"),
        "{}",
        run.output()
    );
    assert_sessions(
        &cluster,
        from,
        &["app_owner", "cleaning_user"],
        true,
        true,
        "convert.sh, sslmode=require",
    );
    assert_eq!(
        cluster
            .psql_superuser("cleaning_tracker", "SELECT count(*) FROM app_data.users")
            .expect("users"),
        "4"
    );
    cluster
        .wait_ready(Duration::from_secs(30))
        .expect("PostgREST ready");

    // deploy.sh: require, verify-full against the test's root certificate,
    // and the README's form (prefer: SSL, since the server offers it).
    let verify_full = format!("{owner}?sslmode=verify-full&sslrootcert={}", ca.display());
    for (url, what) in [
        (require(&owner), "deploy.sh, sslmode=require"),
        (verify_full, "deploy.sh, sslmode=verify-full"),
        (owner.clone(), "deploy.sh, no sslmode (README form)"),
    ] {
        let from = server_log(&cluster).len();
        let run = deploy_ok(&cluster, &["--skip-publish"], &[("APP_OWNER_URL", &url)]);
        println!("{what}: {:?}", run.elapsed);
        assert_sessions(&cluster, from, &["app_owner"], true, true, what);
    }

    // An explicit sslmode=disable is honoured as well: no session uses SSL.
    let from = server_log(&cluster).len();
    deploy_ok(
        &cluster,
        &["--skip-publish"],
        &[("APP_OWNER_URL", &format!("{owner}?sslmode=disable"))],
    );
    assert_sessions(
        &cluster,
        from,
        &["app_owner"],
        false,
        true,
        "deploy.sh, sslmode=disable",
    );

    // verify-full against a root the server's certificate does not chain
    // to is a connection failure, reported as one, before any change.
    let other = cluster.data_dir().join("other");
    std::fs::create_dir(&other).expect("dir");
    make_cert(&other.join("root.crt"), &other.join("root.key"));
    let schema = cluster.schema_fingerprint().expect("fingerprint");
    let run = deploy(
        &cluster,
        &["--skip-publish"],
        &[(
            "APP_OWNER_URL",
            &format!(
                "{owner}?sslmode=verify-full&sslrootcert={}",
                other.join("root.crt").display()
            ),
        )],
    );
    assert_failed_with(
        &run,
        &format!(
            "cannot connect with APP_OWNER_URL to PostgreSQL at 127.0.0.1:{} as app_owner",
            cluster.pg_port
        ),
    );
    assert!(
        run.stderr.contains("certificate verify failed"),
        "{}",
        run.output()
    );
    assert!(!run.stderr.contains("migration failed"), "{}", run.output());
    assert_eq!(schema, cluster.schema_fingerprint().expect("fingerprint"));
    let secrets = cluster_secrets(&cluster);
    assert!(!run.stderr.contains(&secrets["APP_OWNER_PASSWORD"]));
}
