//! Batches over worker threads, with the GIL released by the caller.
//!
//! Plain scoped threads and a shared queue of chunks: each worker takes the
//! next chunk of items, so uneven rows (a few long texts among many short
//! ones) still spread over every core. Results keep the input order.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors::Exc;

/// Most threads a batch may ask for: far more than any machine's cores, a
/// guard against `threads=10**9`.
const MAX_THREADS: usize = 1024;

/// The number of worker threads for `items` items: `requested`, or one per
/// core when `None`, never more than there are items.
pub(crate) fn thread_count(requested: Option<i64>, items: usize) -> PyResult<usize> {
    let threads = match requested {
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        Some(n) if (1..=MAX_THREADS as i64).contains(&n) => n as usize,
        Some(n) => {
            return Err(Exc::OutOfRange.err(format!(
                "threads must be between 1 and {MAX_THREADS}, or None for one per core, got {n}"
            )))
        }
    };
    Ok(threads.min(items).max(1))
}

/// `work` applied to every item, on `threads` threads (the calling one
/// included), results in input order.
pub(crate) fn map<T, R, F>(items: &[T], threads: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send + Default,
    F: Fn(&T) -> R + Sync,
{
    let mut results: Vec<R> = std::iter::repeat_with(R::default)
        .take(items.len())
        .collect();
    if threads <= 1 || items.len() <= 1 {
        for (slot, item) in results.iter_mut().zip(items) {
            *slot = work(item);
        }
        return results;
    }
    // Small enough chunks to balance uneven rows, large enough that taking
    // the lock is rare.
    let chunk = (items.len() / (threads * 16)).clamp(1, 4096);
    {
        let queue = Mutex::new(results.chunks_mut(chunk).zip(items.chunks(chunk)));
        let worker = || loop {
            // A poisoned lock means another worker panicked; that panic is
            // re-raised when the scope joins it, so just stop here.
            let next = match queue.lock() {
                Ok(mut queue) => queue.next(),
                Err(_) => None,
            };
            let Some((slots, items)) = next else { break };
            for (slot, item) in slots.iter_mut().zip(items) {
                *slot = work(item);
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(worker);
            }
            worker();
        });
    }
    results
}

/// Pauses Python's cyclic garbage collector while a batch's results are
/// built (with the GIL held, so no other Python code runs meanwhile), and
/// restores it on drop, also when building fails.
pub(crate) struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    pub(crate) fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        static GC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
        let gc = GC.get_or_try_init(py, || py.import("gc").map(Bound::unbind))?;
        let gc = gc.bind(py).clone();
        if !gc.call_method0("isenabled")?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Cannot fail short of a broken interpreter; nothing to report to.
            let _ = gc.call_method0("enable");
        }
    }
}
