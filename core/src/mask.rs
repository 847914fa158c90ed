//! Safe display of matched values.
//!
//! [`Masked`] renders a finding's bytes with the default [`Policy`]'s mask
//! (the same code that masks buffers: see the `masking` module): every
//! letter and digit replaced by `*`, except what the kind's rule shows (the
//! last four digits of a PAN). It writes straight into the formatter, so
//! showing a finding allocates nothing beyond what the caller's writer does.
//!
//! [`Policy`]: crate::Policy

use core::fmt;

use crate::finding::{Finding, Kind, Subkind};
use crate::masking::default_mask;

/// The character that replaces hidden letters and digits by default.
pub const MASK_CHAR: char = crate::masking::Policy::DEFAULT_MASK_CHAR;

/// A finding's value, masked for display. Created by [`Finding::masked`].
///
/// ```
/// use leaksift::Scanner;
///
/// let input = b"cvv: 123";
/// let finding = Scanner::default().scan_to_vec(input)[0];
/// assert_eq!(finding.masked(input).to_string(), "***");
/// ```
#[derive(Clone, Copy)]
pub struct Masked<'h> {
    value: &'h [u8],
    kind: Kind,
    subkind: Subkind,
}

impl<'h> Masked<'h> {
    pub(crate) fn new(finding: &Finding, input: &'h [u8]) -> Self {
        let value = input.get(finding.start..finding.end).unwrap_or_default();
        Masked {
            value,
            kind: finding.kind,
            subkind: finding.subkind,
        }
    }
}

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shown parts may hold UTF-8 (an internationalised email domain), so
        // the bytes of a character are gathered before it is written.
        let mut pending = [0u8; 4];
        let mut pending_len = 0;
        let mut result = Ok(());
        default_mask(self.kind, self.subkind, self.value, |byte| {
            if result.is_err() {
                return;
            }
            if byte.is_ascii() {
                result = flush_invalid(f, pending_len).and_then(|()| {
                    // Control bytes would garble a terminal; show a placeholder.
                    let shown = if byte.is_ascii_graphic() || byte == b' ' {
                        char::from(byte)
                    } else {
                        '.'
                    };
                    fmt::Write::write_char(f, shown)
                });
                pending_len = 0;
                return;
            }
            if pending_len == pending.len() || (pending_len > 0 && byte & 0xC0 != 0x80) {
                // Not a continuation of what came before: that was invalid.
                result = flush_invalid(f, pending_len);
                pending_len = 0;
            }
            pending[pending_len] = byte;
            pending_len += 1;
            if let Ok(text) = core::str::from_utf8(&pending[..pending_len]) {
                let ch = text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                result = fmt::Write::write_char(f, if ch.is_control() { '.' } else { ch });
                pending_len = 0;
            }
        });
        result.and_then(|()| flush_invalid(f, pending_len))
    }
}

/// Writes one replacement character for `len` bytes that were not UTF-8.
fn flush_invalid(f: &mut fmt::Formatter<'_>, len: usize) -> fmt::Result {
    if len > 0 {
        fmt::Write::write_char(f, char::REPLACEMENT_CHARACTER)
    } else {
        Ok(())
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked(\"{self}\")")
    }
}
