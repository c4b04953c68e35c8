//! Screens written as HTML text: the history, calendar, points and reward
//! pages. Built with `view!`, every element, attribute and list costs its
//! own build, mount and update code (tachys monomorphises all of it), and
//! these four pages added about 45 KB (brotli) to the wasm; written as
//! escaped text into `inner_html` they cost a fraction of that.
//!
//! So a page is a few containers: each list is a `Loaded<String>` whose
//! fetch renders the data to text (`html_listing` shows it, with the same
//! loading, error and retry states as `listing`), buttons and inputs in
//! the text are handled by one delegated listener per page (`clicked`,
//! `run_button`), and forms are read and annotated through the DOM.
//! Every piece of data goes through `esc`: no input ever becomes markup;
//! no inline script or handler is written, so the CSP holds.

use crate::errors::ApiError;
use crate::loaded::Loaded;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};

/// `text` safe as element content and as a double-quoted attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `Empty` component's markup.
pub fn empty(message: &str) -> String {
    format!("<p class=\"empty\">{}</p>", esc(message))
}

/// A table (`attributes`: its id, label and data attributes, already
/// escaped) with column headers (a leading `#`: a number column, right
/// aligned) and rows of ready `<tr>` markup.
pub fn table(attributes: &str, headers: &[&str], rows: &str) -> String {
    let mut head = String::new();
    for h in headers {
        let (class, h) = match h.strip_prefix('#') {
            Some(h) => (" class=\"number\"", h),
            None => ("", *h),
        };
        head.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(h)));
    }
    format!(
        "<table class=\"records\" {attributes}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
}

/// A button for the page's delegated listener, with a place for its error
/// right after it. `name` completes the accessible name, which starts with
/// the visible label.
pub fn action_button(action: &str, id: i64, class: &str, label: &str, name: &str) -> String {
    format!(
        "<span class=\"action\"><button type=\"button\" class=\"button {class}\" data-action=\"{action}\" \
         data-id=\"{id}\" aria-label=\"{} {}\">{}</button>\
         <span class=\"field-error\" role=\"alert\"></span></span>",
        esc(label),
        esc(name),
        esc(label)
    )
}

/// A pager: Previous (`previous`: enabled) and Next buttons for the
/// delegated listener (actions "previous" and "next").
pub fn pager(id: &str, label: &str, previous: (&str, bool), next: (&str, bool)) -> String {
    let button = |action: &str, (text, enabled): (&str, bool)| {
        format!(
            "<button type=\"button\" class=\"button secondary\" id=\"{id}-{action}\" data-action=\"{action}\"{}>{}</button>",
            if enabled { "" } else { " disabled" },
            esc(text)
        )
    };
    format!(
        "<nav class=\"pager\" id=\"{id}\" aria-label=\"{}\">{}{}</nav>",
        esc(label),
        button("previous", previous),
        button("next", next)
    )
}

/// The delegated listener's view of an event: the element with
/// `data-action` it happened on, its action and its `data-id`.
pub fn clicked(ev: &web_sys::Event) -> Option<(web_sys::HtmlElement, String, i64)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let button = target.closest("[data-action]").ok()??;
    let action = button.get_attribute("data-action")?;
    let id = button
        .get_attribute("data-id")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    Some((button.dyn_into().ok()?, action, id))
}

/// A delegated button's request, boxed: `run_button` exists once.
pub type Call = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// Runs a delegated button's call: disabled and relabelled while in
/// flight; on failure its label comes back and the API's message appears
/// next to it; on success `on_done` (a refetch, which renders it anew).
pub fn run_button(
    button: web_sys::HtmlElement,
    busy: &str,
    call: Call,
    on_done: Box<dyn FnOnce()>,
) {
    if button.has_attribute("disabled") {
        return;
    }
    let label = button.text_content().unwrap_or_default();
    let _ = button.set_attribute("disabled", "");
    let _ = button.set_attribute("aria-busy", "true");
    button.set_text_content(Some(busy));
    let error = button.next_element_sibling();
    if let Some(error) = &error {
        error.set_text_content(None);
    }
    leptos::task::spawn_local(async move {
        let result = call.await;
        let _ = button.remove_attribute("disabled");
        let _ = button.remove_attribute("aria-busy");
        button.set_text_content(Some(&label));
        match result {
            Ok(()) => on_done(),
            Err(e) => {
                if let Some(error) = error {
                    error.set_text_content(Some(&e.user_message()));
                }
            }
        }
    });
}

/// A labelled input with its hint and error places, as `FormField` writes
/// it (`{id}-hint`, `{id}-error`).
pub fn field(id: &str, label: &str, kind: &str, hint: &str) -> String {
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label><input id=\"{id}\" name=\"{id}\" type=\"{kind}\" \
         autocomplete=\"off\" aria-describedby=\"{id}-error {id}-hint\" aria-invalid=\"false\">\
         <p id=\"{id}-hint\" class=\"hint\">{}</p><p id=\"{id}-error\" class=\"field-error\" role=\"alert\"></p></div>",
        esc(label),
        esc(hint)
    )
}

fn by_id(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

/// An input's or select's value ("" when it is not there).
pub fn value_of(id: &str) -> String {
    by_id(id)
        .and_then(|e| js_sys::Reflect::get(&e, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

pub fn set_value(id: &str, value: &str) {
    if let Some(e) = by_id(id) {
        let _ = js_sys::Reflect::set(&e, &"value".into(), &JsValue::from_str(value));
    }
}

/// Shows (or, with `None`, clears) the error of field `id` in `{id}-error`
/// and marks the field invalid.
pub fn field_error(id: &str, message: Option<&str>) {
    if let Some(e) = by_id(&format!("{id}-error")) {
        e.set_text_content(message);
    }
    if let Some(e) = by_id(id) {
        let _ = e.set_attribute(
            "aria-invalid",
            if message.is_some() { "true" } else { "false" },
        );
    }
}

pub fn set_text(id: &str, text: &str) {
    if let Some(e) = by_id(id) {
        e.set_text_content(Some(text));
    }
}

pub fn set_html(id: &str, html: &str) {
    if let Some(e) = by_id(id) {
        e.set_inner_html(html);
    }
}

/// One part of a screen: static text, or a list (its container's id, its
/// data as text, the spinner's label).
pub enum Part {
    Html(String),
    List(&'static str, Loaded<String>, &'static str),
}

/// A screen written as HTML text: its parts in order, and the one
/// listener for every click, change and submit in it (by `event.type`).
pub struct Screen {
    pub parts: Vec<Part>,
    pub on_event: std::rc::Rc<dyn Fn(web_sys::Event)>,
}

/// Every such screen as one view type: the app's router and tachys carry
/// one copy of its code for all of them.
pub fn screen(screen: Screen) -> impl IntoView {
    use leptos::either::Either;
    let Screen { parts, on_event } = screen;
    let (on_change, on_submit) = (on_event.clone(), on_event.clone());
    let parts = parts
        .into_iter()
        .map(|part| match part {
            Part::Html(html) => Either::Left(view! { <div inner_html=html></div> }),
            Part::List(id, data, loading) => Either::Right(view! {
                <div id=id aria-live="polite">{html_listing(data, loading)}</div>
            }),
        })
        .collect_view();
    view! {
        <div
            on:click=move |ev: leptos::ev::MouseEvent| on_event(ev.into())
            on:change=move |ev: leptos::ev::Event| on_change(ev)
            on:submit=move |ev: leptos::ev::SubmitEvent| on_submit(ev.into())
        >
            {parts}
        </div>
    }
}

/// `listing()` for a list rendered to text: a spinner labelled `loading`
/// until the first reply, the error with a way to try again, or the text.
/// Not generic: every such list shares this one view.
fn html_listing(data: Loaded<String>, loading: &'static str) -> impl IntoView {
    use crate::components::{ErrorBox, Loading};
    use leptos::either::EitherOf3;
    move || match data.get() {
        None => EitherOf3::A(view! { <Loading label=loading /> }),
        Some(Err(e)) => EitherOf3::B(view! {
            <ErrorBox message=e.user_message() retry=Box::new(move || data.refetch()) />
        }),
        Some(Ok(html)) => EitherOf3::C(view! { <div inner_html=html></div> }),
    }
}

/// The list text an API refusal about a field becomes: the message by the
/// field (`fields`: parameter → input id), the list saying why it is
/// empty; any other error stays an error.
pub fn by_field(error: ApiError, fields: &[(&str, &str)]) -> Result<String, ApiError> {
    let own = error.code.as_deref().is_some_and(|c| c.starts_with("PT"));
    let field = fields
        .iter()
        .find(|(param, _)| own && error.details.as_deref() == Some(*param));
    match field {
        Some((_, id)) => {
            let message = error.user_message();
            field_error(id, Some(&message));
            Ok(empty(&message))
        }
        None => Err(error),
    }
}
