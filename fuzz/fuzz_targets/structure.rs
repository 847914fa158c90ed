//! Structure-aware inputs: the first byte picks a shape (CSV, TSV, JSON
//! lines, query strings / HTTP headers), the rest are tokens of that shape
//! (header names, values, delimiters, quotes, line breaks, escapes) with raw
//! bytes mixed in. Checks: no panic; findings in bounds, ordered, no kind
//! overlapping itself; streaming (chunk sizes from the input) equals the
//! one-shot scan; streaming masking (the mask or the redact policy, by the
//! first byte's top bit) equals one-shot masking.
#![no_main]

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use leaksift::{
    Config, Detector, DetectorSet, Finding, MaskWriter, Masker, Policy, Scanner, StreamMasker,
    StreamScanner,
};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
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
    "cid",
    "Social Security Number",
    "mobile",
    "security_code",
];
const VALUES: &[&str] = &[
    "123",
    "4321",
    "12",
    "536901234",
    "912701234",
    "021000021",
    "4155552671",
    "1700000000123",
    "4111 1111 1111 1111",
    "4111111111111111",
    "\" 987 \"",
    "\"a,b\"\"c\"\"\n123\"",
    "",
    "536-90-1234",
    "cvv: 555",
    "n/a",
    "12/25",
];
const JSON_KEYS: &[&str] = &[
    "cvv",
    "cvc",
    "card",
    "qty",
    "ssn",
    "order",
    "payload",
    "routingNumber",
    "phone",
    "value",
    "ts",
    "number",
];
const QUERY: &[&str] = &[
    "card_number=",
    "cvv=",
    "card[cvc]=",
    "card%5Bcvc%5D=",
    "qty=",
    "&",
    "?",
    "X-Card-Cvv: ",
    "X-Request-Id: ",
    "\r\n",
    "ssn%3D",
    "+",
];

fn build(data: &[u8]) -> Vec<u8> {
    let Some((&shape, tokens)) = data.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let pick = |list: &[&str], b: u8| list[usize::from(b) % list.len()].as_bytes().to_vec();
    match shape % 4 {
        0 | 1 => {
            let delimiter: &[u8] = if shape % 4 == 0 { b"," } else { b"\t" };
            let columns = usize::from(tokens.first().copied().unwrap_or(1) % 6) + 1;
            for (i, b) in tokens.iter().take(columns).enumerate() {
                if i > 0 {
                    out.extend_from_slice(delimiter);
                }
                out.extend_from_slice(&pick(NAMES, *b));
            }
            out.push(b'\n');
            for (i, &b) in tokens.iter().skip(columns).enumerate() {
                match b >> 5 {
                    0..=4 => out.extend_from_slice(&pick(VALUES, b)),
                    5 => out.push(b),
                    _ => {}
                }
                if (i + 1) % columns == 0 {
                    out.extend_from_slice(if b & 1 == 0 { b"\n" } else { b"\r\n" });
                } else {
                    out.extend_from_slice(delimiter);
                }
            }
        }
        2 => {
            for (i, &b) in tokens.iter().enumerate() {
                match b % 8 {
                    0 => out.extend_from_slice(b"{\""),
                    1 => out.extend_from_slice(b"\": "),
                    2 => out.extend_from_slice(&pick(JSON_KEYS, b >> 3)),
                    3 => out.extend_from_slice(&pick(VALUES, b >> 3)),
                    4 => out.extend_from_slice(if b & 8 == 0 { b"\\\"" } else { b"\\u002d" }),
                    5 => out.extend_from_slice(b"}\n"),
                    6 => out.extend_from_slice(b", \""),
                    _ => out.push(tokens.get(i + 1).copied().unwrap_or(b' ')),
                }
            }
        }
        _ => {
            for &b in tokens {
                match b % 3 {
                    0 => out.extend_from_slice(&pick(QUERY, b / 3)),
                    1 => out.extend_from_slice(&pick(VALUES, b / 3)),
                    _ => out.push(b),
                }
            }
        }
    }
    out
}

fn scanners() -> &'static [Scanner; 2] {
    static SCANNERS: OnceLock<[Scanner; 2]> = OnceLock::new();
    SCANNERS.get_or_init(|| {
        let without_secrets = DetectorSet::ALL.without(Detector::Secrets);
        [
            Scanner::default(),
            Scanner::new(Config::new().detectors(without_secrets)).expect("valid config"),
        ]
    })
}

fn maskers() -> &'static [Masker; 2] {
    static MASKERS: OnceLock<[Masker; 2]> = OnceLock::new();
    MASKERS.get_or_init(|| {
        let redact = Policy::new().parse_rule("all=redact").expect("valid rule");
        [
            Masker::new(Policy::new()).expect("valid policy"),
            Masker::new(redact).expect("valid policy"),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&chunk_seed, rest)) = data.split_first() else {
        return;
    };
    let input = build(rest);
    let [every_detector, without_secrets] = scanners();
    check_findings(&input, &every_detector.scan_to_vec(&input));
    // Streams are checked with the scanner whose margins are a few hundred
    // bytes: with the secrets' 16 KiB margins a fuzz input fits in one
    // window and the stream is a one-shot scan.
    let scanner = without_secrets;
    let expected = scanner.scan_to_vec(&input);
    check_findings(&input, &expected);
    assert_eq!(
        streamed(scanner, &input, chunk_seed),
        expected,
        "stream differs"
    );
    let masker = &maskers()[usize::from(chunk_seed >> 7)];
    let one_shot = masker
        .mask(scanner, &input)
        .expect("masking never fails here");
    let step = usize::from(chunk_seed % 8) * 127 + 128;
    let stream = StreamMasker::with_step(scanner, masker, step);
    let mut writer = MaskWriter::from_stream(stream, Vec::new());
    for chunk in input.chunks(usize::from(chunk_seed % 64) + 1) {
        writer.write_all(chunk).expect("writing to a Vec");
    }
    assert_eq!(
        writer.finish().expect("finishing"),
        one_shot,
        "mask stream differs"
    );
});

fn check_findings(input: &[u8], findings: &[Finding]) {
    let mut ends = std::collections::HashMap::new();
    for pair in findings.windows(2) {
        let key = |f: &Finding| (f.start, f.end, f.kind);
        assert!(
            key(&pair[0]) < key(&pair[1]),
            "findings out of order or repeated"
        );
    }
    for f in findings {
        assert!(
            f.start < f.end && f.end <= input.len(),
            "a span out of bounds"
        );
        let end = ends.entry(f.kind).or_insert(0);
        assert!(*end <= f.start, "a kind overlaps itself");
        *end = f.end;
    }
}

fn streamed(scanner: &Scanner, input: &[u8], chunk_seed: u8) -> Vec<Finding> {
    let mut found = Vec::new();
    // Steps of 64..979 bytes slide the window several times over inputs of
    // a few KiB (the `stream` target covers tiny steps); each slide rescans
    // the margins, so tiny steps here made the target a hundred times slower.
    let step = usize::from(chunk_seed % 16) * 61 + 64;
    let mut stream = StreamScanner::with_step(scanner, step);
    let mut size = usize::from(chunk_seed % 31) + 1;
    let mut rest = input;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        let _ = stream.push(chunk, |f: &Finding| {
            found.push(*f);
            ControlFlow::Continue(())
        });
        rest = tail;
        size = (size * 5 + 3) % 97 + 1;
    }
    let _ = stream.finish(|f: &Finding| {
        found.push(*f);
        ControlFlow::Continue(())
    });
    found
}
