//! The one way a page shows the data it loads: a spinner until the first
//! reply, the error with a way to try again, a sentence when there is
//! nothing to show, or the content.

use crate::components::{Empty, ErrorBox, Loading};
use crate::loaded::Loaded;
use leptos::either::EitherOf4;
use leptos::prelude::*;

/// What a page makes of its data once it is here.
pub enum Listing<V> {
    /// Nothing to list, and the sentence that says so.
    Empty(&'static str),
    Items(V),
}

/// `loading` labels the spinner; `render` turns the data into a
/// [`Listing`] and runs again whenever the data or a signal it reads changes.
pub fn listing<T, V>(
    data: Loaded<T>,
    loading: &'static str,
    render: impl Fn(T) -> Listing<V> + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match data.get() {
        None => EitherOf4::A(view! { <Loading label=loading /> }),
        Some(Err(e)) => EitherOf4::B(view! {
            <ErrorBox message=e.user_message() retry=Box::new(move || data.refetch()) />
        }),
        Some(Ok(value)) => match render(value) {
            Listing::Empty(message) => EitherOf4::C(view! { <Empty message=message /> }),
            Listing::Items(items) => EitherOf4::D(items),
        },
    }
}
