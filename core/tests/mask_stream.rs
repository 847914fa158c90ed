//! Streaming masking equals one-shot masking: for random inputs, random
//! chunkings and every kind of policy, `MaskWriter` writes exactly
//! `Masker::mask` of the whole input.

use std::io::Write;
use std::ops::ControlFlow;

use leaksift::{
    Config, Detector, DetectorSet, Key, MaskWriter, Masker, Policy, Scanner, StreamMasker,
};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = Vec<u8>> {
    let literals: Vec<Vec<u8>> = vec![
        b"card 4111 1111 1111 1111 ".to_vec(),
        b"4111111111111111".to_vec(),
        b"5555-5555-5555-4444".to_vec(),
        b"%B5555555555554444^DOE/JANE^2811101000000?".to_vec(),
        b";4111111111111111=28111010000012300000?".to_vec(),
        b"\"cvv\": \"123\"".to_vec(),
        b"cvc 4526 4181 5908 3012 5".to_vec(),
        b"order 4111111111111111 ".to_vec(),
        b"ssn: 536-90-1234 ".to_vec(),
        b"{\"ssn\":\"536901234\"}".to_vec(),
        b"routing 021000021 ".to_vec(),
        b"IBAN DE89 3704 0044 0532 0130 00 ".to_vec(),
        b"ann.lee@acme.io ".to_vec(),
        b"(415) 555-2671".to_vec(),
        b"+44 20 7946 0958 ".to_vec(),
        ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc "]
            .concat()
            .into_bytes(),
        b"api_key = \"Xk29dkLq0PzM3nVb8rT1\"\n".to_vec(),
        b"\n".to_vec(),
        b" ".to_vec(),
    ];
    prop_oneof![
        4 => proptest::sample::select(literals),
        1 => "[0-9 -]{1,40}".prop_map(String::into_bytes),
        1 => "[a-z ]{1,20}".prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 1..30),
    ]
}

/// Plain text of pieces, or a CSV table naming some of its columns.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let text = proptest::collection::vec(piece(), 0..200).prop_map(|p| p.concat());
    let row = proptest::sample::select(vec![
        "1,Ann,123,536901234,4155552671\n",
        "2,\"Lee, Bo\n(2)\",\"4567\",912701234,x\n",
        "3,,12,000000000,\"4111 1111 1111 1111\"\n",
    ]);
    let table = proptest::collection::vec(row, 0..200)
        .prop_map(|rows| format!("id,name,cvv,ssn,phone\n{}", rows.concat()).into_bytes());
    prop_oneof![3 => text, 1 => table]
}

fn policies() -> Vec<Masker> {
    let key = Key::from_hex("000102030405060708090a0b0c0d0e0f").expect("valid key");
    let rules = |rules: &[&str]| {
        rules
            .iter()
            .fold(Policy::new(), |p, r| p.parse_rule(r).expect("valid rule"))
    };
    vec![
        Masker::new(Policy::new()).unwrap(),
        Masker::new(Policy::new().pci_display(true)).unwrap(),
        Masker::new(rules(&["all=redact"])).unwrap(),
        Masker::new(rules(&["all=redact", "pan=mask", "email=mask"])).unwrap(),
        Masker::with_key(
            rules(&[
                "pan=tokenize",
                "ssn=tokenize",
                "iban=tokenize",
                "secret=tokenize",
            ]),
            &key,
        )
        .unwrap(),
        Masker::with_key(
            rules(&[
                "pan=pseudonymize",
                "email=pseudonymize",
                "phone=pseudonymize",
            ]),
            &key,
        )
        .unwrap(),
        Masker::with_key(
            rules(&["pan=tokenize", "cvv=redact", "email=pseudonymize"]),
            &key,
        )
        .unwrap(),
    ]
}

fn scanners() -> &'static [Scanner; 2] {
    static SCANNERS: std::sync::OnceLock<[Scanner; 2]> = std::sync::OnceLock::new();
    SCANNERS.get_or_init(|| {
        let no_secrets = DetectorSet::ALL.without(Detector::Secrets);
        [
            Scanner::default(),
            Scanner::new(Config::new().detectors(no_secrets)).expect("valid config"),
        ]
    })
}

fn maskers() -> &'static [Masker] {
    static MASKERS: std::sync::OnceLock<Vec<Masker>> = std::sync::OnceLock::new();
    MASKERS.get_or_init(policies)
}

fn written(
    scanner: &Scanner,
    masker: &Masker,
    input: &[u8],
    chunks: &[usize],
    step: usize,
) -> Vec<u8> {
    let stream = StreamMasker::with_step(scanner, masker, step);
    let mut writer = MaskWriter::from_stream(stream, Vec::new());
    let mut rest = input;
    let mut sizes = chunks.iter().cycle();
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at((*sizes.next().unwrap_or(&1)).clamp(1, rest.len()));
        writer.write_all(chunk).expect("writing to a Vec");
        rest = tail;
    }
    writer.finish().expect("finishing into a Vec")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mask_writer_equals_one_shot_mask(
        input in input(),
        chunks in proptest::collection::vec(1usize..3000, 1..12),
        policy in 0usize..7,
        step in 1usize..4000,
    ) {
        let masker = &maskers()[policy];
        // Small steps make the window slide many times over short inputs
        // (with the secrets' 16 KiB margins only the second scanner does).
        for scanner in scanners() {
            let expected = masker.mask(scanner, &input).expect("one-shot mask");
            prop_assert_eq!(written(scanner, masker, &input, &chunks, step.max(64)), expected);
        }
    }
}

#[test]
fn every_policy_on_a_long_input_in_odd_chunks() {
    let record = b"card 4111 1111 1111 1111 cvv: 123; %B4111111111111111^DOE/J^2712101000000?;\n\
                   ;5555555555554444=27121010000000000? cvc 4526 4181 5908 3012 5 x \
                   ssn 536-90-1234 mail ann.lee@acme.io tel (415) 555-2671 ";
    let mut input = Vec::new();
    for i in 0..400 {
        input.extend_from_slice(&record[..(i * 7) % record.len()]);
        input.extend_from_slice(record);
    }
    for masker in maskers() {
        for scanner in scanners() {
            let expected = masker.mask(scanner, &input).expect("one-shot mask");
            assert_ne!(expected, input);
            for chunks in [&[1usize][..], &[7, 64, 1000], &[70_000], &[input.len()]] {
                assert_eq!(
                    written(scanner, masker, &input, chunks, 3000),
                    expected,
                    "chunks {chunks:?} policy {:?}",
                    masker.policy()
                );
            }
        }
    }
}

#[test]
fn a_stopped_output_stops_the_stream() {
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).unwrap();
    let mut stream = StreamMasker::new(&scanner, &masker);
    let input = b"cvv=123 ".repeat(40_000);
    let flow = stream
        .push(&input, |_: &[u8]| ControlFlow::Break(()))
        .expect("masking");
    assert_eq!(flow, ControlFlow::Break(()));
}

#[test]
fn the_summary_counts_what_was_masked() {
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).unwrap();
    let mut stream = StreamMasker::new(&scanner, &masker);
    let mut out = Vec::new();
    let mut collect = |run: &[u8]| {
        out.extend_from_slice(run);
        ControlFlow::Continue(())
    };
    for _ in 0..1000 {
        let flow = stream.push(b"cvv 123, card 4111 1111 1111 1111\n", &mut collect);
        assert_eq!(flow.expect("masking"), ControlFlow::Continue(()));
    }
    let flow = stream.finish(&mut collect).expect("masking");
    assert_eq!(flow, ControlFlow::Continue(()));
    let summary = stream.summary();
    assert_eq!((summary.findings, summary.masked), (2000, 2000));
    assert_eq!(out, b"cvv ***, card **** **** **** 1111\n".repeat(1000));
}
