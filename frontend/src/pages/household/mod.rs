//! The Household screen (admins): the time zone, every member's away
//! periods, and the members (reset a password, remove: members.rs). The
//! first two are written as HTML text (crate::html); the members list is
//! the Members page's own.

use super::members::MemberList;
use super::settings::{away, text};
use crate::api::{use_api, Api};
use crate::components::{AdminsOnly, FocusAfter};
use crate::errors::ApiError;
use crate::html::{clicked, esc, field_error, screen, set_html, set_text, value_of, Part, Screen};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;
use std::rc::Rc;

/// The zones this browser knows (`Intl.supportedValuesOf`), `current`
/// first when it is not among them (an alias such as "UTC").
fn zones(current: &str) -> Vec<String> {
    let listed = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| {
            let f = js_sys::Reflect::get(&intl, &"supportedValuesOf".into())?;
            let f: js_sys::Function = wasm_bindgen::JsCast::dyn_into(f)?;
            f.call1(&intl, &"timeZone".into())
        })
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|z| z.as_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut zones = Vec::with_capacity(listed.len() + 1);
    if !listed.iter().any(|z| z == current) {
        zones.push(current.to_string());
    }
    zones.extend(listed);
    zones
}

fn zone_html(current: &str) -> String {
    let options: String = zones(current)
        .iter()
        .map(|z| {
            format!(
                "<option value=\"{0}\"{1}>{0}</option>",
                esc(z),
                if z == current { " selected" } else { "" }
            )
        })
        .collect();
    format!(
        "<form id=\"zone-form\" novalidate><div class=\"field\"><label for=\"household-zone\">{}</label>\
         <select id=\"household-zone\" aria-describedby=\"household-zone-error household-zone-hint\" \
         aria-invalid=\"false\">{options}</select><p id=\"household-zone-hint\" class=\"hint\">{}</p>\
         <p id=\"household-zone-error\" class=\"field-error\" role=\"alert\"></p></div>\
         <button type=\"submit\" class=\"button primary\" id=\"save-zone\">{}</button>\
         <p class=\"success\" id=\"zone-saved\" role=\"status\"></p></form>",
        t(K::SetZoneLabel),
        t(K::SetZoneHint),
        t(K::SetSaveZone)
    )
}

/// Saves the chosen zone; a refusal is shown at the select.
fn save_zone(api: Api) {
    let Some(button) = document().get_element_by_id("save-zone") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    field_error("household-zone", None);
    set_text("zone-saved", "");
    let _ = button.set_attribute("disabled", "");
    button.set_text_content(Some(t(K::SetSaving)));
    let call = api.update_household(&value_of("household-zone"));
    leptos::task::spawn_local(async move {
        let result = call.await;
        let _ = button.remove_attribute("disabled");
        button.set_text_content(Some(t(K::SetSaveZone)));
        match result {
            Ok(()) => set_text("zone-saved", t(K::SetZoneSaved)),
            Err(e) => field_error("household-zone", Some(&e.user_message())),
        }
    });
}

fn household_screen() -> Screen {
    let api = use_api();
    let me = use_state().user_id();
    let focus = FocusAfter::new();
    let zone = Loaded::new(move || async move {
        let zone = api.household_zone().await?;
        Ok::<_, ApiError>(zone_html(&zone))
    });
    let list = Loaded::new(move || async move {
        let today = away::household_today(api).await?;
        let (users, periods) = (api.users().await?, api.away_periods(None, &today).await?);
        // The admin first: the likeliest to plan their own time off.
        let mut members: Vec<(i64, String)> =
            users.into_iter().map(|u| (u.user_id, u.username)).collect();
        members.sort_by_key(|(id, _)| *id != me);
        set_html("away-member", &away::member_options(&members));
        focus.fire();
        Ok(away::list_html(&periods, true))
    });
    let on_event = move |ev: web_sys::Event| match ev.type_().as_str() {
        "submit" => {
            let form = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .map(|f| f.id())
                .unwrap_or_default();
            if form == "zone-form" {
                ev.prevent_default();
                save_zone(api);
            } else {
                away::submit(&ev, api, list);
            }
        }
        "click" => {
            if let Some((button, action, id)) = clicked(&ev) {
                if action == "remove-away" {
                    away::remove(button, id, api, list, focus);
                }
            }
        }
        _ => {}
    };
    Screen {
        parts: vec![
            Part::Html(format!(
                "{}<h2 id=\"zone-title\">{}</h2>",
                text::household_head(),
                t(K::SetZoneTitle)
            )),
            Part::List("household-zone-form", zone, t(K::SetLoadingZone)),
            Part::Html(format!(
                "<h2 id=\"away-title\">{}</h2><p class=\"hint\">{}</p>{}",
                t(K::SetAwayTitle),
                t(K::SetAwayHint),
                away::form_html(true)
            )),
            Part::List("household-away", list, t(K::SetLoadingAway)),
            Part::Html(format!(
                "<h2 id=\"members-title\">{}</h2>",
                t(K::SetMembersTitle)
            )),
        ],
        on_event: Rc::new(on_event),
    }
}

#[component]
pub fn Household() -> impl IntoView {
    if !use_state().is_admin() {
        return Either::Left(view! {
            <AdminsOnly title=t(K::SetHousehold) message=t(K::SetAdminsOnly) />
        });
    }
    Either::Right(view! {
        {screen(untrack(household_screen))}
        <MemberList />
    })
}
