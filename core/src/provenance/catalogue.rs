//! The catalogue of documented test and reserved values: one table, one
//! entry per published value or range, each with the source that publishes
//! it.
//!
//! A match on a catalogued value is almost certainly synthetic data (a test
//! fixture, a copied documentation example, an advertising number), so
//! detectors still report it (a test value in production data is worth
//! knowing about) but mark it
//! [`Provenance::Synthetic(SyntheticReason::TestValue)`](crate::Provenance).
//!
//! # Extending
//! Add an [`Entry`] to [`CATALOGUE`] with its family, pattern and source;
//! the tests check that every card number is Luhn-valid with a brand, every
//! IBAN passes mod-97 and every range is well formed.
//!
//! # Cost
//! Lookups run once per finding on the scan's hot path. The table is turned
//! once (on first use, forced by `Scanner::new`) into sorted arrays per
//! family; a lookup is a binary search or a comparison against a handful of
//! constants, and never allocates.

use std::sync::OnceLock;

/// Which detector's values an entry describes, and how its pattern is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Family {
    /// Card numbers, ASCII digits without separators.
    Pan,
    /// SSNs published as examples, as nine digits. They win over the ITIN
    /// reading (the advertising range 987-65-432x is ITIN-shaped).
    SsnExample,
    /// SSN areas never issued, as nine-digit ranges. An ITIN wins over them.
    SsnNeverIssued,
    /// NANP numbers: the pattern is the last seven digits (exchange and
    /// line), in any area code.
    NanpLocal,
    /// International numbers: digits after the `+`.
    E164,
    /// E-mail domains reserved with all their subdomains.
    EmailDomain,
    /// Top-level domains reserved as a whole.
    EmailTld,
    /// IBANs, compact, upper case.
    Iban,
    /// Routing numbers, nine digits.
    Routing,
    /// Credentials, exactly as published.
    Secret,
    /// Credential prefixes that mean test mode (e.g. Stripe's `sk_test_`).
    SecretPrefix,
    /// The suffix AWS documentation puts on example access key ids.
    AwsKeyIdSuffix,
    /// The suffix AWS documentation puts on example secret access keys.
    AwsSecretSuffix,
}

/// What an entry matches.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pattern {
    /// One value.
    Exact(&'static str),
    /// Several values published together.
    List(&'static [&'static str]),
    /// Every value from `low` to `high` inclusive: digit strings of the same
    /// length, compared as numbers.
    Range(&'static str, &'static str),
}

/// One catalogued value or range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) family: Family,
    pub(crate) pattern: Pattern,
    /// Who publishes it (a URL or a document name). Read by the tests and by
    /// whoever extends the table.
    #[allow(dead_code)]
    pub(crate) source: &'static str,
}

const fn e(family: Family, pattern: Pattern, source: &'static str) -> Entry {
    Entry {
        family,
        pattern,
        source,
    }
}

use Family::*;
use Pattern::{Exact, List, Range};

const STRIPE: &str = "https://docs.stripe.com/testing";
const BRAINTREE: &str =
    "https://developer.paypal.com/braintree/docs/guides/credit-cards/testing-go-live";
const ADYEN: &str =
    "https://docs.adyen.com/development-resources/test-cards-and-credentials/test-card-numbers";
const PAYPAL: &str = "PayPal Payflow Gateway developer guide, test credit card numbers";
const SSA: &str = "SSA, Social Security Number Randomization (2011) and POMS RM 10201.035";
const NANPA: &str = "https://nationalnanpa.com (555-0100 to 555-0199 reserved for fictional use)";
const OFCOM: &str = "https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama";
const RFC2606: &str = "RFC 2606 and RFC 6761 (reserved top-level and second-level domains)";
const SWIFT: &str = "SWIFT IBAN Registry, Release 100 (example IBAN of every country)";

/// The catalogue. Order does not matter.
pub(crate) static CATALOGUE: &[Entry] = &[
    // ---- card numbers -------------------------------------------------
    e(
        Pan,
        List(&[
            "4242424242424242",
            "4000056655665556",
            "5555555555554444",
            "2223003122003222",
            "5200828282828210",
            "5105105105105100",
            "378282246310005",
            "371449635398431",
            "6011111111111117",
            "6011000990139424",
            "3056930009020004",
            "36227206271667",
            "3566002020360505",
            "6200000000000005",
            "4000000000000002",
            "4000000000009995",
            "4000000000000069",
            "4000000000000127",
            "4000002500003155",
            "4000000000003220",
            "4000000000000077",
        ]),
        STRIPE,
    ),
    e(
        Pan,
        List(&[
            "4111111111111111",
            "4005519200000004",
            "4009348888881881",
            "4012000033330026",
            "4012000077777777",
            "4012888888881881",
            "4217651111111119",
            "4500600000000061",
            "5431111111111111",
            "371449635398431",
            "6011000991300009",
            "3530111333300000",
            "6304000000000000",
            "30569309025904",
        ]),
        BRAINTREE,
    ),
    e(
        Pan,
        List(&[
            "4917610000000000",
            "4988438843884305",
            "5101180000000007",
            "2222400070000005",
            "5500000000000004",
            "370000000000002",
            "6011601160116611",
            "3569990010095841",
            "36006666333344",
            "6243030000000001",
        ]),
        ADYEN,
    ),
    e(
        Pan,
        List(&[
            "4222222222222",
            "378734493671000",
            "6011111111111117",
            "3530111333300000",
        ]),
        PAYPAL,
    ),
    // ---- SSNs ---------------------------------------------------------
    // Never issued: area 000, 666 and 900-999 (the 9xx block goes to ITINs,
    // which detectors recognise first).
    e(SsnNeverIssued, Range("000000000", "000999999"), SSA),
    e(SsnNeverIssued, Range("666000000", "666999999"), SSA),
    e(SsnNeverIssued, Range("900000000", "999999999"), SSA),
    // Reserved for advertising.
    e(SsnExample, Range("987654320", "987654329"), SSA),
    // Voided after appearing in advertising: the "Woolworth wallet" card
    // and an SSA pamphlet sample; and the usual form placeholder.
    e(SsnExample, List(&["078051120", "219099999"]), SSA),
    e(
        SsnExample,
        Exact("123456789"),
        "form and tutorial placeholder (sequential digits)",
    ),
    // ---- phone numbers ------------------------------------------------
    e(NanpLocal, Range("5550100", "5550199"), NANPA),
    e(E164, Range("442079460000", "442079460999"), OFCOM),
    e(E164, Range("447700900000", "447700900999"), OFCOM),
    e(E164, Range("441134960000", "441134960999"), OFCOM),
    e(E164, Range("441144960000", "441144960999"), OFCOM),
    e(E164, Range("441154960000", "441154960999"), OFCOM),
    e(E164, Range("441164960000", "441164960999"), OFCOM),
    e(E164, Range("441174960000", "441174960999"), OFCOM),
    e(E164, Range("441184960000", "441184960999"), OFCOM),
    e(E164, Range("441214960000", "441214960999"), OFCOM),
    e(E164, Range("441314960000", "441314960999"), OFCOM),
    e(E164, Range("441414960000", "441414960999"), OFCOM),
    e(E164, Range("441514960000", "441514960999"), OFCOM),
    e(E164, Range("441614960000", "441614960999"), OFCOM),
    // ---- e-mail domains -----------------------------------------------
    // `.local` and `.internal` are not here: `jane@corp.local` in a CRM
    // export is a real employee.
    e(
        EmailDomain,
        List(&["example.com", "example.net", "example.org"]),
        RFC2606,
    ),
    e(
        EmailTld,
        List(&["test", "example", "invalid", "localhost"]),
        RFC2606,
    ),
    // ---- IBANs --------------------------------------------------------
    e(Iban, List(&IBAN_REGISTRY_EXAMPLES), SWIFT),
    e(
        Iban,
        Exact("GB82WEST12345698765432"),
        "ECBS IBAN standard example (EBS204)",
    ),
    e(
        Iban,
        Exact("BR9700360305000010009795493P1"),
        "Wikipedia, International Bank Account Number",
    ),
    // ---- routing numbers ----------------------------------------------
    e(Routing, Exact("110000000"), STRIPE),
    e(
        Routing,
        Exact("123456780"),
        "checksum-valid completion of the 12345678 placeholder",
    ),
    // ---- credentials --------------------------------------------------
    e(
        Secret,
        List(&DOCUMENTED_SECRETS),
        "vendor documentation (see the comments in DOCUMENTED_SECRETS)",
    ),
    e(
        SecretPrefix,
        List(&["sk_test_", "rk_test_"]),
        "https://docs.stripe.com/keys (test-mode keys cannot move money)",
    ),
    e(
        AwsKeyIdSuffix,
        Exact("EXAMPLE"),
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html",
    ),
    e(
        AwsSecretSuffix,
        Exact("EXAMPLEKEY"),
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html",
    ),
];

/// The example IBAN of every country in the SWIFT IBAN registry (Release
/// 100), as the registry publishes them; they fill test fixtures everywhere.
pub(crate) const IBAN_REGISTRY_EXAMPLES: [&str; 89] = [
    "AD1200012030200359100100",
    "AE070331234567890123456",
    "AL47212110090000000235698741",
    "AT611904300234573201",
    "AZ21NABZ00000000137010001944",
    "BA391290079401028494",
    "BE68539007547034",
    "BG80BNBG96611020345678",
    "BH67BMAG00001299123456",
    "BI4210000100010000332045181",
    "BR1800360305000010009795493C1",
    "BY13NBRB3600900000002Z00AB00",
    "CH9300762011623852957",
    "CR05015202001026284066",
    "CY17002001280000001200527600",
    "CZ6508000000192000145399",
    "DE89370400440532013000",
    "DJ2100010000000154000100186",
    "DK5000400440116243",
    "DO28BAGR00000001212453611324",
    "EE382200221020145685",
    "EG380019000500000000263180002",
    "ES9121000418450200051332",
    "FI2112345600000785",
    "FK88SC123456789012",
    "FO6264600001631634",
    "FR1420041010050500013M02606",
    "GB29NWBK60161331926819",
    "GE29NB0000000101904917",
    "GI75NWBK000000007099453",
    "GL8964710001000206",
    "GR1601101250000000012300695",
    "GT82TRAJ01020000001210029690",
    "HN88CABF00000000000250005469",
    "HR1210010051863000160",
    "HU42117730161111101800000000",
    "IE29AIBK93115212345678",
    "IL620108000000099999999",
    "IQ98NBIQ850123456789012",
    "IS140159260076545510730339",
    "IT60X0542811101000000123456",
    "JO94CBJO0010000000000131000302",
    "KW81CBKU0000000000001234560101",
    "KZ86125KZT5004100100",
    "LB62099900000001001901229114",
    "LC55HEMM000100010012001200023015",
    "LI21088100002324013AA",
    "LT121000011101001000",
    "LU280019400644750000",
    "LV80BANK0000435195001",
    "LY83002048000020100120361",
    "MC5811222000010123456789030",
    "MD24AG000225100013104168",
    "ME25505000012345678951",
    "MK07250120000058984",
    "MN121234123456789123",
    "MR1300020001010000123456753",
    "MT84MALT011000012345MTLCAST001S",
    "MU17BOMM0101101030300200000MUR",
    "NI45BAPR00000013000003558124",
    "NL91ABNA0417164300",
    "NO9386011117947",
    "OM810180000001299123456",
    "PK36SCBL0000001123456702",
    "PL61109010140000071219812874",
    "PS92PALS000000000400123456702",
    "PT50000201231234567890154",
    "QA58DOHB00001234567890ABCDEFG",
    "RO49AAAA1B31007593840000",
    "RS35260005601001611379",
    "RU0304452522540817810538091310419",
    "SA0380000000608010167519",
    "SC18SSCB11010000000000001497USD",
    "SD2129010501234001",
    "SE4550000000058398257466",
    "SI56263300012039086",
    "SK3112000000198742637541",
    "SM86U0322509800000000270100",
    "SO211000001001000100141",
    "ST23000100010051845310146",
    "SV62CENR00000000000000700025",
    "TL380080012345678910157",
    "TN5910006035183598478831",
    "TR330006100519786457841326",
    "UA213223130000026007233566001",
    "VA59001123000012345678",
    "VG96VPVG0000012345678901",
    "XK051212012345678906",
    "YE15CBYE0001018861234567891234",
];

/// Credentials published in vendor documentation, so that finding one means
/// a copied example, not a leak. Token-shaped literals are assembled with
/// `concat!` so this source file itself does not trip push-protection
/// scanners.
const DOCUMENTED_SECRETS: [&str; 10] = [
    // AWS IAM / CLI docs ("aws configure" walkthrough, first profile).
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    // AWS CLI docs, second profile (`8` is outside base32, so the id is not
    // even key-id shaped).
    "AKIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    // Stripe API reference sample test key (docs.stripe.com/api/authentication).
    concat!("sk_", "test_", "BQokikJOvBiI2HlWgH4olfQ2"),
    // Stripe's earlier docs sample keys, copied into countless tutorials.
    concat!("sk_", "test_", "4eC39HqLyjWDarjtT1zdp7dc"),
    concat!("pk_", "test_", "TYooMQauvdEDq54NiTphI7jx"),
    // GitHub token-format vector published (revoked) in coolaj86's gist.
    concat!("gh", "p_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"),
    // jwt.io's default HS256 token.
    concat!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
        "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.",
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    ),
    // Slack's incoming-webhook docs placeholder.
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
];

/// A digit string as a sortable number with its length (leading zeros
/// matter: `0123` and `123` are different values).
type DigitKey = (u8, u64);

fn digit_key(digits: &[u8]) -> Option<DigitKey> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut value = 0u64;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(d - b'0');
    }
    Some((digits.len() as u8, value))
}

/// Sorted exact values and sorted ranges of one digit family.
#[derive(Default)]
struct Digits {
    exact: Vec<DigitKey>,
    /// `(low, high)`, sorted by `low`, merged so they never overlap.
    ranges: Vec<(DigitKey, DigitKey)>,
    /// The smallest and largest key of all of them: most lookups (every
    /// phone number a scan finds) fall outside and end there.
    span: Option<(DigitKey, DigitKey)>,
}

impl Digits {
    fn contains(&self, digits: &[u8]) -> bool {
        let Some(key) = digit_key(digits) else {
            return false;
        };
        if !self
            .span
            .is_some_and(|(low, high)| low <= key && key <= high)
        {
            return false;
        }
        if self.exact.binary_search(&key).is_ok() {
            return true;
        }
        // The last range starting at or before `key` is the only candidate.
        let after = self.ranges.partition_point(|(low, _)| *low <= key);
        after > 0 && key <= self.ranges[after - 1].1
    }

    fn finish(&mut self) {
        self.exact.sort_unstable();
        self.exact.dedup();
        self.ranges.sort_unstable();
        let mut merged: Vec<(DigitKey, DigitKey)> = Vec::with_capacity(self.ranges.len());
        for &(low, high) in &self.ranges {
            match merged.last_mut() {
                Some(last) if low <= last.1 => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        self.ranges = merged;
        let lows = self
            .exact
            .iter()
            .chain(self.ranges.iter().map(|(low, _)| low));
        let highs = self
            .exact
            .iter()
            .chain(self.ranges.iter().map(|(_, high)| high));
        self.span = lows.min().copied().zip(highs.max().copied());
    }
}

/// The catalogue, indexed for lookups.
#[derive(Default)]
struct Index {
    pan: Digits,
    ssn_example: Digits,
    ssn_never_issued: Digits,
    nanp_local: Digits,
    e164: Digits,
    routing: Digits,
    /// Upper case, sorted.
    iban: Vec<&'static [u8]>,
    /// Sorted.
    secret: Vec<&'static [u8]>,
    secret_prefixes: Vec<&'static [u8]>,
    email_domains: Vec<&'static [u8]>,
    email_tlds: Vec<&'static [u8]>,
    /// [`length_bits`] of `email_tlds`.
    email_tld_lengths: u64,
    aws_key_id_suffixes: Vec<&'static [u8]>,
    aws_secret_suffixes: Vec<&'static [u8]>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build_index)
}

/// Builds the lookup index now, so that the first scan does not allocate.
pub(crate) fn prepare() {
    let _ = index();
}

fn build_index() -> Index {
    let mut ix = Index::default();
    for entry in CATALOGUE {
        let values: &[&'static str] = match &entry.pattern {
            Exact(v) => core::slice::from_ref(v),
            List(list) => list,
            Range(low, high) => {
                let digits = match entry.family {
                    Pan => &mut ix.pan,
                    SsnExample => &mut ix.ssn_example,
                    SsnNeverIssued => &mut ix.ssn_never_issued,
                    NanpLocal => &mut ix.nanp_local,
                    E164 => &mut ix.e164,
                    Routing => &mut ix.routing,
                    _ => continue,
                };
                if let (Some(l), Some(h)) = (digit_key(low.as_bytes()), digit_key(high.as_bytes()))
                {
                    digits.ranges.push((l, h));
                }
                continue;
            }
        };
        for value in values {
            let bytes = value.as_bytes();
            let digits = match entry.family {
                Pan => Some(&mut ix.pan),
                SsnExample => Some(&mut ix.ssn_example),
                SsnNeverIssued => Some(&mut ix.ssn_never_issued),
                NanpLocal => Some(&mut ix.nanp_local),
                E164 => Some(&mut ix.e164),
                Routing => Some(&mut ix.routing),
                _ => None,
            };
            if let Some(digits) = digits {
                digits.exact.extend(digit_key(bytes));
                continue;
            }
            let list = match entry.family {
                Iban => &mut ix.iban,
                Secret => &mut ix.secret,
                SecretPrefix => &mut ix.secret_prefixes,
                EmailDomain => &mut ix.email_domains,
                EmailTld => &mut ix.email_tlds,
                AwsKeyIdSuffix => &mut ix.aws_key_id_suffixes,
                AwsSecretSuffix => &mut ix.aws_secret_suffixes,
                _ => continue,
            };
            list.push(bytes);
        }
    }
    for digits in [
        &mut ix.pan,
        &mut ix.ssn_example,
        &mut ix.ssn_never_issued,
        &mut ix.nanp_local,
        &mut ix.e164,
        &mut ix.routing,
    ] {
        digits.finish();
    }
    ix.email_tld_lengths = length_bits(&ix.email_tlds);
    ix.iban.sort_unstable();
    ix.iban.dedup();
    ix.secret.sort_unstable();
    ix.secret.dedup();
    ix
}

/// Whether a card number (ASCII digits, no separators) is a published
/// processor or gateway test number.
pub(crate) fn pan(digits: &[u8]) -> bool {
    index().pan.contains(digits)
}

/// Whether nine SSN digits are reserved, never issued, voided or a
/// placeholder.
pub(crate) fn ssn(digits: &[u8; 9]) -> bool {
    ssn_example(digits) || index().ssn_never_issued.contains(digits)
}

/// Whether nine SSN digits are a published example (advertising range,
/// voided or placeholder numbers): these are SSNs even when ITIN-shaped.
pub(crate) fn ssn_example(digits: &[u8; 9]) -> bool {
    index().ssn_example.contains(digits)
}

/// Whether a NANP number (ten digits) is in the fictional 555-0100..0199
/// range, in any area code.
pub(crate) fn nanp(digits: &[u8; 10]) -> bool {
    index().nanp_local.contains(&digits[3..])
}

/// Whether an international number (the digits after `+`) is reserved for
/// drama and documentation: the NANP fictional range with `+1`, and the UK
/// ranges Ofcom reserves.
pub(crate) fn e164(digits: &[u8]) -> bool {
    if let Some(national) = digits.strip_prefix(b"1") {
        if let Ok(national) = <&[u8; 10]>::try_from(national) {
            return nanp(national);
        }
    }
    index().e164.contains(digits)
}

/// Whether an e-mail domain can never receive mail because it is reserved
/// for documentation and testing: `example.com`, `.net`, `.org` and their
/// subdomains, and the TLDs `.test`, `.example`, `.invalid`, `.localhost`.
pub(crate) fn email_domain(domain: &[u8]) -> bool {
    let ix = index();
    let tld = domain.rsplit(|&b| b == b'.').next().unwrap_or_default();
    // Most TLDs (`com`, `de`) have a length no reserved TLD has: one bit
    // test instead of a comparison with each.
    if has_length(ix.email_tld_lengths, tld.len())
        && ix.email_tlds.iter().any(|t| eq_ignore_case_lower(tld, t))
    {
        return true;
    }
    ix.email_domains.iter().any(|d| {
        domain.len() >= d.len()
            && eq_ignore_case_lower(&domain[domain.len() - d.len()..], d)
            && (domain.len() == d.len() || domain[domain.len() - d.len() - 1] == b'.')
    })
}

/// Lengths of `values` as a bit set (bit `n` for length `n`; lengths of 64
/// and more share bit 63).
fn length_bits(values: &[&[u8]]) -> u64 {
    values.iter().fold(0, |bits, v| bits | 1 << v.len().min(63))
}

/// Whether a [`length_bits`] set may hold a value `len` bytes long.
#[inline]
fn has_length(bits: u64, len: usize) -> bool {
    bits >> len.min(63) & 1 != 0
}

/// Whether `bytes` equals `lower`, a lower-case entry of the catalogue, in
/// any ASCII letter case: `bytes.eq_ignore_ascii_case(lower)`, eight bytes
/// at a time. E-mail domains are looked up for every address, and a CRM
/// export's test addresses are mostly `…@example.com`: folding byte by byte
/// was a quarter of the e-mail detector's cost there.
fn eq_ignore_case_lower(bytes: &[u8], lower: &[u8]) -> bool {
    let len = bytes.len();
    if len != lower.len() {
        return false;
    }
    if len < 8 {
        return bytes
            .iter()
            .zip(lower)
            .all(|(b, &l)| b.to_ascii_lowercase() == l);
    }
    let word = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let mut at = 0;
    while at + 8 < len {
        if ascii_lowercase_word(word(bytes, at)) != word(lower, at) {
            return false;
        }
        at += 8;
    }
    // The last (possibly overlapping) eight bytes.
    ascii_lowercase_word(word(bytes, len - 8)) == word(lower, len - 8)
}

/// `u8::to_ascii_lowercase` on the eight bytes of a word at once: a byte
/// from `A` to `Z` gains 0x20, every other byte is kept. Adding to the low
/// seven bits of each byte never carries into the next byte.
fn ascii_lowercase_word(word: u64) -> u64 {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = word & LOW_SEVEN;
    let from_a = seven + 0x3f3f_3f3f_3f3f_3f3f; // high bit set from b'A' (0x80 - 0x41)
    let past_z = seven + 0x2525_2525_2525_2525; // high bit set past b'Z' (0x7f - 0x5a)
    let upper = from_a & !past_z & !word & HIGH;
    word | (upper >> 2)
}

/// Whether a compact IBAN (no separators, either case) is a published
/// example.
pub(crate) fn iban(compact: &[u8]) -> bool {
    let mut upper = [0u8; 34];
    let Some(buf) = upper.get_mut(..compact.len()) else {
        return false;
    };
    buf.copy_from_slice(compact);
    buf.make_ascii_uppercase();
    index().iban.binary_search(&&*buf).is_ok()
}

/// Whether nine routing-number digits are a test or placeholder value.
pub(crate) fn routing(digits: &[u8; 9]) -> bool {
    index().routing.contains(digits)
}

/// Whether a credential is a documented example or a test-mode key: the
/// published values; any AWS key id (`AKIA`/`ASIA`/`ABIA`/`ACCA` and 16
/// upper-case letters or digits) and any 40-character AWS secret with the
/// documentation suffix; and Stripe test-mode keys.
pub(crate) fn secret(value: &[u8]) -> bool {
    let ix = index();
    if ix.secret.binary_search(&value).is_ok() {
        return true;
    }
    if ix.secret_prefixes.iter().any(|p| value.starts_with(p)) {
        return true;
    }
    let aws_id = value.len() == 20
        && matches!(&value[..4], b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA")
        && value
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && ix.aws_key_id_suffixes.iter().any(|s| value.ends_with(s));
    let aws_secret = value.len() == 40
        && value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && ix.aws_secret_suffixes.iter().any(|s| value.ends_with(s));
    aws_id || aws_secret
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(family: Family) -> Vec<&'static str> {
        let mut out = Vec::new();
        for entry in CATALOGUE.iter().filter(|e| e.family == family) {
            match entry.pattern {
                Exact(v) => out.push(v),
                List(list) => out.extend_from_slice(list),
                Range(..) => {}
            }
        }
        out
    }

    #[test]
    fn every_entry_has_a_source_and_well_formed_ranges() {
        for entry in CATALOGUE {
            assert!(!entry.source.is_empty());
            if let Range(low, high) = entry.pattern {
                assert_eq!(low.len(), high.len(), "{low}..{high}");
                assert!(digit_key(low.as_bytes()).unwrap() <= digit_key(high.as_bytes()).unwrap());
            }
        }
    }

    #[test]
    fn every_test_pan_is_luhn_valid_with_a_brand_and_found() {
        let mut count = 0;
        for v in values(Pan) {
            let brand = crate::card_brand(v.as_bytes());
            assert!(
                crate::luhn_valid(v.as_bytes()) && brand.is_some(),
                "{v}: {brand:?}"
            );
            assert!(pan(v.as_bytes()));
            count += 1;
        }
        assert!(count >= 40);
        assert!(!pan(b"4111111111111112"));
        assert!(!pan(b"4526018159083012"));
        assert!(!pan(b""));
    }

    #[test]
    fn ssn_examples_and_reserved_areas() {
        assert!(ssn(b"078051120"));
        assert!(ssn(b"219099999"));
        assert!(ssn(b"987654329") && ssn_example(b"987654329"));
        assert!(!ssn_example(b"912345678"));
        assert!(ssn(b"000123456"));
        assert!(ssn(b"666123456"));
        assert!(ssn(b"912345678"));
        assert!(!ssn(b"078051121"));
        assert!(!ssn(b"665123456"));
        assert!(!ssn(b"899999999"));
        assert!(!ssn(b"536224581"));
    }

    #[test]
    fn phone_examples() {
        assert!(nanp(b"2125550147"));
        assert!(nanp(b"2125550100") && nanp(b"2125550199"));
        assert!(!nanp(b"2125550200"));
        assert!(!nanp(b"2125550099"));
        assert!(e164(b"12125550199"));
        assert!(!e164(b"12125550200"));
        assert!(e164(b"442079460958"));
        assert!(e164(b"447700900123"));
        assert!(e164(b"441614960000"));
        assert!(!e164(b"447700901123"));
        assert!(!e164(b"4420794609"));
    }

    #[test]
    fn case_folding_by_words_is_eq_ignore_ascii_case() {
        for value in values(EmailDomain).into_iter().chain(values(EmailTld)) {
            assert_eq!(value.to_ascii_lowercase(), *value, "entries are lower case");
        }
        // Every byte value against every position of words of 1 to 20
        // bytes, against a lower-case entry and an upper-case one.
        let entry = b"example.com.invalid1";
        for len in 1..=entry.len() {
            let lower = &entry[..len];
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = lower.to_ascii_uppercase();
                    bytes[at] = byte;
                    assert_eq!(
                        eq_ignore_case_lower(&bytes, lower),
                        bytes.eq_ignore_ascii_case(lower),
                        "{bytes:?}"
                    );
                }
            }
        }
        assert!(!eq_ignore_case_lower(b"example.co", b"example.com"));
    }

    #[test]
    fn email_examples() {
        assert!(email_domain(b"example.com"));
        assert!(email_domain(b"mail.EXAMPLE.org"));
        assert!(email_domain(b"shop.test"));
        assert!(email_domain(b"host.invalid") && email_domain(b"localhost"));
        assert!(!email_domain(b"notexample.com"));
        assert!(!email_domain(b"example.co"));
        assert!(!email_domain(b"corp.local"));
        assert!(!email_domain(b"testing.com"));
    }

    #[test]
    fn iban_and_routing_examples() {
        for v in values(Iban) {
            assert!(
                crate::identifiers::validate::iban_valid(v.as_bytes()),
                "{v}"
            );
            assert!(iban(v.to_ascii_lowercase().as_bytes()));
        }
        assert!(iban(b"gb82west12345698765432"));
        assert!(iban(b"DE89370400440532013000"));
        assert!(!iban(b"DE89370400440532013001"));
        assert!(!iban(&[b'A'; 40]));
        assert!(routing(b"110000000"));
        assert!(!routing(b"021000021"));
    }

    #[test]
    fn secret_examples() {
        for v in values(Secret) {
            assert!(secret(v.as_bytes()));
        }
        assert!(secret(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(secret(b"ASIAIOSFODNN7EXAMPLE"));
        assert!(secret(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assert!(secret(
            concat!("rk_", "test_", "51H2kQmZ2xLp8Rv3NcT6wYh1").as_bytes()
        ));
        assert!(!secret(
            concat!("sk_", "live_", "51H2kQmZ2xLp8Rv3NcT6wYh1").as_bytes()
        ));
        assert!(!secret(b"AKIAY34FZKBOKMUTVV7A"));
        assert!(!secret(b""));
        assert!(!secret(b"EXAMPLE"));
    }
}
