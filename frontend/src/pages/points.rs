//! Written as HTML text: see crate::html for why and how.

use crate::api::use_api;
use crate::components::FocusAfter;
use crate::errors::ApiError;
use crate::html::{clicked, empty, esc, pager, table, Part, Screen};
use crate::i18n::{t, tf, K};
use crate::loaded::Loaded;
use crate::points::{signed, Leaderboard, Statement, PERIODS};
use crate::records::Clock;
use crate::state::use_state;
use leptos::prelude::*;
use std::rc::Rc;

mod text {
    use crate::i18n::{t, K};
    pub fn board_columns() -> [&'static str; 3] {
        [K::PtsRank, K::SetMember, K::PtsPoints].map(t)
    }
    pub fn ledger_columns() -> [&'static str; 3] {
        [K::PtsWhen, K::PtsWhat, K::PtsPoints].map(t)
    }
    pub fn head() -> String {
        format!(
            "<div class=\"page-head\"><h1>{}</h1></div><h2 id=\"my-points-title\" tabindex=\"-1\">{}</h2>",
            t(K::RtPoints),
            t(K::PtsMine)
        )
    }
    pub fn board() -> String {
        format!(
            "<h2 id=\"leaderboard-title\">{}</h2><p class=\"hint\">{}</p>",
            t(K::PtsBoard),
            t(K::PtsBoardHint)
        )
    }
}

/// Ledger entries per page.
const LEDGER_PAGE: u32 = 20;

fn board_html(board: Leaderboard, me: i64) -> String {
    let mut html = format!(
        "<div class=\"segmented\" role=\"group\" aria-label=\"{}\">",
        t(K::PtsPeriod)
    );
    for (index, (value, label)) in PERIODS.into_iter().enumerate() {
        html.push_str(&format!(
            "<button type=\"button\" class=\"button secondary period\" data-action=\"period\" data-id=\"{index}\" \
             data-period=\"{value}\" aria-pressed=\"{}\">{}</button>",
            board.period == value,
            t(label)
        ));
    }
    html.push_str("</div>");
    if board.members.is_empty() {
        return html + &empty(t(K::PtsNobody));
    }
    let mut rows = String::new();
    for m in board.members {
        let mine = m.user_id == me;
        rows.push_str(&format!(
            "<tr data-user-id=\"{}\"{}><td class=\"rank\">{}</td><th scope=\"row\" class=\"member\">{}{}</th>\
             <td class=\"number points\">{}</td></tr>",
            m.user_id,
            if mine { " class=\"me\"" } else { "" },
            m.rank,
            esc(&m.username),
            if mine { t(K::PtsYou) } else { "" },
            m.points
        ));
    }
    let attributes = format!(
        "id=\"leaderboard-table\" aria-labelledby=\"leaderboard-title\" data-period=\"{}\"",
        esc(&board.period)
    );
    html + &table(&attributes, &text::board_columns(), &rows)
}

fn ledger_html(number: usize, statement: Statement, clock: &Clock) -> String {
    let mut html = format!(
        "<dl class=\"balance\" id=\"my-balance\"><div><dt>{}</dt><dd id=\"balance\">{}</dd></div>\
         <div><dt>{}</dt><dd id=\"pending\">{}</dd></div>\
         <div><dt>{}</dt><dd id=\"available\">{}</dd></div></dl>",
        t(K::PtsBalance),
        statement.balance,
        t(K::PtsPending),
        statement.pending,
        t(K::PtsAvailable),
        statement.available
    );
    if statement.items.is_empty() && number == 1 {
        return html + &empty(t(K::PtsNoEntries));
    }
    let mut rows = String::new();
    for e in &statement.items {
        rows.push_str(&format!(
            "<tr data-kind=\"{}\"><td>{}</td><td>{}</td><td class=\"number{}\">{}</td></tr>",
            esc(&e.kind),
            esc(&clock.show(&e.created_at)),
            esc(&e.describe()),
            if e.amount < 0 { " minus" } else { "" },
            signed(e.amount)
        ));
    }
    html.push_str(&format!(
        "<h3 id=\"ledger-title\" data-page=\"{number}\">{}</h3>{}{}",
        esc(&tf(K::PtsEntriesPageN, &[&number.to_string()])),
        table(
            "id=\"ledger-table\" aria-labelledby=\"ledger-title\"",
            &text::ledger_columns(),
            &rows
        ),
        pager(
            "ledger-pager",
            t(K::PtsPages),
            (t(K::BoardNewer), number > 1),
            (t(K::BoardOlder), statement.next_cursor.is_some())
        )
    ));
    html
}

/// The leaderboard for a week, a month or all time, and my balance with
/// my ledger one page at a time.
pub fn points() -> Screen {
    let api = use_api();
    let me = use_state().user_id();
    // (The same stored types as the History's: one copy of their code.)
    let period = StoredValue::new(Some(PERIODS[0].0.to_string()));
    let trail = StoredValue::new(Vec::<String>::new());
    let next_cursor = StoredValue::new(None::<String>);
    let zone = StoredValue::new(None::<String>);
    let focus = FocusAfter::new();
    let board = Loaded::new(move || async move {
        let board = api
            .leaderboard(&period.get_value().unwrap_or_default())
            .await?;
        zone.set_value(board.time_zone.clone());
        focus.fire();
        Ok::<_, ApiError>(board_html(board, me))
    });
    let ledger = Loaded::new(move || async move {
        if zone.with_value(Option::is_none) {
            zone.set_value(Some(api.household_zone().await?));
        }
        let trail = trail.get_value();
        let cursor = trail.last().and_then(|c| c.parse().ok());
        let statement = api.points_statement(cursor, LEDGER_PAGE).await?;
        next_cursor.set_value(statement.next_cursor.map(|c| c.to_string()));
        let clock = Clock::new(&zone.get_value().unwrap_or_default());
        focus.fire();
        Ok::<_, ApiError>(ledger_html(trail.len() + 1, statement, &clock))
    });
    let on_click = move |ev: web_sys::Event| {
        let Some((_, action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "period" => {
                let Some((value, _)) = PERIODS.get(id as usize) else {
                    return;
                };
                period.set_value(Some(value.to_string()));
                focus.plan(vec![format!("[data-period='{value}']")]);
                board.refetch();
                return;
            }
            "next" => {
                let Some(cursor) = next_cursor.try_update_value(Option::take).flatten() else {
                    return;
                };
                trail.update_value(|t| t.push(cursor));
            }
            "previous" => {
                if trail.try_update_value(|t| t.pop()).flatten().is_none() {
                    return;
                }
            }
            _ => return,
        }
        focus.plan(vec![
            format!("#ledger-pager-{action}:not([disabled])"),
            "#ledger-pager button:not([disabled])".into(),
            "#my-points-title".into(),
        ]);
        ledger.refetch();
    };

    Screen {
        parts: vec![
            Part::Html(text::head()),
            Part::List("my-points", ledger, t(K::PtsLoadingMine)),
            Part::Html(text::board()),
            Part::List("leaderboard", board, t(K::PtsLoadingBoard)),
        ],
        on_event: Rc::new(on_click),
    }
}
