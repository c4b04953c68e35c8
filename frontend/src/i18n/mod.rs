//! English and German: every word the app shows is a key (`K`) of one
//! table (table.rs: the English and the German text side by side). The
//! language is picked once at startup — the reader's choice in My
//! settings, else the browser's — and a change reloads the page, so the
//! lookup is a plain array index with no reactive machinery behind it.
//! Texts with values carry numbered placeholders (`{0}`, `{1}`) filled by
//! `fill`: German orders words differently, so sentences are never glued
//! together from fragments.

mod table;

use std::sync::atomic::{AtomicU8, Ordering};

pub use table::{K, KEYS};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

const STORAGE_KEY: &str = "ctt.lang";

/// The choices in the order My settings offers them ("" is the browser's).
pub const CHOICES: [&str; 3] = ["", "en", "de"];

// The wasm app is single-threaded; an atomic is simply the safe static.
static ACTIVE: AtomicU8 = AtomicU8::new(0);

impl Lang {
    /// The language of a BCP 47 tag: any `de…` is German, the rest English.
    pub fn of_tag(tag: &str) -> Lang {
        let tag = tag.as_bytes();
        if tag.len() >= 2
            && tag[..2].eq_ignore_ascii_case(b"de")
            && tag.get(2).is_none_or(|c| *c == b'-' || *c == b'_')
        {
            Lang::De
        } else {
            Lang::En
        }
    }

    /// The tag for `<html lang>` and the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The locale dates and numbers are written in.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::De => "de-DE",
        }
    }

    /// `key`'s text in this language.
    pub fn text(self, key: K) -> &'static str {
        match self {
            Lang::En => table::EN.get(key as usize),
            Lang::De => table::DE.get(key as usize),
        }
    }
}

/// The active language.
pub fn lang() -> Lang {
    if ACTIVE.load(Ordering::Relaxed) == 1 {
        Lang::De
    } else {
        Lang::En
    }
}

/// `key`'s text in the active language.
pub fn t(key: K) -> &'static str {
    lang().text(key)
}

/// `key`'s text with its placeholders filled.
pub fn tf(key: K, values: &[&str]) -> String {
    fill(t(key), values)
}

/// `one` for a count of 1, else `other`, with `{0}` the count (English and
/// German need no more plural forms than these two).
pub fn plural(n: i64, one: K, other: K) -> String {
    tf(if n == 1 { one } else { other }, &[&n.to_string()])
}

/// The locale dates are written in: the browser's own when it is of the
/// active language (a reader in Vienna keeps "de-AT"), else the active
/// language's default.
pub fn locale() -> String {
    let own = web_sys::window().and_then(|w| w.navigator().language());
    match own {
        Some(tag) if Lang::of_tag(&tag) == lang() && tag.len() > 2 => tag,
        _ => lang().locale().into(),
    }
}

/// Replaces `{0}` … `{9}` in `template` by `values`; a placeholder without
/// a value stays as it is, so a mistake shows instead of vanishing.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let bytes = tail.as_bytes();
        let value = match (bytes.get(1), bytes.get(2)) {
            (Some(d @ b'0'..=b'9'), Some(b'}')) => values.get(usize::from(d - b'0')),
            _ => None,
        };
        match value {
            Some(value) => {
                out.push_str(value);
                rest = &tail[3..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored choice: "en", "de" or "" (follow the browser).
pub fn stored() -> &'static str {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .unwrap_or_default();
    CHOICES.into_iter().find(|c| *c == stored).unwrap_or("")
}

/// The browser's language: the first of `navigator.languages` (or
/// `navigator.language`) that the app speaks, else English.
pub fn browser() -> Lang {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let languages = navigator.languages();
    let mut tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
    tags.extend(navigator.language());
    tags.iter()
        .find(|tag| {
            tag.len() >= 2
                && (tag[..2].eq_ignore_ascii_case("de") || tag[..2].eq_ignore_ascii_case("en"))
        })
        .map_or(Lang::En, |tag| Lang::of_tag(tag))
}

/// Makes `lang` the active language and the page's `<html lang>`.
pub fn activate(lang: Lang) {
    ACTIVE.store(u8::from(lang == Lang::De), Ordering::Relaxed);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// At startup, before the first render: the stored choice, else the
/// browser's language.
pub fn apply_stored() {
    activate(match stored() {
        "" => browser(),
        code => Lang::of_tag(code),
    });
}

/// Keeps `choice` (one of `CHOICES`) and reloads the page in it: every
/// screen reads its words once, so a reload is the whole switch.
pub fn choose(choice: &str) {
    if !CHOICES.contains(&choice) {
        return;
    }
    if let Some(storage) = storage() {
        let _ = if choice.is_empty() {
            storage.remove_item(STORAGE_KEY)
        } else {
            storage.set_item(STORAGE_KEY, choice)
        };
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
