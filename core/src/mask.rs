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

use crate::finding::{Finding, Kind};
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
}

impl<'h> Masked<'h> {
    pub(crate) fn new(finding: &Finding, input: &'h [u8]) -> Self {
        let value = input.get(finding.start..finding.end).unwrap_or_default();
        Masked {
            value,
            kind: finding.kind,
        }
    }
}

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        default_mask(self.kind, self.value, |byte| {
            let shown = if byte.is_ascii_graphic() || byte == b' ' {
                char::from(byte)
            } else {
                // Control bytes would garble a terminal; show a placeholder.
                '.'
            };
            if result.is_ok() {
                result = fmt::Write::write_char(f, shown);
            }
        });
        result
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked(\"{self}\")")
    }
}
