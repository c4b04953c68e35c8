//! Pointing Trunk's `index.html` at the serving RPCs.
//!
//! Trunk writes absolute references (`/frontend-<hash>.js`) in `<link href>`,
//! `<script src>`, the module's `import ... from '...'` and
//! `init({ module_or_path: '...' })`. The page lives at `/rpc/serve_html`,
//! so each becomes the relative URL `./serve_js?p_asset_name=frontend-<hash>.js`
//! (`./` keeps it a valid ES module specifier), which resolves to
//! `/rpc/serve_js?...` under any API prefix. Only the references change: the
//! assets' bytes, and so their SRI `integrity` hashes, stay valid.

use crate::dist::serving_function;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The result of rewriting `index.html`.
#[derive(Debug, Clone)]
pub struct Rewritten {
    pub html: String,
    /// Names of the assets the page references (after rewriting), sorted.
    pub referenced: Vec<String>,
    /// Whether a `<base href>` was found (it would change what relative URLs
    /// resolve to).
    pub has_base_element: bool,
}

/// The relative serving URL of an asset, as written into `index.html`.
pub fn serving_url(name: &str, content_type: &str) -> String {
    format!("./{}?p_asset_name={name}", serving_function(content_type))
}

/// Rewrites every quoted reference to one of `assets` (`(name, content_type)`)
/// into its serving URL. Idempotent: rewritten references are left alone.
pub fn rewrite_index(html: &str, assets: &[(&str, &str)]) -> Rewritten {
    if assets.is_empty() {
        return finish(html.to_string());
    }
    let mut names: Vec<&(&str, &str)> = assets.iter().collect();
    // Longest first, so "a-1.js" never shadows "a-1.js.map".
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let alternation = names
        .iter()
        .map(|(name, _)| regex::escape(name))
        .collect::<Vec<_>>()
        .join("|");
    // quote, optional path prefix ("/", "./", "../", "/public/url/"), name, quote
    let pattern = format!(r#"(["'])(\.{{0,2}}/|/[A-Za-z0-9._~/-]*/)?({alternation})(["'])"#);
    let re = match Regex::new(&pattern) {
        Ok(re) => re,
        // Names are validated plain file names, so this cannot happen; if it
        // did, leaving the page unchanged is the safe answer.
        Err(_) => return finish(html.to_string()),
    };
    let out = re.replace_all(html, |caps: &regex::Captures<'_>| {
        let (open, name, close) = (&caps[1], &caps[3], &caps[4]);
        if open != close {
            return caps[0].to_string();
        }
        let content_type = assets
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .unwrap_or("application/octet-stream");
        format!("{open}{}{close}", serving_url(name, content_type))
    });
    finish(out.into_owned())
}

fn finish(html: String) -> Rewritten {
    let referenced = referenced_assets(&html);
    let has_base_element = base_re().is_match(&html);
    Rewritten {
        html,
        referenced,
        has_base_element,
    }
}

fn base_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)<base\s[^>]*href").expect("static regex"))
}

fn reference_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"serve_(?:js|wasm|css|asset|html)\?p_asset_name=([A-Za-z0-9][A-Za-z0-9._-]*)")
            .expect("static regex")
    })
}

/// The asset names a (rewritten) page references through serving URLs.
pub fn referenced_assets(html: &str) -> Vec<String> {
    reference_re()
        .captures_iter(html)
        .map(|c| c[1].to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The CSP hash source (`sha384-<base64>`) of every inline `<script>`
/// element of `html`, in page order without repeats: the digest of the exact
/// text between `<script ...>` and `</script>`. Elements with a `src`
/// attribute are external (the browser runs the file, not the element's
/// text) and are skipped. `serve_html` lists these in its
/// `Content-Security-Policy: script-src`, so they must be computed over the
/// HTML exactly as it is published (after [`rewrite_index`]).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::Digest;
    static SCRIPT: OnceLock<Regex> = OnceLock::new();
    static SRC: OnceLock<Regex> = OnceLock::new();
    let script = SCRIPT.get_or_init(|| {
        Regex::new(r"(?is)<script\b([^>]*)>(.*?)</script\s*>").expect("static regex")
    });
    // `src` as an attribute name of its own (not `data-src`), with or
    // without a value.
    let src =
        SRC.get_or_init(|| Regex::new(r"(?i)(?:^|[\s/])src(?:\s*=|\s|/|$)").expect("static regex"));
    let mut out: Vec<String> = Vec::new();
    for c in script.captures_iter(html) {
        if src.is_match(&c[1]) {
            continue;
        }
        let digest = sha2::Sha384::digest(c[2].as_bytes());
        let source = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        if !out.contains(&source) {
            out.push(source);
        }
    }
    out
}

/// An SRI requirement found on a `<link>` or `<script>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrity {
    pub asset_name: String,
    /// e.g. `sha384-<base64>`; several may be listed, any one must match.
    pub hashes: Vec<String>,
}

/// Every `integrity` attribute of an element whose `href`/`src` is a serving
/// URL.
pub fn integrity_requirements(html: &str) -> Vec<Integrity> {
    static TAG: OnceLock<Regex> = OnceLock::new();
    static ATTR: OnceLock<Regex> = OnceLock::new();
    let tag =
        TAG.get_or_init(|| Regex::new(r"(?is)<(?:link|script)\b[^>]*>").expect("static regex"));
    let attr = ATTR.get_or_init(|| {
        Regex::new(r#"(?is)\b(href|src|integrity)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .expect("static regex")
    });
    let mut out = Vec::new();
    for element in tag.find_iter(html) {
        let mut target = None;
        let mut hashes = None;
        for c in attr.captures_iter(element.as_str()) {
            let value = c
                .get(2)
                .or_else(|| c.get(3))
                .map(|m| m.as_str())
                .unwrap_or("");
            match c[1].to_ascii_lowercase().as_str() {
                "integrity" => {
                    hashes = Some(
                        value
                            .split_whitespace()
                            .map(str::to_string)
                            .collect::<Vec<_>>(),
                    )
                }
                _ => {
                    if let Some(r) = reference_re().captures(value) {
                        target = Some(r[1].to_string());
                    }
                }
            }
        }
        if let (Some(asset_name), Some(hashes)) = (target, hashes) {
            if !hashes.is_empty() {
                out.push(Integrity { asset_name, hashes });
            }
        }
    }
    out
}

/// Whether `bytes` satisfy one of the SRI hashes (sha256/384/512).
pub fn integrity_matches(bytes: &[u8], hashes: &[String]) -> bool {
    use base64::Engine;
    use sha2::Digest;
    hashes.iter().any(|h| {
        let Some((alg, expected)) = h.split_once('-') else {
            return false;
        };
        // An SRI value may carry "?options" after the digest.
        let expected = expected.split('?').next().unwrap_or("");
        let digest = match alg {
            "sha256" => sha2::Sha256::digest(bytes).to_vec(),
            "sha384" => sha2::Sha384::digest(bytes).to_vec(),
            "sha512" => sha2::Sha512::digest(bytes).to_vec(),
            _ => return false,
        };
        base64::engine::general_purpose::STANDARD.encode(digest) == expected
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/style-0123456789abcdef.css" integrity="sha384-abc"/>
<link rel="icon" href="/favicon-0123456789abcdef.ico" integrity="sha384-def"/>
<script type="module">
import init, * as bindings from '/frontend-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/frontend-0123456789abcdef_bg.wasm' });
</script>
<link rel="modulepreload" href="/frontend-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-ghi">
<link rel="preload" href="/frontend-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-jkl" as="fetch" type="application/wasm">
<a href="https://example.com/frontend-0123456789abcdef.js">x</a>
</head></html>"#;

    fn assets() -> Vec<(&'static str, &'static str)> {
        vec![
            ("frontend-0123456789abcdef.js", "text/javascript"),
            ("frontend-0123456789abcdef_bg.wasm", "application/wasm"),
            ("style-0123456789abcdef.css", "text/css"),
            ("favicon-0123456789abcdef.ico", "image/x-icon"),
        ]
    }

    #[test]
    fn rewrites_trunk_references() {
        let out = rewrite_index(TRUNK, &assets());
        assert!(out
            .html
            .contains(r#"href="./serve_css?p_asset_name=style-0123456789abcdef.css""#));
        assert!(out
            .html
            .contains(r#"href="./serve_asset?p_asset_name=favicon-0123456789abcdef.ico""#));
        assert!(out
            .html
            .contains("from './serve_js?p_asset_name=frontend-0123456789abcdef.js';"));
        assert!(out.html.contains(
            "module_or_path: './serve_wasm?p_asset_name=frontend-0123456789abcdef_bg.wasm' }"
        ));
        assert!(out.html.contains(r#"<link rel="modulepreload" href="./serve_js?p_asset_name=frontend-0123456789abcdef.js""#));
        assert!(!out.html.contains("'/frontend"));
        assert!(!out.html.contains("\"/frontend"));
        // external URLs are left alone
        assert!(out
            .html
            .contains("https://example.com/frontend-0123456789abcdef.js"));
        assert_eq!(out.referenced.len(), 4);
        // idempotent
        assert_eq!(rewrite_index(&out.html, &assets()).html, out.html);
        let sri = integrity_requirements(&out.html);
        assert_eq!(sri.len(), 4);
        assert_eq!(sri[0].asset_name, "style-0123456789abcdef.css");
        assert_eq!(sri[0].hashes, vec!["sha384-abc".to_string()]);
    }

    #[test]
    fn sri_check() {
        // sha384 of "abc"
        let h =
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn".to_string();
        assert!(integrity_matches(b"abc", std::slice::from_ref(&h)));
        assert!(!integrity_matches(b"abd", &[h]));
    }

    fn sha384_source(text: &str) -> String {
        use base64::Engine;
        use sha2::Digest;
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(text.as_bytes()))
        )
    }

    #[test]
    fn inline_script_hash_of_known_text() {
        // sha384 of "abc", as in sri_check
        assert_eq!(
            inline_script_hashes("<script>abc</script>"),
            vec!["sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"]
        );
    }

    #[test]
    fn inline_script_hashes_cover_the_rewritten_trunk_page() {
        let out = rewrite_index(TRUNK, &assets());
        let open = "<script type=\"module\">";
        let start = out.html.find(open).unwrap() + open.len();
        let end = out.html[start..].find("</script>").unwrap() + start;
        let text = &out.html[start..end];
        assert!(text.starts_with("\nimport init"));
        assert!(text.contains("./serve_wasm?p_asset_name="));
        assert_eq!(inline_script_hashes(&out.html), vec![sha384_source(text)]);
        // computed after rewriting: the original page hashes differently
        assert_ne!(inline_script_hashes(TRUNK), inline_script_hashes(&out.html));
    }

    #[test]
    fn inline_script_hashes_attributes_several_and_external() {
        let html = concat!(
            "<head><script src=\"./serve_js?p_asset_name=a.js\"></script>",
            "<SCRIPT type=\"module\" nonce=\"x\" data-src=\"y\">one()</SCRIPT >",
            "<script\n  type='text/javascript'\n>two();\r\n\tthree()</script>",
            "<script defer src='b.js' type=\"module\">ignored()</script>",
            "<script async src>also_external()</script>",
            "<script>one()</script>",
            "<script></script>",
            "<noscript>no</noscript><p>not <b>script</b></p></head>",
        );
        assert_eq!(
            inline_script_hashes(html),
            vec![
                sha384_source("one()"),
                sha384_source("two();\r\n\tthree()"),
                sha384_source(""),
            ]
        );
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }
}
