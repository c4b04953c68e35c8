//! Points and the reward store: db/api/55_points.sql, 56_rewards.sql.

use super::{done, read, Api};
use crate::errors::ApiError;
use crate::json::Body;
use crate::points::{Leaderboard, Redemption, Reward, Statement};
use std::future::Future;

impl Api {
    /// The signed-in member's balance and one page of their ledger.
    pub fn points_statement(
        self,
        cursor: Option<i64>,
        limit: u32,
    ) -> impl Future<Output = Result<Statement, ApiError>> {
        let cursor = cursor.map(|c| format!("&p_cursor={c}")).unwrap_or_default();
        read(
            self.request(format!("/rpc/my_points?p_limit={limit}{cursor}"), None),
            Statement::from_json,
        )
    }

    /// `period`: week, month or all.
    pub fn leaderboard(self, period: &str) -> impl Future<Output = Result<Leaderboard, ApiError>> {
        read(
            self.request(format!("/rpc/leaderboard?p_period={period}"), None),
            Leaderboard::from_json,
        )
    }

    /// The store: rewards still offered, cheapest first.
    pub fn rewards(self) -> impl Future<Output = Result<Vec<Reward>, ApiError>> {
        read(
            self.request(
                "/rewards?is_archived=is.false&order=cost.asc,name.asc".into(),
                None,
            ),
            |list| Some(list.list(None, Reward::from_json)),
        )
    }

    /// A member's latest requests (RLS: members see only their own).
    pub fn redemptions_of(
        self,
        user_id: i64,
    ) -> impl Future<Output = Result<Vec<Redemption>, ApiError>> {
        read(
            self.request(
                format!("/redemptions?user_id=eq.{user_id}&order=redemption_id.desc&limit=20"),
                None,
            ),
            |list| Some(list.list(None, Redemption::from_json)),
        )
    }

    /// Every pending request, oldest first (admins; a member gets theirs).
    pub fn pending_redemptions(self) -> impl Future<Output = Result<Vec<Redemption>, ApiError>> {
        read(
            self.request(
                "/redemptions?status=eq.pending&order=redemption_id.asc&limit=200".into(),
                None,
            ),
            |list| Some(list.list(None, Redemption::from_json)),
        )
    }

    /// `reward_id` `None` creates the reward.
    pub fn save_reward(
        self,
        reward_id: Option<i64>,
        name: &str,
        description: &str,
        cost: i64,
        stock: Option<i64>,
    ) -> impl Future<Output = Result<(), ApiError>> {
        // A stock of null is unlimited: always sent, so an edit can lift a
        // limit.
        let args = Body::new()
            .some_int("p_reward_id", reward_id)
            .text("p_reward_name", name)
            .text("p_description", description)
            .int("p_cost", cost)
            .int_or_null("p_stock", stock)
            .finish();
        let function = if reward_id.is_some() {
            "update_reward"
        } else {
            "create_reward"
        };
        done(self.post(function, args))
    }

    pub fn archive_reward(self, reward_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_reward_id", reward_id).finish();
        done(self.post("archive_reward", args))
    }

    pub fn redeem_reward(self, reward_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_reward_id", reward_id).finish();
        done(self.post("redeem_reward", args))
    }

    /// `function`: cancel_redemption (the member), approve_redemption or
    /// decline_redemption (an admin).
    pub fn on_redemption(
        self,
        function: &'static str,
        redemption_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_redemption_id", redemption_id).finish();
        done(self.post(function, args))
    }
}
