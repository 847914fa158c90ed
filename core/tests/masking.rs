//! Properties of masking, tokenizing and pseudonymizing through the public
//! API: lengths kept, bytes outside findings untouched, tokens reversible
//! and never card numbers, masked output free of cardholder data.

use leaksift::{
    luhn_check_digit, luhn_valid, Action, CardTokens, ErrorKind, Finding, Key, Kind, LuhnMode,
    Masker, OnFailure, Policy, Scanner,
};
use proptest::prelude::*;

fn key() -> Key {
    Key::from_hex("2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94").unwrap()
}

/// A Luhn-valid card number of a brand the scanner knows, with its digits.
fn pan() -> impl Strategy<Value = String> {
    let brands = prop::sample::select(vec![
        ("4", 16usize),
        ("4", 13),
        ("4", 19),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("34", 15),
        ("37", 15),
        ("6011", 16),
        ("3528", 16),
    ]);
    (brands, prop::collection::vec(0u8..10, 19)).prop_map(|((prefix, len), random)| {
        let mut digits: Vec<u8> = prefix.bytes().collect();
        digits.extend(random.iter().map(|d| b'0' + d).take(len - 1 - prefix.len()));
        digits.push(luhn_check_digit(&digits));
        String::from_utf8(digits).unwrap()
    })
}

/// A card number printed as real systems print it.
fn printed_pan() -> impl Strategy<Value = String> {
    (pan(), prop::sample::select(vec!["", " ", "-"])).prop_map(|(digits, sep)| {
        if sep.is_empty() {
            return digits;
        }
        let groups: Vec<&str> = if digits.len() == 15 {
            vec![&digits[..4], &digits[4..10], &digits[10..]]
        } else {
            digits
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect()
        };
        groups.join(sep)
    })
}

/// Records mixing cardholder data with filler, the way logs and exports do.
fn record() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        printed_pan().prop_map(|p| format!("card {p} ")),
        pan().prop_map(|p| format!(";{p}=25121010000012300000? ")),
        pan().prop_map(|p| format!("%B{p}^DOE/JANE^2512101000000000000? ")),
        (100u32..10000).prop_map(|c| format!("\"cvv\": \"{c}\", ")),
        "[a-zA-Z0-9 ,.:=\"{}_-]{0,40}",
        "order [0-9]{6,20} ",
        prop::collection::vec(any::<u8>(), 0..12)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat().into_bytes())
}

fn card_tokens() -> impl Strategy<Value = CardTokens> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(keep_bin, keep_last_four, valid)| {
        CardTokens {
            keep_bin,
            keep_last_four,
            luhn: if valid {
                LuhnMode::Valid
            } else {
                LuhnMode::Fail
            },
            shrink: true,
        }
    })
}

fn length_preserving_policy() -> impl Strategy<Value = Policy> {
    (
        prop::sample::select(vec![Action::Mask, Action::Tokenize, Action::Pseudonymize]),
        any::<bool>(),
        card_tokens(),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(pan_action, pci, cards, tweak)| {
            Policy::new()
                .set(Kind::Pan, pan_action)
                .pci_display(pci)
                .card_tokens(cards)
                .tweak(&tweak)
                .unwrap()
        })
}

fn digits_of(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(u8::is_ascii_digit).collect()
}

/// The merged spans findings cover.
fn covered(findings: &[Finding], len: usize) -> Vec<bool> {
    let mut covered = vec![false; len];
    for f in findings {
        covered[f.start..f.end].iter_mut().for_each(|c| *c = true);
    }
    covered
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn masking_keeps_length_and_everything_outside_findings(
        input in record(),
        policy in length_preserving_policy(),
    ) {
        let scanner = Scanner::default();
        let masker = Masker::with_key(policy, &key()).unwrap();
        let findings = scanner.scan_to_vec(&input);
        let mut in_place = input.clone();
        let summary = masker.mask_in_place(&scanner, &mut in_place).unwrap();
        prop_assert_eq!(in_place.len(), input.len());
        prop_assert_eq!(summary.findings, findings.len());
        let covered = covered(&findings, input.len());
        for (i, (&before, &after)) in input.iter().zip(&in_place).enumerate() {
            if !covered[i] {
                prop_assert_eq!(before, after, "byte {} outside every finding changed", i);
            } else if !before.is_ascii_alphanumeric() && before.is_ascii() {
                prop_assert_eq!(before, after, "separator {} changed", i);
            }
        }
        // Every way of masking gives the same bytes.
        let mut into = vec![0; input.len()];
        prop_assert_eq!(masker.mask_into(&scanner, &input, &mut into).unwrap(), summary);
        prop_assert_eq!(&into, &in_place);
        let mut applied = input.clone();
        prop_assert_eq!(masker.apply_in_place(&findings, &mut applied).unwrap(), summary);
        prop_assert_eq!(&applied, &in_place);
        prop_assert_eq!(masker.mask(&scanner, &input).unwrap(), in_place);
    }

    #[test]
    fn masked_output_holds_no_cardholder_data(input in record(), policy in length_preserving_policy()) {
        let scanner = Scanner::default();
        let luhn_valid_tokens = policy.action(Kind::Pan) != Action::Mask
            && policy.card_tokens_config().luhn == LuhnMode::Valid;
        let masker = Masker::with_key(policy, &key()).unwrap();
        let mut masked = input.clone();
        masker.mask_in_place(&scanner, &mut masked).unwrap();
        masker.settle(&scanner, &mut masked);
        let cardholder = [Kind::Pan, Kind::Cvv, Kind::TrackData];
        for f in scanner.scan_to_vec(&masked).into_iter().filter(|f| cardholder.contains(&f.kind)) {
            prop_assert!(
                f.kind == Kind::Pan && luhn_valid_tokens,
                "{:?} found in masked output {:?}", f, String::from_utf8_lossy(&masked)
            );
        }
    }

    #[test]
    fn redacting_then_settling_leaves_only_labels(input in record()) {
        let scanner = Scanner::default();
        let masker = Masker::new(Policy::new().set_all(Action::Redact)).unwrap();
        let mut out = masker.mask(&scanner, &input).unwrap();
        // Redaction shortens the text, which can bring a context word within
        // reach of a number the input scan judged too weak to report
        // (`card [PAN] …card 4000000000006`); `settle` masks what that
        // exposes, as the CLI does after every mask.
        masker.settle(&scanner, &mut out);
        let cardholder = [Kind::Pan, Kind::Cvv, Kind::TrackData];
        prop_assert!(scanner.scan_to_vec(&out).iter().all(|f| !cardholder.contains(&f.kind)));
        // Random bytes may hold other kinds too (`0@0.\u{fffd}` is an
        // e-mail address): every kind's label counts.
        let labels: Vec<String> = Kind::ALL.iter().map(|k| format!("[{}]", k.as_str().to_ascii_uppercase())).collect();
        let count = labels.iter().map(|l| out.windows(l.len()).filter(|w| w == &l.as_bytes()).count()).sum::<usize>();
        prop_assert!(count >= covered_runs(&scanner.scan_to_vec(&input)));
    }

    #[test]
    fn tokens_round_trip_and_are_not_card_numbers(
        printed in printed_pan(),
        cards in card_tokens(),
        tweak in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let policy = Policy::new().card_tokens(cards).tweak(&tweak).unwrap();
        let masker = Masker::with_key(policy, &key()).unwrap();
        let original = printed.clone().into_bytes();
        let mut token = original.clone();
        masker.tokenize(Kind::Pan, &mut token).unwrap();
        prop_assert_eq!(token.len(), original.len());
        for (&o, &t) in original.iter().zip(&token) {
            prop_assert_eq!(o.is_ascii_digit(), t.is_ascii_digit());
            if !o.is_ascii_digit() {
                prop_assert_eq!(o, t);
            }
        }
        let (od, td) = (digits_of(&original), digits_of(&token));
        let (first, last) = cards.kept_digits(od.len()).unwrap();
        prop_assert_eq!(&od[..first], &td[..first]);
        prop_assert_eq!(&od[od.len() - last..], &td[td.len() - last..]);
        prop_assert_eq!(luhn_valid(&td), cards.luhn == LuhnMode::Valid);
        if cards.luhn == LuhnMode::Fail {
            let context = [b"card number: ".as_slice(), &token, b" ok"].concat();
            prop_assert!(Scanner::default().scan_to_vec(&context).iter().all(|f| f.kind != Kind::Pan));
        }
        masker.detokenize(Kind::Pan, &mut token).unwrap();
        prop_assert_eq!(token, original);
    }

    #[test]
    fn pseudonyms_are_deterministic_and_keep_format(printed in printed_pan(), cards in card_tokens()) {
        let masker = Masker::with_key(Policy::new().card_tokens(cards), &key()).unwrap();
        let mut a = printed.clone().into_bytes();
        let mut b = printed.clone().into_bytes();
        masker.pseudonymize(Kind::Pan, &mut a).unwrap();
        masker.pseudonymize(Kind::Pan, &mut b).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.len(), printed.len());
        prop_assert_eq!(luhn_valid(&digits_of(&a)), cards.luhn == LuhnMode::Valid);
        // The same card printed differently gets the same digits.
        let mut plain = digits_of(printed.as_bytes());
        masker.pseudonymize(Kind::Pan, &mut plain).unwrap();
        prop_assert_eq!(plain, digits_of(&a));
    }
}

/// Number of separate (merged) spans.
fn covered_runs(findings: &[Finding]) -> usize {
    let mut runs = 0;
    let mut end = 0;
    for f in findings {
        if runs == 0 || f.start >= end {
            runs += 1;
        }
        end = end.max(f.end);
    }
    runs
}

#[test]
fn default_masks_as_documented() {
    let scanner = Scanner::default();
    let input = b"card 4111 1111 1111 1111 cvv: 123 track ;4111111111111111=25121010000012300000?";
    let masker = Masker::new(Policy::new()).unwrap();
    let out = masker.mask(&scanner, input).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "card **** **** **** 1111 cvv: *** track ;****************=********************?"
    );
    let pci = Masker::new(Policy::new().pci_display(true).mask_char('X').unwrap()).unwrap();
    let out = pci.mask(&scanner, b"amex 3782 822463 10005.").unwrap();
    assert_eq!(out, b"amex 3782 82XXXX X0005.");
}

#[test]
fn display_mask_is_the_policy_mask() {
    let scanner = Scanner::default();
    let input = b"4111-1111-1111-1111 cvv=1234 %B4111111111111111^DOE/JOHN^2512101000000000000?";
    let masker = Masker::new(Policy::new()).unwrap();
    for f in scanner.scan_to_vec(input) {
        let mut value = input[f.span()].to_vec();
        masker.mask_value(f.kind, &mut value);
        assert_eq!(f.masked(input).to_string().into_bytes(), value, "{f:?}");
    }
}

#[test]
fn tiny_domains_are_refused_or_masked() {
    // Keeping the BIN and last four of a 16-digit card leaves six free
    // digits, one of them the Luhn slot: without shrinking that is refused.
    let strict = CardTokens {
        keep_bin: true,
        shrink: false,
        ..CardTokens::default()
    };
    let masker = Masker::with_key(
        Policy::new()
            .set(Kind::Pan, Action::Tokenize)
            .card_tokens(strict),
        &key(),
    )
    .unwrap();
    let mut pan = *b"4111111111111111";
    let err = masker.tokenize(Kind::Pan, &mut pan).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DomainTooSmall { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("1,000,000"), "{err}");
    assert_eq!(&pan, b"4111111111111111");
    // A 19-digit one is fine.
    let mut long = *b"411111111111111111_";
    long[18] = luhn_check_digit(&long[..18]);
    masker.tokenize(Kind::Pan, &mut long).unwrap();
    assert_eq!(&long[..6], b"411111");

    // Masking falls back to the kind's mask and says so...
    let scanner = Scanner::default();
    let mut record = *b"card 4111 1111 1111 1111";
    let summary = masker.mask_in_place(&scanner, &mut record).unwrap();
    assert_eq!(&record, b"card **** **** **** 1111");
    assert_eq!((summary.fallbacks, summary.tokenized), (1, 0));
    // ...or stops, with the value still masked.
    let failing =
        Masker::with_key(masker.policy().clone().on_failure(OnFailure::Error), &key()).unwrap();
    let mut record = *b"card 4111 1111 1111 1111";
    assert!(failing.mask_in_place(&scanner, &mut record).is_err());
    assert_eq!(&record, b"card **** **** **** 1111");
}

#[test]
fn pci_display_never_shows_a_partial_bin() {
    // Found by fuzzing: three shown digits of a 13-digit card number right
    // after "Cvv" read as a security code.
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new().pci_display(true)).unwrap();
    let out = masker
        .mask(&scanner, br#""card":!{"Cvv"4526018159012 sa"#)
        .unwrap();
    assert_eq!(out, br#""card":!{"Cvv"*********9012 sa"#);
    assert!(scanner.scan_to_vec(&out).is_empty());
}

#[test]
fn settling_masks_what_masking_exposed() {
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).unwrap();
    // Found by fuzzing: the code is masked, then the digits after it are no
    // longer the middle of a longer number.
    let input = br#"{"cvc":)"4526 4181 5908 3012 5 702"#;
    let mut out = input.to_vec();
    masker.mask_in_place(&scanner, &mut out).unwrap();
    assert!(scanner
        .scan_to_vec(&out)
        .iter()
        .any(|f| f.kind == Kind::Pan));
    assert_eq!(masker.settle(&scanner, &mut out), 1);
    assert!(scanner.scan_to_vec(&out).is_empty());
    assert_eq!(masker.settle(&scanner, &mut out), 0);
    assert_eq!(&out, br#"{"cvc":)"**** **** **** **** * 702"#);
}

#[test]
fn redaction_needs_the_allocating_calls() {
    let masker = Masker::new(Policy::new().set(Kind::Cvv, Action::Redact)).unwrap();
    let mut buf = *b"cvv 123";
    let err = masker
        .mask_in_place(&Scanner::default(), &mut buf)
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::LengthMismatch { .. }));
    assert_eq!(
        masker.mask(&Scanner::default(), &buf).unwrap(),
        b"cvv [CVV]"
    );
}

#[test]
fn in_place_masking_has_no_limit_on_findings() {
    let scanner = Scanner::default();
    let mut input = Vec::new();
    for i in 0..5000 {
        let line = match i % 3 {
            0 => "cvv=123\n".to_owned(),
            1 => format!("card 4111 1111 1111 1111 ref {i}\n"),
            _ => ";4111111111111111=25121010000012300000?\n".to_owned(),
        };
        input.extend_from_slice(line.as_bytes());
    }
    let masker = Masker::new(Policy::new()).unwrap();
    let mut in_place = input.clone();
    let summary = masker.mask_in_place(&scanner, &mut in_place).unwrap();
    let findings = scanner.scan_to_vec(&input);
    assert_eq!(summary.findings, findings.len());
    assert!(summary.spans > 3 * leaksift::MAX_IN_PLACE_SPANS);
    let mut out = vec![0; input.len()];
    assert_eq!(
        masker.mask_into(&scanner, &input, &mut out).unwrap(),
        summary
    );
    assert_eq!(in_place, out);
    assert!(scanner.scan_to_vec(&out).is_empty());
}

#[test]
fn tokens_differ_by_key_and_tweak_and_stay_stable() {
    let pan = b"5555-5555-5555-4444";
    let token = |key: &Key, tweak: &[u8]| {
        let masker = Masker::with_key(Policy::new().tweak(tweak).unwrap(), key).unwrap();
        let mut value = *pan;
        masker.tokenize(Kind::Pan, &mut value).unwrap();
        value
    };
    let other = Key::from_bytes(&[9; 16]).unwrap();
    assert_eq!(token(&key(), b""), token(&key(), b""));
    assert_ne!(token(&key(), b""), token(&key(), b"tenant-2"));
    assert_ne!(token(&key(), b""), token(&other, b""));
    // Detokenizing under the wrong tweak does not restore the original.
    let t = token(&key(), b"a");
    let masker = Masker::with_key(Policy::new().tweak(b"b").unwrap(), &key()).unwrap();
    let mut value = t;
    let restored = masker.detokenize(Kind::Pan, &mut value);
    assert!(restored.is_err() || &value != pan);
}

/// The input proptest found: the 13-digit number is too far from `card` to be
/// reported until redaction pulls the word closer.
#[test]
fn redaction_can_expose_a_number_and_settle_masks_it() {
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new().set_all(Action::Redact)).unwrap();
    let input = "card 4000000000000002 \u{fffd}\u{fffd}Acard 4000000000006 ".as_bytes();
    let mut out = masker.mask(&scanner, input).unwrap();
    let pans = |b: &[u8]| {
        scanner
            .scan_to_vec(b)
            .iter()
            .filter(|f| f.kind == Kind::Pan)
            .count()
    };
    assert_eq!(pans(input), 1);
    assert_eq!(pans(&out), 1, "redaction exposed the second number");
    assert_eq!(masker.settle(&scanner, &mut out), 1);
    assert_eq!(pans(&out), 0);
}

/// The value the C API fuzz target found: its token began with `hf_`, a
/// credential prefix the value did not have, so detokenizing kept `hf_` and
/// decrypted only the rest.
#[test]
fn a_secret_token_never_gains_a_credential_prefix() {
    let masker = Masker::with_key(Policy::new(), &Key::from_bytes(&[b'k'; 32]).unwrap()).unwrap();
    let original = b"id_tokeneyJhbGc0181card46keypypitar5EYIdebiHtEREtok".to_vec();
    let mut value = original.clone();
    masker.tokenize(Kind::Secret, &mut value).unwrap();
    assert!(!value.starts_with(b"hf_"));
    masker.detokenize(Kind::Secret, &mut value).unwrap();
    assert_eq!(value, original);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Two lower-case letters and `_`: one token in 676 would start with
    /// `hf_` (a Hugging Face prefix) without cycle walking.
    #[test]
    fn secret_tokens_round_trip(value in "[a-z]{2}_[a-zA-Z0-9]{6,24}") {
        let masker = Masker::with_key(Policy::new(), &key()).unwrap();
        let original = value.into_bytes();
        let mut token = original.clone();
        masker.tokenize(Kind::Secret, &mut token).unwrap();
        masker.detokenize(Kind::Secret, &mut token).unwrap();
        prop_assert_eq!(token, original);
    }
}
