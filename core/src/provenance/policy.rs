//! The commingling policy: per record, synthetic and real data must not
//! meet. See the [`provenance` module](crate::provenance) for the rules.

use core::ops::ControlFlow;

use crate::finding::{Finding, Kind, Provenance};
use crate::scanner::Sink;
use crate::Environment;

/// Whether findings of `kind` are values the policy judges: card numbers,
/// identifiers and credentials. A security code carries no provenance of
/// its own, so it is left out.
fn is_subject(kind: Kind) -> bool {
    kind.is_sensitive() && kind != Kind::Cvv
}

/// The policy's state while findings go by in span order: fixed size, so
/// the scan still allocates nothing. One-shot scans make one per scan; a
/// stream keeps one across chunks.
#[derive(Clone, Debug)]
pub(crate) struct RecordPolicy {
    environment: Environment,
    /// The current record (line) holds a marker / a value not synthetic.
    has_marker: bool,
    has_real: bool,
    /// Absolute offset up to which line breaks have been looked for.
    checked: usize,
    /// Policy findings for the span of the last source finding, indexed
    /// [synthetic_leak, real_data_in_synthetic, commingled] (kind order).
    pending: [Option<Finding>; 3],
}

impl RecordPolicy {
    pub(crate) fn new(environment: Environment) -> Self {
        RecordPolicy {
            environment,
            has_marker: false,
            has_real: false,
            checked: 0,
            pending: [None; 3],
        }
    }

    /// Takes note of the line breaks before absolute offset `upto`.
    /// `window` holds the input from absolute offset `base`, at least from
    /// where the last call stopped.
    pub(crate) fn advance(&mut self, window: &[u8], base: usize, upto: usize) {
        if upto <= self.checked {
            return;
        }
        let from = self.checked.saturating_sub(base).min(window.len());
        let to = (upto - base).min(window.len());
        if memchr::memchr(b'\n', &window[from..to]).is_some() {
            self.has_marker = false;
            self.has_real = false;
        }
        self.checked = upto;
    }

    /// Hands `finding` (absolute span, bytes in `window` from `base`) to
    /// `sink` and queues the policy findings it causes.
    pub(crate) fn found<S: Sink>(
        &mut self,
        window: &[u8],
        base: usize,
        finding: &Finding,
        sink: &mut S,
    ) -> ControlFlow<()> {
        let same_span = self
            .pending
            .iter()
            .flatten()
            .next()
            .is_some_and(|p| (p.start, p.end) == (finding.start, finding.end));
        if !same_span {
            self.flush(sink)?;
        }
        self.advance(window, base, finding.start);
        sink.found(finding)?;
        let marker = finding.kind == Kind::SyntheticMarker;
        let subject = is_subject(finding.kind);
        if !(marker || subject) {
            return ControlFlow::Continue(());
        }
        let synthetic = matches!(finding.provenance, Provenance::Synthetic(_));
        match self.environment {
            Environment::Production if synthetic => self.queue(0, Kind::SyntheticLeak, finding),
            Environment::Synthetic if subject && !synthetic => {
                self.queue(1, Kind::RealDataInSynthetic, finding)
            }
            _ => {}
        }
        if subject && !synthetic {
            if self.has_marker {
                self.queue(2, Kind::Commingled, finding);
            }
            self.has_real = true;
        }
        if marker {
            if self.has_real {
                self.queue(2, Kind::Commingled, finding);
            }
            self.has_marker = true;
        }
        ControlFlow::Continue(())
    }

    fn queue(&mut self, slot: usize, kind: Kind, source: &Finding) {
        self.pending[slot] = Some(Finding { kind, ..*source });
    }

    /// Hands out the queued policy findings, in kind order.
    pub(crate) fn flush<S: Sink>(&mut self, sink: &mut S) -> ControlFlow<()> {
        for slot in &mut self.pending {
            if let Some(f) = slot.take() {
                sink.found(&f)?;
            }
        }
        ControlFlow::Continue(())
    }
}
