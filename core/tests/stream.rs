//! Streaming equals one-shot: for random inputs and random chunkings, a
//! `StreamScanner` hands out exactly the findings of `Scanner::scan_to_vec`.

use std::ops::ControlFlow;

use leaksift::{Finding, Scanner, StreamScanner};
use proptest::prelude::*;

/// Pieces that detectors care about, and filler around them.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"card 4111 1111 1111 1111 ".to_vec()),
        Just(b"4111111111111111".to_vec()),
        Just(b"5555-5555-5555-4444".to_vec()),
        Just(b"3782 822463 10005".to_vec()),
        Just(b";4111111111111111=28111010000012300000?".to_vec()),
        Just(b"%B5555555555554444^DOE/JANE^2811101000000?".to_vec()),
        Just(b"\"cvv\": \"123\"".to_vec()),
        Just(b"security code is 4321.".to_vec()),
        Just(b"order 4111111111111111 ".to_vec()),
        Just(b"1234 ".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\n".to_vec()),
        identifier_or_secret(),
        "[0-9 -]{1,40}".prop_map(String::into_bytes),
        "[a-z ]{1,20}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 1..30),
    ]
}

/// Identifiers and secrets, including those that start before the byte
/// their detector anchors on (an e-mail before its '@', a trunk "1-", the
/// "https" before "://") and those decided by bytes before them (a key name
/// before its value). Token-shaped literals are assembled at run time.
fn identifier_or_secret() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<Vec<u8>> = vec![
        b"ann.lee@acme.io ".to_vec(),
        b"1-800-555-1212 ".to_vec(),
        b"(415) 555-2671".to_vec(),
        b"+44 20 7946 0958 ".to_vec(),
        b"ssn: 536-90-1234".to_vec(),
        b"\"ssn\":\"536901234\"".to_vec(),
        b"routing 021000021 ".to_vec(),
        b"IBAN DE89 3704 0044 0532 0130 00 ".to_vec(),
        ["AKIA", "Y34FZKBOKMUTVV7A "].concat().into_bytes(),
        ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc "]
            .concat()
            .into_bytes(),
        [
            "https://hooks.slack.com/services/",
            "T024BE7LD/B08J5SH7Y4A/x3Yq9ZkL2mNp8RtV5wBc4DfG ",
        ]
        .concat()
        .into_bytes(),
        b"api_key = \"Xk29dkLq0PzM3nVb8rT1\"\n".to_vec(),
        b"secret=\"rotate Bearer ".to_vec(),
        b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ".to_vec(),
        b"postgres://crm:Xk29dkLq0Pz@db.acme.io/crm ".to_vec(),
        // Provenance markers and test values, for the commingling policy.
        b"{\"is_synthetic\": true, ".to_vec(),
        b"X-Data-Provenance: synthetic\r\n".to_vec(),
        b"id,is_synthetic,card\n".to_vec(),
        b"card 4242 4242 4242 4242 ".to_vec(),
        b"ann@example.com ".to_vec(),
        b"ssn 078-05-1120 ".to_vec(),
    ];
    proptest::sample::select(pieces)
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..300).prop_map(|pieces| pieces.concat())
}

fn streamed(scanner: &Scanner, input: &[u8], chunks: &[usize], step: usize) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut stream = StreamScanner::with_step(scanner, step);
    let mut rest = input;
    let mut sizes = chunks.iter().cycle();
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at((*sizes.next().unwrap_or(&1)).clamp(1, rest.len()));
        let _ = stream.push(chunk, |f: &Finding| {
            found.push(*f);
            ControlFlow::Continue(())
        });
        rest = tail;
    }
    let _ = stream.finish(|f: &Finding| {
        found.push(*f);
        ControlFlow::Continue(())
    });
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn stream_equals_one_shot(
        input in input(),
        chunks in proptest::collection::vec(1usize..700, 1..20),
        step in 1usize..2000,
    ) {
        // With secrets on, the margin after a finding is a whole PEM block
        // (16 KiB), so short inputs are scanned in one piece; without them
        // the margins are a few hundred bytes and the chunking is exercised.
        // (A step of a few bytes rescans the window after every few bytes,
        // which is slow in a debug build; 32 still slides it many times.)
        let policies = policy_scanners();
        for (scanner, step) in [
            (default_scanner(), step),
            (without_secrets(), step.max(32)),
            (&policies[0], step.max(32)),
            (&policies[1], step.max(32)),
        ] {
            let expected = scanner.scan_to_vec(&input);
            prop_assert_eq!(streamed(scanner, &input, &chunks, step), expected);
        }
    }
}

/// A CSV/TSV/semicolon table: a header naming some columns, then rows whose
/// fields are bare values, quoted fields holding delimiters, doubled quotes
/// and line breaks, and stray bytes.
fn table() -> impl Strategy<Value = Vec<u8>> {
    let names = proptest::sample::select(vec![
        "cvv",
        "qty",
        "ssn",
        "\"Card CVV2\"",
        "phone",
        "order_id",
        "routing_number",
        "note",
        "TIN",
        "created_at",
        // Provenance marker columns: their marking values mark the row.
        "is_synthetic",
        "\"data_provenance\"",
        "Synthetic",
    ]);
    let field = prop_oneof![
        Just("123".to_string()),
        Just("4321".to_string()),
        Just("536901234".to_string()),
        Just("912701234".to_string()),
        Just("021000021".to_string()),
        Just("4155552671".to_string()),
        Just("\" 987 \"".to_string()),
        Just("\"a,b\"\"c\"\"\n123\"".to_string()),
        Just("4111 1111 1111 1111".to_string()),
        Just("cvv: 555".to_string()),
        Just("true".to_string()),
        Just("\" TRUE \"".to_string()),
        Just("synthetic".to_string()),
        Just("false".to_string()),
        Just("ann@acme.io".to_string()),
        Just("4242424242424242".to_string()),
        Just(String::new()),
        "[0-9]{1,12}",
        "[a-z\",\t;\n ]{0,8}",
    ];
    let delimiter = proptest::sample::select(vec![",", "\t", ";"]);
    (
        delimiter,
        proptest::collection::vec(names, 1..6),
        proptest::collection::vec(proptest::collection::vec(field, 1..7), 0..40),
        proptest::sample::select(vec!["\n", "\r\n"]),
        proptest::sample::select(vec![
            "",
            "Payments report, 2026-11-23\n",
            "{\"a\":1}\nx y\n\n",
        ]),
    )
        .prop_map(|(delimiter, names, rows, newline, preamble)| {
            let mut text = preamble.to_string();
            text.push_str(&names.join(delimiter));
            text.push('\n');
            for row in rows {
                text.push_str(&row.join(delimiter));
                text.push_str(newline);
            }
            text.into_bytes()
        })
}

/// JSON lines with keys that name (or do not name) their values, nested
/// objects, JSON held in JSON strings, and query strings / form bodies.
fn structured_records() -> impl Strategy<Value = Vec<u8>> {
    let record = prop_oneof![
        Just(br#"{"card": {"cvc": "123", "number": "4111111111111111"}, "qty": 123}"#.to_vec()),
        Just(br#"{"ssn": "536901234", "order": 536901234, "ts": 1700000000123}"#.to_vec()),
        Just(br#"{"payload": "{\"cvv\":\"456\",\"amount\":789}"}"#.to_vec()),
        Just(br#"{"cvv": {"value": "321"}}"#.to_vec()),
        Just(b"card_number=4111+1111&card%5Bcvc%5D=123&qty=5".to_vec()),
        Just(b"X-Card-Cvv: 123\r\nX-Request-Id: 4567\r\n".to_vec()),
        "[a-z0-9\"{}:, ]{0,30}".prop_map(String::into_bytes),
    ];
    proptest::collection::vec(record, 0..60).prop_map(|records| records.join(&b'\n'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn structured_streams_equal_one_shot(
        input in prop_oneof![table(), structured_records()],
        chunks in proptest::collection::vec(1usize..400, 1..20),
        step in 1usize..1500,
    ) {
        let policies = policy_scanners();
        for (scanner, step) in [
            (default_scanner(), step),
            (without_secrets(), step.max(32)),
            (&policies[0], step.max(32)),
            (&policies[1], step.max(32)),
        ] {
            let expected = scanner.scan_to_vec(&input);
            prop_assert_eq!(streamed(scanner, &input, &chunks, step), expected);
        }
    }
}

#[test]
fn a_long_table_streams_like_one_shot() {
    // Quoted fields with line breaks and delimiters straddle every window
    // edge; the header is far behind every window but the first.
    // A marker column marks every other row, so the policy scanners see
    // marked, unmarked and commingled rows.
    let mut input = b"id,note,cvv,ssn,qty,is_synthetic\n".to_vec();
    for i in 0..20_000u32 {
        let row = match i % 3 {
            0 => format!(
                "{i},\"line one\nline, two \"\"{i}\"\"\",{:03},536901234,{},true\n",
                i % 1000,
                i % 7
            ),
            1 => format!(
                "{i},plain,\"{:04}\",912701234,123,\"{}\"\n",
                i % 10_000,
                ["TRUE", "false"][i as usize % 2]
            ),
            _ => format!("{i},,12,000000000,456,\r\n"),
        };
        input.extend_from_slice(row.as_bytes());
    }
    let policies = policy_scanners();
    for scanner in [without_secrets(), &policies[0], &policies[1]] {
        let expected = scanner.scan_to_vec(&input);
        assert!(expected.len() > 20_000, "{}", expected.len());
        let marked = expected
            .iter()
            .filter(|f| f.kind == leaksift::Kind::SyntheticMarker)
            .count();
        // The header cell, every `i % 3 == 0` row, and `TRUE` rows (`i % 6 == 4`).
        assert_eq!(marked, 1 + 6667 + 3333);
        for (chunks, step) in [
            (&[1usize, 13, 4093][..], 700usize),
            (&[65536], 5000),
            (&[1], 1 << 20),
        ] {
            assert_eq!(
                streamed(scanner, &input, chunks, step),
                expected,
                "chunks {chunks:?} step {step}"
            );
        }
    }
}

fn default_scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

/// Commingling policy in both environments (with a watermark key, so
/// generated values are synthetic too): records straddle chunks.
fn policy_scanners() -> &'static [Scanner; 2] {
    static SCANNERS: std::sync::OnceLock<[Scanner; 2]> = std::sync::OnceLock::new();
    SCANNERS.get_or_init(|| {
        let all = leaksift::DetectorSet::ALL.without(leaksift::Detector::Secrets);
        let key = leaksift::Key::from_bytes(&[5; 16]).expect("valid key");
        let make = |environment| {
            let config = leaksift::Config::new()
                .detectors(all)
                .environment(environment)
                .watermark_key(&key);
            Scanner::new(config).expect("valid config")
        };
        [
            make(leaksift::Environment::Production),
            make(leaksift::Environment::Synthetic),
        ]
    })
}

fn without_secrets() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        let all = leaksift::DetectorSet::ALL.without(leaksift::Detector::Secrets);
        Scanner::new(leaksift::Config::new().detectors(all)).expect("valid config")
    })
}

#[test]
fn secrets_stream_like_one_shot() {
    // Long enough that the window slides several times with the secrets'
    // margins; PEM blocks, JWTs and key-value pairs land on every offset
    // relative to the window edges.
    let body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n".repeat(3);
    let stripe = ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
    let mut input = Vec::new();
    let mut i = 0u32;
    while input.len() < 200_000 {
        let line = match i % 5 {
            0 => format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n"),
            1 => format!(
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ7{i}In0.c2lnbmF0dXJl\n"
            ),
            2 => format!("api_key = \"Xk29dkLq0PzM3nVb{i:04}rT\" key={stripe}\n"),
            3 => format!(
                "mail ann{i}@acme.io call 1-800-555-1212 {}\n",
                "x".repeat(i as usize % 97)
            ),
            _ => format!(
                "postgres://crm:Xk29dkLq0Pz{i}@db.acme.io/crm {}\n",
                "y".repeat(i as usize % 89)
            ),
        };
        input.extend_from_slice(line.as_bytes());
        i += 1;
    }
    let scanner = default_scanner();
    let expected = scanner.scan_to_vec(&input);
    assert!(expected.len() > 1000);
    for (chunks, step) in [
        (&[4096usize][..], 4096usize),
        (&[1, 7, 4093, 65536], 5000),
        (&[100_000], 1 << 20),
    ] {
        assert_eq!(
            streamed(scanner, &input, chunks, step),
            expected,
            "chunks {chunks:?} step {step}"
        );
    }
}

#[test]
fn one_byte_chunks_and_the_default_step() {
    let scanner = Scanner::default();
    let input =
        b"x card 4111 1111 1111 1111 exp 12/27 cvv: 123 ;4111111111111111=28111010000012300000? "
            .repeat(40);
    let expected = scanner.scan_to_vec(&input);
    assert!(!expected.is_empty());
    assert_eq!(streamed(&scanner, &input, &[1], 1), expected);
    assert_eq!(streamed(&scanner, &input, &[1], 1 << 20), expected);
    assert_eq!(streamed(&scanner, &input, &[4096], 300), expected);
}

#[test]
fn a_stopped_sink_stops_the_stream_but_the_stream_goes_on() {
    let scanner = Scanner::default();
    let mut stream = StreamScanner::with_step(&scanner, 1);
    // Enough input to fill the window (its margins cover a PEM block).
    let input = b"cvv=123 ".repeat(4000);
    let mut seen = 0;
    let flow = stream.push(&input, |_: &Finding| {
        seen += 1;
        ControlFlow::Break(())
    });
    assert_eq!(flow, ControlFlow::Break(()));
    assert_eq!(seen, 1);
}
