//! Unit tests for the history, calendar and points logic, run in headless
//! Chromium: `cargo test -p frontend --target wasm32-unknown-unknown`.

use frontend::html::esc;
use frontend::json::JsonObject;
use frontend::points::{signed, LedgerEntry, Reward, Statement};
use frontend::records::{
    days_in_month, export_rows, history_path, month_weeks, Clock, Day, HistoryFilter, Occurrences,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn days_count_from_the_epoch_both_ways() {
    assert_eq!(day("1970-01-01").days(), 0);
    assert_eq!(day("2000-03-01").days(), 11_017);
    assert_eq!(day("1969-12-31").days(), -1);
    for n in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_932_896] {
        assert_eq!(Day::from_days(n).days(), n, "{n}");
    }
    assert_eq!(Day::from_days(20_418).iso(), "2025-11-26");
}

#[wasm_bindgen_test]
fn weekdays_start_on_monday() {
    assert_eq!(day("2026-11-23").weekday(), 0, "a Monday");
    assert_eq!(day("2026-11-29").weekday(), 6, "a Sunday");
    assert_eq!(day("1970-01-01").weekday(), 3, "a Thursday");
}

#[wasm_bindgen_test]
fn months_and_leap_years() {
    assert_eq!(days_in_month(2024, 2), 29);
    assert_eq!(days_in_month(1900, 2), 28);
    assert_eq!(days_in_month(2000, 2), 29);
    assert_eq!(days_in_month(2026, 4), 30);
    assert_eq!(Day::parse("2026-02-29"), None);
    assert_eq!(Day::parse("2026-13-01"), None);
    assert_eq!(Day::parse("not a day"), None);
    assert_eq!(day("2026-11-26").add_months(2).iso(), "2027-01-01");
    assert_eq!(day("2026-01-31").add_months(-1).iso(), "2025-12-01");
    assert_eq!(day("2026-11-26").last_of_month().iso(), "2026-11-30");
}

#[wasm_bindgen_test]
fn a_month_is_laid_out_in_monday_weeks() {
    // November 2026 starts on a Sunday: six rows, the first with one day.
    let weeks = month_weeks(day("2026-11-15"));
    assert_eq!(weeks.len(), 6);
    assert_eq!(weeks[0][..6], [None; 6]);
    assert_eq!(weeks[0][6], Some(day("2026-11-01")));
    assert_eq!(weeks[5][0], Some(day("2026-11-30")));
    assert_eq!(weeks[5][1], None);
    let days: Vec<_> = weeks.iter().flatten().flatten().collect();
    assert_eq!(days.len(), 30);
    // February 2027 starts on a Monday and fills four rows exactly.
    assert_eq!(month_weeks(day("2027-02-01")).len(), 4);
}

#[wasm_bindgen_test]
fn the_household_clock_dates_instants_in_its_zone() {
    let berlin = Clock::new("Europe/Berlin");
    assert_eq!(
        berlin.day_of("2026-11-26T23:30:00Z"),
        Some(day("2026-11-27"))
    );
    let utc = Clock::new("UTC");
    assert_eq!(utc.day_of("2026-11-26T23:30:00Z"), Some(day("2026-11-26")));
    let samoa = Clock::new("Pacific/Apia");
    assert_eq!(
        samoa.day_of("2026-11-26T23:30:00Z"),
        Some(day("2026-11-27"))
    );
    // A zone the browser does not know falls back instead of failing.
    let unknown = Clock::new("Not/AZone");
    assert!(unknown.day_of("2026-11-26T12:00:00Z").is_some());
    assert_eq!(utc.show("garbage"), "garbage");
    assert!(utc.show("2026-11-26T12:00:00Z").contains("2026"));
}

#[wasm_bindgen_test]
fn history_paths_carry_filters_and_the_cursor() {
    let none = HistoryFilter::default();
    assert_eq!(history_path(&none, None, 50), "/rpc/history?p_limit=50");
    let some = HistoryFilter {
        user_id: Some(3),
        task_id: Some(7),
        status: Some("done".into()),
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
    };
    assert_eq!(
        history_path(&some, Some("djEu+/x="), 200),
        "/rpc/history?p_limit=200&p_user_id=3&p_task_id=7&p_status=done\
         &p_from=2026-11-01&p_to=2026-11-30&p_cursor=djEu%2B%2Fx%3D"
    );
    let page = JsonObject::parse(r#"{"items":[{"assignment_id":1,"task_id":2,"task_name":"Dishes","user_id":null,"username":null,"status":"missed","due_at":"2026-11-25T20:00:00Z","closed_at":"2026-11-26T08:00:00Z","note":""}],"next_cursor":null}"#)
            .and_then(|j| Occurrences::from_json(&j))
            .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].username, None);
    assert_eq!(page.items[0].status, "missed");
    assert!(!page.truncated);
    assert_eq!(page.next_cursor, None);
}

#[wasm_bindgen_test]
fn export_rows_count_records_not_lines() {
    let csv = "assignment_id,note\r\n1,plain\r\n2,\"two\r\nlines, \"\"quoted\"\"\"\r\n3,\r\n";
    assert_eq!(export_rows("csv", csv), 3);
    assert_eq!(export_rows("csv", "assignment_id,note\r\n"), 0);
    let json = "[{\"a\":1,\"note\":\"x\\ny\"},\n{\"a\":2},\n{\"a\":3}]\n";
    assert_eq!(export_rows("json", json), 3);
    assert_eq!(export_rows("json", "[]\n"), 0);
}

fn reward(cost: i64, stock: Option<i64>) -> Reward {
    Reward {
        reward_id: 1,
        name: "Cinema".into(),
        description: None,
        cost,
        stock,
    }
}

#[wasm_bindgen_test]
fn a_reward_says_why_it_cannot_be_asked_for() {
    assert_eq!(reward(20, None).blocked(20), None);
    let short = reward(25, None).blocked(10).unwrap();
    assert!(
        short.contains("10 available") && short.contains("25"),
        "{short}"
    );
    assert_eq!(
        reward(5, Some(0)).blocked(100).as_deref(),
        Some("Out of stock.")
    );
    assert_eq!(reward(5, Some(3)).stock_text(), "3 left");
    assert_eq!(reward(5, None).stock_text(), "Unlimited");
}

#[wasm_bindgen_test]
fn ledger_entries_read_as_sentences() {
    let statement = JsonObject::parse(
        r#"{"user_id":4,"balance":10,"pending":5,"available":5,"next_cursor":7,"items":[
            {"entry_id":9,"amount":-20,"kind":"redemption","reason":"Cinema","assignment_id":null,"task_id":null,
             "task_name":null,"redemption_id":3,"reward_name":"Cinema","created_by":1,"created_by_username":"admin",
             "created_at":"2026-11-26T09:13:55.123456+00:00"},
            {"entry_id":8,"amount":30,"kind":"earned","reason":"done","assignment_id":5,"task_id":2,
             "task_name":"Dishes","redemption_id":null,"reward_name":null,"created_by":4,
             "created_by_username":"user1","created_at":"2026-11-26T08:00:00+00:00"}]}"#,
    )
    .and_then(|j| Statement::from_json(&j))
    .unwrap();
    let texts: Vec<String> = statement.items.iter().map(LedgerEntry::describe).collect();
    assert_eq!(texts, ["Reward: Cinema", "Earned: Dishes"]);
    assert_eq!(statement.next_cursor, Some(7));
    assert_eq!(signed(-20), "\u{2212}20");
    assert_eq!(signed(30), "+30");
}

#[wasm_bindgen_test]
fn text_never_becomes_markup() {
    assert_eq!(
        esc(r#"<img src=x onerror="alert(1)"> & 'x'"#),
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;x&#39;"
    );
    assert_eq!(esc("Küche putzen"), "Küche putzen");
}

#[wasm_bindgen_test]
fn the_screens_have_their_own_addresses() {
    use frontend::route::Route;
    for (route, href) in [
        (Route::History, "#/history"),
        (Route::Calendar, "#/calendar"),
        (Route::Points, "#/points"),
        (Route::Rewards, "#/rewards"),
    ] {
        assert_eq!(route.href(), href);
        assert_eq!(Route::parse(href), route);
        assert!(route.needs_session());
    }
}
