//! Operations: deploy.sh, monitor.sh, the dev->production conversion and
//! docker-compose.prod.yml, against real clusters. Each test starts its own
//! bare PostgreSQL + PostgREST ([`tests::cluster::BareCluster`]) and deploys
//! onto it.
//!
//! One test target, split by concern: `common` holds the fixtures and the
//! shared helpers; the other modules are the tests.

mod common;
mod connections;
mod convert;
mod deploy;
mod migrations;
mod monitor;
mod readme;
mod scripts;
mod secrets;
mod tls;
