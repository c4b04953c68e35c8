//! The API's JSON shapes (see db/api/*.sql).

use crate::i18n::{t, K};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub user_id: i64,
    pub username: String,
    pub is_admin: bool,
    #[serde(default)]
    pub created_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LoginReply {
    pub token: String,
    pub user: User,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Task {
    pub task_id: i64,
    pub task_name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub created_at: String,
    pub is_archived: bool,
    /// The chore's definition (`api.tasks`; the schedule's columns as in
    /// `schedule::Fields`); defaults where a reply lacks them.
    #[serde(default)]
    pub schedule_kind: Option<String>,
    #[serde(default)]
    pub rrule: Option<String>,
    #[serde(default)]
    pub schedule_start: Option<String>,
    #[serde(default)]
    pub interval_count: Option<u32>,
    #[serde(default)]
    pub interval_unit: Option<String>,
    #[serde(default)]
    pub after_task_id: Option<i64>,
    #[serde(default)]
    pub after_hours: Option<u32>,
    /// Who does it: fixed, rotation, anyone or everyone.
    #[serde(default)]
    pub assignee_mode: Option<String>,
    #[serde(default)]
    pub fixed_user_id: Option<i64>,
    #[serde(default)]
    pub rotation_strategy: Option<String>,
    #[serde(default)]
    pub requires_approval: Option<bool>,
    /// The members who take turns (or may do it), in order.
    #[serde(default)]
    pub pool: Vec<i64>,
    #[serde(default)]
    pub points: u32,
    #[serde(default)]
    pub penalty_points: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Waiting,
    /// Completed where the chore needs no approval.
    Done,
    Approved,
    Rejected,
    Skipped,
    Missed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Todo,
        Status::Waiting,
        Status::Done,
        Status::Approved,
        Status::Rejected,
        Status::Skipped,
        Status::Missed,
    ];

    pub fn label(self) -> &'static str {
        t(match self {
            Status::Todo => K::StTodo,
            Status::Waiting => K::StWaiting,
            Status::Done => K::StDone,
            Status::Approved => K::StApproved,
            Status::Rejected => K::StRejected,
            Status::Skipped => K::StSkipped,
            Status::Missed => K::StMissed,
        })
    }

    /// The API's spelling, also used in CSS classes and filter values.
    pub fn key(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Waiting => "waiting",
            Status::Done => "done",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
            Status::Missed => "missed",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Assignment {
    pub assignment_id: i64,
    pub task_id: i64,
    pub task_name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `None` while nobody has claimed an anyone-chore's occurrence.
    pub user_id: Option<i64>,
    pub assigned_to: Option<String>,
    pub assigned_at: String,
    #[serde(default)]
    pub completed_at: Option<String>,
    pub status: Status,
    #[serde(default)]
    pub reviewed_at: Option<String>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
}

/// A row of `GET /rpc/invites`; `code` only in `create_invite`'s reply.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Invite {
    pub invite_id: i64,
    #[serde(default)]
    pub code: Option<String>,
    pub expires_at: String,
    pub max_uses: u32,
    pub uses: u32,
    #[serde(default)]
    pub revoked_at: Option<String>,
    #[serde(default)]
    pub is_active: Option<bool>,
}

impl Invite {
    /// Why an invite no longer works, or `None` while it does.
    pub fn state(&self) -> Option<&'static str> {
        if self.revoked_at.is_some() {
            Some(t(K::InvRevoked))
        } else if self.uses >= self.max_uses {
            Some(t(K::InvUsedUp))
        } else if self.is_active == Some(false) {
            Some(t(K::InvExpired))
        } else {
            None
        }
    }
}

/// `registration_settings` / `open_registration`: `None` when only invite
/// codes let people join.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Registration {
    pub registration_open_until: Option<String>,
}
