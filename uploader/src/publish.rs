//! `uploader publish`: hashed assets first (only the changed ones, in
//! parallel, with retries), `index.html` last, so an interrupted publish
//! leaves the previous site whole and a finished one switches in one step.

use crate::client::{ApiOptions, Client, ManifestEntry, UploadBody};
use crate::compress;
use crate::dist::{self, Asset, Dist};
use crate::error::Error;
use crate::progress::{Progress, Reporter};
use crate::rewrite;
use base64::Engine;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// What to publish where. Build with [`PublishOptions::new`] and adjust fields.
#[derive(Clone)]
pub struct PublishOptions {
    /// Where and as whom to publish.
    pub api: ApiOptions,
    /// Trunk's output directory (`dist`).
    pub dist_dir: PathBuf,
    /// Parallel uploads.
    pub jobs: usize,
    /// Brotli quality 1–11; 0 stores no brotli variant.
    pub brotli_quality: u32,
    /// Refuse files larger than this before sending anything.
    pub max_asset_bytes: u64,
    /// Upload every asset, even those the server already holds.
    pub force: bool,
    /// Only report what would be uploaded; send nothing.
    pub dry_run: bool,
    pub progress: Progress,
    /// Fault injection for tests (feature `fault-injection`, never in a
    /// release build): fail (as if the process died) once this many assets
    /// have been uploaded, before `index.html`.
    #[cfg(feature = "fault-injection")]
    pub fail_after_uploads: Option<usize>,
    /// Called after each asset the server confirmed (from the upload
    /// threads; index.html is reported last).
    pub on_uploaded: Option<UploadHook>,
}

/// A callback for each confirmed upload.
pub type UploadHook = std::sync::Arc<dyn Fn(&UploadedAsset) + Send + Sync>;

impl std::fmt::Debug for PublishOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishOptions")
            .field("api", &self.api)
            .field("dist_dir", &self.dist_dir)
            .field("jobs", &self.jobs)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

impl PublishOptions {
    pub fn new(
        dist_dir: impl Into<PathBuf>,
        api_url: impl Into<String>,
        token: Option<String>,
    ) -> PublishOptions {
        PublishOptions::with_api(dist_dir, ApiOptions::new(api_url, token))
    }

    /// The defaults, publishing `dist_dir` through `api`.
    pub fn with_api(dist_dir: impl Into<PathBuf>, api: ApiOptions) -> PublishOptions {
        PublishOptions {
            api,
            dist_dir: dist_dir.into(),
            jobs: 4,
            brotli_quality: 11,
            max_asset_bytes: dist::MAX_ASSET_BYTES,
            force: false,
            dry_run: false,
            progress: Progress::Quiet,
            #[cfg(feature = "fault-injection")]
            fail_after_uploads: None,
            on_uploaded: None,
        }
    }
}

/// One uploaded asset.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UploadedAsset {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub gzip_size: Option<u64>,
    pub br_size: Option<u64>,
    pub sha256: String,
}

/// What a publish did (`--json` prints it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublishSummary {
    pub api_url: String,
    pub dist_dir: PathBuf,
    /// Number of assets sent (index.html included when it changed).
    pub uploaded: usize,
    /// Number of assets the server already held byte for byte.
    pub skipped: usize,
    /// Raw bytes of the uploaded assets.
    pub bytes: u64,
    /// Bytes of the request bodies (base64 content plus variants).
    pub wire_bytes: u64,
    pub seconds: f64,
    /// Whether the live index.html changed (a new release).
    pub index_changed: bool,
    /// sha256 of the published (rewritten) index.html.
    pub index_sha256: String,
    /// CSP hash sources of the published index.html's inline scripts (sent
    /// with it as `p_inline_script_hashes`).
    pub inline_script_hashes: Vec<String>,
    pub uploaded_assets: Vec<UploadedAsset>,
    pub skipped_assets: Vec<String>,
    pub warnings: Vec<String>,
    /// Nothing was sent: `uploaded`/`uploaded_assets` are what would be.
    pub dry_run: bool,
}

/// The build as it will be published: assets plus the rewritten index.html.
pub struct Prepared {
    pub dist: Dist,
    pub index: Asset,
    pub rewritten: rewrite::Rewritten,
    /// CSP hash sources of the rewritten page's inline scripts.
    pub inline_script_hashes: Vec<String>,
}

/// Reads `dist_dir` and rewrites its index.html (no network).
pub fn prepare(dist_dir: &std::path::Path, max_asset_bytes: u64) -> Result<Prepared, Error> {
    let dist = dist::read_dist(dist_dir, max_asset_bytes)?;
    let pairs: Vec<(&str, &str)> = dist
        .assets
        .iter()
        .map(|a| (a.name.as_str(), a.content_type))
        .collect();
    let html =
        std::str::from_utf8(&dist.index.bytes).map_err(|e| Error::IndexNotUtf8(e.to_string()))?;
    let rewritten = rewrite::rewrite_index(html, &pairs);
    let index = Asset::new(
        "index.html",
        dist.index.path.clone(),
        rewritten.html.as_bytes().to_vec(),
    );
    let inline_script_hashes = rewrite::inline_script_hashes(&rewritten.html);
    Ok(Prepared {
        dist,
        index,
        rewritten,
        inline_script_hashes,
    })
}

fn needs_upload(asset: &Asset, server: &HashMap<String, ManifestEntry>, force: bool) -> bool {
    force
        || match server.get(&asset.name) {
            Some(entry) => entry.sha256 != asset.sha256 || entry.content_type != asset.content_type,
            None => true,
        }
}

/// index.html also goes up again when the server lists CSP hashes for it
/// that differ from the page's (e.g. a page stored before the server kept
/// them: the same bytes, but a policy that would block its bootstrap).
fn index_needs_upload(
    prepared: &Prepared,
    server: &HashMap<String, ManifestEntry>,
    force: bool,
) -> bool {
    needs_upload(&prepared.index, server, force)
        || server
            .get("index.html")
            .and_then(|e| e.inline_script_hashes.as_ref())
            .is_some_and(|stored| {
                let mut stored = stored.clone();
                let mut wanted = prepared.inline_script_hashes.clone();
                stored.sort();
                wanted.sort();
                stored != wanted
            })
}

/// Compresses, encodes and sends one asset; checks the server stored it.
/// `inline_script_hashes` is `Some` for index.html (sent as UTF-8 text).
fn upload_one(
    client: &Client,
    asset: &Asset,
    brotli_quality: u32,
    inline_script_hashes: Option<&[String]>,
) -> anyhow::Result<(UploadedAsset, u64)> {
    let utf8 = inline_script_hashes.is_some();
    let variants = compress::variants(&asset.bytes, asset.content_type, brotli_quality)?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let (p_content, p_encoding) = if utf8 {
        (String::from_utf8_lossy(&asset.bytes).into_owned(), "utf8")
    } else {
        (b64.encode(&asset.bytes), "base64")
    };
    let body = UploadBody {
        p_asset_name: &asset.name,
        p_content_type: asset.content_type,
        p_content,
        p_encoding,
        p_content_gzip: variants.gzip.as_ref().map(|g| b64.encode(g)),
        p_content_br: variants.br.as_ref().map(|b| b64.encode(b)),
        p_inline_script_hashes: inline_script_hashes,
    };
    let wire = (body.p_content.len()
        + body.p_content_gzip.as_ref().map_or(0, String::len)
        + body.p_content_br.as_ref().map_or(0, String::len)) as u64;
    let result = client.upload(&body)?;
    if result.sha256 != asset.sha256 || result.size != asset.bytes.len() as u64 {
        return Err(Error::BadResponse {
            what: format!("the upload of {}", asset.name),
            reason: format!(
                "the server stored {} bytes with sha256 {}, expected {} bytes with {}",
                result.size,
                result.sha256,
                asset.bytes.len(),
                asset.sha256
            ),
        }
        .into());
    }
    Ok((
        UploadedAsset {
            name: asset.name.clone(),
            content_type: asset.content_type.to_string(),
            size: asset.bytes.len() as u64,
            gzip_size: variants.gzip.as_ref().map(|g| g.len() as u64),
            br_size: variants.br.as_ref().map(|b| b.len() as u64),
            sha256: asset.sha256.clone(),
        },
        wire,
    ))
}

/// The injected fault (test builds only) once `count` uploads have gone
/// through or started.
#[cfg(feature = "fault-injection")]
fn injected_fault(opts: &PublishOptions, count: usize) -> Option<Error> {
    opts.fail_after_uploads
        .filter(|n| count >= *n)
        .map(|n| Error::InjectedFault { uploaded: n })
}

#[cfg(not(feature = "fault-injection"))]
fn injected_fault(_: &PublishOptions, _: usize) -> Option<Error> {
    None
}

fn describe(a: &UploadedAsset) -> String {
    let mut s = format!("uploaded {} ({} bytes", a.name, a.size);
    if let Some(g) = a.gzip_size {
        s.push_str(&format!(", gzip {g}"));
    }
    if let Some(b) = a.br_size {
        s.push_str(&format!(", br {b}"));
    }
    s.push(')');
    s
}

/// Publishes a Trunk build: see the module documentation.
pub fn publish(opts: &PublishOptions) -> anyhow::Result<PublishSummary> {
    let started = Instant::now();
    let prepared = prepare(&opts.dist_dir, opts.max_asset_bytes)?;
    let client = opts.api.client()?;
    if opts
        .api
        .token
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        return Err(Error::MissingToken.into());
    }
    let mut warnings = Vec::new();
    if prepared.rewritten.has_base_element {
        warnings.push(
            "index.html has a <base href>: relative serving URLs resolve against it, check that the page loads"
                .to_string(),
        );
    }
    for asset in &prepared.dist.assets {
        if !prepared.rewritten.referenced.contains(&asset.name) {
            warnings.push(format!(
                "{} is not referenced by index.html (uploaded anyway, reachable at {})",
                asset.name,
                dist::serving_path(&asset.name, asset.content_type)
            ));
        }
    }

    let server: HashMap<String, ManifestEntry> = client
        .manifest()?
        .into_iter()
        .map(|e| (e.asset_name.clone(), e))
        .collect();

    let (todo, skipped): (Vec<&Asset>, Vec<&Asset>) = prepared
        .dist
        .assets
        .iter()
        .partition(|a| needs_upload(a, &server, opts.force));
    let index_needed = index_needs_upload(&prepared, &server, opts.force);

    let total: u64 = todo.iter().map(|a| a.bytes.len() as u64).sum::<u64>()
        + if index_needed {
            prepared.index.bytes.len() as u64
        } else {
            0
        };
    if opts.dry_run {
        let mut planned: Vec<&Asset> = todo.clone();
        if index_needed {
            planned.push(&prepared.index);
        }
        let mut skipped_assets: Vec<String> = skipped.iter().map(|a| a.name.clone()).collect();
        if !index_needed {
            skipped_assets.push("index.html".to_string());
        }
        return Ok(PublishSummary {
            api_url: client.base_url().to_string(),
            dist_dir: opts.dist_dir.clone(),
            uploaded: planned.len(),
            skipped: skipped_assets.len(),
            bytes: planned.iter().map(|a| a.bytes.len() as u64).sum(),
            wire_bytes: 0,
            seconds: started.elapsed().as_secs_f64(),
            index_changed: index_needed
                && server
                    .get("index.html")
                    .is_none_or(|e| e.sha256 != prepared.index.sha256),
            index_sha256: prepared.index.sha256.clone(),
            inline_script_hashes: prepared.inline_script_hashes.clone(),
            uploaded_assets: planned
                .iter()
                .map(|a| UploadedAsset {
                    name: a.name.clone(),
                    content_type: a.content_type.to_string(),
                    size: a.bytes.len() as u64,
                    gzip_size: None,
                    br_size: None,
                    sha256: a.sha256.clone(),
                })
                .collect(),
            skipped_assets,
            warnings,
            dry_run: true,
        });
    }
    let reporter = Reporter::new(opts.progress, total);
    for w in &warnings {
        reporter.line(&format!("warning: {w}"));
    }

    // Parallel uploads of the hashed assets. A worker takes the next asset;
    // the first failure stops the others from starting new ones.
    let next = AtomicUsize::new(0);
    let started_uploads = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<(UploadedAsset, u64)>> = Mutex::new(Vec::new());
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let jobs = opts.jobs.clamp(1, 32).min(todo.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                if failed.load(Ordering::SeqCst) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(asset) = todo.get(i) else { return };
                let count = started_uploads.fetch_add(1, Ordering::SeqCst);
                let outcome = match injected_fault(opts, count) {
                    Some(fault) => Err(fault.into()),
                    None => upload_one(&client, asset, opts.brotli_quality, None),
                };
                match outcome {
                    Ok((report, wire)) => {
                        if let Some(hook) = &opts.on_uploaded {
                            hook(&report);
                        }
                        reporter.line(&describe(&report));
                        reporter.advance(report.size, &report.name);
                        if let Ok(mut r) = results.lock() {
                            r.push((report, wire));
                        }
                    }
                    Err(err) => {
                        failed.store(true, Ordering::SeqCst);
                        if let Ok(mut slot) = first_error.lock() {
                            slot.get_or_insert(err);
                        }
                        return;
                    }
                }
            });
        }
    });
    if let Some(err) = first_error.into_inner().ok().flatten() {
        reporter.finish();
        return Err(err.context("publish stopped before index.html: the live site is unchanged"));
    }
    let mut uploaded = results.into_inner().unwrap_or_default();

    // index.html last: one row, one transaction, the switch to the new build.
    let mut index_changed = false;
    if index_needed {
        if let Some(fault) = injected_fault(opts, uploaded.len()) {
            reporter.finish();
            return Err(fault.into());
        }
        let (report, wire) = upload_one(
            &client,
            &prepared.index,
            opts.brotli_quality,
            Some(&prepared.inline_script_hashes),
        )?;
        if let Some(hook) = &opts.on_uploaded {
            hook(&report);
        }
        index_changed = server
            .get("index.html")
            .is_none_or(|e| e.sha256 != prepared.index.sha256);
        reporter.line(&describe(&report));
        reporter.advance(report.size, &report.name);
        uploaded.push((report, wire));
    }
    reporter.finish();

    let mut skipped_assets: Vec<String> = skipped.iter().map(|a| a.name.clone()).collect();
    if !index_needed {
        skipped_assets.push("index.html".to_string());
    }
    uploaded.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let summary = PublishSummary {
        api_url: client.base_url().to_string(),
        dist_dir: opts.dist_dir.clone(),
        uploaded: uploaded.len(),
        skipped: skipped_assets.len(),
        bytes: uploaded.iter().map(|(a, _)| a.size).sum(),
        wire_bytes: uploaded.iter().map(|(_, w)| w).sum(),
        seconds: started.elapsed().as_secs_f64(),
        index_changed,
        index_sha256: prepared.index.sha256.clone(),
        inline_script_hashes: prepared.inline_script_hashes.clone(),
        uploaded_assets: uploaded.into_iter().map(|(a, _)| a).collect(),
        skipped_assets,
        warnings,
        dry_run: false,
    };
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(html: &str) -> (tempfile_free::Dir, Prepared) {
        let dir = tempfile_free::Dir::new();
        std::fs::write(dir.0.join("index.html"), html).expect("write index");
        let p = prepare(&dir.0, u64::MAX).expect("prepare");
        (dir, p)
    }

    /// A throwaway directory without a dev-dependency.
    mod tempfile_free {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let path = std::env::temp_dir().join(format!(
                    "uploader-unit-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&path).expect("temp dir");
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn entry(p: &Prepared, hashes: Option<Vec<String>>) -> HashMap<String, ManifestEntry> {
        let e = ManifestEntry {
            asset_name: "index.html".into(),
            content_type: p.index.content_type.into(),
            size: p.index.bytes.len() as u64,
            sha256: p.index.sha256.clone(),
            gzip_size: None,
            br_size: None,
            updated_at: String::new(),
            inline_script_hashes: hashes,
        };
        HashMap::from([("index.html".to_string(), e)])
    }

    #[test]
    fn same_page_with_missing_csp_hashes_is_published_again() {
        let (_dir, p) = prepared("<html><script>boot()</script></html>");
        assert_eq!(p.inline_script_hashes.len(), 1);
        // A server that does not list hashes: the bytes decide.
        assert!(!index_needs_upload(&p, &entry(&p, None), false));
        // The same hashes: nothing to do.
        let same = Some(p.inline_script_hashes.clone());
        assert!(!index_needs_upload(&p, &entry(&p, same), false));
        // Stored before the server kept hashes: the page goes up again.
        assert!(index_needs_upload(&p, &entry(&p, Some(vec![])), false));
    }
}
