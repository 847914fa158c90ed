//! Cardholder data: payment card numbers, card security codes and
//! magnetic-stripe track data.
//!
//! - [`pan`] walks the dense digit runs that [`crate::simd`] flags, splits
//!   them into printed groups and validates each grouping (Luhn, issuer range
//!   and length). Track data is recognised from the same walk, since every
//!   track starts with a card number.
//! - [`cvv`] finds security codes only where a key or phrase says so.

pub(crate) mod cvv;
mod issuers;
pub(crate) mod pan;
mod track;

pub use issuers::card_brand;
pub(crate) use issuers::{brand_of, ranges_of};

/// How far around a finding the card detectors read (see
/// [`crate::Margins`]): before, the decimal-point and streak checks (a few
/// bytes) and security-code keywords (up to 24 bytes of gap plus the longest
/// keyword); after, the longest track 1 (79 bytes) or grouped number with
/// the groups read past it (6 groups, each decided after 20 digits), and a
/// security code's keyword, gap and value. Rounded up generously.
pub(crate) const MARGINS: crate::Margins = crate::Margins {
    before: 128,
    after: 256,
};

/// Whether ASCII `digits` pass the Luhn (mod 10) check.
///
/// ```
/// assert!(leaksift::luhn_valid(b"4111111111111111"));
/// assert!(!leaksift::luhn_valid(b"4111111111111112"));
/// ```
pub fn luhn_valid(digits: &[u8]) -> bool {
    !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && luhn_sum(digits, false).is_multiple_of(10)
}

/// The Luhn sum of ASCII digits. Every second digit from the right is
/// doubled, starting with the rightmost one when `double_rightmost` is set
/// (as it is for a payload whose check digit is yet to come).
fn luhn_sum(digits: &[u8], double_rightmost: bool) -> u32 {
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let parity = usize::from(!double_rightmost);
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = usize::from(d.wrapping_sub(b'0') % 10);
            if i % 2 == parity {
                DOUBLED[d]
            } else {
                d as u32
            }
        })
        .sum()
}

/// The digit that makes `payload` followed by it Luhn-valid.
///
/// ```
/// assert_eq!(leaksift::luhn_check_digit(b"411111111111111"), b'1');
/// ```
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    b'0' + ((10 - luhn_sum(payload, true) % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Textbook Luhn, written independently of the table-driven one.
    fn oracle(digits: &[u8]) -> bool {
        let mut sum = 0;
        for (i, d) in digits.iter().rev().enumerate() {
            let mut v = u32::from(d - b'0');
            if i % 2 == 1 {
                v *= 2;
                if v > 9 {
                    v -= 9;
                }
            }
            sum += v;
        }
        sum % 10 == 0
    }

    proptest! {
        #[test]
        fn luhn_agrees_with_textbook(digits in "[0-9]{1,30}") {
            prop_assert_eq!(luhn_valid(digits.as_bytes()), oracle(digits.as_bytes()));
        }

        #[test]
        fn check_digit_completes(payload in "[0-9]{0,25}") {
            let mut full = payload.into_bytes();
            full.push(luhn_check_digit(&full));
            prop_assert!(oracle(&full));
        }
    }

    #[test]
    fn non_digits_are_not_luhn_valid() {
        assert!(!luhn_valid(b""));
        assert!(!luhn_valid(b"4111 1111 1111 1111"));
    }
}
