//! Rendering findings for people and for machines. Values are always masked.
//!
//! Workers render each file's findings into byte batches (in parallel); the
//! writer ([`Report`]) only joins batches in path order and adds what a
//! format needs around them (the JSON array brackets, the SARIF envelope).

use std::io::{self, Write};

use serde::Serialize;

use crate::sarif;
use crate::Format;

/// A finding ready to print: where it is and what it is, masked.
pub struct Record<'a> {
    pub path: &'a str,
    /// The kind (its name is `kind.as_str()`).
    pub kind: leaksift::Kind,
    pub subkind: &'static str,
    pub start: usize,
    pub end: usize,
    /// 1-based line of the first byte.
    pub line: usize,
    /// 1-based column of the first byte, counted in bytes.
    pub column: usize,
    /// 1-based column counted in Unicode code points (SARIF's columns).
    pub char_column: usize,
    /// Line and code-point column just past the last byte.
    pub end_line: usize,
    pub end_char_column: usize,
    pub confidence: u8,
    pub provenance: &'static str,
    pub provenance_reason: Option<&'static str>,
    pub masked: &'a str,
    /// The baseline fingerprint, when one was computed.
    pub fingerprint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    kind: &'static str,
    subkind: &'static str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    confidence: u8,
    provenance: &'static str,
    provenance_reason: Option<&'static str>,
    masked: &'a str,
}

/// Appends one record to a batch. JSON and SARIF records are separated by
/// `,\n` inside a batch; the writer puts the same between batches.
pub fn render(format: Format, record: &Record<'_>, batch: &mut Vec<u8>) {
    let separate = |batch: &mut Vec<u8>| {
        if !batch.is_empty() {
            batch.extend_from_slice(b",\n");
        }
    };
    match format {
        Format::Human => {
            let subkind = if record.subkind.is_empty() {
                String::new()
            } else {
                format!(" {}", record.subkind)
            };
            let provenance = match record.provenance_reason {
                Some(reason) => format!(" synthetic:{reason}"),
                None => String::new(),
            };
            // Writing to a Vec cannot fail.
            let _ = writeln!(
                batch,
                "{}:{}:{}: {}{subkind} (confidence {}){provenance} {}",
                record.path,
                record.line,
                record.column,
                record.kind.as_str(),
                record.confidence,
                record.masked
            );
        }
        Format::Jsonl | Format::Json => {
            if format == Format::Json {
                separate(batch);
            }
            let json = JsonFinding {
                path: record.path,
                kind: record.kind.as_str(),
                subkind: record.subkind,
                start: record.start,
                end: record.end,
                line: record.line,
                column: record.column,
                confidence: record.confidence,
                provenance: record.provenance,
                provenance_reason: record.provenance_reason,
                masked: record.masked,
            };
            let _ = serde_json::to_writer(&mut *batch, &json);
            if format == Format::Jsonl {
                batch.push(b'\n');
            }
        }
        Format::Sarif => {
            separate(batch);
            sarif::render_result(record, batch);
        }
    }
}

/// Writes batches in order, with the framing of the format.
pub struct Report<W: Write> {
    out: io::BufWriter<W>,
    format: Format,
    written: usize,
}

impl<W: Write> Report<W> {
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        match format {
            Format::Json => out.write_all(b"[")?,
            Format::Sarif => sarif::write_header(&mut out)?,
            Format::Human | Format::Jsonl => {}
        }
        Ok(Report {
            out,
            format,
            written: 0,
        })
    }

    /// Writes a batch of `count` rendered records.
    pub fn batch(&mut self, bytes: &[u8], count: usize) -> io::Result<()> {
        if count == 0 {
            return Ok(());
        }
        match self.format {
            Format::Json | Format::Sarif => {
                self.out
                    .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            }
            Format::Human | Format::Jsonl => {}
        }
        self.out.write_all(bytes)?;
        self.written += count;
        Ok(())
    }

    /// Closes the framing; `errors` go into SARIF's invocation record.
    pub fn finish(mut self, errors: &[String]) -> io::Result<()> {
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
            }
            Format::Sarif => sarif::write_footer(&mut self.out, self.written > 0, errors)?,
            Format::Human | Format::Jsonl => {}
        }
        self.out.flush()
    }
}

/// Tracks line and column while walking forward through a stream, so that
/// each finding's position costs only the bytes since the previous one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cursor {
    offset: usize,
    /// Lines before `offset` (0-based line number of `offset`).
    newlines: usize,
    /// Absolute offset where the line of `offset` starts.
    line_start: usize,
    /// Code points from `line_start` to `offset`.
    chars_in_line: usize,
}

/// A position: 1-based line, byte column and code-point column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub char_column: usize,
}

impl Cursor {
    /// Moves to absolute offset `to`, reading `bytes`, which hold the
    /// stream from absolute offset `base`. `to` never goes backwards.
    pub fn advance(&mut self, to: usize, bytes: &[u8], base: usize) -> Position {
        let segment = self
            .offset
            .checked_sub(base)
            .and_then(|from| bytes.get(from..to.checked_sub(base)?));
        if let (true, Some(segment)) = (to > self.offset, segment) {
            match memchr::memrchr(b'\n', segment) {
                Some(last) => {
                    self.newlines += memchr::memchr_iter(b'\n', segment).count();
                    self.line_start = self.offset + last + 1;
                    self.chars_in_line = count_chars(&segment[last + 1..]);
                }
                None => self.chars_in_line += count_chars(segment),
            }
            self.offset = to;
        }
        Position {
            line: self.newlines + 1,
            column: self.offset - self.line_start + 1,
            char_column: self.chars_in_line + 1,
        }
    }
}

/// The line and code-point column just past `span`, which starts at `at`.
pub fn end_of(at: Position, span: &[u8]) -> (usize, usize) {
    match memchr::memrchr(b'\n', span) {
        Some(last) => (
            at.line + memchr::memchr_iter(b'\n', span).count(),
            count_chars(&span[last + 1..]) + 1,
        ),
        None => (at.line, at.char_column + count_chars(span)),
    }
}

/// Unicode code points in UTF-8 text (bytes that do not continue a
/// character); invalid bytes count one each.
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_counts_lines_bytes_and_code_points() {
        let text = "ab\nçé 41\nxyz".as_bytes();
        let mut cursor = Cursor::default();
        let p = cursor.advance(1, text, 0);
        assert_eq!(
            p,
            Position {
                line: 1,
                column: 2,
                char_column: 2
            }
        );
        // "41" on line 2: bytes ç(2) é(2) space(1) → byte column 6, char column 4.
        let at = text.windows(2).position(|w| w == b"41").unwrap();
        let p = cursor.advance(at, text, 0);
        assert_eq!(
            p,
            Position {
                line: 2,
                column: 6,
                char_column: 4
            }
        );
        assert_eq!(end_of(p, b"41"), (2, 6));
        assert_eq!(end_of(p, b"41\nxy"), (3, 3));
        // Staying put is fine; the buffer may start later than 0.
        let p = cursor.advance(at, &text[at..], at);
        assert_eq!(p.line, 2);
        let p = cursor.advance(text.len(), &text[at..], at);
        assert_eq!(
            p,
            Position {
                line: 3,
                column: 4,
                char_column: 4
            }
        );
    }

    #[test]
    fn json_and_sarif_batches_are_comma_separated() {
        let record = Record {
            path: "a",
            kind: leaksift::Kind::Pan,
            subkind: "visa",
            start: 0,
            end: 1,
            line: 1,
            column: 1,
            char_column: 1,
            end_line: 1,
            end_char_column: 2,
            confidence: 90,
            provenance: "unknown",
            provenance_reason: None,
            masked: "*",
            fingerprint: None,
        };
        let mut batch = Vec::new();
        render(Format::Json, &record, &mut batch);
        render(Format::Json, &record, &mut batch);
        let text = String::from_utf8(batch).unwrap();
        let value: serde_json::Value = serde_json::from_str(&format!("[{text}]")).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 2);
    }
}
