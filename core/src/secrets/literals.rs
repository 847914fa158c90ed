//! A multi-literal search for a few dozen short, rare literals, cheaper
//! than a general packed search on text that holds none of them.
//!
//! `aho-corasick`'s packed search (Teddy) costs about one instruction per
//! byte even when nothing matches, and its fingerprints of the first three
//! bytes of 40 unrelated literals match ordinary English often. Here each
//! literal is instead found through one *trigger* that the caller picks for
//! being rare: a single byte (`x` in `xox`) or a pair of adjacent bytes
//! (`p_` in `ghp_`, `pw` in `_pwd`) at a fixed offset in the literal.
//! Triggers are grouped into at most eight buckets; 64 bytes are tested
//! against all buckets at once with two nibble-table lookups per byte
//! position (the same trick as Teddy, with two byte positions instead of
//! three and hand-picked rather than leading bytes), about half an
//! instruction per byte with AVX2. In a block that this flags, the byte after each
//! pair (where its literal has one: `pwd` for `pw`) is tested the same way,
//! and what is still flagged is checked exactly against the literals whose
//! trigger starts with the flagged byte.
//!
//! The table lookup is a byte shuffle, which x86-64 gained with SSSE3 (not
//! in the SSE2 baseline, but in every x86-64 CPU since about 2011; the
//! `aho-corasick` crate's own packed search needs it too): the filter runs
//! with AVX2 (32 bytes per instruction) or SSSE3 (16), whichever the CPU
//! has, detected once when the search is built, and on WebAssembly built
//! with `+simd128` (16 bytes per instruction, no detection: a module
//! validates with those instructions or not). The filter is written once,
//! generic over [`Lanes`], 32 bytes of lanes in one instruction set.
//!
//! The answer is exactly that of an `aho-corasick` automaton over the same
//! literals with the same match kind (leftmost-first or leftmost-longest);
//! the automaton is kept as the search where none of those instruction
//! sets is there (x86-64 CPUs without SSSE3, WebAssembly without SIMD,
//! other targets) and as the oracle of the tests, which run every path
//! this machine has (`secrets::tests`, `provenance::markers::tests`).

// Where no block filter is built, the automaton answers and the checks go
// unused.
#![cfg_attr(
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )),
    allow(dead_code)
)]

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, Match, MatchKind};

/// Most buckets: one bit each in the nibble tables.
pub(crate) const MAX_BUCKETS: usize = 8;

/// Most literals searched by their triggers.
pub(crate) const MAX_TRIGGERED: usize = 64;

/// How one literal is found: the bytes at `offset` (and `offset + 1` for a
/// pair) are its trigger, tested in bucket `bucket`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub bucket: u8,
    pub offset: u8,
    pub pair: bool,
}

/// One literal under its trigger's first byte.
#[derive(Clone, Debug)]
struct Entry {
    id: u16,
    offset: u8,
    len: u8,
    /// The byte after the trigger's first, compared before the rest.
    next: Option<u8>,
    /// The literal's first eight bytes (fewer: zeros), little-endian, and
    /// the mask of those that count.
    head: u64,
    head_mask: u64,
    /// What follows the first eight bytes.
    tail: Box<[u8]>,
}

impl Entry {
    fn new(id: usize, pattern: &[u8], offset: u8) -> Entry {
        let mut head = [0u8; 8];
        let mut mask = [0u8; 8];
        let n = pattern.len().min(8);
        head[..n].copy_from_slice(&pattern[..n]);
        mask[..n].fill(0xff);
        Entry {
            id: id as u16,
            offset,
            len: u8::try_from(pattern.len()).expect("short literals"),
            next: pattern.get(usize::from(offset) + 1).copied(),
            head: u64::from_le_bytes(head),
            head_mask: u64::from_le_bytes(mask),
            tail: pattern[n..].into(),
        }
    }

    /// Whether the literal is at `s` (the caller checked it fits).
    #[inline(always)]
    fn matches(&self, input: &[u8], s: usize) -> bool {
        match input.get(s..s + 8) {
            Some(word) => {
                let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                (word ^ self.head) & self.head_mask == 0
                    && (self.tail.is_empty() || input[s + 8..].starts_with(&self.tail))
            }
            None => {
                let len = usize::from(self.len);
                let head = self.head.to_le_bytes();
                input[s..s + len.min(8)] == head[..len.min(8)]
                    && input[s + len.min(8)..].starts_with(&self.tail)
            }
        }
    }
}

/// The compiled search; built once per scanner.
#[derive(Clone, Debug)]
pub(crate) struct Literals {
    patterns: Vec<Box<[u8]>>,
    /// Leftmost-longest rather than leftmost-first on a tie of starts.
    longest: bool,
    /// Nibble tables: bucket bits for the low and high nibble of the
    /// trigger's first byte, of the byte after it (all bits of the
    /// single-byte buckets set there, so any byte passes), and of the byte
    /// after a pair (where the literal has one: a second filter, run only
    /// on blocks that the first flags).
    tables: [[u8; 16]; 6],
    /// Literals (id, trigger offset) by their trigger's first byte:
    /// `entries[index[b]..index[b + 1]]`.
    index: Box<[u16; 257]>,
    entries: Vec<Entry>,
    /// Largest trigger offset: a literal starting at `s` is flagged at
    /// most this far after `s`.
    max_offset: usize,
    /// The same search as an automaton, used where no block filter runs.
    automaton: AhoCorasick,
    path: Path,
}

/// How [`Literals::find`] searches: chosen once, when the search is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    Automaton,
    #[cfg(target_arch = "x86_64")]
    Ssse3,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Simd128,
}

impl Path {
    /// The widest block filter this machine runs.
    fn fastest() -> Path {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") {
                Path::Avx2
            } else if std::is_x86_feature_detected!("ssse3") {
                Path::Ssse3
            } else {
                Path::Automaton
            }
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            Path::Simd128
        }
        #[cfg(not(any(
            target_arch = "x86_64",
            all(target_arch = "wasm32", target_feature = "simd128")
        )))]
        {
            Path::Automaton
        }
    }

    /// Every block filter this machine runs (for the tests).
    #[cfg(test)]
    fn filters() -> Vec<Path> {
        let mut paths = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("ssse3") {
                paths.push(Path::Ssse3);
            }
            if std::is_x86_feature_detected!("avx2") {
                paths.push(Path::Avx2);
            }
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        paths.push(Path::Simd128);
        paths
    }
}

impl Literals {
    /// Compiles `patterns` with their triggers. Panics when a trigger does
    /// not fit its literal or a bucket mixes single bytes and pairs (the
    /// callers pick triggers inside their literals and keep buckets apart;
    /// the tests build every list).
    pub(crate) fn new(patterns: &[(&[u8], Trigger)], kind: MatchKind) -> Literals {
        Literals::try_new(patterns, kind).expect("the literal lists are small and valid")
    }

    /// As [`Literals::new`], failing only when the automaton cannot be
    /// built. Above [`MAX_TRIGGERED`] literals, only the automaton
    /// searches: a flagged byte would start too many checks.
    pub(crate) fn try_new(
        patterns: &[(&[u8], Trigger)],
        kind: MatchKind,
    ) -> Result<Literals, aho_corasick::BuildError> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(kind)
            .build(patterns.iter().map(|p| p.0))?;
        let triggered = patterns.len() <= MAX_TRIGGERED;
        let patterns = if triggered { patterns } else { &[] };
        let mut tables = [[0u8; 16]; 6];
        let mut pair_buckets = 0u8;
        let mut single_buckets = 0u8;
        // Buckets with a pair not followed by a third byte in its literal.
        let mut open_buckets = 0u8;
        let mut by_byte: Vec<Vec<Entry>> = vec![Vec::new(); 256];
        let mut max_offset = 0;
        for (id, &(pattern, trigger)) in patterns.iter().enumerate() {
            let offset = usize::from(trigger.offset);
            let width = if trigger.pair { 2 } else { 1 };
            assert!(
                offset + width <= pattern.len(),
                "trigger inside the literal"
            );
            assert!(usize::from(trigger.bucket) < MAX_BUCKETS);
            assert!(pattern.is_ascii(), "ASCII literals");
            let bit = 1u8 << trigger.bucket;
            let mut set = |table: usize, b: u8| {
                tables[table][usize::from(b & 15)] |= bit;
                tables[table + 1][usize::from(b >> 4)] |= bit;
            };
            set(0, pattern[offset]);
            if trigger.pair {
                set(2, pattern[offset + 1]);
                match pattern.get(offset + 2) {
                    Some(&third) => set(4, third),
                    None => open_buckets |= bit,
                }
                pair_buckets |= bit;
            } else {
                single_buckets |= bit;
            }
            by_byte[usize::from(pattern[offset])].push(Entry::new(id, pattern, trigger.offset));
            max_offset = max_offset.max(offset);
        }
        assert_eq!(pair_buckets & single_buckets, 0, "a bucket mixes kinds");
        for table in &mut tables[2..4] {
            table.iter_mut().for_each(|bits| *bits |= single_buckets);
        }
        for table in &mut tables[4..6] {
            table
                .iter_mut()
                .for_each(|bits| *bits |= single_buckets | open_buckets);
        }
        let mut index = Box::new([0u16; 257]);
        let mut entries = Vec::new();
        for (b, list) in by_byte.iter().enumerate() {
            index[b] = entries.len() as u16;
            entries.extend(list.iter().cloned());
        }
        index[256] = entries.len() as u16;
        Ok(Literals {
            patterns: patterns.iter().map(|p| p.0.into()).collect(),
            longest: kind == MatchKind::LeftmostLongest,
            tables,
            index,
            entries,
            max_offset,
            automaton,
            path: if triggered {
                Path::fastest()
            } else {
                Path::Automaton
            },
        })
    }

    /// The leftmost literal wholly inside `input[start..end]` (on a tie of
    /// starts the first listed, or the longest for leftmost-longest).
    #[inline]
    pub(crate) fn find(&self, input: &[u8], start: usize, end: usize) -> Option<Match> {
        self.find_on(self.path, input, start, end)
    }

    /// [`Literals::find`] on `path`, which the caller knows this machine
    /// runs.
    #[inline(always)]
    fn find_on(&self, path: Path, input: &[u8], start: usize, end: usize) -> Option<Match> {
        let end = end.min(input.len());
        if start >= end {
            return None;
        }
        match path {
            Path::Automaton => self.find_automaton(input, start, end),
            // SAFETY: AVX2 was detected.
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => unsafe { find_avx2(self, input, start, end) },
            // SAFETY: SSSE3 was detected.
            #[cfg(target_arch = "x86_64")]
            Path::Ssse3 => unsafe { find_ssse3(self, input, start, end) },
            // SAFETY: the module was built with SIMD128.
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            Path::Simd128 => unsafe { self.find_blocks::<Simd128>(input, start, end) },
        }
    }

    /// The answer of [`Literals::find`] with every block filter this
    /// machine runs, by name, so that the tests compare each with the
    /// automaton (the search with AVX2 and SSSE3 both, on a CPU with
    /// AVX2). Empty where only the automaton searches.
    #[cfg(test)]
    pub(crate) fn find_with_every_filter(
        &self,
        input: &[u8],
        start: usize,
        end: usize,
    ) -> Vec<(&'static str, Option<Match>)> {
        if self.path == Path::Automaton {
            return Vec::new();
        }
        Path::filters()
            .into_iter()
            .map(|path| {
                let name = match path {
                    Path::Automaton => "automaton",
                    #[cfg(target_arch = "x86_64")]
                    Path::Ssse3 => "SSSE3",
                    #[cfg(target_arch = "x86_64")]
                    Path::Avx2 => "AVX2",
                    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
                    Path::Simd128 => "SIMD128",
                };
                (name, self.find_on(path, input, start, end))
            })
            .collect()
    }

    /// Checks, on 3,000 random concatenations of `pieces` and random
    /// spans of them, that [`Literals::find`] and every block filter this
    /// machine runs answer as the automaton does; returns how many answers
    /// were matches (so the caller can tell its pieces make some).
    #[cfg(test)]
    pub(crate) fn assert_answers_as_the_automaton(&self, pieces: &[&str]) -> usize {
        let mut rng = crate::TestRng::new(0x2545_f491_4f6c_dd1d);
        let mut next = move |n: usize| rng.below(n);
        let mut found = 0;
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..next(60) {
                text.extend_from_slice(pieces[next(pieces.len())].as_bytes());
            }
            let start = next(text.len() + 1);
            let end = start + next(text.len() + 1 - start);
            let oracle = self.find_automaton(&text, start, end);
            found += usize::from(oracle.is_some());
            assert_eq!(self.find(&text, start, end), oracle);
            for (filter, answer) in self.find_with_every_filter(&text, start, end) {
                assert_eq!(
                    answer,
                    oracle,
                    "{filter}: {:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        found
    }

    /// The buckets that flag `bytes[0]` followed by `bytes[1]` and
    /// `bytes[2]` (what the block search computes for each byte).
    #[cfg(test)]
    pub(crate) fn flags(&self, bytes: [u8; 3]) -> u8 {
        let mut flags = if bytes[0] >= 0x80 { 0 } else { 0xff };
        for (i, b) in bytes.into_iter().enumerate() {
            flags &= self.tables[2 * i][usize::from(b & 15)]
                & self.tables[2 * i + 1][usize::from(b >> 4)];
        }
        flags
    }

    /// The same answer from the automaton (the oracle of the tests).
    pub(crate) fn find_automaton(&self, input: &[u8], start: usize, end: usize) -> Option<Match> {
        let end = end.min(input.len());
        if start >= end {
            return None;
        }
        self.automaton.find(Input::new(input).span(start..end))
    }

    /// Checks the literals triggered at `at` and keeps the best match in
    /// `best` (start, id). Returns whether the search is over: no literal
    /// flagged later can start at or before the best start.
    #[inline(always)]
    fn check(
        &self,
        input: &[u8],
        at: usize,
        start: usize,
        end: usize,
        best: &mut Option<(usize, usize)>,
    ) -> bool {
        if let Some((best_start, _)) = *best {
            if at > best_start + self.max_offset {
                return true;
            }
        }
        let b = usize::from(input[at]);
        let (from, to) = (usize::from(self.index[b]), usize::from(self.index[b + 1]));
        let next = input.get(at + 1).copied();
        for entry in &self.entries[from..to] {
            if entry.next.is_some() && entry.next != next {
                continue;
            }
            let Some(s) = at.checked_sub(usize::from(entry.offset)) else {
                continue;
            };
            let len = usize::from(entry.len);
            if s < start || s + len > end || !entry.matches(input, s) {
                continue;
            }
            let id = usize::from(entry.id);
            let better = match *best {
                None => true,
                Some((best_start, best_id)) => {
                    s < best_start
                        || (s == best_start
                            && if self.longest {
                                let best_len = self.patterns[best_id].len();
                                len > best_len || (len == best_len && id < best_id)
                            } else {
                                id < best_id
                            })
                }
            };
            if better {
                *best = Some((s, id));
            }
        }
        false
    }

    fn answer(&self, best: Option<(usize, usize)>) -> Option<Match> {
        best.map(|(s, id)| Match::must(id, s..s + self.patterns[id].len()))
    }

    /// The search with the block filter in `L`'s instruction set.
    ///
    /// # Safety
    /// The CPU runs `L`'s instruction set.
    #[inline(always)]
    unsafe fn find_blocks<L: Lanes>(
        &self,
        input: &[u8],
        start: usize,
        end: usize,
    ) -> Option<Match> {
        let mut best = None;
        let mut at = start;
        // Blocks start before `end` and read 66 bytes.
        let stop = end.min(input.len().saturating_sub(65));
        while at < stop {
            // SAFETY: the caller's contract, and blocks from `at` up to
            // `stop` have 66 readable bytes.
            let (block, mut flagged) = unsafe { L::flagged_block(&self.tables, input, at, stop) };
            if flagged == 0 {
                at = block;
                break;
            }
            while flagged != 0 {
                let pos = block + flagged.trailing_zeros() as usize;
                flagged &= flagged - 1;
                if pos >= end || self.check(input, pos, start, end, &mut best) {
                    return self.answer(best);
                }
            }
            at = block + 64;
        }
        // The tail (under 66 bytes of input left): every byte that starts
        // a trigger is checked.
        while at < end {
            let b = usize::from(input[at]);
            if self.index[b] != self.index[b + 1] && self.check(input, at, start, end, &mut best) {
                break;
            }
            at += 1;
        }
        self.answer(best)
    }
}

/// 32 bytes of byte lanes in one instruction set, and what the block
/// filter does with them: the filter ([`flagged_block_with`]) is written
/// once against this and monomorphised per instruction set, so that each
/// copy inlines its own instructions.
///
/// A value exists only after [`Lanes::load`] or [`Lanes::table`], whose
/// callers promise that the CPU runs the instruction set; the other
/// operations rely on that.
trait Lanes: Copy {
    /// The 32 bytes at `p`.
    ///
    /// # Safety
    /// The CPU runs the instruction set, and 32 bytes at `p` are readable.
    unsafe fn load(p: *const u8) -> Self;

    /// A 16-byte table, once in each 16-byte lane.
    ///
    /// # Safety
    /// The CPU runs the instruction set.
    unsafe fn table(table: &[u8; 16]) -> Self;

    fn and(self, other: Self) -> Self;

    fn or(self, other: Self) -> Self;

    /// `table[byte & 15]` for each ASCII byte of `bytes`, 0 for the others
    /// (no trigger starts with a non-ASCII byte).
    fn by_low_nibble_ascii(table: Self, bytes: Self) -> Self;

    /// `table[byte & 15]` for each byte.
    fn by_low_nibble(table: Self, bytes: Self) -> Self;

    /// `table[byte >> 4]` for each byte.
    fn by_high_nibble(table: Self, bytes: Self) -> Self;

    /// Whether any byte is not zero.
    fn any(self) -> bool;

    /// Bit `i` set where byte `i` is not zero.
    fn nonzero_bits(self) -> u32;

    /// [`flagged_block_with`] for this instruction set, compiled for it.
    /// A function of its own, asked not to be inlined, so that its six
    /// tables stay in registers; rustc 1.95 drops that request on
    /// `#[target_feature]` functions, and LLVM inlines the loop into the
    /// search, where (the disassembly shows) the tables stay in registers
    /// all the same.
    ///
    /// # Safety
    /// As [`flagged_block_with`].
    unsafe fn flagged_block(
        tables: &[[u8; 16]; 6],
        input: &[u8],
        at: usize,
        stop: usize,
    ) -> (usize, u64);
}

/// The first 64-byte block at `at`, `at + 64`, … (starting before `stop`)
/// in which the filter flags a position, and the mask of those positions;
/// a zero mask and `stop` or beyond when there is none.
///
/// # Safety
/// The CPU runs `L`'s instruction set, and every block starting before
/// `stop` has 66 readable bytes.
#[inline(always)]
unsafe fn flagged_block_with<L: Lanes>(
    tables: &[[u8; 16]; 6],
    input: &[u8],
    mut at: usize,
    stop: usize,
) -> (usize, u64) {
    // SAFETY (whole function): the caller's contract; every load reads
    // 32 bytes at most 34 bytes into a block.
    unsafe {
        let t = [
            L::table(&tables[0]),
            L::table(&tables[1]),
            L::table(&tables[2]),
            L::table(&tables[3]),
            L::table(&tables[4]),
            L::table(&tables[5]),
        ];
        while at < stop {
            let p = input.as_ptr().add(at);
            let (low, high) = (pairs(&t, p), pairs(&t, p.add(32)));
            if L::or(low, high).any() {
                let mask = u64::from(confirmed(&t, p, low))
                    | u64::from(confirmed(&t, p.add(32), high)) << 32;
                if mask != 0 {
                    return (at, mask);
                }
            }
            at += 64;
        }
        (at, 0)
    }
}

/// The buckets whose trigger's first two bytes are at `p` and `p + 1`,
/// for the 32 positions from `p`.
///
/// # Safety
/// The CPU runs `L`'s instruction set; 33 bytes at `p` are readable.
#[inline(always)]
unsafe fn pairs<L: Lanes>(t: &[L; 6], p: *const u8) -> L {
    // SAFETY: the caller's contract.
    let (first, second) = unsafe { (L::load(p), L::load(p.add(1))) };
    L::and(
        L::and(
            L::by_low_nibble_ascii(t[0], first),
            L::by_high_nibble(t[1], first),
        ),
        L::and(
            L::by_low_nibble(t[2], second),
            L::by_high_nibble(t[3], second),
        ),
    )
}

/// Of the `hits` of [`pairs`] at `p`, the positions whose third byte
/// passes too.
///
/// # Safety
/// The CPU runs `L`'s instruction set; 34 bytes at `p` are readable.
#[inline(always)]
unsafe fn confirmed<L: Lanes>(t: &[L; 6], p: *const u8, hits: L) -> u32 {
    // SAFETY: the caller's contract.
    let third = unsafe { L::load(p.add(2)) };
    L::and(
        hits,
        L::and(
            L::by_low_nibble(t[4], third),
            L::by_high_nibble(t[5], third),
        ),
    )
    .nonzero_bits()
}

/// AVX2: one instruction per 32 bytes.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Avx2(std::arch::x86_64::__m256i);

#[cfg(target_arch = "x86_64")]
impl Lanes for Avx2 {
    #[inline(always)]
    unsafe fn load(p: *const u8) -> Self {
        // SAFETY: the caller's contract.
        unsafe { Avx2(std::arch::x86_64::_mm256_loadu_si256(p.cast())) }
    }

    #[inline(always)]
    unsafe fn table(table: &[u8; 16]) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: the caller's contract; the table is 16 bytes.
        unsafe {
            Avx2(_mm256_broadcastsi128_si256(_mm_loadu_si128(
                table.as_ptr().cast(),
            )))
        }
    }

    #[inline(always)]
    fn and(self, other: Self) -> Self {
        // SAFETY: a value exists only where AVX2 runs.
        unsafe { Avx2(std::arch::x86_64::_mm256_and_si256(self.0, other.0)) }
    }

    #[inline(always)]
    fn or(self, other: Self) -> Self {
        // SAFETY: as above.
        unsafe { Avx2(std::arch::x86_64::_mm256_or_si256(self.0, other.0)) }
    }

    #[inline(always)]
    fn by_low_nibble_ascii(table: Self, bytes: Self) -> Self {
        // SAFETY: as above. The shuffle reads the low nibble and gives 0
        // where bit 7 is set: no mask needed.
        unsafe { Avx2(std::arch::x86_64::_mm256_shuffle_epi8(table.0, bytes.0)) }
    }

    #[inline(always)]
    fn by_low_nibble(table: Self, bytes: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe {
            let low = _mm256_and_si256(bytes.0, _mm256_set1_epi8(0x0f));
            Avx2(_mm256_shuffle_epi8(table.0, low))
        }
    }

    #[inline(always)]
    fn by_high_nibble(table: Self, bytes: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: as above. No 8-bit shift: shift 16-bit lanes and drop
        // the bits shifted in from the byte above.
        unsafe {
            let high = _mm256_and_si256(_mm256_srli_epi16(bytes.0, 4), _mm256_set1_epi8(0x0f));
            Avx2(_mm256_shuffle_epi8(table.0, high))
        }
    }

    #[inline(always)]
    fn any(self) -> bool {
        // SAFETY: as above.
        unsafe { std::arch::x86_64::_mm256_testz_si256(self.0, self.0) == 0 }
    }

    #[inline(always)]
    fn nonzero_bits(self) -> u32 {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe { !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(self.0, _mm256_setzero_si256())) as u32) }
    }

    #[inline(always)]
    unsafe fn flagged_block(
        tables: &[[u8; 16]; 6],
        input: &[u8],
        at: usize,
        stop: usize,
    ) -> (usize, u64) {
        // SAFETY: the caller's contract.
        unsafe { flagged_block_avx2(tables, input, at, stop) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn flagged_block_avx2(
    tables: &[[u8; 16]; 6],
    input: &[u8],
    at: usize,
    stop: usize,
) -> (usize, u64) {
    // SAFETY: the caller's contract.
    unsafe { flagged_block_with::<Avx2>(tables, input, at, stop) }
}

/// [`Literals::find`] with the AVX2 filter.
///
/// # Safety
/// The CPU runs AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn find_avx2(literals: &Literals, input: &[u8], start: usize, end: usize) -> Option<Match> {
    // SAFETY: the caller's contract.
    unsafe { literals.find_blocks::<Avx2>(input, start, end) }
}

/// SSSE3: two 16-byte instructions per 32 bytes.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Ssse3(std::arch::x86_64::__m128i, std::arch::x86_64::__m128i);

#[cfg(target_arch = "x86_64")]
impl Lanes for Ssse3 {
    #[inline(always)]
    unsafe fn load(p: *const u8) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: the caller's contract.
        unsafe { Ssse3(_mm_loadu_si128(p.cast()), _mm_loadu_si128(p.add(16).cast())) }
    }

    #[inline(always)]
    unsafe fn table(table: &[u8; 16]) -> Self {
        // SAFETY: the caller's contract; the table is 16 bytes.
        let t = unsafe { std::arch::x86_64::_mm_loadu_si128(table.as_ptr().cast()) };
        Ssse3(t, t)
    }

    #[inline(always)]
    fn and(self, other: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: a value exists only where SSSE3 runs.
        unsafe {
            Ssse3(
                _mm_and_si128(self.0, other.0),
                _mm_and_si128(self.1, other.1),
            )
        }
    }

    #[inline(always)]
    fn or(self, other: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe { Ssse3(_mm_or_si128(self.0, other.0), _mm_or_si128(self.1, other.1)) }
    }

    #[inline(always)]
    fn by_low_nibble_ascii(table: Self, bytes: Self) -> Self {
        // SAFETY: as above. The shuffle reads the low nibble and gives 0
        // where bit 7 is set: no mask needed.
        unsafe {
            use std::arch::x86_64::*;
            Ssse3(
                _mm_shuffle_epi8(table.0, bytes.0),
                _mm_shuffle_epi8(table.1, bytes.1),
            )
        }
    }

    #[inline(always)]
    fn by_low_nibble(table: Self, bytes: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe {
            let nibble = _mm_set1_epi8(0x0f);
            Ssse3(
                _mm_shuffle_epi8(table.0, _mm_and_si128(bytes.0, nibble)),
                _mm_shuffle_epi8(table.1, _mm_and_si128(bytes.1, nibble)),
            )
        }
    }

    #[inline(always)]
    fn by_high_nibble(table: Self, bytes: Self) -> Self {
        use std::arch::x86_64::*;
        // SAFETY: as above. No 8-bit shift: shift 16-bit lanes and drop
        // the bits shifted in from the byte above.
        unsafe {
            let nibble = _mm_set1_epi8(0x0f);
            Ssse3(
                _mm_shuffle_epi8(table.0, _mm_and_si128(_mm_srli_epi16(bytes.0, 4), nibble)),
                _mm_shuffle_epi8(table.1, _mm_and_si128(_mm_srli_epi16(bytes.1, 4), nibble)),
            )
        }
    }

    #[inline(always)]
    fn any(self) -> bool {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe {
            let either = _mm_or_si128(self.0, self.1);
            _mm_movemask_epi8(_mm_cmpeq_epi8(either, _mm_setzero_si128())) != 0xffff
        }
    }

    #[inline(always)]
    fn nonzero_bits(self) -> u32 {
        use std::arch::x86_64::*;
        // SAFETY: as above.
        unsafe {
            let zero = _mm_setzero_si128();
            let low = _mm_movemask_epi8(_mm_cmpeq_epi8(self.0, zero)) as u32;
            let high = _mm_movemask_epi8(_mm_cmpeq_epi8(self.1, zero)) as u32;
            !(low | high << 16)
        }
    }

    #[inline(always)]
    unsafe fn flagged_block(
        tables: &[[u8; 16]; 6],
        input: &[u8],
        at: usize,
        stop: usize,
    ) -> (usize, u64) {
        // SAFETY: the caller's contract.
        unsafe { flagged_block_ssse3(tables, input, at, stop) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
#[inline(never)]
unsafe fn flagged_block_ssse3(
    tables: &[[u8; 16]; 6],
    input: &[u8],
    at: usize,
    stop: usize,
) -> (usize, u64) {
    // SAFETY: the caller's contract.
    unsafe { flagged_block_with::<Ssse3>(tables, input, at, stop) }
}

/// [`Literals::find`] with the SSSE3 filter.
///
/// # Safety
/// The CPU runs SSSE3.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
unsafe fn find_ssse3(literals: &Literals, input: &[u8], start: usize, end: usize) -> Option<Match> {
    // SAFETY: the caller's contract.
    unsafe { literals.find_blocks::<Ssse3>(input, start, end) }
}

/// WebAssembly SIMD128: two 16-byte instructions per 32 bytes.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy)]
struct Simd128(core::arch::wasm32::v128, core::arch::wasm32::v128);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes for Simd128 {
    #[inline(always)]
    unsafe fn load(p: *const u8) -> Self {
        use core::arch::wasm32::*;
        // SAFETY: the caller's contract; wasm loads need no alignment.
        unsafe { Simd128(v128_load(p.cast()), v128_load(p.add(16).cast())) }
    }

    #[inline(always)]
    unsafe fn table(table: &[u8; 16]) -> Self {
        // SAFETY: the table is 16 bytes.
        let t = unsafe { core::arch::wasm32::v128_load(table.as_ptr().cast()) };
        Simd128(t, t)
    }

    #[inline(always)]
    fn and(self, other: Self) -> Self {
        use core::arch::wasm32::*;
        Simd128(v128_and(self.0, other.0), v128_and(self.1, other.1))
    }

    #[inline(always)]
    fn or(self, other: Self) -> Self {
        use core::arch::wasm32::*;
        Simd128(v128_or(self.0, other.0), v128_or(self.1, other.1))
    }

    #[inline(always)]
    fn by_low_nibble_ascii(table: Self, bytes: Self) -> Self {
        use core::arch::wasm32::*;
        // The swizzle gives 0 for any index from 16 on: keeping bit 7 with
        // the low nibble sends non-ASCII bytes there.
        let low_and_bit_7 = u8x16_splat(0x8f);
        Simd128(
            u8x16_swizzle(table.0, v128_and(bytes.0, low_and_bit_7)),
            u8x16_swizzle(table.1, v128_and(bytes.1, low_and_bit_7)),
        )
    }

    #[inline(always)]
    fn by_low_nibble(table: Self, bytes: Self) -> Self {
        use core::arch::wasm32::*;
        let nibble = u8x16_splat(0x0f);
        Simd128(
            u8x16_swizzle(table.0, v128_and(bytes.0, nibble)),
            u8x16_swizzle(table.1, v128_and(bytes.1, nibble)),
        )
    }

    #[inline(always)]
    fn by_high_nibble(table: Self, bytes: Self) -> Self {
        use core::arch::wasm32::*;
        Simd128(
            u8x16_swizzle(table.0, u8x16_shr(bytes.0, 4)),
            u8x16_swizzle(table.1, u8x16_shr(bytes.1, 4)),
        )
    }

    #[inline(always)]
    fn any(self) -> bool {
        use core::arch::wasm32::*;
        v128_any_true(v128_or(self.0, self.1))
    }

    #[inline(always)]
    fn nonzero_bits(self) -> u32 {
        use core::arch::wasm32::*;
        let zero = u8x16_splat(0);
        u32::from(u8x16_bitmask(u8x16_ne(self.0, zero)))
            | u32::from(u8x16_bitmask(u8x16_ne(self.1, zero))) << 16
    }

    #[inline(always)]
    unsafe fn flagged_block(
        tables: &[[u8; 16]; 6],
        input: &[u8],
        at: usize,
        stop: usize,
    ) -> (usize, u64) {
        // SAFETY: the caller's contract.
        unsafe { flagged_block_simd128(tables, input, at, stop) }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(never)]
unsafe fn flagged_block_simd128(
    tables: &[[u8; 16]; 6],
    input: &[u8],
    at: usize,
    stop: usize,
) -> (usize, u64) {
    // SAFETY: the caller's contract.
    unsafe { flagged_block_with::<Simd128>(tables, input, at, stop) }
}
