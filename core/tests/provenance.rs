//! Synthetic-data provenance through the public API: every catalogue
//! family, every marker shape, every commingling-policy outcome, and the
//! watermark property (found, validated, watermarked with the right key and
//! ordinary with another).

use leaksift::{
    Config, Detector, DetectorSet, Environment, Finding, Generator, Key, Kind, Marker, Provenance,
    Scanner, Subkind, SyntheticReason,
};
use proptest::prelude::*;

const TEST_VALUE: Provenance = Provenance::Synthetic(SyntheticReason::TestValue);
const WATERMARK: Provenance = Provenance::Synthetic(SyntheticReason::Watermark);
const MARKER: Provenance = Provenance::Synthetic(SyntheticReason::Marker);

fn key(byte: u8) -> Key {
    Key::from_bytes(&[byte; 32]).unwrap()
}

/// `(kind, text, provenance)` of every finding.
fn found(scanner: &Scanner, text: &str) -> Vec<(Kind, String, Provenance)> {
    scanner
        .scan_to_vec(text.as_bytes())
        .iter()
        .map(|f| (f.kind, text[f.start..f.end].to_owned(), f.provenance))
        .collect()
}

fn one(text: &str) -> (Kind, String, Provenance) {
    let all = found(&Scanner::default(), text);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all[0].clone()
}

#[test]
fn catalogue_families_are_reported_as_test_values() {
    let cases: &[(&str, Kind, &str)] = &[
        ("card 4242 4242 4242 4242", Kind::Pan, "4242 4242 4242 4242"),
        ("card 4111-1111-1111-1111", Kind::Pan, "4111-1111-1111-1111"),
        ("amex 378282246310005", Kind::Pan, "378282246310005"),
        ("ssn 078-05-1120", Kind::Ssn, "078-05-1120"),
        ("ssn 987-65-4325", Kind::Ssn, "987-65-4325"),
        ("ssn 666-40-1234", Kind::Ssn, "666-40-1234"),
        ("call (212) 555-0147", Kind::Phone, "(212) 555-0147"),
        ("tel +44 20 7946 0958", Kind::Phone, "+44 20 7946 0958"),
        ("mail jane@example.org", Kind::Email, "jane@example.org"),
        ("mail qa@shop.test", Kind::Email, "qa@shop.test"),
        (
            "IBAN GB82 WEST 1234 5698 7654 32",
            Kind::Iban,
            "GB82 WEST 1234 5698 7654 32",
        ),
        ("routing 110000000", Kind::RoutingNumber, "110000000"),
        (
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
            Kind::Secret,
            "AKIAIOSFODNN7EXAMPLE",
        ),
    ];
    for &(text, kind, value) in cases {
        assert_eq!(one(text), (kind, value.to_owned(), TEST_VALUE), "{text}");
    }
}

#[test]
fn look_alikes_of_test_values_are_not_test_values() {
    for text in [
        "card 4526 0181 5908 3012",
        "ssn 078-05-1121",
        "call (212) 555-0247",
        "mail jane@notexample.org",
        "IBAN GB33 BUKB 2020 1555 5555 55",
    ] {
        let (_, _, provenance) = one(text);
        assert_eq!(provenance, Provenance::Unknown, "{text}");
    }
}

#[test]
fn marker_shapes() {
    let shapes = [
        (
            r#"{"id":1,"data_provenance":"synthetic"}"#,
            r#""data_provenance":"synthetic""#,
        ),
        (
            r#"{"is_synthetic": true, "id": 2}"#,
            r#""is_synthetic": true"#,
        ),
        (r#"{"synthetic":"TRUE"}"#, r#""synthetic":"TRUE""#),
        (
            "X-Data-Provenance: synthetic\r\n",
            "X-Data-Provenance: synthetic",
        ),
        (
            "GET /contacts?page=2&is_synthetic=true HTTP/1.1",
            "is_synthetic=true",
        ),
        ("id,first_name,is_synthetic\n", "is_synthetic"),
        ("\"id\"\t\"data_provenance\"\n", "\"data_provenance\""),
    ];
    for (text, marker) in shapes {
        assert_eq!(
            one(text),
            (Kind::SyntheticMarker, marker.to_owned(), MARKER),
            "{text}"
        );
    }
}

#[test]
fn marker_bait_and_switches() {
    for text in [
        r#"{"synthetic": false}"#,
        r#"{"is_synthetic": 0}"#,
        r#"{"data_provenance": "crm"}"#,
        r#"{"synthetic_rubber": true}"#,
        "Synthetic data helps; we label it is_synthetic later.",
        "X-Data-Provenance: production",
    ] {
        assert!(found(&Scanner::default(), text).is_empty(), "{text}");
    }
    let text = r#"{"is_synthetic": true}"#;
    let off = Scanner::new(Config::new().detectors(DetectorSet::ALL.without(Detector::Markers)));
    assert!(found(&off.unwrap(), text).is_empty());
    let none = Scanner::new(Config::new().markers(Vec::new())).unwrap();
    assert!(found(&none, text).is_empty());
    let custom = Scanner::new(Config::new().markers(vec![Marker::new("origin", "faker")])).unwrap();
    assert!(found(&custom, text).is_empty());
    assert_eq!(found(&custom, "origin=faker").len(), 1);
    assert!(Scanner::new(Config::new().markers(vec![Marker::new("a b", "c")])).is_err());
}

fn policy(environment: Environment) -> Scanner {
    Scanner::new(
        Config::new()
            .environment(environment)
            .watermark_key(&key(1)),
    )
    .unwrap()
}

fn kinds(scanner: &Scanner, text: &str) -> Vec<(Kind, String)> {
    found(scanner, text)
        .into_iter()
        .map(|(k, v, _)| (k, v))
        .collect()
}

fn k(kind: Kind, value: &str) -> (Kind, String) {
    (kind, value.to_owned())
}

#[test]
fn production_reports_synthetic_values_and_markers_as_leaks() {
    let prod = policy(Environment::Production);
    let wm = Generator::new(&key(1), 7).pan(Subkind::Visa).unwrap();
    let text = format!(
        "{{\"card\":\"4242424242424242\"}}\n{{\"card\":\"{wm}\"}}\n{{\"is_synthetic\":true}}\n{{\"card\":\"4526018159083012\"}}\n"
    );
    assert_eq!(
        kinds(&prod, &text),
        [
            k(Kind::Pan, "4242424242424242"),
            k(Kind::SyntheticLeak, "4242424242424242"),
            k(Kind::Pan, &wm),
            k(Kind::SyntheticLeak, &wm),
            k(Kind::SyntheticMarker, "\"is_synthetic\":true"),
            k(Kind::SyntheticLeak, "\"is_synthetic\":true"),
            k(Kind::Pan, "4526018159083012"),
        ]
    );
    // A policy finding repeats its source's subkind and provenance.
    let all = prod.scan_to_vec(text.as_bytes());
    assert_eq!(
        (all[1].subkind, all[1].provenance),
        (Subkind::Visa, TEST_VALUE)
    );
    assert_eq!(all[3].provenance, WATERMARK);
}

#[test]
fn synthetic_reports_values_not_recognised_as_synthetic() {
    let synth = policy(Environment::Synthetic);
    let text = "{\"card\":\"4242424242424242\",\"email\":\"ann@example.com\"}\n\
                {\"card\":\"4526018159083012\",\"cvv\":\"123\",\"email\":\"ann@acme.io\"}\n";
    assert_eq!(
        kinds(&synth, text),
        [
            k(Kind::Pan, "4242424242424242"),
            k(Kind::Email, "ann@example.com"),
            k(Kind::Pan, "4526018159083012"),
            k(Kind::RealDataInSynthetic, "4526018159083012"),
            // A security code has no provenance of its own: not judged.
            k(Kind::Cvv, "123"),
            k(Kind::Email, "ann@acme.io"),
            k(Kind::RealDataInSynthetic, "ann@acme.io"),
        ]
    );
}

#[test]
fn a_marker_and_a_real_value_in_one_record_are_commingled_in_both_environments() {
    let marker_first = "{\"is_synthetic\":true,\"email\":\"ann@acme.io\"}\n";
    let value_first = "{\"email\":\"ann@acme.io\",\"is_synthetic\":true}\n";
    let prod = policy(Environment::Production);
    assert_eq!(
        kinds(&prod, marker_first),
        [
            k(Kind::SyntheticMarker, "\"is_synthetic\":true"),
            k(Kind::SyntheticLeak, "\"is_synthetic\":true"),
            k(Kind::Email, "ann@acme.io"),
            k(Kind::Commingled, "ann@acme.io"),
        ]
    );
    assert_eq!(
        kinds(&prod, value_first),
        [
            k(Kind::Email, "ann@acme.io"),
            k(Kind::SyntheticMarker, "\"is_synthetic\":true"),
            k(Kind::SyntheticLeak, "\"is_synthetic\":true"),
            k(Kind::Commingled, "\"is_synthetic\":true"),
        ]
    );
    let synth = policy(Environment::Synthetic);
    assert_eq!(
        kinds(&synth, marker_first),
        [
            k(Kind::SyntheticMarker, "\"is_synthetic\":true"),
            k(Kind::Email, "ann@acme.io"),
            k(Kind::RealDataInSynthetic, "ann@acme.io"),
            k(Kind::Commingled, "ann@acme.io"),
        ]
    );
    // Separate records are not commingled; synthetic values never are.
    let apart = "{\"is_synthetic\":true}\n{\"email\":\"ann@acme.io\"}\n{\"is_synthetic\":true,\"email\":\"ann@example.com\"}";
    assert!(kinds(&synth, apart)
        .iter()
        .all(|(kind, _)| *kind != Kind::Commingled));
    assert!(kinds(&prod, apart)
        .iter()
        .all(|(kind, _)| *kind != Kind::Commingled));
}

#[test]
fn a_csv_marker_column_marks_each_row_that_holds_a_marking_value() {
    // The header cell marks the header line; `true` (any case, quoted or
    // not) in the `is_synthetic` column marks its row; `false` marks
    // nothing, so row 2 is judged as real data and row 3 is commingled.
    let csv = "id,is_synthetic,card,email\n\
               1,TRUE,4242424242424242,ann@example.com\n\
               2,false,4526018159083012,bo@acme.io\n\
               3,\"true\",4526018159083012,cy@example.com\n";
    let prod = policy(Environment::Production);
    assert_eq!(
        kinds(&prod, csv),
        [
            k(Kind::SyntheticMarker, "is_synthetic"),
            k(Kind::SyntheticLeak, "is_synthetic"),
            k(Kind::SyntheticMarker, "TRUE"),
            k(Kind::SyntheticLeak, "TRUE"),
            k(Kind::Pan, "4242424242424242"),
            k(Kind::SyntheticLeak, "4242424242424242"),
            k(Kind::Email, "ann@example.com"),
            k(Kind::SyntheticLeak, "ann@example.com"),
            k(Kind::Pan, "4526018159083012"),
            k(Kind::Email, "bo@acme.io"),
            k(Kind::SyntheticMarker, "\"true\""),
            k(Kind::SyntheticLeak, "\"true\""),
            k(Kind::Pan, "4526018159083012"),
            k(Kind::Commingled, "4526018159083012"),
            k(Kind::Email, "cy@example.com"),
            k(Kind::SyntheticLeak, "cy@example.com"),
        ]
    );
    let synth = policy(Environment::Synthetic);
    assert_eq!(
        kinds(&synth, csv),
        [
            k(Kind::SyntheticMarker, "is_synthetic"),
            k(Kind::SyntheticMarker, "TRUE"),
            k(Kind::Pan, "4242424242424242"),
            k(Kind::Email, "ann@example.com"),
            k(Kind::Pan, "4526018159083012"),
            k(Kind::RealDataInSynthetic, "4526018159083012"),
            k(Kind::Email, "bo@acme.io"),
            k(Kind::RealDataInSynthetic, "bo@acme.io"),
            k(Kind::SyntheticMarker, "\"true\""),
            k(Kind::Pan, "4526018159083012"),
            k(Kind::RealDataInSynthetic, "4526018159083012"),
            k(Kind::Commingled, "4526018159083012"),
            k(Kind::Email, "cy@example.com"),
        ]
    );
    // The value is the finding, with the marker's provenance.
    let all = synth.scan_to_vec(csv.as_bytes());
    assert_eq!(all[1].provenance, MARKER);
    // With the markers detector off, rows are not marked: row 3 is then
    // ordinary real data in production.
    let off = Scanner::new(
        Config::new()
            .detectors(DetectorSet::ALL.without(Detector::Markers))
            .environment(Environment::Production),
    )
    .unwrap();
    assert!(kinds(&off, csv)
        .iter()
        .all(|(kind, _)| !matches!(kind, Kind::SyntheticMarker | Kind::Commingled)));
}

#[test]
fn csv_marker_columns_use_the_configured_markers() {
    let csv = "id,origin,is_synthetic,email\n\
               1,faker,true,ann@acme.io\n\
               2,Faker,1,bo@acme.io\n\
               3,crm,yes,cy@acme.io\n";
    let config = |markers| {
        Config::new()
            .markers(markers)
            .environment(Environment::Production)
    };
    // `origin` = `faker` only: the `is_synthetic` column names nothing.
    let custom = Scanner::new(config(vec![Marker::new("origin", "faker")])).unwrap();
    assert_eq!(
        kinds(&custom, csv),
        [
            k(Kind::SyntheticMarker, "origin"),
            k(Kind::SyntheticLeak, "origin"),
            k(Kind::SyntheticMarker, "faker"),
            k(Kind::SyntheticLeak, "faker"),
            k(Kind::Email, "ann@acme.io"),
            k(Kind::Commingled, "ann@acme.io"),
            k(Kind::SyntheticMarker, "Faker"),
            k(Kind::SyntheticLeak, "Faker"),
            k(Kind::Email, "bo@acme.io"),
            k(Kind::Commingled, "bo@acme.io"),
            k(Kind::Email, "cy@acme.io"),
        ]
    );
    // An export that writes booleans as 1/yes needs those values listed.
    let flags = Scanner::new(config(vec![
        Marker::new("is_synthetic", "1"),
        Marker::new("is_synthetic", "yes"),
    ]))
    .unwrap();
    let marked: Vec<(Kind, String)> = kinds(&flags, csv)
        .into_iter()
        .filter(|(kind, _)| *kind == Kind::SyntheticMarker)
        .collect();
    assert_eq!(
        marked,
        [
            k(Kind::SyntheticMarker, "is_synthetic"),
            k(Kind::SyntheticMarker, "1"),
            k(Kind::SyntheticMarker, "yes"),
        ]
    );
}

#[test]
fn without_an_environment_there_is_no_policy() {
    let text = "{\"is_synthetic\":true,\"card\":\"4242424242424242\",\"email\":\"ann@acme.io\"}";
    assert!(Scanner::default()
        .scan_to_vec(text.as_bytes())
        .iter()
        .all(|f| !f.kind.is_policy()));
}

#[test]
fn policy_findings_keep_span_order_when_spans_coincide() {
    let prod = policy(Environment::Production);
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!(
            "{{\"i\":{i},\"is_synthetic\":true,\"card\":\"4242 4242 4242 4242\",\"ssn\":\"078-05-1120\",\"e\":\"a@b.io\"}}\n"
        ));
    }
    let all = prod.scan_to_vec(text.as_bytes());
    assert!(all
        .windows(2)
        .all(|w| (w[0].start, w[0].end, w[0].kind) < (w[1].start, w[1].end, w[1].kind)));
    let count = |kind| all.iter().filter(|f| f.kind == kind).count();
    assert_eq!(count(Kind::SyntheticLeak), 600);
    assert_eq!(count(Kind::Commingled), 200);
}

#[test]
fn keys_are_never_printed() {
    let config = Config::new().watermark_key(&Key::from_bytes(&[0xAB; 32]).unwrap());
    let shown = format!("{config:?} {:?}", Scanner::new(config.clone()).unwrap());
    assert!(!shown.contains("171, 171") && !shown.to_lowercase().contains("abab"));
    assert!(shown.contains("redacted"));
    let generator = Generator::new(&key(1), 1);
    assert_eq!(format!("{generator:?}"), "Generator(<redacted>)");
}

#[test]
fn environment_names() {
    assert_eq!(
        "Synthetic".parse::<Environment>().unwrap(),
        Environment::Synthetic
    );
    let err = "prod".parse::<Environment>().unwrap_err();
    assert!(matches!(
        err.kind(),
        leaksift::ErrorKind::UnknownEnvironment { .. }
    ));
}

const COUNTRIES: [&str; 12] = [
    "DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "PL", "SE", "IE",
];

/// The finding of `kind` exactly at `value`'s place in `text`.
fn at<'f>(findings: &'f [Finding], text: &str, value: &str, kind: Kind) -> Option<&'f Finding> {
    let start = text.find(value)?;
    findings
        .iter()
        .find(|f| f.kind == kind && f.start == start && f.end == start + value.len())
}

proptest! {
    // A different key claims a real SSN or phone number with probability
    // 1 in 10^4 (their watermarks have four digits; see the provenance
    // docs), so random runs would fail now and then by design: the cases are
    // drawn from a fixed seed.
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261124),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_generated_value_is_found_validated_and_watermarked_only_under_its_key(
        key_byte in any::<u8>(),
        seed in any::<u64>(),
        brand in proptest::sample::select(Subkind::CARD_BRANDS.to_vec()),
        country in proptest::sample::select(COUNTRIES.to_vec()),
    ) {
        let right = key(key_byte);
        let wrong = key(key_byte.wrapping_add(1));
        let mut gen = Generator::new(&right, seed);
        let pan = gen.pan(brand).unwrap();
        let ssn = gen.ssn();
        let iban = gen.iban(country).unwrap();
        let email = gen.email("Ann", "Lee");
        let phone = gen.phone();
        let text = format!(
            r#"{{"name":"Ann Lee","email":"{email}","phone":"{phone}","ssn":"{ssn}","card":"{pan}","iban":"{iban}"}}"#
        );
        prop_assert!(leaksift::luhn_valid(pan.as_bytes()));
        prop_assert_eq!(leaksift::card_brand(pan.as_bytes()), Some(brand));
        let with_key = Scanner::new(Config::new().watermark_key(&right)).unwrap();
        let other_key = Scanner::new(Config::new().watermark_key(&wrong)).unwrap();
        let marked = with_key.scan_to_vec(text.as_bytes());
        let plain = other_key.scan_to_vec(text.as_bytes());
        for (value, kind) in [(&pan, Kind::Pan), (&ssn, Kind::Ssn), (&iban, Kind::Iban), (&email, Kind::Email), (&phone, Kind::Phone)] {
            let f = at(&marked, &text, value, kind);
            prop_assert!(f.is_some(), "{:?} not found in {}", kind, text);
            prop_assert_eq!(f.unwrap().provenance, WATERMARK, "{:?}", kind);
            let g = at(&plain, &text, value, kind);
            prop_assert!(g.is_some());
            prop_assert_eq!(g.unwrap().provenance, Provenance::Unknown, "{:?}", kind);
        }
    }
}

#[test]
fn track_data_of_a_watermarked_card_is_watermarked_too() {
    let pan = Generator::new(&key(4), 11).pan(Subkind::Visa).unwrap();
    let text = format!("swipe ;{pan}=28121010000012300000? done");
    let scanner = Scanner::new(Config::new().watermark_key(&key(4))).unwrap();
    let found = found(&scanner, &text);
    let kinds: Vec<(Kind, Provenance)> = found.iter().map(|(k, _, p)| (*k, *p)).collect();
    assert_eq!(
        kinds,
        [(Kind::TrackData, WATERMARK), (Kind::Pan, WATERMARK)]
    );
}

#[test]
fn a_stream_applies_the_policy_across_chunk_and_record_boundaries() {
    let mut gen = Generator::new(&key(6), 3);
    let mut text = String::new();
    for i in 0..400 {
        let value = match i % 4 {
            0 => gen.pan(Subkind::Mastercard).unwrap(),
            1 => gen.ssn(),
            2 => gen.email("Ann", "Lee"),
            _ => "ann@acme.io".to_owned(),
        };
        let marker = if i % 3 == 0 {
            r#""is_synthetic":true,"#
        } else {
            ""
        };
        text.push_str(&format!(
            "{{{marker}\"v\":\"{value}\",\"e\":\"bo{i}@acme.io\"}}\n"
        ));
    }
    for environment in [Environment::Production, Environment::Synthetic] {
        let config = Config::new()
            .environment(environment)
            .watermark_key(&key(6));
        let scanner = Scanner::new(config).unwrap();
        let expected = scanner.scan_to_vec(text.as_bytes());
        assert!(expected.iter().any(|f| f.kind == Kind::Commingled));
        for (chunk, step) in [(1, 64), (37, 200), (4096, 1 << 20)] {
            let mut stream = leaksift::StreamScanner::with_step(&scanner, step);
            let mut got = Vec::new();
            for piece in text.as_bytes().chunks(chunk) {
                let _ = stream.push(piece, |f: &Finding| {
                    got.push(*f);
                    core::ops::ControlFlow::Continue(())
                });
            }
            let _ = stream.finish(|f: &Finding| {
                got.push(*f);
                core::ops::ControlFlow::Continue(())
            });
            assert_eq!(got, expected, "{environment} chunk {chunk} step {step}");
        }
    }
}
