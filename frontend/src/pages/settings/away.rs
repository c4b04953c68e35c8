//! Away periods, as My settings (one's own) and the Household screen (an
//! admin's, for any member) show them: the list is a `Loaded<String>` of
//! HTML text (crate::html), the form beside it stays put while the list
//! reloads, so what was typed survives a refusal.

use crate::api::{settings::Away, Api};
use crate::components::FocusAfter;
use crate::errors::ApiError;
use crate::html::{
    action_button, empty, esc, field, field_error, run_button, set_text, set_value, table, value_of,
};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::records::{long_date, Clock, Day};

/// The inputs and the API's parameter each answers for.
const FIELDS: [(&str, &str); 3] = [
    ("away-member", "p_user_id"),
    ("away-from", "p_starts_on"),
    ("away-to", "p_ends_on"),
];

fn day(iso: &str) -> String {
    Day::parse(iso).map_or_else(|| iso.to_string(), long_date)
}

/// The household's today (`YYYY-MM-DD`): periods over before it are not
/// listed.
pub async fn household_today(api: Api) -> Result<String, ApiError> {
    let zone = api.household_zone().await?;
    Ok(Clock::new(&zone).today().map(Day::iso).unwrap_or_default())
}

/// The list: a table (with a member column when `with_member`), or why
/// it is empty.
pub fn list_html(periods: &[Away], with_member: bool) -> String {
    if periods.is_empty() {
        return empty(t(K::SetNoAway));
    }
    let mut rows = String::new();
    for p in periods {
        let (from, to) = (day(&p.starts_on), day(&p.ends_on));
        let member = if with_member {
            format!("<th scope=\"row\">{}</th>", esc(&p.username))
        } else {
            String::new()
        };
        let name = format!("{} {from} – {to}", p.username);
        rows.push_str(&format!(
            "<tr data-away-id=\"{}\" data-user-id=\"{}\">{member}<td>{}</td><td>{}</td><td>{}</td></tr>",
            p.away_id,
            p.user_id,
            esc(&from),
            esc(&to),
            action_button("remove-away", p.away_id, "secondary small", t(K::SetRemove), &name)
        ));
    }
    let all = [K::SetMember, K::SetFirstDay, K::SetLastDay, K::SetRemove].map(t);
    let columns: &[&str] = if with_member { &all } else { &all[1..] };
    table(
        "id=\"away-table\" aria-labelledby=\"away-title\"",
        columns,
        &rows,
    )
}

/// The form; `with_member`: a member select (its options come with the
/// list, `member_options`).
pub fn form_html(with_member: bool) -> String {
    let member = if with_member {
        format!(
            "<div class=\"field\"><label for=\"away-member\">{}</label><select id=\"away-member\" \
             aria-describedby=\"away-member-error\"></select>\
             <p id=\"away-member-error\" class=\"field-error\" role=\"alert\"></p></div>",
            t(K::SetMember)
        )
    } else {
        String::new()
    };
    format!(
        "<form id=\"away-form\" novalidate><div class=\"form-row\">{member}{}{}</div>\
         <p class=\"form-error\" id=\"away-form-error\" role=\"alert\"></p>\
         <button type=\"submit\" class=\"button primary\" id=\"add-away\">{}</button>\
         <p class=\"success\" id=\"away-saved\" role=\"status\"></p></form>",
        field("away-from", t(K::SetFirstDay), "date", ""),
        field("away-to", t(K::SetLastDay), "date", ""),
        t(K::SetAdd)
    )
}

/// The member select's options, the signed-in admin first.
pub fn member_options(members: &[(i64, String)]) -> String {
    members
        .iter()
        .map(|(id, name)| format!("<option value=\"{id}\">{}</option>", esc(name)))
        .collect()
}

/// Adds the period the form describes; the API's refusal is shown at the
/// field it names.
pub fn submit(ev: &web_sys::Event, api: Api, list: Loaded<String>) {
    ev.prevent_default();
    for (id, _) in FIELDS {
        field_error(id, None);
    }
    set_text("away-form-error", "");
    set_text("away-saved", "");
    let (from, to) = (value_of("away-from"), value_of("away-to"));
    let member = value_of("away-member").parse().ok();
    for (id, value) in [("away-from", &from), ("away-to", &to)] {
        if value.is_empty() {
            field_error(id, Some(t(K::SetChooseDay)));
            return;
        }
    }
    let Some(button) = leptos::prelude::document().get_element_by_id("add-away") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    let _ = button.set_attribute("disabled", "");
    let call = api.set_away(&from, &to, member);
    leptos::task::spawn_local(async move {
        let result = call.await;
        let _ = button.remove_attribute("disabled");
        match result {
            Ok(()) => {
                set_value("away-from", "");
                set_value("away-to", "");
                set_text("away-saved", t(K::SetAdded));
                list.refetch();
            }
            Err(e) => {
                let own = e.code.as_deref().is_some_and(|c| c.starts_with("PT"));
                match FIELDS
                    .iter()
                    .find(|(_, param)| own && e.details.as_deref() == Some(*param))
                {
                    Some((id, _)) => field_error(id, Some(&e.user_message())),
                    None => set_text("away-form-error", &e.user_message()),
                }
            }
        }
    });
}

/// A Remove button in the list: once removed, focus goes to the form's
/// first day (never to the next row's Remove).
pub fn remove(
    button: web_sys::HtmlElement,
    id: i64,
    api: Api,
    list: Loaded<String>,
    focus: FocusAfter,
) {
    let call = Box::pin(api.remove_away(id));
    run_button(
        button,
        t(K::SetRemoving),
        call,
        Box::new(move || {
            set_text("away-saved", t(K::SetRemoved));
            focus.plan(vec!["#away-from".into()]);
            list.refetch();
        }),
    );
}
