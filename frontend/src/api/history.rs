//! The history, its export, and what the calendar reads (agenda, the
//! household's time zone): db/api/47_agenda_history.sql, 48_export.sql.
//! Replies are read with JSON.parse (json.rs).

use super::{read, Api};
use crate::errors::ApiError;
use crate::records::{history_path, time_zone, HistoryFilter, Occurrences};
use std::future::Future;

impl Api {
    /// One page of closed occurrences, newest first; `cursor` is the
    /// previous page's `next_cursor` (made for these filters).
    pub fn history_page(
        self,
        filter: &HistoryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> impl Future<Output = Result<Occurrences, ApiError>> {
        read(
            self.request(history_path(filter, cursor, limit), None),
            Occurrences::from_json,
        )
    }

    /// The household's whole history as the file's text (`csv` or `json`).
    pub fn export_history(self, format: &str) -> impl Future<Output = Result<String, ApiError>> {
        self.request(format!("/rpc/export_history?p_format={format}"), None)
    }

    /// Open occurrences due up to the end of day `days` (0: today and
    /// everything overdue).
    pub fn agenda_days(self, days: u32) -> impl Future<Output = Result<Occurrences, ApiError>> {
        read(
            self.request(format!("/rpc/agenda?p_days={days}"), None),
            Occurrences::from_json,
        )
    }

    /// The household's time zone.
    pub fn household_zone(self) -> impl Future<Output = Result<String, ApiError>> {
        read(self.request("/rpc/household".into(), None), time_zone)
    }
}
