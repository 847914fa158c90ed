//! Byte offsets into UTF-8 text, converted to the UTF-16 code-unit offsets
//! that JavaScript string indices count.
//!
//! The core reports byte spans of the UTF-8 bytes it scanned. A JS caller
//! wants `text.slice(f.start, f.end)` to be the match, so every offset is
//! re-counted in UTF-16 units: one per character, two for a character
//! outside the Basic Multilingual Plane (emoji, rare CJK), which UTF-8
//! encodes in four bytes. All offsets of a scan are converted in one pass
//! over the text, however many findings there are.

/// UTF-16 code units encoded by `bytes`: each byte that starts a character
/// counts one, and a four-byte lead byte (0xF0..) one more for the low
/// surrogate. Continuation bytes count nothing, so an offset in the middle
/// of a character counts that whole character (rounds up to its end).
fn units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Converts byte spans of `text` to UTF-16 spans, in the same order.
///
/// The spans may come in any order (a scan orders them by start, but a
/// nested finding ends before the one containing it); offsets past the end
/// of `text` are clamped to it. Cost: one pass over `text` up to the last
/// offset, plus sorting the offsets.
pub(crate) fn utf16_spans(text: &[u8], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut points: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    points.sort_unstable();
    points.dedup();
    let mut converted = Vec::with_capacity(points.len());
    let (mut byte, mut unit) = (0, 0);
    for &point in &points {
        let point = point.min(text.len());
        unit += units(text.get(byte..point).unwrap_or_default());
        byte = point;
        converted.push(unit);
    }
    let lookup = |offset: usize| {
        points
            .binary_search(&offset)
            .ok()
            .and_then(|i| converted.get(i).copied())
            .unwrap_or(unit)
    };
    spans.iter().map(|&(s, e)| (lookup(s), lookup(e))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn oracle(text: &str, byte: usize) -> usize {
        text[..byte].encode_utf16().count()
    }

    #[test]
    fn ascii_offsets_are_unchanged() {
        let text = b"card 4111 1111 1111 1111 cvv 123";
        assert_eq!(utf16_spans(text, &[(5, 24), (29, 32)]), [(5, 24), (29, 32)]);
    }

    #[test]
    fn astral_characters_count_two_units_and_cjk_one() {
        // "😀" is 4 bytes / 2 units, "卡" 3 bytes / 1 unit, "é" 2 bytes / 1 unit.
        let text = "😀卡é 4111111111111111";
        let start = text.find('4').unwrap_or_default();
        let spans = utf16_spans(text.as_bytes(), &[(start, text.len())]);
        assert_eq!(spans, [(2 + 1 + 1 + 1, 2 + 1 + 1 + 1 + 16)]);
    }

    #[test]
    fn nested_and_unordered_spans_keep_their_order() {
        let text = "é;4111111111111111=2811101?";
        let outer = (2, text.len());
        let inner = (3, 19);
        assert_eq!(
            utf16_spans(text.as_bytes(), &[outer, inner, (0, 2)]),
            [(1, 27), (2, 18), (0, 1)]
        );
    }

    #[test]
    fn offsets_inside_a_character_round_up_and_past_the_end_clamp() {
        let text = "a😀b";
        // Bytes 2 and 3 are inside the emoji: they count it whole.
        assert_eq!(
            utf16_spans(text.as_bytes(), &[(2, 3), (0, 99)]),
            [(3, 3), (0, 4)]
        );
    }

    proptest! {
        #[test]
        fn agrees_with_encode_utf16(
            text in "[a-z0-9 ]{0,8}(\\PC{0,12}[😀🇫🇷𝄞卡é]{0,3}[a-z0-9 ]{0,12}){0,6}",
            picks in proptest::collection::vec((0usize..1000, 0usize..1000), 0..12),
        ) {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let spans: Vec<(usize, usize)> = picks
                .iter()
                .map(|&(a, b)| {
                    let a = boundaries[a % boundaries.len()];
                    let b = boundaries[b % boundaries.len()];
                    (a.min(b), a.max(b))
                })
                .collect();
            let expected: Vec<(usize, usize)> =
                spans.iter().map(|&(s, e)| (oracle(&text, s), oracle(&text, e))).collect();
            prop_assert_eq!(utf16_spans(text.as_bytes(), &spans), expected);
        }
    }
}
