//! The signed-in session and the current route, shared through context.
//! The session survives reloads in localStorage. Pages reach the API
//! through [`crate::api::Api`], which takes the token from here.

use crate::json::{Body, JsonObject};
use crate::models::{LoginReply, User};
use crate::route::Route;
use crate::token;
use leptos::prelude::*;
use std::time::Duration;

const STORAGE_KEY: &str = "ctt.session";

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub token: String,
    pub user: User,
}

impl Session {
    /// As stored: `{"token": …, "user": {…}}` (the login reply's shape).
    pub fn to_json(&self) -> String {
        Body::new()
            .text("token", &self.token)
            .object("user", self.user.to_json())
            .finish()
    }

    pub fn from_json(text: &str) -> Option<Session> {
        let reply = LoginReply::from_json(&JsonObject::parse(text)?)?;
        Some(Session {
            token: reply.token,
            user: reply.user,
        })
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Option<Session>>,
    /// A message for the next screen (e.g. why the user was signed out).
    pub notice: RwSignal<Option<String>>,
    pub route: RwSignal<Route>,
    /// Completions this admin could review, for the nav's badge; `None`
    /// until known (and for members).
    pub waiting: RwSignal<Option<usize>>,
    /// Whether the server answers (see `pwa`); offline, the page shows the
    /// last loaded data and allows no changes.
    pub online: RwSignal<bool>,
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps the session for the next visit (`None`: forgets it).
fn store(session: Option<&Session>) {
    let Some(storage) = storage() else {
        return;
    };
    let _ = match session.map(Session::to_json) {
        Some(json) => storage.set_item(STORAGE_KEY, &json),
        None => storage.remove_item(STORAGE_KEY),
    };
}

impl AppState {
    /// Restores a stored session unless its token has expired (then the
    /// sign-in page explains why).
    pub fn load() -> AppState {
        let stored: Option<Session> = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| Session::from_json(&json));
        let mut notice = None;
        let session = match stored {
            Some(session) if token::is_expired(&session.token, now_secs()) => {
                store(None);
                notice = Some(crate::i18n::t(crate::i18n::K::ErrExpired).to_string());
                None
            }
            other => other,
        };
        let state = AppState {
            session: RwSignal::new(session),
            notice: RwSignal::new(notice),
            route: RwSignal::new(Route::current()),
            waiting: RwSignal::new(None),
            online: RwSignal::new(true),
        };
        state.schedule_expiry();
        state
    }

    pub fn user_id(&self) -> i64 {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.user.user_id))
            .unwrap_or_default()
    }

    /// For pages that hide or explain a change offline (the page's controls
    /// are disabled anyway, app.rs).
    pub fn offline(&self) -> bool {
        !self.online.get()
    }

    pub fn is_admin(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.is_admin))
    }

    /// The token while it is still valid by its own expiry; no side effects.
    pub fn live_token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
            .filter(|t| !token::is_expired(t, now_secs()))
    }

    /// The token for a request; an expired one signs the user out instead of
    /// being sent.
    pub fn token(&self) -> Option<String> {
        let token = self.live_token();
        if token.is_none() && self.session.with_untracked(Option::is_some) {
            self.sign_out(Some(crate::i18n::t(crate::i18n::K::ErrExpired).to_string()));
        }
        token
    }

    pub fn sign_in(&self, reply: LoginReply) {
        let session = Session {
            token: reply.token,
            user: reply.user,
        };
        store(Some(&session));
        self.session.set(Some(session));
        self.schedule_expiry();
        if !self.route.get_untracked().needs_session() {
            Route::Today.go();
        }
    }

    /// Replaces the stored profile with the server's current one.
    pub fn update_user(&self, user: User) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        if session.user == user {
            return;
        }
        session.user = user;
        store(Some(&session));
        self.session.set(Some(session));
    }

    pub fn sign_out(&self, message: Option<String>) {
        store(None);
        crate::pwa::forget_api_caches();
        self.notice.set(message);
        self.waiting.set(None);
        self.session.set(None);
        Route::SignIn.go();
    }

    /// The server no longer accepts the token (expired, revoked, member
    /// removed, secret rotated): `Api` calls this for every 401.
    pub fn session_lost(&self) {
        if self.session.with_untracked(Option::is_some) {
            // Signed out on another device, password changed or reset,
            // member removed, or simply expired.
            self.sign_out(Some(crate::i18n::t(crate::i18n::K::StateEnded).to_string()));
        }
    }

    /// Signs out when the token expires while the page stays open, so the
    /// next click does not fail with a confusing error.
    fn schedule_expiry(&self) {
        let Some(exp) = self
            .session
            .with_untracked(|s| s.as_ref().and_then(|s| token::expiry(&s.token)))
        else {
            return;
        };
        let wait_ms = (exp - now_secs()).saturating_mul(1000);
        // setTimeout overflows past ~24.8 days; tokens live 7 days.
        if !(0..i64::from(i32::MAX)).contains(&wait_ms) {
            return;
        }
        let state = *self;
        set_timeout(
            move || {
                let _ = state.token();
            },
            Duration::from_millis(wait_ms as u64 + 1000),
        );
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
