//! The household chore tracker's browser app (Leptos CSR).
//!
//! `app` is the shell and picks the page for the route (`route`); `pages`
//! holds one screen each, built from the views in `components`; pages
//! load data with `loaded::Loaded` through the session-carrying
//! `api::Api`. `errors`, `format`, `grouping`, `token` and `validation`
//! are pure logic, unit-tested in the browser (tests/logic.rs).

pub mod api;
mod app;
mod components;
pub mod errors;
pub mod format;
pub mod grouping;
pub mod html;
pub mod i18n;
pub mod json;
mod lazy;
mod loaded;
pub mod models;
mod pages;
pub mod points;
pub mod pwa;
pub mod records;
pub mod route;
pub mod schedule;
pub mod state;
pub mod theme;
pub mod token;
pub mod validation;

pub use app::App;
/// The Today screen's reading of the agenda (unit-tested: tests/today.rs).
pub use pages::today_model;
