//! `leaksift._native`: the Python binding of the leaksift core.
//!
//! A thin translation layer, nothing more: Python values become byte slices
//! (`input`), core findings become immutable `Finding` objects with offsets
//! in the caller's unit (`finding`), core errors become exceptions of the
//! `leaksift.LeaksiftError` hierarchy (`errors`). Detection happens only in
//! the core. The pure-Python package `leaksift` (under `python/`) re-exports
//! this module and adds the pandas, Spark and Presidio adapters.
//!
//! # Threads
//! A `Scanner` is immutable and shared by reference. Scans of large inputs
//! and every batch call (`scan_many`, `mask_many`) run with the GIL
//! released; batches are split over worker threads.

use pyo3::prelude::*;

mod batch;
mod errors;
mod finding;
mod input;
mod masking;
mod scanner;

/// The native module. Its public names are listed in `_native.pyi`, and a
/// test checks the two agree.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<finding::PyFinding>()?;
    m.add_class::<scanner::PyScanner>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DETECTORS", detector_names())?;
    m.add("KINDS", kind_names())?;
    m.add("MASKING_AVAILABLE", masking::AVAILABLE)?;
    m.add("RELEASE_GIL_AT", input::RELEASE_GIL_AT)?;
    Ok(())
}

fn detector_names() -> Vec<&'static str> {
    leaksift::Detector::ALL.iter().map(|d| d.name()).collect()
}

fn kind_names() -> Vec<&'static str> {
    leaksift::Kind::ALL.iter().map(|k| k.as_str()).collect()
}
