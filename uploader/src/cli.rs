//! Command-line parsing and output. Every failure ends in one line on stderr
//! and exit code 1 (2 for usage errors, from clap).

use crate::client::Retry;
use crate::ops::{self, ApiOptions};
use crate::progress::Progress;
use crate::publish::{self, PublishOptions};
use crate::verify::{self, VerifyOptions};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "uploader",
    version,
    about = "Publish the Trunk build (dist/) into the database through PostgREST, and manage what is published"
)]
pub struct Cli {
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct ApiArgs {
    /// PostgREST base URL.
    #[arg(
        long,
        global = true,
        env = "UPLOADER_API_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub api_url: String,
    /// Publisher JWT (prefer the environment variable: arguments are visible to other users).
    #[arg(long, global = true, env = "UPLOADER_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Read the publisher JWT from this file (takes precedence over --token).
    #[arg(long, global = true, env = "UPLOADER_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Retries of transient failures (connection errors, 5xx), with exponential backoff.
    #[arg(long, global = true, default_value_t = 3)]
    pub retries: u32,
}

impl std::fmt::Debug for ApiArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiArgs")
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("token_file", &self.token_file)
            .field("retries", &self.retries)
            .finish()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Upload the changed files of a Trunk build, index.html last.
    Publish {
        /// Trunk's output directory.
        #[arg(default_value = "dist")]
        dist_dir: PathBuf,
        /// Print a JSON summary on stdout.
        #[arg(long)]
        json: bool,
        /// Parallel uploads.
        #[arg(long, short, default_value_t = 4)]
        jobs: usize,
        /// Upload every file, even those the server already holds.
        #[arg(long)]
        force: bool,
        /// Show what would be uploaded; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Brotli quality 1-11 (0: no brotli variants).
        #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u32).range(0..=11))]
        brotli_quality: u32,
        /// Plain progress lines even on a terminal.
        #[arg(long)]
        no_progress_bar: bool,
        /// Testing aid: stop (as if killed) after N uploads, before index.html.
        #[arg(long, hide = true)]
        fail_after_uploads: Option<usize>,
    },
    /// Show what is published.
    List {
        #[arg(long)]
        json: bool,
        /// Show the release history (each published index.html) instead.
        #[arg(long)]
        releases: bool,
    },
    /// Load the live site as a browser would and check it against the server's record and dist/.
    Verify {
        /// The build to compare with.
        #[arg(default_value = "dist")]
        dist_dir: PathBuf,
        /// Only check the live site against the server's record and SRI hashes.
        #[arg(long)]
        server_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// Put the previous published index.html back.
    Rollback {
        #[arg(long)]
        json: bool,
    },
    /// Delete assets neither the current nor the previous release references.
    Prune {
        /// Only list what would be deleted.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

impl ApiArgs {
    fn token(&self) -> anyhow::Result<Option<String>> {
        if let Some(path) = &self.token_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!(
                    "cannot read the token file {}: {e}; check --token-file",
                    path.display()
                )
            })?;
            return Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty()));
        }
        Ok(self.token.clone().filter(|t| !t.trim().is_empty()))
    }

    fn retry(&self) -> Retry {
        Retry {
            retries: self.retries,
            initial_backoff: Duration::from_millis(200),
        }
    }

    fn options(&self) -> anyhow::Result<ApiOptions> {
        let token = self.token()?.ok_or(crate::Error::MissingToken)?;
        Ok(ApiOptions {
            api_url: self.api_url.clone(),
            token: Some(token),
            retry: self.retry(),
        })
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Publish {
            dist_dir,
            json,
            jobs,
            force,
            dry_run,
            brotli_quality,
            no_progress_bar,
            fail_after_uploads,
        } => {
            let mut opts = PublishOptions::new(dist_dir, cli.api.api_url.clone(), cli.api.token()?);
            opts.jobs = jobs;
            opts.force = force;
            opts.dry_run = dry_run;
            opts.brotli_quality = brotli_quality;
            opts.retry = cli.api.retry();
            opts.fail_after_uploads = fail_after_uploads;
            opts.progress = if no_progress_bar {
                Progress::Lines
            } else {
                Progress::Auto
            };
            let summary = publish::publish(&opts)?;
            if json {
                print_json(&summary)?;
            } else if summary.dry_run {
                for a in &summary.uploaded_assets {
                    println!("would upload {} ({})", a.name, human_size(a.size));
                }
                println!(
                    "dry run: {} would be uploaded ({}), {} unchanged{}",
                    summary.uploaded,
                    human_size(summary.bytes),
                    summary.skipped,
                    if summary.index_changed {
                        "; index.html would change"
                    } else {
                        ""
                    }
                );
            } else {
                println!(
                    "published {} to {}: {} uploaded ({}), {} unchanged, {:.2} s{}",
                    summary.dist_dir.display(),
                    summary.api_url,
                    summary.uploaded,
                    human_size(summary.bytes),
                    summary.skipped,
                    summary.seconds,
                    if summary.index_changed {
                        "; new release live"
                    } else {
                        "; live index.html unchanged"
                    }
                );
            }
        }
        Command::List { json, releases } => {
            let opts = cli.api.options()?;
            if releases {
                let rows = ops::releases(&opts)?;
                if json {
                    return print_json(&rows);
                }
                println!(
                    "{:>8}  {:<12}  {:<32}  {:<32}  current",
                    "release", "sha256", "published", "rolled back"
                );
                for r in rows {
                    println!(
                        "{:>8}  {:<12}  {:<32}  {:<32}  {}",
                        r.release_id,
                        r.sha256.get(..12).unwrap_or(&r.sha256),
                        r.published_at,
                        r.rolled_back_at.as_deref().unwrap_or("-"),
                        if r.is_current { "*" } else { "" }
                    );
                }
            } else {
                let rows = ops::list(&opts)?;
                if json {
                    return print_json(&rows);
                }
                let width = rows
                    .iter()
                    .map(|r| r.asset_name.len())
                    .max()
                    .unwrap_or(4)
                    .max(4);
                println!(
                    "{:<width$}  {:<30}  {:>10}  {:>10}  {:>10}  {:<12}  updated",
                    "name", "type", "size", "gzip", "br", "sha256"
                );
                for r in rows {
                    println!(
                        "{:<width$}  {:<30}  {:>10}  {:>10}  {:>10}  {:<12}  {}",
                        r.asset_name,
                        r.content_type,
                        human_size(r.size),
                        opt_size(r.gzip_size),
                        opt_size(r.br_size),
                        r.sha256.get(..12).unwrap_or(&r.sha256),
                        r.updated_at
                    );
                }
            }
        }
        Command::Verify {
            dist_dir,
            server_only,
            json,
        } => {
            let api = cli.api.options()?;
            let opts = VerifyOptions {
                api_url: api.api_url,
                token: api.token,
                dist_dir: (!server_only).then_some(dist_dir),
                retry: api.retry,
            };
            let report = verify::verify_report(&opts)?;
            if json {
                print_json(&report)?;
            } else {
                for c in &report.checked {
                    let mut extra = c.encodings.join("+");
                    if c.sri_checked {
                        extra.push_str(if extra.is_empty() { "sri" } else { "+sri" });
                    }
                    println!(
                        "{:>3} {:<40} {:<32} {:>10} {}",
                        c.status,
                        c.name,
                        c.content_type,
                        human_size(c.size),
                        extra
                    );
                }
                for p in &report.problems {
                    eprintln!("problem: {p}");
                }
            }
            if let Some(first) = report.problems.first() {
                return Err(crate::Error::VerifyFailed {
                    count: report.problems.len(),
                    first: first.clone(),
                }
                .into());
            }
            if !json {
                println!(
                    "verified {} assets at {}: all good",
                    report.checked.len(),
                    report.api_url
                );
            }
        }
        Command::Rollback { json } => {
            let result = ops::rollback(&cli.api.options()?)?;
            if json {
                print_json(&result)?;
            } else {
                println!(
                    "rolled back: release {} (index.html {}) is live again; release {} was withdrawn",
                    result.restored_release_id,
                    result.sha256.get(..12).unwrap_or(&result.sha256),
                    result.rolled_back_release_id
                );
            }
        }
        Command::Prune { dry_run, json } => {
            let rows = ops::prune(&cli.api.options()?, dry_run)?;
            if json {
                print_json(&rows)?;
            } else {
                let verb = if dry_run { "would delete" } else { "deleted" };
                for r in &rows {
                    println!("{verb} {} ({})", r.asset_name, human_size(r.size));
                }
                println!(
                    "{verb} {} unreferenced asset(s), {}",
                    rows.len(),
                    human_size(rows.iter().map(|r| r.size).sum())
                );
            }
        }
    }
    Ok(())
}

/// The binary's entry point.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` puts the whole context chain on one line.
            let line = format!("{err:#}").replace(['\n', '\r'], " ");
            eprintln!("uploader: error: {line}");
            ExitCode::FAILURE
        }
    }
}
