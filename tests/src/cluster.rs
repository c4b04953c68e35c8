//! A bare server pair for the ops tests: PostgreSQL 15 and PostgREST started
//! by `scripts/stack.sh` with `CTT_BOOTSTRAP=0`, i.e. no roles, no database,
//! no schemas, as `deploy.sh` finds a new server. PostgREST is kept
//! restarting until the bootstrap lets `api_user` log in. The same watchdog
//! as [`crate::Stack`] stops both when the test process exits.

use crate::project_root;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// A cluster + PostgREST with nothing deployed yet.
pub struct BareCluster {
    pub pg_port: u16,
    pub api_port: u16,
    pub admin_port: u16,
    pub api_url: String,
    pub admin_url: String,
    /// Superuser, `postgres` database.
    pub superuser_url: String,
    /// app_owner in the app database (works once bootstrapped).
    pub app_owner_url: String,
    pub app_owner_password: String,
    pub api_user_password: String,
    pub jwt_secret: String,
    data_dir: tempfile::TempDir,
}

impl BareCluster {
    pub fn start() -> Result<BareCluster> {
        let data_dir = tempfile::Builder::new()
            .prefix("ctt-ops-")
            .tempdir()
            .context("creating the cluster's data directory")?;
        std::fs::set_permissions(data_dir.path(), std::fs::Permissions::from_mode(0o755))?;
        let mut cluster = BareCluster {
            pg_port: free_port()?,
            api_port: free_port()?,
            admin_port: free_port()?,
            api_url: String::new(),
            admin_url: String::new(),
            superuser_url: String::new(),
            app_owner_url: String::new(),
            app_owner_password: String::new(),
            api_user_password: String::new(),
            jwt_secret: String::new(),
            data_dir,
        };
        let out = cluster.stack("up")?;
        if !out.status.success() {
            bail!(
                "stack.sh up (bare) failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let env = cluster.read_env()?;
        let secrets = read_assignments(&std::fs::read_to_string(
            cluster.data_dir.path().join("secrets.env"),
        )?);
        cluster.api_url = format!("http://127.0.0.1:{}", cluster.api_port);
        cluster.admin_url = format!("http://127.0.0.1:{}", cluster.admin_port);
        cluster.superuser_url = env["SUPERUSER_URL"].clone();
        cluster.app_owner_url = env["APP_OWNER_URL"].clone();
        cluster.jwt_secret = env["JWT_SECRET"].clone();
        cluster.app_owner_password = secrets["APP_OWNER_PASSWORD"].clone();
        cluster.api_user_password = secrets["API_USER_PASSWORD"].clone();
        Ok(cluster)
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    fn stack(&self, action: &str) -> Result<Output> {
        Command::new(project_root().join("scripts/stack.sh"))
            .arg(action)
            .env("CTT_DATA_DIR", self.data_dir.path())
            .env("CTT_PG_PORT", self.pg_port.to_string())
            .env("CTT_API_PORT", self.api_port.to_string())
            .env("CTT_ADMIN_PORT", self.admin_port.to_string())
            .env("CTT_BOOTSTRAP", "0")
            .env("CTT_SEED", "0")
            .env("CTT_PUBLISH", "0")
            .env("CTT_OWNER_PID", std::process::id().to_string())
            .env("CTT_REMOVE_DATA_ON_EXIT", "1")
            .output()
            .with_context(|| format!("running scripts/stack.sh {action}"))
    }

    fn read_env(&self) -> Result<HashMap<String, String>> {
        let out = self.stack("env")?;
        if !out.status.success() {
            bail!(
                "stack.sh env failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(read_assignments(&String::from_utf8(out.stdout)?))
    }

    /// The superuser in another database of this cluster.
    pub fn superuser_url_for(&self, db: &str) -> String {
        url_with_database(&self.superuser_url, db)
    }

    /// The environment deploy.sh / monitor.sh need for this cluster.
    pub fn deploy_env(&self) -> Vec<(String, String)> {
        [
            ("APP_OWNER_URL", self.app_owner_url.as_str()),
            ("SUPERUSER_URL", self.superuser_url.as_str()),
            ("APP_OWNER_PASSWORD", self.app_owner_password.as_str()),
            ("API_USER_PASSWORD", self.api_user_password.as_str()),
            ("JWT_SECRET", self.jwt_secret.as_str()),
            ("API_URL", self.api_url.as_str()),
            ("POSTGREST_ADMIN_URL", self.admin_url.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .chain([(
            "BACKUP_DIR".to_string(),
            self.data_dir.path().join("backups").display().to_string(),
        )])
        .collect()
    }

    /// Runs a project script (path relative to the checkout) with
    /// [`Self::deploy_env`] plus `extra`; variables named in `unset` are
    /// removed from the environment.
    pub fn run(
        &self,
        script: &str,
        args: &[&str],
        extra: &[(&str, &str)],
        unset: &[&str],
    ) -> Result<ScriptRun> {
        let mut cmd = Command::new(project_root().join(script));
        cmd.args(args)
            .current_dir(self.data_dir.path())
            .envs(self.deploy_env());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        for k in unset {
            cmd.env_remove(k);
        }
        let started = Instant::now();
        let out = cmd.output().with_context(|| format!("running {script}"))?;
        Ok(ScriptRun {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed: started.elapsed(),
        })
    }

    pub fn psql(&self, sql: &str) -> Result<String> {
        psql(&self.app_owner_url, sql)
    }

    pub fn psql_superuser(&self, db: &str, sql: &str) -> Result<String> {
        psql(&self.superuser_url_for(db), sql)
    }

    /// Polls PostgREST's /ready (it restarts until api_user can log in).
    pub fn wait_ready(&self, timeout: Duration) -> Result<()> {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(resp) = client.get(format!("{}/ready", self.admin_url)).send() {
                if resp.status().is_success() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("PostgREST not ready after {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `pg_dump --schema-only` of the app schemas (owners and grants
    /// included), without the lines that differ between two dumps of the
    /// same schema.
    pub fn schema_fingerprint(&self) -> Result<String> {
        let out = Command::new("pg_dump")
            .args(["--schema-only", "-n", "app_data", "-n", "app_functions"])
            .args(["-n", "app_frontend", "-n", "api"])
            .arg(self.superuser_url_for("cleaning_tracker"))
            .output()
            .context("running pg_dump")?;
        if !out.status.success() {
            bail!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8(out.stdout)?
            .lines()
            .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
            .filter(|l| !l.starts_with("-- Dumped"))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}

impl Drop for BareCluster {
    fn drop(&mut self) {
        let _ = self.stack("down");
    }
}

/// The outcome of one script run.
#[derive(Debug)]
pub struct ScriptRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl ScriptRun {
    pub fn ok(&self) -> bool {
        self.code == 0
    }
    pub fn output(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn read_assignments(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

/// Replaces the database (path) of a `postgres://` URL.
pub fn url_with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

pub fn psql(url: &str, sql: &str) -> Result<String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .output()
        .context("running psql")?;
    if !out.status.success() {
        bail!("psql failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

/// A copy of db/migrations in a temp dir, to add migrations to.
pub fn migrations_copy() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("ctt-migrations-")
        .tempdir()?;
    for entry in std::fs::read_dir(project_root().join("db/migrations"))? {
        let entry = entry?;
        std::fs::copy(entry.path(), dir.path().join(entry.file_name()))?;
    }
    let path = dir.path().to_path_buf();
    Ok((dir, path))
}
