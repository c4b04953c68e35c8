//! Strict readers for the export's CSV (RFC 4180) and the feed's
//! iCalendar (RFC 5545), written from the RFCs, not from the SQL that
//! produces them: each refuses what its RFC does not allow, so a test that
//! parses a body also proves its framing.

/// RFC 4180: records end with CRLF (the last one too, as the export writes
/// it), fields are separated by commas, a field with a quote, comma or
/// line break is quoted, and a quote inside one is doubled.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(other) => field.push(other),
                        None => return Err("a quoted field is not closed".into()),
                    }
                }
                match chars.peek() {
                    Some(',') | Some('\r') | None => {}
                    Some(other) => return Err(format!("{other:?} after a closing quote")),
                }
                at_field_start = false;
            }
            '"' => return Err(format!("a bare quote in an unquoted field after {field:?}")),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR without LF".into());
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => return Err("LF without CR outside a quoted field".into()),
            other => {
                field.push(other);
                at_field_start = false;
            }
        }
    }
    if !record.is_empty() || !field.is_empty() {
        return Err("the last record does not end with CRLF".into());
    }
    Ok(records)
}

/// One content line of an iCalendar object, unfolded.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    /// "TZID=Europe/Berlin" and the like, in order.
    pub params: Vec<String>,
    pub value: String,
}

/// A component (VCALENDAR, VEVENT, ...) with its own lines and the
/// components inside it.
#[derive(Debug, Clone, Default)]
pub struct Component {
    pub name: String,
    pub lines: Vec<Line>,
    pub children: Vec<Component>,
}

impl Component {
    pub fn get(&self, name: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.name == name)
    }
    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(|l| l.value.as_str())
    }
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// RFC 5545 §3.1: lines end with CRLF, are at most 75 octets, a line
/// starting with a space or tab continues the one before. Components nest
/// with matching BEGIN and END. Returns the one top-level component and the
/// number of folded physical lines.
pub fn parse_ical(text: &str) -> Result<(Component, usize), String> {
    let Some(body) = text.strip_suffix("\r\n") else {
        return Err("the object does not end with CRLF".into());
    };
    let mut logical: Vec<String> = Vec::new();
    let mut folded = 0;
    for physical in body.split("\r\n") {
        if physical.contains('\r') || physical.contains('\n') {
            return Err(format!("a bare CR or LF in {physical:?}"));
        }
        if physical.len() > 75 {
            return Err(format!("{} octets in {physical:?}", physical.len()));
        }
        if let Some(rest) = physical
            .strip_prefix(' ')
            .or_else(|| physical.strip_prefix('\t'))
        {
            let last = logical
                .last_mut()
                .ok_or("the object starts with a continuation")?;
            last.push_str(rest);
            folded += 1;
        } else {
            logical.push(physical.to_string());
        }
    }
    let mut stack: Vec<Component> = vec![Component::default()];
    for text in logical {
        let line = content_line(&text)?;
        match line.name.as_str() {
            "BEGIN" => stack.push(Component {
                name: line.value,
                ..Component::default()
            }),
            "END" => {
                let done = stack
                    .pop()
                    .filter(|_| !stack.is_empty())
                    .ok_or("END without BEGIN")?;
                if done.name != line.value {
                    return Err(format!("END:{} closes BEGIN:{}", line.value, done.name));
                }
                stack
                    .last_mut()
                    .ok_or("END without BEGIN")?
                    .children
                    .push(done);
            }
            _ => stack.last_mut().ok_or("no component")?.lines.push(line),
        }
    }
    let mut root = stack.pop().ok_or("empty")?;
    if !stack.is_empty() || root.children.len() != 1 || !root.lines.is_empty() {
        return Err("not exactly one top-level component".into());
    }
    Ok((root.children.remove(0), folded))
}

fn content_line(text: &str) -> Result<Line, String> {
    let colon = text
        .find(':')
        .ok_or_else(|| format!("no ':' in {text:?}"))?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default().to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!("bad property name in {text:?}"));
    }
    Ok(Line {
        name,
        params: parts.map(str::to_string).collect(),
        value: value.to_string(),
    })
}

/// A TEXT value unescaped (§3.3.11); a bare comma or semicolon, or an
/// unknown escape, is an error.
pub fn unescape_text(value: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some(';') => out.push(';'),
                Some(',') => out.push(','),
                Some('n') | Some('N') => out.push('\n'),
                other => return Err(format!("unknown escape \\{other:?} in {value:?}")),
            },
            ',' | ';' => return Err(format!("an unescaped {c:?} in {value:?}")),
            other => out.push(other),
        }
    }
    Ok(out)
}

#[test]
fn the_readers_refuse_what_their_rfcs_refuse() {
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\r\nd\"\r\n,\r\n").unwrap(),
        [vec!["a", "b,\"c\"\r\nd"], vec!["", ""]]
    );
    for bad in ["a\n", "a", "\"a\r\n", "a\"b\r\n", "\"a\"b\r\n", "a\rb\r\n"] {
        assert!(parse_csv(bad).is_err(), "{bad:?} parsed");
    }
    let (calendar, folded) =
        parse_ical("BEGIN:VCALENDAR\r\nX-A;P=1:a\\, b\r\n  c\r\nEND:VCALENDAR\r\n").unwrap();
    assert_eq!((calendar.name.as_str(), folded), ("VCALENDAR", 1));
    assert_eq!(calendar.get("X-A").unwrap().params, ["P=1"]);
    assert_eq!(
        unescape_text(calendar.value("X-A").unwrap()).unwrap(),
        "a, b c"
    );
    let long = format!(
        "BEGIN:VCALENDAR\r\nX-A:{}\r\nEND:VCALENDAR\r\n",
        "x".repeat(80)
    );
    for bad in [
        "BEGIN:VCALENDAR\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nEND:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\n",
        long.as_str(),
    ] {
        assert!(parse_ical(bad).is_err(), "{bad:?} parsed");
    }
    assert!(unescape_text("a,b").is_err());
    assert!(unescape_text("a\\qb").is_err());
}
