use crate::errors::Problem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Call = Pin<Box<dyn Future<Output = Result<(), Problem>>>>;

/// A button that runs one API call: disabled and relabelled while in
/// flight, its error (the API's, or a check made before sending) shown
/// right next to it, `on_done` (usually a refetch) run on success.
///
/// Generic only on the surface: the closures are boxed at once, so the
/// button's view exists once in the wasm however many kinds of buttons
/// the app has.
#[component]
pub fn ActionButton<F, Fut, E, D>(
    label: &'static str,
    busy_label: &'static str,
    #[prop(default = "button")] class: &'static str,
    #[prop(optional, into)] aria_label: Option<String>,
    run: F,
    on_done: D,
) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), E>> + 'static,
    E: Into<Problem> + 'static,
    D: Fn() + 'static,
{
    let run: Rc<dyn Fn() -> Call> = Rc::new(move || {
        let call = run();
        Box::pin(async move { call.await.map_err(Into::into) }) as Call
    });
    let on_done: Rc<dyn Fn()> = Rc::new(on_done);
    action_button(label, busy_label, class, aria_label, run, on_done)
}

fn action_button(
    label: &'static str,
    busy_label: &'static str,
    class: &'static str,
    aria_label: Option<String>,
    run: Rc<dyn Fn() -> Call>,
    on_done: Rc<dyn Fn()>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let call = run();
        let on_done = on_done.clone();
        spawn_local(async move {
            let result = call.await;
            // The page may have been left (sign-out) while the call ran.
            let _ = busy.try_set(false);
            match result {
                Ok(()) => on_done(),
                Err(problem) => {
                    let _ = error.try_set(Some(problem.message));
                }
            }
        });
    };
    view! {
        <span class="action">
            <button
                type="button"
                class=class
                aria-label=aria_label
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=click
            >
                {move || if busy.get() { busy_label } else { label }}
            </button>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </span>
    }
}
