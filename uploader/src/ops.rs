//! The small commands: list, releases, rollback, prune.

use crate::client::{Client, ManifestEntry, PrunedAsset, Release, Retry, RollbackResult};

/// Where and as whom to talk to the API.
#[derive(Clone)]
pub struct ApiOptions {
    pub api_url: String,
    pub token: Option<String>,
    pub retry: Retry,
}

impl ApiOptions {
    pub fn new(api_url: impl Into<String>, token: Option<String>) -> ApiOptions {
        ApiOptions {
            api_url: api_url.into(),
            token,
            retry: Retry::default(),
        }
    }

    pub fn client(&self) -> anyhow::Result<Client> {
        Ok(Client::new(&self.api_url, self.token.as_deref())?.with_retry(self.retry))
    }
}

/// What is published (the server's manifest).
pub fn list(opts: &ApiOptions) -> anyhow::Result<Vec<ManifestEntry>> {
    Ok(opts.client()?.manifest()?)
}

/// Every published index.html, newest first.
pub fn releases(opts: &ApiOptions) -> anyhow::Result<Vec<Release>> {
    Ok(opts.client()?.releases()?)
}

/// Puts the previous index.html back.
pub fn rollback(opts: &ApiOptions) -> anyhow::Result<RollbackResult> {
    Ok(opts.client()?.rollback()?)
}

/// Deletes assets neither the current nor the previous release references
/// (with `dry_run`, only lists them).
pub fn prune(opts: &ApiOptions, dry_run: bool) -> anyhow::Result<Vec<PrunedAsset>> {
    Ok(opts.client()?.prune(dry_run)?)
}
