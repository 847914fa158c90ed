//! Documented test and example values: numbers and keys that are published
//! for use in documentation, tests and advertising, so that a match on them
//! is almost certainly synthetic data rather than a leak.
//!
//! Detectors still report these values (a test value in production data is
//! worth knowing about) but mark them
//! [`Provenance::Synthetic(SyntheticReason::TestValue)`](crate::Provenance).
//! There is one small function per kind so that the catalogue can later move
//! into one data file without touching the detectors.

/// SSNs printed in advertising or documentation, all voided by SSA or never
/// issued: 078-05-1120 (the "Woolworth wallet" card), 219-09-9999 (an SSA
/// pamphlet sample), 123-45-6789 (the usual form placeholder) and
/// 987-65-4320 to 987-65-4329 (reserved by SSA for advertising).
pub(crate) fn ssn(digits: &[u8; 9]) -> bool {
    matches!(digits, b"078051120" | b"219099999" | b"123456789") || digits[..8] == *b"98765432"
}

/// NANP numbers reserved for fictional use: exchange 555, lines 0100–0199
/// (NANPA), in any area code.
pub(crate) fn nanp(digits: &[u8; 10]) -> bool {
    digits[3..8] == *b"55501"
}

/// International numbers reserved for drama and documentation: the NANP
/// fictional range with `+1`, and the UK ranges Ofcom reserves for TV and
/// radio (020 7946 0xxx, 07700 900xxx, and 01xx 496 0xxx in the larger
/// cities). `digits` is everything after the `+`.
pub(crate) fn e164(digits: &[u8]) -> bool {
    const UK_DRAMA: &[&[u8]] = &[
        b"442079460",
        b"447700900",
        b"441134960",
        b"441144960",
        b"441154960",
        b"441164960",
        b"441174960",
        b"441184960",
        b"441214960",
        b"441314960",
        b"441414960",
        b"441514960",
        b"441614960",
    ];
    if let Some(national) = digits.strip_prefix(b"1") {
        if let Ok(national) = <&[u8; 10]>::try_from(national) {
            return nanp(national);
        }
    }
    digits.len() == 12 && UK_DRAMA.iter().any(|prefix| digits.starts_with(prefix))
}

/// Domains that can never receive mail because they are reserved for
/// documentation and testing (RFC 2606, RFC 6761): `example.com`,
/// `example.net`, `example.org` and their subdomains, and the TLDs `.test`,
/// `.example`, `.invalid` and `.localhost`. `.local` and `.internal` are not
/// here: `jane@corp.local` in a CRM export is a real employee.
pub(crate) fn email_domain(domain: &[u8]) -> bool {
    const RESERVED_TLDS: &[&[u8]] = &[b"test", b"example", b"invalid", b"localhost"];
    const RESERVED_DOMAINS: &[&[u8]] = &[b"example.com", b"example.net", b"example.org"];
    let mut labels = domain.rsplit(|&b| b == b'.');
    let tld = labels.next().unwrap_or_default();
    if RESERVED_TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t)) {
        return true;
    }
    RESERVED_DOMAINS.iter().any(|d| {
        domain.len() >= d.len()
            && domain[domain.len() - d.len()..].eq_ignore_ascii_case(d)
            && (domain.len() == d.len() || domain[domain.len() - d.len() - 1] == b'.')
    })
}

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

/// Example IBANs: the registry's, plus `GB82WEST12345698765432` and
/// `BR9700360305000010009795493P1`, the examples of the ECBS and Wikipedia
/// that tutorials copy. `compact` has no separators; case is ignored.
pub(crate) fn iban(compact: &[u8]) -> bool {
    const OTHERS: &[&str] = &["GB82WEST12345698765432", "BR9700360305000010009795493P1"];
    IBAN_REGISTRY_EXAMPLES
        .iter()
        .chain(OTHERS)
        .any(|example| example.as_bytes().eq_ignore_ascii_case(compact))
}

/// Routing numbers used as test values: Stripe's test-mode routing number
/// 110000000 and the placeholder 123456780 (the checksum-valid completion
/// of 12345678 that forms and tutorials use).
pub(crate) fn routing(digits: &[u8; 9]) -> bool {
    matches!(digits, b"110000000" | b"123456780")
}

/// Credentials published in vendor documentation, so that finding one means
/// a copied example, not a leak. Token-shaped literals are assembled with
/// `concat!` so this source file itself does not trip push-protection
/// scanners.
const DOCUMENTED_SECRETS: &[&str] = &[
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

/// Credentials that are examples or test-mode keys: the documented values
/// above; any AWS key id (`AKIA`/`ASIA`/`ABIA`/`ACCA` and 16 upper-case
/// letters or digits) ending in `EXAMPLE` and any 40-character AWS secret
/// ending in `EXAMPLEKEY`, AWS's documentation convention; and Stripe
/// test-mode keys (`sk_test_`, `rk_test_`), which cannot move money.
pub(crate) fn secret(value: &[u8]) -> bool {
    if DOCUMENTED_SECRETS.iter().any(|e| e.as_bytes() == value) {
        return true;
    }
    let aws_id = value.len() == 20
        && matches!(&value[..4], b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA")
        && value
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && value.ends_with(b"EXAMPLE");
    let aws_secret = value.len() == 40
        && value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && value.ends_with(b"EXAMPLEKEY");
    let stripe_test = value.starts_with(b"sk_test_") || value.starts_with(b"rk_test_");
    aws_id || aws_secret || stripe_test
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_examples() {
        assert!(ssn(b"078051120"));
        assert!(ssn(b"987654329"));
        assert!(!ssn(b"987654330"));
        assert!(!ssn(b"078051121"));
    }

    #[test]
    fn phone_examples() {
        assert!(nanp(b"2125550147"));
        assert!(!nanp(b"2125550247"));
        assert!(e164(b"12125550199"));
        assert!(!e164(b"12125550200"));
        assert!(e164(b"442079460958"));
        assert!(e164(b"447700900123"));
        assert!(!e164(b"447700901123"));
        assert!(!e164(b"4420794609"));
    }

    #[test]
    fn email_examples() {
        assert!(email_domain(b"example.com"));
        assert!(email_domain(b"mail.EXAMPLE.org"));
        assert!(email_domain(b"shop.test"));
        assert!(!email_domain(b"notexample.com"));
        assert!(!email_domain(b"example.co"));
        assert!(!email_domain(b"corp.local"));
    }

    #[test]
    fn iban_and_routing_examples() {
        assert!(iban(b"gb82west12345698765432"));
        assert!(iban(b"DE89370400440532013000"));
        assert!(!iban(b"DE89370400440532013001"));
        assert!(routing(b"110000000"));
        assert!(!routing(b"021000021"));
    }

    #[test]
    fn secret_examples() {
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
