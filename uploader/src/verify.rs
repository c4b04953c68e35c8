//! `uploader verify`: loads the live site as a browser would and checks it
//! against the server's record (manifest), the SRI hashes in the page, and
//! optionally the local `dist/`.

use crate::client::{ApiOptions, Client, ManifestEntry, RawReply};
use crate::compress;
use crate::dist::{self, sha256_hex};
use crate::error::Error;
use crate::publish::prepare;
use crate::rewrite;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// What a browser sends when navigating to a page.
pub const ACCEPT_HTML: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";
/// What a browser sends for `<link rel=stylesheet>`.
pub const ACCEPT_CSS: &str = "text/css,*/*;q=0.1";
/// What a browser sends for module scripts and `fetch()` of the `.wasm`.
pub const ACCEPT_ANY: &str = "*/*";
/// What a browser sends for `<link rel=icon>` and `<img>`.
pub const ACCEPT_IMAGE: &str = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

/// The Accept header a browser sends for a serving function's assets.
pub fn browser_accept(function: &str) -> &'static str {
    match function {
        "serve_html" => ACCEPT_HTML,
        "serve_css" => ACCEPT_CSS,
        "serve_js" | "serve_wasm" => ACCEPT_ANY,
        _ => ACCEPT_IMAGE,
    }
}

#[derive(Clone)]
pub struct VerifyOptions {
    /// Where the live site is, and as whom to read the manifest.
    pub api: ApiOptions,
    /// Compare with this build too (after rewriting its index.html).
    pub dist_dir: Option<PathBuf>,
}

impl VerifyOptions {
    pub fn new(
        api_url: impl Into<String>,
        token: Option<String>,
        dist_dir: Option<PathBuf>,
    ) -> Self {
        VerifyOptions {
            api: ApiOptions::new(api_url, token),
            dist_dir,
        }
    }
}

/// One asset as fetched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AssetCheck {
    pub name: String,
    pub url: String,
    pub status: u16,
    pub content_type: String,
    pub size: u64,
    /// Encodings fetched and compared besides identity (`gzip`, `br`).
    pub encodings: Vec<String>,
    pub sri_checked: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VerifyReport {
    pub api_url: String,
    pub checked: Vec<AssetCheck>,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The [`Error::VerifyFailed`] that sums up the problems, if any.
    pub fn failure(&self) -> Option<Error> {
        self.problems.first().map(|first| Error::VerifyFailed {
            count: self.problems.len(),
            first: first.clone(),
        })
    }
}

fn reference_pairs(html: &str) -> Vec<(String, String)> {
    let re = Regex::new(
        r"(serve_(?:js|wasm|css|asset|html))\?p_asset_name=([A-Za-z0-9][A-Za-z0-9._-]*)",
    )
    .expect("static regex");
    let mut pairs: Vec<(String, String)> = re
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}

/// The CSP hash sources of `html`'s inline scripts that `csp`'s
/// `script-src` (or `default-src`) does not list.
pub fn csp_missing_script_hashes(csp: &str, html: &str) -> Vec<String> {
    let directive = |name: &str| {
        csp.split(';').map(str::trim).find_map(|d| {
            let mut words = d.split_whitespace();
            words
                .next()
                .filter(|w| w.eq_ignore_ascii_case(name))
                .map(|_| words.map(|w| w.trim_matches('\'')).collect::<Vec<_>>())
        })
    };
    let Some(allowed) = directive("script-src").or_else(|| directive("default-src")) else {
        return Vec::new();
    };
    rewrite::inline_script_hashes(html)
        .into_iter()
        .filter(|h| !allowed.contains(&h.as_str()))
        .collect()
}

/// Fetches `path` with identity encoding and then with each stored variant,
/// checking everything against `record`. Returns the identity body.
fn check_asset(
    client: &Client,
    name: &str,
    path: &str,
    accept: &str,
    record: Option<&ManifestEntry>,
    problems: &mut Vec<String>,
) -> Result<(AssetCheck, Option<Vec<u8>>), Error> {
    let reply: RawReply =
        client.get_raw(path, &[("Accept", accept), ("Accept-Encoding", "identity")])?;
    let content_type = reply.header("content-type").unwrap_or("").to_string();
    let mut check = AssetCheck {
        name: name.to_string(),
        url: client.url(path),
        status: reply.status,
        content_type: content_type.clone(),
        size: reply.body.len() as u64,
        encodings: Vec::new(),
        sri_checked: false,
    };
    if reply.status != 200 {
        problems.push(format!(
            "{name}: GET {path} answered {} instead of 200",
            reply.status
        ));
        return Ok((check, None));
    }
    if let Some(enc) = reply.header("content-encoding") {
        problems.push(format!(
            "{name}: Content-Encoding {enc} although the request accepted identity only"
        ));
    }
    let Some(record) = record else {
        problems.push(format!(
            "{name}: referenced by the live index.html but missing from the manifest"
        ));
        return Ok((check, Some(reply.body)));
    };
    if content_type != record.content_type {
        problems.push(format!(
            "{name}: Content-Type {content_type:?}, the server's record says {:?}",
            record.content_type
        ));
    }
    let expected_type = dist::content_type_for(name);
    if content_type.split(';').next() != expected_type.split(';').next() {
        problems.push(format!(
            "{name}: Content-Type {content_type:?} does not fit the file type ({expected_type})"
        ));
    }
    let sha = sha256_hex(&reply.body);
    if sha != record.sha256 {
        problems.push(format!(
            "{name}: served bytes have sha256 {sha}, the server's record says {}",
            record.sha256
        ));
    }
    if reply.header("etag") != Some(&format!("\"{}\"", record.sha256)) {
        problems.push(format!(
            "{name}: ETag {:?} does not name the content hash",
            reply.header("etag")
        ));
    }
    // A cached index.html would hide a deploy from returning visitors.
    if name == "index.html" {
        if let Some(csp) = reply.header("content-security-policy") {
            let html = String::from_utf8_lossy(&reply.body);
            for missing in csp_missing_script_hashes(csp, &html) {
                problems.push(format!(
                    "index.html: the Content-Security-Policy's script-src does not allow the inline script {missing}: the browser will not run it (publish again)"
                ));
            }
        }
        let cache = reply.header("cache-control").unwrap_or("");
        if !(cache.contains("no-cache")
            || cache.contains("no-store")
            || cache.contains("max-age=0"))
        {
            problems.push(format!(
                "index.html: Cache-Control {cache:?} lets browsers keep an old page; it must revalidate (no-cache)"
            ));
        }
    }
    for (encoding, stored) in [("br", record.br_size), ("gzip", record.gzip_size)] {
        if stored.is_none() {
            continue;
        }
        let variant = client.get_raw(path, &[("Accept", accept), ("Accept-Encoding", encoding)])?;
        check.encodings.push(encoding.to_string());
        if variant.status != 200 || variant.header("content-encoding") != Some(encoding) {
            problems.push(format!(
                "{name}: with Accept-Encoding {encoding} got status {} and Content-Encoding {:?}",
                variant.status,
                variant.header("content-encoding")
            ));
            continue;
        }
        let decoded = match encoding {
            "br" => compress::unbrotli(&variant.body),
            _ => compress::gunzip(&variant.body),
        };
        match decoded {
            Ok(bytes) if bytes == reply.body => {}
            Ok(_) => problems.push(format!(
                "{name}: the stored {encoding} variant decodes to different bytes"
            )),
            Err(e) => problems.push(format!(
                "{name}: the stored {encoding} variant does not decode: {e}"
            )),
        }
    }
    Ok((check, Some(reply.body)))
}

/// Checks the live site and returns every problem found (never fails on a
/// mismatch; see [`verify`]). Errors are for not being able to check at all.
pub fn verify_report(opts: &VerifyOptions) -> anyhow::Result<VerifyReport> {
    let local = match &opts.dist_dir {
        Some(dir) => Some(prepare(dir, u64::MAX)?),
        None => None,
    };
    let client = opts.api.client()?;
    let manifest: HashMap<String, ManifestEntry> = client
        .manifest()?
        .into_iter()
        .map(|e| (e.asset_name.clone(), e))
        .collect();
    let mut problems = Vec::new();
    let mut checked = Vec::new();

    let (index_check, index_body) = check_asset(
        &client,
        "index.html",
        "/rpc/serve_html",
        ACCEPT_HTML,
        manifest.get("index.html"),
        &mut problems,
    )?;
    checked.push(index_check);
    let html = index_body
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if let Some(local) = &local {
        if html.as_bytes() != local.index.bytes.as_slice() {
            problems.push(format!(
                "index.html: the live page differs from {} (after rewriting): publish it",
                local.dist.index.path.display()
            ));
        }
    }

    let sri = rewrite::integrity_requirements(&html);
    for (function, name) in reference_pairs(&html) {
        let path = format!("/rpc/{function}?p_asset_name={name}");
        let (mut check, body) = check_asset(
            &client,
            &name,
            &path,
            browser_accept(&function),
            manifest.get(&name),
            &mut problems,
        )?;
        if let Some(body) = body {
            for req in sri.iter().filter(|r| r.asset_name == name) {
                check.sri_checked = true;
                if !rewrite::integrity_matches(&body, &req.hashes) {
                    problems.push(format!(
                        "{name}: bytes do not match the page's integrity {:?}",
                        req.hashes
                    ));
                }
            }
            if let Some(local) = &local {
                match local.dist.find(&name) {
                    Some(file) if file.bytes == body => {}
                    Some(file) => problems.push(format!(
                        "{name}: served bytes differ from {}",
                        file.path.display()
                    )),
                    None => problems.push(format!(
                        "{name}: referenced by the live page but not in the local dist"
                    )),
                }
            }
        }
        checked.push(check);
    }
    if let Some(local) = &local {
        for file in &local.dist.assets {
            match manifest.get(&file.name) {
                Some(e) if e.sha256 == file.sha256 => {}
                Some(_) => problems.push(format!(
                    "{}: the server holds different bytes than {}",
                    file.name,
                    file.path.display()
                )),
                None => problems.push(format!("{}: not published", file.name)),
            }
        }
    }
    Ok(VerifyReport {
        api_url: client.base_url().to_string(),
        checked,
        problems,
    })
}

/// Like [`verify_report`], but any problem is an [`Error::VerifyFailed`].
pub fn verify(opts: &VerifyOptions) -> anyhow::Result<VerifyReport> {
    let report = verify_report(opts)?;
    match report.failure() {
        Some(failure) => Err(failure.into()),
        None => Ok(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_check() {
        let html = "<script type=\"module\">abc</script><script src=\"x.js\"></script>";
        let hash = "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn";
        let ok = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' '{hash}'; style-src 'self'"
        );
        assert!(csp_missing_script_hashes(&ok, html).is_empty());
        let missing = "default-src 'self'; script-src 'self' 'sha384-other'";
        assert_eq!(
            csp_missing_script_hashes(missing, html),
            vec![hash.to_string()]
        );
        // default-src applies when there is no script-src
        assert_eq!(
            csp_missing_script_hashes("default-src 'self'", html).len(),
            1
        );
        // no script restriction at all
        assert!(csp_missing_script_hashes("frame-ancestors 'none'", html).is_empty());
    }
}
