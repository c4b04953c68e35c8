//! HTTP access to PostgREST: one generic request helper with retry and
//! backoff, mapping every failure onto [`Error`], plus typed wrappers for the
//! publishing functions. Never logs or prints the credential.

use crate::error::Error;
use reqwest::blocking::Client as Http;
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Retry policy for transient failures (connection errors, 5xx).
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Extra attempts after the first.
    pub retries: u32,
    /// Delay before the first retry; doubles on each further one.
    pub initial_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            retries: 3,
            initial_backoff: Duration::from_millis(200),
        }
    }
}

/// A PostgREST client for the publishing API.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: Http,
    token: Option<String>,
    retry: Retry,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Where and as whom to talk to the API: what every command shares.
#[derive(Clone)]
pub struct ApiOptions {
    /// PostgREST's base URL.
    pub api_url: String,
    /// A JWT for the publishing role (`api_publisher`).
    pub token: Option<String>,
    /// Retries of transient failures (connection errors, 5xx).
    pub retry: Retry,
}

impl std::fmt::Debug for ApiOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiOptions")
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("retry", &self.retry)
            .finish()
    }
}

impl ApiOptions {
    pub fn new(api_url: impl Into<String>, token: Option<String>) -> ApiOptions {
        ApiOptions {
            api_url: api_url.into(),
            token,
            retry: Retry::default(),
        }
    }

    /// A client for these options (checks the URL, not the token).
    pub fn client(&self) -> anyhow::Result<Client> {
        Ok(Client::new(&self.api_url, self.token.as_deref())?.with_retry(self.retry))
    }
}

/// A raw answer (for serving endpoints, whose bodies are not JSON).
#[derive(Debug, Clone)]
pub struct RawReply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl RawReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One row of `GET /rpc/frontend_asset_manifest`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestEntry {
    pub asset_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub gzip_size: Option<u64>,
    pub br_size: Option<u64>,
    pub updated_at: String,
    /// For `index.html`, when the server lists them: the CSP hashes stored
    /// with it. `None` from a server that does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_script_hashes: Option<Vec<String>>,
}

/// One row of `GET /rpc/frontend_releases`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Release {
    pub release_id: i64,
    pub sha256: String,
    pub published_at: String,
    pub rolled_back_at: Option<String>,
    pub is_current: bool,
}

/// The answer of `POST /rpc/update_frontend_asset`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UploadResult {
    pub asset_id: i64,
    pub asset_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub changed: bool,
}

/// The body of `POST /rpc/update_frontend_asset`.
#[derive(Debug, Serialize)]
pub struct UploadBody<'a> {
    pub p_asset_name: &'a str,
    pub p_content_type: &'a str,
    pub p_content: String,
    pub p_encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_content_gzip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_content_br: Option<String>,
    /// For `index.html` only: the CSP hash source of each inline `<script>`
    /// (see [`crate::rewrite::inline_script_hashes`]), sent as a JSON array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_inline_script_hashes: Option<&'a [String]>,
}

/// The answer of `POST /rpc/rollback_frontend`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RollbackResult {
    pub restored_release_id: i64,
    pub sha256: String,
    pub rolled_back_release_id: i64,
}

/// One row of `POST /rpc/prune_frontend_assets`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PrunedAsset {
    pub asset_name: String,
    pub size: u64,
}

#[derive(Deserialize, Default)]
struct PostgrestError {
    message: Option<String>,
    details: Option<String>,
    hint: Option<String>,
}

fn error_message(body: &[u8]) -> String {
    let parsed: PostgrestError = serde_json::from_slice(body).unwrap_or_default();
    let mut parts: Vec<String> = [parsed.message, parsed.details, parsed.hint]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        parts.push(if text.is_empty() {
            "no details".to_string()
        } else {
            text.chars().take(200).collect()
        });
    }
    parts.join(" — ").replace(['\n', '\r'], " ")
}

/// Describes a reqwest transport error without anything secret (reqwest's
/// own messages contain the URL, never headers).
fn transport_reason(err: &reqwest::Error) -> String {
    let mut reason = if err.is_connect() {
        "connection failed".to_string()
    } else if err.is_timeout() {
        "timed out".to_string()
    } else {
        "request failed".to_string()
    };
    let mut source = std::error::Error::source(err);
    if let Some(inner) = source {
        reason.push_str(&format!(" ({inner}"));
        source = inner.source();
        if let Some(deeper) = source {
            reason.push_str(&format!(": {deeper}"));
        }
        reason.push(')');
    }
    reason
}

impl Client {
    /// `api_url` is PostgREST's base URL (e.g. `http://127.0.0.1:3000`).
    pub fn new(api_url: &str, token: Option<&str>) -> anyhow::Result<Client> {
        let base = api_url.trim_end_matches('/').to_string();
        let parsed = reqwest::Url::parse(&base).map_err(|e| {
            anyhow::anyhow!("--api-url {base:?} is not a URL ({e}): use e.g. http://127.0.0.1:3000")
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            anyhow::bail!("--api-url {base:?} must start with http:// or https://");
        }
        let http = Http::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(120))
            .pool_max_idle_per_host(16)
            .build()?;
        Ok(Client {
            base,
            http,
            token: token
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.trim().to_string()),
            retry: Retry::default(),
        })
    }

    pub fn with_retry(mut self, retry: Retry) -> Client {
        self.retry = retry;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn require_token(&self) -> Result<&str, Error> {
        self.token.as_deref().ok_or(Error::MissingToken)
    }

    /// The generic helper: sends `method path` with an optional JSON body
    /// and the bearer token, retries transient failures with exponential
    /// backoff, and decodes the JSON answer into `T`.
    pub fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        what: &str,
    ) -> Result<T, Error> {
        let token = self.require_token()?;
        let mut delay = self.retry.initial_backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.send_once(method.clone(), path, body, token, what, attempt) {
                Ok(bytes) => {
                    return serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
                        what: what.to_string(),
                        reason: format!("{e}"),
                    })
                }
                Err(err) if err.is_transient() && attempt <= self.retry.retries => {
                    std::thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                }
                Err(err) => return Err(err),
            }
        }
    }

    fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        token: &str,
        what: &str,
        attempt: u32,
    ) -> Result<Vec<u8>, Error> {
        let mut req = self
            .http
            .request(method, self.url(path))
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, format!("Bearer {token}"));
        if let Some(body) = body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let resp = req.send().map_err(|e| Error::Unreachable {
            url: self.base.clone(),
            reason: transport_reason(&e),
        })?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().map_err(|e| Error::Unreachable {
            url: self.base.clone(),
            reason: transport_reason(&e),
        })?;
        if (200..300).contains(&status) {
            return Ok(bytes.to_vec());
        }
        let message = error_message(&bytes);
        Err(match status {
            401 => Error::Unauthorized { message },
            403 => Error::Forbidden { message },
            413 => Error::PayloadTooLarge {
                what: what.to_string(),
                message,
            },
            500..=599 => Error::Server {
                status,
                what: what.to_string(),
                attempts: attempt,
                message,
            },
            _ => Error::Rejected {
                status,
                what: what.to_string(),
                message,
            },
        })
    }

    /// An anonymous GET as a browser sends it (no credential), for the
    /// serving endpoints. Retries connection errors only.
    pub fn get_raw(&self, path: &str, headers: &[(&str, &str)]) -> Result<RawReply, Error> {
        let mut delay = self.retry.initial_backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = self.http.get(self.url(path));
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let result = req.send().and_then(|resp| {
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                resp.bytes().map(|b| RawReply {
                    status,
                    headers,
                    body: b.to_vec(),
                })
            });
            match result {
                Ok(reply) => return Ok(reply),
                Err(e) if attempt <= self.retry.retries => {
                    let _ = e;
                    std::thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                }
                Err(e) => {
                    return Err(Error::Unreachable {
                        url: self.base.clone(),
                        reason: transport_reason(&e),
                    })
                }
            }
        }
    }

    pub fn manifest(&self) -> Result<Vec<ManifestEntry>, Error> {
        self.request(
            Method::GET,
            "/rpc/frontend_asset_manifest",
            None,
            "the asset manifest",
        )
    }

    pub fn releases(&self) -> Result<Vec<Release>, Error> {
        self.request(
            Method::GET,
            "/rpc/frontend_releases",
            None,
            "the release list",
        )
    }

    pub fn upload(&self, body: &UploadBody<'_>) -> Result<UploadResult, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::BadResponse {
            what: format!("encoding {}", body.p_asset_name),
            reason: e.to_string(),
        })?;
        self.request(
            Method::POST,
            "/rpc/update_frontend_asset",
            Some(&bytes),
            &format!("the upload of {}", body.p_asset_name),
        )
    }

    pub fn rollback(&self) -> Result<RollbackResult, Error> {
        match self.request(
            Method::POST,
            "/rpc/rollback_frontend",
            Some(b"{}"),
            "rollback",
        ) {
            Err(Error::Rejected { status: 409, .. }) => Err(Error::NoPreviousRelease),
            other => other,
        }
    }

    pub fn prune(&self, dry_run: bool) -> Result<Vec<PrunedAsset>, Error> {
        let body = serde_json::json!({ "p_dry_run": dry_run }).to_string();
        self.request(
            Method::POST,
            "/rpc/prune_frontend_assets",
            Some(body.as_bytes()),
            "prune",
        )
    }
}
