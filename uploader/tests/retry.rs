//! Retry policy against a scripted HTTP server: transient failures (5xx,
//! dropped connections) are retried with backoff, 4xx answers are not.

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;
use support::scripted;
use uploader::{Client, Error, Retry};

fn client(url: &str, retries: u32) -> Client {
    Client::new(url, Some("test-token"))
        .expect("client")
        .with_retry(Retry {
            retries,
            initial_backoff: Duration::from_millis(10),
        })
}

const ERR: &str = r#"{"code":"X","message":"boom","details":null,"hint":null}"#;

#[test]
fn server_errors_and_dropped_connections_are_retried() {
    let (url, count) = scripted(vec![
        Some((503, ERR)),
        None,
        Some((502, ERR)),
        Some((200, "[]")),
    ]);
    let manifest = client(&url, 3)
        .manifest()
        .expect("succeeds on the 4th attempt");
    assert!(manifest.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[test]
fn retries_run_out() {
    let (url, count) = scripted(vec![Some((500, ERR))]);
    let err = client(&url, 2).manifest().expect_err("always 500");
    assert!(
        matches!(
            err,
            Error::Server {
                status: 500,
                attempts: 3,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("boom"));
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[test]
fn client_errors_are_not_retried() {
    for (status, check) in [
        (
            400,
            (|e: &Error| matches!(e, Error::Rejected { status: 400, .. })) as fn(&Error) -> bool,
        ),
        (401, |e: &Error| matches!(e, Error::Unauthorized { .. })),
        (403, |e: &Error| matches!(e, Error::Forbidden { .. })),
        (413, |e: &Error| matches!(e, Error::PayloadTooLarge { .. })),
    ] {
        let (url, count) = scripted(vec![Some((status, ERR)), Some((200, "[]"))]);
        let err = client(&url, 3).manifest().expect_err("4xx is final");
        assert!(check(&err), "{status}: {err}");
        assert_eq!(count.load(Ordering::SeqCst), 1, "{status} was retried");
    }
}

#[test]
fn conflict_on_rollback_means_no_previous_release() {
    let (url, _) = scripted(vec![Some((409, ERR))]);
    let err = client(&url, 3).rollback().expect_err("409");
    assert!(matches!(err, Error::NoPreviousRelease), "{err}");
}
