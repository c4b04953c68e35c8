//! The chore editor's calls: saving a chore's whole definition
//! (`create_chore`/`update_chore`, then `set_chore_points`), a one-off's due
//! time, the household's time zone and `preview_schedule`. (A chore's row
//! is a `models::Task`: `api.tasks` has every column.)

use super::{done, read, Api};
use crate::errors::ApiError;
use crate::json::{Body, JsonObject};
use crate::models::Task;
use std::future::Future;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    pub time_zone: String,
}

/// `create_chore` / `update_chore`: the whole definition (the editor
/// always sends all of it; `update_chore` replaces it).
pub struct ChoreArgs {
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

impl ChoreArgs {
    /// The body: a new chore leaves `p_task_id` out; every other `None`
    /// is sent as null (the field does not apply to this schedule).
    pub fn to_json(&self) -> String {
        Body::new()
            .some_int("p_task_id", self.p_task_id)
            .text("p_task_name", &self.p_task_name)
            .text("p_description", &self.p_description)
            .text("p_schedule_kind", &self.p_schedule_kind)
            .text_or_null("p_rrule", self.p_rrule.as_deref())
            .text_or_null("p_start", self.p_start.as_deref())
            .text_or_null("p_due_at", self.p_due_at.as_deref())
            .int_or_null("p_interval_count", self.p_interval_count.map(i64::from))
            .text_or_null("p_interval_unit", self.p_interval_unit.as_deref())
            .int_or_null("p_after_task_id", self.p_after_task_id)
            .int_or_null("p_after_hours", self.p_after_hours.map(i64::from))
            .text("p_assignee_mode", &self.p_assignee_mode)
            .int_or_null("p_user_id", self.p_user_id)
            .ints_or_null("p_pool", self.p_pool.as_deref())
            .text_or_null("p_rotation_strategy", self.p_rotation_strategy.as_deref())
            .flag("p_requires_approval", self.p_requires_approval)
            .finish()
    }
}

fn encoded(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// The first row's `due_at`, if there is a row and it has one.
fn first_due_at(rows: &JsonObject) -> Option<Option<String>> {
    rows.rows(|row| row.optional("due_at", JsonObject::string))
        .map(|rows| rows.into_iter().next().flatten())
}

impl Api {
    /// The one-off's open occurrence's due time, if it has one.
    pub fn open_due_at(
        self,
        task_id: i64,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> {
        let path = format!(
            "/task_assignments?task_id=eq.{task_id}&status=eq.todo&due_at=not.is.null\
             &select=due_at&order=due_at.asc&limit=1"
        );
        read(self.request(path, None), first_due_at)
    }

    pub fn household(self) -> impl Future<Output = Result<Household, ApiError>> {
        read(self.request("/rpc/household".into(), None), |j| {
            Some(Household {
                time_zone: j.string("time_zone")?,
            })
        })
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
        read(self.request(path, None), JsonObject::strings)
    }

    /// Creates (`p_task_id` `None`) or replaces a chore; the reply is the
    /// saved chore.
    pub fn save_chore(self, args: &ChoreArgs) -> impl Future<Output = Result<Task, ApiError>> {
        let function = if args.p_task_id.is_some() {
            "update_chore"
        } else {
            "create_chore"
        };
        read(self.post(function, args.to_json()), Task::from_json)
    }

    pub fn set_chore_points(
        self,
        task_id: i64,
        points: u32,
        penalty: u32,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .int("p_task_id", task_id)
            .int("p_points", points.into())
            .int("p_penalty_points", penalty.into())
            .finish();
        done(self.post("set_chore_points", args))
    }
}
