//! Card security codes (CVV2, CVC2, CID, CSC).
//!
//! A bare three- or four-digit number is everywhere (HTTP statuses, ports,
//! quantities), so a security code is only reported where a key or phrase
//! names it: `"cvv": "123"`, `cvc2=123`, `<cardCode>1234</cardCode>`,
//! `CVV: 123`, "security code is 1234".
//!
//! # Finding keywords fast
//! A case-insensitive automaton over the keywords runs at about 0.6 GB/s,
//! because it must follow every `c` and `s` in the text. Instead the
//! rare-trigger search of [`crate::secrets::literals`] looks for a
//! distinctive *core* of each keyword (`cvv`, `ecurity`, `ard code`, …) in
//! its lower, UPPER and Title spellings, through a byte pair and the byte
//! after it that English and logs seldom hold (`cv` and `v`/`c`/`n`, `ec`
//! and `u`, `d_` and `c`…); each hit is then extended to a whole keyword and
//! compared case-insensitively. Keywords in other mixed spellings (`cVv`)
//! are not found.
//!
//! Even that search is skipped where it cannot matter: every value is the
//! end of a run of three to six digits, and only punctuation and filler
//! words stand between it and its keyword. So the cursor finds such runs
//! from 64-byte digit masks, walks back from each to the word before it,
//! and searches only when a core's first letters are there (from a byte no
//! keyword contains, so it finds what a search of everything finds). Prose
//! and a flood of `cvv:` without digits are never searched; where runs come
//! dense (logs, exports), every byte is searched for a while instead
//! ([`context::RunDensity`]).

use aho_corasick::MatchKind;

use crate::context;
use crate::finding::{Finding, Kind, Provenance, Subkind};
use crate::secrets::literals::{Literals, Trigger};

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

/// How the trigger search finds each of [`CORES`] (same order) in every
/// spelling: a bucket and the offset of a byte pair in the core, whose
/// next byte is tested too. The pairs are rare in text (`cv`, `cs`+`c`,
/// `ci`+`d`, `v2`, `ec`+`u`, `d` and a separator before `c`/`v`, `dc`+`o`);
/// a pair in a bucket of its own lets no other core's bytes through.
const CORE_TRIGGERS: [Trigger; 12] = [
    core_trigger(0, 0), // cvv
    core_trigger(0, 0), // cvc
    core_trigger(0, 0), // cvn
    core_trigger(1, 0), // csc
    core_trigger(2, 0), // cid
    core_trigger(3, 2), // cav2: `v2`
    core_trigger(4, 0), // ecurity: `ec`, `u`
    core_trigger(5, 2), // ard code: `d `, `c`
    core_trigger(5, 2), // ard_code
    core_trigger(5, 2), // ard-code
    core_trigger(6, 2), // ardcode: `dc`, `o`
    core_trigger(5, 2), // ard verification: `d `, `v`
];

const fn core_trigger(bucket: u8, offset: u8) -> Trigger {
    Trigger {
        bucket,
        offset,
        pair: true,
    }
}

/// The first three letters of every core, as [`trigram_at`] reads them.
const CORE_TRIGRAMS: [u32; 8] = [
    trigram(*b"cvv"),
    trigram(*b"cvc"),
    trigram(*b"cvn"),
    trigram(*b"csc"),
    trigram(*b"cid"),
    trigram(*b"cav"),
    trigram(*b"ecu"),
    trigram(*b"ard"),
];

const fn trigram(bytes: [u8; 3]) -> u32 {
    bytes[0] as u32 | (bytes[1] as u32) << 8 | (bytes[2] as u32) << 16
}

/// The three bytes at `at` (zero past the end), ASCII letters folded to
/// lower case, as one number; other bytes may fold to anything but a letter.
fn trigram_at(input: &[u8], at: usize) -> u32 {
    let byte = |i: usize| input.get(at + i).copied().unwrap_or(0) | 0x20;
    trigram([byte(0), byte(1), byte(2)])
}

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
    searcher: Literals,
    /// For each searched pattern, the index of its core in [`CORES`].
    pattern_core: Vec<usize>,
    /// For each core, the keywords containing it and where: (keyword index,
    /// offset of the core in it), longest keyword first.
    core_keywords: Vec<Vec<(usize, usize)>>,
}

impl Keywords {
    pub(crate) fn new() -> Self {
        let mut patterns: Vec<(String, Trigger)> = Vec::new();
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
                if !patterns.iter().any(|(p, _)| *p == spelling) {
                    patterns.push((spelling, CORE_TRIGGERS[core_index]));
                    pattern_core.push(core_index);
                }
            }
        }
        let with_triggers: Vec<(&[u8], Trigger)> = patterns
            .iter()
            .map(|(spelling, trigger)| (spelling.as_bytes(), *trigger))
            .collect();
        let searcher = Literals::new(&with_triggers, MatchKind::LeftmostFirst);
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

    /// Whether a core may start in `from..to`: some position there holds
    /// the first three letters of a core in any case. Every searched
    /// spelling does, so `false` means a search there finds nothing.
    fn may_start(&self, input: &[u8], from: usize, to: usize) -> bool {
        (from..to).any(|at| {
            matches!(input[at] | 0x20, b'c' | b'e' | b'a')
                && CORE_TRIGRAMS.contains(&trigram_at(input, at))
        })
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
    /// Keywords are only searched for just before a digit run that could be
    /// their value (see [`CvvCursor::next_region`]): this is the start of
    /// that run, and keywords from `resume` up to here are searched.
    region_end: usize,
    /// Where the search for the next such run goes on.
    run_scan: usize,
    /// How close together the runs were lately.
    density: context::RunDensity,
    /// Runs of three to six digits (see [`may_end_value`]).
    runs: context::DigitRuns<3, 6>,
}

/// Average bytes between runs below which searching every byte is
/// cheaper: a run costs about 200 instructions, a search of every byte 0.8
/// (logs) to 1.3 (CRM exports) per byte.
const BREAK_EVEN: usize = 130;

/// Most bytes from the first digit of a run to the start of a keyword
/// naming a value in it: the value starts at most two digits into the run
/// (after the `2` of `cvv2` or the digits of `%20`), at most
/// [`MAX_GAP`] + 5 bytes after the keyword's end (a filler word may end past
/// the gap), and the keyword is at most [`MAX_KEYWORD`] bytes long.
const REACH: usize = 2 + MAX_GAP + 5 + MAX_KEYWORD + 2;

impl<'k> CvvCursor<'k> {
    pub(crate) fn new(keywords: &'k Keywords) -> Self {
        CvvCursor {
            keywords,
            resume: 0,
            region_end: 0,
            run_scan: 0,
            density: context::RunDensity::default(),
            runs: context::DigitRuns::default(),
        }
    }

    /// Moves to the next digit run that a keyword may name: `resume` to
    /// where its keyword may start and `region_end` to the run (`true`), or
    /// `resume` past `limit` when no run is near it (`false`).
    ///
    /// A value is the last three or four digits of a run of three to six
    /// (see [`value_after`]), and between it and its keyword stand only
    /// punctuation and filler words, so the keyword's last word is the first
    /// other word before the run ([`keyword_word_before`]); when no keyword
    /// core starts in or just before it, nothing before the run can name it,
    /// and most runs (quantities, ports, times, phone groups) are passed on
    /// that alone. The search starts at a byte no keyword or core contains
    /// (or where the last search ended), so it finds what a search from the
    /// start of the input finds from there on.
    fn next_region(&mut self, input: &[u8], limit: usize) -> bool {
        loop {
            let from = self.resume.max(self.run_scan);
            let stop = limit + REACH;
            let Some(run) = self.runs.next(input, from, stop) else {
                self.run_scan = stop;
                self.resume = self.resume.max(limit);
                return false;
            };
            if self.density.is_dense(run, BREAK_EVEN) {
                // Runs this close together cost more one by one than a
                // search of every byte (as ids and timestamps in logs):
                // search everything for a while, from where the last
                // search ended.
                self.region_end = run.max(self.resume + context::DENSE_STRETCH);
                self.run_scan = self.region_end;
                return true;
            }
            self.run_scan = run + 1;
            let floor = self.resume;
            let cap = run.saturating_sub(REACH).max(floor);
            let word = match may_end_value(input, run) {
                true => keyword_word_before(input, run, cap),
                false => None,
            };
            // A keyword of several words ends in a word after ` `, `_` or
            // `-`, and its core starts at most `CORE_BEFORE_LAST_WORD` bytes
            // before that word ("ard verification" in "card verification
            // VALUE"); a keyword of one word holds its core.
            let cores_from = word.map(|(start, _)| match start.checked_sub(1) {
                Some(before) if matches!(input[before], b' ' | b'_' | b'-') => {
                    start.saturating_sub(CORE_BEFORE_LAST_WORD).max(floor)
                }
                _ => start.max(floor),
            });
            let Some(((_, word_end), cores_from)) = word
                .zip(cores_from)
                .filter(|&((_, end), from)| self.keywords.may_start(input, from, end))
            else {
                // Nothing before the run names it, and a keyword before it
                // cannot name a value past it (the gap ends at its first
                // digit): no keyword found before here matters. At most the
                // `2` at the start of the run ends one (`cvv2`), and no
                // keyword starts with a digit.
                self.resume = self.resume.max(run);
                continue;
            };
            let _ = word_end;
            // Back to a byte that no core or keyword contains, so that no
            // match of a search from further back straddles the start.
            let mut start = cores_from;
            while start > floor && is_keyword_byte(input[start - 1]) {
                start -= 1;
            }
            self.resume = start;
            self.region_end = run;
            return true;
        }
    }

    /// The next security code whose keyword starts before `limit`.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        while self.resume < limit {
            if self.resume >= self.region_end && !self.next_region(input, limit) {
                return None;
            }
            let search_limit = limit.min(self.region_end);
            if self.resume >= search_limit {
                continue;
            }
            // Cores wholly inside the region and the longest keyword past
            // it, starting before its end.
            let span_end = search_limit + MAX_KEYWORD;
            let hit = self.keywords.searcher.find(input, self.resume, span_end);
            let Some(hit) = hit.filter(|m| m.start() < search_limit) else {
                self.resume = search_limit;
                continue;
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

/// Whether a byte may be part of a keyword or of a searched core: letters,
/// the separators of "security code" and the `2` of `cvv2`.
fn is_keyword_byte(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || matches!(byte, b' ' | b'_' | b'-' | b'2')
}

/// Whether the digit run starting at `run` may end with a value that
/// [`value_after`] accepts: three to six digits (a value of three or four,
/// after at most two digits that belong to the keyword or a `%20`), not
/// followed by a letter or by a date's, phone number's or amount's next
/// digits.
fn may_end_value(input: &[u8], run: usize) -> bool {
    let len = input[run..]
        .iter()
        .take(7)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = run + len;
    let continues = match (input.get(end), input.get(end + 1)) {
        (Some(next), _) if next.is_ascii_alphanumeric() => true,
        (Some(b'/' | b'-' | b'.' | b':' | b','), Some(after)) => after.is_ascii_digit(),
        _ => false,
    };
    len <= 6 && !continues
}

/// Most bytes from the start of a keyword's core to the start of its last
/// word: "ard verification " before "value".
const CORE_BEFORE_LAST_WORD: usize = "ard verification ".len();

/// Bytes that [`value_after`] steps over between a keyword and its value.
fn is_gap_byte(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t'
            | b'"'
            | b'\''
            | b':'
            | b'='
            | b'>'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'#'
            | b'_'
            | b'-'
            | b'.'
            | b'\\'
            | b'{'
            | b'%'
    )
}

/// The last word of a keyword that could name a value at the digit run
/// starting at `run`: walking back over what [`value_after`] steps over
/// (punctuation, percent-encoded punctuation, filler words), the first
/// other run of letters (with the `2` of `cvv2` after it), as its span.
/// `None` when anything else comes first, or nothing within `cap`: then no
/// keyword can name the run. Every keyword's last word is such a run
/// (`cvv2`, `userCvv`, `card` in "card code", `verification` in "card
/// verification value", or `CODE` in `CARD_CODE`, which is no filler word
/// in upper case), and its core starts in it or, after a separator, at most
/// [`CORE_BEFORE_LAST_WORD`] bytes before it.
///
/// Errs on the side of finding a word: every byte `value_after` could step
/// over is stepped over here too.
fn keyword_word_before(input: &[u8], run: usize, cap: usize) -> Option<(usize, usize)> {
    let mut i = run;
    while i > cap {
        let byte = input[i - 1];
        if is_gap_byte(byte) {
            i -= 1;
            continue;
        }
        let mut end = i;
        if byte.is_ascii_digit() {
            // A digit inside `%22`, `%3D`…: stepped over with its `%`.
            let in_percent = (i >= 2 && input[i - 2] == b'%') || (i >= 3 && input[i - 3] == b'%');
            if in_percent {
                i -= 1;
                continue;
            }
            // The `2` ending `cvv2`, `cav2`.
            if byte != b'2' || !(i >= 2 && input[i - 2].is_ascii_alphabetic()) {
                return None;
            }
            end = i;
            i -= 1;
        } else if !byte.is_ascii_alphabetic() {
            return None;
        }
        let mut word = i;
        while word > cap && input[word - 1].is_ascii_alphabetic() {
            word -= 1;
        }
        // After `%3D` the walk forward enters the letters past the `D`.
        let after_percent = word >= 2 && input[word - 2] == b'%';
        if end == i
            && (fillers_only(input, word, i) || (after_percent && fillers_only(input, word + 1, i)))
        {
            i = word;
            continue;
        }
        return Some((word, end));
    }
    None
}

/// Whether `input[from..to]` (letters) is filler words only, read as
/// [`value_after`] reads them.
fn fillers_only(input: &[u8], from: usize, to: usize) -> bool {
    let mut at = from;
    while at < to {
        match filler_word_at(input, at) {
            Some(len) => at += len,
            None => return false,
        }
    }
    true
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
    context::packed_word_at(input, at, &FILLERS_PACKED)
}

/// [`FILLER_WORDS`] as [`context::packed_word_at`] looks them up.
static FILLERS_PACKED: context::PackedWords = context::PackedWords::new(FILLER_WORDS);

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

    /// Findings of a cursor fed windows of `step` bytes, as the scanner does.
    fn windowed(mut cursor: CvvCursor, text: &[u8], step: usize) -> Vec<Finding> {
        let mut found = Vec::new();
        let mut limit = 0;
        while limit < text.len() {
            limit = (limit + step).min(text.len());
            while let Some(f) = cursor.next(text, limit) {
                found.push(f);
            }
        }
        found
    }

    #[test]
    fn regions_find_what_a_search_of_everything_finds() {
        // Keywords, gaps, values, near misses and long stretches without
        // digits, in random order; the cursor without regions (region_end
        // at the end of the input from the start) is the oracle.
        const PIECES: &[&str] = &[
            "cvv",
            "CVV",
            "Cvv",
            "cvv2",
            "CVC2",
            "cav2",
            "cid",
            "csc",
            "cvn",
            "security",
            "Security",
            "sec",
            "card",
            "Card",
            "code",
            "Code",
            "verification",
            "Verification",
            "VERIFICATION",
            "value",
            "VALUE",
            "CODE",
            "SECURITY",
            "CARD",
            "NUMBER",
            "userCvv",
            "cardCode",
            "securityCode",
            " ",
            "_",
            "-",
            ":",
            "=",
            "\"",
            "\\\"",
            "{",
            "(",
            ")",
            ",",
            ".",
            "/",
            "\n",
            "%5B",
            "%5D",
            "%3D",
            "%20",
            "%22",
            "%2",
            "number",
            "Number",
            "is ",
            "no",
            "x",
            "2",
            "22",
            "123",
            "1234",
            "12345",
            "4567890",
            "12/25",
            "7",
            "incident ",
            "customer asked about billing and ",
        ];
        let keywords = Keywords::new();
        let mut rng = crate::TestRng::new(0x9e37_79b9_7f4a_7c15);
        let mut next = move || rng.next_u64();
        let mut total = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(next() % 100) {
                let piece = PIECES[(next() % PIECES.len() as u64) as usize];
                if piece.starts_with("customer") {
                    for _ in 0..(next() % 20) {
                        text.push_str(piece);
                    }
                } else if next() % 4 == 0 {
                    // A whole keyword in lower, UPPER or Title case, a gap
                    // and a value, so every keyword's shape is met.
                    let (keyword, _) = KEYWORDS[(next() % KEYWORDS.len() as u64) as usize];
                    let case = next() % 3;
                    for (i, c) in keyword.chars().enumerate() {
                        let word_start =
                            i == 0 || matches!(keyword.as_bytes()[i - 1], b' ' | b'_' | b'-');
                        text.push(match case {
                            0 => c,
                            1 => c.to_ascii_uppercase(),
                            _ if word_start => c.to_ascii_uppercase(),
                            _ => c,
                        });
                    }
                    for _ in 0..(next() % 3) {
                        text.push_str(
                            [": ", "=", " ", "\": \"", " number ", " is ", "%3D"]
                                [(next() % 7) as usize],
                        );
                    }
                    text.push_str(["123", "4567", "12345", "2123"][(next() % 4) as usize]);
                } else {
                    text.push_str(piece);
                }
            }
            let text = text.as_bytes();
            let oracle = CvvCursor {
                region_end: usize::MAX,
                ..CvvCursor::new(&keywords)
            };
            let expected = windowed(oracle, text, text.len().max(1));
            total += expected.len();
            for step in [text.len().max(1), 64, 7] {
                let found = windowed(CvvCursor::new(&keywords), text, step);
                assert_eq!(
                    found,
                    expected,
                    "step {step}: {:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
        assert!(total > 200, "the pieces make findings ({total})");
    }

    #[test]
    fn the_core_search_equals_the_automaton() {
        // The trigger search must answer as an automaton over the same
        // spellings does, on every block filter this machine runs, also
        // where pairs of one bucket meet other bytes (`d/`, `dP`, `CS2`).
        let keywords = Keywords::new();
        const PIECES: &[&str] = &[
            "cvv",
            "CVC",
            "Cvn",
            "csc",
            "Cid",
            "CID",
            "cav2",
            "CAV2",
            "ecurity",
            "ECURITY",
            "ard code",
            "Ard Code",
            "ARD_CODE",
            "ard-code",
            "ardCode",
            "ARDCODE",
            "ard verification",
            "Ard Verification",
            "cv",
            "cs",
            "ci",
            "ec",
            "ard",
            "d/",
            "dP",
            "d]",
            "v2",
            "CS2",
            "dco",
            "execute ",
            "decide ",
            "and contract ",
            "card ",
            "2026-11-23T10:00:00.000Z ",
            " ",
            "_",
            "-",
            "=",
            "\u{ff}",
            "x",
        ];
        let found = keywords.searcher.assert_answers_as_the_automaton(PIECES);
        assert!(found > 1000, "the texts hold cores: {found}");
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
