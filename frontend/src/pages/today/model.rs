//! The agenda as the Today screen reads it (db/api/47_agenda_history.sql:
//! each item is the occurrence's stored card with `is_overdue` and
//! `swap_offer` in front), the swap offers made to me (api.swap_offers),
//! and the split into Overdue, Due today and Upcoming on the household's
//! clock.

use crate::json::JsonObject;
use crate::records::{Clock, Day};

/// One open occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub assignment_id: i64,
    pub task_name: String,
    /// `None`: unclaimed (an anyone-chore nobody has taken yet).
    pub user_id: Option<i64>,
    pub username: Option<String>,
    /// UTC ISO instant; `None`: no due date.
    pub due_at: Option<String>,
    pub is_overdue: bool,
    /// A pending offer of this occurrence: (offer id, to whom).
    pub offer: Option<(i64, i64)>,
}

impl Card {
    pub fn from_json(j: &JsonObject) -> Option<Card> {
        let offer = j
            .object("swap_offer")
            .and_then(|o| Some((o.int("offer_id")?, o.int("to_user_id")?)));
        Some(Card {
            assignment_id: j.int("assignment_id")?,
            task_name: j.string("task_name")?,
            user_id: j.int("user_id"),
            username: j.string("username"),
            due_at: j.string("due_at"),
            is_overdue: j.flag("is_overdue"),
            offer,
        })
    }
}

/// `GET /rpc/agenda`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agenda {
    pub time_zone: String,
    /// The household's date today, `YYYY-MM-DD`.
    pub today: String,
    /// More than the API's 1,000 items were open.
    pub truncated: bool,
    pub items: Vec<Card>,
}

impl Agenda {
    pub fn from_json(j: &JsonObject) -> Option<Agenda> {
        Some(Agenda {
            time_zone: j.string("time_zone")?,
            today: j.string("today")?,
            truncated: j.flag("truncated"),
            items: j.list(Some("items"), Card::from_json),
        })
    }
}

/// An offer of someone else's occurrence to me.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwapOffer {
    pub offer_id: i64,
    pub assignment_id: i64,
    pub task_name: String,
    pub due_at: Option<String>,
    pub from_username: String,
}

impl SwapOffer {
    pub fn from_json(j: &JsonObject) -> Option<SwapOffer> {
        Some(SwapOffer {
            offer_id: j.int("offer_id")?,
            assignment_id: j.int("assignment_id")?,
            task_name: j.string("task_name")?,
            // PostgREST writes timestamptz with an offset, which Date
            // parses as it parses the cards' "Z".
            due_at: j.string("due_at"),
            from_username: j.string("from_username")?,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overdue,
    DueToday,
    Upcoming,
}

pub const SECTIONS: [Section; 3] = [Section::Overdue, Section::DueToday, Section::Upcoming];

impl Section {
    pub fn key(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::DueToday => "due-today",
            Section::Upcoming => "upcoming",
        }
    }
}

/// Where a card belongs: overdue by the API's word (due before now);
/// otherwise due today when its due instant falls on the household's
/// today; later or undated ones are upcoming.
pub fn section_of(card: &Card, today: Option<Day>, clock: &Clock) -> Section {
    if card.is_overdue {
        return Section::Overdue;
    }
    let day = card.due_at.as_deref().and_then(|d| clock.day_of(d));
    match (day, today) {
        (Some(day), Some(today)) if day <= today => Section::DueToday,
        _ => Section::Upcoming,
    }
}
