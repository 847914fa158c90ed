//! Bare digit runs named by a key or word: `"ssn": "536901234"`,
//! `routing 021000021`, `<phone>2125550147</phone>`.
//!
//! Nine and ten digit numbers are everywhere (ids, Unix timestamps, amounts
//! in cents), so without separators an SSN, ITIN, routing number or phone
//! number is only reported after a word that names it. The words are found
//! first, with a packed multi-literal search (Teddy via `aho-corasick`) over
//! their lower-case, upper-case and capitalised spellings; a word must stand
//! as a token (`ssn`, `customerPhone`, `ROUTING_NUMBER`; not `hotel` or
//! `database`). The bytes after it (closing quotes, `:`, `=`, `>`, words
//! such as "number") lead to the value, which must be a digit run of the
//! right length standing alone.
//!
//! Numbers printed with separators, `(` or `+` are left to
//! [`super::shapes`]: when one follows a word here, nothing is reported, so
//! the two cursors never report the same bytes.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};

use crate::context;
use crate::finding::{Finding, Kind, Subkind};
use crate::identifiers::shapes::finding;
use crate::identifiers::{number_ends, validate};
use crate::provenance::catalogue;
use crate::simd::{self, LongRun};

/// What a word names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// SSN (an ITIN there is reported as an ITIN).
    Ssn,
    /// Taxpayer id: ITIN; an SSN there may also be an employer's EIN.
    TaxId,
    Routing,
    Phone,
}

/// The words, lower case; each is searched in lower, upper and capitalised
/// spelling. `social` only counts when "security" or "sec" follows.
pub(crate) const WORDS: &[(&str, Family)] = &[
    ("ssn", Family::Ssn),
    ("social", Family::Ssn),
    ("itin", Family::TaxId),
    ("taxpayer", Family::TaxId),
    ("routing", Family::Routing),
    ("aba", Family::Routing),
    ("rtn", Family::Routing),
    ("transit", Family::Routing),
    ("phone", Family::Phone),
    ("telephone", Family::Phone),
    ("tel", Family::Phone),
    ("mobile", Family::Phone),
    ("cell", Family::Phone),
    ("cellphone", Family::Phone),
    ("fax", Family::Phone),
    ("msisdn", Family::Phone),
];

/// Searched in upper case only: "tin" is inside too many words.
pub(crate) const UPPER_ONLY: &[(&str, Family)] = &[("TIN", Family::TaxId)];

/// Suffixes that may be glued to a word in one lower-case token
/// (`phonenumber`, `ssnno`, `routingnum`).
const GLUED: &[&str] = &["number", "num", "no", "nr", "s"];

/// Words that may stand between a key and its value (`SSN number is …`,
/// `Phone (home): …`).
const FILLER_WORDS: &[&str] = &[
    "number", "num", "no", "nr", "is", "was", "of", "home", "work", "office", "main", "primary",
    "cell", "mobile", "personal",
];

/// Longest searched word, so a word straddling a window end is still found.
const MAX_WORD: usize = 9;
/// Most bytes of key name after the word (`_routing_number`).
const MAX_KEY_TAIL: usize = 32;
/// Most bytes between the key and its value.
const MAX_GAP: usize = 24;

/// The compiled word search, built once per scanner.
#[derive(Clone, Debug)]
pub(crate) struct KeyedWords {
    searcher: AhoCorasick,
    /// The family of each pattern, by pattern id.
    families: Vec<Family>,
}

impl KeyedWords {
    pub(crate) fn new() -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut families = Vec::new();
        for &(word, family) in WORDS {
            let mut capitalised = word.to_owned();
            capitalised[..1].make_ascii_uppercase();
            for spelling in [word.to_owned(), word.to_ascii_uppercase(), capitalised] {
                if !patterns.contains(&spelling) {
                    patterns.push(spelling);
                    families.push(family);
                }
            }
        }
        for &(word, family) in UPPER_ONLY {
            patterns.push(word.to_owned());
            families.push(family);
        }
        // Case-sensitive on purpose: `aho-corasick` only uses its packed
        // SIMD search (Teddy) for case-sensitive patterns, so the spellings
        // are listed instead of asking for case-insensitivity.
        let searcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // Both: `context::next_word_before` tries anchored starts first.
            .start_kind(StartKind::Both)
            // A DFA makes those anchored tries a few table lookups.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the word list is small and valid");
        KeyedWords { searcher, families }
    }
}

/// Which of the keyed detectors run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeyedDetectors {
    pub ssn: bool,
    pub itin: bool,
    pub routing: bool,
    pub phone: bool,
}

impl KeyedDetectors {
    pub(crate) fn any(self) -> bool {
        self.ssn || self.itin || self.routing || self.phone
    }

    pub(crate) fn wants(self, kind: Kind) -> bool {
        match kind {
            Kind::Ssn => self.ssn,
            Kind::Itin => self.itin,
            Kind::RoutingNumber => self.routing,
            Kind::Phone => self.phone,
            _ => false,
        }
    }
}

/// The keyed detectors' position in one scan.
pub(crate) struct KeyedCursor<'w> {
    words: &'w KeyedWords,
    detectors: KeyedDetectors,
    resume: usize,
    /// Words are only searched for before a digit run that could be their
    /// value (see [`REACH`]): this is the start of the next such run, and
    /// words from `resume` up to here are searched.
    region_end: usize,
    /// Where the search for the next such run goes on.
    run_scan: usize,
    /// `resume` is where the last word found ended.
    after_word: bool,
}

/// Most bytes from the start of a word to the start of its value: the word
/// (with "social security", [`MAX_WORD`] + 9 covers it), a glued suffix
/// ("number"), the rest of the key and the gap. Every value is a run of at
/// least nine digits, so words further than this before the next such run
/// name nothing and are not searched for: prose and most of a log line are
/// skipped on their digit masks alone.
const REACH: usize = MAX_WORD + 9 + 6 + MAX_KEY_TAIL + MAX_GAP;

/// Regions are only worth it where they skip at least this many bytes.
const SPARSE: usize = 256;
/// How far the search goes on without regions once they were not worth it.
const DENSE_STRETCH: usize = 4096;

impl<'w> KeyedCursor<'w> {
    pub(crate) fn new(words: &'w KeyedWords, detectors: KeyedDetectors) -> Self {
        KeyedCursor {
            words,
            detectors,
            resume: 0,
            region_end: 0,
            run_scan: 0,
            after_word: false,
        }
    }

    /// Moves `resume` to the next place a word may name a value (`true`),
    /// or past `limit` when there is none before it (`false`).
    ///
    /// The search restarts at the start of a token: words are letters only,
    /// so no word found from an earlier position can straddle it, and the
    /// words found from here are the ones a search from the start would
    /// find.
    fn next_region(&mut self, input: &[u8], limit: usize) -> bool {
        let from = self.resume.max(self.run_scan);
        match simd::find_long_digit_run(input, from, limit + REACH) {
            LongRun::At(first) if first.saturating_sub(REACH) <= self.resume + SPARSE => {
                // Long runs are dense here (ids, timestamps): skipping the
                // few bytes between regions costs more than it saves, so
                // search on as if there were no regions for a while.
                self.region_end = first.max(self.resume + DENSE_STRETCH);
                self.run_scan = first + 1;
                true
            }
            LongRun::At(first) => {
                // Runs closer together than REACH make one region.
                let mut run = first;
                self.run_scan = loop {
                    match simd::find_long_digit_run(input, run + 1, run + REACH + 1) {
                        LongRun::At(next) => run = next,
                        LongRun::ResumeAt(at) => break at,
                    }
                };
                self.region_end = run;
                let mut start = first.saturating_sub(REACH).max(self.resume);
                while start > self.resume && input[start - 1].is_ascii_alphabetic() {
                    start -= 1;
                }
                self.resume = start;
                self.after_word = false;
                true
            }
            LongRun::ResumeAt(at) => {
                self.run_scan = at;
                self.resume = self.resume.max(limit);
                false
            }
        }
    }

    /// The next finding whose word starts before `limit`.
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
            let Some(found) = context::next_word_before(
                &self.words.searcher,
                input,
                self.resume,
                search_limit,
                MAX_WORD,
                self.after_word,
            ) else {
                self.resume = search_limit;
                self.after_word = false;
                continue;
            };
            self.resume = found.end();
            self.after_word = true;
            let family = self.words.families[found.pattern().as_usize()];
            let Some(key_end) = word_end(input, found.start(), found.end(), family) else {
                continue;
            };
            if let Some(finding) = self.value_after(input, key_end, family) {
                self.resume = finding.end;
                self.after_word = false;
                return Some(finding);
            }
        }
        None
    }

    fn value_after(&self, input: &[u8], key_end: usize, family: Family) -> Option<Finding> {
        let start = value_start(input, key_end)?;
        let len = input[start..]
            .iter()
            .take(16)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + len;
        if !number_ends(input, end) {
            return None;
        }
        let (kind, subkind, confidence, test_value) = classify(family, &input[start..end])?;
        if !self.detectors.wants(kind) {
            return None;
        }
        Some(finding(kind, subkind, start, end, confidence, test_value))
    }
}

/// What a digit run named by a word of `family` is: its kind, subkind,
/// confidence and whether it is a documented test value. `None` when the
/// digits are not a valid value of the family (wrong length, checksum or
/// range). Shared with the column rules of [`crate::structure`].
pub(crate) fn classify(family: Family, digits: &[u8]) -> Option<(Kind, Subkind, u8, bool)> {
    let found = match family {
        Family::Ssn | Family::TaxId => {
            let digits: &[u8; 9] = digits.try_into().ok()?;
            let (area, group, serial) = validate::parse_ssn_digits(digits);
            let itin = !catalogue::ssn_example(digits) && validate::itin_valid(area, group, serial);
            // Never-issued areas (synthetic SSNs) include the ITIN block.
            let test_value = !itin && group != 0 && serial != 0 && catalogue::ssn(digits);
            let ssn = test_value || validate::ssn_parts_valid(area, group, serial);
            match (family, ssn, itin) {
                (Family::Ssn, true, _) => (Kind::Ssn, Subkind::None, 85, test_value),
                (Family::Ssn, false, true) => (Kind::Itin, Subkind::None, 80, false),
                (_, _, true) => (Kind::Itin, Subkind::None, 85, false),
                // An SSN after "TIN" may as well be an employer's EIN.
                (_, true, false) => (Kind::Ssn, Subkind::None, 45, test_value),
                _ => return None,
            }
        }
        Family::Routing => {
            let digits: &[u8; 9] = digits.try_into().ok()?;
            if !validate::aba_valid(digits) {
                return None;
            }
            (
                Kind::RoutingNumber,
                Subkind::None,
                85,
                catalogue::routing(digits),
            )
        }
        Family::Phone => phone(digits)?,
    };
    Some(found)
}

/// A phone number printed as one digit run: ten NANP digits, eleven with
/// the trunk `1`, or an international number without its `+` (as MSISDNs
/// are stored).
fn phone(digits: &[u8]) -> Option<(Kind, Subkind, u8, bool)> {
    let nanp = match digits.len() {
        10 => Some(digits),
        11 if digits[0] == b'1' => Some(&digits[1..]),
        _ => None,
    };
    if let Some(nanp) = nanp.and_then(|d| <&[u8; 10]>::try_from(d).ok()) {
        return validate::nanp_valid(nanp)
            .then(|| (Kind::Phone, Subkind::Nanp, 75, catalogue::nanp(nanp)));
    }
    (digits.len() >= 11 && validate::e164_valid(digits))
        .then(|| (Kind::Phone, Subkind::E164, 60, catalogue::e164(digits)))
}

/// Where the key that holds the word `start..end` ends, if the word stands
/// as a token of it: not inside a longer word (`hotel`, `database`), but at
/// a camelCase or snake_case boundary, or glued to a suffix such as
/// "number". For "social", "security" or "sec" must follow.
pub(crate) fn word_end(input: &[u8], start: usize, end: usize, family: Family) -> Option<usize> {
    let starts_token = match start.checked_sub(1).map(|i| input[i]) {
        None => true,
        Some(prev) => {
            !prev.is_ascii_alphabetic()
                || (prev.is_ascii_lowercase() && input[start].is_ascii_uppercase())
                || context::percent_punctuation_before(input, start)
        }
    };
    if !starts_token {
        return None;
    }
    let mut end = end;
    if family == Family::Ssn && input[start..end].eq_ignore_ascii_case(b"social") {
        let joined = end + usize::from(matches!(input.get(end), Some(b' ' | b'_' | b'-')));
        let rest = &input[joined..];
        let second = [&b"security"[..], b"sec"]
            .into_iter()
            .find(|w| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w))?;
        end = joined + second.len();
    }
    if token_ends(input, end) {
        return Some(key_end(input, end));
    }
    let glued = GLUED.iter().find(|s| {
        input
            .get(end..end + s.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(s.as_bytes()))
            && token_ends(input, end + s.len())
    })?;
    Some(key_end(input, end + glued.len()))
}

/// Whether a word ending at `end` ends a token.
fn token_ends(input: &[u8], end: usize) -> bool {
    match input.get(end) {
        None => true,
        Some(&next) => {
            !next.is_ascii_alphabetic()
                || (next.is_ascii_uppercase() && input[end - 1].is_ascii_lowercase())
        }
    }
}

/// The end of the key name around a word that ends at `end`: the rest of a
/// snake_case or camelCase identifier (`Phone` in `homePhoneNumber`,
/// `_routing_number` after `aba`).
fn key_end(input: &[u8], end: usize) -> usize {
    let mut i = end;
    let limit = (end + MAX_KEY_TAIL).min(input.len());
    while i < limit {
        match input[i] {
            b if b.is_ascii_alphabetic() => i += 1,
            b'_' | b'-' if input.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => i += 1,
            _ => break,
        }
    }
    i
}

/// The first digit of the value after a key ending at `at`: past quotes,
/// `:`, `=`, `>`, `#`, brackets and filler words. `None` when anything else
/// comes first, including `+` and `(` (international and parenthesised
/// numbers are [`super::shapes`]' to report).
fn value_start(input: &[u8], at: usize) -> Option<usize> {
    let gap_end = (at + MAX_GAP).min(input.len());
    let mut i = at;
    while i < gap_end {
        match input[i] {
            b'0'..=b'9' => return (i > 0 && !input[i - 1].is_ascii_digit()).then_some(i),
            b' ' | b'\t' | b'"' | b'\'' | b'\\' | b':' | b'=' | b'>' | b'#' | b'[' | b']'
            | b'.' | b'-' | b'_' | b'{' => i += 1,
            b'%' if context::percent_punctuation_at(input, i) > 0 => i += 3,
            // "Phone (home): 2125550147", but not "phone: (212) 555-0147".
            b'(' if input.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => i += 1,
            b')' => i += 1,
            b if b.is_ascii_alphabetic() => i += filler_word_at(input, i)?,
            _ => return None,
        }
    }
    None
}

/// Length of a filler word (see [`FILLER_WORDS`]) starting at `at`, as a
/// whole token.
fn filler_word_at(input: &[u8], at: usize) -> Option<usize> {
    let len = input[at..]
        .iter()
        .enumerate()
        .position(|(i, b)| !b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_uppercase()))
        .unwrap_or(input.len() - at);
    let word = &input[at..at + len];
    FILLER_WORDS
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
        .then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: KeyedDetectors = KeyedDetectors {
        ssn: true,
        itin: true,
        routing: true,
        phone: true,
    };

    fn scan(text: &str) -> Vec<(Kind, &str)> {
        let words = KeyedWords::new();
        let mut cursor = KeyedCursor::new(&words, ALL);
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| (f.kind, &text[f.span()]))
            .collect()
    }

    #[test]
    fn patterns_fit_the_packed_searcher() {
        // Teddy takes at most 64 patterns; beyond that the search falls back
        // to a slower automaton.
        assert!(KeyedWords::new().families.len() <= 64);
    }

    #[test]
    fn keyed_ssns_and_itins() {
        assert_eq!(scan(r#"{"ssn":"536901234"}"#), [(Kind::Ssn, "536901234")]);
        assert_eq!(
            scan("customerSSN=536901234&x=1"),
            [(Kind::Ssn, "536901234")]
        );
        assert_eq!(
            scan("Social Security Number: 536901234"),
            [(Kind::Ssn, "536901234")]
        );
        assert_eq!(
            scan("social_security_no 536901234"),
            [(Kind::Ssn, "536901234")]
        );
        assert_eq!(scan("<SSN>536901234</SSN>"), [(Kind::Ssn, "536901234")]);
        assert_eq!(
            scan(r#"\"ssnNumber\":\"536901234\""#),
            [(Kind::Ssn, "536901234")]
        );
        assert_eq!(scan("ITIN 912701234"), [(Kind::Itin, "912701234")]);
        assert_eq!(scan("ssn: 912701234"), [(Kind::Itin, "912701234")]);
        assert_eq!(scan("TIN# 912701234"), [(Kind::Itin, "912701234")]);
    }

    #[test]
    fn keyed_ssn_bait() {
        for text in [
            "ssn: 536-90-1234",
            "ssn: 5369012345",
            "ssn: 53690123",
            "ssn: 536901234.5",
            "lessn 536901234",
            "social 536901234",
            "tin 536901234",
            "continue 912701234",
            "ssn_last4: 1234",
            "ssn: null, id: 536901234",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
        // Never issued, so reported as a synthetic SSN rather than dropped.
        assert_eq!(scan("ssn: 000901234"), [(Kind::Ssn, "000901234")]);
    }

    #[test]
    fn keyed_routing_numbers() {
        assert_eq!(
            scan("routing 021000021"),
            [(Kind::RoutingNumber, "021000021")]
        );
        assert_eq!(
            scan(r#""routingNumber": "011000015""#),
            [(Kind::RoutingNumber, "011000015")]
        );
        assert_eq!(
            scan("ABA#: 121000248"),
            [(Kind::RoutingNumber, "121000248")]
        );
        assert_eq!(
            scan("bank_aba_routing_number=322271627"),
            [(Kind::RoutingNumber, "322271627")]
        );
        assert_eq!(scan("RTN 026009593;"), [(Kind::RoutingNumber, "026009593")]);
        assert_eq!(
            scan("transit number 021000021"),
            [(Kind::RoutingNumber, "021000021")]
        );
    }

    #[test]
    fn routing_bait() {
        for text in [
            "routing 021000022",
            "021000021",
            "account 021000021",
            "database 021000021",
            "routing 0210000211",
            "routing id 021000021",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn keyed_phones() {
        assert_eq!(
            scan(r#"{"phone":"2125550147"}"#),
            [(Kind::Phone, "2125550147")]
        );
        assert_eq!(scan("Tel.: 12125550147"), [(Kind::Phone, "12125550147")]);
        assert_eq!(
            scan("homePhoneNumber=4155552671"),
            [(Kind::Phone, "4155552671")]
        );
        assert_eq!(
            scan("Phone (home): 4155552671"),
            [(Kind::Phone, "4155552671")]
        );
        assert_eq!(scan("msisdn=447911123456"), [(Kind::Phone, "447911123456")]);
        assert_eq!(scan("TELEPHONE 4155552671"), [(Kind::Phone, "4155552671")]);
    }

    #[test]
    fn phone_bait() {
        for text in [
            "phone: 1700000000",
            "phone: +14155552671",
            "phone: (415) 555-2671",
            "hotel 4155552671",
            "intel 4155552671",
            "telemetry 4155552671",
            "phone: 415555267",
            "phone: 4155552671234567",
            "cellular 4155552671",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn detectors_can_be_switched_off() {
        let words = KeyedWords::new();
        let only_routing = KeyedDetectors {
            routing: true,
            ..Default::default()
        };
        let mut cursor = KeyedCursor::new(&words, only_routing);
        let text = b"ssn 536901234 phone 4155552671 aba 021000021";
        let found = cursor.next(text, text.len()).unwrap();
        assert_eq!(found.kind, Kind::RoutingNumber);
        assert_eq!(cursor.next(text, text.len()), None);
    }

    #[test]
    fn adversarial_inputs_are_linear() {
        for unit in ["ssn", "ssn: ", "Phone (", "social ", "telephone_"] {
            let text = unit.repeat(200_000 / unit.len());
            let words = KeyedWords::new();
            let mut cursor = KeyedCursor::new(&words, ALL);
            let started = std::time::Instant::now();
            while cursor.next(text.as_bytes(), text.len()).is_some() {}
            // Linear work takes well under a second here even in a debug build;
            // quadratic work took minutes. The bound leaves room for a busy machine.
            assert!(started.elapsed().as_secs() < 10, "{unit}");
        }
    }

    /// Findings of a cursor fed windows of `step` bytes, as the scanner does.
    fn windowed(mut cursor: KeyedCursor, text: &[u8], step: usize) -> Vec<Finding> {
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
        // Words, values, near misses and long stretches without digits, in
        // random order; the cursor without regions (region_end at the end
        // of the input from the start) is the oracle.
        const PIECES: &[&str] = &[
            "ssn",
            "SSN: ",
            "Phone",
            "phone number ",
            "routing ",
            "Telephone",
            "telephone",
            "cellPhone",
            "ITIN",
            "TIN ",
            "itin=",
            "social security ",
            "\"",
            ":",
            "=",
            " ",
            "536901234",
            "021000021",
            "2125550147",
            "12125550147",
            "912701234",
            "123",
            "4567890",
            "98765432101",
            "customer asked about billing and ",
        ];
        let words = KeyedWords::new();
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut total = 0;
        for _ in 0..1000 {
            let mut text = String::new();
            for _ in 0..(next() % 120) {
                let piece = PIECES[(next() % PIECES.len() as u64) as usize];
                if piece.starts_with("customer") {
                    for _ in 0..(next() % 40) {
                        text.push_str(piece);
                    }
                } else {
                    text.push_str(piece);
                }
            }
            let text = text.as_bytes();
            let oracle = KeyedCursor {
                region_end: usize::MAX,
                ..KeyedCursor::new(&words, ALL)
            };
            let expected = windowed(oracle, text, text.len().max(1));
            total += expected.len();
            for step in [text.len().max(1), 64, 7] {
                let found = windowed(KeyedCursor::new(&words, ALL), text, step);
                assert_eq!(
                    found,
                    expected,
                    "step {step}: {:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
        assert!(total > 400, "the pieces make findings ({total})");
    }
}
