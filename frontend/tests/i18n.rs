//! English and German, run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown --test i18n`.
//! The table is complete in both languages, the placeholders agree, and
//! the schedule reads as German sentences, not translated English ones.

use frontend::i18n::{activate, fill, plural, t, Lang, K, KEYS};
use frontend::schedule::words::describe_rule;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The placeholders `{0}`…`{9}` of a text, sorted.
fn placeholders(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut found: Vec<u8> = bytes
        .windows(3)
        .filter(|w| w[0] == b'{' && w[1].is_ascii_digit() && w[2] == b'}')
        .map(|w| w[1])
        .collect();
    found.sort_unstable();
    found
}

#[wasm_bindgen_test]
fn every_key_has_an_english_and_a_german_text_with_the_same_placeholders() {
    assert!(KEYS.len() > 300, "the whole app's texts: {}", KEYS.len());
    for key in KEYS {
        let (en, de) = (Lang::En.text(*key), Lang::De.text(*key));
        assert!(!en.trim().is_empty(), "{key:?} has no English");
        assert!(!de.trim().is_empty(), "{key:?} has no German");
        assert_eq!(placeholders(en), placeholders(de), "{key:?}: {en} / {de}");
    }
    // Translated, not copied: most German texts differ from the English.
    let same = KEYS
        .iter()
        .filter(|k| Lang::En.text(**k) == Lang::De.text(**k))
        .count();
    assert!(same * 10 < KEYS.len(), "{same} texts are the same in both");
}

#[wasm_bindgen_test]
fn placeholders_are_filled_in_the_language_s_order_and_plurals_count() {
    assert_eq!(
        fill("{1} am {0}", &["15.", "jeden Monat"]),
        "jeden Monat am 15."
    );
    assert_eq!(fill("{0} and {9} {x}", &["a"]), "a and {9} {x}");
    activate(Lang::De);
    assert_eq!(plural(1, K::SwEveryHour, K::SwEveryHours), "jede Stunde");
    assert_eq!(plural(3, K::SwEveryHour, K::SwEveryHours), "alle 3 Stunden");
    assert_eq!(t(K::TodayTitle), "Heute");
    activate(Lang::En);
    assert_eq!(t(K::TodayTitle), "Today");
    assert_eq!(plural(1, K::SwEveryDay, K::SwEveryDays), "every day");
    assert_eq!(plural(2, K::SwEveryDay, K::SwEveryDays), "every 2 days");
}

#[wasm_bindgen_test]
fn browser_tags_pick_the_language() {
    assert_eq!(Lang::of_tag("de-AT"), Lang::De);
    assert_eq!(Lang::of_tag("DE"), Lang::De);
    assert_eq!(Lang::of_tag("en-US"), Lang::En);
    assert_eq!(Lang::of_tag("dev"), Lang::En);
    assert_eq!(Lang::of_tag("fr"), Lang::En);
}

#[wasm_bindgen_test]
fn the_schedule_in_german_words() {
    activate(Lang::De);
    let at = |rule: &str, start: &str| describe_rule(rule, Some(start));
    let cases = [
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "Alle 2 Wochen am Montag und Donnerstag um 18:00",
        ),
        ("FREQ=DAILY", "Jeden Tag um 18:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Jeden Monat am 15. um 18:00"),
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            "Jeden Monat am letzten Freitag um 18:00",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "Jeden Monat am letzten Tag um 18:00",
        ),
        ("FREQ=YEARLY", "Jedes Jahr am 26. November um 18:00"),
        (
            "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO",
            "Jedes Jahr am letzten Montag im Mai um 18:00",
        ),
        (
            "FREQ=WEEKLY;BYDAY=SA;COUNT=3",
            "Jede Woche am Samstag um 18:00, 3-mal",
        ),
        (
            "FREQ=DAILY;UNTIL=20261231T000000Z",
            "Jeden Tag um 18:00, bis 31. Dezember 2026",
        ),
    ];
    let got: Vec<String> = cases
        .iter()
        .map(|(rule, _)| at(rule, "2026-11-26T18:00"))
        .collect();
    activate(Lang::En);
    for ((rule, want), got) in cases.iter().zip(got) {
        assert_eq!(got, *want, "{rule}");
    }
}
