//! What the Today screen reads and does: the agenda (47_agenda_history.sql),
//! swap offers to me (api.swap_offers) and the occurrence actions
//! (40_assignments.sql, 45_occurrence_actions.sql). Replies are read with
//! JSON.parse (json.rs), as the screen is written as HTML text.

use super::{done, read, Api, Reply};
use crate::errors::ApiError;
use crate::json::{Body, JsonObject};
use crate::pages::today_model::{Agenda, SwapOffer};
use std::future::Future;

impl Api {
    /// Open occurrences due up to the end of day `days` on the household
    /// clock, everything overdue and the undated ones: the member's (and
    /// the unclaimed ones they may claim), or with `None` the household's.
    pub fn agenda(
        self,
        days: u32,
        user_id: Option<i64>,
    ) -> impl Future<Output = Result<Agenda, ApiError>> {
        let member = user_id
            .map(|id| format!("&p_user_id={id}"))
            .unwrap_or_default();
        read(
            self.request(format!("/rpc/agenda?p_days={days}{member}"), None),
            Agenda::from_json,
        )
    }

    /// Pending offers of someone else's occurrence to `user_id`.
    pub fn swap_offers_to(
        self,
        user_id: i64,
    ) -> impl Future<Output = Result<Vec<SwapOffer>, ApiError>> {
        read(
            self.request(
                format!(
                    "/swap_offers?to_user_id=eq.{user_id}&status=eq.pending&order=due_at.asc.nullslast"
                ),
                None,
            ),
            |list| Some(list.list(None, SwapOffer::from_json)),
        )
    }

    /// Done, with an optional note and the instant it was really done.
    pub fn complete_with(
        self,
        assignment_id: i64,
        note: Option<&str>,
        completed_at: Option<&str>,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .int("p_assignment_id", assignment_id)
            .some_text("p_note", note)
            .some_text("p_completed_at", completed_at)
            .finish();
        done(self.post("complete_assignment", args))
    }

    pub fn skip(
        self,
        assignment_id: i64,
        note: Option<&str>,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .int("p_assignment_id", assignment_id)
            .some_text("p_note", note)
            .finish();
        done(self.post("skip_assignment", args))
    }

    /// `claim_assignment` or `undo_assignment`: the occurrence is all they
    /// take.
    pub fn occurrence_action(
        self,
        function: &'static str,
        assignment_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_assignment_id", assignment_id).finish();
        done(self.post(function, args))
    }

    /// Offers the occurrence to another member; the reply's offer id lets
    /// the offer be taken back.
    pub fn offer_swap(
        self,
        assignment_id: i64,
        to_user_id: i64,
    ) -> impl Future<Output = Result<i64, ApiError>> {
        let args = Body::new()
            .int("p_assignment_id", assignment_id)
            .int("p_to_user_id", to_user_id)
            .finish();
        read(self.post("offer_swap", args), offer_id)
    }

    /// `accept_swap`, `decline_swap` or `cancel_swap`.
    pub fn swap_action(
        self,
        function: &'static str,
        offer_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_offer_id", offer_id).finish();
        done(self.post(function, args) as Reply)
    }
}

fn offer_id(j: &JsonObject) -> Option<i64> {
    j.int("offer_id")
}
