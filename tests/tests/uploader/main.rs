//! The uploader against the real stack: PostgREST 12 serving what
//! `uploader::publish` stored, fetched with the headers a browser sends.
//!
//! Every test that publishes gets a stack of its own (`Stack::start`), so
//! the order and parallelism of tests cannot change what they see. Builds
//! are fixtures in Trunk's exact output format (TOOLCHAIN.md "What Trunk
//! emits"), plus one test that publishes the real `dist/`.
//!
//! One test target, split by concern: `fixtures` builds the dists and holds
//! the shared helpers and site assertions; the other modules are the tests.

mod faults;
mod fixtures;
mod publish;
mod real_build;
mod refusals;
mod releases;
mod verify;
