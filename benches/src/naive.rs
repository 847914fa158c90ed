//! The naive baseline: what a user writes in an afternoon with the `regex`
//! crate. One ASCII-mode alternation of the detectors' patterns, every match
//! then checked by the obvious validator for its shape (Luhn for card
//! numbers, the SSN area/group/serial rules, IBAN mod-97, the ABA routing
//! checksum). It is the reference the scanner's speed is compared with, not
//! a detector: it finds roughly the same things, with more false positives.
//!
//! ```
//! use leaksift_benches::naive::Naive;
//!
//! let naive = Naive::every_detector();
//! let text = b"card 4111 1111 1111 1111 cvv: 123, mail ann@acme.io";
//! assert_eq!(naive.count(text), 3);
//! assert_eq!(Naive::cards().count(text), 2);
//! ```

use regex::bytes::Regex;

/// A compiled naive alternation.
pub struct Naive {
    regex: Regex,
}

/// Card numbers, security codes by keyword, track 1 and 2.
const CARD_PATTERNS: &[&str] = &[
    r"\b(?:\d[ -]?){12,18}\d\b",
    r"(?i:cvv2?|cvc2?|cid|csc|security[ _-]?code|card[ _-]?code)\W{0,4}\d{3,4}\b",
    r"%B\d{12,19}\^[^^]{2,26}\^\d{7}",
    r";\d{12,19}=\d{7}",
];

/// SSN/ITIN, IBAN, routing numbers by keyword, e-mail, phone numbers, and
/// the secrets a user would think of: provider prefixes, PEM, JWT, URL
/// passwords and `password=`-style assignments.
const OTHER_PATTERNS: &[&str] = &[
    r"\b\d{3}-\d{2}-\d{4}\b",
    r"(?i:ssn|itin)\W{0,4}\d{9}\b",
    r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b",
    r"(?i:routing|aba|rtn)\W{0,20}\d{9}\b",
    r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b",
    r"\+[1-9](?:[ .-]?\d){7,14}\b",
    r"(?:\(\d{3}\) ?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b",
    r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    r"\b[sr]k_(?:live|test)_[0-9A-Za-z]{24,}",
    r"\bgh[pousr]_[A-Za-z0-9]{36}\b",
    r"\bgithub_pat_\w{82}",
    r"\bxox[abprs]-[0-9A-Za-z-]{10,}",
    r"\bAIza[0-9A-Za-z_-]{35}",
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    r"\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]+",
    r"[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]+:[^@\s]+@",
    r#"(?i:password|passwd|pwd|secret|token|api_?key)["']?\s*[:=]\s*["']?[^\s"',;]{8,}"#,
];

impl Naive {
    /// The card detectors only (card numbers, CVV, track data): the
    /// baseline as it was before the identifier and secret detectors.
    pub fn cards() -> Self {
        Naive::build(CARD_PATTERNS.iter())
    }

    /// The same set of detectors as the scanner with every detector on.
    pub fn every_detector() -> Self {
        Naive::build(CARD_PATTERNS.iter().chain(OTHER_PATTERNS))
    }

    fn build<'a>(patterns: impl Iterator<Item = &'a &'a str>) -> Self {
        let alternation = patterns.copied().collect::<Vec<_>>().join("|");
        Naive {
            regex: Regex::new(&format!("(?-u){alternation}")).expect("valid pattern"),
        }
    }

    /// The number of matches that pass the validator for their shape.
    pub fn count(&self, data: &[u8]) -> usize {
        self.regex
            .find_iter(data)
            .filter(|m| valid(m.as_bytes()))
            .count()
    }
}

/// The afternoon validator: decided by the match's shape.
fn valid(m: &[u8]) -> bool {
    let digits = || m.iter().filter(|b| b.is_ascii_digit());
    let digit_count = digits().count();
    let numeric = m
        .iter()
        .all(|&b| b.is_ascii_digit() || b == b' ' || b == b'-');
    if numeric && digit_count >= 12 {
        let mut buf = [0u8; 19];
        for (slot, &d) in buf.iter_mut().zip(digits()) {
            *slot = d;
        }
        return leaksift::luhn_valid(&buf[..digit_count.min(19)]);
    }
    if numeric && m.len() == 11 && m[3] == b'-' && m[6] == b'-' {
        return ssn_valid(m);
    }
    if m.len() >= 15 && m[..2].iter().all(u8::is_ascii_uppercase) && m[2].is_ascii_digit() {
        return iban_valid(m);
    }
    let keyword = m.get(..3).map(<[u8]>::to_ascii_lowercase);
    if matches!(keyword.as_deref(), Some(b"rou" | b"aba" | b"rtn")) {
        return aba_valid(&m[m.len() - 9..]);
    }
    true
}

fn ssn_valid(m: &[u8]) -> bool {
    let area = &m[..3];
    area != b"000" && area != b"666" && area[0] != b'9' && &m[4..6] != b"00" && &m[7..] != b"0000"
}

fn iban_valid(m: &[u8]) -> bool {
    let mut compact = [0u8; 34];
    let mut n = 0;
    for &b in m.iter().filter(|b| **b != b' ') {
        if n == compact.len() {
            return false;
        }
        compact[n] = b;
        n += 1;
    }
    let (head, body) = compact[..n].split_at(4);
    let remainder = body.iter().chain(head).fold(0u32, |r, &b| match b {
        b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
        _ => (r * 100 + u32::from(b.to_ascii_uppercase() - b'A' + 10)) % 97,
    });
    remainder == 1
}

fn aba_valid(d: &[u8]) -> bool {
    let v = |i: usize| u32::from(d[i] - b'0');
    (3 * (v(0) + v(3) + v(6)) + 7 * (v(1) + v(4) + v(7)) + v(2) + v(5) + v(8)) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_reject_what_they_should() {
        let naive = Naive::every_detector();
        assert_eq!(naive.count(b"4111 1111 1111 1112"), 0);
        assert_eq!(naive.count(b"x 666-12-3456 y"), 0);
        assert_eq!(naive.count(b"x 536-90-1234 y"), 1);
        assert_eq!(naive.count(b"DE89 3704 0044 0532 0130 00"), 1);
        assert_eq!(naive.count(b"DE89 3704 0044 0532 0130 01"), 0);
        assert_eq!(naive.count(b"routing: 021000021"), 1);
        assert_eq!(naive.count(b"routing: 021000022"), 0);
        assert_eq!(naive.count(b"call (212) 555-0147 or +44 20 7946 0958"), 2);
        assert_eq!(naive.count(b"password=Tr0ub4dor&3x"), 1);
    }
}
