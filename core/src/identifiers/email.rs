//! E-mail addresses, anchored on `@`.
//!
//! `memchr` finds each `@`; the local part is read backwards from it and
//! the domain forwards, both bounded (64 and 253 bytes, the RFC 5321
//! limits) and both stopping at the next `@`, so the work per `@` is
//! bounded and never overlaps another's: linear on any input. A local part
//! never reaches back into the domain walked from the `@` before it, a rule
//! of the input alone, so where a scan begins never changes what it finds. The walks
//! check the rules below as they go (on x86-64, sixteen bytes per SSE2
//! classification), so an address costs one pass over its bytes.
//!
//! # What counts
//! - Local part: the practical subset of RFC 5322 that real addresses use
//!   (letters, digits, `.`, `_`, `%`, `+`, `-`, `'`), starting with a letter,
//!   digit or `_`. Quoted local parts are not found. A key in front
//!   (`to=ann@…`, `mailto:ann@…`) is not part of the address.
//! - Domain: two or more DNS labels, ASCII or internationalised (valid
//!   UTF-8; Unicode punctuation such as `’`, `。` or `，` ends the domain), a
//!   TLD of letters (or `xn--…`), not a file extension (`logo@2x.png`,
//!   `bundle@1.2.0.js` are asset names).
//! - Not URL user info (`https://user@host`, `postgres://u:pw@host`: the
//!   secrets detector owns those) and not scp-style git remotes
//!   (`git@github.com:org/repo`).
//! - Addresses under documentation domains (`example.com`, `.test`) are
//!   reported as test values.

use crate::finding::{Finding, Kind, Subkind};
use crate::identifiers::shapes::finding;
use crate::identifiers::validate;
use crate::provenance::catalogue;

/// RFC 5321: at most 64 bytes of local part.
const MAX_LOCAL: usize = 64;
/// RFC 1035 / 5321: at most 253 bytes of domain.
const MAX_DOMAIN: usize = 253;
/// How far back from a local part to look for the `://` of a URL.
const MAX_SCHEME_LOOKBACK: usize = 256;

/// The e-mail detector's position in one scan.
pub(crate) struct EmailCursor {
    resume: usize,
    /// The last `@` read, and where the domain walked from it stops once
    /// that is known: what bounds the next local part (see
    /// [`EmailCursor::floor`]).
    previous: Option<(usize, Option<usize>)>,
    /// An address found while looking past the limit, not handed out yet.
    held: Option<Finding>,
}

impl EmailCursor {
    pub(crate) fn new() -> Self {
        EmailCursor {
            resume: 0,
            previous: None,
            held: None,
        }
    }

    /// The next address, in order; `None` when none starts before `limit`.
    /// An address starts up to 64 bytes before its `@`, so `@`s are read
    /// that far past `limit`; an address that starts at or after `limit` is
    /// held for a later call.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        if let Some(answer) = crate::scanner::release_held(&mut self.held, limit) {
            return answer;
        }
        let reach = (limit + MAX_LOCAL + 1).min(input.len());
        while self.resume < reach {
            let Some(offset) = memchr::memchr(b'@', &input[self.resume..reach]) else {
                self.resume = reach;
                return None;
            };
            let at = self.resume + offset;
            self.resume = at + 1;
            if at == 0 || !is_local_byte(input[at - 1]) {
                // No local part. Neither has an `@` right after this one:
                // step over a run of them here rather than one `memchr`
                // call each (`@@@@…` ran at 90 MB/s).
                while self.resume < reach && input[self.resume] == b'@' {
                    self.resume += 1;
                }
                self.previous = Some((self.resume - 1, None));
                continue;
            }
            let floor = self.floor(input, at);
            let (found, domain_reach) = address(input, at, floor);
            self.previous = Some((at, domain_reach));
            if let Some(found) = found {
                self.resume = found.end;
                if found.start < limit {
                    return Some(found);
                }
                self.held = Some(found);
                return None;
            }
        }
        None
    }

    /// How far back the local part before the `@` at `at` may reach: not
    /// into the domain walked from the `@` before it (0 when no earlier `@`
    /// walks that far). The cursor reads every `@` in order, so the one
    /// before is the last it read, and its walk is usually known already.
    ///
    /// In `ann@x.com+bob@y.com` the second local part is `bob`, not
    /// `x.com+bob`; in `z@a.bԯz@a.bԯz@…` (a domain running up to the next
    /// `@`) every local part after the first is empty. The rule depends on
    /// the input only, never on what was reported before: a floor at the end
    /// of the last *reported* address made every other address of such a
    /// chain an address, which ones depending on where the scan began (a
    /// stream rescanning from its margin paired them differently; found by
    /// the capi fuzz campaign). It reads at most `MAX_LOCAL + MAX_DOMAIN`
    /// bytes back, well inside the stream's margin.
    fn floor(&mut self, input: &[u8], at: usize) -> usize {
        let Some((previous, known)) = self.previous else {
            return 0;
        };
        // A walk covers at most MAX_DOMAIN + 1 bytes, and a UTF-8 letter at
        // its end three more: one from further back cannot reach the local
        // part.
        if previous < at.saturating_sub(MAX_LOCAL + 1 + MAX_DOMAIN + 4) {
            return 0;
        }
        let reach = known.unwrap_or_else(|| domain_reach(input, previous));
        self.previous = Some((previous, Some(reach)));
        reach
    }
}

/// The address around the `@` at `at` whose local part starts at `floor` or
/// later, if there is one, and where the domain walked from the `@` stops
/// (when it was walked).
fn address(input: &[u8], at: usize, floor: usize) -> (Option<Finding>, Option<usize>) {
    let Some(start) = local_start(input, at, floor) else {
        return (None, None);
    };
    let (end, reach) = domain_end(input, at);
    let Some(end) = end.filter(|_| !is_url_user_info(input, start)) else {
        return (None, Some(reach));
    };
    let test_value = catalogue::email_domain(&input[at + 1..end]);
    let found = finding(Kind::Email, Subkind::None, start, end, 90, test_value);
    (Some(found), Some(reach))
}

/// Byte classes of the walks around an `@`, as one table lookup each: the
/// walks run for every address (half the records of a CRM export have one).
const LOCAL: u8 = 1;
/// Local-part bytes other than the dot: the walk back needs to look twice
/// only at dots.
const LOCAL_NOT_DOT: u8 = 2;
/// ASCII letters and digits: the bulk of a domain label.
const ALNUM: u8 = 4;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let alnum = byte.is_ascii_alphanumeric();
        if alnum || matches!(byte, b'_' | b'%' | b'+' | b'-' | b'\'') {
            table[b] |= LOCAL | LOCAL_NOT_DOT;
        }
        if byte == b'.' {
            table[b] |= LOCAL;
        }
        if alnum {
            table[b] |= ALNUM;
        }
        b += 1;
    }
    table
};

/// Bytes an address's local part is made of in practice.
#[inline]
fn is_local_byte(b: u8) -> bool {
    CLASSES[usize::from(b)] & LOCAL != 0
}

/// Where the walk of a domain from the `@` at `at` stops: at the first byte
/// no domain holds (ASCII letters, digits, `.`, `-` and non-ASCII letters
/// are held), or `MAX_DOMAIN + 1` bytes on. Whether the domain is valid does
/// not matter.
fn domain_reach(input: &[u8], at: usize) -> usize {
    let limit = (at + 2 + MAX_DOMAIN).min(input.len());
    let window = &input[..limit];
    let mut i = at + 1;
    loop {
        i += alnum_run(window, i);
        match window.get(i) {
            Some(b'.' | b'-') => i += 1,
            Some(0x80..) => match non_ascii_letter_len(&input[i..]) {
                Some(len) => i += len,
                None => break,
            },
            // More letters or digits than one count of them covered.
            Some(&b) if CLASSES[usize::from(b)] & ALNUM != 0 => {}
            _ => break,
        }
    }
    i
}

/// The first byte of the local part before the `@` at `at`, when that local
/// part is valid: 1–64 bytes, no dot at either end or twice in a row (the
/// bytes it is made of are all RFC 5322 `atext`).
///
/// One walk back both finds the start and collects what the checks need;
/// [`validate::email_local_valid`] states the same rules on a slice.
fn local_start(input: &[u8], at: usize, floor: usize) -> Option<usize> {
    let lowest = at.saturating_sub(MAX_LOCAL + 1).max(floor);
    let run = local_run(input, lowest, at);
    if run.start == at.saturating_sub(MAX_LOCAL + 1) && run.start > floor {
        // Longer than any local part: not an address.
        return None;
    }
    if run.start > 0 && input[run.start - 1] == b'@' {
        // "a@b@c.com": the middle part belongs to neither.
        return None;
    }
    let start = run.first_word;
    let valid = start < at
        && at - start <= MAX_LOCAL
        && input[at - 1] != b'.'
        && run.double_dot.is_none_or(|dot| dot < start);
    valid.then_some(start)
}

/// The run of local-part bytes before an `@`.
struct LocalRun {
    /// Its first byte.
    start: usize,
    /// Its first letter, digit or `_`, or the `@` when it has none: quotes,
    /// `+`, `-` and dots before it are punctuation around the address
    /// ('ann@x.com', -ann@x.com), not part of it.
    first_word: usize,
    /// The first dot of the last `..` in it, if any: it spoils the local
    /// part unless it lies in the punctuation before `first_word`.
    double_dot: Option<usize>,
}

/// The run of local-part bytes that ends at the `@` at `at`, reaching back
/// no further than `lowest`.
#[inline]
fn local_run(input: &[u8], lowest: usize, at: usize) -> LocalRun {
    #[cfg(target_arch = "x86_64")]
    if at - lowest >= 16 {
        if let Some(run) = local_run_sse2(input, at) {
            return run;
        }
    }
    let window = &input[lowest..=at];
    let mut first = window.len() - 1;
    let mut double_dot = None;
    while first > 0 {
        let b = window[first - 1];
        if CLASSES[usize::from(b)] & LOCAL_NOT_DOT == 0 {
            if b != b'.' {
                break;
            }
            // `window[first]` is the `@` itself on the first step: no dot.
            if window[first] == b'.' && double_dot.is_none() {
                double_dot = Some(lowest + first - 1);
            }
        }
        first -= 1;
    }
    let start = lowest + first;
    let first_word = (start..at)
        .find(|&i| input[i].is_ascii_alphanumeric() || input[i] == b'_')
        .unwrap_or(at);
    LocalRun {
        start,
        first_word,
        double_dot,
    }
}

/// [`local_run`] from one classification of the 16 bytes before the `@`,
/// when the run is shorter than that (almost every address): bit
/// arithmetic instead of a branch per byte. `None` for longer runs.
#[cfg(target_arch = "x86_64")]
#[inline]
fn local_run_sse2(input: &[u8], at: usize) -> Option<LocalRun> {
    let base = at - 16;
    let chunk = Sse2Classes::of(input[base..at].try_into().ok()?);
    // Bits of the bytes that are not local-part bytes: the highest is where
    // the walk back stops.
    let stops = !chunk.local & 0xffff;
    if stops == 0 {
        return None;
    }
    let stop = 31 - stops.leading_zeros();
    let run = 0xffff & !((2u32 << stop) - 1);
    // Bit `i`: bytes `i` and `i + 1` are both dots of the run.
    let doubled = chunk.dots & (chunk.dots >> 1) & run;
    let double_dot = (doubled != 0).then(|| base + (31 - doubled.leading_zeros()) as usize);
    let words = chunk.words & run;
    Some(LocalRun {
        start: base + stop as usize + 1,
        first_word: if words == 0 {
            at
        } else {
            base + words.trailing_zeros() as usize
        },
        double_dot,
    })
}

/// How many ASCII letters and digits follow `from` in `window`, counted up
/// to sixteen at a time: at least one more byte needs looking at after them
/// unless the window ends.
#[inline]
fn alnum_run(window: &[u8], from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    if let Some(chunk) = window.get(from..from + 16) {
        if let Ok(chunk) = chunk.try_into() {
            return Sse2Classes::of(chunk).alnum.trailing_ones() as usize;
        }
    }
    window
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| CLASSES[usize::from(b)] & ALNUM != 0)
        .count()
}

/// Classes of 16 bytes at once, bit `i` for byte `i`: SSE2 is part of
/// x86-64, so this needs no detection.
#[cfg(target_arch = "x86_64")]
struct Sse2Classes {
    /// ASCII letters and digits.
    alnum: u32,
    /// Local-part bytes (the `LOCAL` class).
    local: u32,
    /// ASCII letters, digits and `_`.
    words: u32,
    /// Dots.
    dots: u32,
}

#[cfg(target_arch = "x86_64")]
impl Sse2Classes {
    #[inline]
    fn of(chunk: &[u8; 16]) -> Self {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is part of the x86-64 baseline, and the one load
        // reads the 16 bytes of `chunk` (no alignment needed).
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let byte = |b: u8| _mm_set1_epi8(b as i8);
            // Signed comparisons: bytes from 0x80 up are negative, so they
            // fall in no ASCII range.
            let in_range = |v, low: u8, high: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, byte(low - 1)),
                    _mm_cmplt_epi8(v, byte(high + 1)),
                )
            };
            let digit = in_range(v, b'0', b'9');
            let letter = in_range(_mm_or_si128(v, byte(0x20)), b'a', b'z');
            let alnum = _mm_or_si128(digit, letter);
            let is = |b: u8| _mm_cmpeq_epi8(v, byte(b));
            let dots = is(b'.');
            let words = _mm_or_si128(alnum, is(b'_'));
            let punctuation = _mm_or_si128(
                _mm_or_si128(words, is(b'%')),
                _mm_or_si128(_mm_or_si128(is(b'+'), is(b'-')), is(b'\'')),
            );
            let local = _mm_or_si128(dots, punctuation);
            let bits = |m| _mm_movemask_epi8(m) as u32;
            Sse2Classes {
                alnum: bits(alnum),
                local: bits(local),
                words: bits(words),
                dots: bits(dots),
            }
        }
    }
}

/// Longest DNS label, in bytes (RFC 1035).
const MAX_LABEL: usize = 63;

/// One past the last byte of the domain after the `@` at `at`, when there
/// is a valid one, and where the walk stopped ([`domain_reach`]: the same
/// bytes are walked).
///
/// The walk takes letters, digits, `-`, `.` and non-ASCII letters. A `:` or
/// `/` followed by a letter or digit makes it no address at all
/// (`git@github.com:org/repo`, `ann@host/path`), while `ann@x.com: hi` and
/// `ann@x.com/` end at the domain. A trailing dot or hyphen is sentence
/// punctuation, not part of the domain.
///
/// The walk checks the label rules as it goes (each label 1–63 bytes, no
/// hyphen at either end), then the last label as the TLD: the rules of
/// [`validate::email_domain_valid`] in one pass instead of three. A broken
/// rule is only noted, with its position, because the trailing punctuation
/// trimmed at the end may take it along (`ann@x.com.-` is `ann@x.com`).
/// Non-ASCII letters are whole UTF-8 characters by construction, so the
/// domain is always valid UTF-8.
fn domain_end(input: &[u8], at: usize) -> (Option<usize>, usize) {
    let first = at + 1;
    let limit = (first + MAX_DOMAIN + 1).min(input.len());
    let window = &input[..limit];
    let mut i = first;
    let mut label_start = first;
    // Where the first label rule was broken, if anywhere.
    let mut broken = usize::MAX;
    loop {
        i += alnum_run(window, i);
        let Some(&b) = window.get(i) else {
            break;
        };
        match b {
            b'.' => {
                if i == label_start || window[i - 1] == b'-' || i - label_start > MAX_LABEL {
                    broken = broken.min(i);
                }
                label_start = i + 1;
                i += 1;
            }
            b'-' => {
                if i == label_start {
                    broken = broken.min(i);
                }
                i += 1;
            }
            // `input`, not `window`: what follows may lie past the limit.
            b':' | b'/' if input.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                return (None, i);
            }
            0x80.. => match non_ascii_letter_len(&input[i..]) {
                Some(len) => i += len,
                None => break,
            },
            // More letters or digits than one count of them covered.
            _ if CLASSES[usize::from(b)] & ALNUM != 0 => {}
            _ => break,
        }
    }
    if i >= limit && limit < input.len() {
        // Runs on past the longest domain (a multi-byte letter may step
        // over the limit).
        return (None, i);
    }
    let reach = i;
    let mut end = i;
    while end > first && matches!(input[end - 1], b'.' | b'-') {
        end -= 1;
    }
    if broken < end || !(4..=MAX_DOMAIN).contains(&(end - first)) {
        return (None, reach);
    }
    let tld_start = if label_start == first {
        // A single label: no TLD.
        return (None, reach);
    } else if label_start <= end {
        label_start
    } else {
        // The last dot the walk saw was trimmed off ("ann@x.com.."): look
        // back for the one before it.
        match input[first..end].iter().rposition(|&b| b == b'.') {
            Some(dot) => first + dot + 1,
            None => return (None, reach),
        }
    };
    let tld = &input[tld_start..end];
    let valid = tld.len() <= MAX_LABEL && validate::email_tld_valid(tld);
    (valid.then_some(end), reach)
}

/// Length of the UTF-8 character at the start of `bytes` when it may belong
/// to an internationalised domain label; `None` for invalid UTF-8 and for
/// the punctuation and spaces that end a domain in running text: Latin-1
/// punctuation and the no-break space (U+0080–U+00BF), general punctuation
/// (U+2000–U+206F: curly quotes, dashes, ellipsis), CJK punctuation
/// (U+3000–U+303F: ideographic full stop and comma), the byte-order mark,
/// fullwidth ASCII punctuation (U+FF01–U+FF0F, U+FF1A–U+FF20) and the
/// Specials block (U+FFF0–U+FFFF), whose U+FFFD stands where lossy decoding
/// met bytes that were not UTF-8.
fn non_ascii_letter_len(bytes: &[u8]) -> Option<usize> {
    let len = match bytes[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let ch = core::str::from_utf8(bytes.get(..len)?)
        .ok()?
        .chars()
        .next()?;
    let punctuation = matches!(ch,
        '\u{80}'..='\u{BF}'
        | '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FEFF}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FFF0}'..='\u{FFFF}');
    (!punctuation).then_some(len)
}

/// Whether the local part starting at `start` is the user info of a URL:
/// `//user@host` or `scheme://user:password@host`.
fn is_url_user_info(input: &[u8], start: usize) -> bool {
    match start.checked_sub(1).map(|i| input[i]) {
        Some(b'/') => start >= 2 && input[start - 2] == b'/',
        Some(b':') => {
            // Look back through the user name for "://".
            let from = start.saturating_sub(MAX_SCHEME_LOOKBACK);
            let before = &input[from..start - 1];
            let token_start = before
                .iter()
                .rposition(|&b| {
                    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`')
                })
                .map_or(0, |p| p + 1);
            memchr::memmem::find(&before[token_start..], b"://").is_some()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<&str> {
        let mut cursor = EmailCursor::new();
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| &text[f.span()])
            .collect()
    }

    #[test]
    fn addresses_in_their_surroundings() {
        assert_eq!(
            scan(r#"{"email":"ann.lee+crm@acme-corp.co.uk","id":7}"#),
            ["ann.lee+crm@acme-corp.co.uk"]
        );
        assert_eq!(
            scan("To: Ann <ann@acme.io>, bob@acme.io."),
            ["ann@acme.io", "bob@acme.io"]
        );
        assert_eq!(scan("mailto:o'brien@acme.ie"), ["o'brien@acme.ie"]);
        assert_eq!(
            scan("to=ann@acme.io&cc=bob@acme.io"),
            ["ann@acme.io", "bob@acme.io"]
        );
        assert_eq!(scan("'ann@acme.io'"), ["ann@acme.io"]);
        assert_eq!(scan("ann,ann@acme.io,ACTIVE"), ["ann@acme.io"]);
        assert_eq!(scan("user@bücher.de wrote"), ["user@bücher.de"]);
        assert_eq!(scan("メール：user@例え.jp。"), ["user@例え.jp"]);
        assert_eq!(scan("ask ann@acme.io’s manager"), ["ann@acme.io"]);
        assert_eq!(scan("contact ann@acme.io: now"), ["ann@acme.io"]);
        assert_eq!(scan("jane@corp.local"), ["jane@corp.local"]);
    }

    #[test]
    fn a_local_part_never_reaches_into_the_domain_before_it() {
        // A domain that ends in a local-part byte (`+`, `_`) leaves the next
        // local part its own bytes only.
        assert_eq!(
            scan("ann@acme.io+bob@shop.io"),
            ["ann@acme.io", "bob@shop.io"]
        );
        // A domain running up to the next `@` (here through a non-ASCII
        // letter, which no local part holds) leaves it no local part: of the
        // chain only the first address is one, wherever the scan begins.
        let unit = "z@acme.i\u{52f}";
        let chain = unit.repeat(4);
        assert_eq!(scan(&chain), ["z@acme.i\u{52f}z"]);
        for skip in 1..unit.len() * 3 {
            if chain.is_char_boundary(skip) {
                let found = scan(&chain[skip..]);
                assert!(found.len() <= 1, "from {skip}: {found:?}");
            }
        }
    }

    /// Texts of addresses, near-addresses and chains of them glued together,
    /// some chains longer than the margin.
    fn glued_addresses(rng: &mut crate::TestRng, len: usize) -> Vec<u8> {
        const CHAIN: &[u8] = b"z@a.b\xd4\xaf";
        const PIECES: &[&[u8]] = &[
            b"LONG CHAIN",
            b"z@a.b\xd4\xafz",
            b"k29dkLq\xd4\xafz@j8EoE03cT6wYh1me.iioos1",
            b"ann@acme.io",
            b"bob@shop.org",
            b"@",
            b"+",
            b"_",
            b".",
            b"-",
            b" ",
            b"x",
            b"\xd1\x80\xd1\x84",
            b"example.com",
            b"://",
            b":",
        ];
        let mut out = Vec::with_capacity(len + 1024);
        while out.len() < len {
            match PIECES[rng.below(PIECES.len())] {
                b"LONG CHAIN" => {
                    for _ in 0..40 + rng.below(80) {
                        out.extend_from_slice(CHAIN);
                    }
                }
                piece => out.extend_from_slice(piece),
            }
        }
        out
    }

    #[test]
    fn findings_do_not_depend_on_where_the_scan_begins() {
        // What a stream does: scan again from some byte on, keeping the
        // scanner's margin before the bytes it reports from. Every rule reads
        // less than that far back, so past the margin both scans agree.
        let margin = crate::identifiers::MARGINS.before;
        let all = |input: &[u8]| {
            let mut cursor = EmailCursor::new();
            std::iter::from_fn(|| cursor.next(input, input.len())).collect::<Vec<_>>()
        };
        let mut rng = crate::TestRng::new(0xd1b5_4a32_d192_ed03);
        let mut compared = 0;
        for round in 0..120 {
            let input = glued_addresses(&mut rng, 600 + round * 13);
            let whole = all(&input);
            for from in (0..input.len()).step_by(29) {
                let later = |f: &&Finding| f.start >= from + margin;
                let expected: Vec<_> = whole.iter().filter(later).copied().collect();
                let again: Vec<_> = all(&input[from..])
                    .into_iter()
                    .map(|mut f| {
                        f.start += from;
                        f.end += from;
                        f
                    })
                    .filter(|f| f.start >= from + margin)
                    .collect();
                compared += expected.len();
                assert_eq!(again, expected, "round {round}, from {from}");
            }
        }
        assert!(compared > 500, "the texts hold addresses: {compared}");
    }

    #[test]
    fn documentation_domains_are_synthetic() {
        let mut cursor = EmailCursor::new();
        let text = b"ann@example.com bob@shop.test carol@acme.io";
        let provenance: Vec<bool> = std::iter::from_fn(|| cursor.next(text, text.len()))
            .map(|f| f.provenance.reason().is_some())
            .collect();
        assert_eq!(provenance, [true, true, false]);
    }

    #[test]
    fn bait_is_not_an_address() {
        for text in [
            "logo@2x.png",
            "icons@3x.webp",
            "lodash@4.17.21",
            "npm i react@18.2.0",
            "git@github.com:org/repo.git",
            "https://user@acme.io/path",
            "postgres://admin:s3cret@db.acme.io:5432/app",
            "redis://:pw@cache.acme.io",
            "@media screen",
            "@property",
            "user@localhost",
            "user@1.2.3.4",
            "a..b@acme.io",
            "ann@acme",
            "ann@-acme.io",
            "@@@@",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn length_limits() {
        let local = "a".repeat(64);
        let ok = format!("{local}@acme.io");
        assert_eq!(scan(&ok), [ok.as_str()]);
        let long = format!("a{local}@acme.io");
        assert!(scan(&long).is_empty());
        let label = "a".repeat(63);
        let domain = format!("{label}.{label}.{label}.{}.io", "a".repeat(58));
        assert_eq!(domain.len(), 253);
        let max = format!("ann@{domain}");
        assert_eq!(scan(&max), [max.as_str()]);
        let over = format!("ann@b{domain}");
        assert!(scan(&over).is_empty());
    }

    #[test]
    fn window_limits_hold_back_later_addresses() {
        let text = b"ann@acme.io and bob@acme.io";
        let mut cursor = EmailCursor::new();
        assert_eq!(cursor.next(text, 10).map(|f| f.start), Some(0));
        assert_eq!(cursor.next(text, 16), None);
        assert_eq!(cursor.next(text, 17).map(|f| f.start), Some(16));
        assert_eq!(cursor.next(text, text.len()), None);
    }

    #[test]
    fn an_address_starting_before_the_limit_comes_before_it_passes() {
        // The '@' is past the limit, the address is not: it must come now,
        // or the scanner could hand out a later finding of another kind first.
        let text = b"mail ann.lee@acme.io";
        let mut cursor = EmailCursor::new();
        assert_eq!(cursor.next(text, 6).map(|f| f.start), Some(5));
    }

    #[test]
    fn label_rules_broken_only_in_trailing_punctuation_do_not_count() {
        // The walk notes a broken label rule where it sees it; trailing
        // dots and hyphens are trimmed afterwards and take it along.
        assert_eq!(scan("ann@acme.io.-. next"), ["ann@acme.io"]);
        assert_eq!(scan("ann@acme.io-."), ["ann@acme.io"]);
        assert_eq!(scan("ann@acme.io.. next"), ["ann@acme.io"]);
        assert_eq!(scan("ann@acme.co.uk..-"), ["ann@acme.co.uk"]);
        for text in [
            "ann@acme-.io",
            "ann@acme.-io",
            "ann@acme..io",
            "ann@.acme.io",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn doubled_dots_in_punctuation_before_the_local_part_do_not_count() {
        assert_eq!(scan("see ..ann@acme.io"), ["ann@acme.io"]);
        assert_eq!(scan("see +..-ann.lee@acme.io"), ["ann.lee@acme.io"]);
        assert!(scan("see ann..lee@acme.io").is_empty());
        assert!(scan("see ann.@acme.io").is_empty());
    }

    #[test]
    fn label_and_domain_lengths_through_the_walk() {
        let label = "a".repeat(63);
        let ok = format!("ann@{label}.io");
        assert_eq!(scan(&ok), [ok.as_str()]);
        assert!(scan(&format!("ann@a{label}.io")).is_empty());
        assert!(scan(&format!("ann@acme.a{label}")).is_empty());
        assert!(scan(&format!("ann@acme.{}", "x".repeat(64))).is_empty());
        // The TLD: letters, an A-label or a U-label; not a file extension.
        assert_eq!(scan("ann@acme.xn--p1ai"), ["ann@acme.xn--p1ai"]);
        // U+FFFD is what lossy decoding leaves of bytes that were not UTF-8.
        assert!(scan("0@0.\u{fffd}").is_empty());
        assert!(scan("ann@acme.\u{fffd}\u{fffd}").is_empty());
        assert_eq!(scan("ann@пример.рф"), ["ann@пример.рф"]);
        // A bare ACE prefix: its hyphens are trimmed as punctuation.
        assert_eq!(scan("ann@acme.xn-- hi"), ["ann@acme.xn"]);
        assert!(scan("ann@acme.c0m").is_empty());
        assert!(scan("ann@acme.x").is_empty());
        assert!(scan("ann@acme.JSON").is_empty());
        assert_eq!(scan("ann@acme.JSONS"), ["ann@acme.JSONS"]);
    }

    /// Pieces that build addresses and the text around them, chosen to hit
    /// every rule of the walks: local-part punctuation, runs of dots and
    /// hyphens, `@` runs, URL and git-remote shapes, file extensions,
    /// internationalised letters, Unicode punctuation, invalid and cut
    /// UTF-8, and runs long enough to cross the length limits.
    const PIECES: &[&[u8]] = &[
        b"a",
        b"Z",
        b"7",
        b"_",
        b".",
        b"..",
        b"-",
        b"+",
        b"%",
        b"'",
        b"@",
        b"@@",
        b"ann",
        b"lee",
        b"acme",
        b"co",
        b"uk",
        b"com",
        b"io",
        b"de",
        b"x",
        b"2x",
        b"3",
        b".png",
        b".PNG",
        b".js",
        b".jsx",
        b".jpeg",
        b".json",
        b".test",
        b"example.com",
        b"xn--",
        b"xn--p1ai",
        b".local",
        b" ",
        b"\"",
        b",",
        b":",
        b"/",
        b"://",
        b"//",
        b"git@",
        b"host:",
        b"https://",
        b"mailto:",
        b"\n",
        b"<",
        b">",
        b"`",
        b"=",
        b"&",
        b"(",
        "\u{fc}".as_bytes(),
        "\u{4f8b}".as_bytes(),
        "\u{440}\u{444}".as_bytes(),
        "\u{2019}".as_bytes(),
        "\u{3002}".as_bytes(),
        "\u{a0}".as_bytes(),
        "\u{feff}".as_bytes(),
        "\u{ff0c}".as_bytes(),
        b"\xff",
        b"\xc3",
        b"\xe4\xbe",
        b"\xf0\x9f\x98",
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        b"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.",
        b"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
    ];

    /// Parts of generated near-addresses: what comes before the local
    /// part, local-part pieces, label pieces, TLDs and what follows the
    /// domain. Most combinations are addresses or miss by one rule.
    const BEFORE: &[&[u8]] = &[
        b"",
        b" ",
        b"\"",
        b",",
        b"//",
        b"://",
        b"https://u:",
        b"mailto:",
        b"x@",
        b"@",
        b"..",
        b"+-",
        b"'",
        b"\xff",
        "\u{ff1a}".as_bytes(),
    ];
    const LOCAL_PIECES: &[&[u8]] = &[
        b"ann",
        b"a",
        b"lee",
        b".",
        b"..",
        b"+",
        b"-",
        b"_",
        b"%",
        b"'",
        b"7",
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];
    const LABEL_PIECES: &[&[u8]] = &[
        b"acme",
        b"x",
        b"co",
        b"a-b",
        b"-",
        b"xn--p1ai",
        "\u{fc}".as_bytes(),
        "\u{4f8b}".as_bytes(),
        b"3",
        b"_",
        b"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
        b"dddddddddddddddddddddddddddddddddddddddd",
    ];
    const TLDS: &[&[u8]] = &[
        b"com",
        b"io",
        b"uk",
        b"png",
        b"JS",
        b"jsx",
        b"json",
        b"test",
        b"c0m",
        b"x",
        b"xn--",
        b"xn--p1ai",
        "\u{440}\u{444}".as_bytes(),
        b"2",
        b"local",
        b"",
        b"-de",
        b"com-",
    ];
    const AFTER: &[&[u8]] = &[
        b"",
        b" ",
        b".",
        b"-",
        b".-.",
        b"..",
        b":",
        b":org/repo",
        b"/path",
        b"/",
        b"\"",
        "\u{2019}s".as_bytes(),
        "\u{3002}".as_bytes(),
        b"\xff",
        b"\xc3",
        b",",
        b"@x.io",
    ];

    type NearAddress = (usize, Vec<usize>, Vec<Vec<usize>>, usize, usize);

    fn near_address() -> impl proptest::strategy::Strategy<Value = NearAddress> {
        use proptest::collection::vec;
        (
            0..BEFORE.len(),
            vec(0..LOCAL_PIECES.len(), 0..5),
            vec(vec(0..LABEL_PIECES.len(), 1..4), 0..5),
            0..TLDS.len(),
            0..AFTER.len(),
        )
    }

    fn build(addresses: &[NearAddress]) -> Vec<u8> {
        let mut out = Vec::new();
        for (before, local, labels, tld, after) in addresses {
            out.extend_from_slice(BEFORE[*before]);
            local
                .iter()
                .for_each(|&p| out.extend_from_slice(LOCAL_PIECES[p]));
            out.push(b'@');
            for label in labels {
                label
                    .iter()
                    .for_each(|&p| out.extend_from_slice(LABEL_PIECES[p]));
                out.push(b'.');
            }
            out.extend_from_slice(TLDS[*tld]);
            out.extend_from_slice(AFTER[*after]);
        }
        out
    }

    fn assert_same_as_reference(input: &[u8]) {
        let mut cursor = EmailCursor::new();
        let found: Vec<Finding> = std::iter::from_fn(|| cursor.next(input, input.len())).collect();
        assert_eq!(
            found,
            reference::scan(input),
            "{:?}",
            String::from_utf8_lossy(input)
        );
        // Windows of every size hand out the same findings.
        for step in [1, 7, 64] {
            let mut cursor = EmailCursor::new();
            let mut windowed = Vec::new();
            for limit in (step..input.len() + step).step_by(step) {
                while let Some(f) = cursor.next(input, limit) {
                    windowed.push(f);
                }
            }
            assert_eq!(windowed, found, "step {step}");
        }
    }

    #[test]
    fn same_findings_as_the_reference_on_realistic_text() {
        for text in [
            &br#"{"email":"ann.lee+crm@acme-corp.co.uk","id":7}"#[..],
            b"To: Ann <ann@acme.io>, bob@acme.io. mailto:o'brien@acme.ie",
            b"git@github.com:org/repo.git https://user@acme.io/path logo@2x.png",
            b"postgres://admin:s3cret@db.acme.io:5432/app redis://:pw@cache.acme.io",
            "user@b\u{fc}cher.de \u{30e1}\u{30fc}\u{30eb}\u{ff1a}user@\u{4f8b}\u{3048}.jp\u{3002}"
                .as_bytes(),
            b"a@b@c.com x@..ann@acme.io ann@acme.io.-. @@@@ ann@example.com bob@shop.test",
        ] {
            assert_same_as_reference(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn same_findings_as_the_reference_on_generated_pieces(
            picks in proptest::collection::vec(0..PIECES.len(), 0..80)
        ) {
            let input: Vec<u8> = picks.iter().flat_map(|&p| PIECES[p].iter().copied()).collect();
            assert_same_as_reference(&input);
        }

        #[test]
        fn same_findings_as_the_reference_on_near_addresses(
            addresses in proptest::collection::vec(near_address(), 1..8)
        ) {
            assert_same_as_reference(&build(&addresses));
        }

        #[test]
        fn same_findings_as_the_reference_on_generated_bytes(
            input in proptest::collection::vec(
                proptest::sample::select(&b"ab9_.-+'@:/ \"\xc3\xbc\xe2\x80\x99\xff"[..]),
                0..300,
            )
        ) {
            assert_same_as_reference(&input);
        }

        #[test]
        fn same_findings_as_the_reference_on_any_bytes(
            input in proptest::collection::vec(proptest::num::u8::ANY, 0..300)
        ) {
            assert_same_as_reference(&input);
        }
    }

    #[test]
    fn adversarial_inputs_are_linear() {
        for unit in [
            "@",
            "a@",
            "a@b.",
            "a.b@c",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "://u:p@",
        ] {
            let text = unit.repeat(400_000 / unit.len());
            let mut cursor = EmailCursor::new();
            let started = std::time::Instant::now();
            while cursor.next(text.as_bytes(), text.len()).is_some() {}
            // Linear work takes well under a second here even in a debug build;
            // quadratic work took minutes. The bound leaves room for a busy machine.
            assert!(started.elapsed().as_secs() < 10, "{unit}");
        }
    }
}

/// The cursor as it was before the walks learnt to validate (one walk to
/// find the address, then [`validate::email_local_valid`] and
/// [`validate::email_domain_valid`] over it): the oracle of the differential
/// tests, which hold the one-pass walks to exactly the same findings.
#[cfg(test)]
mod reference {
    use super::{MAX_DOMAIN, MAX_LOCAL, MAX_SCHEME_LOOKBACK};
    use crate::finding::{Finding, Kind, Subkind};
    use crate::identifiers::shapes::finding;
    use crate::identifiers::validate;
    use crate::provenance::catalogue;

    /// Every address in `input`, as the old cursor found them in one call.
    pub(super) fn scan(input: &[u8]) -> Vec<Finding> {
        let mut found = Vec::new();
        let mut resume = 0;
        while let Some(offset) = memchr::memchr(b'@', &input[resume..]) {
            let at = resume + offset;
            resume = at + 1;
            if at == 0 || !is_local_byte(input[at - 1]) {
                while resume < input.len() && input[resume] == b'@' {
                    resume += 1;
                }
                continue;
            }
            if let Some(address) = address(input, at, local_floor(input, at)) {
                resume = address.end;
                found.push(address);
            }
        }
        found
    }

    /// The end of the domain walked from the nearest `@` before `at`
    /// (letters, digits, `.`, `-`, non-ASCII letters), byte by byte.
    fn local_floor(input: &[u8], at: usize) -> usize {
        let Some(previous) = input[..at].iter().rposition(|&b| b == b'@') else {
            return 0;
        };
        let limit = (previous + 2 + MAX_DOMAIN).min(input.len());
        let mut i = previous + 1;
        while i < limit {
            let b = input[i];
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
                i += 1;
            } else if b >= 0x80 {
                match non_ascii_letter_len(&input[i..]) {
                    Some(len) => i += len,
                    None => break,
                }
            } else {
                break;
            }
        }
        i
    }

    fn address(input: &[u8], at: usize, floor: usize) -> Option<Finding> {
        let start = local_start(input, at, floor)?;
        let end = domain_end(input, at)?;
        let (local, domain) = (&input[start..at], &input[at + 1..end]);
        if !validate::email_local_valid(local) || !validate::email_domain_valid(domain) {
            return None;
        }
        if is_url_user_info(input, start) {
            return None;
        }
        let test_value = catalogue::email_domain(domain);
        Some(finding(
            Kind::Email,
            Subkind::None,
            start,
            end,
            90,
            test_value,
        ))
    }

    /// Byte classes of the walks around an `@`, as one table lookup each: the
    /// walks run for every address (half the records of a CRM export have one).
    const LOCAL: u8 = 1;
    /// Letters, digits, `-` and `.`: what a domain label walk takes.
    const LABEL: u8 = 2;

    const CLASSES: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let byte = b as u8;
            let alnum = byte.is_ascii_alphanumeric();
            if alnum || matches!(byte, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'') {
                table[b] |= LOCAL;
            }
            if alnum || byte == b'-' || byte == b'.' {
                table[b] |= LABEL;
            }
            b += 1;
        }
        table
    };

    /// Bytes an address's local part is made of in practice.
    #[inline]
    fn is_local_byte(b: u8) -> bool {
        CLASSES[usize::from(b)] & LOCAL != 0
    }

    /// The first byte of the local part before the `@` at `at`.
    fn local_start(input: &[u8], at: usize, floor: usize) -> Option<usize> {
        let lowest = at.saturating_sub(MAX_LOCAL + 1).max(floor);
        let mut start = at;
        while start > lowest && is_local_byte(input[start - 1]) {
            start -= 1;
        }
        if start == at.saturating_sub(MAX_LOCAL + 1) && start > floor {
            // Longer than any local part: not an address.
            return None;
        }
        if start > 0 && input[start - 1] == b'@' {
            // "a@b@c.com": the middle part belongs to neither.
            return None;
        }
        // Quotes, `+`, `-` and dots before the first letter are punctuation
        // around the address ('ann@x.com', -ann@x.com), not part of it.
        while start < at && !(input[start].is_ascii_alphanumeric() || input[start] == b'_') {
            start += 1;
        }
        (start < at).then_some(start)
    }

    /// One past the last byte of the domain after the `@` at `at`.
    ///
    /// Takes letters, digits, `-`, `.` and non-ASCII letters; `:` and `/` only
    /// when a letter or digit follows, so that `git@github.com:org/repo` hands
    /// the whole remote to the validator (which rejects it) while
    /// `ann@x.com: hi` and `ann@x.com/` end at the domain. A trailing dot or
    /// hyphen is sentence punctuation.
    fn domain_end(input: &[u8], at: usize) -> Option<usize> {
        let limit = (at + 1 + MAX_DOMAIN + 1).min(input.len());
        let mut i = at + 1;
        while i < limit {
            let b = input[i];
            if CLASSES[usize::from(b)] & LABEL != 0 {
                i += 1;
                continue;
            }
            let path_byte =
                matches!(b, b':' | b'/') && input.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if path_byte {
                i += 1;
            } else if b >= 0x80 {
                match non_ascii_letter_len(&input[i..]) {
                    Some(len) => i += len,
                    None => break,
                }
            } else {
                break;
            }
        }
        if i == limit && limit < input.len() {
            // Runs on past the longest domain.
            return None;
        }
        while i > at + 1 && matches!(input[i - 1], b'.' | b'-') {
            i -= 1;
        }
        (i > at + 1).then_some(i)
    }

    /// Length of the UTF-8 character at the start of `bytes` when it may belong
    /// to an internationalised domain label; `None` for invalid UTF-8 and for
    /// the punctuation and spaces that end a domain in running text: Latin-1
    /// punctuation and the no-break space (U+0080–U+00BF), general punctuation
    /// (U+2000–U+206F: curly quotes, dashes, ellipsis), CJK punctuation
    /// (U+3000–U+303F: ideographic full stop and comma), the byte-order mark and
    /// fullwidth ASCII punctuation (U+FF01–U+FF0F, U+FF1A–U+FF20).
    fn non_ascii_letter_len(bytes: &[u8]) -> Option<usize> {
        let len = match bytes[0] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return None,
        };
        let ch = core::str::from_utf8(bytes.get(..len)?)
            .ok()?
            .chars()
            .next()?;
        let punctuation = matches!(ch,
            '\u{80}'..='\u{BF}'
            | '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FEFF}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}');
        (!punctuation).then_some(len)
    }

    /// Whether the local part starting at `start` is the user info of a URL:
    /// `//user@host` or `scheme://user:password@host`.
    fn is_url_user_info(input: &[u8], start: usize) -> bool {
        match start.checked_sub(1).map(|i| input[i]) {
            Some(b'/') => start >= 2 && input[start - 2] == b'/',
            Some(b':') => {
                // Look back through the user name for "://".
                let from = start.saturating_sub(MAX_SCHEME_LOOKBACK);
                let before = &input[from..start - 1];
                let token_start = before
                    .iter()
                    .rposition(|&b| {
                        b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`')
                    })
                    .map_or(0, |p| p + 1);
                memchr::memmem::find(&before[token_start..], b"://").is_some()
            }
            _ => false,
        }
    }
}
