//! Pre-compressed variants. PostgREST does not compress, so the serve
//! functions hand out stored gzip/brotli bytes when the browser accepts them.
//! A variant is kept only where it saves something worth the bytes.

use std::io::Write;

/// The variants worth storing for one asset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variants {
    pub gzip: Option<Vec<u8>>,
    pub br: Option<Vec<u8>>,
}

/// Below this, compression saves nothing noticeable.
const MIN_SIZE: usize = 256;

/// Formats that are compressed already.
fn precompressed(content_type: &str) -> bool {
    let ct = content_type.split(';').next().unwrap_or("").trim();
    matches!(
        ct,
        "image/png"
            | "image/jpeg"
            | "image/gif"
            | "image/webp"
            | "image/avif"
            | "font/woff"
            | "font/woff2"
    )
}

/// Whether `candidate` bytes are worth storing instead of `baseline` bytes:
/// at least 5 % and 64 bytes smaller.
fn worth_it(candidate: usize, baseline: usize) -> bool {
    candidate + 64 <= baseline && candidate * 100 <= baseline * 95
}

pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    enc.write_all(bytes)?;
    enc.finish()
}

pub fn brotli(bytes: &[u8], quality: u32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        w.write_all(bytes)?;
        w.flush()?;
    }
    Ok(out)
}

pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)?;
    Ok(out)
}

pub fn unbrotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(bytes, 64 * 1024), &mut out)?;
    Ok(out)
}

/// gzip -9 and brotli (`quality` 0–11) of `bytes`, each kept only when
/// smaller than what a client would get otherwise (brotli must also beat
/// gzip, since the server prefers it).
pub fn variants(
    bytes: &[u8],
    content_type: &str,
    brotli_quality: u32,
) -> std::io::Result<Variants> {
    if bytes.len() < MIN_SIZE || precompressed(content_type) {
        return Ok(Variants::default());
    }
    // Large assets (the wasm) compress both ways at once.
    let (gz, br) = if bytes.len() >= 64 * 1024 && brotli_quality > 0 {
        std::thread::scope(|scope| {
            let br = scope.spawn(|| brotli(bytes, brotli_quality.min(11)));
            let gz = gzip(bytes);
            let br = br
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("brotli compression panicked")));
            (gz, Some(br))
        })
    } else {
        let br = (brotli_quality > 0).then(|| brotli(bytes, brotli_quality.min(11)));
        (gzip(bytes), br)
    };
    let gz = gz?;
    let gz = worth_it(gz.len(), bytes.len()).then_some(gz);
    let baseline = gz.as_ref().map_or(bytes.len(), Vec::len);
    let br = match br {
        Some(br) => {
            let br = br?;
            worth_it(br.len(), baseline).then_some(br)
        }
        None => None,
    };
    Ok(Variants { gzip: gz, br })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_skip() {
        let text = "hello world, ".repeat(200);
        let v = variants(text.as_bytes(), "text/css", 11).expect("compress");
        assert_eq!(
            gunzip(v.gzip.as_deref().expect("gzip")).expect("gunzip"),
            text.as_bytes()
        );
        if let Some(br) = &v.br {
            assert_eq!(unbrotli(br).expect("unbrotli"), text.as_bytes());
        }
        assert_eq!(
            unbrotli(&brotli(text.as_bytes(), 11).expect("br")).expect("unbrotli"),
            text.as_bytes()
        );
        let random: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let v = variants(&random, "application/octet-stream", 11).expect("compress");
        assert!(v.gzip.is_none() || v.gzip.as_ref().map(Vec::len) < Some(random.len()));
        assert_eq!(
            variants(b"tiny", "text/css", 11).expect("compress"),
            Variants::default()
        );
    }
}
