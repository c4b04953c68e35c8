//! The admins' reward editor: a form written as HTML text, filled from an
//! Edit button's data attributes and read through the DOM (crate::html).

use crate::api::Api;
use crate::html::{field, field_error, set_text, set_value, value_of};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use leptos::prelude::*;

/// The editor's inputs: (id, label, type, hint, the API's parameter).
const FIELDS: [(&str, K, &str, Option<K>, &str); 4] = [
    ("reward-name", K::EdName, "text", None, "p_reward_name"),
    (
        "reward-description",
        K::EdDescription,
        "text",
        None,
        "p_description",
    ),
    ("reward-cost", K::RewEdCost, "number", None, "p_cost"),
    (
        "reward-stock",
        K::RewStock,
        "number",
        Some(K::RewEdStockHint),
        "p_stock",
    ),
];

/// The editor: its fields and buttons, filled and read through the DOM.
pub(super) fn html() -> String {
    let fields: String = FIELDS
        .iter()
        .map(|(id, label, kind, hint, _)| field(id, t(*label), kind, hint.map_or("", t)))
        .collect();
    format!(
        "<section class=\"panel\" id=\"reward-editor\" aria-labelledby=\"reward-editor-title\">\
         <h2 id=\"reward-editor-title\">{}</h2><form id=\"reward-form\" novalidate>{fields}\
         <p class=\"form-error\" id=\"reward-form-error\" role=\"alert\"></p><div class=\"form-actions\">\
         <button type=\"submit\" class=\"button primary\" id=\"save-reward\">{}</button>\
         <button type=\"button\" class=\"button secondary\" id=\"cancel-edit\" data-action=\"cancel-edit\" hidden>\
         {}</button></div><p class=\"success\" id=\"reward-saved\" role=\"status\"></p></form></section>",
        t(K::RewEdNew),
        t(K::RewEdAdd),
        t(K::RewEdCancel)
    )
}

/// Whole points in `range`, or `None`.
fn whole(text: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    text.trim().parse().ok().filter(|n| range.contains(n))
}

/// Shows `button`'s reward in the editor (`None`: empties it for a new one).
pub(super) fn fill(button: Option<web_sys::HtmlElement>, editing: StoredValue<Option<String>>) {
    let read = |key: &str| {
        button
            .as_ref()
            .and_then(|b| b.get_attribute(key))
            .unwrap_or_default()
    };
    editing.set_value(button.as_ref().and_then(|b| b.get_attribute("data-id")));
    for ((id, ..), key) in
        FIELDS
            .iter()
            .zip(["data-name", "data-description", "data-cost", "data-stock"])
    {
        set_value(id, &read(key));
        field_error(id, None);
    }
    let editing_now = button.is_some();
    set_text(
        "reward-editor-title",
        if editing_now {
            t(K::RewEdEdit)
        } else {
            t(K::RewEdNew)
        },
    );
    set_text(
        "save-reward",
        if editing_now {
            t(K::RewEdSave)
        } else {
            t(K::RewEdAdd)
        },
    );
    set_text("reward-form-error", "");
    if let Some(cancel) = document().get_element_by_id("cancel-edit") {
        let _ = cancel.toggle_attribute_with_force("hidden", !editing_now);
    }
}

/// Saves the form: checks made here first, then the API's refusals by
/// the field it names.
pub(super) fn save(
    ev: &web_sys::Event,
    api: Api,
    editing: StoredValue<Option<String>>,
    store: Loaded<String>,
) {
    ev.prevent_default();
    let [name, description, cost, stock] = FIELDS.map(|(id, ..)| value_of(id));
    for (id, ..) in FIELDS {
        field_error(id, None);
    }
    let cost = whole(&cost, 1..=1_000_000);
    let stock = match stock.trim() {
        "" => Some(None),
        s => whole(s, 0..=1_000_000).map(Some),
    };
    let (Some(cost), Some(stock)) = (cost, stock) else {
        let (id, message) = if cost.is_none() {
            ("reward-cost", t(K::RewEdCostRange))
        } else {
            ("reward-stock", t(K::RewEdStockRange))
        };
        field_error(id, Some(message));
        return;
    };
    let id = editing.get_value().and_then(|id| id.parse().ok());
    let Some(button) = document().get_element_by_id("save-reward") else {
        return;
    };
    if button.has_attribute("disabled") {
        return;
    }
    let _ = button.set_attribute("disabled", "");
    set_text("reward-form-error", "");
    set_text("reward-saved", "");
    let call = api.save_reward(id, name.trim(), description.trim(), cost, stock);
    leptos::task::spawn_local(async move {
        let result = call.await;
        let _ = button.remove_attribute("disabled");
        match result {
            Ok(()) => {
                fill(None, editing);
                set_text(
                    "reward-saved",
                    t(if id.is_some() {
                        K::EdSaved
                    } else {
                        K::RewAdded
                    }),
                );
                store.refetch();
            }
            Err(e) => {
                // By the field the API names, else for the form.
                let own = e.code.as_deref().is_some_and(|c| c.starts_with("PT"));
                match FIELDS
                    .iter()
                    .find(|f| own && e.details.as_deref() == Some(f.4))
                {
                    Some((id, ..)) => field_error(id, Some(&e.user_message())),
                    None => set_text("reward-form-error", &e.user_message()),
                }
            }
        }
    });
}
