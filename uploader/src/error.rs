//! The errors the uploader reports. Each message is one line that says what
//! went wrong and what to do next; none of them ever contains the credential.

use std::path::PathBuf;

/// Everything that can stop a command. Library callers can
/// `err.downcast_ref::<uploader::Error>()` on the `anyhow::Error` they get.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("dist directory {0} does not exist: build the app first (`make frontend`) or pass the right DIST_DIR")]
    DistMissing(PathBuf),
    #[error("{0} is not a directory: pass the directory Trunk builds into (e.g. dist)")]
    DistNotDirectory(PathBuf),
    #[error(
        "{0} has no index.html: it is not a Trunk build output; build the app first (`make frontend`)"
    )]
    NoIndexHtml(PathBuf),
    #[error("cannot read {path}: {source}; check that the file exists and is readable")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is in a subdirectory, but published assets are flat file names: keep Trunk's output flat")]
    NestedFile(PathBuf),
    #[error("file name {0:?} cannot be published: names must match [A-Za-z0-9][A-Za-z0-9._-]{{0,199}}; rename it")]
    BadAssetName(String),
    #[error("index.html is not valid UTF-8: {0}; rebuild it with Trunk")]
    IndexNotUtf8(String),
    #[error("asset {name} is {size} bytes, more than the {limit}-byte limit: make it smaller (or split it)")]
    AssetTooLarge { name: String, size: u64, limit: u64 },
    #[error("no publisher credential: set UPLOADER_TOKEN or pass --token/--token-file (get one with `scripts/db.sh publisher-token`)")]
    MissingToken,
    #[error("cannot reach the API at {url}: {reason}; is PostgREST running (`scripts/stack.sh up`) and --api-url/UPLOADER_API_URL right?")]
    Unreachable { url: String, reason: String },
    #[error("the API rejected the credential (401 {message}): get a fresh publisher token (`scripts/db.sh publisher-token`) and set UPLOADER_TOKEN")]
    Unauthorized { message: String },
    #[error("the credential is not allowed to publish (403 {message}): use a publisher token (`scripts/db.sh publisher-token`), not a household member's")]
    Forbidden { message: String },
    #[error("the server refused {what} as too large (413 {message}): make the asset smaller")]
    PayloadTooLarge { what: String, message: String },
    #[error("there is no previous release to roll back to (409): publish at least twice before rolling back")]
    NoPreviousRelease,
    #[error("the API answered {status} to {what}: {message}")]
    Rejected {
        status: u16,
        what: String,
        message: String,
    },
    #[error("the API failed with {status} on {what} after {attempts} attempt(s): {message}; check the PostgREST and PostgreSQL logs, then retry")]
    Server {
        status: u16,
        what: String,
        attempts: u32,
        message: String,
    },
    #[error(
        "unexpected answer to {what}: {reason}; is --api-url pointing at this project's PostgREST?"
    )]
    BadResponse { what: String, reason: String },
    /// Test builds only (feature `fault-injection`).
    #[cfg(feature = "fault-injection")]
    #[error("publish stopped after {uploaded} upload(s) by the injected fault (fail_after_uploads); index.html was not changed")]
    InjectedFault { uploaded: usize },
    #[error("verify found {count} problem(s): {first}")]
    VerifyFailed { count: usize, first: String },
}

impl Error {
    /// Connection problems and 5xx answers are worth retrying; anything the
    /// server rejected on purpose (4xx) is not.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Unreachable { .. } | Error::Server { .. })
    }
}
