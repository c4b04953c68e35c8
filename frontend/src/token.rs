//! Reads the `exp` claim of the API's JWT. The signature is the server's
//! business; the client only needs to know when to stop using the token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Seconds of slack so a token about to expire is not sent on a request that
/// would fail half-way through a page.
const EXPIRY_MARGIN_SECS: i64 = 30;

/// The `exp` claim (seconds since the epoch), or `None` for anything that is
/// not a readable JWT.
pub fn expiry(token: &str) -> Option<i64> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?;
    exp.as_i64().or_else(|| exp.as_f64().map(|f| f as i64))
}

/// A token is unusable once expired or when its expiry cannot be read.
pub fn is_expired(token: &str, now_secs: i64) -> bool {
    match expiry(token) {
        Some(exp) => now_secs + EXPIRY_MARGIN_SECS >= exp,
        None => true,
    }
}
