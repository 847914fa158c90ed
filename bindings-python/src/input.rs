//! Python values as the bytes the core scans, and offsets back in the
//! caller's unit.
//!
//! - `str`: scanned as UTF-8. On CPython 3.10+ the bytes are borrowed from
//!   the string's own UTF-8 representation (no copy for ASCII strings); on
//!   3.9 they are encoded once. Offsets are converted to character indices,
//!   so `text[f.start:f.end]` is the match.
//! - A `str` holding lone surrogates (`"\ud800"`, which cannot be UTF-8) is
//!   encoded with `surrogatepass`: each surrogate becomes the 3-byte
//!   sequence of its code point, matches nothing, and still counts as one
//!   character, so offsets stay right. A scanner that refused such rows
//!   would let whatever else they hold through a pipeline unscanned.
//! - `bytes`: borrowed; offsets are byte offsets. `bytearray` and
//!   `memoryview` are copied first (they could change while the GIL is
//!   released).

use std::os::raw::c_char;
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

use crate::errors::Exc;

/// Inputs at least this long (in bytes) are scanned with the GIL released.
/// Below it, releasing and re-taking the GIL costs more than it frees.
pub(crate) const RELEASE_GIL_AT: usize = 32 * 1024;

/// Which offsets the caller gets back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    /// Character (code point) indices into a `str`.
    Chars,
    /// Byte offsets into a bytes-like object.
    Bytes,
}

impl Unit {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Unit::Chars => "char",
            Unit::Bytes => "byte",
        }
    }
}

/// What holds the scanned bytes alive.
enum Holder<'py> {
    /// A `str` whose UTF-8 representation (cached inside the string object
    /// by CPython) is at `ptr..ptr+len`.
    Str {
        _text: Bound<'py, PyString>,
        ptr: *const u8,
        len: usize,
    },
    /// A `bytes` object: the input itself, or a `str` encoded by us.
    Bytes(Bound<'py, PyBytes>),
}

/// One input, ready to scan.
pub(crate) struct Input<'py> {
    holder: Holder<'py>,
    /// The unit of the offsets reported for this input.
    pub(crate) unit: Unit,
    /// Every byte is one character: no conversion of offsets needed.
    pub(crate) one_byte_chars: bool,
}

// `PyUnicode_AsUTF8AndSize` is in the stable ABI from CPython 3.10 on; the
// wheel is built for 3.9 (abi3-py39), whose headers do not list it, so
// pyo3-ffi leaves it out. Declared here and called only on 3.10+.
extern "C" {
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut ffi::PyObject,
        size: *mut ffi::Py_ssize_t,
    ) -> *const c_char;
}

impl<'py> Input<'py> {
    /// `obj` as scan input: `str`, `bytes`, `bytearray` or `memoryview`.
    /// `what` names the argument in the error message.
    pub(crate) fn from_object(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Input<'py>> {
        Input::from_item(obj, what, None)
    }

    /// Like `from_object`, for item `index` of a batch named `what`. The
    /// name is only formatted on error: this runs once per row.
    pub(crate) fn from_item(
        obj: &Bound<'py, PyAny>,
        what: &str,
        index: Option<usize>,
    ) -> PyResult<Input<'py>> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Input::from_str(text);
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Input::from_bytes(bytes.clone()));
        }
        if obj.is_instance_of::<PyByteArray>() || obj.is_instance_of::<PyMemoryView>() {
            // A copy: the object could be resized or written to while the
            // GIL is released for the scan.
            let copied = obj
                .py()
                .import("builtins")?
                .getattr("bytes")?
                .call1((obj,))?;
            return Ok(Input::from_bytes(copied.cast_into::<PyBytes>()?));
        }
        let what = match index {
            Some(index) => format!("{what}[{index}]"),
            None => what.to_owned(),
        };
        Err(Exc::InputType.err(format!(
            "{what} must be str or bytes (or bytearray, memoryview), not {}",
            type_name(obj)
        )))
    }

    fn from_bytes(bytes: Bound<'py, PyBytes>) -> Input<'py> {
        Input {
            holder: Holder::Bytes(bytes),
            unit: Unit::Bytes,
            one_byte_chars: true,
        }
    }

    fn from_str(text: &Bound<'py, PyString>) -> PyResult<Input<'py>> {
        let py = text.py();
        let chars = text.len()?;
        if borrows_utf8(py) {
            let mut size: ffi::Py_ssize_t = 0;
            // SAFETY: `text` is a live str (checked by the cast) and we hold
            // the GIL. The returned buffer belongs to the string object,
            // which `Holder::Str` keeps alive; a str is immutable, so the
            // bytes never change while they are borrowed.
            let ptr = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
            if !ptr.is_null() {
                let len = usize::try_from(size).unwrap_or(0);
                return Ok(Input {
                    holder: Holder::Str {
                        _text: text.clone(),
                        ptr: ptr.cast(),
                        len,
                    },
                    unit: Unit::Chars,
                    one_byte_chars: len == chars,
                });
            }
            // Lone surrogates: clear the UnicodeEncodeError, encode below.
            drop(PyErr::take(py));
        }
        // SAFETY: `text` is a live str and we hold the GIL; the result is a
        // new reference to a bytes object, or NULL with an exception set.
        let encoded = unsafe {
            Bound::from_owned_ptr_or_err(
                py,
                ffi::PyUnicode_AsEncodedString(
                    text.as_ptr(),
                    c"utf-8".as_ptr(),
                    c"surrogatepass".as_ptr(),
                ),
            )?
        };
        let encoded = encoded.cast_into::<PyBytes>()?;
        let one_byte_chars = encoded.as_bytes().len() == chars;
        Ok(Input {
            holder: Holder::Bytes(encoded),
            unit: Unit::Chars,
            one_byte_chars,
        })
    }

    /// The bytes to scan.
    pub(crate) fn bytes(&self) -> &[u8] {
        match &self.holder {
            // SAFETY: see `from_str`: the buffer lives as long as the string
            // object held next to it, and never changes.
            Holder::Str { ptr, len, .. } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
            Holder::Bytes(bytes) => bytes.as_bytes(),
        }
    }

    /// What a worker thread needs, without the Python objects.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            data: self.bytes(),
            unit: self.unit,
            one_byte_chars: self.one_byte_chars,
        }
    }
}

/// Whether `PyUnicode_AsUTF8AndSize` may be called: CPython 3.10 or later.
/// Asked once; `version_info` parses the version string.
fn borrows_utf8(py: Python<'_>) -> bool {
    static BORROWS: OnceLock<bool> = OnceLock::new();
    *BORROWS.get_or_init(|| py.version_info() >= (3, 10))
}

/// The bytes of an input and how to report offsets: `Send`, so it can go to
/// a thread running without the GIL.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) unit: Unit,
    pub(crate) one_byte_chars: bool,
}

/// Converts byte offsets to character offsets for findings in span order
/// (starts never decrease), in one pass over the input: the characters
/// before each start are counted from the previous start, and each span's
/// own characters from its start.
pub(crate) struct CharCounter<'a> {
    data: &'a [u8],
    byte_pos: usize,
    char_pos: usize,
}

impl<'a> CharCounter<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        CharCounter {
            data,
            byte_pos: 0,
            char_pos: 0,
        }
    }

    /// Character offsets of the byte span `start..end`.
    pub(crate) fn span(&mut self, start: usize, end: usize) -> (usize, usize) {
        if start < self.byte_pos {
            // Never happens for a scan's findings; recount rather than fail.
            self.byte_pos = 0;
            self.char_pos = 0;
        }
        self.char_pos += count_chars(self.data.get(self.byte_pos..start).unwrap_or_default());
        self.byte_pos = start;
        let len = count_chars(self.data.get(start..end).unwrap_or_default());
        (self.char_pos, self.char_pos + len)
    }
}

/// Characters in UTF-8 (or surrogatepass) bytes: every byte that is not a
/// continuation byte (`0b10xx_xxxx`) starts one.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Whether `byte` continues a multi-byte UTF-8 sequence.
pub(crate) fn is_continuation(byte: u8) -> bool {
    (byte as i8) < -0x40
}

/// The Python type name of `obj`, for error messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}
