//! Card security codes (CVV2, CVC2, CID, CSC).
//!
//! A bare three- or four-digit number is everywhere (HTTP statuses, ports,
//! quantities), so a security code is only reported where a key or phrase
//! names it: `"cvv": "123"`, `cvc2=123`, `<cardCode>1234</cardCode>`,
//! `CVV: 123`, "security code is 1234".
//!
//! # Finding keywords fast
//! A case-insensitive automaton over the keywords runs at about 0.6 GB/s,
//! because it must follow every `c` and `s` in the text. Instead a packed
//! multi-literal search (Teddy, via `aho-corasick`) looks for a distinctive
//! *core* of each keyword (`cvv`, `ecurity`, `ard code`, …) in its lower,
//! UPPER and Title spellings, at 3–18 GB/s; each hit is then extended to a
//! whole keyword and compared case-insensitively. Keywords in other mixed
//! spellings (`cVv`) are not found.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};

use crate::context;
use crate::finding::{Finding, Kind, Provenance, Subkind};

/// Keywords naming a security code, with the confidence a value after them
/// gets. Compared case-insensitively, so `securityCode` is `securitycode`;
/// `_`/`-` variants are listed, and longer phrases ("card security code")
/// are found through the keyword they end with.
pub(crate) const KEYWORDS: &[(&str, u8)] = &[
    ("cvv", 90),
    ("cvv2", 90),
    ("cvc", 90),
    ("cvc2", 90),
    ("cav2", 85),
    ("cvn", 75),
    ("cid", 60),
    ("csc", 70),
    ("security code", 85),
    ("security_code", 90),
    ("security-code", 90),
    ("securitycode", 90),
    ("card code", 85),
    ("card_code", 90),
    ("card-code", 90),
    ("cardcode", 90),
    ("card verification value", 90),
    ("card verification code", 90),
];

/// The distinctive parts searched for; every keyword contains one. Rare
/// letter pairs make the packed search skip most of the input.
const CORES: &[&str] = &[
    "cvv",
    "cvc",
    "cvn",
    "csc",
    "cid",
    "cav2",
    "ecurity",
    "ard code",
    "ard_code",
    "ard-code",
    "ardcode",
    "ard verification",
];

/// Words that may stand between a keyword and its value.
const FILLER_WORDS: &[&str] = &[
    "number", "num", "no", "nr", "code", "value", "val", "is", "was", "field", "digits",
];

/// Longest gap between a keyword and its value, in bytes.
const MAX_GAP: usize = 24;
/// Longest keyword, so a keyword straddling a window end is still found.
const MAX_KEYWORD: usize = 23;

/// The compiled keyword search, built once per scanner.
#[derive(Clone, Debug)]
pub(crate) struct Keywords {
    searcher: AhoCorasick,
    /// For each searched pattern, the index of its core in [`CORES`].
    pattern_core: Vec<usize>,
    /// For each core, the keywords containing it and where: (keyword index,
    /// offset of the core in it), longest keyword first.
    core_keywords: Vec<Vec<(usize, usize)>>,
}

impl Keywords {
    pub(crate) fn new() -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_core = Vec::new();
        for (core_index, core) in CORES.iter().enumerate() {
            let mut title = core.to_string();
            title[..1].make_ascii_uppercase();
            // camelCase: "ardCode" in "cardCode" (the joined core's spelling).
            let camel = core.replace("dcode", "dCode");
            // Title Case after a separator: "ard Code" in "Card Code".
            let words: String = core
                .char_indices()
                .map(|(i, c)| match core.as_bytes().get(i.wrapping_sub(1)) {
                    Some(b' ' | b'_' | b'-') => c.to_ascii_uppercase(),
                    _ => c,
                })
                .collect();
            for spelling in [
                core.to_string(),
                core.to_ascii_uppercase(),
                title,
                camel,
                words,
            ] {
                if !patterns.contains(&spelling) {
                    patterns.push(spelling);
                    pattern_core.push(core_index);
                }
            }
        }
        let searcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            // Both: `context::next_word_before` tries anchored starts first.
            .start_kind(StartKind::Both)
            // A DFA makes those anchored tries a few table lookups.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the core list is small and valid");
        let core_keywords = CORES
            .iter()
            .map(|core| {
                let mut found: Vec<(usize, usize)> = KEYWORDS
                    .iter()
                    .enumerate()
                    .filter_map(|(k, (keyword, _))| keyword.find(core).map(|offset| (k, offset)))
                    .collect();
                found.sort_by_key(|&(k, _)| std::cmp::Reverse(KEYWORDS[k].0.len()));
                found
            })
            .collect();
        Keywords {
            searcher,
            pattern_core,
            core_keywords,
        }
    }

    /// The longest keyword around a hit on core `core` at `at`, as its span
    /// and confidence.
    fn keyword_at(&self, input: &[u8], core: usize, at: usize) -> Option<(usize, usize, u8)> {
        self.core_keywords[core].iter().find_map(|&(k, offset)| {
            let (keyword, confidence) = KEYWORDS[k];
            let start = at.checked_sub(offset)?;
            let end = start + keyword.len();
            let found = input.get(start..end)?;
            found
                .eq_ignore_ascii_case(keyword.as_bytes())
                .then_some((start, end, confidence))
        })
    }
}

/// The security-code detector's position in one scan.
pub(crate) struct CvvCursor<'k> {
    keywords: &'k Keywords,
    resume: usize,
}

impl<'k> CvvCursor<'k> {
    pub(crate) fn new(keywords: &'k Keywords) -> Self {
        CvvCursor {
            keywords,
            resume: 0,
        }
    }

    /// The next security code whose keyword starts before `limit`.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        while self.resume < limit {
            let Some(hit) = context::next_word_before(
                &self.keywords.searcher,
                input,
                self.resume,
                limit,
                MAX_KEYWORD,
                true,
            ) else {
                self.resume = limit;
                return None;
            };
            self.resume = hit.end();
            let core = self.keywords.pattern_core[hit.pattern().as_usize()];
            let Some((start, end, confidence)) = self.keywords.keyword_at(input, core, hit.start())
            else {
                continue;
            };
            self.resume = self.resume.max(end);
            if !keyword_stands_alone(input, start, end) {
                continue;
            }
            if let Some((start, end)) = value_after(input, end) {
                self.resume = end;
                return Some(Finding {
                    kind: Kind::Cvv,
                    subkind: Subkind::None,
                    start,
                    end,
                    confidence,
                    provenance: Provenance::Unknown,
                });
            }
        }
        None
    }
}

/// A keyword must be a token of its own: "cid" in "incident" or "acid" is
/// not one, "cardCvv" and "card_cvv" are.
pub(crate) fn keyword_stands_alone(input: &[u8], start: usize, end: usize) -> bool {
    let before_ok = match start.checked_sub(1).map(|i| input[i]) {
        None => true,
        Some(prev) => {
            !prev.is_ascii_alphanumeric()
                || (prev.is_ascii_lowercase() && input[start].is_ascii_uppercase())
                || context::percent_punctuation_before(input, start)
        }
    };
    let after_ok = match input.get(end) {
        None => true,
        Some(&next) => {
            !next.is_ascii_alphabetic()
                || (next.is_ascii_uppercase() && input[end - 1].is_ascii_lowercase())
                || filler_word_at(input, end).is_some()
        }
    };
    before_ok && after_ok
}

/// Length of a filler word (see [`FILLER_WORDS`]) starting at `at`, as a
/// whole token.
fn filler_word_at(input: &[u8], at: usize) -> Option<usize> {
    let word_len = input[at..]
        .iter()
        .enumerate()
        .position(|(i, b)| !b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_uppercase()))
        .unwrap_or(input.len() - at);
    let word = &input[at..at + word_len];
    FILLER_WORDS
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
        .then_some(word_len)
}

/// The value after a keyword ending at `at`: past punctuation such as
/// `": "`, `=`, `>`, `{` (`"cvv": {"value": "123"}`), the backslashes of
/// JSON held in a JSON string (`\"cvv\":\"123\"`), percent-encoded
/// brackets and quotes (`card%5Bcvc%5D=123`) and filler words, a run of exactly 3 or 4 digits that is
/// not part of a date, phone number or longer number.
fn value_after(input: &[u8], at: usize) -> Option<(usize, usize)> {
    let gap_end = (at + MAX_GAP).min(input.len());
    let mut i = at;
    while i < gap_end {
        match input[i] {
            b'0'..=b'9' => break,
            b' ' | b'\t' | b'"' | b'\'' | b':' | b'=' | b'>' | b'(' | b')' | b'[' | b']' | b'#'
            | b'_' | b'-' | b'.' | b'\\' | b'{' => i += 1,
            b'%' if context::percent_punctuation_at(input, i) > 0 => i += 3,
            b if b.is_ascii_alphabetic() => i += filler_word_at(input, i)?,
            _ => return None,
        }
    }
    let start = i;
    let len = input[start..]
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(3..=4).contains(&len) {
        return None;
    }
    let end = start + len;
    let continues = match (input.get(end), input.get(end + 1)) {
        (Some(next), _) if next.is_ascii_alphanumeric() => true,
        // "12/25", "123-4567", "1.50": a date, a phone number, an amount.
        (Some(b'/' | b'-' | b'.' | b':' | b','), Some(after)) => after.is_ascii_digit(),
        _ => false,
    };
    (!continues).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<&str> {
        let keywords = Keywords::new();
        let mut cursor = CvvCursor::new(&keywords);
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn keyed_values_are_found() {
        assert_eq!(values(r#"{"cvv": "123"}"#), ["123"]);
        assert_eq!(values(r#"{"card": {"cvc": 1234}}"#), ["1234"]);
        assert_eq!(values("cvv2=123&exp=1225"), ["123"]);
        assert_eq!(values("<cardCode>987</cardCode>"), ["987"]);
        assert_eq!(values("CVV: 123"), ["123"]);
        assert_eq!(values("the security code is 4321."), ["4321"]);
        assert_eq!(values(r#"securityCode: '555'"#), ["555"]);
        assert_eq!(
            values("card_cvv=321 cvv_number=654 cvvNumber: 777"),
            ["321", "654", "777"]
        );
        assert_eq!(values("CID 4012 on the back"), ["4012"]);
        assert_eq!(
            values("Card Code: 123, CARD_CODE=456, Security Code 789"),
            ["123", "456", "789"]
        );
        assert_eq!(values("Card Verification Value (CVV2): 321"), ["321"]);
    }

    #[test]
    fn bait_is_not_a_security_code() {
        assert!(values("HTTP 404 Not Found").is_empty());
        assert!(values("qty 123, port 443").is_empty());
        assert!(values("incident 4567 was decided 123").is_empty());
        assert!(values(r#"{"cvv": null, "order": 123}"#).is_empty());
        assert!(values("cvv: 12345").is_empty());
        assert!(values("cvv exp 12/25").is_empty());
        assert!(values("cvc 123-4567").is_empty());
        assert!(values(r#""cvc_check": "pass""#).is_empty());
        assert!(values("cvv: 12").is_empty());
        assert!(values("cvv").is_empty());
    }
}
