use crate::errors::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

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

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
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
