//! The chore editor's calls: saving a chore's whole definition
//! (`create_chore`/`update_chore`, then `set_chore_points`), a one-off's due
//! time, the household's time zone and `preview_schedule`. (A chore's row
//! is a `models::Task`: `api.tasks` has every column.)

use super::{body, decoded, done, Api};
use crate::errors::ApiError;
use crate::models::Task;
use serde::{Deserialize, Serialize};
use std::future::Future;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Household {
    pub time_zone: String,
}

#[derive(Clone, Debug, Deserialize)]
struct DueAt {
    due_at: Option<String>,
}

/// `create_chore` / `update_chore`: the whole definition (the editor
/// always sends all of it; `update_chore` replaces it).
#[derive(Serialize)]
pub struct ChoreArgs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_task_id: Option<i64>,
    pub p_task_name: String,
    pub p_description: String,
    pub p_schedule_kind: String,
    pub p_rrule: Option<String>,
    pub p_start: Option<String>,
    /// An instant (ISO), converted from the household-local due time.
    pub p_due_at: Option<String>,
    pub p_interval_count: Option<u32>,
    pub p_interval_unit: Option<String>,
    pub p_after_task_id: Option<i64>,
    pub p_after_hours: Option<u32>,
    pub p_assignee_mode: String,
    pub p_user_id: Option<i64>,
    pub p_pool: Option<Vec<i64>>,
    pub p_rotation_strategy: Option<String>,
    pub p_requires_approval: bool,
}

#[derive(Serialize)]
struct Points {
    p_task_id: i64,
    p_points: u32,
    p_penalty_points: u32,
}

fn encoded(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

impl Api {
    /// The one-off's open occurrence's due time, if it has one.
    pub async fn open_due_at(self, task_id: i64) -> Result<Option<String>, ApiError> {
        let path = format!(
            "/task_assignments?task_id=eq.{task_id}&status=eq.todo&due_at=not.is.null\
             &select=due_at&order=due_at.asc&limit=1"
        );
        let rows: Vec<DueAt> = decoded(self.request(path, None)).await?;
        Ok(rows.into_iter().next().and_then(|r| r.due_at))
    }

    pub fn household(self) -> impl Future<Output = Result<Household, ApiError>> {
        decoded(self.request("/rpc/household".into(), None))
    }

    /// The next `count` instants of `rule` from the household-local `start`.
    pub fn preview_schedule(
        self,
        rule: &str,
        start: &str,
        count: u32,
    ) -> impl Future<Output = Result<Vec<String>, ApiError>> {
        let path = format!(
            "/rpc/preview_schedule?p_rule={}&p_start={}&p_count={count}",
            encoded(rule),
            encoded(start)
        );
        decoded(self.request(path, None))
    }

    /// Creates (`p_task_id` `None`) or replaces a chore; the reply is the
    /// saved chore.
    pub fn save_chore(self, args: &ChoreArgs) -> impl Future<Output = Result<Task, ApiError>> {
        let function = if args.p_task_id.is_some() {
            "update_chore"
        } else {
            "create_chore"
        };
        decoded(self.post(function, body(args)))
    }

    pub fn set_chore_points(
        self,
        task_id: i64,
        points: u32,
        penalty: u32,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Points {
            p_task_id: task_id,
            p_points: points,
            p_penalty_points: penalty,
        };
        done(self.post("set_chore_points", body(&args)))
    }
}
