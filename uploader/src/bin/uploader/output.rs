//! The one place the binary writes: results on stdout (text for people, or
//! `--json`), verify's problems and the error line on stderr.
//!
//! Writing to stdout returns its `io::Error`: when the reader has gone away
//! (`uploader list | head -n1`), that is a broken pipe, and `main` ends
//! quietly with status 0 (see [`is_broken_pipe`]).

use crate::flags::Format;
use serde::Serialize;
use std::io::{self, StdoutLock, Write};
use uploader::{ManifestEntry, PrunedAsset, PublishSummary, Release, RollbackResult, VerifyReport};

/// Writes one subcommand's result in the format its flags asked for.
pub struct Printer {
    json: bool,
}

impl Printer {
    pub fn new(format: &Format) -> Printer {
        Printer { json: format.json }
    }

    /// `value` as pretty JSON with `--json`, otherwise what `text` writes.
    fn report<T: Serialize + ?Sized>(
        &self,
        value: &T,
        text: impl FnOnce(&mut StdoutLock<'static>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut out = io::stdout().lock();
        if self.json {
            let json = serde_json::to_string_pretty(value)?;
            writeln!(out, "{json}")
        } else {
            text(&mut out)
        }
    }

    pub fn publish(&self, s: &PublishSummary) -> io::Result<()> {
        self.report(s, |out| {
            if s.dry_run {
                for a in &s.uploaded_assets {
                    writeln!(out, "would upload {} ({})", a.name, human_size(a.size))?;
                }
                let index = if s.index_changed {
                    "; index.html would change"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "dry run: {} would be uploaded ({}), {} unchanged{index}",
                    s.uploaded,
                    human_size(s.bytes),
                    s.skipped,
                )
            } else {
                let index = if s.index_changed {
                    "; new release live"
                } else {
                    "; live index.html unchanged"
                };
                writeln!(
                    out,
                    "published {} to {}: {} uploaded ({}), {} unchanged, {:.2} s{index}",
                    s.dist_dir.display(),
                    s.api_url,
                    s.uploaded,
                    human_size(s.bytes),
                    s.skipped,
                    s.seconds,
                )
            }
        })
    }

    pub fn assets(&self, rows: &[ManifestEntry]) -> io::Result<()> {
        self.report(rows, |out| {
            let width = rows
                .iter()
                .map(|r| r.asset_name.len())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                out,
                "{:<width$}  {:<30}  {:>10}  {:>10}  {:>10}  {:<12}  updated",
                "name", "type", "size", "gzip", "br", "sha256"
            )?;
            for r in rows {
                writeln!(
                    out,
                    "{:<width$}  {:<30}  {:>10}  {:>10}  {:>10}  {:<12}  {}",
                    r.asset_name,
                    r.content_type,
                    human_size(r.size),
                    opt_size(r.gzip_size),
                    opt_size(r.br_size),
                    short_hash(&r.sha256),
                    r.updated_at
                )?;
            }
            Ok(())
        })
    }

    pub fn releases(&self, rows: &[Release]) -> io::Result<()> {
        self.report(rows, |out| {
            writeln!(
                out,
                "{:>8}  {:<12}  {:<32}  {:<32}  current",
                "release", "sha256", "published", "rolled back"
            )?;
            for r in rows {
                writeln!(
                    out,
                    "{:>8}  {:<12}  {:<32}  {:<32}  {}",
                    r.release_id,
                    short_hash(&r.sha256),
                    r.published_at,
                    r.rolled_back_at.as_deref().unwrap_or("-"),
                    if r.is_current { "*" } else { "" }
                )?;
            }
            Ok(())
        })
    }

    /// The checks on stdout, each problem on stderr, and the verdict when
    /// there is none (with problems, the error line is the verdict).
    pub fn verify(&self, report: &VerifyReport) -> io::Result<()> {
        self.report(report, |out| {
            for c in &report.checked {
                let mut extra = c.encodings.join("+");
                if c.sri_checked {
                    extra.push_str(if extra.is_empty() { "sri" } else { "+sri" });
                }
                writeln!(
                    out,
                    "{:>3} {:<40} {:<32} {:>10} {}",
                    c.status,
                    c.name,
                    c.content_type,
                    human_size(c.size),
                    extra
                )?;
            }
            for p in &report.problems {
                diagnostic(&format!("problem: {p}"));
            }
            if report.ok() {
                writeln!(
                    out,
                    "verified {} assets at {}: all good",
                    report.checked.len(),
                    report.api_url
                )?;
            }
            Ok(())
        })
    }

    pub fn rollback(&self, r: &RollbackResult) -> io::Result<()> {
        self.report(r, |out| {
            writeln!(
                out,
                "rolled back: release {} (index.html {}) is live again; release {} was withdrawn",
                r.restored_release_id,
                short_hash(&r.sha256),
                r.rolled_back_release_id
            )
        })
    }

    pub fn prune(&self, rows: &[PrunedAsset], dry_run: bool) -> io::Result<()> {
        self.report(rows, |out| {
            let verb = if dry_run { "would delete" } else { "deleted" };
            for r in rows {
                writeln!(out, "{verb} {} ({})", r.asset_name, human_size(r.size))?;
            }
            writeln!(
                out,
                "{verb} {} unreferenced asset(s), {}",
                rows.len(),
                human_size(rows.iter().map(|r| r.size).sum())
            )
        })
    }
}

/// The error line: `uploader: error: ...` with the whole context chain on
/// one line.
pub fn error(err: &anyhow::Error) {
    let line = format!("{err:#}").replace(['\n', '\r'], " ");
    diagnostic(&format!("uploader: error: {line}"));
}

/// Whether `err` is stdout's reader having gone away.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// A line on stderr. If stderr itself is gone there is nobody to tell, and
/// the exit status still says how it went.
fn diagnostic(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn opt_size(size: Option<u64>) -> String {
    size.map_or_else(|| "-".to_string(), human_size)
}

/// The first 12 hex digits of a sha256, as the tables show it.
fn short_hash(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}
