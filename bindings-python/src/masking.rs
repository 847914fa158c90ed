//! Masking, tokenization and detokenization.
//!
//! The core on this branch has no masking yet (it is being built on its own
//! branch). The Python signatures exist so that code written against them
//! does not change when it lands; until then every call raises
//! `NotSupportedError` instead of pretending to mask.

use pyo3::prelude::*;

use crate::errors::Exc;
use crate::scanner::PyScanner;

/// Whether this build can mask (`leaksift.MASKING_AVAILABLE`).
pub(crate) const AVAILABLE: bool = false;

fn not_yet(what: &str) -> PyErr {
    Exc::NotSupported.err(format!(
        "{what} is not available: this build's leaksift core has no masking yet. \
         Nothing was masked; scan() and scan_many() work"
    ))
}

pub(crate) fn mask<'py>(
    _scanner: &PyScanner,
    _text: &Bound<'py, PyAny>,
    _policy: Option<&Bound<'py, PyAny>>,
    _key: Option<&Bound<'py, PyAny>>,
    _tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Err(not_yet("Scanner.mask()"))
}

pub(crate) fn mask_many<'py>(
    _scanner: &PyScanner,
    _texts: &Bound<'py, PyAny>,
    _policy: Option<&Bound<'py, PyAny>>,
    _key: Option<&Bound<'py, PyAny>>,
    _tweak: Option<&Bound<'py, PyAny>>,
    _threads: Option<i64>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    Err(not_yet("Scanner.mask_many()"))
}

pub(crate) fn tokenize<'py>(
    _scanner: &PyScanner,
    _text: &Bound<'py, PyAny>,
    _key: &Bound<'py, PyAny>,
    _tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Err(not_yet("Scanner.tokenize()"))
}

pub(crate) fn detokenize<'py>(
    _scanner: &PyScanner,
    _token: &Bound<'py, PyAny>,
    _key: &Bound<'py, PyAny>,
    _kind: &str,
    _tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Err(not_yet("Scanner.detokenize()"))
}
