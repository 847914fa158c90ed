//! Masking, tokenization and detokenization: the core's `Masker` behind
//! Python arguments.
//!
//! - `policy`: `None` (every kind masked with its default mask), a str of
//!   comma-separated `kind=action` rules as the CLI takes them
//!   (`"pan=tokenize,cvv=redact"`, `"all=redact"`), or a dict
//!   `{kind: action}`. Actions: `mask`, `redact`, `tokenize`, `pseudonymize`.
//! - `key`: raw bytes (16, 24 or 32) or hex text, needed by `tokenize` and
//!   `pseudonymize`. It is turned into the core's `Key` for the call and
//!   dropped (wiped) with it; the binding keeps no copy.
//! - The output has the input's type: a str is decoded back from the masked
//!   UTF-8 (`surrogatepass`, as it was encoded), bytes stay bytes.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::batch;
use crate::errors::{self, Exc};
use crate::input::{type_name, Input, Unit, View, RELEASE_GIL_AT};
use crate::scanner::{collect_inputs, PyScanner};

/// Whether this build can mask (`leaksift.MASKING_AVAILABLE`).
pub(crate) const AVAILABLE: bool = true;

pub(crate) fn key_from(key: &Bound<'_, PyAny>) -> PyResult<leaksift::Key> {
    if let Ok(bytes) = key.cast::<PyBytes>() {
        return leaksift::Key::from_bytes(bytes.as_bytes()).map_err(errors::from_core);
    }
    if let Ok(text) = key.cast::<PyString>() {
        return leaksift::Key::from_hex(&text.to_cow()?).map_err(errors::from_core);
    }
    Err(Exc::InputType.err(format!(
        "key must be bytes (16, 24 or 32 of them) or hex str, not {}",
        type_name(key)
    )))
}

fn tweak_from(tweak: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = tweak.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = tweak.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    Err(Exc::InputType.err(format!(
        "tweak must be bytes or str, not {}",
        type_name(tweak)
    )))
}

fn policy_from(policy: Option<&Bound<'_, PyAny>>) -> PyResult<leaksift::Policy> {
    let mut out = leaksift::Policy::new();
    let Some(policy) = policy else {
        return Ok(out);
    };
    let rules: Vec<String> = if let Ok(text) = policy.cast::<PyString>() {
        text.to_cow()?
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    } else if let Ok(dict) = policy.cast::<PyDict>() {
        let mut rules = Vec::with_capacity(dict.len());
        for (kind, action) in dict.iter() {
            let (Ok(kind), Ok(action)) = (kind.cast::<PyString>(), action.cast::<PyString>())
            else {
                return Err(
                    Exc::InputType.err("a policy dict maps kind names to action names, both str")
                );
            };
            rules.push(format!("{}={}", kind.to_cow()?, action.to_cow()?));
        }
        rules
    } else {
        return Err(Exc::InputType.err(format!(
            "policy must be a str such as \"pan=tokenize,cvv=redact\" or a dict, not {}",
            type_name(policy)
        )));
    };
    for rule in &rules {
        out = out.parse_rule(rule).map_err(errors::from_core)?;
    }
    Ok(out)
}

fn masker(
    mut policy: leaksift::Policy,
    key: Option<&Bound<'_, PyAny>>,
    tweak: Option<&Bound<'_, PyAny>>,
) -> PyResult<leaksift::Masker> {
    if let Some(tweak) = tweak {
        policy = policy
            .tweak(&tweak_from(tweak)?)
            .map_err(errors::from_core)?;
    }
    match key {
        None => leaksift::Masker::new(policy),
        Some(key) => leaksift::Masker::with_key(policy, &key_from(key)?),
    }
    .map_err(errors::from_core)
}

/// Masked bytes as an object of the input's type.
fn output<'py>(py: Python<'py>, bytes: &[u8], unit: Unit) -> PyResult<Bound<'py, PyAny>> {
    match unit {
        Unit::Bytes => Ok(PyBytes::new(py, bytes).into_any()),
        Unit::Chars => {
            let decoded =
                PyBytes::new(py, bytes).call_method1("decode", ("utf-8", "surrogatepass"));
            decoded.map_err(|_| {
                Exc::Masking.err("the masked text is not valid UTF-8 (please report this)")
            })
        }
    }
}

fn mask_one<'py>(
    scanner: &PyScanner,
    masker: &leaksift::Masker,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = text.py();
    let input = Input::from_object(text, "text")?;
    let view = input.view();
    let masked = if view.data.len() >= RELEASE_GIL_AT {
        py.detach(|| masker.mask(&scanner.inner, view.data))
    } else {
        masker.mask(&scanner.inner, view.data)
    }
    .map_err(errors::from_core)?;
    output(py, &masked, view.unit)
}

pub(crate) fn mask<'py>(
    scanner: &PyScanner,
    text: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
    tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let masker = masker(policy_from(policy)?, key, tweak)?;
    mask_one(scanner, &masker, text)
}

pub(crate) fn mask_many<'py>(
    scanner: &PyScanner,
    texts: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    key: Option<&Bound<'py, PyAny>>,
    tweak: Option<&Bound<'py, PyAny>>,
    threads: Option<i64>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let py = texts.py();
    let masker = masker(policy_from(policy)?, key, tweak)?;
    let inputs = collect_inputs(texts, "texts")?;
    let threads = batch::thread_count(threads, inputs.len())?;
    let views: Vec<View<'_>> = inputs.iter().map(Input::view).collect();
    let masked = py.detach(|| {
        batch::map(&views, threads, |view| {
            Some(masker.mask(&scanner.inner, view.data))
        })
    });
    masked
        .into_iter()
        .zip(&views)
        .enumerate()
        .map(|(index, (result, view))| match result {
            Some(Ok(bytes)) => output(py, &bytes, view.unit),
            Some(Err(error)) => Err(errors::from_core_in(error, &format!("texts[{index}]: "))),
            None => Err(Exc::Base.err("a batch worker stopped early")),
        })
        .collect()
}

pub(crate) fn tokenize<'py>(
    scanner: &PyScanner,
    text: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    // Every kind that can be tokenized is; security codes and track data
    // are masked (the core's `set_all`).
    let policy = leaksift::Policy::new().set_all(leaksift::Action::Tokenize);
    let masker = masker(policy, Some(key), tweak)?;
    mask_one(scanner, &masker, text)
}

pub(crate) fn detokenize<'py>(
    _scanner: &PyScanner,
    token: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    kind: &str,
    tweak: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = token.py();
    let Some(kind) = leaksift::Kind::from_name(kind) else {
        return Err(Exc::Policy.err(format!(
            "unknown kind {kind:?} (known: {})",
            leaksift::Kind::ALL.map(leaksift::Kind::as_str).join(", ")
        )));
    };
    let policy = leaksift::Policy::new().set(kind, leaksift::Action::Tokenize);
    let masker = masker(policy, Some(key), tweak)?;
    let input = Input::from_object(token, "token")?;
    let mut value = input.bytes().to_vec();
    masker
        .detokenize(kind, &mut value)
        .map_err(errors::from_core)?;
    output(py, &value, input.unit)
}
