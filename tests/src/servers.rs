//! What [`crate::Stack`] and [`crate::cluster::BareCluster`] share: free
//! loopback ports, a private data directory, `scripts/stack.sh` run with the
//! `CTT_*` environment that addresses them, its `env` output, and psql.

use crate::project_root;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// What `stack.sh env` reports about running servers.
pub(crate) struct StackEnv {
    /// app_owner in the app database.
    pub app_owner_url: String,
    /// The superuser in the `postgres` database.
    pub superuser_url: String,
    pub jwt_secret: String,
}

/// PostgreSQL + PostgREST started by `scripts/stack.sh up` on free ports in
/// a temp data directory. Dropping it runs `stack.sh down`; the watchdog
/// started by `stack.sh` stops both anyway when the test process exits.
pub(crate) struct Servers {
    pub pg_port: u16,
    pub api_port: u16,
    pub admin_port: u16,
    /// `CTT_*` options (beyond ports and data dir) for every stack.sh call.
    options: Vec<(&'static str, &'static str)>,
    data_dir: tempfile::TempDir,
}

impl Servers {
    /// Runs `stack.sh up` with `options`; `prefix` names the data directory
    /// and `what` the stack in errors. Returns the servers and what
    /// `stack.sh env` says about them.
    pub fn up(
        prefix: &str,
        what: &str,
        options: Vec<(&'static str, &'static str)>,
    ) -> Result<(Servers, StackEnv)> {
        let data_dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .context("creating the stack's data directory")?;
        // The cluster runs as the postgres OS user, which must traverse it.
        std::fs::set_permissions(data_dir.path(), std::fs::Permissions::from_mode(0o755))?;
        let servers = Servers {
            pg_port: free_port()?,
            api_port: free_port()?,
            admin_port: free_port()?,
            options,
            data_dir,
        };
        let out = servers.stack_sh("up")?;
        if !out.status.success() {
            bail!(
                "stack.sh up ({what}) failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let env = servers.read_env()?;
        Ok((servers, env))
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// PostgREST's API.
    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.api_port)
    }

    /// PostgREST's admin server (/ready, /live).
    pub fn admin_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.admin_port)
    }

    /// The `CTT_*` environment that makes the project's scripts address
    /// these servers.
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

    fn stack_sh(&self, action: &str) -> Result<Output> {
        Command::new(project_root().join("scripts/stack.sh"))
            .arg(action)
            .envs(self.script_env())
            .envs(self.options.iter().copied())
            .env("CTT_OWNER_PID", std::process::id().to_string())
            .env("CTT_REMOVE_DATA_ON_EXIT", "1")
            .output()
            .with_context(|| format!("running scripts/stack.sh {action}"))
    }

    fn read_env(&self) -> Result<StackEnv> {
        let out = self.stack_sh("env")?;
        if !out.status.success() {
            bail!(
                "stack.sh env failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let env = read_assignments(&String::from_utf8(out.stdout)?);
        Ok(StackEnv {
            app_owner_url: env["APP_OWNER_URL"].clone(),
            superuser_url: env["SUPERUSER_URL"].clone(),
            jwt_secret: env["JWT_SECRET"].clone(),
        })
    }

    /// Best effort: the watchdog stops the servers anyway when we exit.
    pub fn down(&self) {
        let _ = self.stack_sh("down");
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        self.down();
    }
}

/// `NAME='value'` lines (`stack.sh env`, `secrets.env`) as a map.
pub(crate) fn read_assignments(text: &str) -> HashMap<String, String> {
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

/// Runs SQL with psql; returns its unaligned, tuples-only output as is.
pub(crate) fn psql_output(url: &str, sql: &str) -> Result<String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .output()
        .context("running psql")?;
    if !out.status.success() {
        bail!("psql failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}
