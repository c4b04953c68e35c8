//! The command line: what each flag means, and how the flags become the
//! library's options. Nothing here talks to the network or prints.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use uploader::{ApiOptions, Progress, PublishOptions, Retry, VerifyOptions};

// No Debug: the flags hold the credential.
#[derive(Parser)]
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

/// Where and as whom to talk to the API (every subcommand takes these).
#[derive(Args)]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Upload the changed files of a Trunk build, index.html last.
    Publish(PublishArgs),
    /// Show what is published.
    List(ListArgs),
    /// Load the live site as a browser would and check it against the server's record and dist/.
    Verify(VerifyArgs),
    /// Put the previous published index.html back.
    Rollback(Format),
    /// Delete assets neither the current nor the previous release references.
    Prune(PruneArgs),
}

/// How a subcommand reports on stdout.
#[derive(Debug, Args)]
pub struct Format {
    /// Print JSON on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Trunk's output directory.
    #[arg(default_value = "dist")]
    pub dist_dir: PathBuf,
    #[command(flatten)]
    pub format: Format,
    /// Parallel uploads.
    #[arg(long, short, default_value_t = 4)]
    pub jobs: usize,
    /// Upload every file, even those the server already holds.
    #[arg(long)]
    pub force: bool,
    /// Show what would be uploaded; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Brotli quality 1-11 (0: no brotli variants).
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u32).range(0..=11))]
    pub brotli_quality: u32,
    /// Plain progress lines even on a terminal.
    #[arg(long)]
    pub no_progress_bar: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub format: Format,
    /// Show the release history (each published index.html) instead.
    #[arg(long)]
    pub releases: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The build to compare with.
    #[arg(default_value = "dist")]
    pub dist_dir: PathBuf,
    /// Only check the live site against the server's record and SRI hashes.
    #[arg(long)]
    pub server_only: bool,
    #[command(flatten)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Only list what would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub format: Format,
}

impl ApiArgs {
    /// The API options; the token may be missing (`publish` checks its
    /// build first and reports a missing token itself).
    pub fn options(&self) -> anyhow::Result<ApiOptions> {
        Ok(ApiOptions {
            api_url: self.api_url.clone(),
            token: self.token()?,
            retry: Retry {
                retries: self.retries,
                ..Retry::default()
            },
        })
    }

    /// The API options of a command that needs the token before anything else.
    pub fn options_with_token(&self) -> anyhow::Result<ApiOptions> {
        let options = self.options()?;
        anyhow::ensure!(options.token.is_some(), uploader::Error::MissingToken);
        Ok(options)
    }

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
}

impl PublishArgs {
    pub fn options(&self, api: ApiOptions) -> PublishOptions {
        let mut opts = PublishOptions::with_api(self.dist_dir.clone(), api);
        opts.jobs = self.jobs;
        opts.force = self.force;
        opts.dry_run = self.dry_run;
        opts.brotli_quality = self.brotli_quality;
        opts.progress = if self.no_progress_bar {
            Progress::Lines
        } else {
            Progress::Auto
        };
        opts
    }
}

impl VerifyArgs {
    pub fn options(&self, api: ApiOptions) -> VerifyOptions {
        VerifyOptions {
            api,
            dist_dir: (!self.server_only).then(|| self.dist_dir.clone()),
        }
    }
}
