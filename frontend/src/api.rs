//! The only place that knows URLs, headers and PostgREST's error format.
//! Pages reach the API through [`Api`] (`use_api()`), which carries the
//! session's token and handles a refused session in one place; the calls
//! themselves are typed methods (see `calls.rs`).

mod assignments;
mod calls;
pub mod chores;
mod history;
mod points;
pub mod settings;
mod today;

pub use assignments::{OPEN_LIMIT, PAGE};
pub use calls::{login, register};

use crate::errors::ApiError;
use crate::json::JsonObject;
use crate::state::{use_state, AppState};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// The API root. The app is served by PostgREST itself (at
/// `<root>/rpc/serve_html`, where a reverse proxy may add a path prefix), and
/// `trunk serve` proxies the API paths at `/`: either way the API is the
/// page's own origin plus whatever precedes `/rpc/`.
pub fn api_root(origin: &str, pathname: &str) -> String {
    // A byte search and `split_at`: `find` with a text pattern and a
    // panicking slice would bring their general-purpose code into the wasm.
    let at = pathname
        .as_bytes()
        .windows(5)
        .position(|w| w == b"/rpc/")
        .unwrap_or(0);
    let (prefix, _) = pathname.split_at_checked(at).unwrap_or_default();
    format!("{origin}{prefix}")
}

pub(crate) fn base_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    api_root(
        &location.origin().unwrap_or_default(),
        &location.pathname().unwrap_or_default(),
    )
}

/// What every request turns into: the reply's body, or the error. Boxed,
/// so the code that sends and reads a request exists once in the wasm and
/// the typed calls only wait for it and decode.
type Reply = Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

/// Sends one request (a POST when it has a body) with the browser's
/// `fetch`.
fn send(path: String, token: Option<String>, body: Option<String>) -> Reply {
    Box::pin(async move {
        fetch(path, token, body)
            .await
            // The UI says the same for every transport failure.
            .map_err(|_| {
                crate::pwa::saw_network_failure();
                ApiError::network("no HTTP reply")
            })?
    })
}

/// The transport: `Err` only when no HTTP reply came (offline, server
/// down); any reply, 2xx or not, is `Ok`.
async fn fetch(
    path: String,
    token: Option<String>,
    body: Option<String>,
) -> Result<Result<String, ApiError>, JsValue> {
    let init = RequestInit::new();
    let headers = Headers::new()?;
    headers.set("Accept", "application/json")?;
    if let Some(token) = token {
        headers.set("Authorization", &format!("Bearer {token}"))?;
    }
    if let Some(body) = body {
        init.set_method("POST");
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let url = format!("{}{path}", base_url());
    let request = web_sys::Request::new_with_str_and_init(&url, &init)?;
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    crate::pwa::saw_reply(&response);
    let status = response.status();
    // Same origin, so the header is readable (no CORS expose list needed).
    let retry_after = response
        .headers()
        .get("retry-after")?
        .and_then(|v| v.trim().parse().ok());
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(Ok(text));
    }
    let mut error = ApiError::from_reply(status, &text);
    error.retry_after = retry_after;
    Ok(Err(error))
}

/// A reply read by `read` (a plain function per type, json.rs): a body
/// it cannot read (not JSON, a missing or mistyped field) is an error,
/// reported as the server's problem, never a panic.
async fn read<T>(reply: Reply, read: fn(&JsonObject) -> Option<T>) -> Result<T, ApiError> {
    let text = reply.await?;
    JsonObject::parse(&text)
        .and_then(|json| read(&json))
        .ok_or_else(|| ApiError::from_reply(200, ""))
}

/// For calls whose reply the page does not need (it refetches instead).
async fn done(reply: Reply) -> Result<(), ApiError> {
    reply.await.map(drop)
}

fn rpc_path(function: &str) -> String {
    format!("/rpc/{function}")
}

/// The signed-in member's way to the API: every call takes the session's
/// token, and every refusal of it (expired, signed out elsewhere, password
/// changed, member removed) signs the app out here, so no page has to
/// remember to check.
#[derive(Clone, Copy)]
pub struct Api(AppState);

pub fn use_api() -> Api {
    Api(use_state())
}

impl Api {
    fn request(self, path: String, body: Option<String>) -> Reply {
        let state = self.0;
        let token = state.token();
        let signed_in = token.is_some();
        let reply = send(path, token, body);
        Box::pin(async move {
            let reply = reply.await;
            if matches!(&reply, Err(e) if signed_in && e.is_session_problem()) {
                state.session_lost();
            }
            reply
        })
    }

    /// `POST /rpc/<function>` with the arguments' JSON (`json::Body`).
    fn post(self, function: &str, args: String) -> Reply {
        self.request(rpc_path(function), Some(args))
    }

    /// Ends this token's session on the server (it then gets 401
    /// everywhere), then here, also when the server cannot be reached: the
    /// device forgets the token either way.
    pub async fn sign_out(self) {
        if let Some(token) = self.0.live_token() {
            let _ = send(rpc_path("logout"), Some(token), Some("{}".into())).await;
        }
        self.0.sign_out(None);
    }
}
