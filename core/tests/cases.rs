//! Runs the shared detection cases in `testdata/cases.jsonl` (see its README).

use leaksift::{Finding, Kind, Scanner};

/// An expected finding: kind name, subkind name, byte span.
type Expected = (String, String, usize, usize);

/// Strips the ⟦kind/subkind|value⟧ markers, returning the input and the
/// expected findings in span order.
fn parse(marked: &str) -> (String, Vec<Expected>) {
    let mut text = String::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut expected = Vec::new();
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '⟦' => {
                let bar = rest.find('|').expect("a marker has a '|'");
                let (kind, subkind) = match rest[..bar].split_once('/') {
                    Some((k, s)) => (k.to_owned(), s.to_owned()),
                    None => (rest[..bar].to_owned(), String::new()),
                };
                open.push((kind, subkind, text.len()));
                rest = &rest[bar + 1..];
            }
            '⟧' => {
                let (kind, subkind, start) = open.pop().expect("balanced markers");
                expected.push((kind, subkind, start, text.len()));
            }
            c => text.push(c),
        }
    }
    assert!(open.is_empty(), "unclosed marker in {marked:?}");
    // The scanner's order: start, end, then kind.
    expected.sort_by_key(|(kind, _, start, end)| (*start, *end, Kind::from_name(kind)));
    (text, expected)
}

fn actual(findings: &[Finding]) -> Vec<Expected> {
    findings
        .iter()
        .map(|f| {
            (
                f.kind.as_str().to_owned(),
                f.subkind.as_str().to_owned(),
                f.start,
                f.end,
            )
        })
        .collect()
}

#[test]
fn shared_cases() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/cases.jsonl");
    let cases = std::fs::read_to_string(path).expect("testdata/cases.jsonl is readable");
    let scanner = Scanner::default();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let name = case["name"].as_str().expect("a case has a name");
        let (text, expected) = parse(case["text"].as_str().expect("a case has text"));
        let found = actual(&scanner.scan_to_vec(text.as_bytes()));
        if found != expected {
            failures.push(format!(
                "{name}:\n  text:     {text}\n  expected: {expected:?}\n  found:    {found:?}"
            ));
        }
        count += 1;
    }
    assert!(count >= 40, "only {count} cases read");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The bindings' tests run every case again behind a prefix (emoji, CJK, a
/// line of its own); what precedes a match is unchanged, so only the
/// offsets may move. A title line before a CSV header is one such prefix.
#[test]
fn shared_cases_behind_prefixes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/cases.jsonl");
    let cases = std::fs::read_to_string(path).expect("testdata/cases.jsonl is readable");
    let scanner = Scanner::default();
    for prefix in [
        "\u{1F469}\u{200D}\u{1F467} ",
        "客户卡号 ",
        "naïve café — ",
        "Report\n",
    ] {
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            let (text, expected) = parse(case["text"].as_str().expect("a case has text"));
            let shifted: Vec<Expected> = expected
                .into_iter()
                .map(|(k, s, a, b)| (k, s, a + prefix.len(), b + prefix.len()))
                .collect();
            let input = format!("{prefix}{text}");
            let found = actual(&scanner.scan_to_vec(input.as_bytes()));
            assert_eq!(found, shifted, "{} behind {prefix:?}", case["name"]);
        }
    }
}

#[test]
fn marker_parser() {
    let (text, expected) = parse("a ⟦track_data/track2|;⟦pan/visa|41⟧=1?⟧ ⟦cvv|123⟧");
    assert_eq!(text, "a ;41=1? 123");
    assert_eq!(
        expected,
        [
            ("track_data".into(), "track2".into(), 2, 8),
            ("pan".into(), "visa".into(), 3, 5),
            ("cvv".into(), String::new(), 9, 12),
        ]
    );
}
