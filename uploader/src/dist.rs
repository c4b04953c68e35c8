//! Reading Trunk's output directory: `index.html` plus flat, content-hashed
//! assets. Everything is read and checked before anything is sent.

use crate::error::Error;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The server's per-asset limit (`update_frontend_asset` answers 413 above it).
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// One file of the build.
#[derive(Debug, Clone)]
pub struct Asset {
    pub name: String,
    pub path: PathBuf,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

impl Asset {
    pub fn new(name: &str, path: PathBuf, bytes: Vec<u8>) -> Asset {
        Asset {
            name: name.to_string(),
            content_type: content_type_for(name),
            sha256: sha256_hex(&bytes),
            path,
            bytes,
        }
    }
}

/// A Trunk build: `index.html` as built (not yet rewritten) and every other
/// file, sorted by name.
#[derive(Debug, Clone)]
pub struct Dist {
    pub dir: PathBuf,
    pub index: Asset,
    pub assets: Vec<Asset>,
}

impl Dist {
    pub fn find(&self, name: &str) -> Option<&Asset> {
        if name == "index.html" {
            return Some(&self.index);
        }
        self.assets.iter().find(|a| a.name == name)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether the server accepts `name` as an asset name.
pub fn valid_asset_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 200
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The content type stored for a file, from its extension.
pub fn content_type_for(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

/// The serving function that delivers a content type (see
/// db/api/50_frontend_serve.sql).
pub fn serving_function(content_type: &str) -> &'static str {
    match content_type.split(';').next().unwrap_or("").trim() {
        "text/javascript" | "application/javascript" => "serve_js",
        "application/wasm" => "serve_wasm",
        "text/css" => "serve_css",
        "text/html" => "serve_html",
        _ => "serve_asset",
    }
}

/// The URL path (relative to the API base) a browser loads an asset from.
pub fn serving_path(name: &str, content_type: &str) -> String {
    if name == "index.html" {
        return "/rpc/serve_html".to_string();
    }
    format!(
        "/rpc/{}?p_asset_name={name}",
        serving_function(content_type)
    )
}

fn read_file(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > limit {
        return Err(Error::AssetTooLarge {
            name: name.to_string(),
            size: meta.len(),
            limit,
        });
    }
    std::fs::read(path).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a Trunk `dist/`. Hidden entries (Trunk's `.stage`) are skipped;
/// subdirectories are refused, since asset names are flat.
pub fn read_dist(dir: &Path, max_asset_bytes: u64) -> Result<Dist, Error> {
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::DistMissing(dir.to_path_buf()))
        }
        Err(source) => {
            return Err(Error::Unreadable {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    if !meta.is_dir() {
        return Err(Error::DistNotDirectory(dir.to_path_buf()));
    }
    let index_path = dir.join("index.html");
    if !index_path.is_file() {
        return Err(Error::NoIndexHtml(dir.to_path_buf()));
    }
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Unreadable {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut index = None;
    let mut assets = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Unreadable {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let file_meta = std::fs::metadata(&path).map_err(|source| Error::Unreadable {
            path: path.clone(),
            source,
        })?;
        if file_meta.is_dir() {
            return Err(Error::NestedFile(path));
        }
        if !valid_asset_name(&name) {
            return Err(Error::BadAssetName(name));
        }
        let bytes = read_file(&path, &name, max_asset_bytes)?;
        let asset = Asset::new(&name, path, bytes);
        if name == "index.html" {
            index = Some(asset);
        } else {
            assets.push(asset);
        }
    }
    let index = index.ok_or_else(|| Error::NoIndexHtml(dir.to_path_buf()))?;
    std::str::from_utf8(&index.bytes).map_err(|e| Error::IndexNotUtf8(e.to_string()))?;
    assets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Dist {
        dir: dir.to_path_buf(),
        index,
        assets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_types() {
        assert!(valid_asset_name("frontend-0123456789abcdef_bg.wasm"));
        assert!(!valid_asset_name(".hidden"));
        assert!(!valid_asset_name("a/b.js"));
        assert!(!valid_asset_name("a b.js"));
        assert_eq!(content_type_for("x.WASM"), "application/wasm");
        assert_eq!(serving_function(content_type_for("a.js")), "serve_js");
        assert_eq!(serving_function(content_type_for("a.css")), "serve_css");
        assert_eq!(serving_function(content_type_for("a.ico")), "serve_asset");
        assert_eq!(
            serving_path("a-1.wasm", "application/wasm"),
            "/rpc/serve_wasm?p_asset_name=a-1.wasm"
        );
    }
}
