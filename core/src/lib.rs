//! leaksift finds cardholder data, personal identifiers, credentials and
//! synthetic test data in byte streams, fast and without allocating.
//!
//! # Example
//! ```
//! use leaksift::{Kind, Scanner};
//!
//! let scanner = Scanner::default(); // every detector on
//! let record = br#"{"case":"customer read 4111-1111-1111-1111 exp 12/27 cvv 123"}"#;
//! for finding in scanner.scan_to_vec(record) {
//!     println!("{} {} at {}..{}: {}", finding.kind, finding.subkind,
//!              finding.start, finding.end, finding.masked(record));
//! }
//! # assert_eq!(scanner.scan_to_vec(record).len(), 2);
//! ```
//!
//! # Architecture
//! - [`Scanner`] (module `scanner`): built once from a [`Config`], runs the
//!   detector cursors over the input and merges their findings in span order
//!   into a [`Sink`].
//! - `cards`: card numbers, security codes and track data.
//! - `identifiers`: SSNs, ITINs, IBANs, routing numbers, e-mail addresses
//!   and phone numbers.
//! - `secrets`: provider keys and tokens, private keys, JWTs, URL
//!   passwords, and random values assigned to key-like names.
//! - [`provenance`]: synthetic-data provenance: the catalogue of documented
//!   test values, provenance [`Marker`]s, keyed watermarks and their
//!   [`Generator`], and the commingling policy ([`Environment`]).
//! - `simd`: the block classifiers that let detectors skip what cannot match.
//! - `context`: words before a match that raise or lower confidence.
//! - `structure`: JSON keys, CSV/TSV headers, query strings, form bodies
//!   and HTTP header lines as the context of their values (rules and
//!   limits there; summarised below).
//! - [`StreamScanner`] (module `stream`): chunked input, same findings as a
//!   one-shot scan, bounded memory.
//! - [`Finding`], [`Kind`], [`Subkind`], [`Provenance`]: what a scan reports.
//! - `masking`: [`Policy`] and [`Masker`]: masking, redaction, FF1
//!   tokenization and HMAC pseudonymization of findings, with [`Key`].
//! - [`StreamMasker`] and [`MaskWriter`]: masking of chunked input, equal
//!   to masking the whole input at once, in bounded memory.
//! - [`Masked`]: safe display of a finding's value (the default mask).
//!
//! # Guarantees
//! - [`Scanner::scan`] performs no heap allocation (a test proves it).
//! - Findings come out ordered by start, then end, then kind, and one kind
//!   never reports the same bytes twice (except the commingling-policy
//!   kinds, which repeat the spans of the findings they are about, so that
//!   a policy finding on track data overlaps the one on its card number).
//! - [`Scanner::scan`] with an [`Environment`] or a watermark key still
//!   allocates nothing; watermark keys are wiped on drop and never printed.
//! - Any byte slice is valid input; scanning never panics.
//! - Nothing prints a raw value: findings hold spans, not values, and
//!   [`Finding::masked`] shows only what PCI DSS allows.
//! - [`Masker::mask_in_place`], [`Masker::mask_into`] and
//!   [`Masker::apply_in_place`] perform no heap allocation; nothing prints a
//!   [`Key`].

#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

mod cards;
mod config;
mod context;
mod error;
mod finding;
mod identifiers;
mod mask;
mod masking;
pub mod provenance;
mod scanner;
mod secrets;
mod simd;
mod stream;
mod structure;

pub use cards::{card_brand, luhn_check_digit, luhn_valid};
pub use config::{Config, Detector, DetectorSet};
pub use error::{Error, ErrorKind};
pub use finding::{Finding, Kind, Provenance, Subkind, SyntheticReason};
pub use mask::{Masked, MASK_CHAR};
pub use masking::{
    Action, CardTokens, Key, LuhnMode, MaskSummary, MaskWriter, Masker, OnFailure, Policy,
    StreamMasker, MAX_IN_PLACE_SPANS, MAX_TWEAK,
};
pub use provenance::{Environment, Generator, Marker};
pub use scanner::{Scanner, Sink};
pub use stream::{Margins, StreamScanner};

/// Internals for the fuzz targets (`fuzz/`), behind the `fuzzing` feature:
/// not a public API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::masking::ff1::{Ff1, Ff1Error, MAX_LEN, MAX_TWEAK_LEN, MIN_DOMAIN_SIZE};
}

/// Seeded random numbers for the unit tests' generated inputs (xorshift64):
/// the same inputs on every run, so a failure repeats.
#[cfg(test)]
pub(crate) struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    /// A generator from a nonzero seed.
    pub(crate) fn new(seed: u64) -> Self {
        assert_ne!(seed, 0, "xorshift stays at zero");
        TestRng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
