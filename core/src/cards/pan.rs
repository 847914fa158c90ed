//! Payment card numbers (PANs), and the track data that starts with them.
//!
//! # How a card number is recognised
//! 1. [`find_dense_run`] skips, 64 bytes at a time, everything that cannot
//!    hold 12 digits with single separators.
//! 2. The run it flags is split into printed groups: digits separated by one
//!    space or one hyphen (`4111 1111 1111 1111`, `3782-822463-10005`).
//!    A run without a group that can start a card number (12+ digits that
//!    lead with an issuer digit, or four digits then a separator and a
//!    digit) is passed over from its bitmasks: ids, timestamps, phones.
//! 3. At each group, the groupings real systems print are tried, longest
//!    first: one contiguous group of 12–19 digits; 4-4-…-4 with a last group
//!    of 1–4 digits; 4-6-5 (Amex); 4-6-4 (Diners). A grouping must use one
//!    separator throughout.
//! 4. A grouping is a card number when its digits pass Luhn and the issuer
//!    table (brand and length). It must stand alone: not inside a longer
//!    digit or alphanumeric run, not the fraction of a decimal number, and
//!    not a slice of a longer number printed in uniform groups of four
//!    (`1234 4111 1111 1111 1111` and `4111 1111 1111 1111 1111` are
//!    references, not cards). Shorter trailing groups are fine, since an
//!    expiry date or a CVV often follows (`4111 1111 1111 1111 05 27`).
//!
//! Line breaks are not separators: a number wrapped across two lines is not
//! found. Only spaces and hyphens separate groups; dots, slashes and tabs
//! end a number.

use crate::cards::{brand_of, luhn_valid, track};
use crate::context::{self, prefix, token, words, Nearest, Words};
use crate::finding::{Finding, Kind, Provenance, Subkind, SyntheticReason};
use crate::provenance::catalogue;
use crate::simd::{digits_end, find_dense_run, masks_at, DenseRun, Masks, BLOCK};

/// Words that make a card number more likely when they precede it.
const CARD_WORDS: Words = words(&[
    prefix("card"),
    prefix("credit"),
    prefix("debit"),
    prefix("payment"),
    prefix("visa"),
    prefix("mastercard"),
    prefix("amex"),
    prefix("discover"),
    prefix("maestro"),
    token("cc"),
    token("ccn"),
    token("pan"),
    token("acct"),
]);

/// Words naming numbers that are often Luhn-valid or card-shaped but are not
/// cards: order and invoice numbers, device identifiers, tracking numbers.
const BAIT_WORDS: Words = words(&[
    prefix("order"),
    prefix("invoice"),
    prefix("tracking"),
    prefix("serial"),
    prefix("shipment"),
    prefix("barcode"),
    prefix("imei"),
    token("isbn"),
    token("iccid"),
    token("sku"),
    token("ean"),
    token("upc"),
    token("msisdn"),
]);

/// Most groups a printed card number has (4-4-4-4-3).
const MAX_GROUPS: usize = 5;
const MAX_DIGITS: usize = 19;
const MIN_DIGITS: usize = 12;

/// One printed group: digits `start..end`, then maybe a separator and more.
#[derive(Clone, Copy, Debug, Default)]
struct Group {
    start: usize,
    end: usize,
    /// The separator byte after the group when another group follows it.
    separator: Option<u8>,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

fn group_at(input: &[u8], start: usize) -> Group {
    let end = digits_end(input, start);
    let separator = match (input.get(end), input.get(end + 1)) {
        (Some(&sep @ (b' ' | b'-')), Some(next)) if next.is_ascii_digit() => Some(sep),
        _ => None,
    };
    Group {
        start,
        end,
        separator,
    }
}

/// Whether a card number can begin with `digit`: no issuer range starts
/// with 0, 1, 7 or 9 (Unix timestamps, Salesforce ids and most counters do).
fn issuer_digit(digit: u8) -> bool {
    matches!(digit, b'2'..=b'6' | b'8')
}

/// Where the walk of the chain of groups starting at `first` (a digit)
/// ends, when the walk could not find a card number in it, read from one
/// block's masks instead of group by group: `None` when it could.
///
/// The walk tries a grouping only at a group of 12–19 digits (a card number
/// printed contiguously, which must lead with an issuer digit) or at four
/// digits followed by a separator and a digit (the first group of every
/// printed grouping). A chain with neither yields nothing, and the walk
/// would stop at its end. Most dense runs of CRM exports and logs are such
/// chains: Salesforce ids (`003…`), millisecond timestamps (`17…`), phone
/// numbers (`1 415-555-2671`).
fn chain_without_card(input: &[u8], first: usize) -> Option<usize> {
    let Masks { digits, separators } = masks_at(input, first);
    // Digits, and separators followed by a digit: the walk's chain.
    let chain = (digits | (separators & (digits >> 1))).trailing_ones() as usize;
    // A chain reaching the block's last byte may go on past it.
    if chain >= BLOCK - 1 {
        return None;
    }
    // Group starts (bit 0 too: the walk starts a group there, even inside
    // digits after a resume point).
    let mut starts = (digits & !(digits << 1) | 1) & ((1u64 << chain) - 1);
    while starts != 0 {
        let p = starts.trailing_zeros() as usize;
        starts &= starts - 1;
        let len = (!(digits >> p)).trailing_zeros() as usize;
        let four_then_more =
            len == 4 && (separators >> (p + 4)) & 1 == 1 && (digits >> (p + 5)) & 1 == 1;
        if four_then_more || (len >= MIN_DIGITS && issuer_digit(input[first + p])) {
            return None;
        }
    }
    Some(first + chain)
}

/// Whether the byte before `start` lets a number begin there: not a letter
/// or digit, and not the decimal point of a number (`0.4111…`).
fn starts_alone(input: &[u8], start: usize) -> bool {
    match start.checked_sub(1).map(|i| input[i]) {
        None => true,
        Some(b'.') => !(start >= 2 && input[start - 2].is_ascii_digit()),
        Some(prev) => !context::is_word_byte(prev),
    }
}

/// Whether the byte at `end` lets a number end there: not a letter, and not
/// a decimal point followed by digits (`…1111.50`).
fn ends_alone(input: &[u8], end: usize) -> bool {
    match input.get(end) {
        None => true,
        Some(b'.') => !input.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(next) => !context::is_word_byte(*next),
    }
}

/// Most groups of four an IBAN is printed in (34 characters).
const MAX_IBAN_GROUPS: usize = 9;

/// Whether the digits at `start` continue a code printed in groups of four:
/// after a group that mixes letters and digits (a licence key
/// `A1B2-4111-…`, the BBAN of `DE08 2710 2332 5394 1326 99`), or in a chain
/// of such groups behind an IBAN's country code and check digits
/// (`GB98 AAAA 3693 8692 0020 99`, whose bank code is all letters). A card
/// after words (`Visa 4111 …`, `…391Z card 4111 …`) or a number is not
/// affected.
fn after_mixed_group(input: &[u8], start: usize, sep: u8) -> bool {
    let mut end = start;
    for groups in 0..MAX_IBAN_GROUPS {
        if end < 5 || input[end - 1] != sep {
            return false;
        }
        let group = &input[end - 5..end - 1];
        let chained = end > 5 && input[end - 6] == sep;
        let word_start = end == 5 || !context::is_word_byte(input[end - 6]);
        if !word_start || !group.iter().all(u8::is_ascii_alphanumeric) {
            return false;
        }
        let mixed =
            group.iter().any(u8::is_ascii_alphabetic) && group.iter().any(u8::is_ascii_digit);
        let iban_head = group[..2].iter().all(u8::is_ascii_alphabetic)
            && group[2..].iter().all(u8::is_ascii_digit);
        if (groups == 0 && mixed) || (groups > 0 && iban_head) {
            return true;
        }
        if !chained {
            return false;
        }
        end -= 5;
    }
    false
}

/// The span of a card number.
#[derive(Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
}

/// A card number's digits copied out of their groups.
struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl Digits {
    fn collect(input: &[u8], groups: &[Group]) -> Option<Digits> {
        let mut digits = Digits {
            buf: [0; MAX_DIGITS],
            len: 0,
        };
        for g in groups {
            let next = digits.len + g.len();
            if next > MAX_DIGITS {
                return None;
            }
            digits.buf[digits.len..next].copy_from_slice(&input[g.start..g.end]);
            digits.len = next;
        }
        Some(digits)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Whether `groups` (all with one separator) form a grouping that card
/// numbers are printed in.
fn printed_grouping(groups: &[Group]) -> bool {
    let lens = |i: usize| groups[i].len();
    match groups.len() {
        0 | 1 => false,
        3 if lens(0) == 4 && lens(1) == 6 && matches!(lens(2), 4 | 5) => true,
        n => (0..n - 1).all(|i| lens(i) == 4) && (1..=4).contains(&lens(n - 1)),
    }
}

/// Where the walk through a dense run stands.
#[derive(Clone, Copy, Debug)]
struct Walk {
    /// First digit of the next group to try.
    next_group: usize,
    /// First digit of the run: only there does the left boundary matter.
    first_digit: usize,
    /// How many 4-digit groups joined by `streak_separator` precede
    /// `next_group` directly.
    streak: u8,
    streak_separator: u8,
}

/// The card detector's position in one scan.
pub(crate) struct CardCursor {
    report_pans: bool,
    report_tracks: bool,
    context_window: usize,
    /// Where the search for the next dense run resumes.
    resume: usize,
    walk: Option<Walk>,
    /// Findings already made but not yet handed out, in scan order.
    pending: [Option<Finding>; 2],
}

impl CardCursor {
    pub(crate) fn new(report_pans: bool, report_tracks: bool, context_window: usize) -> Self {
        CardCursor {
            report_pans,
            report_tracks,
            context_window,
            resume: 0,
            walk: None,
            pending: [None, None],
        }
    }

    /// The next finding, in scan order. `None` means none starts before
    /// `limit`; a later call with a larger limit continues.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        loop {
            if let Some(found) = self.pending[0].take() {
                self.pending.swap(0, 1);
                return Some(found);
            }
            match self.walk {
                Some(walk) => self.step(input, walk),
                None => {
                    if self.resume >= limit.min(input.len()) {
                        return None;
                    }
                    match find_dense_run(input, self.resume, limit) {
                        DenseRun::ResumeAt(at) => {
                            self.resume = at;
                            return None;
                        }
                        DenseRun::At(at) => self.enter_run(input, at),
                    }
                }
            }
        }
    }

    fn enter_run(&mut self, input: &[u8], at: usize) {
        let mut start = at;
        while start > self.resume && matches!(input[start - 1], b'0'..=b'9' | b' ' | b'-') {
            start -= 1;
        }
        let first_digit = start
            + input[start..]
                .iter()
                .position(u8::is_ascii_digit)
                .expect("a dense run holds digits");
        if let Some(end) = chain_without_card(input, first_digit) {
            self.resume = self.resume.max(end);
            return;
        }
        self.walk = Some(Walk {
            next_group: first_digit,
            first_digit,
            streak: 0,
            streak_separator: 0,
        });
    }

    /// Walks the run group by group until a card number is found (then
    /// returns so it can be handed out) or the run ends. Groups that cannot
    /// start a card number are passed over in this tight loop, so floods of
    /// short groups (`1-1-1-…`, `4111 4111 …`) stay cheap.
    fn step(&mut self, input: &[u8], mut walk: Walk) {
        loop {
            let first = group_at(input, walk.next_group);
            let contiguous = (MIN_DIGITS..=MAX_DIGITS).contains(&first.len());
            let repeats_streak = walk.streak > 0 && first.separator == Some(walk.streak_separator);
            let grouped = first.len() == 4 && first.separator.is_some() && !repeats_streak;
            let found = if contiguous || grouped {
                self.try_groupings(input, &walk, first)
            } else {
                None
            };
            let (streak, streak_separator) = match (found, first.separator) {
                (Some(_), _) => (0, 0),
                (None, Some(sep)) if first.len() == 4 => {
                    if walk.streak > 0 && walk.streak_separator == sep {
                        (walk.streak.saturating_add(1), sep)
                    } else {
                        (1, sep)
                    }
                }
                (None, _) => (0, 0),
            };
            let last = found.unwrap_or(first);
            let Some(_) = last.separator else {
                self.walk = None;
                let resume_at = self.pending_track_end().unwrap_or(last.end);
                self.resume = self.resume.max(resume_at);
                return;
            };
            walk = Walk {
                next_group: last.end + 1,
                streak,
                streak_separator,
                ..walk
            };
            if found.is_some() {
                match self.pending_track_end() {
                    // Track data after a card number is not searched again.
                    Some(end) if end > last.end => {
                        self.walk = None;
                        self.resume = self.resume.max(end);
                    }
                    _ => self.walk = Some(walk),
                }
                return;
            }
        }
    }

    fn pending_track_end(&self) -> Option<usize> {
        self.pending
            .iter()
            .flatten()
            .filter(|f| f.kind == Kind::TrackData)
            .map(|f| f.end)
            .max()
    }

    /// Tries every grouping that starts at `first`, longest first, and
    /// reports the card number it finds. Returns its last group.
    fn try_groupings(&mut self, input: &[u8], walk: &Walk, first: Group) -> Option<Group> {
        let alone = first.start != walk.first_digit || starts_alone(input, first.start);

        // One contiguous group. Only track 1 may start right after a letter:
        // its format code `B`.
        let format_code = first.start > 0 && input[first.start - 1].eq_ignore_ascii_case(&b'B');
        if (alone || format_code) && (MIN_DIGITS..=MAX_DIGITS).contains(&first.len()) {
            let groups = [first];
            if let Some(brand) = self.validate(input, &groups) {
                let track = self.track_after(input, first.start, first.end);
                let track1 = track.is_some() && input[first.end] == b'^';
                if alone || track1 {
                    self.report(input, &groups, brand, track);
                    return Some(first);
                }
            }
        }
        // Grouped, starting with four digits, and not the middle of a longer
        // number printed in fours.
        let sep = first.separator?;
        if !alone
            || first.len() != 4
            || (walk.streak > 0 && walk.streak_separator == sep)
            || after_mixed_group(input, first.start, sep)
        {
            return None;
        }
        let mut groups = [first; MAX_GROUPS + 1];
        let mut count = 1;
        while count < groups.len() && groups[count - 1].separator == Some(sep) {
            groups[count] = group_at(input, groups[count - 1].end + 1);
            count += 1;
        }
        for n in (2..=count.min(MAX_GROUPS)).rev() {
            let used = &groups[..n];
            if !printed_grouping(used) {
                continue;
            }
            let all_fours = used.iter().all(|g| g.len() == 4);
            let next_is_four = n < count && groups[n].len() == 4;
            if all_fours && next_is_four {
                continue;
            }
            if let Some(brand) = self.validate(input, used) {
                self.report(input, used, brand, None);
                return Some(used[n - 1]);
            }
        }
        None
    }

    fn validate(&self, input: &[u8], groups: &[Group]) -> Option<Subkind> {
        let end = groups[groups.len() - 1].end;
        if !issuer_digit(input[groups[0].start]) || !ends_alone(input, end) {
            return None;
        }
        let digits = Digits::collect(input, groups)?;
        let digits = digits.as_bytes();
        if digits.len() < MIN_DIGITS || !luhn_valid(digits) {
            return None;
        }
        brand_of(digits)
    }

    fn track_after(&self, input: &[u8], start: usize, end: usize) -> Option<track::Track> {
        match input.get(end) {
            Some(b'=') => track::track2(input, start, end),
            Some(b'^') => track::track1(input, start, end),
            _ => None,
        }
    }

    fn report(
        &mut self,
        input: &[u8],
        groups: &[Group],
        brand: Subkind,
        track: Option<track::Track>,
    ) {
        let c = Candidate {
            start: groups[0].start,
            end: groups[groups.len() - 1].end,
        };
        let grouped = groups.len() > 1;
        let digits: usize = groups.iter().map(Group::len).sum();
        let base: i32 = match (grouped, digits) {
            (true, _) => 80,
            (false, 14..) => 65,
            (false, _) => 35,
        };
        let adjust = match context::nearest(
            input,
            c.start,
            self.context_window,
            &CARD_WORDS,
            &BAIT_WORDS,
        ) {
            Nearest::Raising => 30,
            Nearest::Lowering => -35,
            Nearest::None => 0,
        };
        let in_track = if track.is_some() { 30 } else { 0 };
        let mut digits = [0u8; 19];
        let mut len = 0;
        for g in groups {
            for &b in input[g.start..g.end].iter().filter(|b| b.is_ascii_digit()) {
                if let Some(slot) = digits.get_mut(len) {
                    *slot = b;
                    len += 1;
                }
            }
        }
        let provenance = if catalogue::pan(&digits[..len]) {
            Provenance::Synthetic(SyntheticReason::TestValue)
        } else {
            Provenance::Unknown
        };
        let pan = Finding {
            kind: Kind::Pan,
            subkind: brand,
            start: c.start,
            end: c.end,
            confidence: (base + adjust + in_track).clamp(1, 99) as u8,
            provenance,
        };
        let track = track.map(|t| Finding {
            kind: Kind::TrackData,
            subkind: if input[c.end] == b'=' {
                Subkind::Track2
            } else {
                Subkind::Track1
            },
            start: t.start,
            end: t.end,
            confidence: t.confidence,
            // Track data of a test card is test data too.
            provenance,
        });
        let pan = self.report_pans.then_some(pan);
        let track = track.filter(|_| self.report_tracks);
        let (first, second) = match (pan, track) {
            (Some(p), Some(t)) if t.order_key() < p.order_key() => (Some(t), Some(p)),
            (p, t) => (p.or(t), p.and(t)),
        };
        self.pending = [first, second];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The end of the chain of groups from `first`, read group by group as
    /// the walk reads it.
    fn walked_chain_end(input: &[u8], first: usize) -> usize {
        let mut group = group_at(input, first);
        while group.separator.is_some() {
            group = group_at(input, group.end + 1);
        }
        group.end
    }

    #[test]
    fn chains_without_a_possible_card_are_passed_over() {
        let text = b"ts=1764487976481 id=003465835053497AAA tel 1 415-555-2671 n=12-34 ";
        for chain in [
            "1764487976481",
            "003465835053497",
            "1 415-555-2671",
            "12-34",
        ] {
            let first = text
                .windows(chain.len())
                .position(|w| w == chain.as_bytes())
                .unwrap();
            assert_eq!(
                chain_without_card(text, first),
                Some(first + chain.len()),
                "{chain}"
            );
        }
        for card in [
            &b"4111 1111 1111 1111"[..],
            b"4111111111111111",
            b"3782-822463-10005",
            b"5555555555554444=2512",
            b"1234 5678",
        ] {
            assert_eq!(
                chain_without_card(card, 0),
                None,
                "{}",
                String::from_utf8_lossy(card)
            );
        }
    }

    /// The oracle: wherever the masks pass a chain over, the walk from the
    /// same digit finds nothing and stops where the masks said.
    #[test]
    fn chains_passed_over_end_where_the_walk_ends_and_hold_no_card() {
        let pieces = [
            "4111",
            "1111",
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "3782",
            "822463",
            "10005",
            "1764487976481",
            "003465835053497",
            "0",
            "12",
            "7",
            " ",
            " ",
            "-",
            "--",
            "AAA",
            ".",
            "\"",
            "\n",
            "=",
            "^",
        ];
        let mut rng = crate::TestRng::new(0x9e37_79b9_7f4a_7c15);
        let mut next = move |n: usize| rng.below(n);
        let (mut passed, mut walked) = (0, 0);
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..next(24) {
                text.extend_from_slice(pieces[next(pieces.len())].as_bytes());
            }
            for first in (0..text.len()).filter(|&i| text[i].is_ascii_digit()) {
                let Some(end) = chain_without_card(&text, first) else {
                    walked += 1;
                    continue;
                };
                passed += 1;
                let shown = String::from_utf8_lossy(&text);
                assert_eq!(end, walked_chain_end(&text, first), "{shown:?} at {first}");
                let mut cursor = CardCursor::new(true, true, 32);
                cursor.resume = first;
                cursor.walk = Some(Walk {
                    next_group: first,
                    first_digit: first,
                    streak: 0,
                    streak_separator: 0,
                });
                assert_eq!(cursor.next(&text, end), None, "{shown:?} at {first}");
                assert_eq!(cursor.resume, end, "{shown:?} at {first}");
            }
        }
        assert!(
            passed > 10_000 && walked > 10_000,
            "{passed} passed over, {walked} walked"
        );
    }
}
