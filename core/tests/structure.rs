//! Structure-aware scanning through `Scanner::default()`: JSON keys, JSON
//! held in JSON strings, CSV/TSV headers, query strings, form bodies and
//! HTTP header lines name their values; the bait next to them (order
//! numbers, timestamps, quantities, ids) stays quiet.

use leaksift::{Kind, Masker, Policy, Scanner};

fn found(text: &str) -> Vec<(Kind, &str)> {
    Scanner::default()
        .scan_to_vec(text.as_bytes())
        .into_iter()
        .map(|f| (f.kind, &text[f.start..f.end]))
        .collect()
}

#[test]
fn json_keys_name_their_values() {
    assert_eq!(found(r#"{"card": {"cvc": "123"}}"#), [(Kind::Cvv, "123")]);
    assert_eq!(found(r#"{"qty": 123}"#), []);
    assert_eq!(found(r#"{"ssn": "536901234"}"#), [(Kind::Ssn, "536901234")]);
    assert_eq!(found(r#"{"SSN":536901234}"#), [(Kind::Ssn, "536901234")]);
    assert_eq!(found(r#"{"cvv": [ "4321" ]}"#), [(Kind::Cvv, "4321")]);
    assert_eq!(found(r#"{"cvv": {"value": "321"}}"#), [(Kind::Cvv, "321")]);
    assert_eq!(
        found(r#"{"routingNumber": "021000021", "order_id": 536901234}"#),
        [(Kind::RoutingNumber, "021000021")]
    );
}

#[test]
fn json_bait_in_the_same_records() {
    for text in [
        r#"{"order_id": 536901234, "qty": 123, "ts": 1700000000123, "status": 404}"#,
        r#"{"cvv_check": "pass", "amount": 123}"#,
        r#"{"note": "cvv", "qty": 123}"#,
        r#"{"ssn": null, "id": 536901234}"#,
        r#"{"invoice": "4111111111111111x", "sku": "123"}"#,
    ] {
        assert_eq!(found(text), [], "{text}");
    }
}

#[test]
fn json_inside_a_json_string() {
    let text = r#"{"payload":"{\"card\":{\"cvv\":\"456\"},\"ssn\":\"536901234\",\"qty\":789}"}"#;
    assert_eq!(found(text), [(Kind::Cvv, "456"), (Kind::Ssn, "536901234")]);
}

#[test]
fn json_escapes_are_not_decoded() {
    // Documented limit: `\u002d` separators hide a card number, `\u0031…`
    // digits hide a security code.
    assert_eq!(
        found(r#"{"card":"4111\u002d1111\u002d1111\u002d1111"}"#),
        []
    );
    assert_eq!(found(r#"{"cvv":"\u0031\u0032\u0033"}"#), []);
    // What is seen: contiguous digits, and an escaped `/` elsewhere in it.
    assert_eq!(
        found(r#"{"card":"4111111111111111","url":"https:\/\/x"}"#),
        [(Kind::Pan, "4111111111111111")]
    );
}

#[test]
fn query_strings_and_form_bodies() {
    assert_eq!(
        found("card_number=4111111111111111&cvv=123&qty=5&order=536901234"),
        [(Kind::Pan, "4111111111111111"), (Kind::Cvv, "123")]
    );
    assert_eq!(
        found("POST /pay?card[cvc]=987&amount=100"),
        [(Kind::Cvv, "987")]
    );
    assert_eq!(
        found("card%5Bcvc%5D=987&card%5Bnumber%5D=4111111111111111"),
        [(Kind::Cvv, "987"), (Kind::Pan, "4111111111111111")]
    );
    assert_eq!(
        found("ssn%3D536901234&ts=1700000000"),
        [(Kind::Ssn, "536901234")]
    );
    assert_eq!(found("page=123&per_page=4567&id=536901234"), []);
    // Documented limit: `+` (a form-encoded space) does not separate groups.
    assert_eq!(found("cc=4111+1111+1111+1111"), []);
}

#[test]
fn http_header_lines() {
    let request = "POST /v1/charges HTTP/1.1\r\nX-Card-Cvv: 123\r\nX-SSN: 536901234\r\n\
                   X-Request-Id: 4567\r\nContent-Length: 123\r\nX-Retry-After: 1234\r\n\r\n";
    assert_eq!(
        found(request),
        [(Kind::Cvv, "123"), (Kind::Ssn, "536901234")]
    );
}

#[test]
fn csv_and_tsv_headers_name_their_columns() {
    let csv = "order_id,name,cvv,qty,ssn,created_at\n\
               100234,Ann Lee,123,5,536901234,1700000000123\n\
               100235,\"Lee, Bo\",\"4567\",12,912701234,2026-11-23T10:00:00Z\n";
    assert_eq!(
        found(csv),
        [
            (Kind::Cvv, "123"),
            (Kind::Ssn, "536901234"),
            (Kind::Cvv, "4567"),
            (Kind::Itin, "912701234"),
        ]
    );
    let tsv = "id\tcvv\tphone\tqty\n1\t321\t4155552671\t321\n";
    assert_eq!(
        found(tsv),
        [(Kind::Cvv, "321"), (Kind::Phone, "4155552671")]
    );
    // The same values without the header are nothing.
    assert_eq!(found("100234,Ann Lee,123,5,536901234,1700000000123\n"), []);
}

#[test]
fn a_value_named_by_key_and_column_is_reported_once() {
    let tsv = "field\tcvv\ncvv\t123\n";
    assert_eq!(found(tsv), [(Kind::Cvv, "123")]);
}

#[test]
fn csv_columns_are_masked() {
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).expect("default policy");
    let mut csv = b"name,cvv,qty\nAnn,123,5\n".to_vec();
    masker.mask_in_place(&scanner, &mut csv).expect("masked");
    assert_eq!(csv, b"name,cvv,qty\nAnn,***,5\n");
}

#[test]
fn windowed_in_place_masking_keeps_the_header() {
    // Larger than the in-place window, so later windows need the header
    // state carried from the first.
    let mut csv = b"id,cvv,qty\n".to_vec();
    for i in 0..30_000u32 {
        csv.extend_from_slice(format!("{i},{:03},7\n", 100 + i % 900).as_bytes());
    }
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).expect("default policy");
    let expected = masker.mask(&scanner, &csv).expect("masked");
    masker.mask_in_place(&scanner, &mut csv).expect("masked");
    assert_eq!(csv, expected);
    assert!(csv.ends_with(b"29999,***,7\n"));
}
