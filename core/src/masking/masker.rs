//! [`Masker`]: applies a [`Policy`] to findings, in place or into a new buffer.

use core::fmt;
use core::ops::ControlFlow;

use super::key::Key;
use super::policy::{shape_of, Action, OnFailure, Policy, Shape};
use super::shape;
use super::token::{self, Context, Crypto, Direction};
use crate::error::{Error, ErrorKind};
use crate::finding::{Finding, Kind, Subkind};
use crate::scanner::Scanner;
use crate::structure::table::TableState;

/// What a masking call did.
///
/// ```
/// use leaksift::{Masker, Policy, Scanner};
///
/// let mut record = *b"card 4111 1111 1111 1111 cvv 123";
/// let summary = Masker::new(Policy::new())?.mask_in_place(&Scanner::default(), &mut record)?;
/// assert_eq!((summary.findings, summary.masked), (2, 2));
/// assert_eq!(&record, b"card **** **** **** 1111 cvv ***");
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MaskSummary {
    /// Findings handled.
    pub findings: usize,
    /// Spans written: overlapping findings make one span.
    pub spans: usize,
    /// Spans masked (including fallbacks and merged overlaps).
    pub masked: usize,
    /// Spans redacted.
    pub redacted: usize,
    /// Spans tokenized.
    pub tokenized: usize,
    /// Spans pseudonymized.
    pub pseudonymized: usize,
    /// Spans that could not be tokenized or pseudonymized and were masked
    /// instead (see [`OnFailure::Mask`]).
    pub fallbacks: usize,
}

/// The most separate spans [`Masker::mask_in_place`] holds on its stack
/// while they wait to be rewritten.
pub const MAX_IN_PLACE_SPANS: usize = 1024;

/// New bytes [`Masker::mask_in_place`] scans per window: large enough that
/// the margins scanned twice cost little (under 1 %).
const IN_PLACE_STEP: usize = 64 * 1024;

/// One output span: a finding, or the union of overlapping findings.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    /// The kind of the longest finding in the span (its label when redacted).
    kind: Kind,
    subkind: Subkind,
    longest: usize,
    /// Several findings, of different kinds or spans, overlap here.
    merged: bool,
    /// One of them is to be redacted.
    redact: bool,
}

impl Span {
    const EMPTY: Span = Span {
        start: 0,
        end: 0,
        kind: Kind::Pan,
        subkind: Subkind::None,
        longest: 0,
        merged: false,
        redact: false,
    };
}

/// Turns findings (in scan order) into non-overlapping spans.
struct Merger<'p> {
    policy: &'p Policy,
    pending: Option<Span>,
    last_start: usize,
    limit: usize,
    findings: usize,
}

impl<'p> Merger<'p> {
    fn new(policy: &'p Policy, limit: usize) -> Self {
        Merger {
            policy,
            pending: None,
            last_start: 0,
            limit,
            findings: 0,
        }
    }

    /// Adds a finding; returns the span it closes, if any.
    fn push(&mut self, f: &Finding) -> Result<Option<Span>, Error> {
        if f.start < self.last_start {
            return Err(ErrorKind::InvalidFindings {
                reason: "out of order",
            }
            .into());
        }
        if f.start > f.end || f.end > self.limit {
            return Err(ErrorKind::InvalidFindings {
                reason: "a span outside the buffer",
            }
            .into());
        }
        self.last_start = f.start;
        // Markers and commingling-policy findings hold nothing sensitive of
        // their own (a policy finding repeats the span of a value that is
        // masked for its own kind).
        if !f.kind.is_sensitive() {
            return Ok(None);
        }
        self.findings += 1;
        let redact = self.policy.action(f.kind) == Action::Redact;
        if let Some(span) = self.pending.as_mut() {
            if f.start < span.end {
                span.merged |= f.kind != span.kind || f.start != span.start || f.end != span.end;
                span.end = span.end.max(f.end);
                span.redact |= redact;
                if f.len() > span.longest {
                    span.longest = f.len();
                    span.kind = f.kind;
                    span.subkind = f.subkind;
                }
                return Ok(None);
            }
        }
        let next = Span {
            start: f.start,
            end: f.end,
            kind: f.kind,
            subkind: f.subkind,
            longest: f.len(),
            merged: false,
            redact,
        };
        Ok(self.pending.replace(next))
    }

    fn finish(&mut self) -> Option<Span> {
        self.pending.take()
    }
}

/// Applies a [`Policy`] to what a [`Scanner`] finds: masks, redacts,
/// tokenizes or pseudonymizes each finding. Built once, shared by any
/// number of threads.
///
/// # Overlapping findings
/// Findings of different kinds may overlap (track data holds a card
/// number). Their union is written once, with the strongest treatment: it
/// is redacted when any of them is to be redacted (labelled with the
/// longest finding's kind), and otherwise masked whole, with nothing shown,
/// since neither kind's partial mask, token or pseudonym is defined on the
/// other's bytes. Spans in the output never overlap.
///
/// # Which call
/// | call | allocates | policies | notes |
/// |---|---|---|---|
/// | [`mask_in_place`](Masker::mask_in_place) | no | length-preserving | scans in windows, rewrites behind them |
/// | [`mask_into`](Masker::mask_into) | no | length-preserving | one pass, input to a caller's buffer, any number of findings |
/// | [`apply_in_place`](Masker::apply_in_place) | no | length-preserving | findings you already have |
/// | [`mask_append`](Masker::mask_append) / [`mask`](Masker::mask) | yes | any, redaction too | |
/// | [`apply_append`](Masker::apply_append) | yes | any, redaction too | findings you already have |
///
/// ```
/// use leaksift::{Action, Key, Kind, Masker, Policy, Scanner};
///
/// let key = Key::from_hex("000102030405060708090a0b0c0d0e0f")?;
/// let policy = Policy::new().set(Kind::Pan, Action::Tokenize);
/// let masker = Masker::with_key(policy, &key)?;
/// let scanner = Scanner::default();
///
/// let mut record = b"paid 4111-1111-1111-1111, cvv 123".to_vec();
/// masker.mask_in_place(&scanner, &mut record)?;
/// assert!(record.starts_with(b"paid ") && record.ends_with(b"-1111, cvv ***"));
/// assert!(scanner.scan_to_vec(&record).is_empty(), "a token is not a card number");
///
/// let mut token = record[5..24].to_vec();
/// masker.detokenize(Kind::Pan, &mut token)?;
/// assert_eq!(token, b"4111-1111-1111-1111");
/// # Ok::<(), leaksift::Error>(())
/// ```
pub struct Masker {
    policy: Policy,
    crypto: Option<Crypto>,
}

impl fmt::Debug for Masker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker")
            .field("policy", &self.policy)
            .field("key", &self.crypto.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Masker {
    /// A masker for a policy that needs no key (no tokenizing or
    /// pseudonymizing).
    pub fn new(policy: Policy) -> Result<Masker, Error> {
        policy.validate()?;
        if let Some(kind) = Kind::ALL
            .into_iter()
            .find(|&k| policy.action(k).needs_key())
        {
            return Err(ErrorKind::KeyRequired {
                kind: kind.as_str(),
                action: policy.action(kind).as_str(),
            }
            .into());
        }
        Ok(Masker {
            policy,
            crypto: None,
        })
    }

    /// A masker with a key for tokens and pseudonyms. The key's bytes are
    /// expanded into the cipher's and MAC's own state (wiped when the masker
    /// is dropped); `key` itself can be dropped right after.
    pub fn with_key(policy: Policy, key: &Key) -> Result<Masker, Error> {
        policy.validate()?;
        Ok(Masker {
            policy,
            crypto: Some(Crypto::new(key)?),
        })
    }

    /// The policy this masker applies.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn require_length_preserving(&self) -> Result<(), Error> {
        if self.policy.preserves_length() {
            Ok(())
        } else {
            Err(ErrorKind::LengthMismatch {
                reason: "this policy redacts, which changes lengths: use Masker::mask or Masker::mask_append",
            }
            .into())
        }
    }

    /// Scans `buf` and masks every finding in place, without allocating
    /// and with no limit on the number of findings.
    ///
    /// A rewritten span must not change what the scan sees, so the buffer
    /// is scanned in windows, the way a [`StreamScanner`](crate::StreamScanner)
    /// scans a stream (exact within the scanner's
    /// [`stream_margins`](Scanner::stream_margins)), and a span is rewritten
    /// only once every window still to come starts after it. The spans
    /// waiting for that are held on the stack: [`ErrorKind::TooManyFindings`]
    /// would mean more than [`MAX_IN_PLACE_SPANS`] separate spans within
    /// one margin (a few hundred bytes), which no detector produces.
    pub fn mask_in_place(&self, scanner: &Scanner, buf: &mut [u8]) -> Result<MaskSummary, Error> {
        self.mask_in_place_stepped(scanner, buf, IN_PLACE_STEP)
    }

    /// [`Masker::mask_in_place`] with windows of `step` new bytes (tests use
    /// tiny ones to cross window edges often).
    fn mask_in_place_stepped(
        &self,
        scanner: &Scanner,
        buf: &mut [u8],
        step: usize,
    ) -> Result<MaskSummary, Error> {
        self.require_length_preserving()?;
        let margins = scanner.stream_margins();
        let len = buf.len();
        let mut spans = [Span::EMPTY; MAX_IN_PLACE_SPANS];
        let mut count = 0;
        let mut merger = Merger::new(&self.policy, len);
        let mut summary = MaskSummary::default();
        // Findings starting before `next` have been taken.
        let mut next: usize = 0;
        // The CSV/TSV reader's state at `table_at`, where the window starts.
        let mut table = TableState::START;
        let mut table_at = 0;
        loop {
            let window_start = next.saturating_sub(margins.before);
            let window_end = next.saturating_add(step.max(1) + margins.after).min(len);
            let at_end = window_end == len;
            // Findings starting before `safe` are those of a whole-buffer scan.
            let safe = if at_end {
                len
            } else {
                window_end - margins.after
            };
            let mut resume = safe;
            let mut error = None;
            let _ = scanner.scan_in(&buf[window_start..window_end], table, |f: &Finding| {
                let f = Finding {
                    start: f.start + window_start,
                    end: f.end + window_start,
                    ..*f
                };
                if f.start >= safe {
                    return ControlFlow::Break(());
                }
                if f.start < next {
                    return ControlFlow::Continue(());
                }
                let closes = merger.pending.is_some_and(|p| f.start >= p.end);
                if closes && count == MAX_IN_PLACE_SPANS {
                    // No room: the next window starts at this finding.
                    resume = f.start;
                    return ControlFlow::Break(());
                }
                match merger.push(&f) {
                    Ok(Some(span)) => {
                        spans[count] = span;
                        count += 1;
                        ControlFlow::Continue(())
                    }
                    Ok(None) => ControlFlow::Continue(()),
                    Err(e) => {
                        error = Some(e);
                        ControlFlow::Break(())
                    }
                }
            });
            if let Some(e) = error {
                return Err(e);
            }
            next = resume;
            let done = at_end && resume == len;
            // Carry the table state to the next window's start before any
            // byte behind it is rewritten.
            let next_window_start = next.saturating_sub(margins.before);
            if !done && !table.is_off() && next_window_start > table_at {
                table.advance(&buf[table_at..next_window_start], scanner.table_markers());
                table_at = next_window_start;
            }
            // No window to come reads below this offset.
            let read_from = if done {
                len
            } else {
                next.saturating_sub(margins.before)
            };
            if merger.pending.is_some_and(|p| p.end <= read_from) {
                if count == MAX_IN_PLACE_SPANS {
                    // Rewrite the oldest to make room; it is safe too.
                    let oldest = spans[0];
                    self.rewrite(&oldest, &mut buf[oldest.start..oldest.end], &mut summary)?;
                    spans.copy_within(1..count, 0);
                    count -= 1;
                }
                spans[count] = merger.finish().expect("checked just above");
                count += 1;
            }
            let ready = spans[..count]
                .iter()
                .take_while(|s| s.end <= read_from)
                .count();
            for span in &spans[..ready] {
                self.rewrite(span, &mut buf[span.start..span.end], &mut summary)?;
            }
            spans.copy_within(ready..count, 0);
            count -= ready;
            if done {
                summary.findings = merger.findings;
                return Ok(summary);
            }
            if count == MAX_IN_PLACE_SPANS {
                return Err(ErrorKind::TooManyFindings {
                    limit: MAX_IN_PLACE_SPANS,
                }
                .into());
            }
        }
    }

    /// Scans `input` and writes it, masked, into `out` (of the same length)
    /// in one pass, without allocating and with no limit on findings.
    ///
    /// ```
    /// use leaksift::{Masker, Policy, Scanner};
    ///
    /// let input = b"cvv=123 card=5555 5555 5555 4444";
    /// let mut out = [0u8; 32];
    /// Masker::new(Policy::new())?.mask_into(&Scanner::default(), input, &mut out)?;
    /// assert_eq!(&out, b"cvv=*** card=**** **** **** 4444");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn mask_into(
        &self,
        scanner: &Scanner,
        input: &[u8],
        out: &mut [u8],
    ) -> Result<MaskSummary, Error> {
        self.require_length_preserving()?;
        if out.len() != input.len() {
            return Err(ErrorKind::LengthMismatch {
                reason: "the output buffer must have the input's length",
            }
            .into());
        }
        let mut summary = MaskSummary::default();
        let mut merger = Merger::new(&self.policy, input.len());
        let mut copied = 0;
        let mut error = None;
        let mut flush = |span: Span, copied: &mut usize, summary: &mut MaskSummary| {
            out[*copied..span.end].copy_from_slice(&input[*copied..span.end]);
            *copied = span.end;
            self.rewrite(&span, &mut out[span.start..span.end], summary)
        };
        let _ = scanner.scan(input, |f: &Finding| {
            let result = merger.push(f).and_then(|closed| {
                closed.map_or(Ok(()), |span| flush(span, &mut copied, &mut summary))
            });
            match result {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        if let Some(span) = merger.finish() {
            flush(span, &mut copied, &mut summary)?;
        }
        out[copied..].copy_from_slice(&input[copied..]);
        summary.findings = merger.findings;
        Ok(summary)
    }

    /// Masks `findings` (in scan order, from a scan of `buf`) in place,
    /// without allocating: for findings you keep anyway, or got elsewhere.
    ///
    /// ```
    /// use leaksift::{Masker, Policy, Scanner};
    ///
    /// let mut buf = *b"cvv: 123";
    /// let findings = Scanner::default().scan_to_vec(&buf);
    /// Masker::new(Policy::new())?.apply_in_place(&findings, &mut buf)?;
    /// assert_eq!(&buf, b"cvv: ***");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn apply_in_place(
        &self,
        findings: &[Finding],
        buf: &mut [u8],
    ) -> Result<MaskSummary, Error> {
        self.require_length_preserving()?;
        let mut summary = MaskSummary::default();
        let mut merger = Merger::new(&self.policy, buf.len());
        for f in findings {
            if let Some(span) = merger.push(f)? {
                self.rewrite(&span, &mut buf[span.start..span.end], &mut summary)?;
            }
        }
        if let Some(span) = merger.finish() {
            self.rewrite(&span, &mut buf[span.start..span.end], &mut summary)?;
        }
        summary.findings = merger.findings;
        Ok(summary)
    }

    /// Scans `input` and appends it, masked, to `out`; any policy,
    /// redaction included.
    pub fn mask_append(
        &self,
        scanner: &Scanner,
        input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<MaskSummary, Error> {
        let mut summary = MaskSummary::default();
        let mut merger = Merger::new(&self.policy, input.len());
        let mut copied = 0;
        let mut error = None;
        let mut emit = |span: Span, copied: &mut usize, summary: &mut MaskSummary| {
            out.extend_from_slice(&input[*copied..span.start]);
            *copied = span.end;
            self.append_span(&span, &input[span.start..span.end], out, summary)
        };
        let _ = scanner.scan(input, |f: &Finding| {
            let result = merger.push(f).and_then(|closed| {
                closed.map_or(Ok(()), |span| emit(span, &mut copied, &mut summary))
            });
            match result {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        if let Some(span) = merger.finish() {
            emit(span, &mut copied, &mut summary)?;
        }
        out.extend_from_slice(&input[copied..]);
        summary.findings = merger.findings;
        Ok(summary)
    }

    /// Scans `input` and returns it masked; any policy, redaction included.
    ///
    /// ```
    /// use leaksift::{Masker, Policy, Scanner};
    ///
    /// let masker = Masker::new(Policy::new().parse_rule("all=redact")?)?;
    /// let out = masker.mask(&Scanner::default(), b"4111 1111 1111 1111 cvv: 123")?;
    /// assert_eq!(out, b"[PAN] cvv: [CVV]");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn mask(&self, scanner: &Scanner, input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(input.len());
        self.mask_append(scanner, input, &mut out)?;
        Ok(out)
    }

    /// Appends `input`, with `findings` (in scan order, from a scan of
    /// `input`) masked, to `out`; any policy, redaction included.
    pub fn apply_append(
        &self,
        findings: &[Finding],
        input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<MaskSummary, Error> {
        let mut summary = MaskSummary::default();
        let mut merger = Merger::new(&self.policy, input.len());
        let mut copied = 0;
        let mut emit = |span: Span, summary: &mut MaskSummary| {
            out.extend_from_slice(&input[copied..span.start]);
            copied = span.end;
            self.append_span(&span, &input[span.start..span.end], out, summary)
        };
        for f in findings {
            if let Some(span) = merger.push(f)? {
                emit(span, &mut summary)?;
            }
        }
        if let Some(span) = merger.finish() {
            emit(span, &mut summary)?;
        }
        out.extend_from_slice(&input[copied..]);
        summary.findings = merger.findings;
        Ok(summary)
    }

    fn append_span(
        &self,
        span: &Span,
        value: &[u8],
        out: &mut Vec<u8>,
        summary: &mut MaskSummary,
    ) -> Result<(), Error> {
        if span.redact {
            summary.spans += 1;
            summary.redacted += 1;
            out.push(b'[');
            out.extend(span.kind.as_str().bytes().map(|b| b.to_ascii_uppercase()));
            out.push(b']');
            return Ok(());
        }
        let start = out.len();
        out.extend_from_slice(value);
        self.rewrite(span, &mut out[start..], summary)
    }

    /// Rewrites one span (not to be redacted) in place, and counts it.
    fn rewrite(
        &self,
        span: &Span,
        bytes: &mut [u8],
        summary: &mut MaskSummary,
    ) -> Result<(), Error> {
        summary.spans += 1;
        let mask_char = self.policy.mask_char;
        if span.merged {
            summary.masked += 1;
            shape::mask_in_place(Shape::Opaque, Subkind::None, false, mask_char, bytes);
            return Ok(());
        }
        let kind = span.kind;
        let result = match self.policy.action(kind) {
            Action::Mask => {
                summary.masked += 1;
                self.mask_as(kind, span.subkind, bytes);
                return Ok(());
            }
            Action::Tokenize => self.tokenize(kind, bytes).map(|()| summary.tokenized += 1),
            Action::Pseudonymize => self
                .pseudonymize(kind, bytes)
                .map(|()| summary.pseudonymized += 1),
            Action::Redact => unreachable!("redacted spans are written by append_span"),
        };
        if let Err(e) = result {
            // Never leave the value in clear, whatever happens next.
            self.mask_as(kind, span.subkind, bytes);
            summary.masked += 1;
            summary.fallbacks += 1;
            if self.policy.on_failure == OnFailure::Error {
                return Err(e);
            }
        }
        Ok(())
    }

    /// Re-scans masked output and masks any card number, security code or
    /// track data that masking exposed, until there is none; returns how
    /// many findings it masked. Allocation-free; costs one more scan (more
    /// only when it finds something).
    ///
    /// The scanner judges a value by its neighbours: `cvc 4526 4181 5908
    /// 3012 5` holds a security code, and the digits after it are the middle
    /// of a longer number, not a card number. Once the code is masked
    /// (`cvc **** 4181 5908 3012 5`), they stand alone and read as one.
    /// Findings here are masked with their kind's mask whatever the policy
    /// says (they were not values the policy saw). When the policy makes
    /// Luhn-valid card tokens, card numbers are left alone, since tokens
    /// cannot be told from card numbers.
    ///
    /// ```
    /// use leaksift::{Masker, Policy, Scanner};
    ///
    /// let scanner = Scanner::default();
    /// let masker = Masker::new(Policy::new())?;
    /// let mut record = *b"cvc 4526 4181 5908 3012 5";
    /// masker.mask_in_place(&scanner, &mut record)?;
    /// assert_eq!(&record, b"cvc **** 4181 5908 3012 5");
    /// assert_eq!(masker.settle(&scanner, &mut record), 1);
    /// assert_eq!(&record, b"cvc **** **** **** **** *");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn settle(&self, scanner: &Scanner, buf: &mut [u8]) -> usize {
        /// Findings masked per round; more wait for the next round.
        const BATCH: usize = 64;
        let keep_pans = self.policy.action(Kind::Pan).needs_key()
            && self.policy.card_tokens.luhn == super::policy::LuhnMode::Valid;
        let mut settled = 0;
        loop {
            let mut found = [None::<Finding>; BATCH];
            let mut count = 0;
            let _ = scanner.scan(buf, |f: &Finding| {
                let cardholder = (f.kind == Kind::Pan && !keep_pans)
                    || matches!(f.kind, Kind::Cvv | Kind::TrackData);
                if cardholder {
                    found[count] = Some(*f);
                    count += 1;
                }
                if count == BATCH {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
            if count == 0 {
                return settled;
            }
            // Each round turns the digits of at least one finding (three or
            // more) into mask characters, so the loop ends.
            for f in found.iter().flatten() {
                let span = &mut buf[f.start..f.end];
                let shape = if f.kind == Kind::Pan {
                    Shape::AuthData
                } else {
                    shape_of(f.kind)
                };
                shape::mask_in_place(shape, f.subkind, false, self.policy.mask_char, span);
            }
            settled += count;
        }
    }

    /// Masks one value of `kind` in place with the policy's mask (its
    /// character, and PCI display for card numbers), whatever the policy's
    /// action for the kind.
    ///
    /// ```
    /// use leaksift::{Kind, Masker, Policy};
    ///
    /// let masker = Masker::new(Policy::new().pci_display(true))?;
    /// let mut pan = *b"4111-1111-1111-1111";
    /// masker.mask_value(Kind::Pan, &mut pan);
    /// assert_eq!(&pan, b"4111-11**-****-1111");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn mask_value(&self, kind: Kind, value: &mut [u8]) {
        self.mask_as(kind, Subkind::None, value);
    }

    fn mask_as(&self, kind: Kind, subkind: Subkind, value: &mut [u8]) {
        let policy = &self.policy;
        shape::mask_in_place(
            shape_of(kind),
            subkind,
            policy.pci_display,
            policy.mask_char,
            value,
        );
    }

    fn context(&self, kind: Kind) -> Context<'_> {
        Context {
            kind,
            shape: shape_of(kind),
            card: &self.policy.card_tokens,
            tweak: self.policy.tweak_bytes(),
        }
    }

    fn crypto_for(&self, kind: Kind, action: Action) -> Result<&Crypto, Error> {
        if shape_of(kind) == Shape::AuthData {
            return Err(ErrorKind::ActionNotAllowed {
                kind: kind.as_str(),
                action: action.as_str(),
                reason: "sensitive authentication data must not be kept in any recoverable form",
            }
            .into());
        }
        self.crypto.as_ref().ok_or_else(|| {
            ErrorKind::KeyRequired {
                kind: kind.as_str(),
                action: action.as_str(),
            }
            .into()
        })
    }

    /// Tokenizes one value of `kind` in place (FF1; see the `masking`
    /// module docs for what is kept). On error the value is untouched.
    ///
    /// ```
    /// use leaksift::{luhn_valid, Key, Kind, Masker, Policy};
    ///
    /// let masker = Masker::with_key(Policy::new(), &Key::from_bytes(&[7; 32])?)?;
    /// let mut pan = *b"5555 5555 5555 4444";
    /// masker.tokenize(Kind::Pan, &mut pan)?;
    /// assert_eq!(&pan[15..], b"4444");
    /// let digits: Vec<u8> = pan.iter().copied().filter(u8::is_ascii_digit).collect();
    /// assert!(!luhn_valid(&digits));
    /// masker.detokenize(Kind::Pan, &mut pan)?;
    /// assert_eq!(&pan, b"5555 5555 5555 4444");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn tokenize(&self, kind: Kind, value: &mut [u8]) -> Result<(), Error> {
        let crypto = self.crypto_for(kind, Action::Tokenize)?;
        token::crypt(crypto, &self.context(kind), value, Direction::Tokenize)
    }

    /// Restores a value tokenized by [`Masker::tokenize`] (or by masking
    /// with [`Action::Tokenize`]) under the same key, tweak and card options.
    pub fn detokenize(&self, kind: Kind, value: &mut [u8]) -> Result<(), Error> {
        let crypto = self.crypto_for(kind, Action::Tokenize)?;
        token::crypt(crypto, &self.context(kind), value, Direction::Detokenize)
    }

    /// Pseudonymizes one value of `kind` in place: keyed, deterministic,
    /// same length, separators and character classes; not reversible.
    ///
    /// ```
    /// use leaksift::{Key, Kind, Masker, Policy};
    ///
    /// let masker = Masker::with_key(Policy::new(), &Key::from_bytes(&[7; 16])?)?;
    /// let (mut a, mut b) = (*b"4111 1111 1111 1111", *b"4111 1111 1111 1111");
    /// masker.pseudonymize(Kind::Pan, &mut a)?;
    /// masker.pseudonymize(Kind::Pan, &mut b)?;
    /// assert_eq!(a, b);
    /// assert_ne!(&a, b"4111 1111 1111 1111");
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn pseudonymize(&self, kind: Kind, value: &mut [u8]) -> Result<(), Error> {
        let crypto = self.crypto_for(kind, Action::Pseudonymize)?;
        token::pseudonymize(crypto, &self.context(kind), value)
    }
}

/// Shows `value` with the default policy's mask for `kind`: the one mask
/// implementation behind [`Finding::masked`](crate::Finding::masked).
pub(crate) fn default_mask(kind: Kind, subkind: Subkind, value: &[u8], put: impl FnMut(u8)) {
    shape::mask_value(
        shape_of(kind),
        subkind,
        false,
        Policy::DEFAULT_MASK_CHAR as u8,
        value,
        put,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: Kind, start: usize, end: usize) -> Finding {
        Finding {
            kind,
            subkind: crate::Subkind::None,
            start,
            end,
            confidence: 90,
            provenance: crate::Provenance::Unknown,
        }
    }

    #[test]
    fn overlapping_findings_merge_into_the_strongest_treatment() {
        let input = b"x ;4111111111111111=25121010000012300000? y";
        let track = finding(Kind::TrackData, 2, 41);
        let pan = finding(Kind::Pan, 3, 19);
        let masker = Masker::new(Policy::new()).unwrap();
        let mut buf = input.to_vec();
        let summary = masker.apply_in_place(&[track, pan], &mut buf).unwrap();
        assert_eq!(&buf, b"x ;****************=********************? y");
        assert_eq!((summary.findings, summary.spans), (2, 1));

        let redact = Masker::new(Policy::new().set(Kind::Pan, Action::Redact)).unwrap();
        let mut out = Vec::new();
        let findings = [track, pan];
        let summary = redact.apply_append(&findings, input, &mut out).unwrap();
        assert_eq!(out, b"x [TRACK_DATA] y");
        assert_eq!(summary.redacted, 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Windows of any size give the bytes of the one-pass masker.
        #[test]
        fn in_place_windows_agree_with_one_pass(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "card 4111 1111 1111 1111 ", "cvv: 123 ", ";4111111111111111=25121010000012300000? ",
                    "5555-5555-5555-4444", "order 123456 ", "x", " ", "\n", "0",
                ]),
                0..60,
            ),
            step in 1usize..300,
        ) {
            let input = pieces.concat().into_bytes();
            let scanner = Scanner::default();
            let masker = Masker::new(Policy::new()).unwrap();
            let mut out = vec![0; input.len()];
            let expected = masker.mask_into(&scanner, &input, &mut out).unwrap();
            let mut buf = input.clone();
            let summary = masker.mask_in_place_stepped(&scanner, &mut buf, step).unwrap();
            proptest::prop_assert_eq!(summary, expected);
            proptest::prop_assert_eq!(buf, out);
        }
    }

    #[test]
    fn findings_out_of_order_or_bounds_are_refused() {
        let masker = Masker::new(Policy::new()).unwrap();
        let mut buf = *b"0123456789";
        let err = masker
            .apply_in_place(
                &[finding(Kind::Cvv, 5, 8), finding(Kind::Cvv, 1, 4)],
                &mut buf,
            )
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidFindings { .. }));
        let err = masker
            .apply_in_place(&[finding(Kind::Cvv, 5, 11)], &mut buf)
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidFindings { .. }));
    }

    #[test]
    fn keys_are_required_and_never_shown() {
        let err = Masker::new(Policy::new().set(Kind::Pan, Action::Tokenize)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::KeyRequired { .. }));
        let key = Key::from_bytes(&[0x5a; 16]).unwrap();
        let masker = Masker::with_key(Policy::new(), &key).unwrap();
        let shown = format!("{masker:?}");
        assert!(shown.contains(r#"key: Some("<redacted>")"#), "{shown}");
        let plain = Masker::new(Policy::new()).unwrap();
        assert!(matches!(
            plain
                .tokenize(Kind::Pan, &mut b"4111111111111111".to_owned())
                .unwrap_err()
                .kind(),
            ErrorKind::KeyRequired { .. }
        ));
        assert!(matches!(
            masker
                .tokenize(Kind::Cvv, &mut b"1234567".to_owned())
                .unwrap_err()
                .kind(),
            ErrorKind::ActionNotAllowed { .. }
        ));
    }
}
