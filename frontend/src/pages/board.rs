use crate::api::{use_api, OPEN_LIMIT, PAGE};
use crate::components::{listing, AssignmentCard, FocusAfter, Listing};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::models::{Assignment, Status};
use leptos::either::Either;
use leptos::prelude::*;

/// Every string this page shows (one place, for the translation pass).
mod text {
    use crate::i18n::{tf, K};
    pub fn open_count(n: usize, more: bool) -> String {
        tf(
            if more {
                K::BoardFirstOpen
            } else {
                K::BoardOpenCount
            },
            &[&n.to_string()],
        )
    }
    pub fn page(n: usize) -> String {
        tf(K::PageN, &[&n.to_string()])
    }
}

/// The household's work, filterable by member and status: the open
/// occurrences (a bounded set) and the closed ones a page at a time, newest
/// first, filtered by the API, so a household with years of history reads
/// one page (api::assignments).
#[component]
pub fn Board() -> impl IntoView {
    let api = use_api();
    let users = Loaded::new(move || api.users());
    // The selects' values ("": everyone, any status), as typed text like
    // the app's other inputs.
    let member = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let offset = RwSignal::new(0_usize);
    let chosen_member = move || member.with_untracked(|m| m.parse().ok());
    let chosen_status = move || status.with_untracked(|k| Status::from_key(k));
    let open = Loaded::new(move || {
        // Only to-do rows are open: another status filter leaves nothing.
        let skip = chosen_status().is_some_and(|s| s != Status::Todo);
        let call = api.open_assignments(chosen_member());
        async move {
            if skip {
                return Ok(None);
            }
            let mut list = call.await?;
            let more = list.len() > OPEN_LIMIT;
            list.truncate(OPEN_LIMIT);
            Ok(Some((list, more)))
        }
    });
    let closed = Loaded::new(move || {
        let skip = chosen_status() == Some(Status::Todo);
        let call = api.closed_assignments(chosen_member(), chosen_status(), offset.get_untracked());
        async move {
            if skip {
                return Ok(None);
            }
            let mut list = call.await?;
            let more = list.len() > PAGE;
            list.truncate(PAGE);
            Ok(Some((list, more)))
        }
    });
    let reload = move || {
        offset.set(0);
        open.refetch();
        closed.refetch();
    };
    // The pager is drawn again with the page: focus stays on the button
    // that turned it (or its partner once the end is reached).
    let focus = FocusAfter::new();
    let turn = move |by: isize| {
        offset.update(|o| *o = o.saturating_add_signed(by * PAGE as isize));
        let (first, second) = if by > 0 {
            ("older", "newer")
        } else {
            ("newer", "older")
        };
        focus.plan(vec![
            format!("#board .pager .{first}"),
            format!("#board .pager .{second}"),
        ]);
        closed.refetch();
    };

    let filters = move || {
        let users = users.get().and_then(Result::ok).unwrap_or_default();
        view! {
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field inline">
                    <label for="filter-member">{t(K::BoardMember)}</label>
                    <select
                        id="filter-member"
                        on:change=move |ev| { member.set(event_target_value(&ev)); reload() }
                    >
                        <option value="" selected=move || member.with(String::is_empty)>{t(K::BoardEveryone)}</option>
                        {users.into_iter().map(|u| {
                            let id = u.user_id.to_string();
                            view! {
                                <option value=id.clone() selected=move || member.with(|m| *m == id)>
                                    {u.username}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="filter-status">{t(K::BoardStatus)}</label>
                    <select
                        id="filter-status"
                        on:change=move |ev| { status.set(event_target_value(&ev)); reload() }
                    >
                        <option value="" selected=move || status.with(String::is_empty)>{t(K::BoardAnyStatus)}</option>
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || status.with(|k| k == s.key())>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </form>
        }
    };

    // `None`: the status filter leaves this section out (nothing shown).
    let open_list = listing(open, t(K::BoardLoadingOpen), move |value| {
        let Some((list, more)) = value else {
            return Listing::Items(Either::Left(()));
        };
        if list.is_empty() {
            return Listing::Empty(t(K::BoardNoOpen));
        }
        Listing::Items(Either::Right(view! {
            <p class="result-count">{text::open_count(list.len(), more)}</p>
            {cards(list)}
        }))
    });
    let closed_list = listing(closed, t(K::BoardLoadingClosed), move |value| {
        let Some((list, more)) = value else {
            return Listing::Items(Either::Left(()));
        };
        focus.fire();
        let at = offset.get_untracked();
        if list.is_empty() && at == 0 {
            return Listing::Empty(t(K::BoardNoClosed));
        }
        Listing::Items(Either::Right(view! {
            {cards(list)}
            <nav class="pager" aria-label=t(K::BoardPages)>
                <button type="button" class="button secondary newer" disabled=at == 0 on:click=move |_| turn(-1)>
                    {t(K::BoardNewer)}
                </button>
                <span class="page-number">{text::page(at / PAGE + 1)}</span>
                <button type="button" class="button secondary older" disabled=!more on:click=move |_| turn(1)>
                    {t(K::BoardOlder)}
                </button>
            </nav>
        }))
    });
    let show_open = move || status.with(|k| k.is_empty() || k == Status::Todo.key());
    let show_closed = move || status.with(|k| k != Status::Todo.key());

    view! {
        <div class="page-head">
            <h1>{t(K::BoardTitle)}</h1>
            <button type="button" class="button secondary" on:click=move |_| { users.refetch(); reload() }>{t(K::BoardRefresh)}</button>
        </div>
        {filters}
        <div id="board" aria-live="polite">
            <section aria-labelledby="board-open" class="group" hidden=move || !show_open()>
                <h2 id="board-open">{t(K::BoardOpen)}</h2>
                {open_list}
            </section>
            <section aria-labelledby="board-closed" class="group" hidden=move || !show_closed()>
                <h2 id="board-closed">{t(K::BoardClosed)}</h2>
                {closed_list}
            </section>
        </div>
    }
}

fn cards(list: Vec<Assignment>) -> impl IntoView {
    view! {
        <ul class="cards">
            {list.into_iter().map(|a| view! { <AssignmentCard assignment=a show_member=true actions={None::<()>} /> }).collect_view()}
        </ul>
    }
}
