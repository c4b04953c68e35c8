//! Bounded reads of `api.task_assignments` for the board, "My tasks",
//! approvals and the nav's badge: the open set is small (one per chore and
//! member at most), the closed set grows without end (100,000 rows in the
//! scale household), so closed rows come a page at a time. Each filter and
//! order below matches an index of migrations 0008/0010 (open by due time,
//! closed newest first), so a page costs the same at any size.

use super::{read, Api};
use crate::errors::ApiError;
use crate::json::JsonObject;
use crate::models::{Assignment, Status};
use std::future::Future;

/// Open rows at most on one screen; a household with more open chores
/// than this has a larger problem than the board's length.
pub const OPEN_LIMIT: usize = 100;
/// Closed rows (or waiting ones) per page.
pub const PAGE: usize = 50;

fn member(user_id: Option<i64>) -> String {
    user_id
        .map(|u| format!("&user_id=eq.{u}"))
        .unwrap_or_default()
}

fn rows(list: &JsonObject) -> Option<Vec<Assignment>> {
    list.rows(Assignment::from_json)
}

impl Api {
    /// To-do occurrences, soonest due first (undated last); one more than
    /// `OPEN_LIMIT` is asked for so the page can say there are more.
    pub fn open_assignments(
        self,
        user_id: Option<i64>,
    ) -> impl Future<Output = Result<Vec<Assignment>, ApiError>> {
        let path = format!(
            "/task_assignments?status=eq.todo{}&order=due_at.asc,assignment_id.asc&limit={}",
            member(user_id),
            OPEN_LIMIT + 1
        );
        read(self.request(path, None), rows)
    }

    /// Closed occurrences newest first (every status but to-do, or just
    /// `status`), the page starting at `offset`; `PAGE + 1` rows, the last
    /// only telling whether an older page exists.
    pub fn closed_assignments(
        self,
        user_id: Option<i64>,
        status: Option<Status>,
        offset: usize,
    ) -> impl Future<Output = Result<Vec<Assignment>, ApiError>> {
        let status = match status {
            Some(s) => format!("eq.{}", s.key()),
            None => "neq.todo".into(),
        };
        let path = format!(
            "/task_assignments?status={status}{}&order=closed_at.desc,assignment_id.desc&limit={}&offset={offset}",
            member(user_id),
            PAGE + 1
        );
        read(self.request(path, None), rows)
    }

    /// Completions waiting for review, oldest first, a page at a time
    /// (`PAGE + 1` rows, as above).
    pub fn waiting_assignments(
        self,
        offset: usize,
    ) -> impl Future<Output = Result<Vec<Assignment>, ApiError>> {
        let path = format!(
            "/task_assignments?status=eq.waiting&order=closed_at.asc,assignment_id.asc&limit={}&offset={offset}",
            PAGE + 1
        );
        read(self.request(path, None), rows)
    }
}
