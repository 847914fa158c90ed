//! What a [`Scanner`](crate::Scanner) looks for: [`Config`] and [`DetectorSet`].

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::masking::Key;
use crate::provenance::watermark::WatermarkKey;
use crate::provenance::{Environment, Marker};

/// One detector that can be switched on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Detector {
    /// Payment card numbers ([`Kind::Pan`](crate::Kind::Pan)).
    Pan,
    /// Card security codes ([`Kind::Cvv`](crate::Kind::Cvv)).
    Cvv,
    /// Magnetic-stripe track data ([`Kind::TrackData`](crate::Kind::TrackData)).
    Track,
    /// US Social Security Numbers ([`Kind::Ssn`](crate::Kind::Ssn)).
    Ssn,
    /// US Individual Taxpayer Identification Numbers ([`Kind::Itin`](crate::Kind::Itin)).
    Itin,
    /// International Bank Account Numbers ([`Kind::Iban`](crate::Kind::Iban)).
    Iban,
    /// US ABA routing numbers ([`Kind::RoutingNumber`](crate::Kind::RoutingNumber)).
    Routing,
    /// E-mail addresses ([`Kind::Email`](crate::Kind::Email)).
    Email,
    /// Telephone numbers ([`Kind::Phone`](crate::Kind::Phone)).
    Phone,
    /// Credentials of every provider ([`Kind::Secret`](crate::Kind::Secret)).
    Secrets,
    /// Provenance markers such as `"is_synthetic": true`
    /// ([`Kind::SyntheticMarker`](crate::Kind::SyntheticMarker); see
    /// [`Config::markers`]).
    Markers,
}

impl Detector {
    /// Every detector.
    pub const ALL: [Detector; 11] = [
        Detector::Pan,
        Detector::Cvv,
        Detector::Track,
        Detector::Ssn,
        Detector::Itin,
        Detector::Iban,
        Detector::Routing,
        Detector::Email,
        Detector::Phone,
        Detector::Secrets,
        Detector::Markers,
    ];

    /// The detector's name as used in configuration: `"pan"`, `"cvv"`,
    /// `"track"`, `"ssn"`, `"itin"`, `"iban"`, `"routing"`, `"email"`,
    /// `"phone"`, `"secrets"`, `"markers"`.
    ///
    /// ```
    /// assert_eq!(leaksift::Detector::Routing.name(), "routing");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Detector::Pan => "pan",
            Detector::Cvv => "cvv",
            Detector::Track => "track",
            Detector::Ssn => "ssn",
            Detector::Itin => "itin",
            Detector::Iban => "iban",
            Detector::Routing => "routing",
            Detector::Email => "email",
            Detector::Phone => "phone",
            Detector::Secrets => "secrets",
            Detector::Markers => "markers",
        }
    }

    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// Every name [`DetectorSet::parse`] accepts (a test keeps it in sync with
/// [`Detector::ALL`]).
const KNOWN_DETECTORS: &str =
    "pan, cvv, track, ssn, itin, iban, routing, email, phone, secrets, markers, all";

/// A set of detectors, cheap to copy.
///
/// ```
/// use leaksift::{Detector, DetectorSet};
///
/// let set = DetectorSet::parse("pan, track").unwrap();
/// assert!(set.contains(Detector::Pan) && !set.contains(Detector::Cvv));
/// assert_eq!(DetectorSet::parse("all").unwrap(), DetectorSet::ALL);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DetectorSet(u32);

impl DetectorSet {
    /// No detector.
    pub const EMPTY: DetectorSet = DetectorSet(0);
    /// Every detector.
    pub const ALL: DetectorSet = {
        let mut bits = 0;
        let mut i = 0;
        while i < Detector::ALL.len() {
            bits |= Detector::ALL[i].bit();
            i += 1;
        }
        DetectorSet(bits)
    };

    /// This set with `detector` added.
    pub const fn with(self, detector: Detector) -> Self {
        DetectorSet(self.0 | detector.bit())
    }

    /// This set with `detector` removed.
    pub const fn without(self, detector: Detector) -> Self {
        DetectorSet(self.0 & !detector.bit())
    }

    /// Whether `detector` is in the set.
    pub const fn contains(self, detector: Detector) -> bool {
        self.0 & detector.bit() != 0
    }

    /// The detectors in the set.
    pub fn iter(self) -> impl Iterator<Item = Detector> {
        Detector::ALL.into_iter().filter(move |d| self.contains(*d))
    }

    /// Parses a comma-separated list of detector names (`"pan,cvv"`, `"all"`);
    /// names are case-insensitive and surrounding spaces are ignored.
    pub fn parse(list: &str) -> Result<Self, Error> {
        list.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .try_fold(DetectorSet::EMPTY, |set, name| {
                if name.eq_ignore_ascii_case("all") {
                    return Ok(DetectorSet::ALL);
                }
                Detector::ALL
                    .into_iter()
                    .find(|d| d.name().eq_ignore_ascii_case(name))
                    .map(|d| set.with(d))
                    .ok_or_else(|| {
                        ErrorKind::UnknownDetector {
                            name: name.to_owned(),
                            known: KNOWN_DETECTORS,
                        }
                        .into()
                    })
            })
    }
}

impl fmt::Debug for DetectorSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Detector::name))
            .finish()
    }
}

/// The configuration a [`Scanner`](crate::Scanner) is built from.
///
/// ```
/// use leaksift::{Config, DetectorSet, Scanner};
///
/// let config = Config::new()
///     .detectors(DetectorSet::parse("pan,cvv")?)
///     .context_window(48)
///     .min_confidence(60);
/// let scanner = Scanner::new(config)?;
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub(crate) detectors: DetectorSet,
    pub(crate) context_window: usize,
    pub(crate) min_confidence: u8,
    pub(crate) markers: Vec<Marker>,
    pub(crate) watermark: Option<WatermarkKey>,
    pub(crate) environment: Option<Environment>,
}

impl Config {
    /// The default context window: how many bytes before a match are read
    /// for words such as "card" or "order".
    pub const DEFAULT_CONTEXT_WINDOW: usize = 32;
    /// The largest context window allowed; wider windows make context words
    /// from unrelated fields count.
    pub const MAX_CONTEXT_WINDOW: usize = 256;
    /// The default minimum confidence: findings below it are not reported.
    pub const DEFAULT_MIN_CONFIDENCE: u8 = 50;

    /// Every detector on, default window and threshold.
    pub fn new() -> Self {
        Config {
            detectors: DetectorSet::ALL,
            context_window: Self::DEFAULT_CONTEXT_WINDOW,
            min_confidence: Self::DEFAULT_MIN_CONFIDENCE,
            markers: Marker::defaults(),
            watermark: None,
            environment: None,
        }
    }

    /// Which detectors run.
    pub fn detectors(mut self, detectors: DetectorSet) -> Self {
        self.detectors = detectors;
        self
    }

    /// How many bytes before a match count as its context
    /// (0..=[`Config::MAX_CONTEXT_WINDOW`]; checked by `Scanner::new`).
    pub fn context_window(mut self, bytes: usize) -> Self {
        self.context_window = bytes;
        self
    }

    /// Findings with a lower confidence (0..=100) are not reported.
    pub fn min_confidence(mut self, confidence: u8) -> Self {
        self.min_confidence = confidence;
        self
    }

    /// The provenance markers the [`Detector::Markers`] detector looks for
    /// (default: [`Marker::defaults`]); an empty list finds none.
    pub fn markers(mut self, markers: Vec<Marker>) -> Self {
        self.markers = markers;
        self
    }

    /// Recognise values watermarked under `key` (made by a
    /// [`Generator`](crate::Generator) with the same key): they are
    /// reported as [`Synthetic(Watermark)`](crate::SyntheticReason::Watermark).
    /// Only a key derived from `key` is kept; it is wiped when the
    /// configuration is dropped and never printed.
    ///
    /// ```
    /// use leaksift::{Config, Key};
    ///
    /// let config = Config::new().watermark_key(&Key::from_bytes(&[1; 16])?);
    /// assert!(!format!("{config:?}").contains("1, 1"));
    /// # Ok::<(), leaksift::Error>(())
    /// ```
    pub fn watermark_key(mut self, key: &Key) -> Self {
        self.watermark = Some(WatermarkKey::derive(key));
        self
    }

    /// Declares what the scanned data is, which turns on the commingling
    /// policy (see the [`provenance`](crate::provenance) module). Default:
    /// no policy.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.context_window > Self::MAX_CONTEXT_WINDOW {
            return Err(ErrorKind::OutOfRange {
                setting: "context_window",
                allowed: "at most 256 bytes",
                value: self.context_window as u64,
            }
            .into());
        }
        if self.min_confidence > 100 {
            return Err(ErrorKind::OutOfRange {
                setting: "min_confidence",
                allowed: "between 0 and 100",
                value: u64::from(self.min_confidence),
            }
            .into());
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_list_names_every_detector() {
        let listed: Vec<&str> = KNOWN_DETECTORS.split(", ").collect();
        let mut expected: Vec<&str> = Detector::ALL.iter().map(|d| d.name()).collect();
        expected.push("all");
        assert_eq!(listed, expected);
    }

    #[test]
    fn every_name_parses_to_its_detector() {
        for detector in Detector::ALL {
            let set = DetectorSet::parse(&detector.name().to_uppercase()).unwrap();
            assert_eq!(set, DetectorSet::EMPTY.with(detector));
        }
        let set = DetectorSet::parse("ssn, secrets ,email").unwrap();
        assert_eq!(
            set.iter().map(Detector::name).collect::<Vec<_>>(),
            ["ssn", "email", "secrets"]
        );
    }
}
