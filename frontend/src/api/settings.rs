//! The household and settings screens' calls: the household's time zone,
//! away periods (db/api/45_occurrence_actions.sql) and the calendar feed's
//! key (49_calendar_feed.sql). Replies are read with JSON.parse (json.rs),
//! as for the other screens written as HTML text.

use super::{base_url, done, read, Api};
use crate::errors::ApiError;
use crate::json::{Body, JsonObject};
use std::future::Future;

/// One away period: the member's turns on these household-local days
/// (both inclusive, `YYYY-MM-DD`) go to someone else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Away {
    pub away_id: i64,
    pub user_id: i64,
    pub username: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl Away {
    fn from_json(j: &JsonObject) -> Option<Away> {
        Some(Away {
            away_id: j.int("away_id")?,
            user_id: j.int("user_id")?,
            username: j.string("username")?,
            starts_on: j.string("starts_on")?,
            ends_on: j.string("ends_on")?,
        })
    }
}

/// At most this many away periods listed (a household plans a few ahead).
const AWAY_LIMIT: u32 = 100;

impl Api {
    pub fn update_household(self, zone: &str) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().text("p_time_zone", zone).finish();
        done(self.post("update_household", args))
    }

    /// Away periods ending on or after `since` (one member's, or everyone's),
    /// soonest first.
    pub fn away_periods(
        self,
        user_id: Option<i64>,
        since: &str,
    ) -> impl Future<Output = Result<Vec<Away>, ApiError>> {
        let mut path = format!(
            "/away_periods?ends_on=gte.{}&order=starts_on.asc,username.asc&limit={AWAY_LIMIT}",
            js_sys::encode_uri_component(since)
        );
        if let Some(id) = user_id {
            path.push_str(&format!("&user_id=eq.{id}"));
        }
        read(self.request(path, None), |list| {
            Some(list.list(None, Away::from_json))
        })
    }

    /// `user_id` `None`: the signed-in member's own.
    pub fn set_away(
        self,
        starts_on: &str,
        ends_on: &str,
        user_id: Option<i64>,
    ) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new()
            .text("p_starts_on", starts_on)
            .text("p_ends_on", ends_on)
            .some_int("p_user_id", user_id)
            .finish();
        done(self.post("set_away", args))
    }

    pub fn remove_away(self, away_id: i64) -> impl Future<Output = Result<(), ApiError>> {
        let args = Body::new().int("p_away_id", away_id).finish();
        done(self.post("remove_away", args))
    }

    /// A new calendar-feed key (the old one stops working): the feed's
    /// whole URL, shown once (only the key's hash is stored).
    pub fn new_feed_url(self) -> impl Future<Output = Result<String, ApiError>> {
        let reply = read(self.post("regenerate_calendar_key", "{}".into()), |j| {
            j.string("feed_path")
        });
        async move { Ok(format!("{}{}", base_url(), reply.await?)) }
    }
}
