//! Streaming masking: chunks of any size in, output identical to masking
//! the whole input at once, in bounded memory.
//!
//! [`StreamMasker`] is the engine (output goes to a callback, as the C
//! binding needs); [`MaskWriter`] wraps it as a [`std::io::Write`] adaptor.
//!
//! # How it stays exact
//! A [`StreamScanner`] hands out the findings of a one-shot scan; after
//! [`StreamScanner::settled`] no finding can start before that offset. The
//! masker holds the input from the last byte it wrote, and writes out the
//! bytes before the settled offset, cut before any finding that reaches
//! past it (overlapping findings are masked together, as in
//! [`Masker::mask`]). What is held is at most one step of new input plus
//! the scanner's margins and one finding.

use core::ops::ControlFlow;
use std::io::{self, Write};

use super::masker::{MaskSummary, Masker};
use crate::error::Error;
use crate::finding::Finding;
use crate::scanner::Scanner;
use crate::stream::StreamScanner;

/// New input scanned at a time. Every step rescans the scanner's margins
/// (about 17 KiB with the secret detectors on, whose PEM blocks set the
/// margin after): 64 KiB steps spent a fifth of the time on that, 256 KiB
/// steps spend about 6 %, and the held input still fits in L2.
const STEP: usize = 256 * 1024;

/// Masks a stream of chunks with the output of [`Masker::mask`] of the
/// whole input, for any policy (redaction included) and any chunking.
///
/// Output arrives through a callback in runs of any size (possibly none
/// for a push); the runs concatenated are the masked input. Buffers are
/// allocated when the stream is made (about 512 KiB plus the scanner's
/// margins) and only grow if many findings gather in one step.
///
/// ```
/// use std::ops::ControlFlow;
/// use leaksift::{Masker, Policy, Scanner, StreamMasker};
///
/// let scanner = Scanner::default();
/// let masker = Masker::new(Policy::new())?;
/// let mut stream = StreamMasker::new(&scanner, &masker);
/// let mut out = Vec::new();
/// for chunk in [&b"card 4111 11"[..], b"11 1111 1111 cv", b"v: 123\n"] {
///     stream.push(chunk, |run: &[u8]| { out.extend_from_slice(run); ControlFlow::Continue(()) })?;
/// }
/// stream.finish(|run: &[u8]| { out.extend_from_slice(run); ControlFlow::Continue(()) })?;
/// assert_eq!(out, b"card **** **** **** 1111 cvv: ***\n");
/// # Ok::<(), leaksift::Error>(())
/// ```
pub struct StreamMasker<'a> {
    masker: &'a Masker,
    stream: StreamScanner<'a>,
    /// Input not yet written out; `pending[0]` is at absolute offset `out_pos`.
    pending: Vec<u8>,
    out_pos: usize,
    /// Findings not yet applied, absolute offsets, in scan order.
    findings: Vec<Finding>,
    /// Output of a length-changing policy, reused between writes.
    rewritten: Vec<u8>,
    summary: MaskSummary,
    /// Input is pushed to the scanner in pieces of at most this many bytes.
    step: usize,
}

impl<'a> StreamMasker<'a> {
    /// A stream masking what `scanner` finds with `masker`'s policy.
    pub fn new(scanner: &'a Scanner, masker: &'a Masker) -> Self {
        Self::with_step(scanner, masker, STEP)
    }

    /// A stream that scans after every `step` new bytes (at least 1): it
    /// holds about twice `step` plus the scanner's margins; small steps
    /// mean less memory and more margin bytes scanned twice.
    pub fn with_step(scanner: &'a Scanner, masker: &'a Masker, step: usize) -> Self {
        let step = step.max(1);
        let stream = StreamScanner::with_step(scanner, step);
        let margins = stream.margins();
        let room = 2 * step + margins.before + 2 * margins.after;
        let preserves_length = masker.policy().preserves_length();
        StreamMasker {
            masker,
            stream,
            pending: Vec::with_capacity(room),
            out_pos: 0,
            findings: Vec::with_capacity(256),
            rewritten: Vec::with_capacity(if preserves_length { 0 } else { room }),
            summary: MaskSummary::default(),
            step,
        }
    }

    /// Adds a chunk; masked output that is final goes to `out`. Returns
    /// `Ok(Break)` when `out` stopped (the stream should then be dropped),
    /// and an error when the policy refuses a value
    /// ([`OnFailure::Error`](crate::OnFailure::Error)).
    pub fn push<O>(&mut self, mut chunk: &[u8], mut out: O) -> Result<ControlFlow<()>, Error>
    where
        O: FnMut(&[u8]) -> ControlFlow<()>,
    {
        // Pieces of at most one step keep `pending` within its capacity.
        while !chunk.is_empty() {
            let (piece, rest) = chunk.split_at(chunk.len().min(self.step));
            chunk = rest;
            let findings = &mut self.findings;
            let _ = self.stream.push(piece, |f: &Finding| {
                findings.push(*f);
                ControlFlow::Continue(())
            });
            self.pending.extend_from_slice(piece);
            if self.drain(self.cut(), &mut out)?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Ends the input: masks and writes out the rest. The stream is empty
    /// afterwards and can take a new input.
    pub fn finish<O>(&mut self, mut out: O) -> Result<ControlFlow<()>, Error>
    where
        O: FnMut(&[u8]) -> ControlFlow<()>,
    {
        let findings = &mut self.findings;
        let _ = self.stream.finish(|f: &Finding| {
            findings.push(*f);
            ControlFlow::Continue(())
        });
        let end = self.out_pos + self.pending.len();
        let result = self.drain(end, &mut out);
        self.pending.clear();
        self.findings.clear();
        self.out_pos = 0;
        result
    }

    /// What the stream has done so far (findings, spans masked, …).
    pub fn summary(&self) -> MaskSummary {
        self.summary
    }

    /// Bytes pushed since the stream started (or last finished).
    pub fn position(&self) -> usize {
        self.stream.position()
    }

    /// Where output can be cut now: findings still to come start at or
    /// after the stream's settled offset; cut there, or before any known
    /// finding reaching past the cut, so each group of overlapping findings
    /// is masked together.
    fn cut(&self) -> usize {
        let mut cut = self.stream.settled();
        while let Some(start) = self
            .findings
            .iter()
            .filter(|f| f.start < cut && f.end > cut)
            .map(|f| f.start)
            .min()
        {
            cut = start;
        }
        cut
    }

    /// Masks and writes out the pending bytes before `cut`.
    fn drain<O>(&mut self, cut: usize, out: &mut O) -> Result<ControlFlow<()>, Error>
    where
        O: FnMut(&[u8]) -> ControlFlow<()>,
    {
        if cut <= self.out_pos {
            return Ok(ControlFlow::Continue(()));
        }
        let ready = self.findings.iter().take_while(|f| f.start < cut).count();
        for f in &mut self.findings[..ready] {
            f.start -= self.out_pos;
            f.end -= self.out_pos;
        }
        let n = cut - self.out_pos;
        let result = if self.masker.policy().preserves_length() {
            let segment = &mut self.pending[..n];
            self.masker
                .apply_in_place(&self.findings[..ready], segment)
                .map(|summary| (summary, &*segment))
        } else {
            self.rewritten.clear();
            self.masker
                .apply_append(
                    &self.findings[..ready],
                    &self.pending[..n],
                    &mut self.rewritten,
                )
                .map(|summary| (summary, &self.rewritten[..]))
        };
        self.findings.drain(..ready);
        let flow = match result {
            Ok((summary, masked)) => {
                add(&mut self.summary, &summary);
                out(masked)
            }
            Err(e) => {
                // Nothing of the refused segment is written, nor kept.
                self.pending.drain(..n);
                self.out_pos = cut;
                return Err(e);
            }
        };
        self.pending.drain(..n);
        self.out_pos = cut;
        Ok(flow)
    }
}

fn add(total: &mut MaskSummary, more: &MaskSummary) {
    total.findings += more.findings;
    total.spans += more.spans;
    total.masked += more.masked;
    total.redacted += more.redacted;
    total.tokenized += more.tokenized;
    total.pseudonymized += more.pseudonymized;
    total.fallbacks += more.fallbacks;
}

/// A [`Write`] adaptor that masks everything written through it: the bytes
/// reaching the inner writer are exactly [`Masker::mask`] of everything
/// written, whatever the sizes of the writes, in bounded memory (see
/// [`StreamMasker`]).
///
/// Bytes near the end of what was written are held back until it is known
/// whether a finding covers them, so [`MaskWriter::finish`] must be called
/// at the end: it writes the rest and returns the inner writer. Dropping
/// the adaptor without finishing loses the held bytes (it never writes them
/// unmasked). [`Write::flush`] flushes the inner writer with what is final
/// so far.
///
/// ```
/// use std::io::Write;
/// use leaksift::{MaskWriter, Masker, Policy, Scanner};
///
/// let scanner = Scanner::default();
/// let masker = Masker::new(Policy::new().parse_rule("all=redact")?)?;
/// let mut writer = MaskWriter::new(&scanner, &masker, Vec::new());
/// for byte in b"cc 4111 1111 1111 1111, cvv 123\n" {
///     writer.write_all(&[*byte])?;
/// }
/// let out = writer.finish()?;
/// assert_eq!(out, b"cc [PAN], cvv [CVV]\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MaskWriter<'a, W: Write> {
    stream: StreamMasker<'a>,
    inner: W,
}

impl<'a, W: Write> MaskWriter<'a, W> {
    /// Masks what `scanner` finds with `masker`'s policy on the way to `inner`.
    pub fn new(scanner: &'a Scanner, masker: &'a Masker, inner: W) -> Self {
        Self::from_stream(StreamMasker::new(scanner, masker), inner)
    }

    /// Masks with `stream` (e.g. one made with [`StreamMasker::with_step`])
    /// on the way to `inner`.
    pub fn from_stream(stream: StreamMasker<'a>, inner: W) -> Self {
        MaskWriter { stream, inner }
    }

    /// Writes out the rest of the masked input and returns the inner writer
    /// (not flushed).
    pub fn finish(mut self) -> io::Result<W> {
        let inner = &mut self.inner;
        let mut failed = None;
        let flow = self
            .stream
            .finish(|run: &[u8]| write_run(inner, run, &mut failed))
            .map_err(io::Error::other)?;
        finish_write(flow, failed)?;
        Ok(self.inner)
    }

    /// What has been masked so far.
    pub fn summary(&self) -> MaskSummary {
        self.stream.summary()
    }

    /// The inner writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }
}

fn write_run<W: Write>(
    inner: &mut W,
    run: &[u8],
    failed: &mut Option<io::Error>,
) -> ControlFlow<()> {
    match inner.write_all(run) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            *failed = Some(e);
            ControlFlow::Break(())
        }
    }
}

fn finish_write(flow: ControlFlow<()>, failed: Option<io::Error>) -> io::Result<()> {
    match (flow, failed) {
        (_, Some(e)) => Err(e),
        (ControlFlow::Break(()), None) => Err(io::Error::other("the output stopped")),
        (ControlFlow::Continue(()), None) => Ok(()),
    }
}

impl<W: Write> Write for MaskWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let inner = &mut self.inner;
        let mut failed = None;
        let flow = self
            .stream
            .push(buf, |run: &[u8]| write_run(inner, run, &mut failed))
            .map_err(io::Error::other)?;
        finish_write(flow, failed)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masking::Policy;

    #[test]
    fn held_input_stays_bounded() {
        let scanner = Scanner::default();
        let masker = Masker::new(Policy::new()).unwrap();
        let mut stream = StreamMasker::new(&scanner, &masker);
        let capacity = stream.pending.capacity();
        let data = b"card 4111 1111 1111 1111, cvv=123; ".repeat(20_000);
        let mut written = 0;
        for chunk in data.chunks(5000) {
            let flow = stream
                .push(chunk, |run: &[u8]| {
                    written += run.len();
                    ControlFlow::Continue(())
                })
                .unwrap();
            assert!(flow.is_continue());
            assert!(stream.pending.len() <= capacity);
        }
        assert_eq!(stream.pending.capacity(), capacity);
        assert!(written > data.len() / 2, "output keeps up with input");
    }

    #[test]
    fn a_failing_writer_fails_the_write() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let scanner = Scanner::default();
        let masker = Masker::new(Policy::new()).unwrap();
        let mut writer = MaskWriter::new(&scanner, &masker, Full);
        writer.write_all(b"cvv 123").unwrap();
        let error = writer.finish().err().expect("the inner writer failed");
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    }
}
