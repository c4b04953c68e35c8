//! The API's JSON shapes (see db/api/*.sql).

use crate::i18n::{t, K};
use crate::json::{Body, JsonObject};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub user_id: i64,
    pub username: String,
    pub is_admin: bool,
    pub created_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginReply {
    pub token: String,
    pub user: User,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub task_id: i64,
    pub task_name: String,
    pub description: Option<String>,
    pub created_at: String,
    pub is_archived: bool,
    /// The chore's definition (`api.tasks`; the schedule's columns as in
    /// `schedule::Fields`); defaults where a reply lacks them.
    pub schedule_kind: Option<String>,
    pub rrule: Option<String>,
    pub schedule_start: Option<String>,
    pub interval_count: Option<u32>,
    pub interval_unit: Option<String>,
    pub after_task_id: Option<i64>,
    pub after_hours: Option<u32>,
    /// Who does it: fixed, rotation, anyone or everyone.
    pub assignee_mode: Option<String>,
    pub fixed_user_id: Option<i64>,
    pub rotation_strategy: Option<String>,
    pub requires_approval: Option<bool>,
    /// The members who take turns (or may do it), in order.
    pub pool: Vec<i64>,
    pub points: u32,
    pub penalty_points: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub assignment_id: i64,
    pub task_id: i64,
    pub task_name: String,
    pub description: Option<String>,
    /// `None` while nobody has claimed an anyone-chore's occurrence.
    pub user_id: Option<i64>,
    pub assigned_to: Option<String>,
    pub assigned_at: String,
    pub completed_at: Option<String>,
    pub status: Status,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
}

/// A row of `GET /rpc/invites`; `code` only in `create_invite`'s reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub invite_id: i64,
    pub code: Option<String>,
    pub expires_at: String,
    pub max_uses: u32,
    pub uses: u32,
    pub revoked_at: Option<String>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub registration_open_until: Option<String>,
}

// Reading the replies (json.rs): `None` for a reply of another shape (a
// missing or mistyped field), which `Api` reports as an unreadable reply.
// A field the serde structs defaulted may be null or missing here too.

impl User {
    pub fn from_json(j: &JsonObject) -> Option<User> {
        Some(User {
            user_id: j.int("user_id")?,
            username: j.string("username")?,
            is_admin: j.boolean("is_admin")?,
            created_at: j.optional("created_at", JsonObject::string)?,
        })
    }

    /// The same fields as the API's, so a stored session reads back with
    /// `from_json` (and one stored by an older version of the app too).
    pub fn to_json(&self) -> Body {
        Body::new()
            .int("user_id", self.user_id)
            .text("username", &self.username)
            .flag("is_admin", self.is_admin)
            .text_or_null("created_at", self.created_at.as_deref())
    }
}

impl LoginReply {
    pub fn from_json(j: &JsonObject) -> Option<LoginReply> {
        Some(LoginReply {
            token: j.string("token")?,
            user: User::from_json(&j.object("user")?)?,
        })
    }
}

impl Task {
    pub fn from_json(j: &JsonObject) -> Option<Task> {
        let text = JsonObject::string;
        Some(Task {
            task_id: j.int("task_id")?,
            task_name: j.string("task_name")?,
            description: j.optional("description", text)?,
            created_at: j.string("created_at")?,
            is_archived: j.boolean("is_archived")?,
            schedule_kind: j.optional("schedule_kind", text)?,
            rrule: j.optional("rrule", text)?,
            schedule_start: j.optional("schedule_start", text)?,
            interval_count: j.optional("interval_count", JsonObject::count)?,
            interval_unit: j.optional("interval_unit", text)?,
            after_task_id: j.optional("after_task_id", JsonObject::int)?,
            after_hours: j.optional("after_hours", JsonObject::count)?,
            assignee_mode: j.optional("assignee_mode", text)?,
            fixed_user_id: j.optional("fixed_user_id", JsonObject::int)?,
            rotation_strategy: j.optional("rotation_strategy", text)?,
            requires_approval: j.optional("requires_approval", JsonObject::boolean)?,
            pool: j.ints("pool")?,
            points: j.optional("points", JsonObject::count)?.unwrap_or(0),
            penalty_points: j
                .optional("penalty_points", JsonObject::count)?
                .unwrap_or(0),
        })
    }
}

impl Assignment {
    pub fn from_json(j: &JsonObject) -> Option<Assignment> {
        let text = JsonObject::string;
        Some(Assignment {
            assignment_id: j.int("assignment_id")?,
            task_id: j.int("task_id")?,
            task_name: j.string("task_name")?,
            description: j.optional("description", text)?,
            user_id: j.optional("user_id", JsonObject::int)?,
            assigned_to: j.optional("assigned_to", text)?,
            assigned_at: j.string("assigned_at")?,
            completed_at: j.optional("completed_at", text)?,
            status: Status::from_key(&j.string("status")?)?,
            reviewed_at: j.optional("reviewed_at", text)?,
            reviewed_by: j.optional("reviewed_by", text)?,
        })
    }
}

impl Invite {
    pub fn from_json(j: &JsonObject) -> Option<Invite> {
        let text = JsonObject::string;
        Some(Invite {
            invite_id: j.int("invite_id")?,
            code: j.optional("code", text)?,
            expires_at: j.string("expires_at")?,
            max_uses: j.count("max_uses")?,
            uses: j.count("uses")?,
            revoked_at: j.optional("revoked_at", text)?,
            is_active: j.optional("is_active", JsonObject::boolean)?,
        })
    }
}

impl Registration {
    pub fn from_json(j: &JsonObject) -> Option<Registration> {
        Some(Registration {
            registration_open_until: j.optional("registration_open_until", JsonObject::string)?,
        })
    }
}
