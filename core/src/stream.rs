//! Streaming: scan input that arrives in chunks, with findings identical to
//! a one-shot scan of the whole input, in bounded memory.
//!
//! # How it stays exact
//! Every detector decides a finding from the bytes of the match plus a
//! bounded margin: at most [`Margins::before`] bytes before it (context
//! words, the byte that must not be a digit, a key name) and
//! [`Margins::after`] bytes after its start (the longest match plus what is
//! read past it). The stream keeps a window of the input; each time enough
//! new bytes have arrived it scans the window and hands out only the findings
//! that start where both margins are inside the window and that were not
//! handed out before. The window then slides, keeping the margin before.
//! At [`StreamScanner::finish`] the rest is scanned with the true end of
//! input. A property test checks equality with the one-shot scan for random
//! inputs and random chunkings.
//!
//! The window is allocated once, when the stream is made; pushing chunks of
//! any size never allocates.
//!
//! ```
//! use std::ops::ControlFlow;
//! use leaksift::{Finding, Scanner, StreamScanner};
//!
//! let scanner = Scanner::default();
//! let mut stream = StreamScanner::new(&scanner);
//! let mut found = Vec::new();
//! for chunk in [&b"card 4111 11"[..], b"11 1111 1111 cv", b"v: 123\n"] {
//!     let _ = stream.push(chunk, |f: &Finding| { found.push(*f); ControlFlow::Continue(()) });
//! }
//! let _ = stream.finish(|f: &Finding| { found.push(*f); ControlFlow::Continue(()) });
//! let whole = b"card 4111 1111 1111 1111 cvv: 123\n";
//! assert_eq!(found, scanner.scan_to_vec(whole));
//! ```

use core::ops::ControlFlow;

use crate::finding::Finding;
use crate::provenance::policy::RecordPolicy;
use crate::scanner::{Scanner, Sink};
use crate::structure::table::TableState;

/// How far around a finding the detectors read, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Margins {
    /// Bytes before a finding's start that can change whether it is found.
    pub before: usize,
    /// Bytes from a finding's start to the last byte read to decide it.
    pub after: usize,
}

/// New bytes gathered before the window is scanned: large enough that the
/// margins scanned twice cost little, small enough to stay in cache.
const DEFAULT_STEP: usize = 1 << 20;

/// Scans a stream of chunks with the findings (and absolute byte offsets) of
/// a one-shot scan. See the [module documentation](self).
pub struct StreamScanner<'s> {
    scanner: &'s Scanner,
    margins: Margins,
    window: Vec<u8>,
    /// Absolute offset of `window[0]`.
    base: usize,
    /// Findings starting before this absolute offset were handed out.
    emitted_upto: usize,
    /// The commingling policy's state, carried across chunks so records
    /// may straddle them.
    policy: Option<RecordPolicy>,
    /// The CSV/TSV reader's state at `base` (fixed size: see `structure`).
    table: TableState,
}

impl<'s> StreamScanner<'s> {
    /// A stream over `scanner`, with a window of about 1 MiB plus margins.
    pub fn new(scanner: &'s Scanner) -> Self {
        Self::with_step(scanner, DEFAULT_STEP)
    }

    /// A stream that scans after every `step` new bytes (at least 1). Small
    /// steps mean less memory and more bytes scanned twice.
    pub fn with_step(scanner: &'s Scanner, step: usize) -> Self {
        let margins = scanner.stream_margins();
        let step = step.max(1);
        StreamScanner {
            scanner,
            margins,
            window: Vec::with_capacity(margins.before + margins.after + step),
            base: 0,
            emitted_upto: 0,
            policy: scanner.record_policy(),
            table: TableState::START,
        }
    }

    /// The margins this stream keeps (they depend on the detectors on).
    pub fn margins(&self) -> Margins {
        self.margins
    }

    /// Bytes pushed so far.
    pub fn position(&self) -> usize {
        self.base + self.window.len()
    }

    /// Every finding starting before this offset has been handed out; any
    /// finding still to come starts at or after it. Lets a caller hold back
    /// only the bytes a later finding could still cover (e.g. to mask a
    /// stream exactly as a one-shot mask would).
    pub fn settled(&self) -> usize {
        self.emitted_upto
    }

    /// Adds a chunk; findings that are now certain go to `sink`, with
    /// offsets counted from the start of the stream. Returns `Break` if the
    /// sink stopped (the stream may still be pushed to; nothing is lost
    /// except what the sink refused).
    pub fn push<S: Sink>(&mut self, mut chunk: &[u8], mut sink: S) -> ControlFlow<()> {
        let full = self.window.capacity();
        while !chunk.is_empty() {
            let room = full - self.window.len();
            let (now, later) = chunk.split_at(room.min(chunk.len()));
            self.window.extend_from_slice(now);
            chunk = later;
            if self.window.len() == full {
                self.flush(false, &mut sink)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Ends the stream: scans what is left and hands out the remaining
    /// findings. The stream is empty afterwards and can start again.
    pub fn finish<S: Sink>(&mut self, mut sink: S) -> ControlFlow<()> {
        let flow = self.flush(true, &mut sink);
        self.window.clear();
        self.base = 0;
        self.emitted_upto = 0;
        self.policy = self.scanner.record_policy();
        self.table = TableState::START;
        flow
    }

    fn flush<S: Sink>(&mut self, at_end: bool, sink: &mut S) -> ControlFlow<()> {
        let safe = if at_end {
            self.window.len()
        } else {
            self.window.len().saturating_sub(self.margins.after)
        };
        let base = self.base;
        let from = self.emitted_upto - base;
        let mut stopped = false;
        let window = &self.window;
        let policy = &mut self.policy;
        let _ = self
            .scanner
            .scan_detections_in(window, self.table, |f: &Finding| {
                if f.start >= safe {
                    return ControlFlow::Break(());
                }
                if f.start < from {
                    return ControlFlow::Continue(());
                }
                let shifted = Finding {
                    start: f.start + base,
                    end: f.end + base,
                    ..*f
                };
                let flow = match policy.as_mut() {
                    Some(policy) => policy.found(window, base, &shifted, sink),
                    None => sink.found(&shifted),
                };
                stopped = flow.is_break();
                flow
            });
        if let Some(policy) = self.policy.as_mut() {
            if !stopped {
                // Later findings start at or after `safe`: look for line
                // breaks up to there while those bytes are still here, and
                // hand out what this span's findings caused.
                policy.advance(&self.window, base, base + safe);
                stopped = policy.flush(sink).is_break();
            }
        }
        self.emitted_upto = base + safe;
        // Keep the margin before the next finding to come.
        let keep_from = safe.saturating_sub(self.margins.before);
        if !self.table.is_off() {
            self.table
                .advance(&self.window[..keep_from], self.scanner.table_markers());
        }
        self.window.drain(..keep_from);
        self.base += keep_from;
        if stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a stream with `step` reports when `data` is pushed in chunks
    /// of `chunk` bytes.
    fn streamed(scanner: &Scanner, data: &[u8], step: usize, chunk: usize) -> Vec<Finding> {
        let mut stream = StreamScanner::with_step(scanner, step);
        let mut found = Vec::new();
        let mut collect = |f: &Finding| {
            found.push(*f);
            ControlFlow::Continue(())
        };
        for piece in data.chunks(chunk) {
            let _ = stream.push(piece, &mut collect);
        }
        let _ = stream.finish(&mut collect);
        found
    }

    /// `unit` repeated over 2 KiB where a 64 KiB step first cuts the
    /// stream's window (`place` × 8 bytes later), in 84 KiB of spaces: the
    /// layout of the capi fuzz target's long mode.
    fn at_the_first_cut(unit: &[u8], place: usize) -> Vec<u8> {
        let mut data = vec![b' '; 64 * 1024 - 512 + place * 8];
        let start = data.len();
        while data.len() < start + 2048 {
            data.extend_from_slice(unit);
        }
        data.resize(84 * 1024, b' ');
        data
    }

    #[test]
    fn glued_assignments_across_the_window_cut_are_found_as_in_one_shot() {
        // Found by the capi fuzz target (the masking stream differed from a
        // one-shot mask): `KEY=VALUEKEY=VALUE…` with no separator, placed
        // where a 64 KiB step cuts the window. Reading each value up to the
        // next `=` made every pair depend on the one before, back to where
        // the scan began, and a rescan from the margin paired them
        // differently. The second unit, with blanks around `=`, was found
        // by the same target on a later commit.
        let scanner = Scanner::default();
        let glued = b"GH_CWP_TOKEN=PD95bWwgd7RG8lIiwia8n4WcY3bJ1dS5eA4zwTph";
        let spaced = b"UNG$/:PxRfiCYESECRET = g:P_hzQ";
        for (unit, places) in [
            (&glued[..], [0usize, 13, 40, 100, 200]),
            (spaced, [0, 13, 51, 100, 200]),
        ] {
            for place in places {
                let data = at_the_first_cut(unit, place);
                let expected = scanner.scan_to_vec(&data);
                // In the first, the last value ends and is a secret; in the
                // second, each value runs into the next assignment but the
                // last, too short to be one.
                assert_eq!(expected.is_empty(), unit == spaced, "place {place}");
                for chunk in [1, 4096, 100_000] {
                    let found = streamed(&scanner, &data, 64 * 1024, chunk);
                    assert_eq!(found, expected, "place {place}, chunks of {chunk}");
                }
            }
        }
    }

    #[test]
    fn chained_addresses_across_the_window_cut_are_found_as_in_one_shot() {
        // Found by the capi fuzz campaign (the masking stream differed from
        // a one-shot mask): each address's domain runs through a non-ASCII
        // letter up to the next `@` (`…Lqԯz@j8…`), whose local part `z` it
        // swallowed. A local part stopped at the end of the last *reported*
        // address, so every other address of the chain was one, and which
        // depended on where the scan began.
        let scanner = Scanner::default();
        let unit: &[u8] = b"k29dkLq\xd4\xafz@j8EoE03cT6wYh1me.iioos1";
        for place in [0usize, 9, 100] {
            let data = at_the_first_cut(unit, place);
            let expected = scanner.scan_to_vec(&data);
            for chunk in [1, 515, 4096, 100_000] {
                let found = streamed(&scanner, &data, 64 * 1024, chunk);
                assert_eq!(found, expected, "place {place}, chunks of {chunk}");
            }
        }
    }

    #[test]
    fn quoted_values_running_into_the_next_assignment_are_found_as_in_one_shot() {
        // Found by the capi fuzz campaign (the masking stream left a secret
        // in clear that the one-shot mask masked): an unclosed quoted value
        // (`int_secret = "whsec_…`) ran to the next repetition's opening
        // quote and hid the `password:` key inside it, so every other
        // repetition's password was reported, and which ones depended on
        // where the scan began.
        let scanner = Scanner::default();
        let unit: &[u8] = b"71,536#9k_t\x08is\x81_\xffy\x00endp~int_secret = \"whsec_Mf671,536#9k_t\x08is\x81password: Trtion_co:github_pat_11ABCDE76536FG0abcdefgS724815-2flKxwR.4dor=[keyJum34d\x8a6, ssn 900hbG\xff\xff\xff\xff\xff\xffz\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffQ1cCeI\xff-[\xff6)NCgC1A_zzIkpg\xc7";
        for place in [0usize, 7, 100] {
            let data = at_the_first_cut(unit, place);
            let expected = scanner.scan_to_vec(&data);
            let passwords = expected.iter().filter(|f| f.kind == crate::Kind::Secret);
            assert_eq!(
                passwords.count(),
                2048usize.div_ceil(unit.len()),
                "one per repetition"
            );
            for chunk in [1, 4096, 100_000] {
                let found = streamed(&scanner, &data, 64 * 1024, chunk);
                assert_eq!(found, expected, "place {place}, chunks of {chunk}");
            }
        }
    }

    /// Assignments, quotes and values in random order, longer than the
    /// stream's window: the stream must pair keys, quotes and values as one
    /// scan does wherever its window cuts (the two bugs the capi fuzz target
    /// found were such pairings; this test found four more).
    #[test]
    fn assignment_soup_streams_as_in_one_shot() {
        const PIECES: &[&[u8]] = &[
            b"password",
            b"api_key",
            b"int_secret",
            b"client_secret",
            b"token",
            b"\"secret\"",
            b" = ",
            b": ",
            b"=",
            b"\":\"",
            b"\"",
            b"'",
            b"\\\"",
            b" ",
            b", ",
            b"\n",
            b"&",
            b";",
            b"Tr0ub4dor&3xyz",
            b"PD95bWwgd7RG8lIiwia8n4WcY3bJ1dS5eA4zwTph",
            b"dGVzdA==",
            b"whsec_Mf671",
            b"ghp_",
            b"see below",
            b"https://user:",
            b"@host",
            b"${SECRET}",
            b"<password>",
            b"</",
        ];
        let scanner = Scanner::default();
        let mut rng = crate::TestRng::new(0x5851_f42d_4c95_7f2d);
        for round in 0..60 {
            let mut unit = Vec::new();
            for _ in 0..1 + rng.below(40) {
                unit.extend_from_slice(PIECES[rng.below(PIECES.len())]);
            }
            let mut data = Vec::new();
            while data.len() < 24 * 1024 {
                data.extend_from_slice(&unit);
            }
            let expected = scanner.scan_to_vec(&data);
            for step in [700, 4096] {
                let found = streamed(&scanner, &data, step, 1 + rng.below(3000));
                assert_eq!(
                    found,
                    expected,
                    "round {round}, step {step}: {:?}",
                    String::from_utf8_lossy(&unit)
                );
            }
        }
    }

    #[test]
    fn pushing_never_grows_the_window() {
        let scanner = Scanner::default();
        let mut stream = StreamScanner::with_step(&scanner, 100);
        let capacity = stream.window.capacity();
        let data = b"card 4111 1111 1111 1111, cvv=123; ".repeat(500);
        for chunk in data.chunks(77) {
            let _ = stream.push(chunk, |_: &Finding| ControlFlow::Continue(()));
            assert_eq!(stream.window.capacity(), capacity);
        }
        assert_eq!(stream.position(), data.len());
    }

    #[test]
    fn findings_to_come_start_at_or_after_settled() {
        let scanner = Scanner::default();
        let mut stream = StreamScanner::with_step(&scanner, 50);
        let data = b"card 4111 1111 1111 1111, cvv=123; ".repeat(40);
        let mut settled = 0;
        let mut total = 0;
        for chunk in data.chunks(13) {
            let mut found = Vec::new();
            let _ = stream.push(chunk, |f: &Finding| {
                found.push(*f);
                ControlFlow::Continue(())
            });
            assert!(found.iter().all(|f| f.start >= settled));
            total += found.len();
            assert!(stream.settled() >= settled && stream.settled() <= stream.position());
            settled = stream.settled();
        }
        let mut rest = Vec::new();
        let _ = stream.finish(|f: &Finding| {
            rest.push(*f);
            ControlFlow::Continue(())
        });
        assert!(rest.iter().all(|f| f.start >= settled));
        assert_eq!(total + rest.len(), scanner.scan_to_vec(&data).len());
    }
}
