//! Issuer identification: which brand a card number belongs to, and the
//! lengths that brand issues.
//!
//! Ranges are compared on the first six digits. The table is ordered from
//! the most to the least specific range, so a co-branded or carved-out range
//! (Elo inside Visa's 4, RuPay inside Discover's 65) wins over the broad one.
//! Sources: the card networks' published BIN/IIN ranges as summarised in
//! ISO/IEC 7812 registries and the networks' acceptance guides.

use crate::finding::Subkind;

/// Bit `n` set: the brand issues `n`-digit numbers.
type Lengths = u32;

const fn lengths(list: &[u8]) -> Lengths {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= 1 << list[i];
        i += 1;
    }
    bits
}

const fn span(from: u8, to: u8) -> Lengths {
    let mut bits = 0;
    let mut n = from;
    while n <= to {
        bits |= 1 << n;
        n += 1;
    }
    bits
}

/// One issuer range: numbers whose six-digit prefix lies in `low..=high`.
struct Range {
    low: u32,
    high: u32,
    brand: Subkind,
    lengths: Lengths,
}

/// `prefix` padded to six digits: `range("34", "34", ..)` is 340000..=349999.
const fn range(low: &str, high: &str, brand: Subkind, lengths: Lengths) -> Range {
    Range {
        low: pad(low.as_bytes(), b'0'),
        high: pad(high.as_bytes(), b'9'),
        brand,
        lengths,
    }
}

const fn pad(prefix: &[u8], fill: u8) -> u32 {
    let mut value = 0;
    let mut i = 0;
    while i < 6 {
        let digit = if i < prefix.len() { prefix[i] } else { fill };
        value = value * 10 + (digit - b'0') as u32;
        i += 1;
    }
    value
}

use Subkind::{
    Amex, DinersClub, Discover, Elo, Jcb, Maestro, Mastercard, Mir, RuPay, UnionPay, Verve, Visa,
};

const ELO: Lengths = lengths(&[16]);
const RUPAY: Lengths = lengths(&[16]);
const VERVE: Lengths = lengths(&[16, 18, 19]);

/// Most specific first; the first range that contains the prefix decides.
static RANGES: &[Range] = &[
    // Elo (Brazil): six-digit ranges carved out of other networks' space.
    range("401178", "401179", Elo, ELO),
    range("431274", "431274", Elo, ELO),
    range("438935", "438935", Elo, ELO),
    range("451416", "451416", Elo, ELO),
    range("457393", "457393", Elo, ELO),
    range("457631", "457632", Elo, ELO),
    range("504175", "504175", Elo, ELO),
    range("506699", "506778", Elo, ELO),
    range("509000", "509999", Elo, ELO),
    range("627780", "627780", Elo, ELO),
    range("636297", "636297", Elo, ELO),
    range("636368", "636368", Elo, ELO),
    range("650031", "650033", Elo, ELO),
    range("650035", "650051", Elo, ELO),
    range("650405", "650439", Elo, ELO),
    range("650485", "650538", Elo, ELO),
    range("650541", "650598", Elo, ELO),
    range("650700", "650718", Elo, ELO),
    range("650720", "650727", Elo, ELO),
    range("650901", "650978", Elo, ELO),
    range("651652", "651679", Elo, ELO),
    range("655000", "655019", Elo, ELO),
    range("655021", "655058", Elo, ELO),
    // Verve (Nigeria).
    range("506099", "506198", Verve, VERVE),
    range("507865", "507964", Verve, VERVE),
    range("650002", "650027", Verve, VERVE),
    // RuPay (India).
    range("508500", "508999", RuPay, RUPAY),
    range("606985", "607984", RuPay, RUPAY),
    range("608001", "608500", RuPay, RUPAY),
    range("652150", "653149", RuPay, RUPAY),
    // Discover, including the UnionPay co-acceptance range 622126–622925.
    range("6011", "6011", Discover, span(16, 19)),
    range("622126", "622925", Discover, span(16, 19)),
    range("644", "649", Discover, span(16, 19)),
    range("65", "65", Discover, span(16, 19)),
    // Maestro: the specific prefixes before the broad Mastercard/UnionPay ones.
    range("5018", "5018", Maestro, span(12, 19)),
    range("5020", "5020", Maestro, span(12, 19)),
    range("5038", "5038", Maestro, span(12, 19)),
    range("5893", "5893", Maestro, span(12, 19)),
    range("6304", "6304", Maestro, span(12, 19)),
    range("6759", "6759", Maestro, span(12, 19)),
    range("6761", "6763", Maestro, span(12, 19)),
    // Mir (Russia).
    range("2200", "2204", Mir, span(16, 19)),
    // Mastercard.
    range("2221", "2720", Mastercard, lengths(&[16])),
    range("51", "55", Mastercard, lengths(&[16])),
    // American Express.
    range("34", "34", Amex, lengths(&[15])),
    range("37", "37", Amex, lengths(&[15])),
    // JCB.
    range("3528", "3589", Jcb, span(16, 19)),
    // Diners Club International and its former Carte Blanche range.
    range("300", "305", DinersClub, span(14, 19)),
    range("3095", "3095", DinersClub, span(14, 19)),
    range("36", "36", DinersClub, span(14, 19)),
    range("38", "39", DinersClub, span(16, 19)),
    // China UnionPay.
    range("62", "62", UnionPay, span(16, 19)),
    range("8100", "8171", UnionPay, span(16, 19)),
    // Visa.
    range("4", "4", Visa, lengths(&[13, 16, 19])),
];

/// The brand of a card number, given its ASCII digits, when its prefix is in
/// a known issuer range and its length is one that brand issues. The Luhn
/// check is separate ([`luhn_valid`](crate::luhn_valid)).
///
/// ```
/// use leaksift::{card_brand, Subkind};
///
/// assert_eq!(card_brand(b"378282246310005"), Some(Subkind::Amex));
/// assert_eq!(card_brand(b"3782822463100050"), None); // Amex has 15 digits
/// assert_eq!(card_brand(b"4111-1111"), None);
/// ```
pub fn card_brand(digits: &[u8]) -> Option<Subkind> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    brand_of(digits)
}

/// [`card_brand`] for input already known to be ASCII digits.
pub(crate) fn brand_of(digits: &[u8]) -> Option<Subkind> {
    if digits.len() < 12 || digits.len() > 19 {
        return None;
    }
    let prefix = digits[..6]
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')));
    RANGES
        .iter()
        .find(|r| r.low <= prefix && prefix <= r.high)
        .filter(|r| r.lengths & (1 << digits.len()) != 0)
        .map(|r| r.brand)
}

/// The issuer ranges of `brand` as `(low, high, lengths)`: six-digit
/// prefixes and a bit set of issued lengths (bit `n`: `n` digits). More
/// specific ranges of other brands may be carved out of them; check a
/// prefix with [`brand_of`].
pub(crate) fn ranges_of(brand: Subkind) -> impl Iterator<Item = (u32, u32, u32)> {
    RANGES
        .iter()
        .filter(move |r| r.brand == brand)
        .map(|r| (r.low, r.high, r.lengths))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_and_lengths() {
        let cases: &[(&str, Option<Subkind>)] = &[
            ("4111111111111111", Some(Visa)),
            ("4111111111111", Some(Visa)),
            ("41111111111111", None), // Visa does not issue 14 digits
            ("5555555555554444", Some(Mastercard)),
            ("2221000000000009", Some(Mastercard)),
            ("2720990000000000", Some(Mastercard)),
            ("2721000000000000", None),
            ("378282246310005", Some(Amex)),
            ("3782822463100050", None),
            ("6011111111111117", Some(Discover)),
            ("6445644564456445", Some(Discover)),
            ("6221260000000000", Some(Discover)),
            ("6229260000000000", Some(UnionPay)),
            ("3530111333300000", Some(Jcb)),
            ("30569309025904", Some(DinersClub)),
            ("36227206271667", Some(DinersClub)),
            ("6200000000000005", Some(UnionPay)),
            ("6759649826438453", Some(Maestro)),
            ("501800000000", Some(Maestro)),
            ("2200000000000004", Some(Mir)),
            ("6521500000000000", Some(RuPay)),
            ("6500310000000000", Some(Elo)),
            ("4011780000000000", Some(Elo)),
            ("5061000000000000", Some(Verve)),
            ("1234567890123456", None),
            ("9999999999999999", None),
        ];
        for (digits, brand) in cases {
            assert_eq!(brand_of(digits.as_bytes()), *brand, "{digits}");
        }
    }

    #[test]
    fn every_range_is_well_formed() {
        for r in RANGES {
            assert!(r.low <= r.high && r.high <= 999_999);
            assert!(r.lengths != 0 && r.lengths & !span(12, 19) == 0);
            // The PAN walk rejects other leading digits before validating.
            assert!(matches!(r.low / 100_000, 2..=6 | 8) && matches!(r.high / 100_000, 2..=6 | 8));
        }
    }
}
