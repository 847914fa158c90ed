//! Explicit provenance markers: a record saying of itself that it is
//! synthetic.
//!
//! Each configured [`Marker`] is a key and the value that marks, e.g.
//! `is_synthetic` = `true`. The key (as a whole word, in lower, UPPER,
//! Capitalised or Each-Word-Capitalised spelling) is recognised
//! - as a JSON member, `"is_synthetic": true` or `"is_synthetic": "true"`;
//! - as a header, YAML, `.env` or query-string pair: `X-Data-Provenance:
//!   synthetic`, `is_synthetic=true`, `synthetic: 'true'`;
//! - as a CSV/TSV column name: a whole field (optionally double-quoted)
//!   delimited by `,`, `;` or a tab on at least one side, such as the
//!   `is_synthetic` in a header row `id,name,is_synthetic`;
//! - as a value in such a column: when the header is read by the CSV/TSV
//!   reader ([`structure`](crate::structure): a header on one of the first
//!   four lines of the input, with at least two columns), a field under a
//!   column named by a key (the whole name, trimmed, in one of the spellings
//!   above; names up to 40 bytes) that holds one of **that key's** marking
//!   values is a marker: `true` under `is_synthetic`, `synthetic` under
//!   `data_provenance`. The value is compared as in JSON, ignoring ASCII
//!   case, optionally double-quoted, and may be padded with up to four
//!   spaces; it must fill the field. `TRUE`, `"true"` and ` True ` mark;
//!   `false`, `no`, `real`, `true-ish` and an empty field do not, and
//!   neither do `1` or `yes` unless they are configured as values of the
//!   key (`Marker::new("is_synthetic", "1")`, which then marks
//!   `"is_synthetic": 1` in JSON as well). Only the first 64 columns and
//!   the first 250 distinct keys are followed.
//!
//! The finding spans the marker: the key (with its quotes) through the
//! value (with its quotes); the column name alone (with its quotes) in a
//! header; the field value in a row (with its quotes when quoted, without
//! the padding when not). A marker marks the record (line) it is in for the
//! [commingling policy](crate::provenance): a header cell marks the header
//! line, a marking value its row (the line it ends on, when a quoted field
//! before it holds a line break).
//!
//! A whole field spelled like a key is reported as a column name wherever
//! it is (a row holding `synthetic` under `data_provenance` is reported
//! once, by both readers, with the same span).
//!
//! Up to four blanks are allowed on each side of the `:` or `=`, so a
//! marker's bytes are bounded (keys and values are at most
//! [`Marker::MAX_LEN`] bytes) and streaming stays exact.

use aho_corasick::MatchKind;

use crate::error::{Error, ErrorKind};
use crate::finding::{Finding, Kind, Provenance, Subkind, SyntheticReason};
use crate::secrets::literals::{Literals, Trigger, MAX_BUCKETS};

/// One provenance marker: a key and the value that marks a record as
/// synthetic. The key is matched in lower case, UPPER CASE, Capitalised and
/// Each-Word-Capitalised spellings (`X-Data-Provenance`); the value in any
/// case.
///
/// ```
/// use leaksift::{Config, Kind, Marker, Scanner};
///
/// let config = Config::new().markers(vec![Marker::new("dataset", "fixture")]);
/// let scanner = Scanner::new(config)?;
/// let found = scanner.scan_to_vec(br#"{"dataset": "fixture", "id": 7}"#);
/// assert_eq!(found[0].kind, Kind::SyntheticMarker);
/// assert_eq!((found[0].start, found[0].end), (1, 21));
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Marker {
    key: String,
    value: String,
}

impl Marker {
    /// Longest key or value, in bytes.
    pub const MAX_LEN: usize = 64;

    /// A marker: `key` set to `value`. Checked when the scanner is built:
    /// both non-empty, at most [`Marker::MAX_LEN`] bytes, ASCII letters,
    /// digits, `_`, `-` or `.`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Marker {
        Marker {
            key: key.into(),
            value: value.into(),
        }
    }

    /// The default markers: `data_provenance` = `synthetic`, `is_synthetic`
    /// = `true`, `synthetic` = `true`, `x-data-provenance` = `synthetic`.
    ///
    /// ```
    /// assert_eq!(leaksift::Marker::defaults().len(), 4);
    /// ```
    pub fn defaults() -> Vec<Marker> {
        vec![
            Marker::new("data_provenance", "synthetic"),
            Marker::new("is_synthetic", "true"),
            Marker::new("synthetic", "true"),
            Marker::new("x-data-provenance", "synthetic"),
        ]
    }

    /// The key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value that marks.
    pub fn value(&self) -> &str {
        &self.value
    }

    fn check(&self) -> Result<(), Error> {
        for (what, s) in [("key", &self.key), ("value", &self.value)] {
            let ok = !s.is_empty()
                && s.len() <= Marker::MAX_LEN
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
            if !ok {
                return Err(ErrorKind::InvalidMarker {
                    reason: format!(
                        "a marker {what} must be 1 to 64 ASCII letters, digits, '_', '-' or '.', got {s:?}"
                    ),
                }
                .into());
            }
        }
        Ok(())
    }
}

/// What the marker cursor reads around a match: the quote and delimiter
/// before the key; after its start, the key, quotes, blanks, separator,
/// value and the byte after it.
pub(crate) const MARGINS: crate::Margins = crate::Margins {
    before: 8,
    after: 2 * Marker::MAX_LEN + 32,
};

/// The markers compiled for searching; built once per scanner.
#[derive(Clone, Debug)]
pub(crate) struct MarkerPatterns {
    /// Every spelling of every key.
    keys: Literals,
    /// The key (index into `values`) of each spelling, by pattern id.
    key_of: Vec<usize>,
    /// The marking values of each distinct key.
    values: Vec<Vec<Vec<u8>>>,
    /// Every spelling searched for, by pattern id: a CSV/TSV header name
    /// equal to one of them names a marker column.
    spellings: Vec<Vec<u8>>,
    /// Length of the longest spelling.
    longest_key: usize,
}

/// The spellings of a lower-case key that are searched for: lower case,
/// UPPER CASE, Capitalised, and Each-Word-Capitalised (words split at `_`,
/// `-` and `.`), e.g. `x-data-provenance`, `X-DATA-PROVENANCE`,
/// `X-data-provenance`, `X-Data-Provenance`.
fn spellings_of(key: &[u8]) -> Vec<Vec<u8>> {
    let upper = key.to_ascii_uppercase();
    let mut first = key.to_vec();
    first[0] = first[0].to_ascii_uppercase();
    let mut words = key.to_vec();
    let mut start = true;
    for b in &mut words {
        if start {
            *b = b.to_ascii_uppercase();
        }
        start = matches!(*b, b'_' | b'-' | b'.');
    }
    vec![key.to_vec(), upper, first, words]
}

/// Where the rarest pair of adjacent bytes of `key` starts, by a rough
/// frequency of each byte in text (English letters, digits, punctuation),
/// ignoring case: `x-` in `x-data-provenance`, `_p` in `data_provenance`,
/// `yn` in `synthetic`.
fn trigger_at(key: &[u8]) -> usize {
    fn frequency(b: u8) -> u32 {
        // Per mille in English text, roughly; `_` and `-` are rare there.
        const LETTERS: [u32; 26] = [
            82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10,
            24, 2, 20, 1,
        ];
        match b.to_ascii_lowercase() {
            l @ b'a'..=b'z' => LETTERS[usize::from(l - b'a')],
            b'_' => 1,
            b'-' | b'0'..=b'9' => 5,
            _ => 10,
        }
    }
    // Letters that start a key often start other words too (`sy` of
    // `synthetic` starts `sync`, `system`): a pair of them inside the key
    // is preferred unless three times rarer.
    let cost = |i: usize| {
        let word_start = i == 0 && key[0].is_ascii_alphabetic() && key[1].is_ascii_alphabetic();
        frequency(key[i]) * frequency(key[i + 1]) * if word_start { 3 } else { 1 }
    };
    (0..key.len() - 1).min_by_key(|&i| cost(i)).unwrap_or(0)
}

impl MarkerPatterns {
    pub(crate) fn new(markers: &[Marker]) -> Result<Option<MarkerPatterns>, Error> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut values: Vec<Vec<Vec<u8>>> = Vec::new();
        for marker in markers {
            marker.check()?;
            let key = marker.key.to_ascii_lowercase().into_bytes();
            let id = match keys.iter().position(|k| *k == key) {
                Some(id) => id,
                None => {
                    keys.push(key);
                    values.push(Vec::new());
                    keys.len() - 1
                }
            };
            values[id].push(marker.value.as_bytes().to_vec());
        }
        if keys.is_empty() {
            return Ok(None);
        }
        // A case-insensitive automaton has no fast prefilter (0.4 GB/s on
        // any input, measured); the spellings people write, searched case
        // sensitively, keep the vectorised one.
        let mut spellings: Vec<Vec<u8>> = Vec::new();
        let mut key_of: Vec<usize> = Vec::new();
        for (id, key) in keys.iter().enumerate() {
            for spelling in spellings_of(key) {
                if !spellings.contains(&spelling) {
                    spellings.push(spelling);
                    key_of.push(id);
                }
            }
        }
        // Each spelling is found through the rarest pair of adjacent bytes
        // of its key (the same place in every spelling): see `trigger_at`.
        let mut classes: Vec<[u8; 2]> = Vec::new();
        let triggers: Vec<Trigger> = spellings
            .iter()
            .map(|spelling| {
                if spelling.len() == 1 {
                    // One-byte keys share the last bucket.
                    return Trigger {
                        bucket: (MAX_BUCKETS - 1) as u8,
                        offset: 0,
                        pair: false,
                    };
                }
                let offset = trigger_at(spelling);
                let class = [
                    spelling[offset].to_ascii_lowercase(),
                    spelling[offset + 1].to_ascii_lowercase(),
                ];
                let index = classes.iter().position(|c| *c == class).unwrap_or_else(|| {
                    classes.push(class);
                    classes.len() - 1
                });
                Trigger {
                    bucket: (index % (MAX_BUCKETS - 1)) as u8,
                    offset: offset as u8,
                    pair: true,
                }
            })
            .collect();
        let with_triggers: Vec<(&[u8], Trigger)> =
            spellings.iter().map(Vec::as_slice).zip(triggers).collect();
        let keys = Literals::try_new(&with_triggers, MatchKind::LeftmostLongest).map_err(|e| {
            ErrorKind::InvalidMarker {
                reason: e.to_string(),
            }
        })?;
        let longest_key = spellings.iter().map(Vec::len).max().unwrap_or(0);
        Ok(Some(MarkerPatterns {
            keys,
            key_of,
            values,
            spellings,
            longest_key,
        }))
    }

    /// The key (an index for [`MarkerPatterns::values_of`]) that a CSV/TSV
    /// header name spells, in one of the spellings the cursor searches for.
    /// Runs once per header name, never per row.
    pub(crate) fn key_of_name(&self, name: &[u8]) -> Option<usize> {
        let pattern = self.spellings.iter().position(|s| s == name)?;
        Some(self.key_of[pattern])
    }

    /// The values that mark a record under key `key`.
    pub(crate) fn values_of(&self, key: usize) -> &[Vec<u8>] {
        self.values.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Yields marker findings in order.
pub(crate) struct MarkerCursor<'p> {
    patterns: &'p MarkerPatterns,
    pos: usize,
}

/// Bytes that continue a key-like word.
fn wordish(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn delimiter(b: u8) -> bool {
    matches!(b, b',' | b';' | b'\t')
}

/// Skips up to four spaces or tabs.
fn skip_blanks(input: &[u8], mut i: usize) -> usize {
    for _ in 0..4 {
        if matches!(input.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
    }
    i
}

impl<'p> MarkerCursor<'p> {
    pub(crate) fn new(patterns: &'p MarkerPatterns) -> Self {
        MarkerCursor { patterns, pos: 0 }
    }

    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        while self.pos < limit {
            // Keys starting before `limit`, read while the scanner's window
            // is in cache (a search to the end of the input would stream
            // all of it from memory on its own). The leftmost key that
            // starts there lies wholly inside this span.
            let span_end = limit + self.patterns.longest_key;
            let found = self.patterns.keys.find(input, self.pos, span_end);
            let Some(m) = found.filter(|m| m.start() < limit) else {
                self.pos = limit;
                return None;
            };
            if let Some((start, end)) = self.classify(
                input,
                m.start(),
                m.end(),
                self.patterns.key_of[m.pattern().as_usize()],
            ) {
                self.pos = end;
                return Some(Finding {
                    kind: Kind::SyntheticMarker,
                    subkind: Subkind::None,
                    start,
                    end,
                    confidence: 90,
                    provenance: Provenance::Synthetic(SyntheticReason::Marker),
                });
            }
            self.pos = m.start() + 1;
        }
        None
    }

    /// The marker's span when the key at `ks..ke` is used as a marker.
    fn classify(&self, input: &[u8], ks: usize, ke: usize, id: usize) -> Option<(usize, usize)> {
        if ks > 0 && wordish(input[ks - 1]) || input.get(ke).is_some_and(|&b| wordish(b)) {
            return None;
        }
        let quoted = ks > 0 && input[ks - 1] == b'"' && input.get(ke) == Some(&b'"');
        let (kstart, kend) = if quoted { (ks - 1, ke + 1) } else { (ks, ke) };
        if let Some(end) = self.value_after(input, kend, id, quoted) {
            return Some((kstart, end));
        }
        // A CSV column name: a whole field.
        let before = kstart.checked_sub(1).map(|i| input[i]);
        let after = input.get(kend).copied();
        let starts_field = before.is_none_or(|b| b == b'\n' || delimiter(b));
        let ends_field = after.is_none_or(|b| b == b'\r' || b == b'\n' || delimiter(b));
        let in_a_row = before.is_some_and(delimiter) || after.is_some_and(delimiter);
        (starts_field && ends_field && in_a_row).then_some((kstart, kend))
    }

    /// The end of `: value` / `= value` after a key ending at `i`, when the
    /// value is one that marks.
    fn value_after(&self, input: &[u8], i: usize, id: usize, json: bool) -> Option<usize> {
        let i = skip_blanks(input, i);
        match input.get(i) {
            Some(b':') => {}
            Some(b'=') if !json => {}
            _ => return None,
        }
        let mut i = skip_blanks(input, i + 1);
        let quote = input.get(i).copied().filter(|&b| b == b'"' || b == b'\'');
        if quote.is_some() {
            i += 1;
        }
        self.patterns.values[id].iter().find_map(|value| {
            let end = i + value.len();
            let same = input.get(i..end)?.eq_ignore_ascii_case(value);
            match (same, quote) {
                (false, _) => None,
                (true, Some(q)) => (input.get(end) == Some(&q)).then_some(end + 1),
                (true, None) => (!input.get(end).is_some_and(|&b| wordish(b))).then_some(end),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(input: &str) -> Vec<&str> {
        let patterns = MarkerPatterns::new(&Marker::defaults()).unwrap().unwrap();
        let mut cursor = MarkerCursor::new(&patterns);
        let mut out = Vec::new();
        while let Some(f) = cursor.next(input.as_bytes(), input.len()) {
            out.push(&input[f.start..f.end]);
        }
        out
    }

    #[test]
    fn json_members() {
        assert_eq!(
            spans(r#"{"id":1,"data_provenance": "synthetic","x":2}"#),
            [r#""data_provenance": "synthetic""#]
        );
        assert_eq!(
            spans(r#"{"is_synthetic":true}"#),
            [r#""is_synthetic":true"#]
        );
        assert_eq!(
            spans(r#"{"Synthetic" :  "TRUE"}"#),
            [r#""Synthetic" :  "TRUE""#]
        );
    }

    #[test]
    fn headers_and_pairs() {
        assert_eq!(
            spans("GET / HTTP/1.1\r\nX-Data-Provenance: synthetic\r\n"),
            ["X-Data-Provenance: synthetic"]
        );
        assert_eq!(
            spans("/api?id=3&is_synthetic=true&x=1"),
            ["is_synthetic=true"]
        );
        assert_eq!(spans("synthetic: 'true'\n"), ["synthetic: 'true'"]);
    }

    #[test]
    fn csv_columns() {
        assert_eq!(
            spans("id,name,is_synthetic\n1,Ann,true\n"),
            ["is_synthetic"]
        );
        assert_eq!(spans("\"id\";\"synthetic\";\"x\"\n"), ["\"synthetic\""]);
        assert_eq!(spans("data_provenance\tname\n"), ["data_provenance"]);
    }

    #[test]
    fn bait_is_not_a_marker() {
        for text in [
            r#"{"synthetic": false}"#,
            r#"{"is_synthetic": "no"}"#,
            r#"{"data_provenance": "production"}"#,
            r#"{"synthetic_id": true}"#,
            r#"{"nonsynthetic": true}"#,
            r#"{"synthetic": "true-ish"}"#,
            "we trained on synthetic data, then real data",
            "synthetic\n",
            "x-synthetic: true",
            "is_synthetic = truely",
            "real, synthetic, and mixed data",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn header_names_find_their_key_and_its_values() {
        let markers = [
            Marker::new("is_synthetic", "true"),
            Marker::new("IS_SYNTHETIC", "1"),
            Marker::new("x-data-provenance", "synthetic"),
        ];
        let patterns = MarkerPatterns::new(&markers).unwrap().unwrap();
        let values = |name: &[u8]| {
            patterns
                .key_of_name(name)
                .map(|key| patterns.values_of(key).to_vec())
        };
        let flags = Some(vec![b"true".to_vec(), b"1".to_vec()]);
        for name in [
            &b"is_synthetic"[..],
            b"IS_SYNTHETIC",
            b"Is_synthetic",
            b"Is_Synthetic",
        ] {
            assert_eq!(values(name), flags, "{name:?}");
        }
        assert_eq!(
            values(b"X-Data-Provenance"),
            Some(vec![b"synthetic".to_vec()])
        );
        for name in [
            &b"iS_sYnThEtIc"[..],
            b"is_synthetic_at",
            b" is_synthetic",
            b"",
        ] {
            assert_eq!(values(name), None, "{name:?}");
        }
        assert!(patterns.values_of(99).is_empty());
    }

    #[test]
    fn triggers_are_the_rarest_pairs() {
        fn at(key: &str) -> &str {
            &key[trigger_at(key.as_bytes())..][..2]
        }
        assert_eq!(at("data_provenance"), "_p");
        assert_eq!(at("x-data-provenance"), "x-");
        assert_eq!(at("synthetic"), "yn");
        assert_eq!(at("Is_Synthetic"), "s_");
    }

    #[test]
    fn the_key_search_equals_the_automaton() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let alphabet = b"aAsSyYnN_-.x1";
        for round in 0..300 {
            let markers = if round == 0 {
                Marker::defaults()
            } else {
                (0..1 + next(6))
                    .map(|_| {
                        let key: String = (0..1 + next(5))
                            .map(|_| char::from(alphabet[next(alphabet.len())]))
                            .collect();
                        Marker::new(key, "true")
                    })
                    .collect()
            };
            let patterns = MarkerPatterns::new(&markers).unwrap().unwrap();
            for _ in 0..20 {
                let mut text = Vec::new();
                for _ in 0..next(60) {
                    if next(3) == 0 {
                        let spelling = &patterns.spellings[next(patterns.spellings.len())];
                        text.extend_from_slice(&spelling[..1 + next(spelling.len())]);
                    } else {
                        text.push(b"aAsSyYnN_-.x1 \"\xc3"[next(16)]);
                    }
                }
                let mut start = 0;
                while start <= text.len() {
                    let end = text.len();
                    let fast = patterns.keys.find(&text, start, end);
                    let oracle = patterns.keys.find_automaton(&text, start, end);
                    assert_eq!(
                        fast,
                        oracle,
                        "{markers:?} {:?} {start}",
                        String::from_utf8_lossy(&text)
                    );
                    for (filter, found) in patterns.keys.find_with_every_filter(&text, start, end) {
                        assert_eq!(
                            found,
                            oracle,
                            "{filter}: {markers:?} {:?} {start}",
                            String::from_utf8_lossy(&text)
                        );
                    }
                    start = fast.map_or(text.len() + 1, |m| m.start() + 1);
                }
            }
        }
    }

    #[test]
    fn bad_markers_are_refused() {
        for (k, v) in [("", "x"), ("key", ""), ("a b", "x"), ("k", "é")] {
            assert!(MarkerPatterns::new(&[Marker::new(k, v)]).is_err());
        }
        let long = "k".repeat(Marker::MAX_LEN + 1);
        assert!(MarkerPatterns::new(&[Marker::new(long, "v")]).is_err());
        assert!(MarkerPatterns::new(&[]).unwrap().is_none());
    }
}
