use crate::servers::{psql_output, url_with_database, Servers, StackEnv};
use crate::Api;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The checkout this test crate belongs to.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent directory")
        .to_path_buf()
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
    servers: Servers,
    invite_code: OnceLock<String>,
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
        // CTT_SEED is read by `stack.sh up` only.
        let seed = ("CTT_SEED", if seed { "1" } else { "0" });
        let (servers, env) = Servers::up("ctt-test-", "test stack", vec![seed])?;
        let StackEnv {
            app_owner_url,
            superuser_url,
            jwt_secret,
        } = env;
        Ok(Stack {
            api_url: servers.api_url(),
            pg_port: servers.pg_port,
            api_port: servers.api_port,
            admin_port: servers.admin_port,
            app_owner_url,
            superuser_url,
            jwt_secret,
            servers,
            invite_code: OnceLock::new(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.servers.data_dir()
    }

    /// The `CTT_*` environment that makes the project's scripts address this
    /// stack.
    pub fn script_env(&self) -> Vec<(String, String)> {
        self.servers.script_env()
    }

    /// Runs SQL as app_owner; returns psql's unaligned, tuples-only output.
    pub fn psql(&self, sql: &str) -> Result<String> {
        psql_output(&self.app_owner_url, sql)
    }

    /// Runs SQL as the cluster's superuser, in the app database.
    pub fn psql_superuser(&self, sql: &str) -> Result<String> {
        psql_output(&self.superuser_app_url(), sql)
    }

    /// The superuser URL pointed at the app database instead of `postgres`.
    pub fn superuser_app_url(&self) -> String {
        url_with_database(&self.superuser_url, "cleaning_tracker")
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
    /// equal before and after means nothing was written. Sessions and
    /// sign-in attempts are left out on purpose: signing in (and failing
    /// to) writes them.
    pub fn data_fingerprint(&self) -> Result<String> {
        self.query_value(
            "SELECT md5(concat_ws('|', \
               (SELECT string_agg(u::text, ',' ORDER BY user_id) FROM app_data.users u), \
               (SELECT string_agg(t::text, ',' ORDER BY task_id) FROM app_data.tasks t), \
               (SELECT string_agg(a::text, ',' ORDER BY assignment_id) FROM app_data.task_assignments a), \
               (SELECT string_agg(i::text, ',' ORDER BY invite_id) FROM app_data.invites i), \
               (SELECT string_agg(h::text, ',') FROM app_data.household h), \
               (SELECT string_agg(p::text, ',' ORDER BY task_id, position) FROM app_data.task_pool p), \
               (SELECT string_agg(w::text, ',' ORDER BY away_id) FROM app_data.away_periods w), \
               (SELECT string_agg(o::text, ',' ORDER BY offer_id) FROM app_data.swap_offers o), \
               (SELECT string_agg(w::text, ',' ORDER BY reward_id) FROM app_data.rewards w), \
               (SELECT string_agg(r::text, ',' ORDER BY redemption_id) FROM app_data.redemptions r), \
               (SELECT string_agg(l::text, ',' ORDER BY entry_id) FROM app_data.points_ledger l), \
               (SELECT string_agg(b::text, ',' ORDER BY user_id) FROM app_data.point_balances b), \
               (SELECT string_agg(f::text, ',' ORDER BY asset_id) FROM app_frontend.frontend_assets f), \
               (SELECT string_agg(r::text, ',' ORDER BY release_id) FROM app_frontend.releases r)))",
        )
    }

    /// An invite code good for 100 registrations, created once per stack by
    /// the seeded admin through the API (joining needs one).
    pub fn invite_code(&self) -> Result<String> {
        if let Some(code) = self.invite_code.get() {
            return Ok(code.clone());
        }
        let admin = self.api().login("admin", "password123")?;
        let reply = admin.rpc(
            "create_invite",
            &serde_json::json!({"p_expires_in_hours": 24, "p_max_uses": 100}),
        )?;
        anyhow::ensure!(reply.status == 201, "create_invite: {}", reply.text());
        let code = reply.json()["code"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("create_invite returned no code"))?
            .to_string();
        Ok(self.invite_code.get_or_init(|| code).clone())
    }

    /// `POST /rpc/register_user` with this stack's invite code.
    pub fn register(&self, username: &str, password: &str) -> Result<crate::Reply> {
        self.api().rpc(
            "register_user",
            &serde_json::json!({
                "p_username": username,
                "p_password": password,
                "p_invite_code": self.invite_code()?,
            }),
        )
    }

    pub fn api(&self) -> Api {
        Api::new(&self.api_url)
    }

    pub fn stop(&self) {
        // Best effort: the watchdog stops the servers anyway when we exit.
        self.servers.down();
    }
}
