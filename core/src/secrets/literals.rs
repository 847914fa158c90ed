//! A multi-literal search for a few dozen short, rare literals, cheaper
//! than a general packed search on text that holds none of them.
//!
//! `aho-corasick`'s packed search (Teddy) costs about one instruction per
//! byte even when nothing matches, and its fingerprints of the first three
//! bytes of 40 unrelated literals match ordinary English often. Here each
//! literal is instead found through one *trigger* that the caller picks for
//! being rare: a single byte (`x` in `xox`) or a pair of adjacent bytes
//! (`p_` in `ghp_`, `pw` in `_pwd`) at a fixed offset in the literal.
//! Triggers are grouped into at most eight buckets; a block of 32 bytes is
//! tested against all buckets at once with two nibble-table lookups per
//! byte position (the same trick as Teddy, with two byte positions instead
//! of three and hand-picked rather than leading bytes), about half an
//! instruction per byte. In a block that this flags, the byte after each
//! pair (where its literal has one: `pwd` for `pw`) is tested the same way,
//! and what is still flagged is checked exactly against the literals whose
//! trigger starts with the flagged byte.
//!
//! The answer is exactly that of an `aho-corasick` automaton over the same
//! literals with the same match kind (leftmost-first or leftmost-longest);
//! the automaton is kept as the search on CPUs without AVX2 (and other
//! targets) and as the oracle of the tests (`secrets::tests`).

// The triggered search has an AVX2 path only (no WebAssembly SIMD path
// yet): elsewhere the automaton answers, and the checks go unused.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]

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
    /// The same search as an automaton, used when AVX2 is missing.
    automaton: AhoCorasick,
    avx2: bool,
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
            avx2: triggered && has_avx2(),
        })
    }

    /// The leftmost literal wholly inside `input[start..end]` (on a tie of
    /// starts the first listed, or the longest for leftmost-longest).
    #[inline]
    pub(crate) fn find(&self, input: &[u8], start: usize, end: usize) -> Option<Match> {
        let end = end.min(input.len());
        if start >= end {
            return None;
        }
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: AVX2 was detected when the search was built.
            return unsafe { self.find_avx2(input, start, end) };
        }
        self.find_automaton(input, start, end)
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

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn find_avx2(&self, input: &[u8], start: usize, end: usize) -> Option<Match> {
        let mut best = None;
        let mut at = start;
        // Blocks start before `end` and read 66 bytes.
        let stop = end.min(input.len().saturating_sub(65));
        while at < stop {
            // SAFETY: AVX2 is present (the caller's contract), and blocks
            // from `at` up to `stop` have 66 readable bytes.
            let (block, mut flagged) = unsafe { flagged_block(&self.tables, input, at, stop) };
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

/// The first 64-byte block at `at`, `at + 64`, … (starting before `stop`)
/// in which the filter flags a position, and the mask of those positions;
/// a zero mask and `stop` or beyond when there is none. Kept apart from
/// the checks so that its six tables stay in registers.
///
/// # Safety
/// AVX2 must be present, and every block starting before `stop` must have
/// 66 readable bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn flagged_block(
    tables: &[[u8; 16]; 6],
    input: &[u8],
    mut at: usize,
    stop: usize,
) -> (usize, u64) {
    use std::arch::x86_64::*;
    // SAFETY (whole function): the caller's contract.
    unsafe {
        let wide = |i: usize| -> __m256i {
            _mm256_broadcastsi128_si256(_mm_loadu_si128(tables[i].as_ptr().cast()))
        };
        let (t0, t1, t2, t3, t4, t5) = (wide(0), wide(1), wide(2), wide(3), wide(4), wide(5));
        let nibble = _mm256_set1_epi8(0x0f);
        let zero = _mm256_setzero_si256();
        // The buckets of the 32 bytes from `$p`, by the tables `$lo` and
        // `$hi`, with `$low` giving the index of the low-nibble lookup. A
        // byte of 0x80 or more has bit 7 set, which makes the lookup by
        // the first byte, unmasked, give 0: no trigger starts with a
        // non-ASCII byte.
        macro_rules! lookup {
            ($p:expr, $lo:expr, $hi:expr, |$v:ident| $low:expr) => {{
                let $v = _mm256_loadu_si256($p.cast());
                _mm256_and_si256(
                    _mm256_shuffle_epi8($lo, $low),
                    _mm256_shuffle_epi8($hi, _mm256_and_si256(_mm256_srli_epi16($v, 4), nibble)),
                )
            }};
        }
        macro_rules! pairs {
            ($p:expr) => {
                _mm256_and_si256(
                    lookup!($p, t0, t1, |v| v),
                    lookup!($p.add(1), t2, t3, |v| _mm256_and_si256(v, nibble)),
                )
            };
        }
        macro_rules! confirmed {
            ($p:expr, $hits:expr) => {{
                let hits = _mm256_and_si256(
                    $hits,
                    lookup!($p.add(2), t4, t5, |v| _mm256_and_si256(v, nibble)),
                );
                !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hits, zero)) as u32)
            }};
        }
        while at < stop {
            let p = input.as_ptr().add(at);
            let (low, high) = (pairs!(p), pairs!(p.add(32)));
            let any = _mm256_or_si256(low, high);
            if _mm256_testz_si256(any, any) == 0 {
                let mask =
                    u64::from(confirmed!(p, low)) | u64::from(confirmed!(p.add(32), high)) << 32;
                if mask != 0 {
                    return (at, mask);
                }
            }
            at += 64;
        }
        (at, 0)
    }
}

#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

#[cfg(not(target_arch = "x86_64"))]
fn has_avx2() -> bool {
    false
}
