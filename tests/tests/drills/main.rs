//! Fault drills (issue 13): the database restarts or crashes, PostgREST is
//! killed, its connections are cut, its pool is exhausted, a publish is
//! killed at every step, a backup is taken under load and restored, the app
//! open in Chromium outlives a PostgREST kill, `stack.sh down` stops
//! everything. Clients
//! keep completing, approving and reading throughout; every write a client
//! saw acknowledged is checked in the database afterwards, and the outage
//! clients saw and the time to recover are printed and bounded.
//!
//! The drills share one stack and run one at a time (each breaks it on
//! purpose); `--nocapture` shows the measurements.

mod app_recovery;
mod backup;
mod common;
mod outages;
mod publish;
mod shutdown;
// The uploader suite's Trunk-shaped builds and whole-site check; the drills
// use only those (they drive the uploader binary, not its library).
#[allow(dead_code)]
#[path = "../uploader/fixtures.rs"]
mod site;
