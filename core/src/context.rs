//! Context words: what the bytes just before a match say about it.
//!
//! "card 4111…" and `"cc_number": "4111…"` make a card number more likely;
//! "order 4111…" and `"imei": "…"` make it less. Words are matched as tokens
//! (case-insensitively, camelCase and snake_case boundaries count), so "cc"
//! inside "account" or "pan" inside "company" do not count. Only the word
//! nearest to the match decides, so in `{"order": 7, "card": "4111…"}` the
//! card wins.

/// A context word and how it must be bounded.
pub(crate) struct Word {
    text: &'static [u8],
    /// Whether letters may follow ("card" in "cardholder"); short words must
    /// stand alone ("pan" but not "panel").
    prefix_ok: bool,
}

/// A word that may begin longer words.
pub(crate) const fn prefix(text: &'static str) -> Word {
    Word {
        text: text.as_bytes(),
        prefix_ok: true,
    }
}

/// A word that must end at a token boundary.
pub(crate) const fn token(text: &'static str) -> Word {
    Word {
        text: text.as_bytes(),
        prefix_ok: false,
    }
}

/// Which of two word lists speaks last before a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nearest {
    None,
    Raising,
    Lowering,
}

/// Finds the word nearest to `at` (the one starting last) in the `window`
/// bytes before it, from either list.
///
/// Walks back from `at` and stops at the first word, so the usual case (a
/// word a few bytes before the match, or no letters at all) is cheap.
pub(crate) fn nearest(
    input: &[u8],
    at: usize,
    window: usize,
    raising: &[Word],
    lowering: &[Word],
) -> Nearest {
    let at = at.min(input.len());
    let haystack = &input[at.saturating_sub(window)..at];
    // Cheap tests first, as this runs for every finding: a word can only
    // start where a token starts, and only with its own first letter.
    let starts_word = |words: &[Word], i: usize| {
        let first = haystack[i].to_ascii_lowercase();
        words.iter().any(|w| {
            w.text.first().map(u8::to_ascii_lowercase) == Some(first) && is_token_at(haystack, i, w)
        })
    };
    for i in (0..haystack.len()).rev() {
        if !haystack[i].is_ascii_alphabetic() || !starts_token(haystack, i) {
            continue;
        }
        if starts_word(raising, i) {
            return Nearest::Raising;
        }
        if starts_word(lowering, i) {
            return Nearest::Lowering;
        }
    }
    Nearest::None
}

fn is_token_at(hay: &[u8], i: usize, word: &Word) -> bool {
    let n = word.text.len();
    if !hay
        .get(i..i + n)
        .is_some_and(|h| h.eq_ignore_ascii_case(word.text))
    {
        return false;
    }
    let ends_token = word.prefix_ok
        || match hay.get(i + n) {
            None => true,
            // camelCase again: "ccNumber" ends the token at the capital.
            Some(&next) => {
                !next.is_ascii_alphabetic()
                    || (next.is_ascii_uppercase() && hay[i + n - 1].is_ascii_lowercase())
            }
        };
    starts_token(hay, i) && ends_token
}

/// Whether a token starts at `hay[i]`: nothing alphabetic before it, or a
/// camelCase capital ("userCardNumber" starts a token at `C`).
#[inline]
fn starts_token(hay: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|p| hay[p]) {
        None => true,
        Some(prev) => {
            !prev.is_ascii_alphabetic()
                || (prev.is_ascii_lowercase() && hay[i].is_ascii_uppercase())
        }
    }
}

/// Whether `byte` continues a word or number (so a match next to it is part
/// of a longer token).
#[inline]
pub(crate) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Length of a percent-encoded punctuation byte at `at` (`%5B`, `%5D`,
/// `%22`, `%3A`, `%3D`, `%20`, `%7B`, `%7D`, either case), else 0: URL
/// query strings and form bodies encode the brackets and quotes around key
/// names (`card%5Bcvc%5D=123` is `card[cvc]=123`), and these stand between
/// a key and its value like their decoded bytes do.
pub(crate) fn percent_punctuation_at(input: &[u8], at: usize) -> usize {
    match input.get(at..at + 3) {
        Some([b'%', hi, lo]) => {
            let code = [hi.to_ascii_uppercase(), lo.to_ascii_uppercase()];
            let punctuation = matches!(
                &code,
                b"5B" | b"5D" | b"22" | b"27" | b"3A" | b"3D" | b"20" | b"7B" | b"7D"
            );
            if punctuation {
                3
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Whether the three bytes before `at` are a percent-encoded punctuation
/// byte (see [`percent_punctuation_at`]), so a word starting at `at` starts
/// a token even though a hex digit precedes it.
pub(crate) fn percent_punctuation_before(input: &[u8], at: usize) -> bool {
    at >= 3 && percent_punctuation_at(input, at - 3) == 3
}

/// The next match of `searcher` that starts in `from..limit`, looking at
/// most `longest` bytes past `limit` so a word straddling the window end is
/// still found whole. `None` means no match starts before `limit`.
///
/// This is how the keyword-anchored cursors (security codes, keyed
/// identifiers) advance window by window without reading far ahead.
///
/// Every call of the packed (SIMD) search costs about 100 ns before it
/// reads a byte, which made a flood of keywords (`cvv:cvv:cvv:…`) run at
/// 30 MB/s. So the next few letters are first tried as anchored starts (a
/// few DFA steps each, when the searcher was built with
/// `StartKind::Both`): the leftmost match is the first position where an
/// anchored search matches, so the answer is the same.
///
/// `after_word` says that `from` is where the previous word ended: only
/// then are anchored starts tried (elsewhere they rarely pay).
pub(crate) fn next_word_before(
    searcher: &aho_corasick::AhoCorasick,
    input: &[u8],
    from: usize,
    limit: usize,
    longest: usize,
    after_word: bool,
) -> Option<aho_corasick::Match> {
    use aho_corasick::{Anchored, Input};
    /// Bytes tried anchored before the packed search takes over.
    const PEEK: usize = 8;

    let span_end = (limit + longest).min(input.len());
    let peek_end = (from + PEEK).min(limit);
    let mut unanchored_from = from;
    if after_word && searcher.start_kind() == aho_corasick::StartKind::Both {
        for at in from..peek_end {
            // Every keyword starts with a letter.
            if !input[at].is_ascii_alphabetic() {
                continue;
            }
            let anchored = Input::new(input).span(at..span_end).anchored(Anchored::Yes);
            if let Ok(Some(found)) = searcher.try_find(anchored) {
                return Some(found);
            }
        }
        unanchored_from = peek_end.max(from);
    }
    if unanchored_from >= limit {
        return None;
    }
    let search = Input::new(input)
        .span(unanchored_from..span_end)
        .anchored(Anchored::No);
    searcher.find(search).filter(|m| m.start() < limit)
}

/// Starts of the digit runs of `MIN..=MAX` digits (`MAX` 64 or more: no
/// upper bound), in order, read
/// 64 bytes at a time from digit masks: the keyword cursors look for their
/// keywords only just before such a run (every value they report is one),
/// and most text has few of them.
///
/// The digit masks of the block where the last run was found and of the
/// one after it are kept, so a cursor asking run after run reads each block
/// about once.
#[derive(Clone, Debug, Default)]
pub(crate) struct DigitRuns<const MIN: u32, const MAX: u32> {
    /// Block start and digit masks of that block and the next.
    kept: Option<(usize, u64, u64)>,
    /// Block start and the starts of such runs in that block: later calls
    /// in the same block only pick the next bit.
    found: Option<(usize, u64)>,
}

impl<const MIN: u32, const MAX: u32> DigitRuns<MIN, MAX> {
    /// The first start of such a run in `from..stop` (a run is a maximal
    /// stretch of ASCII digits; one starting before `from` is not reported
    /// from the middle), or `None`.
    #[inline]
    pub(crate) fn next(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        use crate::simd::BLOCK;
        if let Some((block, found)) = self.found {
            if from >= block && from - block < BLOCK {
                let unseen = found & (u64::MAX << (from - block));
                if unseen != 0 {
                    let start = block + unseen.trailing_zeros() as usize;
                    return (start < stop.min(input.len())).then_some(start);
                }
            }
        }
        self.next_in_blocks(input, from, stop)
    }

    fn next_in_blocks(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx2() {
            // SAFETY: AVX2 was detected.
            return unsafe { self.next_avx2(input, from, stop) };
        }
        self.next_with::<crate::simd::Baseline>(input, from, stop)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn next_avx2(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        self.next_with::<crate::simd::Avx2>(input, from, stop)
    }

    #[inline(always)]
    fn next_with<C: crate::simd::Classifier>(
        &mut self,
        input: &[u8],
        from: usize,
        stop: usize,
    ) -> Option<usize> {
        use crate::simd::BLOCK;
        let digit_mask_at = crate::simd::digit_mask_at::<C>;
        let stop = stop.min(input.len());
        let mut at = from - from % BLOCK;
        if at >= stop {
            return None;
        }
        let (mut cur, mut next) = match self.kept {
            Some((block, cur, next)) if block == at => (cur, next),
            _ => (digit_mask_at(input, at), digit_mask_at(input, at + BLOCK)),
        };
        let mut digit_before = at.checked_sub(1).is_some_and(|i| input[i].is_ascii_digit());
        let mut skip = from - at;
        loop {
            let starts = cur & !(cur << 1 | u64::from(digit_before));
            if starts & (u64::MAX << skip) != 0 {
                let mut found = starts & runs_of(cur, next, MIN);
                if MAX < 64 && found != 0 {
                    found &= !runs_of(cur, next, MAX + 1);
                }
                self.found = Some((at, found));
                let unseen = found & (u64::MAX << skip);
                if unseen != 0 {
                    self.kept = Some((at, cur, next));
                    let start = at + unseen.trailing_zeros() as usize;
                    return (start < stop).then_some(start);
                }
            }
            digit_before = cur >> 63 == 1;
            at += BLOCK;
            if at >= stop {
                self.kept = Some((at - BLOCK, cur, next));
                return None;
            }
            cur = next;
            next = digit_mask_at(input, at + BLOCK);
            skip = 0;
        }
    }
}

/// How far a keyword cursor searches every byte once runs were found dense
/// (see [`RunDensity`]).
pub(crate) const DENSE_STRETCH: usize = 16 * 1024;

/// Whether the digit runs a keyword cursor visits one by one come so close
/// together that searching every byte costs less: a run costs about as
/// much as searching `break_even` bytes (measured with callgrind on the
/// generated corpora: CRM exports hold a run of 9+ digits every 134 bytes,
/// logs every 95, prose hardly any).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RunDensity {
    /// Where counting started.
    since: usize,
    /// Runs counted since then.
    runs: usize,
}

impl RunDensity {
    /// Runs counted before deciding.
    const SAMPLE: usize = 8;

    /// Counts a run starting at `run`; `true` when the last runs came
    /// less than `break_even` bytes apart on average (then counting starts
    /// again after the stretch searched).
    pub(crate) fn is_dense(&mut self, run: usize, break_even: usize) -> bool {
        self.runs += 1;
        if self.runs < Self::SAMPLE {
            return false;
        }
        let dense = run.saturating_sub(self.since) < self.runs * break_even;
        self.runs = 0;
        self.since = if dense { run + DENSE_STRETCH } else { run };
        dense
    }
}

/// Bit `i` is set when bytes `i..i + N` are all digits, from the digit
/// masks of a block and the next one.
#[inline(always)]
fn runs_of(cur: u64, next: u64, n: u32) -> u64 {
    let wide = u128::from(cur) | u128::from(next) << 64;
    let d2 = wide & wide >> 1;
    match n {
        3 => (d2 & wide >> 2) as u64,
        7 => {
            let d4 = d2 & d2 >> 2;
            (d4 & d4 >> 3) as u64
        }
        9 => {
            let d4 = d2 & d2 >> 2;
            (d4 & d4 >> 4 & wide >> 8) as u64
        }
        _ => {
            let mut all = wide;
            for step in 1..n {
                all &= wide >> step;
            }
            all as u64
        }
    }
}

/// Length of the word starting at `at` (ASCII letters, only the first may
/// be upper case) when it is one of `packed` (see [`pack_words`]), as a
/// whole token: the filler words between a keyword and its value ("is",
/// "number"). One comparison per word: this runs for every word before a
/// digit run that may be a value.
#[inline]
pub(crate) fn packed_word_at(input: &[u8], at: usize, packed: &[u64]) -> Option<usize> {
    let mut len = 0;
    let mut word = 0u64;
    while let Some(&byte) = input.get(at + len) {
        if !byte.is_ascii_alphabetic() || (len > 0 && byte.is_ascii_uppercase()) {
            break;
        }
        if len == 8 {
            // Longer than any packed word.
            return None;
        }
        word |= u64::from(byte | 0x20) << (8 * len);
        len += 1;
    }
    packed.contains(&word).then_some(len)
}

/// Lower-case words of at most eight letters packed one letter per byte,
/// as [`packed_word_at`] packs the word it reads.
pub(crate) const fn pack_words<const N: usize>(words: &[&str]) -> [u64; N] {
    assert!(words.len() == N, "one packed word per word");
    let mut packed = [0u64; N];
    let mut w = 0;
    while w < N {
        let word = words[w].as_bytes();
        assert!(word.len() <= 8, "packed words fit in a u64");
        let mut i = 0;
        while i < word.len() {
            packed[w] |= (word[i] as u64) << (8 * i);
            i += 1;
        }
        w += 1;
    }
    packed
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAISE: &[Word] = &[prefix("card"), token("cc"), token("pan")];
    const LOWER: &[Word] = &[prefix("order"), token("imei")];

    fn near(text: &str) -> Nearest {
        nearest(text.as_bytes(), text.len(), 32, RAISE, LOWER)
    }

    /// Run starts the plain way: a digit with no digit before it, starting
    /// `min..=max` digits.
    fn naive_runs(input: &[u8], from: usize, min: usize, max: usize) -> Vec<usize> {
        (from..input.len())
            .filter(|&i| {
                let len = input[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                (i == 0 || !input[i - 1].is_ascii_digit()) && (min..=max).contains(&len)
            })
            .collect()
    }

    fn all_runs<const MIN: u32, const MAX: u32>(
        input: &[u8],
        from: usize,
        stop_every: usize,
    ) -> Vec<usize> {
        let mut runs = DigitRuns::<MIN, MAX>::default();
        let mut found = Vec::new();
        let mut at = from;
        let mut stop = from;
        while stop < input.len() {
            stop = (stop + stop_every).min(input.len());
            while let Some(start) = runs.next(input, at, stop) {
                found.push(start);
                at = start + 1;
            }
            at = at.max(stop);
        }
        found
    }

    #[test]
    fn digit_runs_match_a_byte_walk() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let len = (next() % 700) as usize;
            let digit_share = next() % 100;
            let input: Vec<u8> = (0..len)
                .map(|_| {
                    if next() % 100 < digit_share {
                        b'0' + (next() % 10) as u8
                    } else {
                        b"a -.:"[(next() % 5) as usize]
                    }
                })
                .collect();
            let from = (next() as usize) % (len + 1);
            for stop_every in [1, 63, 64, 1000] {
                assert_eq!(
                    all_runs::<3, 6>(&input, from, stop_every),
                    naive_runs(&input, from, 3, 6)
                );
                assert_eq!(
                    all_runs::<9, 64>(&input, from, stop_every),
                    naive_runs(&input, from, 9, usize::MAX)
                );
            }
        }
    }

    #[test]
    fn words_are_tokens() {
        assert_eq!(near("card number: "), Nearest::Raising);
        assert_eq!(near("\"ccNumber\": \""), Nearest::Raising);
        assert_eq!(near("cc_number="), Nearest::Raising);
        assert_eq!(near("PAN "), Nearest::Raising);
        assert_eq!(near("userCardNumber="), Nearest::Raising);
        assert_eq!(near("account "), Nearest::None);
        assert_eq!(near("company panel "), Nearest::None);
        assert_eq!(near("orderId="), Nearest::Lowering);
        assert_eq!(near("IMEI: "), Nearest::Lowering);
    }

    #[test]
    fn nearest_word_wins_and_window_limits() {
        assert_eq!(near("order 12, card "), Nearest::Raising);
        assert_eq!(near("card on file, order "), Nearest::Lowering);
        let far = format!("card{}", " ".repeat(40));
        assert_eq!(near(&far), Nearest::None);
    }
}
