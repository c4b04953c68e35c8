//! A deliberately dumb HTTP/1.1 client over a plain TcpStream: the request
//! bytes are written exactly as given and the response is read byte for byte,
//! so a header split or an injected status line cannot be hidden by a
//! library that normalises what it parses.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The standard reason phrase for each status PostgREST can answer with
/// (RFC 9110, plus the older names Haskell's http-types still sends).
pub fn standard_reasons(status: u16) -> &'static [&'static str] {
    match status {
        100 => &["Continue"],
        200 => &["OK"],
        201 => &["Created"],
        202 => &["Accepted"],
        204 => &["No Content"],
        206 => &["Partial Content"],
        300 => &["Multiple Choices"],
        301 => &["Moved Permanently"],
        302 => &["Found"],
        303 => &["See Other"],
        304 => &["Not Modified"],
        307 => &["Temporary Redirect"],
        308 => &["Permanent Redirect"],
        400 => &["Bad Request"],
        401 => &["Unauthorized"],
        402 => &["Payment Required"],
        403 => &["Forbidden"],
        404 => &["Not Found"],
        405 => &["Method Not Allowed"],
        406 => &["Not Acceptable"],
        407 => &["Proxy Authentication Required"],
        408 => &["Request Timeout"],
        409 => &["Conflict"],
        410 => &["Gone"],
        411 => &["Length Required"],
        412 => &["Precondition Failed"],
        413 => &[
            "Request Entity Too Large",
            "Content Too Large",
            "Payload Too Large",
        ],
        414 => &["Request-URI Too Long", "URI Too Long"],
        415 => &["Unsupported Media Type"],
        416 => &["Requested Range Not Satisfiable", "Range Not Satisfiable"],
        417 => &["Expectation Failed"],
        418 => &["I'm a teapot"],
        422 => &["Unprocessable Entity", "Unprocessable Content"],
        423 => &["Locked"],
        426 => &["Upgrade Required"],
        428 => &["Precondition Required"],
        429 => &["Too Many Requests"],
        431 => &["Request Header Fields Too Large"],
        500 => &["Internal Server Error"],
        501 => &["Not Implemented"],
        502 => &["Bad Gateway"],
        503 => &["Service Unavailable"],
        504 => &["Gateway Timeout"],
        505 => &["HTTP Version Not Supported"],
        511 => &["Network Authentication Required"],
        _ => &[],
    }
}

/// Every header name PostgREST 12 (or a function through
/// `response.headers`, per the contract) legitimately sends.
pub fn header_allowed(name: &str) -> bool {
    const ALLOWED: &[&str] = &[
        "allow",
        "cache-control",
        "connection",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-range",
        "content-security-policy",
        "content-type",
        "cross-origin-opener-policy",
        "cross-origin-resource-policy",
        "date",
        "etag",
        "expires",
        "last-modified",
        "location",
        "permissions-policy",
        "preference-applied",
        "proxy-status",
        "referrer-policy",
        "retry-after",
        "server",
        "strict-transport-security",
        "transfer-encoding",
        "vary",
        "www-authenticate",
        "x-content-type-options",
        "x-frame-options",
    ];
    let name = name.to_ascii_lowercase();
    ALLOWED.contains(&name.as_str()) || name.starts_with("access-control-")
}

#[derive(Debug)]
pub struct RawResponse {
    pub status_line: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Everything that is wrong with the response as HTTP/1.1.
    pub problems: Vec<String>,
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
pub fn pct(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The bytes of one HTTP/1.1 request with `Connection: close`.
pub fn request_bytes(
    method: &str,
    target: &str,
    port: u16,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut out =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n")
            .into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    if let Some(body) = body {
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    if let Some(body) = body {
        out.extend_from_slice(body);
    }
    out
}

/// Writes the request and reads until the server closes the connection,
/// or fails when that takes longer than `timeout`.
pub fn exchange(port: u16, request: &[u8], timeout: Duration) -> Result<Vec<u8>, String> {
    let deadline = Instant::now() + timeout;
    let mut stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), timeout)
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(request)
        .map_err(|e| format!("write: {e}"))?;
    let mut response = Vec::new();
    let mut buffer = [0u8; 16384];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!(
                "no complete response within {timeout:?} ({} bytes so far)",
                response.len()
            ));
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|e| e.to_string())?;
        match stream.read(&mut buffer) {
            Ok(0) => return Ok(response),
            Ok(n) => response.extend_from_slice(&buffer[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue
            }
            // A reset after a complete response still is a response.
            Err(_) if !response.is_empty() => return Ok(response),
            Err(e) => return Err(format!("read: {e}")),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses one response and lists what is wrong with it: a non-standard
/// status line, header lines that are not `token: value`, stray CR/LF/NUL,
/// and a body that does not end where its framing says (a second, injected
/// response would be bytes after the end).
pub fn parse(raw: &[u8], method: &str) -> RawResponse {
    let mut problems = Vec::new();
    let Some(head_end) = find(raw, b"\r\n\r\n") else {
        return RawResponse {
            status_line: String::from_utf8_lossy(raw).chars().take(200).collect(),
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
            problems: vec![format!(
                "no end of headers in {} bytes: {:?}",
                raw.len(),
                String::from_utf8_lossy(&raw[..raw.len().min(300)])
            )],
        };
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_string();
    let mut status = 0;
    match status_line.strip_prefix("HTTP/1.1 ") {
        Some(rest) if rest.len() > 4 && rest.as_bytes()[3] == b' ' => {
            let (code, reason) = (&rest[..3], &rest[4..]);
            match code.parse::<u16>() {
                Ok(c) if code.bytes().all(|b| b.is_ascii_digit()) => {
                    status = c;
                    if !standard_reasons(c).contains(&reason) {
                        problems.push(format!("non-standard reason phrase: {status_line:?}"));
                    }
                }
                _ => problems.push(format!("bad status code: {status_line:?}")),
            }
        }
        _ => problems.push(format!("bad status line: {status_line:?}")),
    }
    let mut headers = Vec::new();
    for line in lines {
        if line.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            problems.push(format!("stray CR/LF/NUL in header line {line:?}"));
        }
        match line.split_once(':') {
            Some((name, value)) if is_token(name) => {
                headers.push((name.to_string(), value.trim().to_string()));
            }
            _ => problems.push(format!("not a header line: {line:?}")),
        }
    }
    let rest = &raw[head_end + 4..];
    let get = |n: &str| {
        headers
            .iter()
            .find(|(h, _): &&(String, String)| h.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let body = if method == "HEAD" || status == 304 || status == 204 || status < 200 {
        if !rest.is_empty() {
            problems.push(format!("{} bytes after a bodiless response", rest.len()));
        }
        Vec::new()
    } else if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        match dechunk(rest) {
            Ok((body, extra)) => {
                if extra > 0 {
                    problems.push(format!("{extra} bytes after the last chunk"));
                }
                body
            }
            Err(e) => {
                problems.push(e);
                rest.to_vec()
            }
        }
    } else if let Some(length) = get("content-length") {
        match length.parse::<usize>() {
            Ok(n) if n == rest.len() => rest.to_vec(),
            Ok(n) => {
                problems.push(format!(
                    "Content-Length {n} but {} body bytes follow",
                    rest.len()
                ));
                rest.to_vec()
            }
            Err(_) => {
                problems.push(format!("bad Content-Length {length:?}"));
                rest.to_vec()
            }
        }
    } else {
        rest.to_vec()
    };
    RawResponse {
        status_line,
        status,
        headers,
        body,
        problems,
    }
}

fn dechunk(mut rest: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let mut body = Vec::new();
    loop {
        let line_end = find(rest, b"\r\n").ok_or("unterminated chunk size")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            // Optional trailers, then the final CRLF.
            let end = find(rest, b"\r\n").ok_or("unterminated last chunk")?;
            if end != 0 {
                return Err(format!(
                    "trailer after the last chunk: {:?}",
                    String::from_utf8_lossy(&rest[..end])
                ));
            }
            return Ok((body, rest.len() - 2));
        }
        if rest.len() < size + 2 || &rest[size..size + 2] != b"\r\n" {
            return Err("chunk shorter than its size".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// Sends one request and checks the whole answer; `marker` is the text that
/// only the attacker's payload contains.
pub fn attack(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    marker: &str,
    timeout: Duration,
) -> Result<RawResponse, String> {
    let request = request_bytes(method, target, port, headers, body);
    let raw = exchange(port, &request, timeout)?;
    let mut response = parse(&raw, method);
    let marker_lower = marker.to_ascii_lowercase();
    for (name, value) in &response.headers {
        if !header_allowed(name) {
            response
                .problems
                .push(format!("unexpected header {name:?}: {value:?}"));
        }
        // PostgREST echoes a read's path and query in Content-Location,
        // percent-encoded: the marker may be there, but only as visible
        // ASCII without a space, so it cannot end the header or start one.
        let echoed_target = name.eq_ignore_ascii_case("content-location")
            && value.bytes().all(|b| (0x21..0x7f).contains(&b))
            && value.starts_with('/');
        if !echoed_target
            && format!("{name}:{value}")
                .to_ascii_lowercase()
                .contains(&marker_lower)
        {
            response.problems.push(format!(
                "request input reflected in header {name:?}: {value:?}"
            ));
        }
        if value.bytes().any(|b| b < 0x20 && b != b'\t' || b == 0x7f) {
            response
                .problems
                .push(format!("control character in header {name:?}: {value:?}"));
        }
    }
    if response
        .status_line
        .to_ascii_lowercase()
        .contains(&marker_lower)
    {
        response.problems.push(format!(
            "request input in the status line: {:?}",
            response.status_line
        ));
    }
    Ok(response)
}
