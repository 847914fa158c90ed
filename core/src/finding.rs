//! What a scan reports: [`Finding`], its [`Kind`], [`Subkind`] and [`Provenance`].
//!
//! A finding never holds the matched bytes, only their span, so it can be
//! logged, printed with `{:?}` or sent across threads without leaking the
//! value. Use [`Finding::masked`] to show a safe rendering of the match.

use core::fmt;

use crate::mask::Masked;

/// The family of sensitive data a finding belongs to.
///
/// The names returned by [`Kind::as_str`] are stable: the CLI, the bindings
/// and the shared test cases all use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A payment card number (primary account number): Luhn-valid and in a
    /// known issuer range with a length that issuer uses.
    Pan,
    /// A card security code (CVV2, CVC2, CID, CSC), recognised by context.
    Cvv,
    /// Magnetic-stripe track 1 or track 2 data (see [`Subkind::Track1`]).
    TrackData,
}

impl Kind {
    /// Every kind, in the order of their numeric codes.
    pub const ALL: [Kind; 3] = [Kind::Pan, Kind::Cvv, Kind::TrackData];

    /// The stable, lower-case name of the kind, e.g. `"pan"`.
    ///
    /// ```
    /// assert_eq!(leaksift::Kind::TrackData.as_str(), "track_data");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Pan => "pan",
            Kind::Cvv => "cvv",
            Kind::TrackData => "track_data",
        }
    }

    /// Looks a kind up by its stable name.
    ///
    /// ```
    /// assert_eq!(leaksift::Kind::from_name("cvv"), Some(leaksift::Kind::Cvv));
    /// ```
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refinement of the kind: the card brand, or the track number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Subkind {
    /// Nothing more specific is known.
    None,
    /// Visa.
    Visa,
    /// Mastercard, including the 2221–2720 range.
    Mastercard,
    /// American Express.
    Amex,
    /// Discover, including 644–649, 65 and 622126–622925.
    Discover,
    /// JCB (3528–3589).
    Jcb,
    /// Diners Club.
    DinersClub,
    /// China UnionPay.
    UnionPay,
    /// Maestro.
    Maestro,
    /// Mir (Russia).
    Mir,
    /// RuPay (India).
    RuPay,
    /// Elo (Brazil).
    Elo,
    /// Verve (Nigeria).
    Verve,
    /// Magnetic-stripe track 1 (`%B<PAN>^<NAME>^<YYMM><SC>...?`).
    Track1,
    /// Magnetic-stripe track 2 (`;<PAN>=<YYMM><SC>...?`).
    Track2,
}

impl Subkind {
    /// The stable, lower-case name, e.g. `"visa"`; `""` for [`Subkind::None`].
    ///
    /// ```
    /// assert_eq!(leaksift::Subkind::DinersClub.as_str(), "diners");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Subkind::None => "",
            Subkind::Visa => "visa",
            Subkind::Mastercard => "mastercard",
            Subkind::Amex => "amex",
            Subkind::Discover => "discover",
            Subkind::Jcb => "jcb",
            Subkind::DinersClub => "diners",
            Subkind::UnionPay => "unionpay",
            Subkind::Maestro => "maestro",
            Subkind::Mir => "mir",
            Subkind::RuPay => "rupay",
            Subkind::Elo => "elo",
            Subkind::Verve => "verve",
            Subkind::Track1 => "track1",
            Subkind::Track2 => "track2",
        }
    }
}

impl fmt::Display for Subkind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a value is believed to be synthetic (test or generated data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SyntheticReason {
    /// A documented test or reserved value (e.g. a processor's test card).
    TestValue,
    /// The record carries an explicit provenance marker.
    Marker,
    /// The value carries a keyed watermark of ours.
    Watermark,
}

impl SyntheticReason {
    /// The stable name of the reason, e.g. `"test_value"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SyntheticReason::TestValue => "test_value",
            SyntheticReason::Marker => "marker",
            SyntheticReason::Watermark => "watermark",
        }
    }
}

/// Where the value most likely came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provenance {
    /// Nothing says whether the value is real or synthetic. Treat it as real.
    #[default]
    Unknown,
    /// The value is known to be real (asserted by a policy, never guessed).
    Real,
    /// The value is synthetic, for the given reason.
    Synthetic(SyntheticReason),
}

impl Provenance {
    /// `"unknown"`, `"real"` or `"synthetic"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Provenance::Unknown => "unknown",
            Provenance::Real => "real",
            Provenance::Synthetic(_) => "synthetic",
        }
    }

    /// The reason when synthetic.
    pub const fn reason(self) -> Option<SyntheticReason> {
        match self {
            Provenance::Synthetic(reason) => Some(reason),
            _ => None,
        }
    }
}

/// One piece of sensitive data found in the input.
///
/// Spans are byte offsets into the scanned input, `start..end`. A finding is
/// plain data: it holds no reference to the input and never the raw value.
///
/// ```
/// use leaksift::{Kind, Scanner, Subkind};
///
/// let input = b"paid with card 4111 1111 1111 1111 today";
/// let findings = Scanner::default().scan_to_vec(input);
/// let pan = findings.iter().find(|f| f.kind == Kind::Pan).unwrap();
/// assert_eq!(pan.subkind, Subkind::Visa);
/// assert_eq!(&input[pan.start..pan.end], b"4111 1111 1111 1111");
/// assert_eq!(pan.masked(input).to_string(), "**** **** **** 1111");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// The card brand, track number or provider, when known.
    pub subkind: Subkind,
    /// Byte offset of the first byte of the match.
    pub start: usize,
    /// Byte offset one past the last byte of the match.
    pub end: usize,
    /// How sure the detector is, from 0 to 100.
    pub confidence: u8,
    /// Whether the value is real, synthetic or unknown.
    pub provenance: Provenance,
}

impl Finding {
    /// The span as a range, for slicing the input.
    pub const fn span(&self) -> core::ops::Range<usize> {
        self.start..self.end
    }

    /// Length of the match in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty (never true for a finding from a scan).
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// A display of the matched value with the default, PCI-safe mask: PANs
    /// keep their last four digits, everything else is masked whole, and
    /// separators stay where they were.
    ///
    /// `input` must be the buffer this finding came from; a span outside it
    /// renders as an empty string rather than panicking.
    pub fn masked<'h>(&self, input: &'h [u8]) -> Masked<'h> {
        Masked::new(self, input)
    }

    /// The order findings come out of a scan in: by start, then end, then kind.
    pub(crate) fn order_key(&self) -> (usize, usize, Kind) {
        (self.start, self.end, self.kind)
    }
}
