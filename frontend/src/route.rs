//! In-app navigation lives in the URL fragment: the page itself is always
//! `/rpc/serve_html`, and a server path would 404 on reload.

use crate::i18n::{t, K};
use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The landing screen (issue 12).
    Today,
    SignIn,
    Register,
    MyTasks,
    Board,
    Catalog,
    /// The chore editor: `None` for a new chore (`#/chores/new`).
    ChoreEditor(Option<i64>),
    Approvals,
    Account,
    Members,
    Invites,
    History,
    Calendar,
    Points,
    Rewards,
    Household,
    Settings,
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`); anything
    /// unknown lands on Today.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        // `#/chores` lists them (the catalog); `#/chores/new`, `#/chores/<id>`.
        if let Some(chore) = path.strip_prefix("chores/") {
            let chore = chore.split('?').next().unwrap_or("");
            return match chore.parse() {
                Ok(id) => Route::ChoreEditor(Some(id)),
                Err(_) if chore == "new" => Route::ChoreEditor(None),
                Err(_) => Route::Catalog,
            };
        }
        let path = path.split(['?', '/']).next().unwrap_or("");
        match path {
            "signin" => Route::SignIn,
            "register" => Route::Register,
            "board" => Route::Board,
            "tasks" => Route::MyTasks,
            "catalog" | "chores" => Route::Catalog,
            "approvals" => Route::Approvals,
            "account" => Route::Account,
            "members" => Route::Members,
            "invites" => Route::Invites,
            "history" => Route::History,
            "calendar" => Route::Calendar,
            "points" => Route::Points,
            "rewards" => Route::Rewards,
            "household" => Route::Household,
            "settings" => Route::Settings,
            _ => Route::Today,
        }
    }

    pub fn href(self) -> &'static str {
        match self {
            Route::Today => "#/today",
            Route::SignIn => "#/signin",
            Route::Register => "#/register",
            Route::MyTasks => "#/tasks",
            Route::Board => "#/board",
            Route::Catalog => "#/catalog",
            // A chore's own editor: `chore_href`.
            Route::ChoreEditor(_) => "#/chores/new",
            Route::Approvals => "#/approvals",
            Route::Account => "#/account",
            Route::Members => "#/members",
            Route::Invites => "#/invites",
            Route::History => "#/history",
            Route::Calendar => "#/calendar",
            Route::Points => "#/points",
            Route::Rewards => "#/rewards",
            Route::Household => "#/household",
            Route::Settings => "#/settings",
        }
    }

    pub fn title(self) -> &'static str {
        t(match self {
            Route::Today => K::RtToday,
            Route::SignIn => K::RtSignIn,
            Route::Register => K::RtRegister,
            Route::MyTasks => K::RtMyTasks,
            Route::Board => K::RtBoard,
            Route::Catalog => K::RtCatalog,
            Route::ChoreEditor(None) => K::RtNewChore,
            Route::ChoreEditor(Some(_)) => K::RtEditChore,
            Route::Approvals => K::RtApprovals,
            Route::Account => K::RtAccount,
            Route::Members => K::RtMembers,
            Route::Invites => K::RtInvites,
            Route::History => K::RtHistory,
            Route::Calendar => K::RtCalendar,
            Route::Points => K::RtPoints,
            Route::Rewards => K::RtRewards,
            Route::Household => K::RtHousehold,
            Route::Settings => K::RtSettings,
        })
    }

    /// Short enough for a phone's tab row.
    pub fn nav_label(self) -> &'static str {
        match self {
            Route::Board => t(K::NavBoard),
            Route::Settings => t(K::NavSettings),
            other => other.title(),
        }
    }

    pub fn needs_session(self) -> bool {
        !matches!(self, Route::SignIn | Route::Register)
    }

    /// The route the address bar shows now.
    pub fn current() -> Route {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        Route::parse(&hash)
    }

    /// Goes to this route; the `hashchange` listener (see `follow`) then
    /// updates the app's state, as for a link or the back button.
    pub fn go(self) {
        if let Some(window) = web_sys::window() {
            let _ = match self {
                Route::ChoreEditor(Some(id)) => window.location().set_hash(&chore_href(id)),
                other => window.location().set_hash(other.href()),
            };
        }
    }
}

/// The editor of one chore.
pub fn chore_href(task_id: i64) -> String {
    format!("#/chores/{task_id}")
}

/// Keeps `route` equal to the address bar's route for the app's lifetime.
pub fn follow(route: RwSignal<Route>) {
    let listener = window_event_listener(ev::hashchange, move |_| route.set(Route::current()));
    // The listener lives as long as the app does.
    std::mem::forget(listener);
}
