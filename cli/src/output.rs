//! Rendering findings for people and for machines. Values are always masked.

use std::io::{self, Write};

use leaksift::Finding;
use serde::Serialize;

/// Findings with their 1-based line and column (in bytes), computed in one
/// pass since findings come in span order.
pub struct Located<'a> {
    data: &'a [u8],
    findings: std::slice::Iter<'a, Finding>,
    line: usize,
    line_start: usize,
    counted_to: usize,
}

impl<'a> Located<'a> {
    pub fn new(data: &'a [u8], findings: &'a [Finding]) -> Self {
        Located {
            data,
            findings: findings.iter(),
            line: 1,
            line_start: 0,
            counted_to: 0,
        }
    }
}

impl<'a> Iterator for Located<'a> {
    type Item = (&'a Finding, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let finding = self.findings.next()?;
        let upto = finding.start.min(self.data.len());
        if upto > self.counted_to {
            for newline in memchr::memchr_iter(b'\n', &self.data[self.counted_to..upto]) {
                self.line += 1;
                self.line_start = self.counted_to + newline + 1;
            }
            self.counted_to = upto;
        }
        Some((finding, self.line, finding.start - self.line_start + 1))
    }
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
    masked: String,
}

/// Writes findings as text lines, JSON lines or one JSON array.
pub struct Report<W: Write> {
    out: io::BufWriter<W>,
    array: bool,
    written: usize,
}

impl<W: Write> Report<W> {
    pub fn new(out: W, array: bool) -> Self {
        Report {
            out: io::BufWriter::new(out),
            array,
            written: 0,
        }
    }

    pub fn human(
        &mut self,
        path: &str,
        data: &[u8],
        f: &Finding,
        line: usize,
        column: usize,
    ) -> io::Result<()> {
        let subkind = if f.subkind.as_str().is_empty() {
            String::new()
        } else {
            format!(" {}", f.subkind)
        };
        let provenance = match f.provenance.reason() {
            Some(reason) => format!(" synthetic:{}", reason.as_str()),
            None => String::new(),
        };
        writeln!(
            self.out,
            "{path}:{line}:{column}: {}{subkind} (confidence {}){provenance} {}",
            f.kind,
            f.confidence,
            f.masked(data)
        )
    }

    pub fn json(
        &mut self,
        path: &str,
        data: &[u8],
        f: &Finding,
        line: usize,
        column: usize,
    ) -> io::Result<()> {
        let record = JsonFinding {
            path,
            kind: f.kind.as_str(),
            subkind: f.subkind.as_str(),
            start: f.start,
            end: f.end,
            line,
            column,
            confidence: f.confidence,
            provenance: f.provenance.as_str(),
            provenance_reason: f.provenance.reason().map(|r| r.as_str()),
            masked: f.masked(data).to_string(),
        };
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, &record)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}
