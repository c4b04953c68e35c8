//! Points and the reward store: the API's shapes (db/api/55_points.sql,
//! 56_rewards.sql) and what the screens decide from them. Pure logic,
//! unit-tested in the browser (tests/records.rs).

use crate::i18n::{t, tf, K};
use crate::json::JsonObject;

/// `GET /rpc/my_points`: the balance, what pending requests set aside,
/// and one page of the ledger, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub balance: i64,
    pub pending: i64,
    pub available: i64,
    pub items: Vec<LedgerEntry>,
    pub next_cursor: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerEntry {
    pub amount: i64,
    pub kind: String,
    pub reason: Option<String>,
    pub task_name: Option<String>,
    pub reward_name: Option<String>,
    pub created_by_username: Option<String>,
    pub created_at: String,
}

impl LedgerEntry {
    /// What the entry was for, in words.
    pub fn describe(&self) -> String {
        let task = self.task_name.as_deref().unwrap_or(t(K::PtsAChore));
        let reason = self.reason.as_deref().unwrap_or("");
        match self.kind.as_str() {
            "earned" => tf(K::PtsEarned, &[task]),
            "reversed" => tf(K::PtsReversed, &[reason, task]),
            "penalty" if self.amount < 0 => tf(K::PtsPenalty, &[task]),
            "penalty" => tf(K::PtsPenaltyBack, &[task]),
            "redemption" => tf(
                K::PtsRedemption,
                &[self.reward_name.as_deref().unwrap_or(reason)],
            ),
            "adjustment" => match &self.created_by_username {
                Some(admin) => tf(K::PtsAdjustedBy, &[admin, reason]),
                None => tf(K::PtsAdjusted, &[reason]),
            },
            _ => reason.to_string(),
        }
    }
}

/// "+5" / "−3" (a real minus sign).
pub fn signed(amount: i64) -> String {
    if amount < 0 {
        format!("\u{2212}{}", amount.unsigned_abs())
    } else {
        format!("+{amount}")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaderboard {
    pub period: String,
    pub time_zone: Option<String>,
    pub members: Vec<Ranked>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub rank: i64,
    pub user_id: i64,
    pub username: String,
    pub points: i64,
}

/// The leaderboard's periods: the API's value and its label.
pub const PERIODS: [(&str, K); 3] = [
    ("week", K::PtsWeek),
    ("month", K::PtsMonth),
    ("all", K::PtsAllTime),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reward {
    pub reward_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub cost: i64,
    /// `None`: unlimited.
    pub stock: Option<i64>,
}

impl Reward {
    /// Why this member cannot ask for it now (`None`: they can). The API
    /// decides in the end; this only spares a request it would refuse.
    pub fn blocked(&self, available: i64) -> Option<String> {
        if self.stock == Some(0) {
            Some(t(K::PtsOutOfStockFull).into())
        } else if available < self.cost {
            Some(tf(
                K::PtsNotEnough,
                &[&available.to_string(), &self.cost.to_string()],
            ))
        } else {
            None
        }
    }

    pub fn stock_text(&self) -> String {
        match self.stock {
            None => t(K::PtsUnlimited).into(),
            Some(0) => t(K::PtsOutOfStock).into(),
            Some(n) => tf(K::PtsLeft, &[&n.to_string()]),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redemption {
    pub redemption_id: i64,
    pub reward_name: String,
    pub user_id: i64,
    pub username: String,
    pub cost: i64,
    pub status: String,
    pub decided_by_username: Option<String>,
}

pub fn redemption_status_label(status: &str) -> &'static str {
    t(match status {
        "pending" => K::RedPending,
        "approved" => K::StApproved,
        "declined" => K::RedDeclined,
        "cancelled" => K::RedCancelled,
        _ => K::StOther,
    })
}

impl Statement {
    pub fn from_json(j: &JsonObject) -> Option<Statement> {
        Some(Statement {
            balance: j.int("balance")?,
            pending: j.int("pending")?,
            available: j.int("available")?,
            items: j.list(Some("items"), LedgerEntry::from_json),
            next_cursor: j.int("next_cursor"),
        })
    }
}

impl LedgerEntry {
    pub fn from_json(j: &JsonObject) -> Option<LedgerEntry> {
        Some(LedgerEntry {
            amount: j.int("amount")?,
            kind: j.string("kind")?,
            reason: j.string("reason"),
            task_name: j.string("task_name"),
            reward_name: j.string("reward_name"),
            created_by_username: j.string("created_by_username"),
            created_at: j.string("created_at")?,
        })
    }
}

impl Leaderboard {
    pub fn from_json(j: &JsonObject) -> Option<Leaderboard> {
        Some(Leaderboard {
            period: j.string("period")?,
            time_zone: j.string("time_zone"),
            members: j.list(Some("members"), |m| {
                Some(Ranked {
                    rank: m.int("rank")?,
                    user_id: m.int("user_id")?,
                    username: m.string("username")?,
                    points: m.int("points")?,
                })
            }),
        })
    }
}

impl Reward {
    pub fn from_json(j: &JsonObject) -> Option<Reward> {
        Some(Reward {
            reward_id: j.int("reward_id")?,
            name: j.string("name")?,
            description: j.string("description"),
            cost: j.int("cost")?,
            stock: j.int("stock"),
        })
    }
}

impl Redemption {
    pub fn from_json(j: &JsonObject) -> Option<Redemption> {
        Some(Redemption {
            redemption_id: j.int("redemption_id")?,
            reward_name: j.string("reward_name")?,
            user_id: j.int("user_id")?,
            username: j.string("username")?,
            cost: j.int("cost")?,
            status: j.string("status")?,
            decided_by_username: j.string("decided_by_username"),
        })
    }
}
