//! Property tests for the card detectors, against independent oracles.

use leaksift::{card_brand, Finding, Kind, Scanner, Subkind};
use proptest::prelude::*;

/// Textbook Luhn, independent of the library's table-driven one.
fn luhn_oracle(digits: &[u8]) -> bool {
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Issuer prefixes chosen to be unambiguous (no carved-out range of another
/// brand starts with them), with the lengths the brand issues.
const BRANDS: &[(Subkind, &[&str], &[usize])] = &[
    (
        Subkind::Visa,
        &["411111", "424242", "400012", "453201", "476173", "491761"],
        &[13, 16, 19],
    ),
    (
        Subkind::Mastercard,
        &["51", "52", "53", "54", "55", "2221", "2345", "2720"],
        &[16],
    ),
    (Subkind::Amex, &["34", "37"], &[15]),
    (
        Subkind::Discover,
        &["6011", "644", "649", "622126", "622925"],
        &[16, 17, 18, 19],
    ),
    (Subkind::Jcb, &["3528", "3555", "3589"], &[16, 17, 18, 19]),
    (
        Subkind::DinersClub,
        &["300", "305", "3095", "36"],
        &[14, 15, 16, 17, 18, 19],
    ),
    (
        Subkind::UnionPay,
        &["620", "621", "625", "8100", "8171"],
        &[16, 17, 18, 19],
    ),
    (
        Subkind::Maestro,
        &[
            "5018", "5020", "5038", "5893", "6304", "6759", "6761", "6763",
        ],
        &[12, 13, 14, 15, 16, 17, 18, 19],
    ),
    (Subkind::Mir, &["2200", "2204"], &[16, 17, 18, 19]),
    (Subkind::RuPay, &["508500", "607000", "652150"], &[16]),
    (
        Subkind::Elo,
        &["401178", "509123", "650031", "636368"],
        &[16],
    ),
    (
        Subkind::Verve,
        &["506099", "507900", "650010"],
        &[16, 18, 19],
    ),
];

/// A random Luhn-valid card number of a listed brand.
fn card() -> impl Strategy<Value = (Subkind, String)> {
    (0..BRANDS.len()).prop_flat_map(|b| {
        let (brand, prefixes, lengths) = BRANDS[b];
        (
            proptest::sample::select(prefixes),
            proptest::sample::select(lengths),
            proptest::collection::vec(0u8..10, 19),
        )
            .prop_map(move |(prefix, len, random)| {
                let mut digits: Vec<u8> = prefix.bytes().collect();
                digits.extend(random.iter().map(|d| b'0' + d).take(len - 1 - prefix.len()));
                let check = (b'0'..=b'9')
                    .find(|c| {
                        let mut full = digits.clone();
                        full.push(*c);
                        luhn_oracle(&full)
                    })
                    .expect("some check digit works");
                digits.push(check);
                (brand, String::from_utf8(digits).expect("digits"))
            })
    })
}

/// The printed groupings a card of `len` digits can have.
fn groupings(len: usize) -> Vec<Vec<usize>> {
    let mut out = vec![vec![len]];
    let mut fours = vec![4; len / 4];
    if !len.is_multiple_of(4) {
        fours.push(len % 4);
    }
    out.push(fours);
    match len {
        15 => out.push(vec![4, 6, 5]),
        14 => out.push(vec![4, 6, 4]),
        _ => {}
    }
    out
}

fn printed(digits: &str, groups: &[usize], separator: char) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(&digits[at..at + g]);
        at += g;
    }
    out
}

/// Text with no letters, digits or underscores (which join words) in any script.
fn non_alphanumeric(max: usize) -> impl Strategy<Value = String> {
    // Punctuation, controls, symbols and emoji; the filter only trims the
    // few letters these ranges hold.
    let ranges = vec![
        '\0'..='/',
        ':'..='@',
        '['..='^',
        '`'..='`',
        '{'..='\u{7f}',
        '\u{a0}'..='\u{bf}',
        '\u{2000}'..='\u{206f}',
        '\u{1f300}'..='\u{1f5ff}',
    ];
    let separator = proptest::char::ranges(ranges.into())
        .prop_filter("not alphanumeric", |c| !c.is_alphanumeric() && *c != '_');
    proptest::collection::vec(separator, 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn check_invariants(input: &[u8], findings: &[Finding]) -> Result<(), TestCaseError> {
    for pair in findings.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        prop_assert!(
            (a.start, a.end, a.kind) < (b.start, b.end, b.kind),
            "out of order: {a:?} {b:?}"
        );
    }
    for kind in Kind::ALL {
        let spans: Vec<_> = findings.iter().filter(|f| f.kind == kind).collect();
        for pair in spans.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "{kind} overlaps itself");
        }
    }
    for f in findings {
        prop_assert!(f.start < f.end && f.end <= input.len());
        prop_assert!(f.confidence <= 100);
        if f.kind == Kind::Pan {
            let digits: Vec<u8> = input[f.span()]
                .iter()
                .copied()
                .filter(u8::is_ascii_digit)
                .collect();
            prop_assert!(luhn_oracle(&digits), "reported PAN fails Luhn");
            prop_assert_eq!(card_brand(&digits), Some(f.subkind));
        }
    }
    Ok(())
}

/// One scanner for every generated case: building one compiles its keyword
/// searches, which costs milliseconds in a debug build.
fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_printed_card_is_found(
        (brand, digits) in card(),
        grouping in any::<prop::sample::Index>(),
        dash in any::<bool>(),
        before in non_alphanumeric(20),
        after in non_alphanumeric(20),
    ) {
        let options = groupings(digits.len());
        let groups = &options[grouping.index(options.len())];
        let number = printed(&digits, groups, if dash { '-' } else { ' ' });
        // Short contiguous numbers are only reported with a card word nearby.
        let context = if groups.len() == 1 && digits.len() < 14 { "card " } else { "" };
        let text = format!("{before}{context}{number}{after}");
        let start = before.len() + context.len();
        let findings = scanner().scan_to_vec(text.as_bytes());
        let pans: Vec<_> = findings.iter().filter(|f| f.kind == Kind::Pan).collect();
        prop_assert_eq!(pans.len(), 1, "text {:?} findings {:?}", text, findings);
        prop_assert_eq!((pans[0].start, pans[0].end), (start, start + number.len()));
        prop_assert_eq!(pans[0].subkind, brand);
    }

    #[test]
    fn a_wrong_check_digit_is_never_a_card((_, digits) in card(), before in non_alphanumeric(10)) {
        let mut wrong = digits.into_bytes();
        let last = wrong.len() - 1;
        wrong[last] = b'0' + (wrong[last] - b'0' + 1) % 10;
        let text = [format!("card {before}").as_bytes(), &wrong[..]].concat();
        let findings = scanner().scan_to_vec(&text);
        prop_assert!(findings.iter().all(|f| f.kind != Kind::Pan));
    }

    #[test]
    fn digit_heavy_text_keeps_the_invariants(text in "([0-9]{1,20}[ -]?|card |cvv: |[=^;%?B.]|[a-z]{1,3} ){0,60}") {
        let findings = scanner().scan_to_vec(text.as_bytes());
        check_invariants(text.as_bytes(), &findings)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let findings = scanner().scan_to_vec(&bytes);
        check_invariants(&bytes, &findings)?;
    }
}

#[test]
fn empty_and_tiny_inputs() {
    let scanner = Scanner::default();
    for input in [
        &b""[..],
        b"\0",
        b"4",
        b"cvv",
        b"\xff\xfe\x00",
        b"%B",
        b";4111111111111111=",
    ] {
        let findings = scanner.scan_to_vec(input);
        assert!(findings.iter().all(|f| f.end <= input.len()));
    }
}

#[test]
fn long_adversarial_inputs_finish() {
    let scanner = Scanner::default();
    let size = 1 << 20;
    let inputs: [Vec<u8>; 5] = [
        vec![b'7'; size],
        b"4111 ".repeat(size / 5),
        b"cvv:".repeat(size / 4),
        b"1-".repeat(size / 2),
        b"%B4111111111111111^".repeat(size / 19),
    ];
    for input in &inputs {
        let findings = scanner.scan_to_vec(input);
        assert!(findings.iter().all(|f| f.end <= input.len()));
    }
    assert!(
        scanner.scan_to_vec(&inputs[0]).is_empty(),
        "a megabyte of digits holds no card"
    );
}
