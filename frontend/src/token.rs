//! Reads the `exp` claim of the API's JWT. The signature is the server's
//! business; the client only needs to know when to stop using the token.

/// Seconds of slack so a token about to expire is not sent on a request that
/// would fail half-way through a page.
use crate::json::JsonObject;

const EXPIRY_MARGIN_SECS: i64 = 30;

/// The `exp` claim (seconds since the epoch), or `None` for anything that is
/// not a readable JWT.
pub fn expiry(token: &str) -> Option<i64> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let json = String::from_utf8(decode_base64url(payload)?).ok()?;
    // A number, `123` or `123.0`.
    let exp = JsonObject::parse(&json)?.number("exp")?;
    Some(exp as i64)
}

/// The browser's own `atob` instead of a base64 crate: one less
/// dependency in the wasm for the one place the app decodes base64.
fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    let mut standard: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let binary = web_sys::window()?.atob(&standard).ok()?;
    // atob yields one char per byte (U+0000..U+00FF).
    binary.chars().map(|c| u8::try_from(c).ok()).collect()
}

/// A token is unusable once expired or when its expiry cannot be read.
pub fn is_expired(token: &str, now_secs: i64) -> bool {
    match expiry(token) {
        Some(exp) => now_secs + EXPIRY_MARGIN_SECS >= exp,
        None => true,
    }
}
