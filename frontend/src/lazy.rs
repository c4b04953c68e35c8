//! Screens that load on first use. The first load carries only the shell,
//! sign-in and Today (the landing screen); every other screen is a split
//! point of the one module `screens`, which the release build cuts out into
//! a `.wasm` chunk (scripts/build-frontend.sh: `--cfg ctt_split`, then
//! wasm-split on cargo's output), which the page fetches the first time any
//! of them opens (the service worker also caches it with the release).
//! One chunk, not one per screen: each screen would otherwise fetch several
//! small chunks of what it shares with others. Without the cfg (unit tests,
//! `trunk serve`) the same functions are plain calls.
//!
//! A chunk that cannot be fetched (offline before it was ever cached, or an
//! old release's chunk after a publish and prune) is a readable error on
//! that screen with a way to reload the app, never a panic: the split
//! functions are `fallible` (a panic would abort the whole app).

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

/// Defines each split point once: `name(args) -> T => body`. A split
/// point's arguments and result must be concrete types, so the screens
/// answer an `AnyView`, whose build and update code then lives in the chunk
/// too.
macro_rules! split_points {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $out:ty => $body:expr;)*) => {$(
        #[cfg(ctt_split)]
        #[leptos::wasm_split::wasm_split(screens, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<$out, SplitLoaderError> {
            Ok($body)
        }
        #[cfg(not(ctt_split))]
        pub async fn $name($($arg: $ty),*) -> Result<$out, SplitLoaderError> {
            Ok($body)
        }
    )*};
}

split_points! {
    // Only fetches the chunk (every split point of `screens` does that
    // first); the screen is built once it is in and still wanted.
    chunk_in() -> () => ();
    my_tasks() -> AnyView => view! { <pages::MyTasks /> }.into_any();
    board() -> AnyView => view! { <pages::Board /> }.into_any();
    catalog() -> AnyView => view! { <pages::Catalog /> }.into_any();
    chore_editor(task_id: Option<i64>) -> AnyView =>
        view! { <pages::ChoreEditor task_id=task_id /> }.into_any();
    approvals() -> AnyView => view! { <pages::Approvals /> }.into_any();
    account() -> AnyView => view! { <pages::Account /> }.into_any();
    members() -> AnyView => view! { <pages::Members /> }.into_any();
    household() -> AnyView => view! { <pages::Household /> }.into_any();
    invites() -> AnyView => view! { <pages::Invites /> }.into_any();
    history() -> AnyView => screen(untrack(pages::history)).into_any();
    calendar() -> AnyView => screen(untrack(pages::calendar)).into_any();
    points() -> AnyView => screen(untrack(pages::points)).into_any();
    rewards() -> AnyView => screen(untrack(pages::rewards)).into_any();
    settings() -> AnyView => screen(untrack(pages::settings)).into_any();
}

/// A screen's build, run once its chunk is in.
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
/// The screen is built only once the chunk is in and only if the route is
/// still shown (a screen left while loading would otherwise run its reads
/// and timers unseen), owned by the route and outside any tracking: built
/// inside a `Suspend`, every signal it read while being set up was tracked
/// by the boundary, and the first refetch rebuilt the boundary and disposed
/// the screen under its own running actions.
pub fn lazily(build: Load) -> impl IntoView {
    let arrival = RwSignal::new(Arrival::Loading);
    let screen = StoredValue::new_local(None::<AnyView>);
    spawn_local(ScopedFuture::new_untracked(async move {
        let next = match chunk_in().await {
            // Left meanwhile: the route's owner (and this signal) is gone.
            Ok(()) if arrival.try_get_untracked().is_none() => return,
            // `build` was never polled before: nothing of it ran yet.
            Ok(()) => match build.await {
                Ok(view) => {
                    screen.set_value(Some(view));
                    Arrival::Shown
                }
                Err(_) => Arrival::Failed,
            },
            Err(_) => Arrival::Failed,
        };
        let _ = arrival.try_set(next);
    }));
    move || match arrival.get() {
        Arrival::Loading => EitherOf3::A(view! { <Loading /> }),
        // Reloading fetches the page again: back online, or after a
        // publish removed this release's chunk, it brings the current one.
        Arrival::Failed => EitherOf3::B(view! {
            <ErrorBox message=t(K::ScreenLoadFailed) retry=Box::new(reload) />
        }),
        Arrival::Shown => EitherOf3::C(screen.try_update_value(Option::take).flatten()),
    }
}

fn reload() {
    let _ = window().location().reload();
}
