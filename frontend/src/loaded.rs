//! A page's data and how it is (re)loaded: the pages' one async primitive.

use crate::errors::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;

type Load = Box<dyn Fn() + Send + Sync>;

/// A page's data: fetched once when the page opens and again on
/// `refetch()`, the previous result kept on screen meanwhile. Used instead
/// of `LocalResource`, whose async-derived machinery (per data type) was a
/// large part of the wasm; the pages need only this much of it.
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<Result<T, ApiError>>>,
    load: StoredValue<Load>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

type Request<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        Loaded::start(Box::new(move || Box::pin(fetch()) as Request<T>))
    }

    /// The work of `new`, once per data type rather than once per page.
    fn start(fetch: Box<dyn Fn() -> Request<T> + Send + Sync>) -> Self {
        let value = RwSignal::new(None);
        // Only the newest request may set the value: a slow earlier reply
        // must not overwrite a later one.
        let latest = StoredValue::new(0_u64);
        let load = move || {
            let Some(this) = latest.try_update_value(|n| {
                *n += 1;
                *n
            }) else {
                return;
            };
            let request = untrack(&fetch);
            spawn_local(async move {
                let result = request.await;
                if latest.try_get_value() == Some(this) {
                    let _ = value.try_set(Some(result));
                }
            });
        };
        load();
        Loaded {
            value,
            load: StoredValue::new(Box::new(load)),
        }
    }

    /// `None` until the first reply; tracked like a signal.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.value.get()
    }

    pub fn refetch(&self) {
        self.load.try_with_value(|load| load());
    }
}

#[cfg(test)]
mod tests {
    use super::Loaded;
    use crate::errors::ApiError;
    use leptos::prelude::*;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A reply that arrives only when the test says so.
    #[derive(Clone, Default)]
    struct Gate(Arc<Mutex<(bool, Option<Waker>)>>);

    impl Gate {
        fn open(&self) {
            let mut state = self.0.lock().unwrap();
            state.0 = true;
            if let Some(waker) = state.1.take() {
                waker.wake();
            }
        }
    }

    impl Future for Gate {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let mut state = self.0.lock().unwrap();
            if state.0 {
                Poll::Ready(())
            } else {
                state.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    async fn settle() {
        for _ in 0..5 {
            leptos::task::tick().await;
        }
    }

    #[wasm_bindgen_test]
    async fn a_slow_earlier_reply_does_not_overwrite_a_newer_one() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        owner.set();
        let slow = Gate::default();
        let calls = Arc::new(Mutex::new(0));
        let loaded = {
            let (slow, calls) = (slow.clone(), calls.clone());
            Loaded::new(move || {
                let call = {
                    let mut calls = calls.lock().unwrap();
                    *calls += 1;
                    *calls
                };
                let slow = slow.clone();
                async move {
                    if call == 1 {
                        slow.await;
                    }
                    Ok::<_, ApiError>(call)
                }
            })
        };
        settle().await;
        assert_eq!(loaded.get(), None, "nothing until the first reply");
        loaded.refetch();
        settle().await;
        assert_eq!(loaded.get(), Some(Ok(2)));
        slow.open();
        settle().await;
        assert_eq!(loaded.get(), Some(Ok(2)), "the stale reply is dropped");
        loaded.refetch();
        settle().await;
        assert_eq!(loaded.get(), Some(Ok(3)));
    }
}
