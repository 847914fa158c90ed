//! Keyed watermarks: synthetic values that look real, pass every validator,
//! and can be told apart from real values only with the key.
//!
//! # Scheme
//! A watermark is a few digits of the value computed from the rest of it:
//! `HMAC-SHA-256(K, label || 0 || rest)` read as a big-endian `u64`, reduced
//! modulo the number of values the watermark digits can take. `K` is derived
//! from the user's [`Key`](crate::Key) (`HMAC-SHA-256(key, "leaksift
//! watermark v1")`), so the same key file can serve tokenization and
//! watermarks without using one key for two purposes.
//!
//! The digits each kind carries and the false-match probability of a real
//! value are tabulated in the [`provenance`](crate::provenance) module docs.
//!
//! Without the key (or with another key) the digits are uniformly
//! distributed, so watermarked values are indistinguishable from real ones.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::cards::{brand_of, luhn_check_digit, luhn_valid, ranges_of};
use crate::error::{Error, ErrorKind};
use crate::finding::{Kind, Subkind};
use crate::identifiers::validate;
use crate::masking::Key;
use crate::provenance::catalogue;

type HmacSha256 = Hmac<Sha256>;

/// The derived watermark key, as kept in a [`Config`](crate::Config):
/// wiped on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct WatermarkKey(Zeroizing<[u8; 32]>);

impl WatermarkKey {
    pub(crate) fn derive(key: &Key) -> WatermarkKey {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key.as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"leaksift watermark v1");
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&mac.finalize().into_bytes());
        WatermarkKey(bytes)
    }
}

impl fmt::Debug for WatermarkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WatermarkKey(<redacted>)")
    }
}

/// Computes and checks watermarks. Holds the keyed HMAC state (two SHA-256
/// cores, wiped on drop by sha2's `zeroize` feature); each check clones it,
/// so checking allocates nothing.
#[derive(Clone)]
pub(crate) struct Watermarker {
    mac: HmacSha256,
}

impl fmt::Debug for Watermarker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Watermarker(<redacted>)")
    }
}

/// Longest value read for a watermark, in digits (card numbers).
const MAX_DIGITS: usize = 19;

impl Watermarker {
    pub(crate) fn new(key: &WatermarkKey) -> Watermarker {
        let mac = <HmacSha256 as KeyInit>::new_from_slice(&key.0[..])
            .expect("HMAC takes keys of any length");
        Watermarker { mac }
    }

    /// The watermark of `parts` under `label`, reduced modulo `modulus`.
    fn tag(&self, label: &[u8], parts: &[&[u8]], modulus: u64) -> u64 {
        let mut mac = self.mac.clone();
        mac.update(label);
        mac.update(&[0]);
        for part in parts {
            mac.update(part);
        }
        let out = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&out[..8]);
        u64::from_be_bytes(first) % modulus
    }

    /// The e-mail watermark: the local part (without its last six
    /// characters) and the domain, lower-cased.
    fn email_tag(&self, local: &[u8], domain: &[u8]) -> u64 {
        let mut mac = self.mac.clone();
        mac.update(b"email");
        mac.update(&[0]);
        let mut chunk = [0u8; 64];
        for part in [local, b"@".as_slice(), domain] {
            for piece in part.chunks(chunk.len()) {
                let buf = &mut chunk[..piece.len()];
                buf.copy_from_slice(piece);
                buf.make_ascii_lowercase();
                mac.update(buf);
            }
        }
        let out = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&out[..8]);
        u64::from_be_bytes(first) % 1_000_000
    }

    /// Whether `value` (the bytes of a finding of `kind`) carries this
    /// key's watermark.
    pub(crate) fn marks(&self, kind: Kind, value: &[u8]) -> bool {
        match kind {
            Kind::Pan => digits_of(value).is_some_and(|(d, n)| self.pan_marked(&d[..n])),
            Kind::TrackData => {
                // The card number is the first digit run (after `%B` or `;`).
                let start = value
                    .iter()
                    .position(u8::is_ascii_digit)
                    .unwrap_or(value.len());
                let run = value[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                self.pan_marked(&value[start..start + run])
            }
            Kind::Ssn => digits_of(value).is_some_and(|(d, n)| n == 9 && self.ssn_marked(&d[..9])),
            Kind::Phone => digits_of(value).is_some_and(|(d, n)| match n {
                10 => self.phone_marked(&d[..10]),
                11 if d[0] == b'1' => self.phone_marked(&d[1..11]),
                _ => false,
            }),
            Kind::Iban => self.iban_marked(value),
            Kind::Email => self.email_marked(value),
            _ => false,
        }
    }

    fn pan_marked(&self, digits: &[u8]) -> bool {
        if !(13..=MAX_DIGITS).contains(&digits.len()) {
            return false;
        }
        let split = digits.len() - 7;
        decimal(&digits[split..split + 6])
            .is_some_and(|w| w == self.tag(b"pan", &[&digits[..split]], 1_000_000))
    }

    fn ssn_marked(&self, digits: &[u8]) -> bool {
        decimal(&digits[5..9]).is_some_and(|w| w == 1 + self.tag(b"ssn", &[&digits[..5]], 9_999))
    }

    fn phone_marked(&self, digits: &[u8]) -> bool {
        decimal(&digits[6..10]).is_some_and(|w| w == self.tag(b"phone", &[&digits[..6]], 10_000))
    }

    fn iban_marked(&self, value: &[u8]) -> bool {
        let mut compact = [0u8; 34];
        let mut n = 0;
        for &b in value.iter().filter(|b| b.is_ascii_alphanumeric()) {
            let Some(slot) = compact.get_mut(n) else {
                return false;
            };
            *slot = b.to_ascii_uppercase();
            n += 1;
        }
        if n < 11 {
            return false;
        }
        let c = &compact[..n];
        decimal(&c[n - 6..])
            .is_some_and(|w| w == self.tag(b"iban", &[&c[..2], &c[4..n - 6]], 1_000_000))
    }

    fn email_marked(&self, value: &[u8]) -> bool {
        let Some(at) = value.iter().rposition(|&b| b == b'@') else {
            return false;
        };
        let (local, domain) = (&value[..at], &value[at + 1..]);
        if local.len() < 7 {
            return false;
        }
        let split = local.len() - 6;
        decimal(&local[split..]).is_some_and(|w| w == self.email_tag(&local[..split], domain))
    }
}

/// The ASCII digits of `value`, separators skipped; `None` past 19 digits.
fn digits_of(value: &[u8]) -> Option<([u8; MAX_DIGITS], usize)> {
    let mut out = [0u8; MAX_DIGITS];
    let mut n = 0;
    for &b in value.iter().filter(|b| b.is_ascii_digit()) {
        *out.get_mut(n)? = b;
        n += 1;
    }
    Some((out, n))
}

/// The number `digits` spell, when they are all ASCII digits.
fn decimal(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &d| {
        d.is_ascii_digit().then(|| acc * 10 + u64::from(d - b'0'))
    })
}

/// Makes synthetic values that look real and carry a keyed watermark:
/// card numbers of a chosen brand (Luhn-valid, in the brand's issuer
/// ranges), SSNs in issued ranges, IBANs of a chosen country (registry
/// structure, mod-97), e-mail addresses and NANP phone numbers. A
/// [`Scanner`](crate::Scanner) configured with the same key
/// ([`Config::watermark_key`](crate::Config::watermark_key)) reports them
/// as [`SyntheticReason::Watermark`](crate::SyntheticReason::Watermark);
/// without it they are ordinary findings.
///
/// The same key and seed always give the same values. The false-match rates
/// per kind are in the [`provenance`](crate::provenance) module
/// documentation.
///
/// ```
/// use leaksift::{Config, Generator, Key, Kind, Provenance, Scanner, Subkind, SyntheticReason};
///
/// let key = Key::from_bytes(&[7; 32])?;
/// let mut gen = Generator::new(&key, 42);
/// let card = gen.pan(Subkind::Visa)?;
/// assert!(leaksift::luhn_valid(card.as_bytes()));
///
/// let scanner = Scanner::new(Config::new().watermark_key(&key))?;
/// let text = format!("card {card}");
/// let found = scanner.scan_to_vec(text.as_bytes());
/// assert_eq!(found[0].kind, Kind::Pan);
/// assert_eq!(found[0].provenance, Provenance::Synthetic(SyntheticReason::Watermark));
///
/// // Without the key it is just a card number.
/// let plain = Scanner::default().scan_to_vec(text.as_bytes());
/// assert_eq!(plain[0].provenance, Provenance::Unknown);
/// # Ok::<(), leaksift::Error>(())
/// ```
pub struct Generator {
    marker: Watermarker,
    state: u64,
}

impl Drop for Generator {
    /// The random state is derived from the key: wiped like the key.
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl fmt::Debug for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Generator(<redacted>)")
    }
}

/// Tries before a generator gives up on a brand or country (a value is
/// redrawn when it lands in a catalogued test value or another brand's
/// carved-out range).
const MAX_TRIES: usize = 10_000;

/// Fictitious companies' domains (the names documentation uses), so that
/// generated addresses look like a CRM's and are not reserved test domains.
const EMAIL_DOMAINS: &[&str] = &[
    "contoso.com",
    "fabrikam.net",
    "northwindtraders.com",
    "adventure-works.com",
    "tailspintoys.com",
    "wingtiptoys.com",
    "litwareinc.com",
    "adatum.com",
];

impl Generator {
    /// A generator for `key`, deterministic for `(key, seed)`.
    pub fn new(key: &Key, seed: u64) -> Generator {
        let marker = Watermarker::new(&WatermarkKey::derive(key));
        let state = marker.tag(b"seed", &[&seed.to_be_bytes()], u64::MAX);
        Generator { marker, state }
    }

    /// The next pseudo-random `u64` (SplitMix64 seeded from the key and
    /// seed; fine for test data, not for secrets).
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A pseudo-random number below `n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn digit(&mut self) -> u8 {
        b'0' + self.below(10) as u8
    }

    /// A watermarked card number of `brand`, contiguous ASCII digits: 16
    /// digits when the brand issues them, else its usual length (15 for
    /// American Express).
    ///
    /// Fails for a subkind that is not a card brand.
    pub fn pan(&mut self, brand: Subkind) -> Result<String, Error> {
        let ranges: Vec<(u32, u32, u32)> = ranges_of(brand).collect();
        let Some(&(_, _, lengths)) = ranges.first() else {
            return Err(ErrorKind::CannotGenerate {
                what: "card number",
                reason: format!("{brand:?} is not a card brand"),
            }
            .into());
        };
        let len = if lengths & (1 << 16) != 0 {
            16
        } else {
            (13..=19).find(|n| lengths & (1 << n) != 0).unwrap_or(16)
        };
        for _ in 0..MAX_TRIES {
            let (low, high, _) = ranges[self.below(ranges.len() as u64) as usize];
            let prefix = low + self.below(u64::from(high - low) + 1) as u32;
            let mut digits = format!("{prefix:06}").into_bytes();
            while digits.len() < len - 7 {
                digits.push(self.digit());
            }
            let tag = self.marker.tag(b"pan", &[&digits], 1_000_000);
            digits.extend_from_slice(format!("{tag:06}").as_bytes());
            digits.push(luhn_check_digit(&digits));
            if brand_of(&digits) == Some(brand) && !catalogue::pan(&digits) {
                debug_assert!(luhn_valid(&digits));
                return Ok(String::from_utf8(digits).expect("ASCII digits"));
            }
        }
        Err(ErrorKind::CannotGenerate {
            what: "card number",
            reason: format!("no free prefix found for {brand:?}"),
        }
        .into())
    }

    /// A watermarked SSN, `ddd-dd-dddd`, in the ranges SSA issues (area
    /// 001–665 or 667–899, group 01–99) and outside the test-value
    /// catalogue.
    pub fn ssn(&mut self) -> String {
        loop {
            let area = 1 + self.below(899);
            if area == 666 {
                continue;
            }
            let group = 1 + self.below(99);
            let head = format!("{area:03}{group:02}");
            let serial = 1 + self.marker.tag(b"ssn", &[head.as_bytes()], 9_999);
            let digits = format!("{head}{serial:04}");
            let nine: &[u8; 9] = digits.as_bytes().try_into().expect("nine digits");
            if !catalogue::ssn(nine) {
                return format!("{area:03}-{group:02}-{serial:04}");
            }
        }
    }

    /// A watermarked IBAN of `country` (two letters, e.g. `"DE"`), compact
    /// and upper-case, with the registry's structure and valid check digits.
    ///
    /// Fails for a country outside the registry or one whose account number
    /// does not end in six characters that may be digits (the watermark's
    /// place).
    pub fn iban(&mut self, country: &str) -> Result<String, Error> {
        let cannot = |reason: String| -> Error {
            ErrorKind::CannotGenerate {
                what: "IBAN",
                reason,
            }
            .into()
        };
        let code: [u8; 2] = country
            .to_ascii_uppercase()
            .as_bytes()
            .try_into()
            .map_err(|_| cannot("the country must be two letters".into()))?;
        let spec = validate::iban_country(code)
            .ok_or_else(|| cannot(format!("{country:?} is not in the IBAN registry")))?;
        let classes = expand_bban(spec.bban.as_bytes());
        if classes.len() < 7 || classes[classes.len() - 6..].contains(&b'a') {
            return Err(cannot(format!(
                "{country:?} account numbers do not end in six digits"
            )));
        }
        for _ in 0..MAX_TRIES {
            let mut bban: Vec<u8> = classes[..classes.len() - 6]
                .iter()
                .map(|&class| match class {
                    b'a' => b'A' + self.below(26) as u8,
                    _ => self.digit(),
                })
                .collect();
            let tag = self.marker.tag(b"iban", &[&code, &bban], 1_000_000);
            bban.extend_from_slice(format!("{tag:06}").as_bytes());
            let Some(check) = validate::iban_check_digits(code, &bban) else {
                continue;
            };
            let mut iban = code.to_vec();
            iban.extend_from_slice(format!("{check:02}").as_bytes());
            iban.extend_from_slice(&bban);
            if validate::iban_valid(&iban) && !catalogue::iban(&iban) {
                return Ok(String::from_utf8(iban).expect("ASCII"));
            }
        }
        Err(cannot("no valid IBAN found".into()))
    }

    /// A watermarked e-mail address `first.last<6 digits>@<domain>` at one
    /// of the fictitious companies documentation uses. Names are reduced to
    /// ASCII letters (an empty result becomes `user`).
    pub fn email(&mut self, first: &str, last: &str) -> String {
        let clean = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphabetic)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let (first, last) = (clean(first), clean(last));
        let name = match (first.is_empty(), last.is_empty()) {
            (true, true) => "user".to_owned(),
            (false, true) => first,
            (true, false) => last,
            (false, false) => format!("{first}.{last}"),
        };
        let domain = EMAIL_DOMAINS[self.below(EMAIL_DOMAINS.len() as u64) as usize];
        let tag = self.marker.email_tag(name.as_bytes(), domain.as_bytes());
        format!("{name}{tag:06}@{domain}")
    }

    /// A watermarked North American number, `(NPA) NXX-XXXX`: a valid area
    /// code and exchange (never 555, so never a fictional-range number),
    /// the line number carrying the watermark.
    pub fn phone(&mut self) -> String {
        loop {
            let area = 200 + self.below(800);
            let exchange = 200 + self.below(800);
            if exchange == 555 {
                continue;
            }
            let head = format!("{area:03}{exchange:03}");
            let line = self.marker.tag(b"phone", &[head.as_bytes()], 10_000);
            let digits = format!("{head}{line:04}");
            let ten: &[u8; 10] = digits.as_bytes().try_into().expect("ten digits");
            if validate::nanp_valid(ten) && !catalogue::nanp(ten) {
                return format!("({area:03}) {exchange:03}-{line:04}");
            }
        }
    }
}

/// `"4a6n"` → `aaaannnnnn`: one class byte per BBAN position.
fn expand_bban(spec: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut count = 0usize;
    for &s in spec {
        if s.is_ascii_digit() {
            count = count * 10 + usize::from(s - b'0');
        } else {
            out.extend(core::iter::repeat_n(s, count));
            count = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(byte: u8) -> Watermarker {
        Watermarker::new(&WatermarkKey::derive(
            &Key::from_bytes(&[byte; 32]).unwrap(),
        ))
    }

    #[test]
    fn generated_values_are_valid_and_marked_only_under_their_key() {
        let key = Key::from_bytes(&[3; 32]).unwrap();
        let (right, wrong) = (marker(3), marker(4));
        let mut gen = Generator::new(&key, 1);
        for brand in Subkind::CARD_BRANDS.iter().copied() {
            let pan = gen.pan(brand).unwrap();
            assert!(luhn_valid(pan.as_bytes()), "{brand:?}");
            assert_eq!(brand_of(pan.as_bytes()), Some(brand));
            assert!(right.marks(Kind::Pan, pan.as_bytes()));
            assert!(!wrong.marks(Kind::Pan, pan.as_bytes()));
        }
        let ssn = gen.ssn();
        assert!(right.marks(Kind::Ssn, ssn.as_bytes()) && !wrong.marks(Kind::Ssn, ssn.as_bytes()));
        let phone = gen.phone();
        assert!(right.marks(Kind::Phone, phone.as_bytes()));
        assert!(right.marks(Kind::Phone, format!("+1 {phone}").as_bytes()));
        let iban = gen.iban("de").unwrap();
        assert!(validate::iban_valid(iban.as_bytes()));
        assert!(right.marks(Kind::Iban, iban.as_bytes()));
        assert!(right.marks(Kind::Iban, iban.to_ascii_lowercase().as_bytes()));
        let email = gen.email("Zoë", "O'Brien");
        assert!(email.starts_with("zo.obrien"), "{email}");
        assert!(right.marks(Kind::Email, email.as_bytes()));
        assert!(right.marks(Kind::Email, email.to_ascii_uppercase().as_bytes()));
        assert!(!wrong.marks(Kind::Email, email.as_bytes()));
    }

    #[test]
    fn generation_is_deterministic_per_key_and_seed() {
        let key = Key::from_bytes(&[9; 16]).unwrap();
        let run = |seed| {
            let mut g = Generator::new(&key, seed);
            (
                g.pan(Subkind::Visa).unwrap(),
                g.ssn(),
                g.iban("GB").unwrap(),
                g.phone(),
            )
        };
        assert_eq!(run(5), run(5));
        assert_ne!(run(5), run(6));
    }

    #[test]
    fn generator_refuses_what_it_cannot_make() {
        let mut g = Generator::new(&Key::from_bytes(&[1; 16]).unwrap(), 0);
        assert!(g.pan(Subkind::Nanp).is_err());
        assert!(g.iban("ZZ").is_err());
        assert!(g.iban("DEU").is_err());
        // Mauritius account numbers end in a currency code.
        assert!(g.iban("MU").is_err());
        assert!(format!("{g:?}").contains("redacted"));
    }

    #[test]
    fn every_iban_country_with_a_numeric_tail_generates() {
        let mut g = Generator::new(&Key::from_bytes(&[2; 32]).unwrap(), 0);
        let m = marker(2);
        let mut made = 0;
        for country in validate::IBAN_COUNTRIES.iter() {
            let code = core::str::from_utf8(&country.code).unwrap();
            if let Ok(iban) = g.iban(code) {
                assert!(validate::iban_valid(iban.as_bytes()), "{iban}");
                assert!(m.marks(Kind::Iban, iban.as_bytes()), "{iban}");
                made += 1;
            }
        }
        assert!(made > 70, "{made}");
    }

    #[test]
    fn wrong_shapes_are_never_marked() {
        let m = marker(1);
        for (kind, value) in [
            (Kind::Pan, &b""[..]),
            (Kind::Pan, b"12345"),
            (Kind::Pan, b"41111111111111111111111"),
            (Kind::Ssn, b"123-45"),
            (Kind::Phone, b"12"),
            (Kind::Iban, b"DE"),
            (Kind::Iban, &[b'1'; 60]),
            (Kind::Email, b"a@b.c"),
            (Kind::Email, b"no-at-sign"),
            (Kind::Cvv, b"123"),
            (Kind::Secret, b"AKIAIOSFODNN7EXAMPLE"),
        ] {
            assert!(!m.marks(kind, value));
        }
    }

    /// Random valid 16-digit card numbers (random Visa/Mastercard-looking
    /// prefixes, Luhn completed) that carry `key`'s watermark.
    fn false_matches(n: u64) -> u64 {
        let m = marker(0x5A);
        let mut g = Generator::new(&Key::from_bytes(&[0xA5; 16]).unwrap(), 2026);
        let mut hits = 0;
        let mut digits = [0u8; 16];
        for _ in 0..n {
            digits[0] = if g.below(2) == 0 { b'4' } else { b'5' };
            for d in &mut digits[1..15] {
                *d = g.digit();
            }
            digits[15] = luhn_check_digit(&digits[..15]);
            if m.marks(Kind::Pan, &digits) {
                hits += 1;
            }
        }
        hits
    }

    #[test]
    fn watermark_false_match_rate_one_million() {
        // Expected 1 in 10^6; the seeded run is deterministic, and more than
        // 10 would mean the watermark is far weaker than documented.
        let hits = false_matches(1_000_000);
        assert!(hits <= 10, "{hits} false matches in 10^6");
    }

    #[test]
    #[ignore = "10^7 HMACs: run with --release -- --ignored --nocapture"]
    fn watermark_false_match_rate_10_million() {
        let hits = false_matches(10_000_000);
        println!("false matches over 10^7 random valid PANs: {hits}");
        assert!(hits <= 30, "{hits}");
    }
}
