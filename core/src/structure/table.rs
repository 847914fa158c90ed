//! CSV and TSV: header names as the context of their columns (rules in the
//! [parent module](super)).
//!
//! The reader is a small state machine over the bytes that matter (the
//! delimiter, `"` and line breaks); inside a field it jumps to the next of
//! them with `memchr`. Its whole state is [`TableState`], a fixed-size
//! `Copy` value with no lookahead, so the state after any prefix of the
//! input can be handed to a scan of the rest: that is how a stream or a
//! windowed in-place mask resumes a table in the middle.

use memchr::{memchr, memchr2};

use crate::cards::cvv;
use crate::finding::SyntheticReason;
use crate::finding::{Finding, Kind, Provenance, Subkind};
use crate::identifiers::keyed::{self, Family, KeyedDetectors};
use crate::identifiers::shapes::finding;
use crate::provenance::markers::{Marker, MarkerPatterns};

/// Columns whose header names are remembered; later columns are ignored.
pub(crate) const MAX_COLUMNS: usize = 64;
/// Longest header name read; longer names name nothing.
const MAX_NAME: usize = 40;
/// Longest header line; a longer line is not a header.
const MAX_HEADER: u32 = 4096;
/// Lines tried as the header: a title or a preamble line or two (report
/// exports have them) may come before it.
pub(crate) const HEADER_LINES: u8 = 4;
/// Spaces allowed around a value inside its field.
const MAX_PAD: usize = 4;
/// Longest digit run read as a value (an international phone number).
const MAX_DIGITS: usize = 15;
/// How far past a field's start its value is read: quote, padding, the
/// digits or a marker value, padding, quote and the byte after. Within the
/// card detectors' margins, which every scanner keeps.
pub(crate) const LOOKAHEAD: usize = 2 + 2 * MAX_PAD + max(MAX_DIGITS, Marker::MAX_LEN) + 1;

const fn max(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
}

/// Distinct marker keys that can name a column: each column's kind is one
/// byte of [`TableState`] (see [`Column::code`]), 6 codes are taken.
const MAX_MARKER_KEYS: usize = 250;

/// Least confidence of a security-code keyword that names a column: `cid`
/// (60) is a customer id more often than not.
const MIN_CVV_KEYWORD: u8 = 70;

/// What a column holds, by its header name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Nothing,
    Cvv,
    Keyed(Family),
    /// A provenance marker column: the key's index in the scanner's
    /// [`MarkerPatterns`] (below [`MAX_MARKER_KEYS`]).
    Marker(u8),
}

impl Column {
    /// The kind as one byte, so the kinds of 64 columns take 64 bytes of
    /// the state a stream carries (an enum with a `u8` payload takes two).
    const fn code(self) -> u8 {
        match self {
            Column::Nothing => 0,
            Column::Cvv => 1,
            Column::Keyed(Family::Ssn) => 2,
            Column::Keyed(Family::TaxId) => 3,
            Column::Keyed(Family::Routing) => 4,
            Column::Keyed(Family::Phone) => 5,
            Column::Marker(key) => 6 + key,
        }
    }

    const fn from_code(code: u8) -> Column {
        match code {
            0 => Column::Nothing,
            1 => Column::Cvv,
            2 => Column::Keyed(Family::Ssn),
            3 => Column::Keyed(Family::TaxId),
            4 => Column::Keyed(Family::Routing),
            5 => Column::Keyed(Family::Phone),
            key => Column::Marker(key - 6),
        }
    }
}

/// Where the reader is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Reading one of the first lines, which may be the header.
    Header,
    /// Skipping the rest of a line that is not the header.
    SkipLine,
    /// The next byte starts a field.
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a `"` inside a quoted field: a second `"` is an escaped
    /// quote, anything else closes the field.
    QuoteInQuoted,
    /// Not a table (or nothing in it to look at).
    Off,
}

/// The reader's state after some prefix of the input: fixed size, no
/// lookahead, `Copy`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableState {
    phase: Phase,
    /// The field delimiter once the header is read (`\n` for one column).
    delimiter: u8,
    /// Column of the current field (saturates).
    column: u32,
    /// [`Column::code`] of each column.
    kinds: [u8; MAX_COLUMNS],
    /// Header only: delimiters seen (bit 0 `,`, 1 tab, 2 `;`), bytes read,
    /// whether any column names a kind, and the current name.
    delimiters_seen: u8,
    header_len: u32,
    any_kind: bool,
    name: [u8; MAX_NAME],
    name_len: u8,
    name_too_long: bool,
    /// Header only: 0 before any quote in this name, 1 inside quotes, 2
    /// after the closing quote.
    name_quote: u8,
    /// Lines given up on as the header so far.
    lines_tried: u8,
}

impl TableState {
    /// The state at the start of an input: the first line may be a header.
    pub(crate) const START: TableState = TableState {
        phase: Phase::Header,
        delimiter: b'\n',
        column: 0,
        kinds: [Column::Nothing.code(); MAX_COLUMNS],
        delimiters_seen: 0,
        header_len: 0,
        any_kind: false,
        name: [0; MAX_NAME],
        name_len: 0,
        name_too_long: false,
        name_quote: 0,
        lines_tried: 0,
    };

    /// Whether nothing more can be found by the table reader.
    pub(crate) fn is_off(&self) -> bool {
        self.phase == Phase::Off
    }

    /// Whether the reader can find anything in `input` from this state: a
    /// first line that is plainly not a header (JSON, a log line) answers
    /// within a few bytes, so scans of such input run without the table
    /// reader at all. `markers` are the scanner's (when its markers
    /// detector is on): their keys name columns too.
    pub(crate) fn may_find(&self, input: &[u8], markers: Option<&MarkerPatterns>) -> bool {
        let mut probe = *self;
        let mut i = 0;
        while i < input.len() {
            match probe.phase {
                Phase::Header => {
                    probe.header_byte(input[i], markers);
                    i += 1;
                }
                Phase::SkipLine => match memchr(b'\n', &input[i..]) {
                    Some(k) => {
                        probe.next_line();
                        i += k + 1;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        probe.phase != Phase::Off
    }

    /// The line being read is not the header: try the next one, if any is
    /// left to try. `at_line_end` when the byte that decided it was `\n`.
    fn not_a_header(&mut self, at_line_end: bool) {
        if self.lines_tried + 1 >= HEADER_LINES {
            self.phase = Phase::Off;
        } else if at_line_end {
            self.next_line();
        } else {
            self.phase = Phase::SkipLine;
        }
    }

    /// Starts reading the next line as a possible header.
    fn next_line(&mut self) {
        *self = TableState {
            lines_tried: self.lines_tried + 1,
            ..TableState::START
        };
    }

    /// The state after `bytes` more input, for a scanner with `markers`
    /// (which must be the ones its scans are given).
    pub(crate) fn advance(&mut self, bytes: &[u8], markers: Option<&MarkerPatterns>) {
        let reporting_nothing = TableColumns {
            keyed: KeyedDetectors::default(),
            cvv: false,
            markers,
            report_markers: false,
        };
        let mut reader = TableCursor::new(*self, reporting_nothing);
        while reader.next(bytes, bytes.len()).is_some() {}
        *self = reader.state;
    }

    fn header_byte(&mut self, byte: u8, markers: Option<&MarkerPatterns>) {
        self.header_len += 1;
        if self.header_len > MAX_HEADER {
            self.not_a_header(byte == b'\n');
            return;
        }
        if self.name_quote == 1 {
            match byte {
                b'"' => self.name_quote = 2,
                b if is_name_byte(b) => self.push_name(b),
                _ => self.not_a_header(byte == b'\n'),
            }
            return;
        }
        match byte {
            b'"' if self.name_len == 0 && self.name_quote == 0 => self.name_quote = 1,
            b',' | b'\t' | b';' => {
                self.delimiters_seen |= match byte {
                    b',' => 1,
                    b'\t' => 2,
                    _ => 4,
                };
                self.end_name(markers);
            }
            b'\n' => {
                self.end_name(markers);
                self.end_header();
            }
            b'\r' => {}
            b if is_name_byte(b) && self.name_quote == 0 => self.push_name(b),
            _ => self.not_a_header(false),
        }
    }

    fn push_name(&mut self, byte: u8) {
        if usize::from(self.name_len) < MAX_NAME {
            self.name[usize::from(self.name_len)] = byte;
            self.name_len += 1;
        } else {
            self.name_too_long = true;
        }
    }

    fn end_name(&mut self, markers: Option<&MarkerPatterns>) {
        let column = self.column as usize;
        if column < MAX_COLUMNS && !self.name_too_long {
            let name = self.name[..usize::from(self.name_len)].trim_ascii();
            // Like the marker cursor's header cells, a marker key names a
            // column only in a row of several: a lone `synthetic` line is
            // a word, not a header.
            let in_a_row = self.delimiters_seen != 0;
            let marker = markers
                .filter(|_| in_a_row)
                .and_then(|m| m.key_of_name(name))
                .filter(|&key| key < MAX_MARKER_KEYS);
            let kind = match marker {
                Some(key) => Column::Marker(key as u8),
                None => column_of(name),
            };
            self.kinds[column] = kind.code();
            self.any_kind |= kind != Column::Nothing;
        }
        self.column = self.column.saturating_add(1);
        self.name_len = 0;
        self.name_too_long = false;
        self.name_quote = 0;
    }

    fn end_header(&mut self) {
        self.column = 0;
        self.delimiter = match self.delimiters_seen {
            0 => b'\n',
            1 => b',',
            2 => b'\t',
            4 => b';',
            _ => return self.not_a_header(true),
        };
        if self.any_kind {
            self.phase = Phase::FieldStart;
        } else {
            self.not_a_header(true);
        }
    }

    /// One byte of a row.
    fn body_byte(&mut self, byte: u8) {
        let next_field = |state: &mut TableState| {
            state.column = state.column.saturating_add(1);
            state.phase = Phase::FieldStart;
        };
        let next_row = |state: &mut TableState| {
            state.column = 0;
            state.phase = Phase::FieldStart;
        };
        match (self.phase, byte) {
            (Phase::Quoted, b'"') => self.phase = Phase::QuoteInQuoted,
            (Phase::Quoted, _) => {}
            (Phase::QuoteInQuoted, b'"') => self.phase = Phase::Quoted,
            (_, b'\n') => next_row(self),
            (_, b) if b == self.delimiter => next_field(self),
            (Phase::FieldStart, b'"') => self.phase = Phase::Quoted,
            _ => self.phase = Phase::Unquoted,
        }
    }

    fn column_kind(&self) -> Column {
        self.kinds
            .get(self.column as usize)
            .map_or(Column::Nothing, |&code| Column::from_code(code))
    }
}

/// Bytes a header name may hold (UTF-8 too: `Teléfono`, `電話`).
fn is_name_byte(byte: u8) -> bool {
    byte >= 0x80
        || byte.is_ascii_alphanumeric()
        || matches!(byte, b' ' | b'_' | b'-' | b'.' | b'#' | b'/' | b'(' | b')')
}

/// What a header name says its column holds: the keyword rules of the
/// security-code and keyed detectors, applied to the name alone.
pub(crate) fn column_of(name: &[u8]) -> Column {
    let occurrences = |word: &'static [u8], case_sensitive: bool| {
        (0..name.len().saturating_sub(word.len() - 1)).filter_map(move |start| {
            let candidate = &name[start..start + word.len()];
            let equal = if case_sensitive {
                candidate == word
            } else {
                candidate.eq_ignore_ascii_case(word)
            };
            equal.then_some((start, start + word.len()))
        })
    };
    let cvv = cvv::KEYWORDS
        .iter()
        .filter(|(_, confidence)| *confidence >= MIN_CVV_KEYWORD)
        .any(|(keyword, _)| {
            occurrences(keyword.as_bytes(), false)
                .any(|(start, end)| cvv::keyword_stands_alone(name, start, end))
        });
    if cvv {
        return Column::Cvv;
    }
    let keyed = keyed::WORDS
        .iter()
        .map(|&(word, family)| (word, family, false))
        .chain(
            keyed::UPPER_ONLY
                .iter()
                .map(|&(word, family)| (word, family, true)),
        )
        .find(|&(word, family, case_sensitive)| {
            occurrences(word.as_bytes(), case_sensitive)
                .any(|(start, end)| keyed::word_end(name, start, end, family).is_some())
        });
    keyed.map_or(Column::Nothing, |(_, family, _)| Column::Keyed(family))
}

/// The value of the field starting at `at`: one digit run, optionally
/// quoted and padded with spaces, that fills the field.
fn field_value(input: &[u8], at: usize, delimiter: u8) -> Option<(usize, usize)> {
    let mut i = at;
    let quoted = input.get(i) == Some(&b'"');
    i += usize::from(quoted);
    let skip_spaces = |mut i: usize| {
        let stop = (i + MAX_PAD).min(input.len());
        while i < stop && input[i] == b' ' {
            i += 1;
        }
        i
    };
    let start = skip_spaces(i);
    let len = input[start.min(input.len())..]
        .iter()
        .take(MAX_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > MAX_DIGITS {
        return None;
    }
    let end = start + len;
    i = skip_spaces(end);
    if quoted {
        if input.get(i) != Some(&b'"') {
            return None;
        }
        i += 1;
    }
    match input.get(i) {
        None | Some(b'\n' | b'\r') => Some((start, end)),
        Some(&b) if b == delimiter => Some((start, end)),
        Some(_) => None,
    }
}

/// The span of the field starting at `at` when its value is one of
/// `values` (ASCII case ignored), optionally quoted and padded with spaces,
/// filling the field: `true`, `"TRUE"`, ` True ` under `is_synthetic`. A
/// quoted field is spanned with its quotes (as the marker cursor spans a
/// quoted JSON value or header cell), an unquoted one without its padding.
fn marker_value(
    input: &[u8],
    at: usize,
    delimiter: u8,
    values: &[Vec<u8>],
) -> Option<(usize, usize)> {
    let quoted = input.get(at) == Some(&b'"');
    let skip_spaces = |mut i: usize| {
        let stop = (i + MAX_PAD).min(input.len());
        while i < stop && input[i] == b' ' {
            i += 1;
        }
        i
    };
    let start = skip_spaces(at + usize::from(quoted));
    values.iter().find_map(|value| {
        let end = start + value.len();
        if !input.get(start..end)?.eq_ignore_ascii_case(value) {
            return None;
        }
        let mut i = skip_spaces(end);
        let span = if quoted {
            if input.get(i) != Some(&b'"') {
                return None;
            }
            i += 1;
            (at, i)
        } else {
            (start, end)
        };
        match input.get(i) {
            None | Some(b'\n' | b'\r') => Some(span),
            Some(&b) if b == delimiter => Some(span),
            Some(_) => None,
        }
    })
}

/// Which columns a table reader reports, and the marker keys that name
/// columns.
#[derive(Clone, Copy)]
pub(crate) struct TableColumns<'p> {
    /// Keyed kinds reported in the columns that name them.
    pub(crate) keyed: KeyedDetectors,
    /// Security codes reported in `cvv` columns.
    pub(crate) cvv: bool,
    /// The scanner's markers (`None` when its markers detector is off):
    /// their keys name marker columns, whether reported or not, so that a
    /// state carried by [`TableState::advance`] equals a scan's.
    pub(crate) markers: Option<&'p MarkerPatterns>,
    /// Marking values in marker columns reported.
    pub(crate) report_markers: bool,
}

/// The table reader's position in one scan.
pub(crate) struct TableCursor<'p> {
    state: TableState,
    columns: TableColumns<'p>,
    /// Bytes before this were read.
    pos: usize,
}

impl<'p> TableCursor<'p> {
    /// A reader that starts in `state` at offset 0 of the input it is given,
    /// reporting what `columns` asks for.
    pub(crate) fn new(state: TableState, columns: TableColumns<'p>) -> Self {
        TableCursor {
            state,
            columns,
            pos: 0,
        }
    }

    /// The next value in a named column whose field starts before `limit`.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        let columns = self.columns;
        let reporting = columns.cvv || columns.keyed.any() || columns.report_markers;
        while self.pos < limit {
            let state = &mut self.state;
            match state.phase {
                Phase::Off => self.pos = limit,
                Phase::Header => {
                    state.header_byte(input[self.pos], columns.markers);
                    self.pos += 1;
                }
                Phase::SkipLine => match memchr(b'\n', &input[self.pos..limit]) {
                    Some(k) => {
                        state.next_line();
                        self.pos += k + 1;
                    }
                    None => self.pos = limit,
                },
                Phase::FieldStart => {
                    let at = self.pos;
                    let found = if reporting {
                        self.value_at(input, at)
                    } else {
                        None
                    };
                    self.state.body_byte(input[at]);
                    self.pos += 1;
                    if found.is_some() {
                        return found;
                    }
                }
                Phase::QuoteInQuoted => {
                    state.body_byte(input[self.pos]);
                    self.pos += 1;
                }
                Phase::Unquoted => {
                    let rest = &input[self.pos..limit];
                    match memchr2(state.delimiter, b'\n', rest) {
                        Some(k) => {
                            state.body_byte(rest[k]);
                            self.pos += k + 1;
                        }
                        None => self.pos = limit,
                    }
                }
                Phase::Quoted => match memchr(b'"', &input[self.pos..limit]) {
                    Some(k) => {
                        state.phase = Phase::QuoteInQuoted;
                        self.pos += k + 1;
                    }
                    None => self.pos = limit,
                },
            }
        }
        None
    }

    fn value_at(&self, input: &[u8], at: usize) -> Option<Finding> {
        let column = self.state.column_kind();
        let detectors = self.columns.keyed;
        let wanted = match column {
            Column::Nothing => false,
            Column::Cvv => self.columns.cvv,
            Column::Keyed(Family::Ssn | Family::TaxId) => detectors.ssn || detectors.itin,
            Column::Keyed(Family::Routing) => detectors.routing,
            Column::Keyed(Family::Phone) => detectors.phone,
            Column::Marker(_) => self.columns.report_markers,
        };
        if !wanted {
            return None;
        }
        if let Column::Marker(key) = column {
            let values = self.columns.markers?.values_of(usize::from(key));
            let (start, end) = marker_value(input, at, self.state.delimiter, values)?;
            return Some(Finding {
                kind: Kind::SyntheticMarker,
                subkind: Subkind::None,
                start,
                end,
                // As sure as a marker the marker cursor finds.
                confidence: 90,
                provenance: Provenance::Synthetic(SyntheticReason::Marker),
            });
        }
        let (start, end) = field_value(input, at, self.state.delimiter)?;
        let digits = &input[start..end];
        match column {
            Column::Nothing | Column::Marker(_) => None,
            Column::Cvv => (3..=4).contains(&digits.len()).then_some(Finding {
                kind: Kind::Cvv,
                subkind: Subkind::None,
                start,
                end,
                confidence: 85,
                provenance: Provenance::Unknown,
            }),
            Column::Keyed(family) => {
                let (kind, subkind, confidence, test_value) = keyed::classify(family, digits)?;
                detectors
                    .wants(kind)
                    .then(|| finding(kind, subkind, start, end, confidence, test_value))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: KeyedDetectors = KeyedDetectors {
        ssn: true,
        itin: true,
        routing: true,
        phone: true,
    };

    fn everything(markers: Option<&MarkerPatterns>) -> TableColumns<'_> {
        TableColumns {
            keyed: ALL,
            cvv: true,
            markers,
            report_markers: markers.is_some(),
        }
    }

    fn scan(text: &str) -> Vec<(Kind, &str)> {
        let mut cursor = TableCursor::new(TableState::START, everything(None));
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| (f.kind, &text[f.span()]))
            .collect()
    }

    #[test]
    fn the_state_is_small_and_fixed() {
        // Carried by every stream and copied into every windowed scan.
        assert!(core::mem::size_of::<TableState>() <= 128);
    }

    #[test]
    fn header_names_name_columns() {
        assert_eq!(column_of(b"cvv"), Column::Cvv);
        assert_eq!(column_of(b"Card CVV2"), Column::Cvv);
        assert_eq!(column_of(b"security_code"), Column::Cvv);
        assert_eq!(column_of(b"cardCode"), Column::Cvv);
        assert_eq!(column_of(b"ssn"), Column::Keyed(Family::Ssn));
        assert_eq!(
            column_of(b"Social Security Number"),
            Column::Keyed(Family::Ssn)
        );
        assert_eq!(column_of(b"TIN"), Column::Keyed(Family::TaxId));
        assert_eq!(
            column_of(b"bank_routing_number"),
            Column::Keyed(Family::Routing)
        );
        assert_eq!(column_of(b"MobilePhone"), Column::Keyed(Family::Phone));
        for nothing in [
            &b"qty"[..],
            b"order_id",
            b"cid",
            b"incident",
            b"tin_can",
            b"hotel",
            b"database",
            b"social",
            b"",
            b"created_at",
        ] {
            assert_eq!(column_of(nothing), Column::Nothing, "{nothing:?}");
        }
    }

    #[test]
    fn csv_columns_named_in_the_header() {
        let csv = "id,name,cvv,qty,ssn,phone,created\n\
                   1001,Ann Lee,123,5,536901234,4155552671,1700000000\n\
                   1002,\"Lee, Bo\",\" 4567 \",12,\"912701234\",2125550147,1700000001\r\n";
        assert_eq!(
            scan(csv),
            [
                (Kind::Cvv, "123"),
                (Kind::Ssn, "536901234"),
                (Kind::Phone, "4155552671"),
                (Kind::Cvv, "4567"),
                (Kind::Itin, "912701234"),
                (Kind::Phone, "2125550147"),
            ]
        );
    }

    #[test]
    fn bait_in_named_and_unnamed_columns() {
        let csv = "order_id,qty,cvv,ssn,routing,amount\n\
                   4111,123,12,53690123,021000022,100\n\
                   5000,456,12345,536001234,123456789,99.5\n\
                   5001,789,12/25,536-90-1234x,0210000211,1\n\
                   5002,7,n/a,unknown,,\n";
        assert_eq!(scan(csv), []);
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let csv = "note,cvv\n\
                   \"says \"\"hi\"\", then, 999\",321\n\
                   \"two\nlines, 777\",654\n\
                   plain \"quote,987\n";
        assert_eq!(
            scan(csv),
            [(Kind::Cvv, "321"), (Kind::Cvv, "654"), (Kind::Cvv, "987")]
        );
    }

    #[test]
    fn tab_and_semicolon_separated() {
        let tsv = "Name\tCard CVV\tQty\nAnn\t123\t456\nBo\t4321\t7\n";
        assert_eq!(scan(tsv), [(Kind::Cvv, "123"), (Kind::Cvv, "4321")]);
        let ssv = "name;routing_number;qty\nAnn;021000021;021000021\n";
        assert_eq!(scan(ssv), [(Kind::RoutingNumber, "021000021")]);
        let single = "ssn\n536901234\n912701234\n";
        assert_eq!(
            scan(single),
            [(Kind::Ssn, "536901234"), (Kind::Itin, "912701234")]
        );
    }

    #[test]
    fn the_header_is_one_of_the_first_lines() {
        for text in [
            "Report: payments, 2026-11-23\n\ncvv,qty\n123,4\n",
            "Exported by Ann\ncvv,qty\n123,4\n",
            "{\"a\":1}\ncvv,qty\n123,4\n",
            "\u{1F469}\u{200D}\u{1F467}\ncvv,qty\n123,4\n",
            "naïve café — cvv,qty\n123,4\n",
        ] {
            assert_eq!(scan(text), [(Kind::Cvv, "123")], "{text:?}");
        }
        for text in [
            "one\ntwo\nthree\nfour\ncvv,qty\n123,4\n",
            "2026-11-23T10:00:00Z cvv,qty\n123,4\n",
            "cvv,qty;x\n123,4\n",
            "cvv,qty\t\n123,4\n",
            "cvv: 1,qty\n123,4\n",
            "123,4\ncvv\n",
        ] {
            assert_eq!(scan(text), [], "{text:?}");
        }
        let long = format!("{},cvv\n1,123\n", "a".repeat(5000));
        assert_eq!(scan(&long), []);
        let long_then_header = format!("{}\ncvv,qty\n123,4\n", "a".repeat(5000));
        assert_eq!(scan(&long_then_header), [(Kind::Cvv, "123")]);
    }

    #[test]
    fn columns_past_the_limit_are_ignored() {
        let mut header: Vec<String> = (0..MAX_COLUMNS).map(|i| format!("c{i}")).collect();
        header.push("cvv".into());
        let row: Vec<&str> = (0..=MAX_COLUMNS).map(|_| "123").collect();
        let csv = format!("{}\n{}\n", header.join(","), row.join(","));
        assert_eq!(scan(&csv), []);
        let mut header: Vec<String> = (0..MAX_COLUMNS - 1).map(|i| format!("c{i}")).collect();
        header.push("cvv".into());
        let csv = format!("{}\n{}\n", header.join(","), row[1..].join(","));
        assert_eq!(scan(&csv), [(Kind::Cvv, "123")]);
    }

    fn scan_marked<'t>(text: &'t str, markers: &[Marker]) -> Vec<(Kind, &'t str)> {
        let patterns = MarkerPatterns::new(markers).unwrap();
        let mut cursor = TableCursor::new(TableState::START, everything(patterns.as_ref()));
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| (f.kind, &text[f.span()]))
            .collect()
    }

    #[test]
    fn marker_columns_mark_their_rows() {
        let csv = "id,is_synthetic,cvv,data_provenance\n\
                   1,true,123,synthetic\n\
                   2,\" TRUE \",456,\"Synthetic\"\r\n\
                   3,false,789,production\n\
                   4,1,012,real\n\
                   5,yes,,\n\
                   6,true-ish,,synthetic data\n\
                   7,,,\n";
        let m = Kind::SyntheticMarker;
        assert_eq!(
            scan_marked(csv, &Marker::defaults()),
            [
                (m, "true"),
                (Kind::Cvv, "123"),
                (m, "synthetic"),
                (m, "\" TRUE \""),
                (Kind::Cvv, "456"),
                (m, "\"Synthetic\""),
                (Kind::Cvv, "789"),
                (Kind::Cvv, "012"),
            ]
        );
        // The header spellings the marker cursor knows; TSV and `;` too.
        let tsv = "Name\tIS_SYNTHETIC\nAnn\ttrue\n";
        assert_eq!(scan_marked(tsv, &Marker::defaults()), [(m, "true")]);
        let ssv = "\"Name\";\"Synthetic\"\n\"Ann\";\"True\"\n";
        assert_eq!(scan_marked(ssv, &Marker::defaults()), [(m, "\"True\"")]);
        // A marker column alone makes a header; a lone name does not.
        assert_eq!(scan_marked("synthetic\ntrue\n", &Marker::defaults()), []);
        // Without markers the same table is no table at all.
        assert_eq!(scan("id,is_synthetic\n1,true\n"), []);
    }

    #[test]
    fn marker_columns_follow_the_configured_markers() {
        let markers = [
            Marker::new("dataset", "fixture"),
            Marker::new("is_synthetic", "1"),
            Marker::new("is_synthetic", "yes"),
        ];
        let csv = "id,dataset,is_synthetic,synthetic\n\
                   1,FIXTURE,1,true\n\
                   2,prod,yes,true\n\
                   3,fixtures,true,1\n";
        let m = Kind::SyntheticMarker;
        assert_eq!(
            scan_marked(csv, &markers),
            [(m, "FIXTURE"), (m, "1"), (m, "yes")]
        );
        // Names that contain a key, or spell it in mixed case, name nothing.
        let csv = "is_synthetic_flag,non_synthetic,iS_SyNtHeTiC\ntrue,true,true\n";
        assert_eq!(scan_marked(csv, &Marker::defaults()), []);
    }

    /// Scans `csv` whole, then resumed from the state after every prefix:
    /// the findings a resumed scan can decide (a quote and the padding
    /// before a value, which streams keep) must be the same.
    fn assert_resumes_at_any_offset(csv: &[u8], markers: Option<&MarkerPatterns>, count: usize) {
        let whole: Vec<Finding> = {
            let mut cursor = TableCursor::new(TableState::START, everything(markers));
            std::iter::from_fn(|| cursor.next(csv, csv.len())).collect()
        };
        assert_eq!(whole.len(), count);
        for split in 0..=csv.len() {
            let mut state = TableState::START;
            state.advance(&csv[..split], markers);
            let mut cursor = TableCursor::new(state, everything(markers));
            let rest = &csv[split..];
            let found: Vec<Finding> = std::iter::from_fn(|| cursor.next(rest, rest.len()))
                .map(|f| Finding {
                    start: f.start + split,
                    end: f.end + split,
                    ..f
                })
                .collect();
            let decided = |f: &&Finding| f.start >= split + 1 + MAX_PAD;
            let expected: Vec<&Finding> = whole.iter().filter(decided).collect();
            let found: Vec<&Finding> = found.iter().filter(decided).collect();
            assert_eq!(found, expected, "split at {split}");
        }
    }

    #[test]
    fn marker_columns_resume_at_any_offset() {
        let patterns = MarkerPatterns::new(&Marker::defaults()).unwrap();
        let csv = b"note,is_synthetic,ssn\n\"a,\ntrue\",true,536901234\nb,\"True\",x\n";
        assert_resumes_at_any_offset(csv, patterns.as_ref(), 3);
    }

    #[test]
    fn column_codes_round_trip() {
        let columns = [
            Column::Nothing,
            Column::Cvv,
            Column::Keyed(Family::Ssn),
            Column::Keyed(Family::TaxId),
            Column::Keyed(Family::Routing),
            Column::Keyed(Family::Phone),
            Column::Marker(0),
            Column::Marker((MAX_MARKER_KEYS - 1) as u8),
        ];
        for column in columns {
            assert_eq!(Column::from_code(column.code()), column);
        }
        assert_eq!(usize::from(Column::Marker(0).code()) + MAX_MARKER_KEYS, 256);
    }

    #[test]
    fn state_resumes_at_any_offset() {
        let csv = b"name,cvv,ssn\n\"a,\"\"b\"\"\n\",123,536901234\nc,\"456\",912701234\n";
        assert_resumes_at_any_offset(csv, None, 4);
    }
}
