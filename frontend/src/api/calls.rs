//! One typed method per API call the app makes; each writes its arguments,
//! named like the parameters (db/api/*.sql), with `json::Body`.

use super::{done, read, rpc_path, send, Api};
use crate::errors::ApiError;
use crate::json::{Body, JsonObject};
use crate::models::{Invite, LoginReply, Registration, Task, User};
use std::future::Future;

/// Signing in and registering need no session.
fn anonymous<T>(
    function: &str,
    username: &str,
    password: &str,
    invite_code: Option<&str>,
    reply: fn(&JsonObject) -> Option<T>,
) -> impl Future<Output = Result<T, ApiError>> {
    let args = Body::new()
        .text("p_username", username)
        .text("p_password", password)
        .some_text("p_invite_code", invite_code)
        .finish();
    read(send(rpc_path(function), None, Some(args)), reply)
}

pub fn login(username: &str, password: &str) -> impl Future<Output = Result<LoginReply, ApiError>> {
    anonymous("login", username, password, None, LoginReply::from_json)
}

/// `invite_code`: `None` when the field was left empty (registration may
/// be open to everyone for a while).
pub fn register(
    username: &str,
    password: &str,
    invite_code: Option<&str>,
) -> impl Future<Output = Result<User, ApiError>> {
    anonymous(
        "register_user",
        username,
        password,
        invite_code,
        User::from_json,
    )
}

/// The signed-in calls. Each builds its arguments at once and returns the
/// request's future: nothing borrowed is held across the wait.
impl Api {
    pub fn me(self) -> impl Future<Output = Result<User, ApiError>> {
        read(self.request("/rpc/me".into(), None), User::from_json)
    }

    /// A new password for the signed-in member: every other session ends,
    /// the reply carries the new token.
    pub fn change_password(
        self,
        current: &str,
        new: &str,
    ) -> impl Future<Output = Result<LoginReply, ApiError>> {
        let args = Body::new()
            .text("p_current_password", current)
            .text("p_new_password", new)
            .finish();
        read(self.post("change_password", args), LoginReply::from_json)
    }

    pub fn users(self) -> impl Future<Output = Result<Vec<User>, ApiError>> {
        read(
            self.request("/users?order=username.asc".into(), None),
            |list| list.rows(User::from_json),
        )
    }

    pub fn reset_member_password(
        self,
        user_id: i64,
        new: &str,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .int("p_user_id", user_id)
            .text("p_new_password", new)
            .finish();
        done(self.post("reset_member_password", args))
    }

    pub fn remove_member(self, user_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_user_id", user_id).finish();
        done(self.post("remove_member", args))
    }

    /// The reply is the only time the code itself is shown.
    pub fn create_invite(
        self,
        expires_in_hours: u32,
        max_uses: u32,
    ) -> impl Future<Output = Result<Invite, ApiError>> {
        let args = Body::new()
            .int("p_expires_in_hours", expires_in_hours.into())
            .int("p_max_uses", max_uses.into())
            .finish();
        read(self.post("create_invite", args), Invite::from_json)
    }

    pub fn invites(self) -> impl Future<Output = Result<Vec<Invite>, ApiError>> {
        read(self.request("/rpc/invites".into(), None), |list| {
            list.rows(Invite::from_json)
        })
    }

    pub fn revoke_invite(self, invite_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_invite_id", invite_id).finish();
        done(self.post("revoke_invite", args))
    }

    pub fn registration_settings(self) -> impl Future<Output = Result<Registration, ApiError>> {
        read(
            self.request("/rpc/registration_settings".into(), None),
            Registration::from_json,
        )
    }

    /// Lets anyone register for `minutes` (0 closes registration again).
    pub fn open_registration(self, minutes: u32) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_minutes", minutes.into()).finish();
        done(self.post("open_registration", args))
    }

    pub fn tasks(self) -> impl Future<Output = Result<Vec<Task>, ApiError>> {
        read(
            self.request("/tasks?order=is_archived.asc,task_name.asc".into(), None),
            |list| list.rows(Task::from_json),
        )
    }

    /// `task_id` `None` creates the task.
    pub fn save_task(
        self,
        task_id: Option<i64>,
        name: &str,
        description: &str,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .some_int("p_task_id", task_id)
            .text("p_task_name", name)
            .text("p_description", description)
            .finish();
        let function = if task_id.is_some() {
            "update_task"
        } else {
            "create_task"
        };
        done(self.post(function, args))
    }

    pub fn archive_task(self, task_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_task_id", task_id).finish();
        done(self.post("delete_task", args))
    }

    pub fn assign_task(
        self,
        task_id: i64,
        user_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .int("p_task_id", task_id)
            .int("p_user_id", user_id)
            .finish();
        done(self.post("assign_task", args))
    }

    pub fn complete(self, assignment_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        self.on_assignment("complete_assignment", assignment_id)
    }

    pub fn review(
        self,
        assignment_id: i64,
        approve: bool,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let function = if approve {
            "approve_assignment"
        } else {
            "reject_assignment"
        };
        self.on_assignment(function, assignment_id)
    }

    fn on_assignment(
        self,
        function: &str,
        assignment_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_assignment_id", assignment_id).finish();
        done(self.post(function, args))
    }
}
