//! `leaksift.Scanner`: a core scanner built once from keyword settings,
//! shared by any number of threads.

use std::ops::ControlFlow;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};

use crate::batch;
use crate::errors::{self, Exc};
use crate::finding::{py_str_repr, PyFinding};
use crate::input::{type_name, CharCounter, Input, Unit, View, RELEASE_GIL_AT};
use crate::masking;

/// Finds sensitive data in str and bytes. Immutable once built; share one
/// scanner between threads and calls.
#[pyclass(name = "Scanner", module = "leaksift", frozen)]
pub(crate) struct PyScanner {
    pub(crate) inner: leaksift::Scanner,
    detectors: leaksift::DetectorSet,
    min_confidence: u8,
    context_window: usize,
    environment: Option<leaksift::Environment>,
    /// Whether a watermark key was given (the key itself lives only in the
    /// core scanner, as a derived key that is wiped on drop).
    watermarked: bool,
}

impl PyScanner {
    /// Scans one input's bytes. Needs no GIL.
    pub(crate) fn scan_view(&self, view: View<'_>) -> Vec<PyFinding> {
        let mut counter =
            (view.unit == Unit::Chars && !view.one_byte_chars).then(|| CharCounter::new(view.data));
        let mut findings = Vec::new();
        let _ = self.inner.scan(view.data, |f: &leaksift::Finding| {
            findings.push(PyFinding::from_core(
                f,
                view.data,
                view.unit,
                counter.as_mut(),
            ));
            ControlFlow::Continue(())
        });
        findings
    }
}

#[pymethods]
impl PyScanner {
    #[new]
    #[pyo3(signature = (detectors=None, *, min_confidence=None, context_window=None, watermark_key=None, environment=None))]
    fn new(
        detectors: Option<&Bound<'_, PyAny>>,
        min_confidence: Option<&Bound<'_, PyAny>>,
        context_window: Option<&Bound<'_, PyAny>>,
        watermark_key: Option<&Bound<'_, PyAny>>,
        environment: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScanner> {
        let environment = environment.map(environment_from).transpose()?;
        let watermark_key = watermark_key
            .map(|key| {
                masking::key_from(key).map_err(|e| {
                    Python::attach(|py| {
                        let message = format!("watermark_key: {}", e.value(py));
                        PyErr::from_type(e.get_type(py), message)
                    })
                })
            })
            .transpose()?;
        let detectors = match detectors {
            None => leaksift::DetectorSet::ALL,
            Some(names) => parse_detectors(names)?,
        };
        let min_confidence = int_setting(
            min_confidence,
            "min_confidence",
            "between 0 and 100",
            leaksift::Config::DEFAULT_MIN_CONFIDENCE.into(),
            u8::MAX.into(),
        )?;
        let context_window = int_setting(
            context_window,
            "context_window",
            "between 0 and 256 bytes",
            leaksift::Config::DEFAULT_CONTEXT_WINDOW as i64,
            i64::from(u32::MAX),
        )?;
        // Both fit: int_setting checked them against the type's range.
        let min_confidence = u8::try_from(min_confidence).unwrap_or(u8::MAX);
        let context_window = usize::try_from(context_window).unwrap_or(usize::MAX);
        let mut config = leaksift::Config::new()
            .detectors(detectors)
            .min_confidence(min_confidence)
            .context_window(context_window);
        if let Some(key) = &watermark_key {
            config = config.watermark_key(key);
        }
        if let Some(environment) = environment {
            config = config.environment(environment);
        }
        let inner = leaksift::Scanner::new(config).map_err(errors::from_core)?;
        Ok(PyScanner {
            inner,
            detectors,
            min_confidence,
            context_window,
            environment,
            watermarked: watermark_key.is_some(),
        })
    }

    /// Scans one str (character offsets) or bytes (byte offsets); the GIL
    /// is released for inputs of `RELEASE_GIL_AT` bytes or more.
    fn scan(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Vec<PyFinding>> {
        let input = Input::from_object(text, "text")?;
        let view = input.view();
        Ok(if view.data.len() >= RELEASE_GIL_AT {
            py.detach(|| self.scan_view(view))
        } else {
            self.scan_view(view)
        })
    }

    /// Scans every item of `texts` (str or bytes) with the GIL released,
    /// over `threads` threads (default: one per core). One list of findings
    /// per item, in order.
    #[pyo3(signature = (texts, threads=None))]
    fn scan_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, PyList>> {
        let inputs = collect_inputs(texts, "texts")?;
        let threads = batch::thread_count(threads, inputs.len())?;
        let views: Vec<View<'_>> = inputs.iter().map(Input::view).collect();
        let found = py.detach(|| batch::map(&views, threads, |view| self.scan_view(*view)));
        // One list per row: for a batch of short rows, creating them is most
        // of the time spent holding the GIL, and the cyclic collector would
        // otherwise walk the growing result over and over. Plain lists of
        // findings cannot form cycles.
        let _paused = batch::GcPause::new(py)?;
        let rows = found
            .into_iter()
            .map(|row| PyList::new(py, row))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rows)
    }

    /// Masks what a scan finds, returning a text of the same type. `policy`:
    /// `None` (default masks), `"kind=action,..."` rules or a dict; `key`
    /// (bytes or hex) for tokenize/pseudonymize actions; `tweak` for tokens.
    #[pyo3(signature = (text, policy=None, *, key=None, tweak=None))]
    fn mask<'py>(
        &self,
        text: &Bound<'py, PyAny>,
        policy: Option<&Bound<'py, PyAny>>,
        key: Option<&Bound<'py, PyAny>>,
        tweak: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        masking::mask(self, text, policy, key, tweak)
    }

    /// Masks every item of `texts` with the GIL released, over `threads`
    /// threads.
    #[pyo3(signature = (texts, policy=None, *, key=None, tweak=None, threads=None))]
    fn mask_many<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        policy: Option<&Bound<'py, PyAny>>,
        key: Option<&Bound<'py, PyAny>>,
        tweak: Option<&Bound<'py, PyAny>>,
        threads: Option<i64>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        masking::mask_many(self, texts, policy, key, tweak, threads)
    }

    /// Replaces what a scan finds with format-preserving tokens (FF1 under
    /// `key`), reversible with `detokenize`.
    #[pyo3(signature = (text, key, *, tweak=None))]
    fn tokenize<'py>(
        &self,
        text: &Bound<'py, PyAny>,
        key: &Bound<'py, PyAny>,
        tweak: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        masking::tokenize(self, text, key, tweak)
    }

    /// The original value of one token made by `tokenize` with the same key
    /// and tweak.
    #[pyo3(signature = (token, key, *, kind="pan", tweak=None))]
    fn detokenize<'py>(
        &self,
        token: &Bound<'py, PyAny>,
        key: &Bound<'py, PyAny>,
        kind: &str,
        tweak: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        masking::detokenize(self, token, key, kind, tweak)
    }

    /// The names of the detectors this scanner runs.
    #[getter]
    fn detectors(&self) -> Vec<&'static str> {
        self.detectors.iter().map(|d| d.name()).collect()
    }

    /// Findings below this confidence are not reported.
    #[getter]
    fn min_confidence(&self) -> u8 {
        self.min_confidence
    }

    /// Bytes before a match read for context words.
    #[getter]
    fn context_window(&self) -> usize {
        self.context_window
    }

    /// The declared environment ("production" or "synthetic") of the
    /// commingling policy, or None.
    #[getter]
    fn environment(&self) -> Option<&'static str> {
        self.environment.map(leaksift::Environment::as_str)
    }

    /// Whether the scanner recognises watermarks (the key is never shown).
    #[getter]
    fn has_watermark_key(&self) -> bool {
        self.watermarked
    }

    fn __repr__(&self) -> String {
        let detectors: Vec<String> = self.detectors().into_iter().map(py_str_repr).collect();
        let environment = match self.environment {
            Some(e) => format!(", environment='{}'", e.as_str()),
            None => String::new(),
        };
        let key = if self.watermarked {
            ", watermark_key=<redacted>"
        } else {
            ""
        };
        format!(
            "Scanner(detectors=[{}], min_confidence={}, context_window={}{environment}{key})",
            detectors.join(", "),
            self.min_confidence,
            self.context_window
        )
    }

    /// Pickles as its settings, so a scanner can be shipped to Spark
    /// executors or worker processes and rebuilt there.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        if this.watermarked {
            // Pickling would write the key into the pickle; build the
            // scanner where it is used, from a key read there.
            return Err(Exc::NotSupported.err(
                "a Scanner with a watermark_key is not picklable, so the key never lands \
                 in a pickle: build it on each worker from the key",
            ));
        }
        let kwargs = PyDict::new(py);
        if let Some(environment) = this.environment {
            kwargs.set_item("environment", environment.as_str())?;
        }
        kwargs.set_item("min_confidence", this.min_confidence)?;
        kwargs.set_item("context_window", this.context_window)?;
        let partial = py
            .import("functools")?
            .getattr("partial")?
            .call((slf.get_type(),), Some(&kwargs))?;
        let args = (this.detectors(),).into_pyobject(py)?;
        PyTuple::new(py, [partial.into_any(), args.into_any()])
    }
}

/// `"production"` or `"synthetic"` as the core's environment.
fn environment_from(value: &Bound<'_, PyAny>) -> PyResult<leaksift::Environment> {
    let Ok(name) = value.cast::<PyString>() else {
        return Err(Exc::InputType.err(format!(
            "environment must be \"production\" or \"synthetic\", not {}",
            type_name(value)
        )));
    };
    name.to_cow()?
        .parse::<leaksift::Environment>()
        .map_err(errors::from_core)
}

/// Every item of an iterable as scan input; `what` names it in errors.
pub(crate) fn collect_inputs<'py>(
    texts: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<Vec<Input<'py>>> {
    if texts.is_instance_of::<PyString>() || texts.cast::<pyo3::types::PyBytes>().is_ok() {
        return Err(Exc::InputType.err(format!(
            "{what} must be an iterable of str or bytes, not a single {}: wrap it in a list",
            type_name(texts)
        )));
    }
    let iter = texts.try_iter().map_err(|_| {
        Exc::InputType.err(format!(
            "{what} must be an iterable of str or bytes, not {}",
            type_name(texts)
        ))
    })?;
    let mut inputs = Vec::with_capacity(texts.len().unwrap_or(0));
    for (index, item) in iter.enumerate() {
        inputs.push(Input::from_item(&item?, what, Some(index))?);
    }
    Ok(inputs)
}

/// Detector names as a comma-separated str or an iterable of str.
fn parse_detectors(names: &Bound<'_, PyAny>) -> PyResult<leaksift::DetectorSet> {
    let list = if let Ok(text) = names.cast::<PyString>() {
        text.to_cow()?.into_owned()
    } else {
        let iter = names.try_iter().map_err(|_| {
            Exc::InputType.err(format!(
                "detectors must be a str such as \"pan,cvv\" or a list of names, not {}",
                type_name(names)
            ))
        })?;
        let mut list = Vec::new();
        for name in iter {
            let name = name?;
            let text = name.cast::<PyString>().map_err(|_| {
                Exc::InputType.err(format!(
                    "detector names must be str, not {}",
                    type_name(&name)
                ))
            })?;
            list.push(text.to_cow()?.into_owned());
        }
        list.join(",")
    };
    leaksift::DetectorSet::parse(&list).map_err(errors::from_core)
}

/// An int keyword setting, `default` when absent, checked against the
/// range its Rust type can hold (the core checks the tighter range).
fn int_setting(
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
    allowed: &str,
    default: i64,
    max: i64,
) -> PyResult<i64> {
    let Some(value) = value else {
        return Ok(default);
    };
    if value.is_instance_of::<PyBool>() {
        return Err(Exc::InputType.err(format!("{name} must be an int, not bool")));
    }
    let number: i64 = match value.extract() {
        Ok(number) => number,
        // An int too large for i64 is out of range; anything else is a type error.
        Err(_) if value.is_instance_of::<pyo3::types::PyInt>() => i64::MAX,
        Err(_) => {
            return Err(
                Exc::InputType.err(format!("{name} must be an int, not {}", type_name(value)))
            )
        }
    };
    if !(0..=max).contains(&number) {
        let shown = value.str().map(|s| s.to_string()).unwrap_or_default();
        return Err(Exc::OutOfRange.err(format!("{name} must be {allowed}, got {shown}")));
    }
    Ok(number)
}
