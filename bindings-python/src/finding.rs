//! `leaksift.Finding`: one core finding, with offsets in the caller's unit
//! and its value masked. It never holds the raw value; `Finding.raw(source)`
//! slices it out of the scanned text on request.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PySlice, PyString, PyTuple};

use crate::errors::Exc;
use crate::input::{is_continuation, type_name, CharCounter, Unit};

/// A stable name from the core (no allocation per finding), or one given
/// to `Finding(...)` from Python.
type Name = Cow<'static, str>;

/// One piece of sensitive data found in the input. Immutable, hashable,
/// comparable, picklable; `repr()` shows the masked value only.
#[pyclass(name = "Finding", module = "leaksift", frozen, eq, hash)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PyFinding {
    /// What was found: `"pan"`, `"cvv"`, `"track_data"`, ...
    #[pyo3(get)]
    kind: Name,
    /// The card brand or track number, `""` when nothing more is known.
    #[pyo3(get)]
    subkind: Name,
    /// Offset of the first character (str input) or byte (bytes input).
    #[pyo3(get)]
    start: usize,
    /// Offset one past the last character or byte.
    #[pyo3(get)]
    end: usize,
    /// How sure the detector is, 0 to 100.
    #[pyo3(get)]
    confidence: u8,
    /// `"unknown"`, `"real"` or `"synthetic"`.
    #[pyo3(get)]
    provenance: Name,
    /// Why the value is synthetic, when it is.
    #[pyo3(get)]
    provenance_reason: Option<Name>,
    /// The value with the default, PCI-safe mask.
    #[pyo3(get)]
    masked: String,
    unit: Unit,
}

impl PyFinding {
    /// Translates a core finding from a scan of `data`, reporting offsets
    /// in `unit`. `chars` converts byte offsets to character offsets (str
    /// input with multi-byte characters); pass the same counter for every
    /// finding of one scan, in scan order. Without it, offsets are the
    /// core's (bytes input, or a str whose characters are all one byte).
    pub(crate) fn from_core(
        finding: &leaksift::Finding,
        data: &[u8],
        unit: Unit,
        chars: Option<&mut CharCounter<'_>>,
    ) -> PyFinding {
        let (start, end) = match chars {
            Some(counter) => counter.span(finding.start, finding.end),
            None => (finding.start, finding.end),
        };
        let mut masked = finding.masked(data).to_string();
        if unit == Unit::Chars {
            masked = one_char_per_char(&masked, data.get(finding.span()).unwrap_or_default());
        }
        PyFinding {
            kind: Cow::Borrowed(finding.kind.as_str()),
            subkind: Cow::Borrowed(finding.subkind.as_str()),
            start,
            end,
            confidence: finding.confidence,
            provenance: Cow::Borrowed(finding.provenance.as_str()),
            provenance_reason: finding
                .provenance
                .reason()
                .map(|r| Cow::Borrowed(r.as_str())),
            masked,
            unit,
        }
    }
}

/// The core's mask renders one character per byte of the value (a
/// non-ASCII byte becomes the mask character). For str input, keep one per
/// character, so that `len(f.masked) == f.end - f.start`.
fn one_char_per_char(masked: &str, value: &[u8]) -> String {
    if value.is_ascii() || masked.chars().count() != value.len() {
        return masked.to_owned();
    }
    masked
        .chars()
        .zip(value)
        .filter(|(_, &byte)| !is_continuation(byte))
        .map(|(c, _)| c)
        .collect()
}

#[pymethods]
impl PyFinding {
    /// Builds a finding from its fields (what pickling uses). The kind must
    /// be one leaksift knows.
    #[new]
    #[pyo3(signature = (kind, subkind, start, end, confidence, provenance, masked, *, provenance_reason=None, offsets="char"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: String,
        subkind: String,
        start: usize,
        end: usize,
        confidence: u8,
        provenance: String,
        masked: String,
        provenance_reason: Option<String>,
        offsets: &str,
    ) -> PyResult<PyFinding> {
        if leaksift::Kind::from_name(&kind).is_none() {
            return Err(Exc::Config.err(format!("unknown kind {kind:?}")));
        }
        if start > end || confidence > 100 {
            return Err(Exc::OutOfRange.err(format!(
                "a finding needs start <= end and confidence <= 100, got {start}..{end}, {confidence}"
            )));
        }
        let unit = match offsets {
            "char" => Unit::Chars,
            "byte" => Unit::Bytes,
            other => {
                return Err(Exc::Config.err(format!(
                    "offsets must be \"char\" or \"byte\", not {other:?}"
                )))
            }
        };
        Ok(PyFinding {
            kind: Cow::Owned(kind),
            subkind: Cow::Owned(subkind),
            start,
            end,
            confidence,
            provenance: Cow::Owned(provenance),
            provenance_reason: provenance_reason.map(Cow::Owned),
            masked,
            unit,
        })
    }

    /// `"char"` when `start`/`end` index characters of a str, `"byte"` when
    /// they are byte offsets into bytes.
    #[getter]
    fn offsets(&self) -> &'static str {
        self.unit.as_str()
    }

    /// `(start, end)`.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The raw matched value, sliced out of `source`, the text or bytes this
    /// finding was found in. The only way to get the raw value: findings
    /// never store it.
    fn raw<'py>(&self, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = source.py();
        let (expected, length) = match self.unit {
            Unit::Chars => ("str", source.cast::<PyString>().ok().map(|s| s.len())),
            Unit::Bytes => ("bytes", source.cast::<PyBytes>().ok().map(|b| b.len())),
        };
        let Some(length) = length else {
            return Err(Exc::InputType.err(format!(
                "this finding has {} offsets: raw() needs the {expected} it was found in, not {}",
                self.unit.as_str(),
                type_name(source)
            )));
        };
        if self.end > length? {
            return Err(Exc::Source
                .err("source is shorter than this finding's span: not the text it was found in"));
        }
        let start = isize::try_from(self.start).unwrap_or(isize::MAX);
        let end = isize::try_from(self.end).unwrap_or(isize::MAX);
        source.get_item(PySlice::new(py, start, end, 1))
    }

    /// The finding as a dict of plain values (no raw value), e.g. for JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("kind", &self.kind)?;
        dict.set_item("subkind", &self.subkind)?;
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        dict.set_item("confidence", self.confidence)?;
        dict.set_item("provenance", &self.provenance)?;
        dict.set_item("provenance_reason", &self.provenance_reason)?;
        dict.set_item("masked", &self.masked)?;
        dict.set_item("offsets", self.unit.as_str())?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let subkind = if self.subkind.is_empty() {
            String::new()
        } else {
            format!(", subkind={}", py_str_repr(&self.subkind))
        };
        format!(
            "Finding(kind={}{subkind}, start={}, end={}, confidence={}, provenance={}, masked={})",
            py_str_repr(&self.kind),
            self.start,
            self.end,
            self.confidence,
            py_str_repr(&self.provenance),
            py_str_repr(&self.masked)
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let kwargs = PyDict::new(py);
        kwargs.set_item("provenance_reason", &this.provenance_reason)?;
        kwargs.set_item("offsets", this.unit.as_str())?;
        // `copyreg`'s helpers take no keyword arguments: rebuild through
        // `functools.partial(Finding, **keywords)`.
        let partial = py
            .import("functools")?
            .getattr("partial")?
            .call((slf.get_type(),), Some(&kwargs))?;
        let args = (
            this.kind.as_ref(),
            this.subkind.as_ref(),
            this.start,
            this.end,
            this.confidence,
            this.provenance.as_ref(),
            this.masked.as_str(),
        );
        PyTuple::new(py, [partial.into_any(), args.into_pyobject(py)?.into_any()])
    }
}

/// `text` as a Python string literal in single quotes, as `repr()` shows it.
pub(crate) fn py_str_repr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '"' => out.push('"'),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push('\'');
    out
}
