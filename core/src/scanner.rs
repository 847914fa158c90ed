//! The [`Scanner`]: built once from a [`Config`], shared by any number of
//! threads, and run over byte slices without allocating.
//!
//! # How a scan runs
//! Each detector family is a cursor that yields its findings in order. The
//! scanner advances all cursors through the input one window at a time (so
//! the bytes they read are still in cache) and merges their findings by
//! span, handing each to the caller's [`Sink`]. All state lives on the
//! stack; nothing is allocated.

use core::ops::ControlFlow;

use crate::cards::cvv::{CvvCursor, Keywords};
use crate::cards::pan::CardCursor;
use crate::config::{Config, Detector};
use crate::error::Error;
use crate::finding::Finding;
use crate::finding::{Provenance, SyntheticReason};
use crate::identifiers::email::EmailCursor;
use crate::identifiers::keyed::{KeyedCursor, KeyedDetectors, KeyedWords};
use crate::identifiers::shapes::{ShapeCursor, ShapeDetectors};
use crate::provenance::catalogue;
use crate::provenance::markers::{MarkerCursor, MarkerPatterns};
use crate::provenance::policy::RecordPolicy;
use crate::provenance::watermark::Watermarker;
use crate::secrets::{SecretCursor, SecretPatterns};
use crate::structure::table::{TableColumns, TableCursor, TableState};

/// Receives findings during a scan, in span order, and can stop it.
///
/// Any `FnMut(&Finding) -> ControlFlow<()>` is a sink:
///
/// ```
/// use core::ops::ControlFlow;
/// use leaksift::Scanner;
///
/// let mut count = 0;
/// Scanner::default().scan(b"cvv=123 and cvc: 456", |_: &leaksift::Finding| {
///     count += 1;
///     ControlFlow::Continue(())
/// });
/// assert_eq!(count, 2);
/// ```
pub trait Sink {
    /// Called once per finding. Return `ControlFlow::Break(())` to stop the
    /// scan early.
    fn found(&mut self, finding: &Finding) -> ControlFlow<()>;
}

impl<F: FnMut(&Finding) -> ControlFlow<()>> Sink for F {
    fn found(&mut self, finding: &Finding) -> ControlFlow<()> {
        self(finding)
    }
}

/// For a cursor holding a finding it read past an earlier window's limit:
/// `Some(answer)` is what its `next` returns now (the finding once it
/// starts before `limit`, else nothing yet); `None` when nothing is held.
pub(crate) fn release_held(held: &mut Option<Finding>, limit: usize) -> Option<Option<Finding>> {
    let found = held.as_ref()?;
    Some(if found.start < limit {
        held.take()
    } else {
        None
    })
}

/// Bytes the cursors advance together before their findings are merged:
/// small enough to stay in the L2 cache while every detector reads it.
const WINDOW: usize = 64 * 1024;

/// Finds sensitive data in byte slices.
///
/// A scanner is immutable once built: share it between threads by reference
/// or in an `Arc`. Scanning never allocates and never fails; any bytes are
/// valid input (invalid UTF-8, NUL bytes, empty slices, gigabytes).
///
/// ```
/// use leaksift::{Kind, Scanner};
///
/// let scanner = Scanner::default();
/// let export = br#"{"name":"Ann","card":"5555-5555-5555-4444","cvv":"123"}"#;
/// let kinds: Vec<Kind> = scanner.scan_to_vec(export).iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [Kind::Pan, Kind::Cvv]);
/// ```
#[derive(Clone, Debug)]
pub struct Scanner {
    config: Config,
    cvv_keywords: Option<Keywords>,
    keyed_words: Option<KeyedWords>,
    secret_patterns: Option<SecretPatterns>,
    marker_patterns: Option<MarkerPatterns>,
    watermark: Option<Watermarker>,
}

impl Scanner {
    /// Builds a scanner, checking the configuration.
    pub fn new(config: Config) -> Result<Scanner, Error> {
        config.validate()?;
        // Index the test-value catalogue now so that no scan allocates.
        catalogue::prepare();
        let marker_patterns = MarkerPatterns::new(&config.markers)?
            .filter(|_| config.detectors.contains(Detector::Markers));
        let watermark = config.watermark.as_ref().map(Watermarker::new);
        let cvv_keywords = config.detectors.contains(Detector::Cvv).then(Keywords::new);
        let keyed_words = keyed_detectors(&config).any().then(KeyedWords::new);
        let secret_patterns = config
            .detectors
            .contains(Detector::Secrets)
            .then(SecretPatterns::new);
        Ok(Scanner {
            config,
            cvv_keywords,
            keyed_words,
            secret_patterns,
            marker_patterns,
            watermark,
        })
    }

    /// The configuration this scanner was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Scans `input`, handing every finding to `sink` in span order (by
    /// start, then end, then kind). Returns `Break` when the sink stopped
    /// the scan.
    pub fn scan<S: Sink>(&self, input: &[u8], sink: S) -> ControlFlow<()> {
        self.scan_in(input, TableState::START, sink)
    }

    /// [`Scanner::scan`] of input that continues a document: `table` is the
    /// CSV/TSV reader's state after what came before (`TableState::START`
    /// at the start of a document). Windowed masking uses it.
    pub(crate) fn scan_in<S: Sink>(
        &self,
        input: &[u8],
        table: TableState,
        mut sink: S,
    ) -> ControlFlow<()> {
        let Some(environment) = self.config.environment else {
            return self.scan_detections_in(input, table, sink);
        };
        let mut policy = RecordPolicy::new(environment);
        self.scan_detections_in(input, table, |f: &Finding| {
            policy.found(input, 0, f, &mut sink)
        })?;
        policy.flush(&mut sink)
    }

    /// A fresh commingling-policy state when an environment is configured
    /// (for a [`StreamScanner`](crate::StreamScanner) to carry across
    /// chunks).
    pub(crate) fn record_policy(&self) -> Option<RecordPolicy> {
        self.config.environment.map(RecordPolicy::new)
    }

    /// The detectors' findings (with test values and watermarks marked), in
    /// span order, without the commingling policy, for input that continues
    /// a document with the CSV/TSV reader in state `table` (what a stream
    /// carries).
    pub(crate) fn scan_detections_in<S: Sink>(
        &self,
        input: &[u8],
        table: TableState,
        mut sink: S,
    ) -> ControlFlow<()> {
        let detectors = self.config.detectors;
        let pans = detectors.contains(Detector::Pan);
        let tracks = detectors.contains(Detector::Track);
        let mut cards =
            (pans || tracks).then(|| CardCursor::new(pans, tracks, self.config.context_window));
        let mut cvvs = self.cvv_keywords.as_ref().map(CvvCursor::new);
        let shape_detectors = shape_detectors(&self.config);
        let mut shapes = shape_detectors
            .any()
            .then(|| ShapeCursor::new(shape_detectors, self.config.context_window));
        let mut keyed = self
            .keyed_words
            .as_ref()
            .map(|words| KeyedCursor::new(words, keyed_detectors(&self.config)));
        let mut emails = detectors.contains(Detector::Email).then(EmailCursor::new);
        let mut secrets = self.secret_patterns.as_ref().map(SecretCursor::new);
        let mut markers = self.marker_patterns.as_ref().map(MarkerCursor::new);
        let columns = TableColumns {
            keyed: keyed_detectors(&self.config),
            cvv: detectors.contains(Detector::Cvv),
            markers: self.marker_patterns.as_ref(),
            report_markers: self.marker_patterns.is_some(),
        };
        let table_reports = columns.cvv || columns.keyed.any() || columns.report_markers;
        let mut tables = (table_reports && table.may_find(input, columns.markers))
            .then(|| TableCursor::new(table, columns));
        let deduplicate = tables.is_some();
        let mut lanes = [
            Lane::new(cards.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(cvvs.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(shapes.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(keyed.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(emails.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(secrets.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(markers.as_mut().map(|c| c as &mut dyn Cursor)),
            Lane::new(tables.as_mut().map(|c| c as &mut dyn Cursor)),
        ];
        // The lanes of the detectors that run, first and in the order above
        // (which decides between equal spans): the merge below visits only
        // those.
        let mut running = 0;
        for i in 0..lanes.len() {
            if lanes[i].cursor.is_some() {
                lanes.swap(running, i);
                running += 1;
            }
        }
        let lanes = &mut lanes[..running];
        // The same value may be named by a key and by its column (a TSV row
        // `cvv<TAB>123` under a `cvv` header): report it once. Without the
        // table reader no two cursors report the same span and kind.
        let mut last_reported: Option<(usize, usize, crate::Kind)> = None;

        let mut window_end = 0;
        while window_end < input.len() {
            window_end = (window_end + WINDOW).min(input.len());
            for lane in lanes.iter_mut() {
                if lane.peek.is_none() {
                    lane.refill(input, window_end);
                }
            }
            loop {
                // The lane holding the first finding in span order. This
                // runs once per finding (350,000 times in 64 MiB of CRM
                // export): compare the cached keys, and ask only the lane
                // whose finding is taken for its next one.
                let mut first = 0;
                let mut first_key = NO_FINDING;
                for (i, lane) in lanes.iter().enumerate() {
                    if lane.key < first_key {
                        first = i;
                        first_key = lane.key;
                    }
                }
                if first_key.0 >= window_end {
                    break;
                }
                let lane = &mut lanes[first];
                let finding = lane.peek.take().expect("a lane with a key has a finding");
                lane.refill(input, window_end);
                if finding.confidence >= self.config.min_confidence {
                    if deduplicate {
                        if last_reported == Some(first_key) {
                            continue;
                        }
                        last_reported = Some(first_key);
                    }
                    sink.found(&self.watermarked(input, finding))?;
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// `finding` with provenance `Synthetic(Watermark)` when it carries the
    /// configured key's watermark. Test values keep their reason.
    fn watermarked(&self, input: &[u8], mut finding: Finding) -> Finding {
        if let Some(marker) = &self.watermark {
            if finding.provenance == Provenance::Unknown
                && marker.marks(finding.kind, input.get(finding.span()).unwrap_or_default())
            {
                finding.provenance = Provenance::Synthetic(SyntheticReason::Watermark);
            }
        }
        finding
    }

    /// The markers whose keys name CSV/TSV columns (`None` when the markers
    /// detector is off): what [`TableState::advance`] must be given to
    /// carry the state of this scanner's scans.
    pub(crate) fn table_markers(&self) -> Option<&MarkerPatterns> {
        self.marker_patterns.as_ref()
    }

    /// How far around a finding this scanner's detectors read: what a
    /// [`StreamScanner`](crate::StreamScanner) must keep between chunks.
    pub fn stream_margins(&self) -> crate::Margins {
        let on = |d| self.config.detectors.contains(d);
        let identifiers = [
            Detector::Ssn,
            Detector::Itin,
            Detector::Iban,
            Detector::Routing,
            Detector::Email,
            Detector::Phone,
        ]
        .into_iter()
        .any(on);
        let families = [
            (true, crate::cards::MARGINS),
            (identifiers, crate::identifiers::MARGINS),
            (on(Detector::Secrets), crate::secrets::MARGINS),
            (on(Detector::Markers), crate::provenance::markers::MARGINS),
        ];
        let (before, after) = families
            .iter()
            .filter(|(enabled, _)| *enabled)
            .fold((0, 0), |(before, after), (_, m)| {
                (before.max(m.before), after.max(m.after))
            });
        // Table values are decided at their field's start, at most a quote
        // and padding before the value, reading `LOOKAHEAD` bytes on.
        crate::Margins {
            before: before.max(self.config.context_window + 16),
            after: after.max(crate::structure::table::LOOKAHEAD),
        }
    }

    /// Scans `input` and returns the findings in span order. Allocates the
    /// vector; use [`Scanner::scan`] on hot paths.
    pub fn scan_to_vec(&self, input: &[u8]) -> Vec<Finding> {
        let mut findings = Vec::new();
        let _ = self.scan(input, |f: &Finding| {
            findings.push(*f);
            ControlFlow::Continue(())
        });
        findings
    }
}

impl Default for Scanner {
    /// Every detector, default context window and confidence threshold.
    fn default() -> Self {
        Scanner::new(Config::default()).expect("the default configuration is valid")
    }
}

/// The detectors the shape cursor runs for `config`.
fn shape_detectors(config: &Config) -> ShapeDetectors {
    let on = |d| config.detectors.contains(d);
    ShapeDetectors {
        ssn: on(Detector::Ssn),
        itin: on(Detector::Itin),
        phone: on(Detector::Phone),
        iban: on(Detector::Iban),
    }
}

/// The detectors the keyed cursor runs for `config`.
fn keyed_detectors(config: &Config) -> KeyedDetectors {
    let on = |d| config.detectors.contains(d);
    KeyedDetectors {
        ssn: on(Detector::Ssn),
        itin: on(Detector::Itin),
        routing: on(Detector::Routing),
        phone: on(Detector::Phone),
    }
}

/// A detector family's cursor: yields findings in order; `None` means none
/// starts before `limit` (it may run ahead and return one that starts later).
trait Cursor {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding>;
}

impl Cursor for CardCursor {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        CardCursor::next(self, input, limit)
    }
}

impl Cursor for CvvCursor<'_> {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        CvvCursor::next(self, input, limit)
    }
}

impl Cursor for ShapeCursor {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        ShapeCursor::next(self, input, limit)
    }
}

impl Cursor for KeyedCursor<'_> {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        KeyedCursor::next(self, input, limit)
    }
}

impl Cursor for SecretCursor<'_> {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        SecretCursor::next(self, input, limit)
    }
}

impl Cursor for MarkerCursor<'_> {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        MarkerCursor::next(self, input, limit)
    }
}

impl Cursor for TableCursor<'_> {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        TableCursor::next(self, input, limit)
    }
}

impl Cursor for EmailCursor {
    fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        EmailCursor::next(self, input, limit)
    }
}

/// The order key of a lane with no finding: after every real one.
const NO_FINDING: (usize, usize, crate::Kind) = (usize::MAX, usize::MAX, crate::Kind::Pan);

/// One cursor and the finding it produced that is not merged yet.
struct Lane<'c> {
    cursor: Option<&'c mut dyn Cursor>,
    peek: Option<Finding>,
    /// `peek`'s order key, or [`NO_FINDING`].
    key: (usize, usize, crate::Kind),
}

impl<'c> Lane<'c> {
    fn new(cursor: Option<&'c mut dyn Cursor>) -> Self {
        Lane {
            cursor,
            peek: None,
            key: NO_FINDING,
        }
    }

    /// Asks the cursor for its next finding (none when nothing starts
    /// before `window_end`).
    fn refill(&mut self, input: &[u8], window_end: usize) {
        self.peek = self
            .cursor
            .as_mut()
            .and_then(|cursor| cursor.next(input, window_end));
        self.key = self.peek.as_ref().map_or(NO_FINDING, Finding::order_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Scanner>();
    }

    #[test]
    fn sink_can_stop_the_scan() {
        let input = b"cvv=123 cvv=456 cvv=789";
        let mut seen = 0;
        let flow = Scanner::default().scan(input, |_: &Finding| {
            seen += 1;
            ControlFlow::Break(())
        });
        assert_eq!(flow, ControlFlow::Break(()));
        assert_eq!(seen, 1);
    }

    #[test]
    fn findings_across_window_boundaries_stay_in_order() {
        let mut input = Vec::new();
        while input.len() < 3 * WINDOW {
            input.extend_from_slice(b"card 4111 1111 1111 1111 cvv=123 filler text .. ");
        }
        let findings = Scanner::default().scan_to_vec(&input);
        assert!(findings
            .windows(2)
            .all(|w| w[0].order_key() < w[1].order_key()));
        let expected = input.windows(4).filter(|w| w == b"4111").count();
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.kind == crate::Kind::Pan)
                .count(),
            expected
        );
    }

    /// The marker search reads one window at a time: a key or its value
    /// cut by a window's end is found whole, once.
    #[test]
    fn markers_cut_by_a_window_end_are_found_whole() {
        for marker in [
            &b"\"is_synthetic\": true"[..],
            b"X-Data-Provenance: synthetic",
        ] {
            for start in WINDOW - marker.len() - 2..WINDOW + 2 {
                let mut input = vec![b' '; start];
                input.extend_from_slice(marker);
                input.resize(WINDOW + 200, b' ');
                let spans: Vec<_> = Scanner::default()
                    .scan_to_vec(&input)
                    .iter()
                    .map(|f| (f.kind, f.start, f.end))
                    .collect();
                assert_eq!(
                    spans,
                    [(crate::Kind::SyntheticMarker, start, start + marker.len())],
                    "marker at {start}"
                );
            }
        }
    }
}
