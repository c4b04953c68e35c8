//! Installable and offline: registers the service worker (frontend/pwa/sw.js)
//! and keeps [`crate::state::AppState::online`] true to what the app sees.
//! Offline, reads are answered by the worker's cache (the last answer per
//! URL) and every control of the page is disabled; see `OfflineNotice`.

use crate::i18n::{t, K};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The worker's mark on an answer it took from its cache (sw.js).
const FROM_CACHE_HEADER: &str = "x-ctt-offline";
/// The worker's caches of each session's reads start so (sw.js `API`).
const API_CACHES: &str = "ctt-api-";
/// How often an app that went offline while the browser still says it is
/// online asks whether the server answers again.
const PROBE_EVERY: Duration = Duration::from_secs(3);

thread_local! {
    // The fetch path (api.rs) has no reactive owner to find the state in.
    static ONLINE: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
    static PROBING: Cell<bool> = const { Cell::new(false) };
}

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

fn set_online(value: bool) {
    if let Some(online) = ONLINE.with(Cell::get) {
        if online.get_untracked() != value {
            online.set(value);
        }
    }
}

/// Follows the browser's online/offline events and registers the worker.
pub fn start(online: RwSignal<bool>) {
    ONLINE.with(|o| o.set(Some(online)));
    set_online(browser_online());
    window_event_listener_untyped("online", move |_| online.set(true));
    window_event_listener_untyped("offline", move |_| online.set(false));
    register();
}

fn has(target: &JsValue, property: &str) -> bool {
    js_sys::Reflect::has(target, &JsValue::from_str(property)).unwrap_or(false)
}

fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Missing outside secure contexts (plain HTTP to anything but loopback).
    if !has(&navigator, "serviceWorker") {
        return;
    }
    // index.html names the worker: the uploader rewrites it to its serving
    // URL, so the app need not know how assets are served.
    let Some(url) = window
        .document()
        .and_then(|d| d.query_selector("meta[name=ctt-service-worker]").ok()?)
        .and_then(|m| m.get_attribute("content"))
    else {
        return;
    };
    let registering = navigator.service_worker().register(&url);
    spawn_local(async move {
        // The app works without it, so this is not an error.
        if let Err(e) = JsFuture::from(registering).await {
            web_sys::console::info_2(&JsValue::from_str("service worker not registered"), &e);
        }
    });
}

/// Every API reply: one the worker took from its cache, or a proxy's
/// 502-504 (its server is down), means the server is out of reach; any
/// other means it is back (unless the browser says otherwise).
pub fn saw_reply(response: &web_sys::Response) {
    if response.headers().has(FROM_CACHE_HEADER).unwrap_or(false)
        || (502..=504).contains(&response.status())
    {
        went_offline();
    } else if browser_online() {
        set_online(true);
    }
}

/// A request got no HTTP reply at all.
pub fn saw_network_failure() {
    went_offline();
}

fn went_offline() {
    set_online(false);
    if PROBING.with(|p| p.replace(true)) {
        return;
    }
    set_timeout(
        || {
            PROBING.with(|p| p.set(false));
            if ONLINE.with(Cell::get).is_some_and(|o| o.get_untracked()) {
                return;
            }
            spawn_local(probe());
        },
        PROBE_EVERY,
    );
}

/// Asks `/rpc/ping`, which the worker never answers from its cache.
async fn probe() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!("{}/rpc/ping", crate::api::base_url());
    match JsFuture::from(window.fetch_with_str(&url)).await {
        Ok(reply) => {
            if let Ok(reply) = reply.dyn_into::<web_sys::Response>() {
                saw_reply(&reply);
            }
        }
        Err(_) => went_offline(),
    }
}

/// Deletes the worker's copies of sessions' reads (on sign-out; one a late
/// write leaves behind is deleted by the worker when the next session's
/// first read is kept, and no other session could read it meanwhile).
pub fn forget_api_caches() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !has(&window, "caches") {
        return;
    }
    let Ok(caches) = window.caches() else {
        return;
    };
    spawn_local(async move {
        let Ok(names) = JsFuture::from(caches.keys()).await else {
            return;
        };
        for name in js_sys::Array::from(&names).iter() {
            if let Some(name) = name.as_string().filter(|n| n.starts_with(API_CACHES)) {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    });
}

/// The offline notice, in a live region that is always there so screen
/// readers announce it when it appears.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let online = crate::state::use_state().online;
    view! {
        <div class="offline-notice" role="status">
            {move || (!online.get()).then(|| view! { <p id="offline-notice">{t(K::PwaOffline)}</p> })}
        </div>
    }
}
