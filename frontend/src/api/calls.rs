//! One typed method per API call the app makes, with its arguments as a
//! struct named like the parameters (db/api/*.sql).

use super::{body, decoded, done, rpc_path, send, Api};
use crate::errors::ApiError;
use crate::models::{Invite, LoginReply, Registration, Task, User};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

#[derive(Serialize)]
struct Credentials<'a> {
    p_username: &'a str,
    p_password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    p_invite_code: Option<&'a str>,
}

#[derive(Serialize)]
struct PasswordChange<'a> {
    p_current_password: &'a str,
    p_new_password: &'a str,
}

#[derive(Serialize)]
struct PasswordReset<'a> {
    p_user_id: i64,
    p_new_password: &'a str,
}

#[derive(Serialize)]
struct UserId {
    p_user_id: i64,
}

#[derive(Serialize)]
struct InviteTerms {
    p_expires_in_hours: u32,
    p_max_uses: u32,
}

#[derive(Serialize)]
struct InviteId {
    p_invite_id: i64,
}

#[derive(Serialize)]
struct Minutes {
    p_minutes: u32,
}

#[derive(Serialize)]
struct TaskFields<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    p_task_id: Option<i64>,
    p_task_name: &'a str,
    p_description: &'a str,
}

#[derive(Serialize)]
struct TaskId {
    p_task_id: i64,
}

#[derive(Serialize)]
struct Assign {
    p_task_id: i64,
    p_user_id: i64,
}

#[derive(Serialize)]
struct AssignmentId {
    p_assignment_id: i64,
}

/// Signing in and registering need no session.
fn anonymous<T: DeserializeOwned>(
    function: &str,
    args: &Credentials,
) -> impl Future<Output = Result<T, ApiError>> {
    decoded(send(rpc_path(function), None, Some(body(args))))
}

pub fn login(username: &str, password: &str) -> impl Future<Output = Result<LoginReply, ApiError>> {
    let args = Credentials {
        p_username: username,
        p_password: password,
        p_invite_code: None,
    };
    anonymous("login", &args)
}

/// `invite_code`: `None` when the field was left empty (registration may
/// be open to everyone for a while).
pub fn register(
    username: &str,
    password: &str,
    invite_code: Option<&str>,
) -> impl Future<Output = Result<User, ApiError>> {
    let args = Credentials {
        p_username: username,
        p_password: password,
        p_invite_code: invite_code,
    };
    anonymous("register_user", &args)
}

/// The signed-in calls. Each builds its arguments at once and returns the
/// request's future: nothing borrowed is held across the wait.
impl Api {
    pub fn me(self) -> impl Future<Output = Result<User, ApiError>> {
        decoded(self.request("/rpc/me".into(), None))
    }

    /// A new password for the signed-in member: every other session ends,
    /// the reply carries the new token.
    pub fn change_password(
        self,
        current: &str,
        new: &str,
    ) -> impl Future<Output = Result<LoginReply, ApiError>> {
        let args = PasswordChange {
            p_current_password: current,
            p_new_password: new,
        };
        decoded(self.post("change_password", body(&args)))
    }

    pub fn users(self) -> impl Future<Output = Result<Vec<User>, ApiError>> {
        decoded(self.request("/users?order=username.asc".into(), None))
    }

    pub fn reset_member_password(
        self,
        user_id: i64,
        new: &str,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = PasswordReset {
            p_user_id: user_id,
            p_new_password: new,
        };
        done(self.post("reset_member_password", body(&args)))
    }

    pub fn remove_member(self, user_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        done(self.post("remove_member", body(&UserId { p_user_id: user_id })))
    }

    /// The reply is the only time the code itself is shown.
    pub fn create_invite(
        self,
        expires_in_hours: u32,
        max_uses: u32,
    ) -> impl Future<Output = Result<Invite, ApiError>> {
        let args = InviteTerms {
            p_expires_in_hours: expires_in_hours,
            p_max_uses: max_uses,
        };
        decoded(self.post("create_invite", body(&args)))
    }

    pub fn invites(self) -> impl Future<Output = Result<Vec<Invite>, ApiError>> {
        decoded(self.request("/rpc/invites".into(), None))
    }

    pub fn revoke_invite(self, invite_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        done(self.post(
            "revoke_invite",
            body(&InviteId {
                p_invite_id: invite_id,
            }),
        ))
    }

    pub fn registration_settings(self) -> impl Future<Output = Result<Registration, ApiError>> {
        decoded(self.request("/rpc/registration_settings".into(), None))
    }

    /// Lets anyone register for `minutes` (0 closes registration again).
    pub fn open_registration(self, minutes: u32) -> impl Future<Output = Result<(), ApiError>> {
        done(self.post("open_registration", body(&Minutes { p_minutes: minutes })))
    }

    pub fn tasks(self) -> impl Future<Output = Result<Vec<Task>, ApiError>> {
        decoded(self.request("/tasks?order=is_archived.asc,task_name.asc".into(), None))
    }

    /// `task_id` `None` creates the task.
    pub fn save_task(
        self,
        task_id: Option<i64>,
        name: &str,
        description: &str,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = TaskFields {
            p_task_id: task_id,
            p_task_name: name,
            p_description: description,
        };
        let function = if task_id.is_some() {
            "update_task"
        } else {
            "create_task"
        };
        done(self.post(function, body(&args)))
    }

    pub fn archive_task(self, task_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        done(self.post("delete_task", body(&TaskId { p_task_id: task_id })))
    }

    pub fn assign_task(
        self,
        task_id: i64,
        user_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Assign {
            p_task_id: task_id,
            p_user_id: user_id,
        };
        done(self.post("assign_task", body(&args)))
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
        let args = AssignmentId {
            p_assignment_id: assignment_id,
        };
        done(self.post(function, body(&args)))
    }
}
