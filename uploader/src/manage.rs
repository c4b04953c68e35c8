//! Managing what is published: list, releases, rollback, prune.

use crate::client::{ApiOptions, ManifestEntry, PrunedAsset, Release, RollbackResult};

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
