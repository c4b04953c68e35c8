//! Screens that load on first use. The first load carries only the shell,
//! sign-in and Today (the landing screen); every other screen is a split
//! point of the one module `screens`, which the release build cuts out into
//! a `.wasm` chunk (scripts/build-frontend.sh: `--cfg ctt_split`, then
//! wasm-split on cargo's output), fetched the first time any of them opens.
//! One chunk, not one per screen: each screen would otherwise fetch several
//! small chunks of what it shares with others. Without the cfg (unit tests,
//! `trunk serve`) the same functions are plain calls.
//!
//! A chunk that cannot be fetched (offline before it was ever cached) is a
//! readable error on that screen, never a panic: the split functions are
//! `fallible`, and leaving the screen and coming back tries again.

use crate::components::{ErrorBox, Loading};
use crate::html::screen;
use crate::i18n::{t, K};
use crate::pages;
use crate::route::Route;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// Defines each lazily loaded screen once: `name(args) => view`. A split
/// point's arguments and result must be concrete types, so each answers an
/// `AnyView`, whose build and update code then lives in the chunk too.
macro_rules! lazy_screens {
    ($($name:ident($($arg:ident: $ty:ty),*) => $body:expr;)*) => {$(
        #[cfg(ctt_split)]
        #[leptos::wasm_split::wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<AnyView, SplitLoaderError> {
            Ok($body.into_any())
        }
        #[cfg(not(ctt_split))]
        pub async fn $name($($arg: $ty),*) -> Result<AnyView, SplitLoaderError> {
            Ok($body.into_any())
        }
    )*};
}

lazy_screens! {
    my_tasks() => view! { <pages::MyTasks /> };
    board() => view! { <pages::Board /> };
    catalog() => view! { <pages::Catalog /> };
    chore_editor(task_id: Option<i64>) => view! { <pages::ChoreEditor task_id=task_id /> };
    approvals() => view! { <pages::Approvals /> };
    account() => view! { <pages::Account /> };
    members() => view! { <pages::Members /> };
    household() => view! { <pages::Household /> };
    invites() => view! { <pages::Invites /> };
    history() => screen(untrack(pages::history));
    calendar() => screen(untrack(pages::calendar));
    points() => screen(untrack(pages::points));
    rewards() => screen(untrack(pages::rewards));
    settings() => screen(untrack(pages::settings));
}

/// A screen's loading: its chunk, then its view.
pub type Load = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// How `route`'s screen loads; `None` for the ones in the first load
/// (sign-in and Today).
pub fn load(route: Route) -> Option<Load> {
    Some(match route {
        Route::MyTasks => Box::pin(my_tasks()),
        Route::Board => Box::pin(board()),
        Route::Catalog => Box::pin(catalog()),
        Route::ChoreEditor(id) => Box::pin(chore_editor(id)),
        Route::Approvals => Box::pin(approvals()),
        Route::Account => Box::pin(account()),
        Route::Members => Box::pin(members()),
        Route::Household => Box::pin(household()),
        Route::Invites => Box::pin(invites()),
        Route::History => Box::pin(history()),
        Route::Calendar => Box::pin(calendar()),
        Route::Points => Box::pin(points()),
        Route::Rewards => Box::pin(rewards()),
        Route::Settings => Box::pin(settings()),
        Route::Today | Route::SignIn | Route::Register => return None,
    })
}

/// Where a lazily loaded screen is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arrival {
    Loading,
    Shown,
    Failed,
}

/// Shows a lazily loaded screen: a spinner until its chunk is in, then the
/// screen, or the error if the chunk could not be fetched.
///
/// The screen is built once, owned by the caller's owner (leaving the route
/// disposes it) and outside any tracking: built inside a `Suspend`, every
/// signal it reads while being set up would be tracked by the boundary, and
/// the first refetch would rebuild the boundary and dispose the screen
/// under its own running actions.
pub fn lazily(load: Load) -> impl IntoView {
    let arrival = RwSignal::new(Arrival::Loading);
    let screen = StoredValue::new_local(None::<AnyView>);
    spawn_local(ScopedFuture::new_untracked(async move {
        let next = match load.await {
            Ok(view) => {
                screen.set_value(Some(view));
                Arrival::Shown
            }
            Err(_) => Arrival::Failed,
        };
        // The route may have been left meanwhile.
        let _ = arrival.try_set(next);
    }));
    move || match arrival.get() {
        Arrival::Loading => EitherOf3::A(view! { <Loading /> }),
        Arrival::Failed => EitherOf3::B(view! { <ErrorBox message=t(K::ScreenLoadFailed) /> }),
        Arrival::Shown => EitherOf3::C(screen.try_update_value(Option::take).flatten()),
    }
}
