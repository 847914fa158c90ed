//! Safe display of matched values.
//!
//! [`Masked`] renders a finding's bytes with every letter and digit replaced
//! by `*`, except what the PCI DSS allows to be shown (the last four digits
//! of a PAN). It writes straight into the formatter, so showing a finding
//! allocates nothing beyond what the caller's writer does.

use core::fmt;

use crate::finding::{Finding, Kind};

/// The character that replaces hidden letters and digits.
pub const MASK_CHAR: char = '*';

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
    keep_last_digits: usize,
}

impl<'h> Masked<'h> {
    pub(crate) fn new(finding: &Finding, input: &'h [u8]) -> Self {
        let value = input.get(finding.start..finding.end).unwrap_or_default();
        let keep_last_digits = match finding.kind {
            Kind::Pan => 4,
            // Sensitive authentication data never survives, not even in part.
            Kind::Cvv | Kind::TrackData => 0,
        };
        Masked {
            value,
            keep_last_digits,
        }
    }
}

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.value.iter().filter(|b| b.is_ascii_digit()).count();
        let mut digits_seen = 0;
        for &byte in self.value {
            let shown = if byte.is_ascii_digit() {
                digits_seen += 1;
                if digits_seen + self.keep_last_digits > digits {
                    byte as char
                } else {
                    MASK_CHAR
                }
            } else if byte.is_ascii_alphanumeric() || !byte.is_ascii() {
                MASK_CHAR
            } else if byte.is_ascii_graphic() || byte == b' ' {
                byte as char
            } else {
                // Control bytes would garble a terminal; show a placeholder.
                '.'
            };
            fmt::Write::write_char(f, shown)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked(\"{self}\")")
    }
}
