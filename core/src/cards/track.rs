//! Magnetic-stripe track data (ISO/IEC 7813), recognised right after a card
//! number that the PAN walk has already validated.
//!
//! - Track 1: `%B<PAN>^<NAME>^<YYMM><service code><discretionary>?`
//! - Track 2: `;<PAN>=<YYMM><service code><discretionary>?`
//!
//! Sentinels (`%`/`;` and `?`) are often stripped by whatever logged the
//! data, so they are optional; the shape after the card number (a valid
//! expiry month and service code) is what makes a match unambiguous.

/// A track found around a card number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Track {
    pub start: usize,
    pub end: usize,
    pub confidence: u8,
}

/// Longest track 1 content between the sentinels (ISO/IEC 7813: 79 characters).
const TRACK1_MAX: usize = 79;
/// Longest track 2 content between the sentinels (ISO/IEC 7813: 40 characters
/// including the sentinels and the LRC).
const TRACK2_MAX: usize = 37;
/// Longest cardholder name field.
const NAME_MAX: usize = 26;

/// Expiry date (YYMM) and service code: 7 digits, a real month, and a service
/// code whose first digit is one ISO/IEC 7813 defines (1, 2, 5, 6, 7, 9).
fn expiry_and_service_code(input: &[u8], at: usize) -> bool {
    let Some(field) = input.get(at..at + 7) else {
        return false;
    };
    if !field.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let month = (field[2] - b'0') * 10 + (field[3] - b'0');
    (1..=12).contains(&month) && matches!(field[4], b'1' | b'2' | b'5' | b'6' | b'7' | b'9')
}

/// Ends a track at `end`: takes an end sentinel if present, and rejects a
/// track that runs on into more digits or letters (it is then something else).
fn close(input: &[u8], mut end: usize) -> Option<usize> {
    if input.get(end) == Some(&b'?') {
        end += 1;
    } else if input.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(end)
}

/// Track 2 around the card number `pan_start..pan_end`, where
/// `input[pan_end]` is `=`.
pub(crate) fn track2(input: &[u8], pan_start: usize, pan_end: usize) -> Option<Track> {
    let data = pan_end + 1;
    if input.get(pan_end) != Some(&b'=') || !expiry_and_service_code(input, data) {
        return None;
    }
    let max_end = pan_start + TRACK2_MAX;
    let mut end = data + 7;
    while end < input.len() && end < max_end && input[end].is_ascii_digit() {
        end += 1;
    }
    let start_sentinel = pan_start > 0 && input[pan_start - 1] == b';';
    let end = close(input, end)?;
    let sentinels = start_sentinel as u8 + (input[end - 1] == b'?') as u8;
    Some(Track {
        start: pan_start - usize::from(start_sentinel),
        end,
        confidence: 85 + 5 * sentinels,
    })
}

/// Track 1 around the card number `pan_start..pan_end`, where the byte before
/// the number is the format code `B` and `input[pan_end]` is `^`.
pub(crate) fn track1(input: &[u8], pan_start: usize, pan_end: usize) -> Option<Track> {
    let format_code = pan_start.checked_sub(1)?;
    if !input[format_code].eq_ignore_ascii_case(&b'B') || input.get(pan_end) != Some(&b'^') {
        return None;
    }
    let start_sentinel = format_code > 0 && input[format_code - 1] == b'%';
    let start = format_code - usize::from(start_sentinel);
    if !start_sentinel && format_code > 0 && input[format_code - 1].is_ascii_alphanumeric() {
        return None;
    }
    // Cardholder name: printable characters up to the next field separator.
    let name_start = pan_end + 1;
    let name_len = input[name_start..]
        .iter()
        .take(NAME_MAX + 1)
        .position(|&b| b == b'^')?;
    let name = &input[name_start..name_start + name_len];
    if !(2..=NAME_MAX).contains(&name_len)
        || !name
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) && b != b'%' && b != b'?')
    {
        return None;
    }
    let data = name_start + name_len + 1;
    if !expiry_and_service_code(input, data) {
        return None;
    }
    let max_end = format_code + TRACK1_MAX;
    let mut end = data + 7;
    while end < input.len() && end < max_end && input[end].is_ascii_digit() {
        end += 1;
    }
    let end = close(input, end)?;
    let sentinels = start_sentinel as u8 + (input[end - 1] == b'?') as u8;
    Some(Track {
        start,
        end,
        confidence: 85 + 5 * sentinels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t2(text: &str) -> Option<(usize, usize)> {
        let pan_start = text.find(|c: char| c.is_ascii_digit())?;
        let pan_end = text.find('=')?;
        track2(text.as_bytes(), pan_start, pan_end).map(|t| (t.start, t.end))
    }

    #[test]
    fn track2_shapes() {
        assert_eq!(t2(";4111111111111111=25121010000012300000?"), Some((0, 39)));
        assert_eq!(t2("x 4111111111111111=2512101000001 y"), Some((2, 32)));
        assert_eq!(t2("4111111111111111=2513101"), None, "month 13");
        assert_eq!(t2("4111111111111111=2512301"), None, "service code 3xx");
        assert_eq!(t2("4111111111111111=2512"), None, "no service code");
        assert_eq!(t2("4111111111111111=2512101abc"), None, "runs into letters");
    }

    fn t1(text: &str) -> Option<(usize, usize)> {
        let pan_start = text.find(|c: char| c.is_ascii_digit())?;
        let pan_end = text.find('^')?;
        track1(text.as_bytes(), pan_start, pan_end).map(|t| (t.start, t.end))
    }

    #[test]
    fn track1_shapes() {
        let full = "%B4111111111111111^DOE/JOHN^2512101000000000000000?";
        assert_eq!(t1(full), Some((0, full.len())));
        assert_eq!(
            t1("pos: B4111111111111111^DOE/JANE^25121010000 ok"),
            Some((5, 43))
        );
        assert_eq!(
            t1("XB4111111111111111^DOE/JOHN^2512101"),
            None,
            "inside a word"
        );
        assert_eq!(t1("%B4111111111111111^^2512101?"), None, "empty name");
        assert_eq!(t1("%B4111111111111111^DOE/JOHN^2500101?"), None, "month 00");
        let long_name = format!("%B4111111111111111^{}^2512101?", "A".repeat(30));
        assert_eq!(t1(&long_name), None);
    }
}
