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

#[cfg(test)]
mod tests {
    use super::*;

    const RAISE: &[Word] = &[prefix("card"), token("cc"), token("pan")];
    const LOWER: &[Word] = &[prefix("order"), token("imei")];

    fn near(text: &str) -> Nearest {
        nearest(text.as_bytes(), text.len(), 32, RAISE, LOWER)
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
