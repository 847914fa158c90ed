//! Structure awareness: what JSON keys, CSV/TSV headers, query strings,
//! form bodies and HTTP header lines say about the values next to them,
//! read without building a tree and without allocating.
//!
//! # Rules
//! | structure | what is the context of a value | where it lives |
//! |---|---|---|
//! | JSON | the key in front of it: `{"card": {"cvc": "123"}}` is a security code, `{"ssn": "536901234"}` an SSN, `{"qty": 123}` nothing | keyword cursors (`cards::cvv`, `identifiers::keyed`): the key, then `"`, `:`, spaces, `{`, `[` and filler words such as "value" up to the value |
//! | JSON inside a JSON string | the same, through the backslashes: `"{\"cvv\":\"123\"}"` | the same cursors skip `\` |
//! | CSV / TSV | the header cell of the value's column: in `name,cvv,qty` the second field of every row is a security code when it is 3–4 digits, the third is nothing | [`table`]: a header on **one of the first four lines of the input** |
//! | query strings, form bodies | the parameter name: `card_number=…&cvv=123`, `card[cvc]=123`, `card%5Bcvc%5D=123` | keyword cursors; percent-encoded brackets, quotes, `:` and `=` count as punctuation |
//! | HTTP header lines | the header name: `X-Card-Cvv: 123`, `X-SSN: 536901234` | keyword cursors (a `-` separates words) |
//!
//! Card numbers need no key: the card detector finds them anywhere, and the
//! key only raises or lowers confidence (`"card_number"` raises, `"order_id"`
//! lowers; see `context`).
//!
//! # CSV and TSV
//! A line is the header when every byte of it could be part of a column
//! name (letters, digits, non-ASCII UTF-8, spaces and `_ - . # / ( )`,
//! names optionally in double quotes), its names are separated by exactly
//! one kind of delimiter (`,`, tab or `;`, or none for a single column), it
//! is at most 4 KiB long, and at least one name says what its values are:
//! a security-code keyword (`cvv`, `cvc2`, `security_code`, `Card Code`; not
//! the weak `cid`), or a word naming an SSN, ITIN, routing number or phone
//! number (`ssn`, `social_security_number`, `TIN`, `routing`, `aba`,
//! `phone`, `mobile`, …), matched as a token the way the keyword cursors
//! match them, or (with the markers detector on, in a header of two or more
//! columns) is the whole key of a configured provenance marker
//! (`is_synthetic`, `data_provenance`; see [`Marker`](crate::Marker)).
//! Then every field of the rows below in such a column is
//! checked: a field that is one digit run (optionally quoted, with spaces
//! around it) of the right shape is reported — 3 or 4 digits for a security
//! code, 9 digits passing the SSN/ITIN ranges, the ABA checksum, or a valid
//! NANP or international number for a phone — and a field holding one of the
//! marker key's values (`true` under `is_synthetic`, any case, optionally
//! quoted) is a `synthetic_marker` that marks its row. A field holding anything else
//! (a name, a date, `536-90-1234`, which the shape detectors judge on their
//! own) is left to the other detectors. The first line is tried first; when
//! it is not a header the next is, up to the fourth, so a report title or a
//! preamble line or two may come before the header. No finding comes from
//! the lines before it.
//!
//! Quoted fields may hold delimiters, doubled quotes and line breaks
//! (RFC 4180); a quote inside an unquoted field is an ordinary byte. The
//! first [`table::MAX_COLUMNS`] (64) columns are followed; later columns
//! are ignored. A header only counts among the first four lines of the
//! whole input (or stream): a table further down, or a second file
//! concatenated after the first, is scanned as plain text.
//!
//! The table state (phase, column, quoting, the kinds of the first 64
//! columns and the header name being read) is a fixed-size value that a
//! [`StreamScanner`](crate::StreamScanner) carries from one window to the
//! next, so streaming stays equal to a one-shot scan.
//!
//! # What is not seen
//! - JSON string escapes are not decoded: `"4111\u002d1111\u002d1111\u002d1111"`
//!   or `"cvv":"\u0031\u0032\u0033"` hide the value (a PAN written with
//!   `\u002d` separators is not found; its contiguous digits would be).
//! - Percent-encoded or `+`-joined values: `4111+1111+1111+1111` and
//!   `4111%201111%201111%201111` in a form body are not read as card
//!   numbers (only spaces and hyphens separate groups); a percent-encoded
//!   key name other than its brackets and quotes is not decoded.
//! - Name/value pairs (`{"name": "cvv", "value": "123"}`) and keys of an
//!   enclosing object more than a few bytes away (`{"cvv": {"meta": {…},
//!   "value": "123"}}`) are not followed.

pub(crate) mod table;
