//! Bare digit runs named by a key or word: `"ssn": "536901234"`,
//! `routing 021000021`, `<phone>2125550147</phone>`.
//!
//! Nine and ten digit numbers are everywhere (ids, Unix timestamps, amounts
//! in cents), so without separators an SSN, ITIN, routing number or phone
//! number is only reported after a word that names it. The words are found
//! first, with the rare-trigger search of [`crate::secrets::literals`] over
//! their lower-case, upper-case and capitalised spellings (each through a
//! byte pair and the byte after it that text seldom holds: `ph`+`o`,
//! `ss`+`n`, `ut`+`i` of `routing`…); a word must stand
//! as a token (`ssn`, `customerPhone`, `ROUTING_NUMBER`; not `hotel` or
//! `database`). The bytes after it (closing quotes, `:`, `=`, `>`, words
//! such as "number") lead to the value, which must be a digit run of the
//! right length standing alone.
//!
//! Since every value is a run of 9 to 16 digits with only the rest of its
//! key, punctuation and filler words before it, the words are searched for
//! only there: the cursor finds long digit runs from digit masks, walks
//! back from each to the identifier holding its key, and searches that
//! stretch when a word's first three letters occur in it (in JSON usually
//! just `"created":` or `"Id":"`, rejected without a search). Where long
//! runs come dense (logs), every byte is searched for a while instead
//! ([`context::RunDensity`]).
//!
//! Numbers printed with separators, `(` or `+` are left to
//! [`super::shapes`]: when one follows a word here, nothing is reported, so
//! the two cursors never report the same bytes.

use aho_corasick::MatchKind;

use crate::context;
use crate::finding::{Finding, Kind, Subkind};
use crate::identifiers::shapes::finding;
use crate::identifiers::{number_ends, validate};
use crate::provenance::catalogue;
use crate::secrets::literals::{Literals, Trigger};

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

/// How the trigger search finds each word of [`WORDS`] (same order) and of
/// [`UPPER_ONLY`] (last), in every spelling: a bucket and the offset of a
/// byte pair in the word, whose next byte is tested too. Pairs share a
/// bucket only where every mix of their bytes is rare as well (`ss`+`n`
/// and `rt`+`n` let `stn`, `rsn` through, not `ssi` of "session").
const WORD_TRIGGERS: [Trigger; 17] = [
    word_trigger(1, 0), // ssn: `ss`, `n`
    word_trigger(2, 1), // social: `oc`, `i`
    word_trigger(3, 0), // itin: `it`, `i`
    word_trigger(7, 2), // taxpayer: `xp`, `a`
    word_trigger(3, 2), // routing: `ut`, `i`
    word_trigger(5, 0), // aba
    word_trigger(1, 0), // rtn
    word_trigger(4, 3), // transit: `ns`, `i`
    word_trigger(0, 0), // phone: `ph`, `o`
    word_trigger(6, 0), // telephone: `te`, `l`
    word_trigger(6, 0), // tel
    word_trigger(2, 0), // mobile: `mo`, `b`
    word_trigger(6, 0), // cell: `ce`, `l`
    word_trigger(6, 0), // cellphone
    word_trigger(5, 0), // fax
    word_trigger(4, 0), // msisdn: `ms`, `i`
    word_trigger(7, 0), // TIN
];

const fn word_trigger(bucket: u8, offset: u8) -> Trigger {
    Trigger {
        bucket,
        offset,
        pair: true,
    }
}

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
    searcher: Literals,
    /// The family of each pattern, by pattern id.
    families: Vec<Family>,
    /// The first three letters of every word, lower case, as
    /// [`trigram_at`] reads them: a cheap test that a region holds no word.
    prefixes: Vec<u32>,
}

impl KeyedWords {
    pub(crate) fn new() -> Self {
        let mut patterns: Vec<(String, Trigger)> = Vec::new();
        let mut families = Vec::new();
        for (&(word, family), &trigger) in WORDS.iter().zip(&WORD_TRIGGERS) {
            let mut capitalised = word.to_owned();
            capitalised[..1].make_ascii_uppercase();
            for spelling in [word.to_owned(), word.to_ascii_uppercase(), capitalised] {
                if !patterns.iter().any(|(p, _)| *p == spelling) {
                    patterns.push((spelling, trigger));
                    families.push(family);
                }
            }
        }
        for (&(word, family), &trigger) in UPPER_ONLY.iter().zip(&WORD_TRIGGERS[WORDS.len()..]) {
            patterns.push((word.to_owned(), trigger));
            families.push(family);
        }
        let with_triggers: Vec<(&[u8], Trigger)> = patterns
            .iter()
            .map(|(spelling, trigger)| (spelling.as_bytes(), *trigger))
            .collect();
        let searcher = Literals::new(&with_triggers, MatchKind::LeftmostLongest);
        let mut prefixes: Vec<u32> = WORDS
            .iter()
            .chain(UPPER_ONLY)
            .map(|(word, _)| trigram_at(word.as_bytes(), 0))
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        KeyedWords {
            searcher,
            families,
            prefixes,
        }
    }

    /// Whether a word may start a token in `from..to`: some token start
    /// there begins with the first three letters of a word in any case.
    /// Every searched spelling does, and [`word_end`] drops a word that
    /// starts no token, so `false` means a search there finds nothing that
    /// names a value. Most positions fail on their first two letters, one
    /// table lookup each.
    #[inline(always)]
    fn may_start(&self, input: &[u8], from: usize, to: usize) -> bool {
        (from..to).any(|at| {
            let second = input
                .get(at + 1)
                .map_or(0, |&b| LETTER_BITS[usize::from(b)]);
            WORD_PAIRS[usize::from(input[at])] & second != 0
                && starts_token(input, at)
                && self.prefixes.contains(&trigram_at(input, at))
        })
    }
}

/// For each byte that is the first letter of a word (either case), the
/// second letters some word begins with, as [`LETTER_BITS`]; 0 for every
/// other byte.
static WORD_PAIRS: [u32; 256] = word_pairs();

/// For each ASCII letter (either case), one bit: `a` is bit 0; 0 for every
/// other byte.
static LETTER_BITS: [u32; 256] = {
    let mut bits = [0u32; 256];
    let mut letter = 0;
    while letter < 26 {
        bits[(b'a' + letter) as usize] = 1 << letter;
        bits[(b'A' + letter) as usize] = 1 << letter;
        letter += 1;
    }
    bits
};

const fn word_pairs() -> [u32; 256] {
    let mut pairs = [0u32; 256];
    let mut w = 0;
    while w < WORDS.len() + UPPER_ONLY.len() {
        let word = match w < WORDS.len() {
            true => WORDS[w].0.as_bytes(),
            false => UPPER_ONLY[w - WORDS.len()].0.as_bytes(),
        };
        let first = word[0].to_ascii_lowercase();
        let second = 1 << (word[1].to_ascii_lowercase() - b'a');
        pairs[first as usize] |= second;
        pairs[first.to_ascii_uppercase() as usize] |= second;
        w += 1;
    }
    pairs
}

/// The three bytes at `at` (zero past the end), ASCII letters folded to
/// lower case, as one number; other bytes may fold to anything but a letter.
fn trigram_at(input: &[u8], at: usize) -> u32 {
    let byte = |i: usize| u32::from(input.get(at + i).copied().unwrap_or(0) | 0x20);
    byte(0) | byte(1) << 8 | byte(2) << 16
}

/// What the walk back from a digit run ([`key_stretch_start`]) asks of a
/// byte, one bit per question, read from [`BYTE_CLASSES`]: one lookup per
/// byte instead of a chain of comparisons.
///
/// A byte that `value_start` steps over between a key and its value (or
/// joins key words with, as `word_end`/`key_end` do): punctuation,
/// spaces, `%` of percent-encoded punctuation.
const GAP: u8 = 1;
/// An ASCII letter.
const LETTER: u8 = 2;
/// An upper-case ASCII letter.
const UPPER: u8 = 4;
/// An ASCII digit.
const DIGIT: u8 = 8;
/// A byte of an identifier: a letter, `_` or `-`.
const IDENTIFIER: u8 = 16;

static BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let gaps = b" \t\"'\\:=>#[].-_{()%";
    let mut i = 0;
    while i < gaps.len() {
        classes[gaps[i] as usize] |= GAP;
        i += 1;
    }
    let mut letter = 0;
    while letter < 26 {
        classes[(b'a' + letter) as usize] |= LETTER | IDENTIFIER;
        classes[(b'A' + letter) as usize] |= LETTER | UPPER | IDENTIFIER;
        letter += 1;
    }
    let mut digit = b'0';
    while digit <= b'9' {
        classes[digit as usize] |= DIGIT;
        digit += 1;
    }
    classes[b'_' as usize] |= IDENTIFIER;
    classes[b'-' as usize] |= IDENTIFIER;
    classes
};

/// Whether `byte` is of `class` (one of [`GAP`], [`LETTER`], …).
#[inline(always)]
fn is(byte: u8, class: u8) -> bool {
    BYTE_CLASSES[usize::from(byte)] & class != 0
}

/// Where the bytes that may hold the key naming a digit run at `run` start
/// (never before `floor`): walking back from the run over what `value_start`
/// steps over (punctuation, percent-encoded punctuation, filler words) to
/// the first other word, then to the start of the identifier holding it
/// (and of "social" before "security"). A word further back cannot reach
/// the run: `value_start` stops at that identifier. The result is a token
/// start (no letter before it), at most [`REACH`] bytes back unless the
/// token there started earlier, or `floor`.
///
/// Errs on the long side: every byte `value_start` could step over is
/// stepped over here too.
#[inline(always)]
fn key_stretch_start(input: &[u8], run: usize, floor: usize) -> usize {
    let cap = run.saturating_sub(REACH).max(floor);
    let mut i = run;
    while i > cap {
        let byte = input[i - 1];
        if is(byte, GAP) {
            i -= 1;
        } else if is(byte, DIGIT) {
            // A digit inside `%22`, `%3D`…: stepped over with its `%`.
            let in_percent = (i >= 2 && input[i - 2] == b'%') || (i >= 3 && input[i - 3] == b'%');
            if !in_percent {
                return i;
            }
            i -= 1;
        } else if is(byte, LETTER) {
            // The letters ending at `i`, noting an upper-case letter after
            // the first (a camelCase word boundary).
            let mut word = i - 1;
            let mut inner_upper = false;
            while word > floor && is(input[word - 1], LETTER) {
                inner_upper |= is(input[word], UPPER);
                word -= 1;
            }
            // After `%3D` the walk forward enters the letters past the `D`.
            let after_percent = word >= 2 && input[word - 2] == b'%';
            if letters_are_fillers(input, word, i, inner_upper)
                || (after_percent && fillers_only(input, word + 1, i))
            {
                i = word;
                continue;
            }
            let mut start = identifier_start(input, word, floor);
            if start > floor
                && input[start - 1] == b' '
                && input
                    .get(start..start + 3)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"sec"))
            {
                // "social security": the key's first word is one further back.
                start = identifier_start(input, start - 1, floor);
            }
            return start;
        } else {
            return i;
        }
    }
    let mut start = cap;
    while start > floor && is(input[start - 1], LETTER) {
        start -= 1;
    }
    start
}

/// [`fillers_only`] of the letters `input[from..to]`, with no letter before
/// `from` or at `to`, told whether one after the first is upper case:
/// without such a letter they are one word (or none when longer than any
/// filler), looked up with one 8-byte read.
#[inline]
fn letters_are_fillers(input: &[u8], from: usize, to: usize, inner_upper: bool) -> bool {
    if inner_upper {
        return fillers_only(input, from, to);
    }
    to - from <= 8 && FILLERS_PACKED.contains(context::pack_letters(input, from, to))
}

/// The start of the run of letters, `_` and `-` ending at `end` (not before
/// `floor`), backed up to a token start.
fn identifier_start(input: &[u8], end: usize, floor: usize) -> usize {
    let mut start = end;
    while start > floor && is(input[start - 1], IDENTIFIER) {
        start -= 1;
    }
    // `-`/`_` at the start: the letters before it are no key of its.
    start
}

/// Whether `input[from..to]` (letters) is filler words only, read as
/// `value_start` reads them.
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
    /// Words are only searched for just before a digit run that could be
    /// their value (see [`key_stretch_start`]): this is the start of that
    /// run, and words from `resume` up to here are searched.
    region_end: usize,
    /// Where the search for the next such run goes on.
    run_scan: usize,
    /// Starts of runs of 9 to 16 digits: the values a word may name.
    runs: context::DigitRuns<9, 16>,
    /// How close together the runs were lately.
    density: context::RunDensity,
    /// [`BREAK_EVEN`]; tests set it to 0 (never search everything) or to
    /// a large value (search everything once eight runs were seen).
    break_even: usize,
}

/// Average bytes between the runs walked back from (those that end a
/// number) below which searching every byte is cheaper: such a run costs
/// about 300 to 400 instructions (finding it and walking back from it), a
/// search of every byte about 1.2 (logs) to 3.3 (CRM exports, where the
/// key `"Phone"` of every contact is a word to check) per byte. Measured
/// with callgrind on the generated corpora: CRM exports (ids glued to
/// letters fail the number test; the rest come every ~140 bytes) cost
/// least run by run, logs (two ids or timestamps a line, one every 95
/// bytes) with the search of every byte; anything from 100 to 120 splits
/// them so.
const BREAK_EVEN: usize = 110;

/// Most bytes from the start of a word to the start of its value: the word
/// (with "social security", [`MAX_WORD`] + 9 covers it), a glued suffix
/// ("number"), the rest of the key and the gap. Every value is a run of at
/// least nine digits, so words further than this before the next such run
/// name nothing and are not searched for: prose and most of a log line are
/// skipped on their digit masks alone.
const REACH: usize = MAX_WORD + 9 + 6 + MAX_KEY_TAIL + MAX_GAP;

impl<'w> KeyedCursor<'w> {
    pub(crate) fn new(words: &'w KeyedWords, detectors: KeyedDetectors) -> Self {
        KeyedCursor {
            words,
            detectors,
            resume: 0,
            region_end: 0,
            run_scan: 0,
            runs: context::DigitRuns::default(),
            density: context::RunDensity::default(),
            break_even: BREAK_EVEN,
        }
    }

    /// Moves to the next digit run that a word may name: `resume` to where
    /// its words may start and `region_end` to the run (`true`), or
    /// `resume` past `limit` when no run is near it (`false`).
    ///
    /// A value is a run of 9 to 16 digits, and between it and its word
    /// stand only the rest of the key, punctuation and filler words (see
    /// [`key_stretch_start`]), so in JSON the region is the key before the
    /// value (`"Id":"`) and is usually rejected by [`KeyedWords::may_start`]
    /// without searching. The region starts at a token start (or where the
    /// last search ended): words are letters only, so no word found from an
    /// earlier position can straddle it, and the words found from here are
    /// the ones a search from the start would find.
    fn next_region(&mut self, input: &[u8], limit: usize) -> bool {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx2() {
            // SAFETY: AVX2 was detected.
            return unsafe { self.next_region_avx2(input, limit) };
        }
        self.next_region_with::<crate::simd::Baseline>(input, limit)
    }

    /// [`Self::next_region`] compiled for AVX2, so that finding the next
    /// run (most of the work per run) inlines into the loop over runs.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn next_region_avx2(&mut self, input: &[u8], limit: usize) -> bool {
        self.next_region_with::<crate::simd::Avx2>(input, limit)
    }

    #[inline(always)]
    fn next_region_with<C: crate::simd::Classifier>(&mut self, input: &[u8], limit: usize) -> bool {
        loop {
            let from = self.resume.max(self.run_scan);
            let stop = limit + REACH;
            let Some(run) = self.runs.next_with_classifier::<C>(input, from, stop) else {
                self.run_scan = stop.min(input.len());
                self.resume = self.resume.max(limit);
                return false;
            };
            self.run_scan = run + 1;
            // Only runs that end a number are values (see `value_after`).
            if !number_ends(input, self.runs.run_end(input, run)) {
                continue;
            }
            if self.density.is_dense(run, self.break_even) {
                // Runs this close together cost more one by one than a
                // search of every byte (as ids and timestamps in logs;
                // counted after the cheap test above, which most ids in
                // CRM exports fail):
                // search everything for a while, from where the last
                // search ended.
                self.region_end = run.max(self.resume + context::DENSE_STRETCH);
                self.run_scan = self.region_end;
                return true;
            }
            let start = key_stretch_start(input, run, self.resume);
            if !self.words.may_start(input, start, run) {
                // No word starts in the region: a search would find nothing
                // there that names a value.
                self.resume = self.resume.max(run);
                continue;
            }
            self.resume = start;
            self.region_end = run;
            return true;
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
            // Words wholly inside the region and the longest word past it,
            // starting before its end.
            let found = self
                .words
                .searcher
                .find(input, self.resume, search_limit + MAX_WORD);
            let Some(found) = found.filter(|m| m.start() < search_limit) else {
                self.resume = search_limit;
                continue;
            };
            self.resume = found.end();
            let family = self.words.families[found.pattern().as_usize()];
            let Some(key_end) = word_end(input, found.start(), found.end(), family) else {
                continue;
            };
            if let Some(finding) = self.value_after(input, key_end, family) {
                self.resume = finding.end;
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
    if !starts_token(input, start) {
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

/// Whether a word starting at `start` starts a token: no letter before it,
/// a camelCase boundary (`customerPhone`) or percent-encoded punctuation
/// (`%22ssn`).
fn starts_token(input: &[u8], start: usize) -> bool {
    context::starts_token(input, start) || context::percent_punctuation_before(input, start)
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
    context::packed_word_at(input, at, &FILLERS_PACKED)
}

/// [`FILLER_WORDS`] as [`context::packed_word_at`] looks them up.
static FILLERS_PACKED: context::PackedWords = context::PackedWords::new(FILLER_WORDS);

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
        // The trigger search takes at most 64 literals; beyond that only
        // its slower automaton searches.
        assert!(KeyedWords::new().families.len() <= crate::secrets::literals::MAX_TRIGGERED);
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
    fn the_word_search_equals_the_automaton() {
        // The trigger search must answer as an automaton over the same
        // spellings does (leftmost-longest: "telephone" over "tel"), on
        // every block filter this machine runs, also where pairs of one
        // bucket meet each other's bytes (`stn`, `rsn`, `obi`, `TIa`).
        let words = KeyedWords::new();
        const PIECES: &[&str] = &[
            "ssn",
            "SSN",
            "Ssn",
            "social",
            "SOCIAL",
            "itin",
            "Itin",
            "taxpayer",
            "TAXPAYER",
            "routing",
            "Routing",
            "aba",
            "ABA",
            "rtn",
            "transit",
            "phone",
            "Phone",
            "PHONE",
            "telephone",
            "Telephone",
            "tel",
            "TEL",
            "mobile",
            "cell",
            "Cellphone",
            "fax",
            "FAX",
            "msisdn",
            "TIN",
            "tin",
            "stn",
            "rsn",
            "obi",
            "oc",
            "ph",
            "te",
            "ce",
            "ms",
            "ns",
            "ut",
            "session ",
            "database ",
            "hotel ",
            "cancel ",
            "execution ",
            "position ",
            "local ",
            "2026-11-23T10:00:00.000Z ",
            " ",
            "_",
            "=",
            "\u{ff}",
            "x",
        ];
        let found = words.searcher.assert_answers_as_the_automaton(PIECES);
        assert!(found > 1000, "the texts hold words: {found}");
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
            // What the walk back from a run steps over, and what stops it.
            "number",
            "Number",
            " is ",
            "(home)",
            "Phone (",
            "social",
            " ",
            "security",
            "Sec",
            "_",
            "-",
            "%3D",
            "%22",
            "%20",
            "%2",
            "%5B",
            "\\\"",
            "{",
            ",",
            "\n",
            "cell ",
            "mobile",
            "homePhone",
            "TEL",
            "order ",
            "id",
            "x",
            "0.",
            "1",
            "1234567890123456",
            "12345678901234567",
        ];
        let words = KeyedWords::new();
        let mut rng = crate::TestRng::new(0x853c_49e6_748f_ea9b);
        let mut next = move || rng.next_u64();
        let mut total = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(next() % 120) {
                let piece = PIECES[(next() % PIECES.len() as u64) as usize];
                if piece.starts_with("customer") {
                    for _ in 0..(next() % 40) {
                        text.push_str(piece);
                    }
                } else if next() % 4 == 0 {
                    // A whole word in lower, UPPER or Title case, maybe
                    // glued to more key, a gap and a value.
                    let (word, _) = WORDS[(next() % WORDS.len() as u64) as usize];
                    match next() % 3 {
                        0 => text.push_str(word),
                        1 => text.push_str(&word.to_ascii_uppercase()),
                        _ => {
                            text.push_str(&word[..1].to_ascii_uppercase());
                            text.push_str(&word[1..]);
                        }
                    }
                    for _ in 0..(next() % 3) {
                        text.push_str(
                            [
                                " Security",
                                "_sec",
                                "Number",
                                "_no",
                                "-x",
                                ": ",
                                "=",
                                " ",
                                "\": \"",
                                " number ",
                                " is ",
                                "%3D",
                                " (home) ",
                            ][(next() % 13) as usize],
                        );
                    }
                    text.push_str(
                        ["536901234", "2125550147", "021000021", "912701234"]
                            [(next() % 4) as usize],
                    );
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
                // As built, run by run only, and searching everything as
                // soon as the density sampler may.
                for break_even in [BREAK_EVEN, 0, 1 << 20] {
                    let cursor = KeyedCursor {
                        break_even,
                        ..KeyedCursor::new(&words, ALL)
                    };
                    let found = windowed(cursor, text, step);
                    assert_eq!(
                        found,
                        expected,
                        "step {step}, break-even {break_even}: {:?}",
                        String::from_utf8_lossy(text)
                    );
                }
            }
        }
        assert!(total > 400, "the pieces make findings ({total})");
    }
}
