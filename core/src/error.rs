//! The one error type of the crate.
//!
//! Detection itself never fails; errors come from building a scanner out of
//! a configuration that cannot work.

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
