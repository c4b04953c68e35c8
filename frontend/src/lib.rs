//! The household chore tracker's browser app (Leptos CSR).

pub mod api;
mod app;
mod components;
pub mod errors;
pub mod grouping;
pub mod models;
mod pages;
pub mod route;
pub mod state;
pub mod token;
pub mod validation;

pub use app::App;
