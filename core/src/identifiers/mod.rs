//! Personal identifiers: US SSNs and ITINs, IBANs, US routing numbers,
//! e-mail addresses and phone numbers.
//!
//! Three cursors share the work, each anchored on something cheap to find:
//!
//! - [`shapes`]: printed shapes that start with a digit, `(`, `+` or two
//!   letters (`123-45-6789`, `(212) 555-0147`, `+44 20 7946 0958`,
//!   `DE89 3704 …`), found 64 bytes at a time from the bitmasks of
//!   [`crate::simd::classify_shapes`]; only flagged places are walked.
//! - [`keyed`]: bare digit runs that only mean something after a word naming
//!   them (`"ssn": "123456789"`, `routing 021000021`, `tel: 2125550147`),
//!   found by searching for the words.
//! - [`email`]: addresses, anchored on `@` with `memchr`.
//!
//! The validators in [`validate`] decide; [`crate::provenance::catalogue`] marks the
//! documented example values, which are reported as synthetic.
//!
//! A kind never comes from two cursors for the same bytes: [`shapes`] only
//! reports numbers printed with separators, `(` or `+`, and [`keyed`] only
//! contiguous digit runs not preceded by `+`.

pub(crate) mod email;
pub(crate) mod keyed;
pub(crate) mod shapes;
pub(crate) mod validate;

use crate::context::{prefix, token, words, Words};

/// How far around a finding the identifier detectors read (see
/// [`crate::Margins`]). Before: the `://` looked for behind an e-mail's
/// local part (256 bytes) and the local part itself (64), the key and words
/// before a keyed value (under 100), a trunk `1-` (2); context words are
/// counted by the scanner. After: an e-mail (64 + 1 + 253 bytes and the
/// byte after), an IBAN in groups (34 + 8 spaces), an international number
/// (under 32). Rounded up.
pub(crate) const MARGINS: crate::Margins = crate::Margins {
    before: 384,
    after: 384,
};

/// Words that make a printed number more likely to be a phone number.
pub(crate) const PHONE_WORDS: Words = words(&[
    prefix("phone"),
    prefix("telephone"),
    token("tel"),
    token("ph"),
    prefix("mobile"),
    prefix("cell"),
    token("fax"),
    token("call"),
    prefix("contact"),
    token("msisdn"),
    prefix("whatsapp"),
    token("sms"),
]);

/// Words that make a nine-digit number more likely to be an SSN or ITIN.
pub(crate) const TAX_ID_WORDS: Words = words(&[
    token("ssn"),
    prefix("social"),
    token("ss"),
    token("itin"),
    token("tin"),
    prefix("taxpayer"),
]);

/// Words naming numbers that share the shapes of identifiers but are not
/// personal data: order, invoice, ticket and part numbers, device ids,
/// versions.
pub(crate) const BAIT_WORDS: Words = words(&[
    prefix("order"),
    prefix("invoice"),
    token("ref"),
    prefix("reference"),
    token("sku"),
    prefix("tracking"),
    prefix("serial"),
    prefix("ticket"),
    prefix("part"),
    token("po"),
    prefix("case"),
    prefix("build"),
    prefix("version"),
    token("ver"),
    token("imei"),
    prefix("transaction"),
    token("txn"),
    prefix("confirmation"),
    token("isbn"),
]);

/// Whether a number may start at `start`: not glued to a letter, digit or
/// `_`, and not continuing a longer number or code through `-`, `.` or `/`
/// (`ID-123-45-6789`, `1.212.555.0147`) or after a `+` (an international
/// number the `+` path rejected).
pub(crate) fn number_starts(input: &[u8], start: usize) -> bool {
    match start.checked_sub(1).map(|i| input[i]) {
        None => true,
        Some(b'+') => false,
        Some(prev) if prev.is_ascii_alphanumeric() || prev == b'_' => false,
        Some(b'-' | b'.' | b'/') => !(start >= 2 && input[start - 2].is_ascii_alphanumeric()),
        Some(_) => true,
    }
}

/// Whether a number may end at `end`: not glued to a letter, digit or `_`,
/// and not continued by `-`, `.`, `/` or `:` and a digit (a longer
/// reference, a decimal, a time). A comma and a digit is fine: in CSV it
/// starts the next field.
pub(crate) fn number_ends(input: &[u8], end: usize) -> bool {
    match input.get(end) {
        None => true,
        Some(next) if next.is_ascii_alphanumeric() || *next == b'_' => false,
        Some(b'-' | b'.' | b'/' | b':') => !input.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

/// The digits of three printed groups `(start, length)` of `input`, copied
/// out in order; `None` unless they are `N` ASCII digits. (A loop over each
/// group's slice: an iterator chained over every offset, or a copy of
/// slices of run-time length, cost twice as many instructions, for every
/// phone number found.)
#[inline]
pub(crate) fn group_digits<const N: usize>(
    input: &[u8],
    groups: [(usize, usize); 3],
) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut n = 0;
    for (start, len) in groups {
        for &b in input.get(start..start + len)? {
            if !b.is_ascii_digit() {
                return None;
            }
            *out.get_mut(n)? = b;
            n += 1;
        }
    }
    (n == N).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_boundaries() {
        let s = b"x 123 ID-123 1.5 a_1 (123) +123";
        let at = |needle: &str| {
            let n = needle.as_bytes();
            s.windows(n.len()).position(|w| w == n).unwrap()
        };
        assert!(number_starts(s, at("123 ID")));
        assert!(!number_starts(s, at("123 1.5")), "after ID-");
        assert!(!number_starts(s, at("5 a")), "decimal part");
        assert!(!number_starts(s, at("1 (")), "after _");
        assert!(number_starts(s, at("123)")));
        assert!(!number_starts(s, s.len() - 3), "after +");
        assert!(number_ends(b"123 ", 3));
        assert!(number_ends(b"123.", 3));
        assert!(!number_ends(b"123.4", 3));
        assert!(!number_ends(b"123-4", 3));
        assert!(!number_ends(b"123a", 3));
        assert!(number_ends(b"123-x", 3));
        assert!(number_ends(b"123,456", 3), "CSV");
    }

    #[test]
    fn digits_are_collected() {
        let s = b"123-45-6789";
        let d: Option<[u8; 9]> = group_digits(s, [(0, 3), (4, 2), (7, 4)]);
        assert_eq!(&d.unwrap(), b"123456789");
        let short: Option<[u8; 9]> = group_digits(s, [(0, 3), (4, 2), (7, 3)]);
        assert!(short.is_none());
        let bad: Option<[u8; 3]> = group_digits(s, [(2, 1), (3, 1), (4, 1)]);
        assert!(bad.is_none(), "a dash is not a digit");
        let past_end: Option<[u8; 9]> = group_digits(s, [(0, 3), (4, 2), (8, 4)]);
        assert!(past_end.is_none());
    }
}
