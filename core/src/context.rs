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
    /// The first eight letters (or fewer) packed one per byte, first letter
    /// lowest, as [`pack_letters`] reads them: most words are compared with
    /// one 8-byte read.
    head: u64,
    /// The bytes of `head` that hold letters.
    head_mask: u64,
}

impl Word {
    const fn new(text: &'static str, prefix_ok: bool) -> Word {
        let text = text.as_bytes();
        assert!(!text.is_empty(), "a context word has letters");
        let mut head = 0;
        let mut i = 0;
        while i < text.len() {
            assert!(text[i].is_ascii_lowercase(), "context words are lowercase");
            if i < 8 {
                head |= (text[i] as u64) << (8 * i);
            }
            i += 1;
        }
        let head_mask = if text.len() >= 8 {
            u64::MAX
        } else {
            (1 << (8 * text.len())) - 1
        };
        Word {
            text,
            prefix_ok,
            head,
            head_mask,
        }
    }

    /// Whether the word's letters, in either case, are at `hay[i..]`.
    #[inline]
    fn letters_at(&self, hay: &[u8], i: usize) -> bool {
        let Some(rest) = hay.get(i..) else {
            return false;
        };
        match rest.first_chunk::<8>() {
            // `| 0x20` folds capitals to lower case, and turns no other byte
            // into a lowercase letter.
            Some(bytes) => {
                (u64::from_le_bytes(*bytes) | 0x2020_2020_2020_2020) & self.head_mask == self.head
                    && (self.text.len() <= 8
                        || rest
                            .get(8..self.text.len())
                            .is_some_and(|tail| tail.eq_ignore_ascii_case(&self.text[8..])))
            }
            None => rest
                .get(..self.text.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(self.text)),
        }
    }
}

/// A word that may begin longer words.
pub(crate) const fn prefix(text: &'static str) -> Word {
    Word::new(text, true)
}

/// A word that must end at a token boundary.
pub(crate) const fn token(text: &'static str) -> Word {
    Word::new(text, false)
}

/// A list of context words, indexed by first letter: [`nearest`] runs for
/// every candidate number (a phone in every CRM contact record), and at
/// each token before it tries only the words starting with its letter
/// instead of comparing the first letter of all of them.
pub(crate) struct Words {
    list: &'static [Word],
    /// Bit `w` of entry `l`: word `w` starts with letter `l` (`a` = 0).
    by_first_letter: [u32; 26],
}

/// Indexes `list` (at most 32 lowercase words) at compile time.
pub(crate) const fn words(list: &'static [Word]) -> Words {
    assert!(list.len() <= 32, "a word list holds at most 32 words");
    let mut by_first_letter = [0u32; 26];
    let mut w = 0;
    while w < list.len() {
        let first = list[w].text[0];
        by_first_letter[(first - b'a') as usize] |= 1 << w;
        w += 1;
    }
    Words {
        list,
        by_first_letter,
    }
}

impl Words {
    /// Whether one of the words starts a token at `hay[i]` (a letter that
    /// starts a token).
    #[inline]
    fn start_at(&self, hay: &[u8], i: usize) -> bool {
        let letter = hay[i].to_ascii_lowercase().wrapping_sub(b'a');
        let mut candidates = self
            .by_first_letter
            .get(usize::from(letter))
            .copied()
            .unwrap_or(0);
        while candidates != 0 {
            let word = &self.list[candidates.trailing_zeros() as usize];
            candidates &= candidates - 1;
            if word_at(hay, i, word) {
                return true;
            }
        }
        false
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
    raising: &Words,
    lowering: &Words,
) -> Nearest {
    let at = at.min(input.len());
    let haystack = &input[at.saturating_sub(window)..at];
    for i in (0..haystack.len()).rev() {
        // A word can only start where a token starts.
        if !haystack[i].is_ascii_alphabetic() || !starts_token(haystack, i) {
            continue;
        }
        if raising.start_at(haystack, i) {
            return Nearest::Raising;
        }
        if lowering.start_at(haystack, i) {
            return Nearest::Lowering;
        }
    }
    Nearest::None
}

/// Whether `word` is at `hay[i]` (where a token starts) and ends where its
/// bounding requires.
fn word_at(hay: &[u8], i: usize, word: &Word) -> bool {
    if !word.letters_at(hay, i) {
        return false;
    }
    let n = word.text.len();
    word.prefix_ok
        || match hay.get(i + n) {
            None => true,
            // camelCase again: "ccNumber" ends the token at the capital.
            Some(&next) => {
                !next.is_ascii_alphabetic()
                    || (next.is_ascii_uppercase() && hay[i + n - 1].is_ascii_lowercase())
            }
        }
}

/// Whether a token starts at `hay[i]`: nothing alphabetic before it, or a
/// camelCase capital ("userCardNumber" starts a token at `C`).
#[inline]
pub(crate) fn starts_token(hay: &[u8], i: usize) -> bool {
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

/// Starts of the digit runs of `MIN..=MAX` digits (`MAX` 64 or more: no
/// upper bound), in order, read 64 bytes at a time from digit masks: the
/// keyword cursors look for their keywords only just before such a run
/// (every value they report is one), and most text has few of them.
///
/// The last block read is kept with its digit masks, the next block's and
/// the starts of such runs in it, so a cursor asking run after run reads
/// and sorts each block once: a later call in that block only picks the
/// next bit, and a call past it goes on with the next block's masks.
#[derive(Clone, Debug, Default)]
pub(crate) struct DigitRuns<const MIN: u32, const MAX: u32> {
    kept: Option<RunBlock>,
}

/// A block [`DigitRuns`] read.
#[derive(Clone, Copy, Debug)]
struct RunBlock {
    /// Where the block starts.
    at: usize,
    /// Its digit mask and the next block's.
    cur: u64,
    next: u64,
    /// Starts of runs of `MIN..=MAX` digits in the block.
    found: u64,
}

impl<const MIN: u32, const MAX: u32> DigitRuns<MIN, MAX> {
    /// The first start of such a run in `from..stop` (a run is a maximal
    /// stretch of ASCII digits; one starting before `from` is not reported
    /// from the middle), or `None`.
    #[inline]
    pub(crate) fn next(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        match self.next_kept(input, from, stop) {
            Ok(found) => found,
            Err(from) => self.next_in_blocks(input, from, stop),
        }
    }

    /// [`Self::next`] with the blocks' digit masks read by `C`, for a
    /// caller that is itself compiled for `C` and asks for run after run
    /// (the keyed cursor): everything inlines into its loop.
    #[inline(always)]
    pub(crate) fn next_with_classifier<C: crate::simd::Classifier>(
        &mut self,
        input: &[u8],
        from: usize,
        stop: usize,
    ) -> Option<usize> {
        match self.next_kept(input, from, stop) {
            Ok(found) => found,
            Err(from) => self.next_with::<C>(input, from, stop),
        }
    }

    /// The answer from the kept block alone (`Ok`), or where the blocks
    /// must be read from (`Err`).
    #[inline(always)]
    fn next_kept(&self, input: &[u8], from: usize, stop: usize) -> Result<Option<usize>, usize> {
        use crate::simd::BLOCK;
        match self.kept {
            Some(kept) if from >= kept.at && from - kept.at < BLOCK => {
                let unseen = kept.found & (u64::MAX << (from - kept.at));
                if unseen != 0 {
                    let start = kept.at + unseen.trailing_zeros() as usize;
                    return Ok((start < stop.min(input.len())).then_some(start));
                }
                // None left in this block: the rest start in later ones.
                Err(kept.at + BLOCK)
            }
            _ => Err(from),
        }
    }

    /// The end of the run starting at `start`, which [`Self::next`] just
    /// returned: read from the kept masks, which hold the whole run when
    /// `MAX` is below 64 (a run starts in the block and is at most `MAX`
    /// digits long).
    #[inline]
    pub(crate) fn run_end(&self, input: &[u8], start: usize) -> usize {
        match self.kept {
            Some(kept) if MAX < 64 && start >= kept.at && start - kept.at < crate::simd::BLOCK => {
                let wide = u128::from(kept.cur) | u128::from(kept.next) << 64;
                // The run is at most `MAX` digits: the low 64 bits from the
                // start hold its end (`& 63` tells the compiler so).
                let from_start = (wide >> ((start - kept.at) & 63)) as u64;
                start + (!from_start).trailing_zeros() as usize
            }
            _ => {
                start
                    + input[start..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count()
            }
        }
    }

    fn next_in_blocks(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx2() {
            // SAFETY: AVX2 was detected.
            return unsafe { self.next_avx2(input, from, stop) };
        }
        self.next_with::<crate::simd::Baseline>(input, from, stop)
    }

    /// Which of the run `starts` of a block begin runs of `MIN..=MAX`
    /// digits, from the digit masks of the block and the next one: all at
    /// once, with a few shifts (see [`runs_of`]). Measuring the few starts
    /// that can begin a long run one by one instead cost more on every
    /// corpus and adversarial input measured.
    #[inline(always)]
    fn runs_starting(starts: u64, cur: u64, next: u64) -> u64 {
        let wide = u128::from(cur) | u128::from(next) << 64;
        let mut found = starts & runs_of(wide, MIN) as u64;
        if MAX < 64 && found != 0 {
            found &= !runs_of(wide, MAX + 1) as u64;
        }
        found
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn next_avx2(&mut self, input: &[u8], from: usize, stop: usize) -> Option<usize> {
        self.next_with::<crate::simd::Avx2>(input, from, stop)
    }

    #[inline(always)]
    pub(crate) fn next_with<C: crate::simd::Classifier>(
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
        let (mut cur, mut next, mut digit_before) = match self.kept {
            // The block after the kept one: its mask was read already.
            Some(kept) if kept.at + BLOCK == at => (
                kept.next,
                digit_mask_at(input, at + BLOCK),
                kept.cur >> 63 == 1,
            ),
            _ => (
                digit_mask_at(input, at),
                digit_mask_at(input, at + BLOCK),
                at.checked_sub(1).is_some_and(|i| input[i].is_ascii_digit()),
            ),
        };
        let mut skip = from - at;
        loop {
            // Most blocks of prose hold no digit: passed on their mask alone.
            while cur == 0 && at + BLOCK < stop {
                at += BLOCK;
                cur = next;
                next = digit_mask_at(input, at + BLOCK);
                digit_before = false;
                skip = 0;
            }
            let starts = cur & !(cur << 1 | u64::from(digit_before));
            let mut found = 0;
            if starts != 0 {
                found = Self::runs_starting(starts, cur, next);
                let unseen = found & (u64::MAX << skip);
                if unseen != 0 {
                    self.kept = Some(RunBlock {
                        at,
                        cur,
                        next,
                        found,
                    });
                    let start = at + unseen.trailing_zeros() as usize;
                    return (start < stop).then_some(start);
                }
            }
            if at + BLOCK >= stop {
                self.kept = Some(RunBlock {
                    at,
                    cur,
                    next,
                    found,
                });
                return None;
            }
            digit_before = cur >> 63 == 1;
            at += BLOCK;
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

/// Bit `i` is set when bytes `i..i + n` are all digits, in the digit masks
/// of a block and the next one (`wide`): by doubling, so a run of 17 takes
/// five shifts rather than sixteen.
#[inline(always)]
fn runs_of(wide: u128, n: u32) -> u128 {
    let mut all = wide;
    let mut covered = 1;
    while covered * 2 <= n {
        all &= all >> covered;
        covered *= 2;
    }
    if covered < n {
        // Two overlapping windows of `covered` bytes cover `n`.
        all &= all >> (n - covered);
    }
    all
}

/// Length of the word starting at `at` (ASCII letters, only the first may
/// be upper case) when it is one of `words`, as a whole token: the filler
/// words between a keyword and its value ("is", "number"). One table
/// lookup per word: this runs for every word before a digit run that may
/// be a value.
#[inline]
pub(crate) fn packed_word_at(input: &[u8], at: usize, words: &PackedWords) -> Option<usize> {
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
    (len > 0 && words.contains(word)).then_some(len)
}

/// The letters `input[from..to]` (at most eight) folded to lower case and
/// packed one per byte, first letter lowest, as [`PackedWords`] holds
/// words: one 8-byte read where the input allows.
#[inline]
pub(crate) fn pack_letters(input: &[u8], from: usize, to: usize) -> u64 {
    let len = to - from;
    debug_assert!((1..=8).contains(&len));
    let kept = u64::MAX >> (64 - 8 * len);
    match input.get(from..from + 8) {
        Some(bytes) => {
            let bytes: [u8; 8] = bytes.try_into().expect("8 bytes");
            (u64::from_le_bytes(bytes) | 0x2020_2020_2020_2020) & kept
        }
        None => input[from..to]
            .iter()
            .rev()
            .fold(0, |word, &byte| word << 8 | u64::from(byte | 0x20)),
    }
}

/// A set of lower-case words of at most eight letters, packed one letter
/// per byte (first letter lowest): a 32-slot table indexed by a
/// multiplicative hash, chosen at compile time so that no two words share
/// a slot, so membership is one multiplication and one comparison (a list
/// of fifteen words took fifteen).
pub(crate) struct PackedWords {
    slots: [u64; Self::SLOTS],
    multiplier: u64,
}

impl PackedWords {
    const SLOTS: usize = 32;

    /// The set of `words` (lower case, 1 to 8 letters, at most 20 of them).
    pub(crate) const fn new(words: &[&str]) -> Self {
        assert!(words.len() <= 20, "few enough words for 32 slots");
        let mut multiplier = 0x9e37_79b9_7f4a_7c15u64;
        let mut tries = 0;
        loop {
            let mut slots = [0u64; Self::SLOTS];
            let mut fits = true;
            let mut w = 0;
            while w < words.len() {
                let word = words[w].as_bytes();
                assert!(!word.is_empty() && word.len() <= 8, "1 to 8 letters");
                let mut packed = 0u64;
                let mut i = 0;
                while i < word.len() {
                    assert!(word[i].is_ascii_lowercase(), "lower-case letters");
                    packed |= (word[i] as u64) << (8 * i);
                    i += 1;
                }
                let slot = Self::slot(packed, multiplier);
                if slots[slot] != 0 {
                    fits = false;
                    break;
                }
                slots[slot] = packed;
                w += 1;
            }
            if fits {
                return PackedWords { slots, multiplier };
            }
            tries += 1;
            assert!(tries < 1_000_000, "some multiplier separates the words");
            multiplier = multiplier.wrapping_add(0x6a09_e667_f3bc_c909 << 1);
        }
    }

    const fn slot(packed: u64, multiplier: u64) -> usize {
        (packed.wrapping_mul(multiplier) >> 59) as usize
    }

    /// Whether `packed` (see [`pack_letters`]; not 0) is one of the words.
    #[inline]
    pub(crate) fn contains(&self, packed: u64) -> bool {
        self.slots[Self::slot(packed, self.multiplier)] == packed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAISE: Words = words(&[prefix("card"), token("cc"), token("pan")]);
    const LOWER: Words = words(&[prefix("order"), token("imei")]);

    fn near(text: &str) -> Nearest {
        nearest(text.as_bytes(), text.len(), 32, &RAISE, &LOWER)
    }

    /// `Word::letters_at` reads eight bytes at once and folds case with
    /// `| 0x20`; it must answer as a plain case-insensitive comparison, next
    /// to bytes that fold onto letters (`@`, `[`, `` ` ``, `{`, non-ASCII),
    /// near the end of the haystack and for words longer than eight letters.
    #[test]
    fn packed_word_comparison_answers_as_a_plain_one() {
        let words = [
            prefix("card"),
            token("cc"),
            prefix("confirmation"),
            prefix("telephone"),
            prefix("whatsapp"),
            token("p"),
        ];
        let alphabet = b"cCaArRdDoOnNfFiImMtTeElLpPhHwWsS@[`{\xc3\xa3 _-0";
        let mut rng = crate::TestRng::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let word = &words[rng.below(words.len())];
            let mut hay: Vec<u8> = (0..rng.below(16))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let at = hay.len();
            // The word itself, in random case, often with one byte changed.
            hay.extend(word.text.iter().map(|&b| match rng.below(3) {
                0 => b.to_ascii_uppercase(),
                _ => b,
            }));
            if rng.below(2) == 0 {
                let i = at + rng.below(word.text.len());
                hay[i] = alphabet[rng.below(alphabet.len())];
            }
            hay.truncate(at + rng.below(word.text.len() + 10));
            for _ in 0..rng.below(12) {
                hay.push(alphabet[rng.below(alphabet.len())]);
            }
            for i in 0..=hay.len() {
                let plain = hay
                    .get(i..i + word.text.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(word.text));
                assert_eq!(word.letters_at(&hay, i), plain, "{hay:?} at {i}");
            }
        }
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
                let digits = input[start..].iter().take_while(|b| b.is_ascii_digit());
                assert_eq!(runs.run_end(input, start), start + digits.count());
                found.push(start);
                at = start + 1;
            }
            at = at.max(stop);
        }
        found
    }

    #[test]
    fn digit_runs_match_a_byte_walk() {
        let mut rng = crate::TestRng::new(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.next_u64();
        for _ in 0..1000 {
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
                assert_eq!(
                    all_runs::<9, 16>(&input, from, stop_every),
                    naive_runs(&input, from, 9, 16)
                );
            }
        }
    }

    #[test]
    fn packed_words_hold_exactly_their_words() {
        const WORDS: &[&str] = &[
            "number", "num", "no", "nr", "is", "was", "of", "home", "work", "office", "main",
            "primary", "cell", "mobile", "personal",
        ];
        static SET: PackedWords = PackedWords::new(WORDS);
        for word in WORDS {
            let text = format!("{word} ");
            assert_eq!(packed_word_at(text.as_bytes(), 0, &SET), Some(word.len()));
            let capitalised = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            assert_eq!(
                packed_word_at(capitalised.as_bytes(), 0, &SET),
                Some(word.len())
            );
            assert!(SET.contains(pack_letters(text.as_bytes(), 0, word.len())));
        }
        // Every other word of up to eight letters (sampled) is not in it.
        let mut rng = crate::TestRng::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..100_000 {
            let state = rng.next_u64();
            let len = 1 + (state % 8) as usize;
            let word: String = (0..len)
                .map(|i| char::from(b"aeimnorsw"[((state >> (8 + 4 * i)) % 9) as usize]))
                .collect();
            let listed = WORDS.contains(&word.as_str());
            let text = format!("{word}:");
            assert_eq!(
                packed_word_at(text.as_bytes(), 0, &SET).is_some(),
                listed,
                "{word}"
            );
            // The 8-byte read and the byte-by-byte tail agree.
            assert_eq!(SET.contains(pack_letters(word.as_bytes(), 0, len)), listed);
        }
        assert_eq!(packed_word_at(b"NUMBER", 0, &SET), None);
        assert_eq!(packed_word_at(b"numberX", 0, &SET), Some(6));
        assert_eq!(packed_word_at(b"123", 0, &SET), None);
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
