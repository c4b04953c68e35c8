//! Test harness: a real, isolated PostgreSQL cluster and PostgREST, started
//! through the project's own `scripts/stack.sh` on free loopback ports.
//!
//! One stack per test binary ([`Stack::shared`]); tests that need a stack of
//! their own call [`Stack::start`]. A watchdog started by `stack.sh` stops the
//! servers when the test process exits, also when it panics or is killed.

pub mod api_catalog;
pub mod browser;
pub mod browser_bench;
pub mod browser_fixtures;
mod http;
pub mod proxy;
pub mod screens;
mod servers;
mod stack;

pub mod cluster;
pub mod drill;
pub mod members;

pub use http::{Api, Reply};
pub use stack::{project_root, Stack};
