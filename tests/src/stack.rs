use crate::Api;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The checkout this test crate belongs to.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent directory")
        .to_path_buf()
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// A running cluster + PostgREST. Dropping it stops both.
pub struct Stack {
    pub api_url: String,
    pub pg_port: u16,
    pub api_port: u16,
    pub admin_port: u16,
    /// `postgres://app_owner:...@127.0.0.1:PORT/cleaning_tracker`
    pub app_owner_url: String,
    /// `postgres://postgres:...@127.0.0.1:PORT/postgres`
    pub superuser_url: String,
    pub jwt_secret: String,
    data_dir: tempfile::TempDir,
}

impl Stack {
    /// The stack shared by every test of this test binary (seeded).
    pub fn shared() -> &'static Stack {
        static SHARED: OnceLock<Stack> = OnceLock::new();
        SHARED.get_or_init(|| Stack::start().expect("starting the test stack"))
    }

    /// A fresh stack with the sample household loaded.
    pub fn start() -> Result<Stack> {
        Self::start_with(true)
    }

    pub fn start_with(seed: bool) -> Result<Stack> {
        let data_dir = tempfile::Builder::new()
            .prefix("ctt-test-")
            .tempdir()
            .context("creating the test data directory")?;
        // The cluster runs as the postgres OS user, which must traverse it.
        std::fs::set_permissions(data_dir.path(), std::fs::Permissions::from_mode(0o755))?;
        let stack = Stack {
            api_url: String::new(),
            pg_port: free_port()?,
            api_port: free_port()?,
            admin_port: free_port()?,
            app_owner_url: String::new(),
            superuser_url: String::new(),
            jwt_secret: String::new(),
            data_dir,
        };
        let mut stack = stack;
        let out = stack.stack_command("up", seed)?;
        if !out.status.success() {
            bail!(
                "stack.sh up failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let env = stack.read_env()?;
        stack.api_url = format!("http://127.0.0.1:{}", stack.api_port);
        stack.app_owner_url = env["APP_OWNER_URL"].clone();
        stack.superuser_url = env["SUPERUSER_URL"].clone();
        stack.jwt_secret = env["JWT_SECRET"].clone();
        Ok(stack)
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The `CTT_*` environment that makes the project's scripts address this
    /// stack.
    pub fn script_env(&self) -> Vec<(String, String)> {
        vec![
            (
                "CTT_DATA_DIR".into(),
                self.data_dir.path().display().to_string(),
            ),
            ("CTT_PG_PORT".into(), self.pg_port.to_string()),
            ("CTT_API_PORT".into(), self.api_port.to_string()),
            ("CTT_ADMIN_PORT".into(), self.admin_port.to_string()),
        ]
    }

    fn stack_command(&self, action: &str, seed: bool) -> Result<Output> {
        Command::new(project_root().join("scripts/stack.sh"))
            .arg(action)
            .envs(self.script_env())
            .env("CTT_SEED", if seed { "1" } else { "0" })
            .env("CTT_OWNER_PID", std::process::id().to_string())
            .env("CTT_REMOVE_DATA_ON_EXIT", "1")
            .output()
            .with_context(|| format!("running scripts/stack.sh {action}"))
    }

    fn read_env(&self) -> Result<HashMap<String, String>> {
        let out = self.stack_command("env", false)?;
        if !out.status.success() {
            bail!(
                "stack.sh env failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
            .collect())
    }

    /// Runs SQL as app_owner; returns psql's unaligned, tuples-only output.
    pub fn psql(&self, sql: &str) -> Result<String> {
        psql(&self.app_owner_url, sql)
    }

    /// Runs SQL as the cluster's superuser, in the app database.
    pub fn psql_superuser(&self, sql: &str) -> Result<String> {
        psql(&self.superuser_app_url(), sql)
    }

    /// The superuser URL pointed at the app database instead of `postgres`.
    pub fn superuser_app_url(&self) -> String {
        let base = self
            .superuser_url
            .strip_suffix("/postgres")
            .unwrap_or(&self.superuser_url);
        format!("{base}/cleaning_tracker")
    }

    /// A single value from a query as app_owner.
    pub fn query_value(&self, sql: &str) -> Result<String> {
        Ok(self.psql(sql)?.trim().to_string())
    }

    /// A 1-hour JWT for the publishing role, minted in SQL like deploy does.
    pub fn publisher_token(&self) -> Result<String> {
        self.query_value("SELECT app_functions.publisher_token()")
    }

    /// Signs arbitrary claims with this stack's secret (for expired or
    /// forged-role tokens in security tests).
    pub fn sign_claims(&self, claims: &serde_json::Value) -> Result<String> {
        let escaped = claims.to_string().replace('\'', "''");
        self.query_value(&format!(
            "SELECT app_functions.sign_jwt('{escaped}'::jsonb)"
        ))
    }

    /// A checksum over every row of the household and frontend tables:
    /// equal before and after means nothing was written.
    pub fn data_fingerprint(&self) -> Result<String> {
        self.query_value(
            "SELECT md5(concat_ws('|', \
               (SELECT string_agg(u::text, ',' ORDER BY user_id) FROM app_data.users u), \
               (SELECT string_agg(t::text, ',' ORDER BY task_id) FROM app_data.tasks t), \
               (SELECT string_agg(a::text, ',' ORDER BY assignment_id) FROM app_data.task_assignments a), \
               (SELECT string_agg(f::text, ',' ORDER BY asset_id) FROM app_frontend.frontend_assets f), \
               (SELECT string_agg(r::text, ',' ORDER BY release_id) FROM app_frontend.releases r)))",
        )
    }

    pub fn api(&self) -> Api {
        Api::new(&self.api_url)
    }

    pub fn stop(&self) {
        // Best effort: the watchdog stops the servers anyway when we exit.
        let _ = self.stack_command("down", false);
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.stop();
    }
}

fn psql(url: &str, sql: &str) -> Result<String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .output()
        .context("running psql")?;
    if !out.status.success() {
        bail!("psql failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}
