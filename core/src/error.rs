//! The one error type of the crate.
//!
//! Detection itself never fails; errors come from building a scanner out of
//! a configuration that cannot work, from keys that cannot be loaded, and
//! from masking, tokenizing or detokenizing values that a policy cannot
//! handle safely.

use core::fmt;

/// What went wrong. Match on it through [`Error::kind`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A detector name that leaksift does not know.
    #[error("unknown detector {name:?} (known: {known})")]
    UnknownDetector {
        /// The name as given.
        name: String,
        /// The known names, comma-separated.
        known: &'static str,
    },
    /// A configuration value outside its allowed range.
    #[error("{setting} must be {allowed}, got {value}")]
    OutOfRange {
        /// The setting's name.
        setting: &'static str,
        /// The allowed range, in words.
        allowed: &'static str,
        /// The value as given.
        value: u64,
    },
    /// A kind name that leaksift does not know (in a masking policy).
    #[error("unknown kind {name:?} (known: {known})")]
    UnknownKind {
        /// The name as given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// A masking action name that leaksift does not know.
    #[error("unknown masking action {name:?} (known: redact, mask, tokenize, pseudonymize)")]
    UnknownAction {
        /// The name as given.
        name: String,
    },
    /// A policy entry that is not `kind=action`, or a bad policy setting.
    #[error("invalid masking policy: {reason}")]
    InvalidPolicy {
        /// What is wrong, in words.
        reason: String,
    },
    /// An action that must never apply to a kind, e.g. tokenizing a CVV:
    /// sensitive authentication data may not be kept in any recoverable form.
    #[error("{action} is not allowed for {kind}: {reason}")]
    ActionNotAllowed {
        /// The kind's name.
        kind: &'static str,
        /// The action's name.
        action: &'static str,
        /// Why, in words.
        reason: &'static str,
    },
    /// Tokenizing or pseudonymizing needs a key and none was given.
    #[error("{action} needs a key (for {kind})")]
    KeyRequired {
        /// The kind's name.
        kind: &'static str,
        /// The action's name.
        action: &'static str,
    },
    /// Key material of a length AES does not take.
    #[error("a key must be 16, 24 or 32 bytes (AES-128, -192 or -256), got {len} bytes")]
    KeyLength {
        /// The length given, in bytes.
        len: usize,
    },
    /// Key text that is not hexadecimal.
    #[error("a hex key must hold only hex digits, in pairs")]
    KeyNotHex,
    /// A key file that could not be read. The message never contains key bytes.
    #[error("cannot read key file {path}: {reason}")]
    KeyFile {
        /// The path as given.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A tweak longer than the policy allows.
    #[error("a tweak may be at most {max} bytes, got {len}")]
    TweakTooLong {
        /// The length given.
        len: usize,
        /// The longest allowed.
        max: usize,
    },
    /// The values a token could take are too few for FF1 to be secure
    /// (NIST SP 800-38G Rev. 1 requires at least 10^6).
    #[error("cannot tokenize this {kind}: its {free} free characters allow fewer than 1,000,000 values (NIST SP 800-38G minimum domain)")]
    DomainTooSmall {
        /// The kind's name.
        kind: &'static str,
        /// How many characters would have been encrypted.
        free: usize,
    },
    /// A value that does not have the shape its kind needs for a
    /// tokenize, pseudonymize or detokenize operation.
    #[error("cannot {action} this {kind}: {reason}")]
    InvalidValue {
        /// The kind's name.
        kind: &'static str,
        /// The operation's name.
        action: &'static str,
        /// What is wrong with the value, in words (never the value itself).
        reason: &'static str,
    },
    /// A length-preserving operation was asked for a policy that changes
    /// lengths (redaction), or an output buffer has the wrong length.
    #[error("{reason}")]
    LengthMismatch {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// More separate findings within the scanner's margins (a few hundred
    /// bytes) than in-place masking can hold on the stack; the buffer is
    /// partly masked. No detector produces that many.
    #[error(
        "more than {limit} separate findings within the scanner's margins: use Masker::mask_into"
    )]
    TooManyFindings {
        /// The most spans `mask_in_place` holds.
        limit: usize,
    },
    /// Findings handed to the masker out of scan order or outside the buffer.
    #[error("findings must be in scan order and inside the buffer ({reason})")]
    InvalidFindings {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// An environment name other than `production` or `synthetic`.
    #[error("unknown environment {name:?} (known: production, synthetic)")]
    UnknownEnvironment {
        /// The name as given.
        name: String,
    },
    /// A provenance marker that cannot be searched for.
    #[error("invalid provenance marker: {reason}")]
    InvalidMarker {
        /// What is wrong, in words.
        reason: String,
    },
    /// The synthetic-data generator cannot make the value asked for.
    #[error("cannot generate a synthetic {what}: {reason}")]
    CannotGenerate {
        /// What was asked for.
        what: &'static str,
        /// Why not, in words.
        reason: String,
    },
}

/// An error from leaksift: an [`ErrorKind`] behind an opaque type, so new
/// details can be added without breaking callers.
///
/// ```
/// use leaksift::{DetectorSet, ErrorKind};
///
/// let err = DetectorSet::parse("pan,cvv,telepathy").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::UnknownDetector { .. }));
/// assert!(err.to_string().contains("telepathy"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {}
