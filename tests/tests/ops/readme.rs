//! The README's commands for deploying onto a new server, monitoring and
//! converting the development setup, run as written: only hosts, ports and
//! secrets are substituted. Its URLs carry no sslmode, and these clusters
//! have no SSL (libpq's default, prefer, connects without it; dbmate alone
//! would insist on SSL).

use crate::common::{cluster_secrets, fixtures, uploader_bin};
use crate::convert::guide_dev_layout;
use std::path::Path;
use std::process::Command;
use tests::cluster::{psql, BareCluster, ScriptRun};
use tests::{project_root, Api};

/// The `sh` code block under the README heading `heading` that contains
/// `needle`.
fn readme_block(heading: &str, needle: &str) -> String {
    let readme = std::fs::read_to_string(project_root().join("README.md")).expect("README.md");
    let start = readme
        .lines()
        .position(|l| l.trim_start_matches('#').trim() == heading && l.starts_with('#'))
        .unwrap_or_else(|| panic!("README has no heading {heading:?}"));
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in readme.lines().skip(start + 1) {
        if current.is_none() && line.starts_with("## ") {
            break;
        }
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(block), "```") => {
                blocks.push(block.join("\n"));
                current = None;
            }
            (Some(block), _) => block.push(line),
            (None, _) => {}
        }
    }
    blocks
        .into_iter()
        .find(|b| b.contains(needle))
        .unwrap_or_else(|| panic!("no sh block with {needle:?} under {heading:?}"))
}

/// `block` with the README's hosts and ports replaced by the cluster's, and
/// each `(placeholder, value)` of `secrets` substituted.
fn substitute(block: &str, cluster: &BareCluster, secrets: &[(&str, &str)]) -> String {
    let pg = format!("127.0.0.1:{}", cluster.pg_port);
    let mut s = block
        .replace("db.example.org:5432", &pg)
        .replace("127.0.0.1:5432", &pg)
        .replace("127.0.0.1:3000", &format!("127.0.0.1:{}", cluster.api_port))
        .replace(
            "127.0.0.1:3001",
            &format!("127.0.0.1:{}", cluster.admin_port),
        );
    for (placeholder, value) in secrets {
        s = s.replace(placeholder, value);
    }
    s
}

/// A directory that looks like the checkout to the scripts (a symlink per
/// top-level entry), so relative paths in the README (`./deploy.sh`,
/// `./backups`, `dist/`, `target/release/uploader`) resolve inside it and
/// nothing is written into the real checkout. `dist` is the given build.
fn checkout_view(dist: Option<&str>) -> tempfile::TempDir {
    let view = tempfile::Builder::new()
        .prefix("ctt-readme-")
        .tempdir()
        .expect("temp dir");
    let skip = [
        ".git",
        "target",
        "dist",
        "backups",
        ".data",
        "test-artifacts",
    ];
    for entry in std::fs::read_dir(project_root()).expect("checkout") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), view.path().join(&name)).expect("symlink");
    }
    if let Some(dist) = dist {
        std::os::unix::fs::symlink(dist, view.path().join("dist")).expect("dist");
        let release = view.path().join("target/release");
        std::fs::create_dir_all(&release).expect("target/release");
        std::os::unix::fs::symlink(uploader_bin(), release.join("uploader")).expect("uploader");
    }
    view
}

/// Runs `script` with `bash -e` in `dir`, in an environment holding only
/// PATH and HOME: everything else comes from the README's commands.
fn run_block(dir: &Path, script: &str) -> ScriptRun {
    let started = std::time::Instant::now();
    let out = Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "HOME",
            std::env::var("HOME").unwrap_or_else(|_| "/root".into()),
        )
        .output()
        .expect("bash");
    ScriptRun {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

#[test]
fn readme_deploy_and_monitor_commands_work_as_written() {
    let cluster = BareCluster::start().expect("bare cluster");
    let secrets = cluster_secrets(&cluster);
    let fx = fixtures("readme-release");
    let view = checkout_view(Some(&fx.dist));
    let admin_password = "Readme-Admin-Pass-4412";
    let values = [
        ("SUPERUSER_SECRET", secrets["POSTGRES_PASSWORD"].as_str()),
        ("APP_OWNER_SECRET", cluster.app_owner_password.as_str()),
        ("API_USER_SECRET", cluster.api_user_password.as_str()),
        ("JWT_SECRET_VALUE", cluster.jwt_secret.as_str()),
        ("FIRST_ADMIN_SECRET", admin_password),
    ];

    // The build block is what the test harness has done already; the
    // deploy block runs as written, onto the empty server.
    let build = readme_block("Deploying to production", "scripts/build-frontend.sh");
    assert!(
        build.contains("cargo build -p uploader --release"),
        "{build}"
    );
    let block = readme_block("Deploying to production", "FIRST_ADMIN_USERNAME");
    assert!(!block.contains("sslmode"), "{block}");
    for (placeholder, _) in &values {
        assert!(
            block.contains(placeholder),
            "{placeholder} is not in:\n{block}"
        );
    }
    let run = run_block(view.path(), &substitute(&block, &cluster, &values));
    assert!(run.ok(), "README deploy block:\n{}", run.output());
    println!("README deploy onto an empty server: {:?}", run.elapsed);
    for needle in [
        "bootstrap (superuser)",
        "migrations (dbmate, as app_owner",
        "created the first household admin admin",
        "deploy complete",
    ] {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.output());
    }
    assert!(run.stdout.contains("verified 2 assets"), "{}", run.output());
    let page = Api::new(&cluster.api_url)
        .get("/rpc/serve_html")
        .expect("page");
    assert!(page.text().contains("readme-release"), "{}", page.text());
    let admin = Api::new(&cluster.api_url)
        .login("admin", admin_password)
        .expect("the first admin signs in");
    assert_eq!(admin.get("/rpc/me").expect("me").json()["is_admin"], true);

    // The monitoring commands, in order, each exits 0 on a healthy site.
    let block = readme_block("Monitoring", "./monitor.sh --fix");
    let run = run_block(view.path(), &substitute(&block, &cluster, &values));
    assert!(run.ok(), "README monitoring block:\n{}", run.output());
    assert!(
        run.stdout.contains("OK               ownership"),
        "{}",
        run.output()
    );
    assert!(run.stdout.contains("\"ok\": true"), "{}", run.output());
    assert_eq!(
        run.stdout.matches("summary: all").count(),
        3,
        "{}",
        run.output()
    );
    assert!(
        run.stderr.contains("no ownership or grant drift to repair"),
        "{}",
        run.output()
    );

    // Again with the same block: an installed site, the admin exists.
    let block = readme_block("Deploying to production", "FIRST_ADMIN_USERNAME");
    let again = run_block(view.path(), &substitute(&block, &cluster, &values));
    assert!(again.ok(), "{}", again.output());
    assert!(
        again.stderr.contains("bootstrap not needed"),
        "{}",
        again.output()
    );
    assert!(
        again.stderr.contains("already has an active admin"),
        "{}",
        again.output()
    );
    assert!(
        view.path().join("backups").is_dir(),
        "no ./backups in the view"
    );
}

#[test]
fn readme_conversion_commands_work_as_written() {
    let cluster = BareCluster::start().expect("bare cluster");
    let dev_url = guide_dev_layout(&cluster);
    let view = checkout_view(None);
    let block = readme_block(
        "Migrating from the development setup",
        "ops/dev_to_prod/convert.sh",
    );
    assert!(!block.contains("sslmode"), "{block}");
    let script = substitute(&block, &cluster, &[("DEV_PASSWORD", "dev-password")]);
    let run = run_block(view.path(), &script);
    assert!(run.ok(), "README conversion block:\n{}", run.output());
    println!("README conversion: {:?}", run.elapsed);
    assert!(
        run.stderr.contains("conversion complete"),
        "{}",
        run.output()
    );
    // Every row arrived; the old tables are gone; the backup is in ./backups.
    assert_eq!(
        cluster
            .psql_superuser(
                "cleaning_tracker",
                "SELECT concat_ws(',', (SELECT count(*) FROM app_data.users), (SELECT count(*) FROM app_data.tasks),
                        (SELECT count(*) FROM app_data.task_assignments), (SELECT count(*) FROM app_frontend.frontend_assets))"
            )
            .expect("counts"),
        "4,6,9,3"
    );
    assert_eq!(
        psql(&dev_url, "SELECT to_regclass('public.users') IS NULL").expect("old tables"),
        "t"
    );
    let backups: Vec<_> = std::fs::read_dir(view.path().join("backups"))
        .expect("./backups")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        backups.len() == 1 && backups[0].starts_with("cleaning_tracker-before-conversion-"),
        "{backups:?}"
    );
}
