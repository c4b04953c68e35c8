//! A bare server pair for the ops tests: PostgreSQL 15 and PostgREST started
//! by `scripts/stack.sh` with `CTT_BOOTSTRAP=0`, i.e. no roles, no database,
//! no schemas, as `deploy.sh` finds a new server. PostgREST is kept
//! restarting until the bootstrap lets `api_user` log in. The same watchdog
//! as [`crate::Stack`] stops both when the test process exits.

use crate::project_root;
use crate::servers::{psql_output, read_assignments, Servers, StackEnv};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub use crate::servers::url_with_database;

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
    servers: Servers,
}

impl BareCluster {
    pub fn start() -> Result<BareCluster> {
        let options = vec![
            ("CTT_BOOTSTRAP", "0"),
            ("CTT_SEED", "0"),
            ("CTT_PUBLISH", "0"),
        ];
        let (servers, env) = Servers::up("ctt-ops-", "bare", options)?;
        let StackEnv {
            app_owner_url,
            superuser_url,
            jwt_secret,
        } = env;
        let secrets = read_assignments(&std::fs::read_to_string(
            servers.data_dir().join("secrets.env"),
        )?);
        Ok(BareCluster {
            pg_port: servers.pg_port,
            api_port: servers.api_port,
            admin_port: servers.admin_port,
            api_url: servers.api_url(),
            admin_url: servers.admin_url(),
            superuser_url,
            app_owner_url,
            app_owner_password: secrets["APP_OWNER_PASSWORD"].clone(),
            api_user_password: secrets["API_USER_PASSWORD"].clone(),
            jwt_secret,
            servers,
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.servers.data_dir()
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
            self.data_dir().join("backups").display().to_string(),
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
            .current_dir(self.data_dir())
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

/// Runs SQL with psql; returns its output without surrounding white space.
pub fn psql(url: &str, sql: &str) -> Result<String> {
    Ok(psql_output(url, sql)?.trim().to_string())
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
