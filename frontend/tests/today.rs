//! Unit tests for the Today screen's reading of the agenda, run in headless
//! Chromium: `cargo test -p frontend --target wasm32-unknown-unknown`.

use frontend::json::JsonObject;
use frontend::records::{Clock, Day};
use frontend::today_model::{section_of, Agenda, Card, Section, SwapOffer};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENDA: &str = r#"{"time_zone":"America/New_York","today":"2026-11-26","until":"2026-12-04T05:00:00Z","truncated":false,"items":[
 {"is_overdue":true,"swap_offer":null,"assignment_id":7,"task_id":1,"task_name":"Dishes","schedule_kind":"once","assignee_mode":"fixed","requires_approval":false,"user_id":3,"username":"ann","status":"todo","due_at":"2026-11-25T12:00:00Z","closed_at":null,"completed_at":null,"acted_by":null,"note":"","reviewed_by":null,"reviewed_at":null},
 {"is_overdue":false,"swap_offer":{"offer_id":4,"to_user_id":5},"assignment_id":8,"task_id":2,"task_name":"Bins","schedule_kind":"once","assignee_mode":"fixed","requires_approval":false,"user_id":3,"username":"ann","status":"todo","due_at":"2026-11-27T03:00:00Z","closed_at":null,"completed_at":null,"acted_by":null,"note":"","reviewed_by":null,"reviewed_at":null},
 {"is_overdue":false,"swap_offer":null,"assignment_id":9,"task_id":3,"task_name":"Plants","schedule_kind":"once","assignee_mode":"anyone","requires_approval":false,"user_id":null,"username":null,"status":"todo","due_at":"2026-11-27T06:00:00Z","closed_at":null,"completed_at":null,"acted_by":null,"note":"","reviewed_by":null,"reviewed_at":null},
 {"is_overdue":false,"swap_offer":null,"assignment_id":10,"task_id":4,"task_name":"Windows","schedule_kind":"once","assignee_mode":"fixed","requires_approval":false,"user_id":3,"username":"ann","status":"todo","due_at":null,"closed_at":null,"completed_at":null,"acted_by":null,"note":"","reviewed_by":null,"reviewed_at":null}]}"#;

fn agenda() -> Agenda {
    JsonObject::parse(AGENDA)
        .and_then(|j| Agenda::from_json(&j))
        .unwrap()
}

#[wasm_bindgen_test]
fn the_agenda_reads_its_cards_offers_and_unclaimed_ones() {
    let agenda = agenda();
    assert_eq!(agenda.time_zone, "America/New_York");
    assert_eq!(agenda.items.len(), 4);
    let bins = &agenda.items[1];
    assert_eq!(bins.offer, Some((4, 5)));
    assert!(!bins.is_overdue);
    assert_eq!(agenda.items[0].offer, None);
    let plants: &Card = &agenda.items[2];
    assert_eq!((plants.user_id, plants.username.as_deref()), (None, None));
    assert_eq!(agenda.items[3].due_at, None);
}

#[wasm_bindgen_test]
fn sections_follow_the_households_clock() {
    let agenda = agenda();
    let clock = Clock::new(&agenda.time_zone);
    let today = Day::parse(&agenda.today);
    let sections: Vec<Section> = agenda
        .items
        .iter()
        .map(|c| section_of(c, today, &clock))
        .collect();
    // 03:00 UTC on the 27th is 22:00 on the 26th in New York: today;
    // 06:00 UTC is 01:00 on the 27th there: upcoming; undated: upcoming.
    assert_eq!(
        sections,
        [
            Section::Overdue,
            Section::DueToday,
            Section::Upcoming,
            Section::Upcoming
        ]
    );
    // In UTC the same instant is tomorrow.
    let utc = Clock::new("UTC");
    assert_eq!(section_of(&agenda.items[1], today, &utc), Section::Upcoming);
}

#[wasm_bindgen_test]
fn a_swap_offer_row_reads_postgrest_timestamps() {
    let row = r#"{"offer_id":4,"assignment_id":8,"task_name":"Bins","due_at":"2026-11-27T03:00:00+00:00","from_user_id":3,"from_username":"ann","to_user_id":5,"to_username":"bo","status":"pending","created_at":"2026-11-26T10:00:00+00:00","decided_at":null}"#;
    let offer = JsonObject::parse(row)
        .and_then(|j| SwapOffer::from_json(&j))
        .unwrap();
    assert_eq!((offer.offer_id, offer.assignment_id), (4, 8));
    assert_eq!(offer.from_username, "ann");
    let clock = Clock::new("America/New_York");
    assert_eq!(
        clock.day_of(offer.due_at.as_deref().unwrap()),
        Day::parse("2026-11-26")
    );
}
