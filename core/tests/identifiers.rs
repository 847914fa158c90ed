//! Identifier detectors through the public API: realistic surroundings,
//! false-positive bait, and property tests whose check digits come from
//! independent oracles (decimal long division for IBAN mod-97, the 3-7-1
//! weights written out for ABA).

use std::sync::OnceLock;

use leaksift::{Finding, Kind, Provenance, Scanner, Subkind, SyntheticReason};
use proptest::prelude::*;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

/// The findings of `kind` as (matched text, subkind).
fn of_kind(text: &str, kind: Kind) -> Vec<(String, Subkind)> {
    scanner()
        .scan_to_vec(text.as_bytes())
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| (text[f.span()].to_owned(), f.subkind))
        .collect()
}

fn texts(text: &str, kind: Kind) -> Vec<String> {
    of_kind(text, kind).into_iter().map(|(t, _)| t).collect()
}

const IDENTIFIER_KINDS: [Kind; 6] = [
    Kind::Ssn,
    Kind::Itin,
    Kind::Iban,
    Kind::RoutingNumber,
    Kind::Email,
    Kind::Phone,
];

fn identifiers(text: &str) -> Vec<Finding> {
    scanner()
        .scan_to_vec(text.as_bytes())
        .into_iter()
        .filter(|f| IDENTIFIER_KINDS.contains(&f.kind))
        .collect()
}

#[test]
fn crm_json_record() {
    let record = r#"{"Id":"0035e00000Xk2LmAAJ","FirstName":"Ann","Email":"ann.lee@acme-corp.com","Phone":"(415) 555-2671","MobilePhone":"+44 7911 123456","SSN__c":"536-90-1234","Payout_IBAN__c":"GB33BUKB20201555555555","LastModifiedDate":"2026-11-02T10:43:00.000Z"}"#;
    let found: Vec<(Kind, &str)> = identifiers(record)
        .iter()
        .map(|f| (f.kind, &record[f.span()]))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Email, "ann.lee@acme-corp.com"),
            (Kind::Phone, "(415) 555-2671"),
            (Kind::Phone, "+44 7911 123456"),
            (Kind::Ssn, "536-90-1234"),
            (Kind::Iban, "GB33BUKB20201555555555"),
        ]
    );
}

#[test]
fn log_lines() {
    let line = "2026-11-23T21:40:33.123Z INFO payout created routing=021000021 account=****6789 notify=ops@acme.io ip=10.0.0.12 dur=15ms req=8812734";
    assert_eq!(texts(line, Kind::RoutingNumber), ["021000021"]);
    assert_eq!(texts(line, Kind::Email), ["ops@acme.io"]);
    assert!(texts(line, Kind::Phone).is_empty());
    let keyed = "2026-11-23 10:00:01 WARN applicant ssn=536901234 tel=2125550147 rejected";
    assert_eq!(texts(keyed, Kind::Ssn), ["536901234"]);
    assert_eq!(
        of_kind(keyed, Kind::Phone),
        [("2125550147".to_owned(), Subkind::Nanp)]
    );
}

#[test]
fn csv_rows() {
    let csv = "id,name,email,phone,itin,iban\n7,Jo Park,jo.park@example.org,+1 212-555-0199,912-70-1234,de89 3704 0044 0532 0130 00\n";
    assert_eq!(texts(csv, Kind::Email), ["jo.park@example.org"]);
    assert_eq!(texts(csv, Kind::Phone), ["+1 212-555-0199"]);
    assert_eq!(texts(csv, Kind::Itin), ["912-70-1234"]);
    assert_eq!(texts(csv, Kind::Iban), ["de89 3704 0044 0532 0130 00"]);
}

#[test]
fn documented_values_are_reported_as_test_values() {
    let text = "ssn 078-05-1120, call (212) 555-0147, mail ann@example.com, iban DE89370400440532013000, routing 110000000";
    let findings = identifiers(text);
    assert_eq!(findings.len(), 5, "{findings:?}");
    for f in findings {
        assert_eq!(
            f.provenance,
            Provenance::Synthetic(SyntheticReason::TestValue),
            "{}",
            f.kind
        );
    }
}

#[test]
fn bait_is_not_an_identifier() {
    for text in [
        "request 123e4567-e89b-12d3-a456-426614174000 done",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "ts=1763900000123 next=1763900000",
        "client 192.168.100.200 and 10.0.0.1:8080",
        "version 1.2.3.4567 build 2.14.3.1029",
        "order #ORD-2026-000917 and invoice INV-212-555-1234",
        "IMEI 350630713105062",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "2026-11-23 10:30:00.123456 +0100",
        "amount 1,234,567.89 qty 212 555 1234",
        "logo@2x.png bundle@1.2.0.js git@github.com:acme/crm.git",
        "tracking 1Z999AA10123456784 sku 536-90-1234",
    ] {
        assert!(identifiers(text).is_empty(), "{text}: {:?}", identifiers(text));
    }
}

#[test]
fn masks_by_kind() {
    let text = "ssn 536-90-1234 iban DE89 3704 0044 0532 0130 00 phone +44 20 7946 0958 mail ann.lee@acme.io routing 021000021";
    let masked: Vec<String> = identifiers(text)
        .iter()
        .map(|f| f.masked(text.as_bytes()).to_string())
        .collect();
    assert_eq!(
        masked,
        [
            "***-**-1234",
            "DE** **** **** **** **30 00",
            "+** ** **** 0958",
            "a**.***@acme.io",
            "*****0021",
        ]
    );
}

// ----- Independent oracles -----

/// MOD 97-10 by decimal long division over the digit string, as a person
/// would do it on paper (letters become two digits, A = 10).
fn mod97_oracle(text: &str) -> u32 {
    let digits: String = text
        .chars()
        .map(|c| c.to_digit(36).expect("alphanumeric").to_string())
        .collect();
    digits
        .chars()
        .fold(0, |r, c| (r * 10 + c.to_digit(10).unwrap()) % 97)
}

/// The IBAN for a country and BBAN, check digits by the oracle.
fn iban_oracle(country: &str, bban: &str) -> String {
    let r = mod97_oracle(&format!("{bban}{country}00"));
    format!("{country}{:02}{bban}", 98 - r)
}

/// A few registry countries and their BBAN structures, written out here
/// rather than taken from the library's table.
const COUNTRIES: &[(&str, &str)] = &[
    ("DE", "8n10n"),
    ("GB", "4a6n8n"),
    ("FR", "5n5n11c2n"),
    ("NL", "4a10n"),
    ("NO", "4n6n1n"),
    ("MT", "4a5n18c"),
    ("BR", "8n5n10n1a1c"),
    ("CH", "5n12c"),
    ("ES", "4n4n1n1n10n"),
    ("SA", "2n18c"),
];

fn bban_strategy(spec: &'static str) -> impl Strategy<Value = String> {
    let mut pattern = String::new();
    let mut count = String::new();
    for c in spec.chars() {
        if c.is_ascii_digit() {
            count.push(c);
            continue;
        }
        let class = match c {
            'n' => "[0-9]",
            'a' => "[A-Z]",
            _ => "[0-9A-Z]",
        };
        pattern.push_str(&format!("{class}{{{count}}}"));
        count.clear();
    }
    proptest::string::string_regex(&pattern).expect("valid regex")
}

fn printed_iban(iban: &str, grouped: bool, lower: bool) -> String {
    let mut out = if grouped {
        iban.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        iban.to_owned()
    };
    if lower {
        out.make_ascii_lowercase();
    }
    out
}

/// ABA check digit with the weights 3, 7, 1 written out.
fn aba_check_digit_oracle(first8: &[u32; 8]) -> u32 {
    let sum = 3 * first8[0]
        + 7 * first8[1]
        + first8[2]
        + 3 * first8[3]
        + 7 * first8[4]
        + first8[5]
        + 3 * first8[6]
        + 7 * first8[7];
    (10 - sum % 10) % 10
}

/// Found by the IBAN property test: a bank code of four letters sits
/// between the mixed country group and fourteen digits that pass Luhn as a
/// Diners Club number.
#[test]
fn bban_digits_after_a_letter_bank_code_are_not_a_card() {
    let text = br#"{"payout_iban":"GB98 AAAA 3693 8692 0020 99","currency":"EUR"}"#;
    let kinds: Vec<Kind> = scanner().scan_to_vec(text).iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [Kind::Iban]);
    // A card after words of four letters still counts, even after a
    // timestamp ending in a letter and a digit.
    for text in [
        "Visa 4111 1111 1111 1111",
        "Card 3693 8692 0020 99",
        "order 2026-11-20T04:35:23.391Z card 4111 1111 1111 1111",
    ] {
        let kinds: Vec<Kind> = scanner()
            .scan_to_vec(text.as_bytes())
            .iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(kinds, [Kind::Pan], "{text}");
    }
}

const SURROUNDINGS: &[(&str, &str)] = &[
    (r#"{"payout_iban":""#, r#"","currency":"EUR"}"#),
    ("IBAN: ", ", BIC: DEUTDEFF"),
    ("transfer to ", " by Friday."),
    ("42,Ann Lee,", ",active\n"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_ibans_are_found_and_single_flips_are_not(
        (country, bban) in proptest::sample::select(COUNTRIES).prop_flat_map(|(c, spec)| (Just(c), bban_strategy(spec))),
        grouped in any::<bool>(),
        lower in any::<bool>(),
        place in proptest::sample::select(SURROUNDINGS),
        flip in any::<prop::sample::Index>(),
        delta in 1u8..10,
    ) {
        let iban = iban_oracle(country, &bban);
        let printed = printed_iban(&iban, grouped, lower);
        let text = format!("{}{printed}{}", place.0, place.1);
        let start = place.0.len();
        let ibans: Vec<Finding> = scanner().scan_to_vec(text.as_bytes()).into_iter().filter(|f| f.kind == Kind::Iban).collect();
        prop_assert_eq!(ibans.len(), 1, "{}", text);
        prop_assert_eq!(ibans[0].span(), start..start + printed.len());
        // The BBAN's digits in groups of four are not a card number, even
        // when sixteen of them pass Luhn.
        let cards = scanner().scan_to_vec(text.as_bytes()).into_iter().filter(|f| f.kind == Kind::Pan).count();
        prop_assert_eq!(cards, 0, "{}", text);

        // Change one digit (check digits or BBAN): mod 97 catches every
        // single substitution.
        let digit_positions: Vec<usize> = printed.bytes().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i).collect();
        let pos = digit_positions[flip.index(digit_positions.len())];
        let mut changed = printed.into_bytes();
        changed[pos] = b'0' + (changed[pos] - b'0' + delta) % 10;
        let text = format!("{}{}{}", place.0, String::from_utf8(changed).unwrap(), place.1);
        prop_assert!(scanner().scan_to_vec(text.as_bytes()).iter().all(|f| f.kind != Kind::Iban), "{}", text);
    }

    #[test]
    fn generated_routing_numbers_are_found_and_single_flips_are_not(
        prefix in proptest::sample::select(vec![1u32, 2, 5, 9, 11, 12, 21, 26, 32, 61, 67, 72, 80]),
        body in proptest::array::uniform6(0u32..10),
        key in proptest::sample::select(vec!["routing number: ", "\"routingNumber\":\"", "ABA ", "RTN#", "bank_routing="]),
        flip in 0usize..9,
        delta in 1u32..10,
    ) {
        let first8 = [prefix / 10, prefix % 10, body[0], body[1], body[2], body[3], body[4], body[5]];
        let mut digits: Vec<u32> = first8.to_vec();
        digits.push(aba_check_digit_oracle(&first8));
        let number: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        let text = format!("wire details {key}{number} account ****6789");
        let start = text.find(&number).unwrap();
        let found: Vec<Finding> = scanner().scan_to_vec(text.as_bytes()).into_iter().filter(|f| f.kind == Kind::RoutingNumber).collect();
        prop_assert_eq!(found.len(), 1, "{}", text);
        prop_assert_eq!(found[0].span(), start..start + 9);

        // The 3-7-1 weights are all prime to 10: any one changed digit
        // breaks the checksum.
        digits[flip] = (digits[flip] + delta) % 10;
        let changed: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        let text = format!("wire details {key}{changed} account ****6789");
        prop_assert!(scanner().scan_to_vec(text.as_bytes()).iter().all(|f| f.kind != Kind::RoutingNumber), "{}", text);
    }

    #[test]
    fn issued_ssn_ranges_are_found_and_never_issued_are_synthetic(
        area in 1u32..900,
        group in 1u32..100,
        serial in 1u32..10000,
        dashes in any::<bool>(),
    ) {
        let sep = if dashes { '-' } else { ' ' };
        let ssn = format!("{area:03}{sep}{group:02}{sep}{serial:04}");
        let text = format!(r#"{{"applicant":"Ann","ssn":"{ssn}"}}"#);
        let found = texts(&text, Kind::Ssn);
        prop_assert_eq!(found, [ssn.clone()]);
        // Area 666 and 000 are never issued: reported as synthetic, not dropped.
        let never_issued = [ssn.clone(), format!("000{sep}{group:02}{sep}{serial:04}")];
        for value in never_issued.iter().filter(|v| area == 666 || v.starts_with("000")) {
            let text = format!(r#"{{"ssn":"{value}"}}"#);
            let found = Scanner::default().scan_to_vec(text.as_bytes());
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert_eq!(found[0].kind, Kind::Ssn);
            prop_assert_eq!(found[0].provenance.reason(), Some(leaksift::SyntheticReason::TestValue));
        }
        for bad in [format!("{area:03}{sep}00{sep}{serial:04}"), format!("{area:03}{sep}{group:02}{sep}0000")] {
            let text = format!(r#"{{"ssn":"{bad}"}}"#);
            prop_assert!(identifiers(&text).is_empty(), "{}", text);
        }
    }

    #[test]
    fn nanp_numbers_in_every_printed_form(
        area in 200u32..1000,
        exchange in 200u32..1000,
        line in 0u32..10000,
        form in 0usize..6,
    ) {
        let valid_area = area % 100 != 11 && (area / 10) % 10 != 9 && area / 10 != 37 && area / 10 != 96;
        prop_assume!(valid_area && exchange % 100 != 11);
        let printed = match form {
            0 => format!("({area}) {exchange}-{line:04}"),
            1 => format!("{area}-{exchange}-{line:04}"),
            2 => format!("1-{area}-{exchange}-{line:04}"),
            3 => format!("+1 {area} {exchange} {line:04}"),
            4 => format!("+1 ({area}) {exchange}-{line:04}"),
            _ => format!("{area}.{exchange}.{line:04}"),
        };
        let text = format!("Customer called from {printed} about the refund.");
        prop_assert_eq!(of_kind(&text, Kind::Phone), [(printed, Subkind::Nanp)]);
    }
}

/// Pieces of identifiers, secrets and their surroundings, to be glued
/// together at random.
const FRAGMENTS: &[&str] = &[
    "ssn: ",
    "536-90-1234",
    "536901234",
    "912-70-1234",
    "(415) 555-2671",
    "+44 20 7946 0958",
    "+1 ",
    "phone ",
    "routing ",
    "021000021",
    "DE89 3704 0044 0532 0130 00",
    "GB33BUKB20201555555555",
    "ann@acme.io",
    "@",
    "api_key=",
    "\"",
    "Xk29dkLq0PzM3nVb8rT1",
    "eyJhbGciOiJub25lIn0",
    ".",
    "://u:",
    "pw@h.io",
    "AKIAY34FZKBOKMUTVV7A",
    "-----BEGIN RSA PRIVATE KEY-----\n",
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n",
    "-----END RSA PRIVATE KEY-----",
    "4111 1111 1111 1111",
    " ",
    "-",
    ",",
    "\n",
];

fn fragment_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "[0-9]{1,12}",
        1 => "[a-zA-Z_]{1,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn findings_keep_their_order_and_never_overlap_within_a_kind(text in fragment_soup()) {
        let findings = scanner().scan_to_vec(text.as_bytes());
        for pair in findings.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert!((a.start, a.end, a.kind) < (b.start, b.end, b.kind), "out of order: {:?} {:?}", a, b);
        }
        for kind in Kind::ALL {
            let spans: Vec<&Finding> = findings.iter().filter(|f| f.kind == kind).collect();
            for pair in spans.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start, "{} overlaps itself in {:?}", kind, text);
            }
        }
        for f in &findings {
            prop_assert!(f.start < f.end && f.end <= text.len());
            prop_assert!(f.confidence <= 100);
            // Masking never panics and never shows more than the value.
            prop_assert!(f.masked(text.as_bytes()).to_string().chars().count() <= f.len());
        }
    }
}

#[test]
fn findings_across_the_scanner_window_boundary() {
    // Findings that start before the byte their detector anchors on (an
    // address before its '@', a trunk "1-" before the area code, "sk" before
    // "_live_", "https" before "://"), slid across the 64 KiB window edge:
    // the scan must find the same spans in the same order everywhere.
    let stripe = ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
    let hook = [
        "https://hooks.slack.com/services/",
        "T024BE7LD/B08J5SH7Y4A/",
        "x3Yq9ZkL2mNp8RtV5wBc4DfG",
    ]
    .concat();
    let record = format!("ann.lee.smith@acme.io 1-800-555-1212 {stripe} {hook} ssn 536-90-1234 ");
    let alone: Vec<(usize, usize, Kind)> = scanner()
        .scan_to_vec(record.as_bytes())
        .iter()
        .map(|f| (f.start, f.end, f.kind))
        .collect();
    assert_eq!(alone.len(), 5, "{alone:?}");
    let window = 64 * 1024;
    for offset in (window - record.len() - 2)..(window + 2) {
        let mut text = "x".repeat(offset - 1);
        text.push(' ');
        text.push_str(&record);
        text.push_str(&"y".repeat(100));
        let shifted: Vec<(usize, usize, Kind)> = scanner()
            .scan_to_vec(text.as_bytes())
            .iter()
            .map(|f| (f.start - offset, f.end - offset, f.kind))
            .collect();
        assert_eq!(shifted, alone, "record at {offset}");
    }
}
