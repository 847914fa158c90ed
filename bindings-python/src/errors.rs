//! Core errors as Python exceptions.
//!
//! The exception classes are defined in Python (`leaksift/errors.py`), where
//! multiple inheritance (`ConfigError(LeaksiftError, ValueError)`) is plain
//! and their docs are readable; this module looks them up once and raises
//! them. Messages are the core's, which never quote a key or a scanned value.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// The exception classes of `leaksift.errors`, by what they mean.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Exc {
    /// Base class of every leaksift error.
    Base,
    /// A scanner setting that cannot work.
    Config,
    /// A detector name leaksift does not know.
    UnknownDetector,
    /// A setting outside its allowed range.
    OutOfRange,
    /// An argument of the wrong type.
    InputType,
    /// Key material that cannot be used.
    InvalidKey,
    /// A masking policy that cannot work.
    Policy,
    /// A value that cannot be masked, tokenized or detokenized.
    Masking,
    /// A source that is not the text a finding was found in.
    Source,
    /// A feature the core does not have yet.
    NotSupported,
}

impl Exc {
    const ALL: [Exc; 10] = [
        Exc::Base,
        Exc::Config,
        Exc::UnknownDetector,
        Exc::OutOfRange,
        Exc::InputType,
        Exc::InvalidKey,
        Exc::Policy,
        Exc::Masking,
        Exc::Source,
        Exc::NotSupported,
    ];

    fn class_name(self) -> &'static str {
        match self {
            Exc::Base => "LeaksiftError",
            Exc::Config => "ConfigError",
            Exc::UnknownDetector => "UnknownDetectorError",
            Exc::OutOfRange => "OutOfRangeError",
            Exc::InputType => "InputTypeError",
            Exc::InvalidKey => "InvalidKeyError",
            Exc::Policy => "PolicyError",
            Exc::Masking => "MaskingError",
            Exc::Source => "SourceError",
            Exc::NotSupported => "NotSupportedError",
        }
    }

    /// An exception of this class with `message`.
    pub(crate) fn err(self, message: impl Into<String>) -> PyErr {
        let message = message.into();
        Python::attach(|py| match classes(py) {
            Ok(classes) => PyErr::from_type(classes[self as usize].bind(py).clone(), message),
            // Only when `leaksift.errors` cannot be imported (a broken
            // install): still an exception, never a crash.
            Err(_) => PyRuntimeError::new_err(format!(
                "leaksift.errors is missing ({}): {message}",
                self.class_name()
            )),
        })
    }
}

static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    CLASSES.get_or_try_init(py, || {
        let module = py.import("leaksift.errors")?;
        Exc::ALL
            .iter()
            .map(|exc| {
                Ok(module
                    .getattr(exc.class_name())?
                    .cast_into::<PyType>()?
                    .unbind())
            })
            .collect()
    })
}

/// A core error as the matching exception.
pub(crate) fn from_core(error: leaksift::Error) -> PyErr {
    from_core_in(error, "")
}

/// A core error as the matching exception, its message after `prefix`
/// (e.g. which row of a batch).
pub(crate) fn from_core_in(error: leaksift::Error, prefix: &str) -> PyErr {
    use leaksift::ErrorKind as K;
    let exc = match error.kind() {
        K::UnknownDetector { .. } => Exc::UnknownDetector,
        K::UnknownEnvironment { .. } | K::InvalidMarker { .. } => Exc::Config,
        K::OutOfRange { .. } | K::TweakTooLong { .. } => Exc::OutOfRange,
        K::UnknownKind { .. }
        | K::UnknownAction { .. }
        | K::InvalidPolicy { .. }
        | K::ActionNotAllowed { .. }
        | K::KeyRequired { .. } => Exc::Policy,
        K::KeyLength { .. } | K::KeyNotHex | K::KeyFile { .. } => Exc::InvalidKey,
        K::DomainTooSmall { .. } | K::InvalidValue { .. } => Exc::Masking,
        // ErrorKind is non-exhaustive: kinds added to the core later are
        // still LeaksiftErrors until they get a class of their own.
        _ => Exc::Base,
    };
    exc.err(format!("{prefix}{error}"))
}
