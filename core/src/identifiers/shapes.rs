//! Printed identifier shapes, found from block bitmasks.
//!
//! Logs hold a digit run every ten bytes or so; visiting each would cap the
//! scan below 1 GB/s. Instead [`crate::simd::classify_shapes`] turns each
//! 64-byte window into bitmasks of digits, letters and a few punctuation
//! bytes, and a handful of shifts and ANDs of one `u64` each give the
//! places where one of these shapes can start (windows overlap by the 12
//! bytes a shape's start looks ahead):
//!
//! | shape | example | kinds |
//! |---|---|---|
//! | `ddd-dd-dddd`, `ddd dd dddd` | `123-45-6789` | SSN, ITIN |
//! | `ddd?ddd?dddd`, `?` one of `-`, `.`, space | `212-555-0147` | NANP phone |
//! | `(ddd)` | `(212) 555-0147` | NANP phone |
//! | `+d` | `+44 20 7946 0958` | phone (E.164) |
//! | two letters, two digits at a word start | `DE89 3704 0044 …` | IBAN |
//!
//! Only those places are walked, and each walk reads a bounded number of
//! bytes, so the cursor is linear on any input.
//!
//! # What counts
//! - SSN and ITIN: the same separator twice, standing alone (not inside a
//!   longer code such as `ID-123-45-6789` or `123-45-6789-01`). A space-
//!   separated number needs a word such as "SSN" before it to reach the
//!   default confidence. Nine digits without separators are left to
//!   [`super::keyed`], which requires such a word.
//! - NANP: area code and exchange 2–9, not N11 or unassigned blocks; an
//!   optional trunk `1` before it (`1-800-…`). Dotted and space-separated
//!   numbers score lower; dates, IPs and version strings never have the
//!   3-3-4 shape standing alone.
//! - International: `+`, then 8–15 digits in groups separated by one space,
//!   hyphen or dot; `(0)` (the trunk prefix Europeans print) is skipped. The
//!   country code must be assigned and, where the plan is known, the national
//!   number must have its length; the longest valid grouping wins, so a
//!   quantity after the number does not hide it.
//! - IBAN: registry country, exact length, BBAN structure and mod-97;
//!   contiguous or in groups of four separated by single spaces; either case.

use crate::context::{self, Nearest, Words};
use crate::finding::{Finding, Kind, Provenance, Subkind, SyntheticReason};
use crate::identifiers::{
    group_digits, number_ends, number_starts, validate, BAIT_WORDS, PHONE_WORDS, TAX_ID_WORDS,
};
use crate::provenance::catalogue;
use crate::simd::{digit_mask_at, shapes_at, Baseline, Classifier, ShapeMasks, BLOCK};

/// Which of the shape detectors run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShapeDetectors {
    pub ssn: bool,
    pub itin: bool,
    pub phone: bool,
    pub iban: bool,
}

impl ShapeDetectors {
    pub(crate) fn any(self) -> bool {
        self.ssn || self.itin || self.phone || self.iban
    }

    fn wants(self, kind: Kind) -> bool {
        match kind {
            Kind::Ssn => self.ssn,
            Kind::Itin => self.itin,
            Kind::Phone => self.phone,
            Kind::Iban => self.iban,
            _ => false,
        }
    }
}

/// Longest run of digits read after a `+`: E.164 allows 15.
const MAX_E164_DIGITS: usize = 15;
/// Most digit groups read after a `+`.
const MAX_E164_GROUPS: usize = 8;

/// The shape detectors' position in one scan.
pub(crate) struct ShapeCursor {
    detectors: ShapeDetectors,
    context_window: usize,
    /// Start of the next window to classify (see [`STRIDE`]).
    next_block: usize,
    /// Candidate starts of the current window not walked yet (bit `i` is
    /// `block + i`).
    pending: u64,
    block: usize,
    /// End of the last finding: nothing may start before it.
    last_end: usize,
    /// Whether the last window classified had no digits: the next one is
    /// then first looked at through its digit mask alone (prose).
    sparse: bool,
    /// A finding made while looking past the limit, not handed out yet.
    held: Option<Finding>,
}

/// Bytes whose masks decide whether a shape starts at a byte: the start
/// and the 12 after it (`ddd-ddd-dddd` and the byte that ends it).
const SHAPE_BYTES: usize = 13;
/// How far one window of [`BLOCK`] classified bytes moves the cursor: its
/// starts are answered for every byte whose [`SHAPE_BYTES`] lie inside it.
/// Windows overlap so that every mask fits one `u64` (no shifting across
/// two blocks' masks).
const STRIDE: usize = BLOCK - SHAPE_BYTES + 1;
/// The bits of a window's starts that are answers.
const STRIDE_BITS: u64 = (1 << STRIDE) - 1;

/// How far before its flagged shape a finding may start: the trunk `1` and
/// its separator in `1-800-…` and `1 (800) …`.
const LOOKBEHIND: usize = 2;

impl ShapeCursor {
    pub(crate) fn new(detectors: ShapeDetectors, context_window: usize) -> Self {
        ShapeCursor {
            detectors,
            context_window,
            next_block: 0,
            pending: 0,
            block: 0,
            last_end: 0,
            sparse: true,
            held: None,
        }
    }

    /// The next finding, in scan order; `None` when none starts before
    /// `limit`. A number can start up to [`LOOKBEHIND`] bytes before the
    /// place its shape is flagged (a trunk `1-`), so windows are read that
    /// far past `limit`; a finding that starts at or after `limit` is held
    /// for a later call.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        if let Some(answer) = crate::scanner::release_held(&mut self.held, limit) {
            return answer;
        }
        loop {
            while self.pending != 0 {
                let pos = self.block + self.pending.trailing_zeros() as usize;
                self.pending &= self.pending - 1;
                if pos < self.last_end {
                    // Inside the last finding.
                    continue;
                }
                if let Some(found) = self.recognise(input, pos) {
                    self.last_end = found.end;
                    if found.start < limit {
                        return Some(found);
                    }
                    self.held = Some(found);
                    return None;
                }
            }
            if !self.next_candidates(input, limit) {
                return None;
            }
        }
    }

    /// Classifies windows until one holds candidate starts (`true`, with
    /// them in `pending`) or the windows up to `limit` are done (`false`).
    /// Runs the AVX2 copy of the loop where the CPU has it.
    fn next_candidates(&mut self, input: &[u8], limit: usize) -> bool {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::has_avx2() {
            // SAFETY: AVX2 was detected.
            return unsafe { self.next_candidates_avx2(input, limit) };
        }
        self.next_candidates_with::<Baseline>(input, limit)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn next_candidates_avx2(&mut self, input: &[u8], limit: usize) -> bool {
        self.next_candidates_with::<crate::simd::Avx2>(input, limit)
    }

    #[inline(always)]
    fn next_candidates_with<C: Classifier>(&mut self, input: &[u8], limit: usize) -> bool {
        // Windows starting before `end` are read: a finding may start up to
        // `LOOKBEHIND` bytes before its flagged shape.
        let end = input.len().min(limit + LOOKBEHIND);
        let mut at = self.next_block;
        while at < end {
            // Every shape has a digit in its first four bytes: a window
            // without digits has no start in its first `BLOCK - 3` bytes.
            // After such a window (prose) the digit mask alone, a third of
            // the classifying, tells whether this one is another.
            if self.sparse && digit_mask_at::<C>(input, at) == 0 {
                at += BLOCK - 3;
                continue;
            }
            let masks = shapes_at::<C>(input, at);
            self.sparse = masks.digits == 0;
            if self.sparse {
                at += BLOCK - 3;
                continue;
            }
            let starts = self.starts(input, at, masks) & STRIDE_BITS;
            if starts != 0 {
                self.pending = starts;
                self.block = at;
                self.next_block = at + STRIDE;
                return true;
            }
            at += STRIDE;
        }
        self.next_block = at;
        false
    }

    /// Bit `i` set: a shape may start at `at + i`, given the masks of the
    /// 64 bytes at `at`. Only the bits below [`STRIDE`] are answers: a
    /// start's bit reads the masks of the [`SHAPE_BYTES`] bytes from it.
    ///
    /// The bits are a superset of the starts [`Self::recognise`] accepts:
    /// the walk checks every byte itself, so the masks only need to rule
    /// places out. Groups are measured on the digit mask alone (three
    /// digits, one other byte, two or three digits, one other byte, four
    /// digits), and the walk checks which bytes separate them.
    #[inline(always)]
    fn starts(&self, input: &[u8], at: usize, masks: ShapeMasks) -> u64 {
        // Bit `i` of `d >> k` tells about the byte `k` after position `i`.
        let d = masks.digits;
        let before = at.checked_sub(1).map(|i| input[i]);
        let detectors = self.detectors;
        let mut starts = 0;
        let tax_id = detectors.ssn || detectors.itin;
        if tax_id || detectors.phone {
            // Exactly three digits standing alone start both `ddd-dd-dddd`
            // and `ddd-ddd-dddd`.
            let other = !d;
            let d2 = d & d >> 1;
            let three = d2 & d >> 2 & other >> 3;
            let digit_before = u64::from(before.is_some_and(|b| b.is_ascii_digit()));
            let run_starts = !(d << 1 | digit_before);
            let first = three & run_starts;
            if first != 0 {
                let four = d2 & d2 >> 2 & other >> 4;
                let mut rest = 0;
                if tax_id {
                    let two = d2 & other >> 2;
                    rest |= two >> 4 & four >> 7;
                }
                if detectors.phone {
                    rest |= three >> 4 & four >> 8;
                }
                starts |= first & rest;
            }
        }
        if detectors.phone {
            // `(ddd) …` and `+d…`: the walk reads the rest.
            starts |= masks.opens & d >> 1;
        }
        if detectors.iban {
            let l = masks.letters;
            let heads = l & l >> 1 & d >> 2 & d >> 3;
            if heads != 0 {
                let alnum_before = u64::from(before.is_some_and(|b| b.is_ascii_alphanumeric()));
                let word_starts = !((l | d) << 1 | alnum_before);
                starts |= heads & word_starts;
            }
        }
        starts
    }

    fn recognise(&self, input: &[u8], pos: usize) -> Option<Finding> {
        match input[pos] {
            b'+' => self.international(input, pos),
            b'(' => self.nanp_parenthesised(input, pos),
            b'0'..=b'9' => self
                .tax_id(input, pos)
                .or_else(|| self.nanp_plain(input, pos)),
            _ => self.iban(input, pos),
        }
    }

    /// `ddd-dd-dddd` or `ddd dd dddd` at `pos`: an SSN or ITIN.
    fn tax_id(&self, input: &[u8], pos: usize) -> Option<Finding> {
        if !(self.detectors.ssn || self.detectors.itin) {
            return None;
        }
        let sep = *input.get(pos + 3)?;
        if !matches!(sep, b'-' | b' ') || input.get(pos + 6) != Some(&sep) {
            return None;
        }
        let digits: [u8; 9] = group_digits(input, [(pos, 3), (pos + 4, 2), (pos + 7, 4)])?;
        let end = pos + 11;
        if !number_starts(input, pos) || !number_ends(input, end) {
            return None;
        }
        let (area, group, serial) = validate::parse_ssn_digits(&digits);
        // ITINs first: the never-issued SSN areas the catalogue reports as
        // synthetic SSNs include the 9xx block ITINs are drawn from.
        let itin = !catalogue::ssn_example(&digits) && validate::itin_valid(area, group, serial);
        // A zero group or serial is not an SSN shape at all, reserved or not.
        let test_value = !itin && group != 0 && serial != 0 && catalogue::ssn(&digits);
        let kind = if itin {
            Kind::Itin
        } else if test_value || validate::ssn_parts_valid(area, group, serial) {
            Kind::Ssn
        } else {
            return None;
        };
        if !self.detectors.wants(kind) {
            return None;
        }
        let base = match (kind, sep) {
            (Kind::Ssn, b'-') => 65,
            (Kind::Ssn, _) => 45,
            (_, b'-') => 60,
            _ => 40,
        };
        let confidence = self.confidence(input, pos, base, &TAX_ID_WORDS);
        Some(finding(
            kind,
            Subkind::None,
            pos,
            end,
            confidence,
            test_value,
        ))
    }

    /// `212-555-0147`, `212.555.0147`, `212 555 0147`, `212 555-0147`, with
    /// an optional trunk `1` before.
    fn nanp_plain(&self, input: &[u8], pos: usize) -> Option<Finding> {
        if !self.detectors.phone {
            return None;
        }
        let base = match (*input.get(pos + 3)?, *input.get(pos + 7)?) {
            (b'-', b'-') => 65,
            (b' ', b'-') => 60,
            (b'.', b'.') => 55,
            (b' ', b' ') => 45,
            _ => return None,
        };
        let digits: [u8; 10] = group_digits(input, [(pos, 3), (pos + 4, 3), (pos + 8, 4)])?;
        let end = pos + 12;
        let start = self.nanp_start(input, pos, b"-. ")?;
        self.nanp(input, start, end, &digits, base)
    }

    /// `(212) 555-0147`, `(212)555-0147`, with an optional trunk `1` before.
    fn nanp_parenthesised(&self, input: &[u8], pos: usize) -> Option<Finding> {
        if !self.detectors.phone || input.get(pos + 4) != Some(&b')') {
            return None;
        }
        let exchange = pos + 5 + usize::from(input.get(pos + 5) == Some(&b' '));
        let base = match *input.get(exchange + 3)? {
            b'-' => 75,
            b' ' | b'.' => 70,
            _ => return None,
        };
        let digits: [u8; 10] =
            group_digits(input, [(pos + 1, 3), (exchange, 3), (exchange + 4, 4)])?;
        let start = self.nanp_start(input, pos, b" ")?;
        self.nanp(input, start, exchange + 8, &digits, base)
    }

    /// Where a NANP number whose area code (or its `(`) is at `pos` starts:
    /// at a lone trunk `1` joined by one of `joiners` or directly, else at
    /// `pos` if a number may start there.
    fn nanp_start(&self, input: &[u8], pos: usize, joiners: &[u8]) -> Option<usize> {
        let trunk_at =
            |one: usize| one >= self.last_end && input[one] == b'1' && number_starts(input, one);
        if pos >= 2 && joiners.contains(&input[pos - 1]) && trunk_at(pos - 2) {
            return Some(pos - 2);
        }
        if input[pos] == b'(' && pos >= 1 && trunk_at(pos - 1) {
            return Some(pos - 1);
        }
        number_starts(input, pos).then_some(pos)
    }

    fn nanp(
        &self,
        input: &[u8],
        start: usize,
        end: usize,
        digits: &[u8; 10],
        base: i32,
    ) -> Option<Finding> {
        if !number_ends(input, end) || !validate::nanp_valid(digits) {
            return None;
        }
        let trunk = i32::from(input[start] == b'1') * 5;
        let confidence = self.confidence(input, start, base + trunk, &PHONE_WORDS);
        let test_value = catalogue::nanp(digits);
        Some(finding(
            Kind::Phone,
            Subkind::Nanp,
            start,
            end,
            confidence,
            test_value,
        ))
    }

    /// `+` and an international number at `pos`.
    fn international(&self, input: &[u8], pos: usize) -> Option<Finding> {
        if !self.detectors.phone {
            return None;
        }
        if let Some(prev) = pos.checked_sub(1).map(|i| input[i]) {
            // Inside base64, a path, a sum or a longer number: not a phone.
            if prev.is_ascii_alphanumeric()
                || matches!(prev, b'_' | b'+' | b'/' | b'\\' | b'.' | b'-')
            {
                return None;
            }
        }
        // The digits of the 64 bytes after the `+`, one bit each: a
        // number spans at most 15 digits and 7 separators or parentheses
        // pairs, so every group is measured from this one mask instead of
        // byte by byte.
        let base = pos + 1;
        let digit_mask = digit_mask_at::<Baseline>(input, base);
        // The digits, copied 16 bytes at a time where the input allows;
        // what lies past `count` is not read.
        let mut digits = [0u8; MAX_E164_DIGITS + 16];
        let mut count = 0;
        // Byte end and digit count after each group.
        let mut ends = [(0usize, 0usize); MAX_E164_GROUPS];
        let mut groups = 0;
        let mut i = base;
        while groups < MAX_E164_GROUPS {
            let paren = input.get(i) == Some(&b'(');
            let first = i + usize::from(paren);
            let offset = first - base;
            let room = MAX_E164_DIGITS - count;
            let run = if offset < BLOCK {
                ((!(digit_mask >> offset)).trailing_zeros() as usize).min(room + 1)
            } else {
                0
            };
            // A run reaching the mask's end may go on past it: too long.
            if run == 0 || run > room || offset + run >= BLOCK {
                break;
            }
            let mut end = first + run;
            if paren {
                if input.get(end) != Some(&b')') {
                    break;
                }
                end += 1;
            }
            // "(0)" is the national trunk prefix, not dialled from abroad.
            if !(paren && run == 1 && input[first] == b'0') {
                match input.get(first..first + 16) {
                    Some(chunk) => digits[count..count + 16].copy_from_slice(chunk),
                    None => digits[count..count + run].copy_from_slice(&input[first..first + run]),
                }
                count += run;
            }
            ends[groups] = (end, count);
            groups += 1;
            i = match (input.get(end), input.get(end + 1)) {
                (Some(b' ' | b'-' | b'.'), Some(next))
                    if next.is_ascii_digit() || *next == b'(' =>
                {
                    end + 1
                }
                // "+44(0)20…", "+44 (0)20…": a group in parentheses joins
                // the digits next to it directly.
                (Some(b'('), _) => end,
                (Some(next), _) if paren && next.is_ascii_digit() => end,
                _ => break,
            };
        }
        // Longest valid grouping first: "+44 20 7946 0958 12 items".
        let (end, count) = ends[..groups].iter().rev().copied().find(|&(end, count)| {
            number_ends(input, end) && validate::e164_valid(&digits[..count])
        })?;
        let number = &digits[..count];
        let subkind = if number[0] == b'1' {
            Subkind::Nanp
        } else {
            Subkind::E164
        };
        let confidence = self.confidence(input, pos, 70, &PHONE_WORDS);
        Some(finding(
            Kind::Phone,
            subkind,
            pos,
            end,
            confidence,
            catalogue::e164(number),
        ))
    }

    /// An IBAN whose country code starts at `pos`.
    fn iban(&self, input: &[u8], pos: usize) -> Option<Finding> {
        if !self.detectors.iban
            || (pos > 0 && (input[pos - 1].is_ascii_alphanumeric() || input[pos - 1] == b'_'))
        {
            return None;
        }
        let head = input.get(pos..pos + 4)?;
        let country = validate::iban_country([head[0], head[1]])?;
        if !head[2].is_ascii_digit() || !head[3].is_ascii_digit() {
            return None;
        }
        let len = usize::from(country.length);
        let mut compact = [0u8; validate::IBAN_MAX_LEN];
        compact[..4].copy_from_slice(head);
        let mut n = 4;
        let mut i = pos + 4;
        match input.get(i) {
            Some(b) if b.is_ascii_alphanumeric() => {
                let body = input.get(i..pos + len)?;
                if !body.iter().all(u8::is_ascii_alphanumeric) {
                    return None;
                }
                compact[4..len].copy_from_slice(body);
                i = pos + len;
            }
            Some(b' ') => {
                // Groups of four, the last one shorter when the length says so.
                while n < len {
                    if input.get(i) != Some(&b' ') {
                        return None;
                    }
                    let group = input[i + 1..]
                        .iter()
                        .take(4)
                        .take_while(|b| b.is_ascii_alphanumeric())
                        .count();
                    if group == 0 || n + group > len || (group < 4 && n + group < len) {
                        return None;
                    }
                    compact[n..n + group].copy_from_slice(&input[i + 1..i + 1 + group]);
                    n += group;
                    i += 1 + group;
                }
            }
            _ => return None,
        }
        let end = i;
        if input
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            return None;
        }
        let compact = &mut compact[..len];
        compact.make_ascii_uppercase();
        if !validate::iban_valid(compact) {
            return None;
        }
        let lower = input[pos..end].iter().any(u8::is_ascii_lowercase);
        let confidence = if lower { 80 } else { 90 };
        let test_value = catalogue::iban(compact);
        Some(finding(
            Kind::Iban,
            Subkind::None,
            pos,
            end,
            confidence,
            test_value,
        ))
    }

    /// `base` raised by words such as `raising` just before `start`, lowered
    /// by words naming order numbers and the like.
    fn confidence(&self, input: &[u8], start: usize, base: i32, raising: &Words) -> u8 {
        let adjust = match context::nearest(input, start, self.context_window, raising, &BAIT_WORDS)
        {
            Nearest::Raising => 25,
            Nearest::Lowering => -35,
            Nearest::None => 0,
        };
        (base + adjust).clamp(1, 99) as u8
    }
}

/// A finding, synthetic when the value is a documented test value.
pub(crate) fn finding(
    kind: Kind,
    subkind: Subkind,
    start: usize,
    end: usize,
    confidence: u8,
    test_value: bool,
) -> Finding {
    Finding {
        kind,
        subkind,
        start,
        end,
        confidence,
        provenance: if test_value {
            Provenance::Synthetic(SyntheticReason::TestValue)
        } else {
            Provenance::Unknown
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: ShapeDetectors = ShapeDetectors {
        ssn: true,
        itin: true,
        phone: true,
        iban: true,
    };

    /// Every finding of the cursor as (kind, matched text, confidence).
    fn scan(text: &str) -> Vec<(Kind, &str, u8)> {
        let mut cursor = ShapeCursor::new(ALL, 32);
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| (f.kind, &text[f.span()], f.confidence))
            .collect()
    }

    /// The matched texts of reported findings (default threshold 50).
    fn reported(text: &str) -> Vec<&str> {
        scan(text)
            .into_iter()
            .filter(|f| f.2 >= 50)
            .map(|f| f.1)
            .collect()
    }

    #[test]
    fn ssn_and_itin_shapes() {
        assert_eq!(
            scan(r#"{"name":"Ann Lee","ssn":"536-90-1234"}"#),
            [(Kind::Ssn, "536-90-1234", 90)]
        );
        assert_eq!(
            scan("applicant 536-90-1234 ok"),
            [(Kind::Ssn, "536-90-1234", 65)]
        );
        assert_eq!(scan("SSN 536 90 1234"), [(Kind::Ssn, "536 90 1234", 70)]);
        assert_eq!(
            reported("x 536 90 1234 y"),
            Vec::<&str>::new(),
            "spaced needs context"
        );
        assert_eq!(scan("ITIN: 912-70-1234"), [(Kind::Itin, "912-70-1234", 85)]);
        assert_eq!(scan("2021,912-70-1234,filed")[0].0, Kind::Itin);
    }

    #[test]
    fn ssn_bait() {
        // Never-issued areas (000, 666, 9xx) are reported as synthetic SSNs:
        // see never_issued_ssns_are_synthetic_not_dropped.
        for text in [
            "123-00-4567",
            "123-45-0000",
            "ID-536-90-1234",
            "536-90-1234-01",
            "536-90-12345",
            "1536-90-1234",
            "536-90 1234",
            "a536-90-1234",
            "2024-01-15 10:30:00.123",
            "v1.2.3.4567",
        ] {
            assert!(
                scan(text)
                    .iter()
                    .all(|f| f.0 != Kind::Ssn && f.0 != Kind::Itin),
                "{text}"
            );
        }
        assert!(reported("order 536-90-1234").is_empty());
    }

    #[test]
    fn never_issued_ssns_are_synthetic_not_dropped() {
        for text in ["ssn 000-12-3456", "ssn 666-12-3456", "ssn 912-93-1234"] {
            let mut cursor = ShapeCursor::new(ALL, 32);
            let f = cursor.next(text.as_bytes(), text.len()).unwrap();
            assert_eq!((f.kind, &text[f.start..f.end]), (Kind::Ssn, &text[4..]));
            assert_eq!(
                f.provenance.reason(),
                Some(crate::SyntheticReason::TestValue)
            );
        }
        // An ITIN stays an ITIN, not synthetic.
        let text = b"itin 912-70-1234";
        let f = ShapeCursor::new(ALL, 32).next(text, text.len()).unwrap();
        assert_eq!((f.kind, f.provenance.reason()), (Kind::Itin, None));
    }

    #[test]
    fn documented_ssns_are_synthetic() {
        let mut cursor = ShapeCursor::new(ALL, 32);
        let text = b"sample card 078-05-1120 and 987-65-4321";
        let a = cursor.next(text, text.len()).unwrap();
        let b = cursor.next(text, text.len()).unwrap();
        assert_eq!((a.kind, b.kind), (Kind::Ssn, Kind::Ssn));
        assert!(a.provenance.reason().is_some() && b.provenance.reason().is_some());
    }

    #[test]
    fn nanp_shapes() {
        assert_eq!(reported("call (212) 555-0147 now"), ["(212) 555-0147"]);
        assert_eq!(reported("call 1 (212) 555-0147"), ["1 (212) 555-0147"]);
        assert_eq!(reported("(212)555-0147"), ["(212)555-0147"]);
        assert_eq!(reported("Phone: 212-555-0147"), ["212-555-0147"]);
        assert_eq!(reported("1-800-555-1212"), ["1-800-555-1212"]);
        assert_eq!(reported("tel 212.555.1234"), ["212.555.1234"]);
        assert_eq!(reported("mobile 415 555 2671"), ["415 555 2671"]);
        assert_eq!(
            reported("415 555 2671"),
            Vec::<&str>::new(),
            "spaced needs context"
        );
        assert_eq!(reported("415 555-2671,"), ["415 555-2671"]);
        let [(kind, _, conf)] = scan("Phone: (212) 555-0147")[..] else {
            panic!()
        };
        assert_eq!((kind, conf), (Kind::Phone, 99));
    }

    #[test]
    fn phone_bait() {
        for text in [
            "192.168.100.200",
            "10.212.555.1234",
            "v212.555.1234",
            "1.2.3.4567",
            "2024-01-15 10:30:00",
            "ORD-212-555-1234",
            "212-555-1234-7",
            "212-555-12345",
            "112-555-1234",
            "212-155-1234",
            "911-555-1234",
            "212-911-1234",
            "1700000000",
            "1700000000123",
            "11-800-555-1212",
            "order 212-555-1234",
            "qty 212 555 1234",
            "build 212.555.1234",
        ] {
            assert!(reported(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn international_numbers() {
        assert_eq!(reported("+44 20 7946 0958"), ["+44 20 7946 0958"]);
        assert_eq!(reported("+44 (0)20 7946 0958"), ["+44 (0)20 7946 0958"]);
        assert_eq!(
            reported(r#"{"phone":"+4915123456789"}"#),
            ["+4915123456789"]
        );
        assert_eq!(reported("+1 (212) 555-0147 ext 5"), ["+1 (212) 555-0147"]);
        assert_eq!(reported("+1-212-555-0147"), ["+1-212-555-0147"]);
        assert_eq!(reported("+33 1 42 68 53 00."), ["+33 1 42 68 53 00"]);
        assert_eq!(reported("+44 20 7946 0958 12 items"), ["+44 20 7946 0958"]);
        let mut cursor = ShapeCursor::new(ALL, 32);
        let text = b"+44 20 7946 0958 or +1 212 555 0147";
        let uk = cursor.next(text, text.len()).unwrap();
        let us = cursor.next(text, text.len()).unwrap();
        assert_eq!((uk.subkind, us.subkind), (Subkind::E164, Subkind::Nanp));
        assert!(uk.provenance.reason().is_some(), "Ofcom drama number");
        assert!(us.provenance.reason().is_some(), "555-01xx");
    }

    /// The international walk as first written, byte by byte: the oracle
    /// for the mask-measured walk.
    fn international_byte_by_byte(
        cursor: &ShapeCursor,
        input: &[u8],
        pos: usize,
    ) -> Option<Finding> {
        if let Some(prev) = pos.checked_sub(1).map(|i| input[i]) {
            // Inside base64, a path, a sum or a longer number: not a phone.
            if prev.is_ascii_alphanumeric()
                || matches!(prev, b'_' | b'+' | b'/' | b'\\' | b'.' | b'-')
            {
                return None;
            }
        }
        let mut digits = [0u8; MAX_E164_DIGITS];
        let mut count = 0;
        // Byte end and digit count after each group.
        let mut ends = [(0usize, 0usize); MAX_E164_GROUPS];
        let mut groups = 0;
        let mut i = pos + 1;
        while groups < MAX_E164_GROUPS {
            let paren = input.get(i) == Some(&b'(');
            let first = i + usize::from(paren);
            let run = input
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take(MAX_E164_DIGITS - count + 1)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if run == 0 || count + run > MAX_E164_DIGITS {
                break;
            }
            let mut end = first + run;
            if paren {
                if input.get(end) != Some(&b')') {
                    break;
                }
                end += 1;
            }
            // "(0)" is the national trunk prefix, not dialled from abroad.
            if !(paren && run == 1 && input[first] == b'0') {
                digits[count..count + run].copy_from_slice(&input[first..first + run]);
                count += run;
            }
            ends[groups] = (end, count);
            groups += 1;
            i = match (input.get(end), input.get(end + 1)) {
                (Some(b' ' | b'-' | b'.'), Some(next))
                    if next.is_ascii_digit() || *next == b'(' =>
                {
                    end + 1
                }
                // "+44(0)20…", "+44 (0)20…": a group in parentheses joins
                // the digits next to it directly.
                (Some(b'('), _) => end,
                (Some(next), _) if paren && next.is_ascii_digit() => end,
                _ => break,
            };
        }
        // Longest valid grouping first: "+44 20 7946 0958 12 items".
        let (end, count) = ends[..groups].iter().rev().copied().find(|&(end, count)| {
            number_ends(input, end) && validate::e164_valid(&digits[..count])
        })?;
        let number = &digits[..count];
        let subkind = if number[0] == b'1' {
            Subkind::Nanp
        } else {
            Subkind::E164
        };
        let confidence = cursor.confidence(input, pos, 70, &PHONE_WORDS);
        Some(finding(
            Kind::Phone,
            subkind,
            pos,
            end,
            confidence,
            catalogue::e164(number),
        ))
    }

    #[test]
    fn the_international_walk_answers_as_the_byte_by_byte_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let cursor = ShapeCursor::new(ALL, 32);
        let mut found = 0;
        // Too many digits, a number cut by the end of the input, one ending
        // it.
        let tails: [&[u8]; 3] = [
            b" +4915123456789012345",
            b" +1 212 555 01",
            b" +44 (0)20 7946 0958",
        ];
        for round in 0..1000 {
            let mut input = random_shapes(&mut state, 100 + round % 90);
            input.extend_from_slice(tails[round % 3]);
            for pos in (0..input.len()).filter(|&p| input[p] == b'+') {
                let expected = international_byte_by_byte(&cursor, &input, pos);
                found += usize::from(expected.is_some());
                assert_eq!(
                    cursor.international(&input, pos),
                    expected,
                    "{:?} at {pos}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
        assert!(
            found > 100,
            "the inputs hold international numbers: {found}"
        );
    }

    #[test]
    fn international_bait() {
        for text in [
            "2024-01-15T10:30:00+01:00",
            "+0100",
            "1e+10",
            "a+1234567890",
            "iVBORw0KGgo+44207946095",
            "x/+442079460958",
            "+1700000000000",
            "+20240115123045",
            "+12345678",
            "+1-212-555-0147-99",
            "+442079460958123456",
        ] {
            assert!(reported(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn ibans() {
        assert_eq!(
            reported("IBAN: DE89 3704 0044 0532 0130 00, BIC"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert_eq!(
            reported(r#""iban":"GB33BUKB20201555555555""#),
            ["GB33BUKB20201555555555"]
        );
        assert_eq!(
            reported("gb33bukb20201555555555"),
            ["gb33bukb20201555555555"]
        );
        assert_eq!(reported("NO93 8601 1117 947 kr"), ["NO93 8601 1117 947"]);
        let mut cursor = ShapeCursor::new(ALL, 32);
        let text = b"iban DE89370400440532013000";
        assert!(cursor
            .next(text, text.len())
            .unwrap()
            .provenance
            .reason()
            .is_some());
    }

    #[test]
    fn iban_bait() {
        for text in [
            "GB33BUKB20201555555556",
            "GB33BUKB2020155555555",
            "GB33BUKB202015555555555",
            "XGB33BUKB20201555555555",
            "GB33BUKB20201555555555X",
            "DE89 3704 0044 0532 0130 0012",
            "DE89 370 40044 0532 0130 00",
            "US33BUKB20201555555555",
            "de8937040044053201300012ab34cd56ef78ab90cd12",
            "123e4567-e89b-12d3-a456-426614174000",
        ] {
            assert!(scan(text).iter().all(|f| f.0 != Kind::Iban), "{text}");
        }
    }

    #[test]
    fn detectors_can_be_switched_off() {
        let mut cursor = ShapeCursor::new(
            ShapeDetectors {
                phone: true,
                ..Default::default()
            },
            32,
        );
        let text = b"536-90-1234 DE89370400440532013000 212-555-0147";
        let found = cursor.next(text, text.len()).unwrap();
        assert_eq!((found.kind, found.start), (Kind::Phone, 35));
        assert_eq!(cursor.next(text, text.len()), None);
    }

    #[test]
    fn findings_straddling_block_and_window_ends() {
        for offset in 40..140 {
            let mut text = "x".repeat(offset);
            text.push_str(" 536-90-1234 (212) 555-0147 ");
            let mut cursor = ShapeCursor::new(ALL, 32);
            let mut found = Vec::new();
            // Small windows, as the scanner hands them out.
            for limit in (0..=text.len()).step_by(7).chain([text.len()]) {
                while let Some(f) = cursor.next(text.as_bytes(), limit) {
                    found.push(&text[f.span()]);
                }
            }
            assert_eq!(found, ["536-90-1234", "(212) 555-0147"], "offset {offset}");
        }
    }

    /// Random text over the bytes the shapes are made of, dense in near
    /// misses of every shape.
    fn random_shapes(state: &mut u64, len: usize) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"0",
            b"1",
            b"2",
            b"5",
            b"7",
            b"9",
            b"555",
            b"212",
            b"4",
            b" ",
            b"-",
            b".",
            b"(",
            b")",
            b"+",
            b"+1 ",
            b"(0)",
            b"DE",
            b"GB",
            b"de",
            b"x",
            b"_",
            b"/",
            b":",
            b"\n",
            b"536-90-",
            b"212-555-",
            b"(212) ",
            b"DE89 3704 ",
            b"\xff",
            b"536-90-1234",
            b"912-70-1234",
            b"212-555-0147",
            b"(212) 555-0147",
            b"212.555.1234",
            b"415 555 2671",
            b"1-800-555-1212",
            b"+44 20 7946 0958",
            b"+4915123456789",
            b"GB33BUKB20201555555555",
            b"DE89 3704 0044 0532 0130 00",
        ];
        let mut out = Vec::with_capacity(len + 16);
        while out.len() < len {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            out.extend_from_slice(PIECES[(*state % PIECES.len() as u64) as usize]);
        }
        out
    }

    /// Every place the block masks flag, for one classifier.
    fn flagged<C: Classifier>(cursor: &ShapeCursor, input: &[u8]) -> Vec<bool> {
        let mut flags = vec![false; input.len() + BLOCK];
        for at in (0..input.len()).step_by(STRIDE) {
            let starts = cursor.starts(input, at, shapes_at::<C>(input, at)) & STRIDE_BITS;
            for (i, flag) in flags[at..at + STRIDE].iter_mut().enumerate() {
                *flag = starts >> i & 1 == 1;
            }
        }
        flags
    }

    #[test]
    fn the_masks_flag_every_place_a_shape_is_recognised() {
        // The walk checks every byte, so the masks may flag more than the
        // shapes, but never less: a place they miss is a finding lost.
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let mut recognised = 0;
        for round in 0..300 {
            let input = random_shapes(&mut state, 200 + round % 70);
            let detectors = [
                ALL,
                ShapeDetectors {
                    phone: true,
                    ..Default::default()
                },
                ShapeDetectors {
                    ssn: true,
                    ..Default::default()
                },
                ShapeDetectors {
                    iban: true,
                    itin: true,
                    ..Default::default()
                },
            ][round % 4];
            let cursor = ShapeCursor::new(detectors, 32);
            let flags = flagged::<Baseline>(&cursor, &input);
            #[cfg(target_arch = "x86_64")]
            if crate::simd::has_avx2() {
                assert_eq!(flags, flagged::<crate::simd::Avx2>(&cursor, &input));
            }
            for pos in 0..input.len() {
                // A `+` is only walked when a digit follows it (the walk
                // itself would read `+(212) 555…`).
                if input[pos] == b'+' && input.get(pos + 1) == Some(&b'(') {
                    continue;
                }
                if cursor.recognise(&input, pos).is_some() {
                    recognised += 1;
                    assert!(flags[pos], "{:?} at {pos}", String::from_utf8_lossy(&input));
                }
            }
        }
        assert!(recognised > 150, "the inputs hold shapes: {recognised}");
    }

    #[test]
    fn adversarial_inputs_are_linear() {
        for unit in ["1", "+1", "(212) ", "212-", "DE89 ", "123-45-", "+44 (0)"] {
            let text = unit.repeat(200_000 / unit.len());
            let mut cursor = ShapeCursor::new(ALL, 32);
            let started = std::time::Instant::now();
            while cursor.next(text.as_bytes(), text.len()).is_some() {}
            // Linear work takes well under a second here even in a debug build;
            // quadratic work took minutes. The bound leaves room for a busy machine.
            assert!(started.elapsed().as_secs() < 10, "{unit}");
        }
    }
}
