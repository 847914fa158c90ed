//! Synthetic-data provenance: telling test and generated data from real
//! data, and keeping the two apart.
//!
//! Four mechanisms, each usable alone:
//!
//! 1. **Test values** (`catalogue`): documented test card numbers,
//!    reserved and never-issued SSNs, fictional phone ranges, reserved
//!    domains, registry example IBANs and documented example credentials.
//!    Findings on them have provenance
//!    [`Synthetic(TestValue)`](crate::SyntheticReason::TestValue).
//! 2. **Markers** ([`Marker`]): `"data_provenance": "synthetic"`,
//!    `"is_synthetic": true`, `X-Data-Provenance: synthetic`, a CSV column
//!    named `is_synthetic`... yield [`Kind::SyntheticMarker`] findings
//!    (detector [`Detector::Markers`]).
//! 3. **Keyed watermarks** ([`Generator`]): realistic values whose digits
//!    carry an HMAC of the rest under a secret key. A scanner given the key
//!    ([`Config::watermark_key`]) reports them as
//!    [`Synthetic(Watermark)`](crate::SyntheticReason::Watermark); see
//!    [Watermarks](#watermarks) below.
//! 4. **Commingling policy** ([`Environment`], [`Config::environment`]).
//!
//! # Watermarks
//! A watermark is a few digits of the value computed from the rest of it:
//! `HMAC-SHA-256(K, label || 0 || rest)` read as a big-endian `u64`, reduced
//! modulo the number of values those digits can take. `K` is derived from
//! the user's [`Key`](crate::Key) (`HMAC-SHA-256(key, "leaksift watermark
//! v1")`). The check digits (Luhn, mod-97) are computed after the watermark,
//! so generated values pass every validator.
//!
//! | kind | watermark digits | computed from | false match for a real value |
//! |---|---|---|---|
//! | card number | the 6 digits before the Luhn check digit | all digits before them (issuer prefix, account) | 1 in 10^6 |
//! | SSN | the serial (last 4 digits, 0001–9999) | area and group | 1 in 9,999 |
//! | IBAN | the last 6 BBAN characters (digits) | country code and the rest of the BBAN | 1 in 10^6 (0 when they are not all digits) |
//! | e-mail | the last 6 characters of the local part (digits) | the rest of the local part and the domain, lower-cased | 1 in 10^6 for addresses whose local part ends in 6 digits, 0 otherwise |
//! | phone (NANP) | the line number (last 4 digits) | area code and exchange | 1 in 10^4 |
//!
//! The false-match probability is the chance that a real value which
//! happens to have the right shape carries the right digits: the HMAC is a
//! pseudo-random function of the rest of the value, so each real value
//! matches with probability 1 / (number of watermark values). For card
//! numbers it is measured over 10^7 random valid numbers by the ignored test
//! `watermark_false_match_rate_10_million` (and over 10^6 in CI).
//!
//! Measured for card numbers: 14 watermark matches among 10^7 random
//! Luhn-valid 16-digit numbers under a key that did not make them (1.4 in
//! 10^6; 10 expected; the ignored test
//! `watermark_false_match_rate_10_million`, run with `cargo test --release
//! -p leaksift --lib watermark_false_match -- --include-ignored`). A CI test
//! checks at most 10 in 10^6.
//!
//! # Commingling policy
//! A record is a line (JSON lines, CSV rows, log lines; a line break ends
//! a record, so a CSV field with an embedded line break splits one). The
//! policy judges *subjects* (card numbers, track data, identifiers,
//! e-mails, phones, credentials; not security codes, which carry no
//! provenance) and markers, after the confidence threshold:
//!
//! - [`Environment::Production`]: each synthetic subject (test value or
//!   watermark) and each marker gives a [`Kind::SyntheticLeak`] finding;
//! - [`Environment::Synthetic`]: each subject that is not synthetic gives a
//!   [`Kind::RealDataInSynthetic`] finding;
//! - either environment: a record holding both a marker and a subject that
//!   is not synthetic gives [`Kind::Commingled`], reported on the finding
//!   that completes the conflict: every non-synthetic subject after a
//!   marker in the record, and every marker after a non-synthetic subject.
//!   So a commingled record has at least one such finding, and the scan
//!   never has to look ahead.
//!
//! A policy finding repeats the span, subkind, confidence and provenance of
//! the finding it is about and comes right after every detector finding of
//! that same span (policy kinds sort after detector kinds), so findings stay
//! in span order. The policy's state is three flags and a position, so
//! scanning still allocates nothing, and a
//! [`StreamScanner`](crate::StreamScanner) carries it across chunks, so
//! records may straddle chunks of any size.
//!
//! ```
//! use leaksift::{Config, Environment, Kind, Scanner};
//!
//! let scanner = Scanner::new(Config::new().environment(Environment::Production))?;
//! let export = b"{\"card\":\"4111 1111 1111 1111\"}\n{\"card\":\"4526 0181 5908 3012\"}\n";
//! let kinds: Vec<Kind> = scanner.scan_to_vec(export).iter().map(|f| f.kind).collect();
//! // The first record holds Visa's published test number: a synthetic leak.
//! assert_eq!(kinds, [Kind::Pan, Kind::SyntheticLeak, Kind::Pan]);
//! # Ok::<(), leaksift::Error>(())
//! ```
//!
//! [`Detector::Markers`]: crate::Detector::Markers
//! [`Config::watermark_key`]: crate::Config::watermark_key
//! [`Config::environment`]: crate::Config::environment
//! [`Kind::SyntheticMarker`]: crate::Kind::SyntheticMarker
//! [`Kind::SyntheticLeak`]: crate::Kind::SyntheticLeak
//! [`Kind::RealDataInSynthetic`]: crate::Kind::RealDataInSynthetic
//! [`Kind::Commingled`]: crate::Kind::Commingled

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, ErrorKind};

pub(crate) mod catalogue;
pub(crate) mod markers;
pub(crate) mod policy;
pub(crate) mod watermark;

pub use markers::Marker;
pub use watermark::Generator;

/// What a scanned data set is declared to be, for the commingling policy.
///
/// ```
/// use leaksift::Environment;
///
/// assert_eq!("production".parse::<Environment>()?, Environment::Production);
/// assert_eq!(Environment::Synthetic.as_str(), "synthetic");
/// assert!("staging".parse::<Environment>().is_err());
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Real customer data: synthetic values and markers are leaks.
    Production,
    /// A test or training data set: real values are leaks.
    Synthetic,
}

impl Environment {
    /// `"production"` or `"synthetic"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Synthetic => "synthetic",
        }
    }
}

impl FromStr for Environment {
    type Err = Error;

    /// Parses `"production"` or `"synthetic"` (case-insensitive).
    fn from_str(name: &str) -> Result<Environment, Error> {
        [Environment::Production, Environment::Synthetic]
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                ErrorKind::UnknownEnvironment {
                    name: name.to_owned(),
                }
                .into()
            })
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
