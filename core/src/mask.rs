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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Provenance;

    fn masked(kind: Kind, subkind: Subkind, value: &str) -> String {
        let finding = Finding {
            kind,
            subkind,
            start: 0,
            end: value.len(),
            confidence: 90,
            provenance: Provenance::Unknown,
        };
        finding.masked(value.as_bytes()).to_string()
    }

    #[test]
    fn identifiers_keep_what_their_kind_allows() {
        assert_eq!(
            masked(Kind::Ssn, Subkind::None, "536-90-1234"),
            "***-**-1234"
        );
        assert_eq!(
            masked(Kind::Itin, Subkind::None, "912 70 1234"),
            "*** ** 1234"
        );
        assert_eq!(
            masked(Kind::Iban, Subkind::None, "DE89 3704 0044 0532 0130 00"),
            "DE** **** **** **** **30 00"
        );
        assert_eq!(
            masked(Kind::Iban, Subkind::None, "MU17BOMM0101101030300200000MUR"),
            "MU************************0MUR"
        );
        assert_eq!(
            masked(Kind::RoutingNumber, Subkind::None, "021000021"),
            "*****0021"
        );
        assert_eq!(
            masked(Kind::Phone, Subkind::E164, "+44 20 7946 0958"),
            "+** ** **** 0958"
        );
        assert_eq!(
            masked(Kind::Phone, Subkind::Nanp, "(212) 555-0147"),
            "(***) ***-0147"
        );
        assert_eq!(
            masked(Kind::Email, Subkind::None, "ann.lee@acme.io"),
            "a**.***@acme.io"
        );
        assert_eq!(masked(Kind::Email, Subkind::None, "a@acme.io"), "*@acme.io");
        assert_eq!(
            masked(Kind::Email, Subkind::None, "user@bücher.de"),
            "u***@bücher.de"
        );
    }

    #[test]
    fn secrets_keep_only_their_prefix() {
        let aws = ["AKIA", "Z7Q3K2M4N5P6R7S2"].concat();
        assert_eq!(
            masked(Kind::Secret, Subkind::AwsAccessKeyId, &aws),
            "AKIA****************"
        );
        let stripe = ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
        assert_eq!(
            masked(Kind::Secret, Subkind::StripeSecretKey, &stripe),
            "sk_live_************************"
        );
        let hook = ["whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"].concat();
        assert_eq!(
            masked(Kind::Secret, Subkind::StripeWebhookSecret, &hook),
            format!("whsec_{}", "*".repeat(32))
        );
        let slack = ["xoxb-", "1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"].concat();
        assert_eq!(
            masked(Kind::Secret, Subkind::SlackToken, &slack),
            "xoxb-**********-**********-************************"
        );
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            masked(Kind::Secret, Subkind::PrivateKey, pem),
            "-----BEGIN RSA PRIVATE KEY-----.******.-----*** *** ******* ***-----"
        );
        assert_eq!(
            masked(Kind::Secret, Subkind::UrlPassword, "s3cr3t!"),
            "******!"
        );
        assert_eq!(
            masked(Kind::Secret, Subkind::Generic, "Xk29dkLq0PzM3nVb"),
            "*".repeat(16)
        );
    }

    #[test]
    fn cardholder_data_masking_is_as_before() {
        assert_eq!(
            masked(Kind::Pan, Subkind::Visa, "4111 1111 1111 1111"),
            "**** **** **** 1111"
        );
        assert_eq!(masked(Kind::Cvv, Subkind::None, "123"), "***");
        assert_eq!(
            masked(Kind::TrackData, Subkind::Track2, ";4111111111111111=2512?"),
            ";****************=****?"
        );
    }
}
