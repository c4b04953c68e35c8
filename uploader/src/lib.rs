//! The uploader: publishes Trunk's `dist/` into the database through
//! PostgREST (`update_frontend_asset`), and lists, verifies, rolls back and
//! prunes what is published. Blocking API, usable from tests and tools:
//!
//! ```no_run
//! let opts = uploader::PublishOptions::new("dist", "http://127.0.0.1:3000", Some("<jwt>".into()));
//! let summary = uploader::publish(&opts)?;
//! println!("{} uploaded, {} unchanged", summary.uploaded, summary.skipped);
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod client;
pub mod compress;
pub mod dist;
pub mod error;
pub mod manage;
pub mod progress;
pub mod publish;
pub mod rewrite;
pub mod verify;

pub use client::{ApiOptions, Client, ManifestEntry, PrunedAsset, Release, Retry, RollbackResult};
pub use error::Error;
pub use manage::{list, prune, releases, rollback};
pub use progress::Progress;
pub use publish::{publish, PublishOptions, PublishSummary, UploadHook, UploadedAsset};
pub use verify::{verify, verify_report, AssetCheck, VerifyOptions, VerifyReport};
