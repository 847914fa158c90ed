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
        "[0-9 -]{1,40}".prop_map(String::into_bytes),
        "[a-z ]{1,20}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 1..30),
    ]
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
        let scanner = Scanner::default();
        let expected = scanner.scan_to_vec(&input);
        prop_assert_eq!(streamed(&scanner, &input, &chunks, step), expected);
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
    let input = b"cvv=123 ".repeat(200);
    let mut seen = 0;
    let flow = stream.push(&input, |_: &Finding| {
        seen += 1;
        ControlFlow::Break(())
    });
    assert_eq!(flow, ControlFlow::Break(()));
    assert_eq!(seen, 1);
}
