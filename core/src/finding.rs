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
    /// A US Social Security Number: `123-45-6789`, `123 45 6789`, or nine
    /// digits after a word such as "SSN". Areas 000, 666 and 900–999 (when
    /// not an ITIN) are never issued: they are reported as synthetic test
    /// values. Group 00 and serial 0000 are never reported.
    Ssn,
    /// A US Individual Taxpayer Identification Number: nine digits starting
    /// with 9 whose fourth and fifth digits are in an IRS-assigned range.
    Itin,
    /// An International Bank Account Number of a country in the IBAN
    /// registry, with that country's length and structure and a valid
    /// mod-97 check; printed contiguous or in groups of four, in either case.
    Iban,
    /// A US ABA routing transit number (3-7-1 checksum and an assigned
    /// Federal Reserve prefix), only where a word such as "routing" names it.
    RoutingNumber,
    /// An e-mail address.
    Email,
    /// A telephone number: North American ([`Subkind::Nanp`]) or
    /// international with a `+` ([`Subkind::E164`]).
    Phone,
    /// A credential: an API key, token, password or private key. The
    /// [`Subkind`] names the provider or shape.
    Secret,
    /// An explicit provenance marker saying its record is synthetic
    /// (`"data_provenance": "synthetic"`, `"is_synthetic": true`, an
    /// `X-Data-Provenance: synthetic` header, an `is_synthetic` CSV column).
    /// Its provenance is [`SyntheticReason::Marker`]; it holds no sensitive
    /// value and is never masked.
    SyntheticMarker,
    /// Commingling policy, environment `production`: a synthetic value (test
    /// value, watermark) or marker in production data. Spans the offending
    /// finding, whose subkind and provenance it repeats.
    SyntheticLeak,
    /// Commingling policy, environment `synthetic`: a card number,
    /// identifier or credential that is not recognised as synthetic in a
    /// test or training data set. Spans the offending finding.
    RealDataInSynthetic,
    /// Commingling policy, either environment: one record holds both a
    /// provenance marker and a value that is not synthetic. Reported on the
    /// finding that completes the conflict (see the `provenance` module).
    Commingled,
}

impl Kind {
    /// Every kind, in the order of their numeric codes.
    pub const ALL: [Kind; 14] = [
        Kind::Pan,
        Kind::Cvv,
        Kind::TrackData,
        Kind::Ssn,
        Kind::Itin,
        Kind::Iban,
        Kind::RoutingNumber,
        Kind::Email,
        Kind::Phone,
        Kind::Secret,
        Kind::SyntheticMarker,
        Kind::SyntheticLeak,
        Kind::RealDataInSynthetic,
        Kind::Commingled,
    ];

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
            Kind::Ssn => "ssn",
            Kind::Itin => "itin",
            Kind::Iban => "iban",
            Kind::RoutingNumber => "routing_number",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Secret => "secret",
            Kind::SyntheticMarker => "synthetic_marker",
            Kind::SyntheticLeak => "synthetic_leak",
            Kind::RealDataInSynthetic => "real_data_in_synthetic",
            Kind::Commingled => "commingled",
        }
    }

    /// Whether findings of this kind cover a sensitive value (card data, an
    /// identifier, a credential). Markers and commingling-policy findings
    /// do not: maskers leave them alone.
    ///
    /// ```
    /// use leaksift::Kind;
    /// assert!(Kind::Pan.is_sensitive());
    /// assert!(!Kind::SyntheticMarker.is_sensitive() && !Kind::Commingled.is_sensitive());
    /// ```
    pub const fn is_sensitive(self) -> bool {
        !matches!(
            self,
            Kind::SyntheticMarker
                | Kind::SyntheticLeak
                | Kind::RealDataInSynthetic
                | Kind::Commingled
        )
    }

    /// Whether this kind comes from the commingling policy
    /// ([`Config::environment`](crate::Config::environment)) rather than
    /// from a detector.
    ///
    /// ```
    /// assert!(leaksift::Kind::SyntheticLeak.is_policy());
    /// assert!(!leaksift::Kind::SyntheticMarker.is_policy());
    /// ```
    pub const fn is_policy(self) -> bool {
        matches!(
            self,
            Kind::SyntheticLeak | Kind::RealDataInSynthetic | Kind::Commingled
        )
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

/// A refinement of the kind: the card brand, the track number, the phone
/// numbering plan, or the provider of a secret.
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
    /// A North American Numbering Plan phone number (`(212) 555-0147`,
    /// `+1 212 555 0147`).
    Nanp,
    /// An international phone number written with `+` and a country code
    /// (`+44 20 7946 0958`).
    E164,
    /// An AWS access key id (`AKIA…`, `ASIA…`, `ABIA…`, `ACCA…`).
    AwsAccessKeyId,
    /// An AWS secret access key, recognised by the name it is assigned to.
    AwsSecretAccessKey,
    /// A Stripe secret key (`sk_live_…`; `sk_test_…` is reported as a test value).
    StripeSecretKey,
    /// A Stripe restricted key (`rk_live_…`, `rk_test_…`).
    StripeRestrictedKey,
    /// A Stripe webhook signing secret (`whsec_…`).
    StripeWebhookSecret,
    /// A GitHub token: classic (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, with
    /// a valid checksum) or fine-grained (`github_pat_…`).
    GithubToken,
    /// A Slack token (`xoxb-…`, `xoxp-…`, `xapp-…` and the other `xox` types).
    SlackToken,
    /// A Slack incoming-webhook URL (`https://hooks.slack.com/services/T…/B…/…`).
    SlackWebhook,
    /// A Google API key (`AIza…`).
    GoogleApiKey,
    /// A Salesforce session id or OAuth access token (`00D…!…`).
    SalesforceSession,
    /// A Salesforce connected-app consumer secret, recognised by the name it
    /// is assigned to.
    SalesforceConsumerSecret,
    /// A PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, PGP), from its
    /// `-----BEGIN` line to its `-----END` line.
    PrivateKey,
    /// A JSON Web Token (three base64url parts; the header names an `alg`).
    Jwt,
    /// The password in a URL (`scheme://user:password@host`).
    UrlPassword,
    /// A random-looking value assigned to a key-like name (`api_key = "…"`,
    /// `"client_secret": "…"`, `password=…`).
    Generic,
}

impl Subkind {
    /// The card brands a [`Kind::Pan`] finding can have, as they stand in
    /// [`Subkind::ALL`].
    ///
    /// ```
    /// use leaksift::Subkind;
    ///
    /// assert_eq!(Subkind::CARD_BRANDS.len(), 12);
    /// assert_eq!(Subkind::CARD_BRANDS[0], Subkind::Visa);
    /// ```
    pub const CARD_BRANDS: &'static [Subkind] = Subkind::ALL.split_at(13).0.split_at(1).1;

    /// Every subkind, [`Subkind::None`] first.
    pub const ALL: [Subkind; 32] = [
        Subkind::None,
        Subkind::Visa,
        Subkind::Mastercard,
        Subkind::Amex,
        Subkind::Discover,
        Subkind::Jcb,
        Subkind::DinersClub,
        Subkind::UnionPay,
        Subkind::Maestro,
        Subkind::Mir,
        Subkind::RuPay,
        Subkind::Elo,
        Subkind::Verve,
        Subkind::Track1,
        Subkind::Track2,
        Subkind::Nanp,
        Subkind::E164,
        Subkind::AwsAccessKeyId,
        Subkind::AwsSecretAccessKey,
        Subkind::StripeSecretKey,
        Subkind::StripeRestrictedKey,
        Subkind::StripeWebhookSecret,
        Subkind::GithubToken,
        Subkind::SlackToken,
        Subkind::SlackWebhook,
        Subkind::GoogleApiKey,
        Subkind::SalesforceSession,
        Subkind::SalesforceConsumerSecret,
        Subkind::PrivateKey,
        Subkind::Jwt,
        Subkind::UrlPassword,
        Subkind::Generic,
    ];

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
            Subkind::Nanp => "nanp",
            Subkind::E164 => "e164",
            Subkind::AwsAccessKeyId => "aws_access_key_id",
            Subkind::AwsSecretAccessKey => "aws_secret_access_key",
            Subkind::StripeSecretKey => "stripe_secret_key",
            Subkind::StripeRestrictedKey => "stripe_restricted_key",
            Subkind::StripeWebhookSecret => "stripe_webhook_secret",
            Subkind::GithubToken => "github_token",
            Subkind::SlackToken => "slack_token",
            Subkind::SlackWebhook => "slack_webhook",
            Subkind::GoogleApiKey => "google_api_key",
            Subkind::SalesforceSession => "salesforce_session",
            Subkind::SalesforceConsumerSecret => "salesforce_consumer_secret",
            Subkind::PrivateKey => "private_key",
            Subkind::Jwt => "jwt",
            Subkind::UrlPassword => "url_password",
            Subkind::Generic => "generic",
        }
    }
}

impl Subkind {
    /// Looks a subkind up by its stable name (`""` is [`Subkind::None`]).
    ///
    /// ```
    /// use leaksift::Subkind;
    /// assert_eq!(Subkind::from_name("github_token"), Some(Subkind::GithubToken));
    /// assert_eq!(Subkind::from_name("nope"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Subkind> {
        Subkind::ALL.into_iter().find(|s| s.as_str() == name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(Kind::from_name(kind.as_str()), Some(*kind));
            assert!(Kind::ALL[..i].iter().all(|k| k.as_str() != kind.as_str()));
        }
        for (i, sub) in Subkind::ALL.iter().enumerate() {
            assert_eq!(Subkind::from_name(sub.as_str()), Some(*sub));
            assert!(Subkind::ALL[..i].iter().all(|s| s.as_str() != sub.as_str()));
        }
    }

    #[test]
    fn all_lists_are_in_declaration_order() {
        // `order_key` sorts by `Kind`; the lists must agree with that order.
        assert!(Kind::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Subkind::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
