//! My settings: the theme, the language, my away periods, my calendar-feed link and the
//! way to the password change (#/account). Written as HTML text: see
//! crate::html for why and how.

pub mod away;
pub mod text;

use crate::api::{use_api, Api};
use crate::components::{focus_first, FocusAfter};
use crate::html::{clicked, esc, run_button, set_text, set_value, value_of, Part, Screen};
use crate::i18n::{self, t, K};
use crate::loaded::Loaded;
use crate::route::Route;
use crate::state::use_state;
use crate::theme;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Shows or hides the element `id`.
pub fn show(id: &str, visible: bool) {
    if let Some(e) = document().get_element_by_id(id) {
        let _ = e.toggle_attribute_with_force("hidden", !visible);
    }
}

fn theme_html() -> String {
    let chosen = theme::current();
    let mut choices = String::new();
    let labels = [K::SetThemeSystem, K::SetThemeLight, K::SetThemeDark];
    for (value, label) in theme::THEMES.into_iter().zip(labels.map(t)) {
        choices.push_str(&format!(
            "<label class=\"checkbox choice\"><input type=\"radio\" name=\"theme\" id=\"theme-{value}\" \
             value=\"{value}\"{}> {}</label>",
            if value == chosen { " checked" } else { "" },
            esc(label)
        ));
    }
    format!(
        "<section class=\"panel\" aria-labelledby=\"theme-title\"><h2 id=\"theme-title\">{}</h2>\
         <fieldset class=\"choices\" aria-labelledby=\"theme-title\">{choices}</fieldset></section>",
        t(K::SetThemeTitle)
    )
}

/// The language select: a change keeps the choice and reloads the page in
/// it (i18n::choose).
fn language_html() -> String {
    let chosen = i18n::stored();
    let labels = [K::SetLangBrowser, K::SetLangEn, K::SetLangDe];
    let mut options = String::new();
    for (value, label) in i18n::CHOICES.into_iter().zip(labels.map(t)) {
        options.push_str(&format!(
            "<option value=\"{value}\"{}>{}</option>",
            if value == chosen { " selected" } else { "" },
            esc(label)
        ));
    }
    format!(
        "<section class=\"panel\" aria-labelledby=\"language-title\"><h2 id=\"language-title\">{}</h2>\
         <div class=\"field\"><label for=\"language\">{}</label>\
         <select id=\"language\" name=\"language\">{options}</select></div></section>",
        t(K::SetLanguageTitle),
        t(K::SetLanguageLabel)
    )
}

fn feed_html() -> String {
    format!(
        "<section class=\"panel\" aria-labelledby=\"feed-title\"><h2 id=\"feed-title\">{}</h2>\
         <p class=\"hint\">{}</p>\
         <div id=\"feed-link\" hidden><div class=\"field\"><label for=\"feed-url\">{}</label>\
         <input id=\"feed-url\" type=\"text\" readonly></div>\
         <button type=\"button\" class=\"button primary\" id=\"feed-copy\" data-action=\"feed-copy\">{}</button>\
         <p class=\"success\" id=\"feed-status\" role=\"status\"></p></div>\
         <div class=\"card-actions\"><button type=\"button\" class=\"button secondary\" id=\"feed-new\" \
         data-action=\"feed-new\">{}</button></div>\
         <div class=\"confirm\" id=\"feed-confirm\" role=\"group\" aria-labelledby=\"feed-confirm-text\" hidden>\
         <p id=\"feed-confirm-text\">{}</p><div class=\"card-actions\"><span class=\"action\">\
         <button type=\"button\" class=\"button danger\" id=\"feed-yes\" data-action=\"feed-yes\">{}</button>\
         <span class=\"field-error\" role=\"alert\"></span></span>\
         <button type=\"button\" class=\"button secondary\" id=\"feed-cancel\" data-action=\"feed-cancel\">{}</button>\
         </div></div></section>",
        t(K::SetFeedTitle),
        t(K::SetFeedHint),
        t(K::SetFeedUrl),
        t(K::SetCopy),
        t(K::SetFeedNew),
        t(K::SetFeedConfirm),
        t(K::SetFeedYes),
        t(K::SetCancel)
    )
}

/// Copies the feed link: the Clipboard API, else the old copy command on
/// the selected text; says which worked.
fn copy_feed() {
    let url = value_of("feed-url");
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(&url);
    leptos::task::spawn_local(async move {
        let mut ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        if !ok {
            ok = copy_selected();
        }
        set_text(
            "feed-status",
            if ok {
                t(K::SetCopied)
            } else {
                t(K::SetCopyRefused)
            },
        );
    });
}

/// `document.execCommand('copy')` on the link's selected text.
fn copy_selected() -> bool {
    let document = document();
    let Some(input) = document.get_element_by_id("feed-url") else {
        return false;
    };
    if let Ok(select) = js_sys::Reflect::get(&input, &"select".into()) {
        if let Some(select) = select.dyn_ref::<js_sys::Function>() {
            let _ = select.call0(&input);
        }
    }
    js_sys::Reflect::get(&document, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&document, &JsValue::from_str("copy")).ok())
        .and_then(|r| r.as_bool())
        .unwrap_or(false)
}

fn on_click(ev: &web_sys::Event, api: Api, list: Loaded<String>, focus: FocusAfter) {
    let Some((button, action, id)) = clicked(ev) else {
        return;
    };
    match action.as_str() {
        "remove-away" => away::remove(button, id, api, list, focus),
        "feed-new" => {
            show("feed-new", false);
            show("feed-confirm", true);
            // Never the destructive button by default.
            focus_first(vec!["#feed-cancel".into()]);
        }
        "feed-cancel" => {
            show("feed-confirm", false);
            show("feed-new", true);
            focus_first(vec!["#feed-new".into()]);
        }
        "feed-yes" => {
            let call = Box::pin(async move {
                let url = api.new_feed_url().await?;
                set_value("feed-url", &url);
                Ok(())
            });
            run_button(
                button,
                t(K::SetFeedMaking),
                call,
                Box::new(|| {
                    show("feed-confirm", false);
                    show("feed-new", true);
                    show("feed-link", true);
                    set_text("feed-status", "");
                    focus_first(vec!["#feed-copy".into()]);
                }),
            );
        }
        "feed-copy" => copy_feed(),
        _ => {}
    }
}

pub fn settings() -> Screen {
    let api = use_api();
    let me = use_state().user_id();
    let focus = FocusAfter::new();
    let list = Loaded::new(move || async move {
        let today = away::household_today(api).await?;
        let periods = api.away_periods(Some(me), &today).await?;
        focus.fire();
        Ok(away::list_html(&periods, false))
    });
    let on_event = move |ev: web_sys::Event| match ev.type_().as_str() {
        "submit" => away::submit(&ev, api, list),
        "change" => {
            let target = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if let Some(input) =
                target.filter(|t| t.get_attribute("name").as_deref() == Some("theme"))
            {
                theme::choose(&input.get_attribute("value").unwrap_or_default());
            } else if ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|t| t.id() == "language")
            {
                i18n::choose(&value_of("language"));
            }
        }
        _ => on_click(&ev, api, list, focus),
    };
    Screen {
        parts: vec![
            Part::Html(format!(
                "<div class=\"page-head\"><h1>{}</h1></div>{}{}<h2 id=\"away-title\">{}</h2><p class=\"hint\">{}</p>{}",
                t(K::RtSettings),
                theme_html(),
                language_html(),
                t(K::SetMyAwayTitle),
                t(K::SetMyAwayHint),
                away::form_html(false)
            )),
            Part::List("my-away", list, t(K::SetLoadingAway)),
            Part::Html(format!(
                "{}<section class=\"panel\" aria-labelledby=\"password-title\"><h2 id=\"password-title\">{}</h2>\
                 <p><a id=\"password-link\" href=\"{}\">{}</a></p></section>",
                feed_html(),
                t(K::SetPasswordTitle),
                Route::Account.href(),
                t(K::SetPasswordLink)
            )),
        ],
        on_event: Rc::new(on_event),
    }
}
