//! No password or secret on any command line while deploy.sh runs: every
//! process's arguments (what `ps -eo args` shows to every user) are sampled
//! throughout a first deploy (bootstrap, first admin, publish), a redeploy
//! (pg_dump backup, a real sign-in) and a `monitor.sh --fix`.

use crate::common::{cluster_secrets, deploy_ok, fixtures, monitor_with, uploader_bin};
use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tests::cluster::BareCluster;

/// Collects the command line of every process, as often as it can: from
/// /proc/PID/cmdline (what ps reads) in a tight loop, and `ps -eo args`
/// itself every tenth round.
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<(BTreeSet<String>, u32)>,
}

impl Sampler {
    fn start() -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut seen, mut rounds) = (BTreeSet::new(), 0u32);
            while !flag.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                    let name = entry.file_name();
                    if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    if let Ok(raw) = std::fs::read(entry.path().join("cmdline")) {
                        let line = String::from_utf8_lossy(&raw).replace('\0', " ");
                        if !line.trim().is_empty() {
                            seen.insert(line.trim().to_string());
                        }
                    }
                }
                if rounds % 10 == 0 {
                    if let Ok(out) = Command::new("ps").args(["-eo", "args"]).output() {
                        for line in String::from_utf8_lossy(&out.stdout).lines() {
                            seen.insert(line.trim().to_string());
                        }
                    }
                }
                rounds += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            (seen, rounds)
        });
        Sampler { stop, thread }
    }

    fn finish(self) -> (BTreeSet<String>, u32) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("sampler thread")
    }
}

/// Percent-encodes everything but letters and digits (as a URL's userinfo).
fn pct_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn no_password_or_secret_on_any_command_line_during_deploy() {
    let cluster = BareCluster::start().expect("bare cluster");
    let secrets = cluster_secrets(&cluster);
    let fx = fixtures("secret-check");
    let uploader = uploader_bin();
    // app_owner's password is the deploy's to choose (PostgREST logs in as
    // api_user): one with the characters URLs must percent-encode, which
    // psql, pg_dump and dbmate must all decode the same way.
    let owner_password = "Own3r pass@/:?&=+%#x9";
    let owner_url = format!(
        "postgres://app_owner:{}@127.0.0.1:{}/cleaning_tracker",
        pct_encode(owner_password),
        cluster.pg_port
    );
    let admin_password = "Sampled-Admin-Pass-5531";
    let env = [
        ("APP_OWNER_URL", owner_url.as_str()),
        ("APP_OWNER_PASSWORD", owner_password),
        ("FIRST_ADMIN_USERNAME", "sampled"),
        ("FIRST_ADMIN_PASSWORD", admin_password),
        ("SMOKE_USER", "sampled"),
        ("SMOKE_PASSWORD", admin_password),
        ("UPLOADER_BIN", uploader.as_str()),
        ("DIST_DIR", fx.dist.as_str()),
    ];

    let sampler = Sampler::start();
    let first = deploy_ok(&cluster, &[], &env);
    let again = deploy_ok(&cluster, &[], &env);
    let fix = monitor_with(&cluster, &["--fix"], &[("APP_OWNER_URL", &owner_url)], &[]);
    let (seen, rounds) = sampler.finish();
    assert!(fix.ok(), "{}", fix.output());
    assert!(
        first
            .stderr
            .contains("created the first household admin sampled"),
        "{}",
        first.output()
    );
    assert!(
        again
            .stderr
            .contains("login as sampled and GET /rpc/me: 200"),
        "{}",
        again.output()
    );
    assert!(again.stderr.contains("backup: "), "{}", again.output());

    let forbidden = [
        (
            "the superuser's password",
            secrets["POSTGRES_PASSWORD"].clone(),
        ),
        ("app_owner's password", owner_password.to_string()),
        ("app_owner's password, encoded", pct_encode(owner_password)),
        ("api_user's password", cluster.api_user_password.clone()),
        ("the JWT secret", cluster.jwt_secret.clone()),
        ("the first admin's password", admin_password.to_string()),
    ];
    let mut leaks = Vec::new();
    for line in &seen {
        for (what, secret) in &forbidden {
            if line.contains(secret.as_str()) {
                leaks.push(format!("{what} in: {line}"));
            }
        }
    }
    // The sampling saw the deploy's tools at work (else it proves nothing).
    let ran = |tool: &str| seen.iter().filter(|l| l.contains(tool)).count();
    println!(
        "{rounds} sampling rounds, {} distinct command lines; psql {}, dbmate {}, pg_dump {}, uploader {}, curl {}",
        seen.len(),
        ran("psql"),
        ran("dbmate"),
        ran("pg_dump"),
        ran("uploader"),
        ran("curl")
    );
    assert!(
        leaks.is_empty(),
        "secrets on command lines:\n{}",
        leaks.join("\n")
    );
    for tool in ["psql --dbname=postgres://", "dbmate", "curl"] {
        assert!(ran(tool) > 0, "the sampler never saw {tool}");
    }
}
