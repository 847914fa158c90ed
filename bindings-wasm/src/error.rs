//! Errors as JavaScript sees them: an `Error` whose `name` is
//! `"LeaksiftError"` and whose `kind` says what went wrong, never a thrown
//! string and never a trap.

use wasm_bindgen::JsValue;

/// What went wrong; `as_str` is the `kind` property of the thrown `Error`
/// and the `ErrorKind` union of the TypeScript declarations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// An argument of the wrong type, or an option leaksift does not know.
    InvalidArgument,
    /// A detector name leaksift does not know.
    UnknownDetector,
    /// A number outside its allowed range.
    OutOfRange,
    /// A string too long to copy into WebAssembly memory safely.
    InputTooLarge,
    /// A masking policy that cannot work: an unknown kind or action, an
    /// action a kind does not allow, a bad mask character.
    InvalidPolicy,
    /// A key of the wrong length or not hex, or a key missing where
    /// tokens or pseudonyms are asked for.
    InvalidKey,
    /// A value that cannot be tokenized (too few characters to encrypt, or
    /// not a value of its kind), with `strict` on or in `detokenize`.
    CannotTokenize,
}

impl ErrorKind {
    /// Every kind, for the check against the TypeScript declarations.
    #[cfg(test)]
    pub(crate) const ALL: [ErrorKind; 7] = [
        ErrorKind::InvalidArgument,
        ErrorKind::UnknownDetector,
        ErrorKind::OutOfRange,
        ErrorKind::InputTooLarge,
        ErrorKind::InvalidPolicy,
        ErrorKind::InvalidKey,
        ErrorKind::CannotTokenize,
    ];

    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::UnknownDetector => "unknown_detector",
            ErrorKind::OutOfRange => "out_of_range",
            ErrorKind::InputTooLarge => "input_too_large",
            ErrorKind::InvalidPolicy => "invalid_policy",
            ErrorKind::InvalidKey => "invalid_key",
            ErrorKind::CannotTokenize => "cannot_tokenize",
        }
    }
}

/// An error on its way to JavaScript. Kept as plain Rust data until it
/// crosses the boundary, so the binding's logic can be tested on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Error {
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }
}

/// The core's setting names are Rust's; JavaScript callers wrote camelCase.
fn js_setting_name(setting: &str) -> &str {
    match setting {
        "min_confidence" => "minConfidence",
        "context_window" => "contextWindow",
        other => other,
    }
}

impl From<leaksift::Error> for Error {
    fn from(err: leaksift::Error) -> Self {
        match err.kind() {
            leaksift::ErrorKind::UnknownDetector { name, known } => Error::new(
                ErrorKind::UnknownDetector,
                format!("unknown detector {name:?} (known: {known})"),
            ),
            leaksift::ErrorKind::OutOfRange {
                setting,
                allowed,
                value,
            } => Error::new(
                ErrorKind::OutOfRange,
                format!(
                    "{} must be {allowed}, got {value}",
                    js_setting_name(setting)
                ),
            ),
            leaksift::ErrorKind::TweakTooLong { .. } => {
                Error::new(ErrorKind::OutOfRange, err.to_string())
            }
            leaksift::ErrorKind::UnknownKind { .. }
            | leaksift::ErrorKind::UnknownAction { .. }
            | leaksift::ErrorKind::InvalidPolicy { .. }
            | leaksift::ErrorKind::ActionNotAllowed { .. } => {
                Error::new(ErrorKind::InvalidPolicy, err.to_string())
            }
            leaksift::ErrorKind::KeyRequired { .. }
            | leaksift::ErrorKind::KeyLength { .. }
            | leaksift::ErrorKind::KeyNotHex => Error::new(ErrorKind::InvalidKey, err.to_string()),
            leaksift::ErrorKind::DomainTooSmall { .. }
            | leaksift::ErrorKind::InvalidValue { .. } => {
                Error::new(ErrorKind::CannotTokenize, err.to_string())
            }
            // The core's error kinds are non-exhaustive: a new one still
            // arrives as an Error with the core's own message.
            _ => Error::invalid(err.to_string()),
        }
    }
}

impl From<Error> for JsValue {
    fn from(err: Error) -> JsValue {
        let js = js_sys::Error::new(&err.message);
        js.set_name("LeaksiftError");
        // Setting a property on a fresh Error cannot fail; if it ever did,
        // the Error still carries its message and name.
        let _ = js_sys::Reflect::set(
            &js,
            &JsValue::from_str("kind"),
            &JsValue::from_str(err.kind.as_str()),
        );
        js.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_name_the_javascript_setting() {
        let err = leaksift::Scanner::new(leaksift::Config::new().min_confidence(101))
            .err()
            .map(Error::from);
        assert_eq!(
            err,
            Some(Error::new(
                ErrorKind::OutOfRange,
                "minConfidence must be between 0 and 100, got 101"
            ))
        );
    }

    #[test]
    fn unknown_detectors_list_the_known_ones() {
        let err = leaksift::DetectorSet::parse("pan,telepathy")
            .err()
            .map(Error::from);
        let err = err.as_ref();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::UnknownDetector));
        assert!(err.is_some_and(
            |e| e.message.contains("\"telepathy\"") && e.message.contains("known: pan")
        ));
    }
}
