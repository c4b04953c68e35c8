//! The Today list as HTML text (see crate::html for why): the swap offers
//! to me, then Overdue, Due today and Upcoming, each card with Done and a
//! "More" disclosure whose panel is written only when it is opened (a busy
//! household's list stays a few nodes per card).

use super::model::{section_of, Agenda, Card, Section, SwapOffer, SECTIONS};
use crate::html::{empty, esc};
use crate::i18n::{t, K};
use crate::models::User;
use crate::records::{Clock, Day};

/// Cards written at most: the rest of a (truncated) household agenda is
/// summarised, so the page stays far below 5,000 DOM nodes.
const MAX_CARDS: usize = 200;

/// Who is looking, and at what.
pub struct Viewer<'a> {
    pub me: i64,
    pub admin: bool,
    pub everyone: bool,
    pub members: &'a [User],
}

impl Viewer<'_> {
    fn name_of(&self, user_id: i64) -> String {
        self.members
            .iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.username.clone())
            .unwrap_or_else(|| format!("#{user_id}"))
    }

    /// Done and More are offered on what the API lets me act on: mine,
    /// unclaimed (completing claims it), anyone's for an admin.
    pub fn can_act(&self, card: &Card) -> bool {
        self.admin || card.user_id.is_none() || card.user_id == Some(self.me)
    }
}

fn heading(id: &str, title: &str, count: usize) -> String {
    format!("<h2 id=\"today-h-{id}\" tabindex=\"-1\">{title} <span class=\"today-count\">({count})</span></h2>")
}

fn button(id: &str, class: &str, action: &str, data_id: i64, label: &str, name: &str) -> String {
    format!(
        "<button type=\"button\" id=\"{id}\" class=\"button {class}\" data-action=\"{action}\" data-id=\"{data_id}\" \
         aria-label=\"{} {}\">{}</button>",
        esc(label),
        esc(name),
        esc(label)
    )
}

fn card_html(card: &Card, viewer: &Viewer, clock: &Clock, error: Option<&String>) -> String {
    let id = card.assignment_id;
    let name = esc(&card.task_name);
    let due = match &card.due_at {
        Some(due) => format!(
            "{} <time datetime=\"{}\">{}</time>",
            t(K::TodayDue),
            esc(due),
            esc(&clock.show(due))
        ),
        None => t(K::TodayNoDueDate).to_string(),
    };
    let who = match (&card.username, card.user_id) {
        (None, _) | (_, None) => format!(" · {}", t(K::TodayAnyone)),
        (Some(name), Some(_)) if viewer.everyone => format!(" · {}", esc(name)),
        _ => String::new(),
    };
    let offered = card
        .offer
        .map(|(_, to)| format!(" · {} {}", t(K::TodayOfferedTo), esc(&viewer.name_of(to))))
        .unwrap_or_default();
    let actions = if viewer.can_act(card) {
        format!(
            "<div class=\"today-actions\">{}<button type=\"button\" id=\"more-{id}\" class=\"button secondary today-more\" \
             data-action=\"more\" data-id=\"{id}\" aria-expanded=\"false\" aria-controls=\"panel-{id}\" \
             aria-label=\"{} {name}\">{}</button></div>",
            button(&format!("done-{id}"), "primary today-done", "done", id, t(K::TodayDone), &card.task_name),
            t(K::TodayMore),
            t(K::TodayMore)
        )
    } else {
        String::new()
    };
    format!(
        "<li class=\"today-card\" data-assignment-id=\"{id}\"><div class=\"today-what\"><span class=\"task-name\">{name}</span>\
         <span class=\"today-meta\">{due}{who}{offered}</span></div>{actions}\
         <p id=\"err-{id}\" class=\"field-error\" role=\"alert\">{}</p><div id=\"panel-{id}\" class=\"today-panel\" hidden></div></li>",
        esc(error.map(String::as_str).unwrap_or(""))
    )
}

fn offer_html(offer: &SwapOffer, clock: &Clock, error: Option<&String>) -> String {
    let id = offer.offer_id;
    let due = offer
        .due_at
        .as_deref()
        .map(|d| format!(" · {} {}", t(K::TodayDue), esc(&clock.show(d))))
        .unwrap_or_default();
    format!(
        "<li class=\"today-card today-offer\" data-offer-id=\"{id}\"><div class=\"today-what\"><span class=\"task-name\">{}</span>\
         <span class=\"today-meta\">{} {}{due}</span></div><div class=\"today-actions\">{}{}</div>\
         <p id=\"offer-err-{id}\" class=\"field-error\" role=\"alert\">{}</p></li>",
        esc(&offer.task_name),
        t(K::TodayFrom),
        esc(&offer.from_username),
        button(&format!("accept-{id}"), "primary today-accept", "accept", id, t(K::TodayAccept), &offer.task_name),
        button(&format!("decline-{id}"), "secondary", "decline", id, t(K::TodayDecline), &offer.task_name),
        esc(error.map(String::as_str).unwrap_or(""))
    )
}

/// A written list and its controls in order, for the focus moves after
/// an action ("the card now at that position").
pub struct Rendered {
    pub html: String,
    /// Cards with a Done button: (occurrence id, its section's key).
    pub done: Vec<(i64, &'static str)>,
    /// Offer ids, in order.
    pub offers: Vec<i64>,
}

/// The whole list. `errors`: the API's refusals by occurrence id (and by
/// offer id, negated), kept across refreshes until the next action.
pub fn list_html(
    agenda: &Agenda,
    offers: &[SwapOffer],
    viewer: &Viewer,
    errors: &[(i64, String)],
) -> Rendered {
    let mut done = Vec::new();
    let clock = Clock::new(&agenda.time_zone);
    let today = Day::parse(&agenda.today);
    let error_of = |id: i64| errors.iter().find(|(e, _)| *e == id).map(|(_, m)| m);
    let mut html = String::new();
    if !offers.is_empty() {
        html.push_str(&format!(
            "<section class=\"today-section\" aria-labelledby=\"today-h-offers\">{}<ul class=\"today-list\">",
            heading("offers", t(K::TodayOffers), offers.len())
        ));
        for offer in offers {
            html.push_str(&offer_html(offer, &clock, error_of(-offer.offer_id)));
        }
        html.push_str("</ul></section>");
    }
    let mut written = 0;
    for section in SECTIONS {
        let cards: Vec<&Card> = agenda
            .items
            .iter()
            .filter(|c| section_of(c, today, &clock) == section)
            .collect();
        let (title, nothing) = match section {
            Section::Overdue => (t(K::TodayOverdue), t(K::TodayNothingOverdue)),
            Section::DueToday => (t(K::TodayDueToday), t(K::TodayNothingToday)),
            Section::Upcoming if viewer.everyone => {
                (t(K::TodayUpcoming), t(K::TodayNothingUpcoming))
            }
            Section::Upcoming => (t(K::TodayUpcoming), t(K::TodayNothingUpcomingMe)),
        };
        let key = section.key();
        html.push_str(&format!(
            "<section class=\"today-section\" aria-labelledby=\"today-h-{key}\" data-section=\"{key}\">{}",
            heading(key, title, cards.len())
        ));
        if cards.is_empty() {
            html.push_str(&empty(nothing));
        } else {
            html.push_str("<ul class=\"today-list\">");
            for card in cards.into_iter().take(MAX_CARDS.saturating_sub(written)) {
                written += 1;
                if viewer.can_act(card) {
                    done.push((card.assignment_id, key));
                }
                html.push_str(&card_html(
                    card,
                    viewer,
                    &clock,
                    error_of(card.assignment_id),
                ));
            }
            html.push_str("</ul>");
        }
        html.push_str("</section>");
    }
    if agenda.truncated || written < agenda.items.len() {
        html.push_str(&empty(t(K::TodayTruncated)));
    }
    Rendered {
        html,
        done,
        offers: offers.iter().map(|o| o.offer_id).collect(),
    }
}

/// The "More" panel of one card: note, done-earlier time, and what else
/// the viewer may do with it. `max`: now on the household clock.
pub fn panel_html(card: &Card, viewer: &Viewer, max: &str) -> String {
    let id = card.assignment_id;
    let name = &card.task_name;
    let mut html = format!(
        "<div class=\"field\"><label for=\"note-{id}\">{}</label><input id=\"note-{id}\" type=\"text\" maxlength=\"500\" \
         autocomplete=\"off\" aria-describedby=\"note-{id}-error\" aria-invalid=\"false\">\
         <p id=\"note-{id}-error\" class=\"field-error\" role=\"alert\"></p></div>\
         <div class=\"field\"><label for=\"when-{id}\">{}</label><input id=\"when-{id}\" type=\"datetime-local\" max=\"{}\" \
         aria-describedby=\"when-{id}-hint when-{id}-error\" aria-invalid=\"false\">\
         <p id=\"when-{id}-hint\" class=\"hint\">{}</p><p id=\"when-{id}-error\" class=\"field-error\" role=\"alert\"></p></div>\
         <div class=\"form-actions\">",
        t(K::TodayNote),
        t(K::TodayDoneEarlier),
        esc(max),
        t(K::TodayDoneEarlierHint)
    );
    let mine = card.user_id == Some(viewer.me);
    if card.user_id.is_none() {
        html.push_str(&button(
            &format!("claim-{id}"),
            "secondary",
            "claim",
            id,
            t(K::TodayClaim),
            name,
        ));
    } else if mine || viewer.admin {
        html.push_str(&button(
            &format!("skip-{id}"),
            "danger",
            "skip",
            id,
            t(K::TodaySkip),
            name,
        ));
    }
    html.push_str("</div>");
    if !mine {
        return html;
    }
    if let Some((offer_id, _)) = card.offer {
        html.push_str(&format!(
            "<div class=\"form-actions\">{}</div>",
            button(
                &format!("take-back-{id}"),
                "secondary",
                "take-back",
                offer_id,
                t(K::TodayTakeBack),
                name
            )
        ));
        return html;
    }
    let mut options = format!("<option value=\"\">{}</option>", t(K::TodayChooseMember));
    for member in viewer.members.iter().filter(|m| m.user_id != viewer.me) {
        options.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            member.user_id,
            esc(&member.username)
        ));
    }
    html.push_str(&format!(
        "<div class=\"field inline\"><label for=\"swap-{id}\">{}</label><select id=\"swap-{id}\" \
         aria-describedby=\"swap-{id}-error\" aria-invalid=\"false\">{options}</select>\
         <p id=\"swap-{id}-error\" class=\"field-error\" role=\"alert\"></p></div><div class=\"form-actions\">{}</div>",
        t(K::TodayOfferTo),
        button(&format!("offer-{id}"), "secondary", "offer", id, t(K::TodayOffer), name)
    ));
    html
}
