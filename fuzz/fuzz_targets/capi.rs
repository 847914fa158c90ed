//! The C API driven as a C caller drives it: only the exported `leaksift_*`
//! functions, raw pointers, callbacks and status codes. Every call must
//! return a status its documentation allows, a failed call must leave a last
//! error message, spans must lie in the buffer, a stream (any chunking, and
//! again after `finish`) must report the one-shot findings, and masking must
//! agree across `leaksift_mask`, `leaksift_mask_in_place` and the masking
//! stream. Every handle is freed (scanners when they leave a small cache of
//! recently used options, as building one takes milliseconds); double frees
//! and use after free are out of contract and not tried. A caught panic (`LEAKSIFT_PANIC`) aborts here
//! anyway: libfuzzer-sys's panic hook reports it before `catch_unwind` can.
//!
//! Input: the first byte is a set of flags; each set flag takes a few bytes
//! after it (see [`Plan::parse`]); the rest is the text. A first byte of 0
//! means default options, so the seeds (`\0` + text) exercise the defaults.
#![no_main]

use std::cell::RefCell;
use std::ffi::{c_void, CStr};
use std::ptr;

use libfuzzer_sys::fuzz_target;

/// The C binding, compiled in as a module (not as an `rlib` dependency: an
/// rlib named `leaksift` beside the core's `leaksift` rlib makes every
/// workspace build warn about colliding output files, cargo#6313).
#[allow(dead_code, clippy::all)]
#[path = "../../bindings-c/src/lib.rs"]
mod capi;

use capi::leaksift_status::{self, *};
use capi::*;

const CUSTOM_OPTIONS: u8 = 1;
const CHUNKING: u8 = 2;
const TOKENIZE: u8 = 4;
const STOP_EARLY: u8 = 8;
/// All three bits: the text (repeated to about 2 KiB) is put where the
/// masking stream first cuts its output, in a sea of spaces that scans fast.
/// The cut comes when the stream's window is full (its 64 KiB step plus the
/// scanner's margins, under 84 KiB), at the step plus the leading margin:
/// 384 bytes without the secret detectors, 1328 with them. Shorter inputs
/// only reach the cut at `finish`. Three bits: 1 input in 8.
const LONG: u8 = 0x70;
/// The masking stream's step (`MASK_STREAM_STEP` in the binding).
const MASK_STEP: usize = 64 * 1024;

/// What one input asks for.
struct Plan<'a> {
    options: Option<RawOptions>,
    chunk_seed: u8,
    step: u8,
    tokenize: Option<(u32, &'a [u8])>,
    stop_after: Option<u8>,
    /// In long mode: where the text goes, and the chunk size multiplier.
    long: Option<(u8, usize)>,
    text: &'a [u8],
}

/// Options as fuzz bytes give them, before they become a `leaksift_options`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct RawOptions {
    detectors: u32,
    min_confidence: u32,
    context_window: usize,
    environment: u32,
    key: KeyBytes,
}

/// A watermark key as the options give it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum KeyBytes {
    /// A NULL pointer with this length (no key: the length is ignored).
    Null { len: usize },
    /// `len` bytes made from `seed`.
    Made { seed: u8, len: usize },
}

impl KeyBytes {
    fn bytes(self) -> Vec<u8> {
        match self {
            KeyBytes::Null { .. } => Vec::new(),
            KeyBytes::Made { seed, len } => (1..=len).map(|i| seed.wrapping_mul(i as u8)).collect(),
        }
    }
}

/// Takes bytes from the front, or nothing when there are too few.
fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, tail) = data.split_at_checked(n)?;
    *data = tail;
    Some(head)
}

impl<'a> Plan<'a> {
    fn parse(mut data: &'a [u8]) -> Option<Plan<'a>> {
        let flags = take(&mut data, 1)?[0];
        let options = if flags & CUSTOM_OPTIONS != 0 {
            let b = take(&mut data, 7)?;
            // Mostly valid masks; sometimes one bit no detector uses.
            let mut detectors = u32::from(u16::from_le_bytes([b[0], b[1]])) & LEAKSIFT_DETECTOR_ALL;
            if b[2] & 1 != 0 {
                detectors |= 1 << (11 + u32::from(b[2] >> 1) % 21);
            }
            // Few distinct values, most of them at the edges: every valid
            // combination is a scanner to build (milliseconds), so the
            // fuzzer should meet the same ones again (see `build_scanner`).
            let min_confidence = [0, 1, 50, 99, 100, 101, 256, u32::MAX][usize::from(b[3] % 8)];
            let context_window = [0, 1, 32, 255, 256, 257, usize::MAX][usize::from(b[4] % 7)];
            let environment = match b[5] {
                255 => u32::MAX,
                e => u32::from(e % 4),
            };
            let key_len = usize::from(b[6] & 0x3f);
            let key = if b[6] & 0x80 != 0 {
                KeyBytes::Null { len: key_len }
            } else {
                let seed = if b[6] & 0x40 != 0 { 0x6b } else { 0x35 };
                KeyBytes::Made {
                    seed,
                    len: key_len % 40,
                }
            };
            Some(RawOptions {
                detectors,
                min_confidence,
                context_window,
                environment,
                key,
            })
        } else {
            None
        };
        let (chunk_seed, step) = if flags & CHUNKING != 0 {
            let b = take(&mut data, 2)?;
            (b[0], b[1])
        } else {
            (0, 0)
        };
        let tokenize = if flags & TOKENIZE != 0 {
            let b = take(&mut data, 2)?;
            let key = take(&mut data, usize::from(b[1] % 40))?;
            Some((u32::from(b[0] % 17), key))
        } else {
            None
        };
        let long = if flags & LONG == LONG {
            let b = take(&mut data, 2)?;
            Some((b[0], usize::from(b[1] % 4) * 257 + 1))
        } else {
            None
        };
        let stop_after = if flags & STOP_EARLY != 0 {
            Some(take(&mut data, 1)?[0] % 8)
        } else {
            None
        };
        Some(Plan {
            options,
            chunk_seed,
            step,
            tokenize,
            stop_after,
            long,
            text: data,
        })
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(plan) = Plan::parse(data) else {
        return;
    };
    names_and_null_parameters();
    let Some(scanner) = build_scanner(&plan) else {
        return;
    };
    // SAFETY (for every `unsafe` below): the arguments follow the C API's
    // contract: live handles, buffers valid for their lengths, callbacks
    // with the right signature and userdata of the type they cast to.
    if let Some((place, scale)) = plan.long {
        if plan.text.is_empty() {
            return;
        }
        let offset = MASK_STEP - 512 + usize::from(place) * 8;
        let mut text = vec![b' '; offset];
        while text.len() < offset + 2048 {
            text.extend_from_slice(plan.text);
        }
        text.resize(text.len().max(MASK_STEP + 20 * 1024), b' ');
        let expected = scan(scanner, &text);
        check_spans(&expected, text.len());
        mask(
            scanner,
            &text,
            plan.chunk_seed,
            scale,
            &expected,
            plan.stop_after,
        );
        return;
    }
    let expected = scan(scanner, plan.text);
    check_spans(&expected, plan.text.len());
    scan_stopping_early(scanner, plan.text, &expected, plan.stop_after);
    stream(scanner, plan.text, plan.chunk_seed, plan.step, &expected);
    mask(
        scanner,
        plan.text,
        plan.chunk_seed,
        1,
        &expected,
        plan.stop_after,
    );
    if let Some((kind, key)) = plan.tokenize {
        tokenize_round_trip(kind, key, plan.text);
    }
});

/// Asserts `status` is one of `allowed`, and that a failure left a message.
#[track_caller]
fn expect(status: leaksift_status, allowed: &[leaksift_status], call: &str) {
    assert!(
        allowed.contains(&status),
        "{call} returned {status:?}, allowed {allowed:?}"
    );
    if status != LEAKSIFT_OK {
        assert!(
            last_error().is_some(),
            "{call} failed with {status:?} and no message"
        );
    }
}

/// The last error message, read as a C caller would: ask for the length,
/// then read it whole and truncated.
fn last_error() -> Option<String> {
    let len = unsafe { leaksift_last_error_message(ptr::null_mut(), 0) };
    if len == 0 {
        return None;
    }
    let mut buf = vec![0x55u8; len + 1];
    let full = unsafe { leaksift_last_error_message(buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(full, len);
    assert_eq!(buf[len], 0, "message not NUL-terminated");
    let message = std::str::from_utf8(&buf[..len]).expect("message is UTF-8");
    assert!(!message.contains('\0'));
    let mut short = [0x55u8; 4];
    let again = unsafe { leaksift_last_error_message(short.as_mut_ptr().cast(), short.len()) };
    assert_eq!(again, len);
    let kept = len.min(3);
    assert_eq!(&short[..kept], &buf[..kept]);
    assert_eq!(short[kept], 0, "truncated message not NUL-terminated");
    Some(message.to_owned())
}

/// Name lookups for codes in and out of range, and NULL where a pointer is
/// required.
fn names_and_null_parameters() {
    for status in 0..=11u32 {
        let name = unsafe { CStr::from_ptr(leaksift_status_name(status)) };
        let unknown = name.to_bytes() == b"LEAKSIFT_UNKNOWN_STATUS";
        assert_eq!(unknown, status > 10, "status {status} named {name:?}");
    }
    for kind in [0, 1, 14, 15, u32::MAX] {
        let name = unsafe { CStr::from_ptr(leaksift_kind_name(kind)) };
        assert_eq!(name.is_empty(), !(1..=14).contains(&kind));
    }
    for subkind in [0, 1, 31, 32, u32::MAX] {
        let name = unsafe { CStr::from_ptr(leaksift_subkind_name(subkind)) };
        assert_eq!(name.is_empty(), !(1..=31).contains(&subkind));
    }
    assert!(!unsafe { CStr::from_ptr(leaksift_version()) }.is_empty());
    let status = unsafe { leaksift_options_init(ptr::null_mut()) };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "options_init(NULL)");
    let status = unsafe { leaksift_scanner_new(ptr::null(), ptr::null_mut()) };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "scanner_new(NULL, NULL)",
    );
    let status =
        unsafe { leaksift_scan(ptr::null(), ptr::null(), 0, Some(collect), ptr::null_mut()) };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "scan(NULL scanner)");
    let mut stream = ptr::null_mut();
    let status = unsafe { leaksift_stream_new(ptr::null(), &mut stream) };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "stream_new(NULL scanner)",
    );
    assert!(stream.is_null());
    let mut mask_stream = ptr::null_mut();
    let status = unsafe { leaksift_mask_stream_new(ptr::null(), &mut mask_stream) };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "mask_stream_new(NULL scanner)",
    );
    assert!(mask_stream.is_null());
    let status = unsafe {
        leaksift_stream_push(
            ptr::null_mut(),
            ptr::null(),
            0,
            Some(collect),
            ptr::null_mut(),
        )
    };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "stream_push(NULL stream)",
    );
    let status =
        unsafe { leaksift_mask_stream_finish(ptr::null_mut(), Some(append), ptr::null_mut()) };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "mask_stream_finish(NULL stream)",
    );
    // Freeing NULL is allowed.
    unsafe {
        leaksift_scanner_free(ptr::null_mut());
        leaksift_stream_free(ptr::null_mut());
        leaksift_mask_stream_free(ptr::null_mut());
    }
}

/// Scanners built for valid options, newest last, so that an input whose
/// options the fuzzer has met recently does not pay for a build. Each is
/// freed when it falls out.
struct Built {
    scanners: Vec<(Option<RawOptions>, *mut leaksift_scanner)>,
}

const KEEP_SCANNERS: usize = 24;

impl Drop for Built {
    fn drop(&mut self) {
        for (_, scanner) in self.scanners.drain(..) {
            unsafe { leaksift_scanner_free(scanner) };
        }
    }
}

thread_local! {
    static BUILT: RefCell<Built> = const { RefCell::new(Built { scanners: Vec::new() }) };
}

/// The scanner the plan asks for, with `leaksift_scanner_new`'s status
/// checked against what the options allow; `None` when the options are
/// (rightly) refused. Invalid options are refused before anything is built,
/// so they always go through `leaksift_scanner_new`.
fn build_scanner(plan: &Plan) -> Option<*const leaksift_scanner> {
    let mut refusals = Vec::new();
    if let Some(raw) = &plan.options {
        if let KeyBytes::Made { len, .. } = raw.key {
            if !matches!(len, 16 | 24 | 32) {
                refusals.push(LEAKSIFT_INVALID_KEY);
            }
        }
        if raw.detectors & !LEAKSIFT_DETECTOR_ALL != 0
            || raw.min_confidence > 100
            || raw.context_window > 256
            || raw.environment > LEAKSIFT_ENVIRONMENT_SYNTHETIC
        {
            refusals.push(LEAKSIFT_INVALID_ARGUMENT);
        }
    }
    if refusals.is_empty() {
        let cached = BUILT.with_borrow(|built| {
            built
                .scanners
                .iter()
                .find(|(options, _)| *options == plan.options)
                .map(|&(_, scanner)| scanner)
        });
        if let Some(scanner) = cached {
            return Some(scanner);
        }
    }

    let key = plan.options.map(|raw| raw.key.bytes()).unwrap_or_default();
    let mut opts = leaksift_options {
        detectors: 0x5a5a,
        min_confidence: 7,
        context_window: 7,
        environment: 7,
        watermark_key: ptr::dangling(),
        watermark_key_len: 7,
    };
    let opts_ptr: *const leaksift_options = match &plan.options {
        None => ptr::null(),
        Some(raw) => {
            expect(
                unsafe { leaksift_options_init(&mut opts) },
                &[LEAKSIFT_OK],
                "options_init",
            );
            assert_eq!(opts.detectors, LEAKSIFT_DETECTOR_ALL);
            assert_eq!(opts.min_confidence, 50);
            assert_eq!(opts.context_window, 32);
            assert_eq!(opts.environment, LEAKSIFT_ENVIRONMENT_NONE);
            assert!(opts.watermark_key.is_null() && opts.watermark_key_len == 0);
            opts.detectors = raw.detectors;
            opts.min_confidence = raw.min_confidence;
            opts.context_window = raw.context_window;
            opts.environment = raw.environment;
            match raw.key {
                KeyBytes::Made { .. } => {
                    // A key of length 0 is still a (non-NULL) pointer.
                    opts.watermark_key = if key.is_empty() {
                        ptr::dangling()
                    } else {
                        key.as_ptr()
                    };
                    opts.watermark_key_len = key.len();
                }
                KeyBytes::Null { len } => {
                    opts.watermark_key = ptr::null();
                    opts.watermark_key_len = len;
                }
            }
            &opts
        }
    };
    let mut scanner = ptr::dangling_mut();
    let status = unsafe { leaksift_scanner_new(opts_ptr, &mut scanner) };
    if !refusals.is_empty() {
        expect(status, &refusals, "scanner_new(invalid options)");
        assert!(
            scanner.is_null(),
            "*out not NULL after a failed scanner_new"
        );
        return None;
    }
    expect(status, &[LEAKSIFT_OK], "scanner_new(valid options)");
    assert!(!scanner.is_null());
    BUILT.with_borrow_mut(|built| {
        if built.scanners.len() == KEEP_SCANNERS {
            let (_, oldest) = built.scanners.remove(0);
            unsafe { leaksift_scanner_free(oldest) };
        }
        built.scanners.push((plan.options, scanner));
    });
    Some(scanner)
}

/// Findings compared field by field (`leaksift_finding` is a plain C struct).
type Seen = (u32, u32, usize, usize, u32, u32, u32);

fn seen(f: &leaksift_finding) -> Seen {
    (
        f.kind as u32,
        f.subkind as u32,
        f.start,
        f.end,
        f.confidence,
        f.provenance as u32,
        f.synthetic_reason as u32,
    )
}

unsafe extern "C" fn collect(finding: *const leaksift_finding, userdata: *mut c_void) -> bool {
    let found = unsafe { &mut *userdata.cast::<Vec<Seen>>() };
    found.push(seen(unsafe { &*finding }));
    true
}

/// Collects up to `limit` findings, then says stop.
struct Limited {
    found: Vec<Seen>,
    limit: usize,
    calls_after_stop: usize,
}

unsafe extern "C" fn collect_limited(
    finding: *const leaksift_finding,
    userdata: *mut c_void,
) -> bool {
    let state = unsafe { &mut *userdata.cast::<Limited>() };
    if state.found.len() >= state.limit {
        state.calls_after_stop += 1;
    }
    state.found.push(seen(unsafe { &*finding }));
    state.found.len() < state.limit
}

fn scan(scanner: *const leaksift_scanner, text: &[u8]) -> Vec<Seen> {
    let mut found: Vec<Seen> = Vec::new();
    let status = unsafe {
        leaksift_scan(
            scanner,
            text.as_ptr(),
            text.len(),
            Some(collect),
            (&raw mut found).cast(),
        )
    };
    expect(status, &[LEAKSIFT_OK], "scan");

    // NULL with length 0 is an empty buffer; NULL with a length is refused.
    let mut empty: Vec<Seen> = Vec::new();
    let status = unsafe {
        leaksift_scan(
            scanner,
            ptr::null(),
            0,
            Some(collect),
            (&raw mut empty).cast(),
        )
    };
    expect(status, &[LEAKSIFT_OK], "scan(NULL, 0)");
    assert!(empty.is_empty());
    let len = text.len().max(1);
    let status = unsafe {
        leaksift_scan(
            scanner,
            ptr::null(),
            len,
            Some(collect),
            (&raw mut empty).cast(),
        )
    };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "scan(NULL, len)");
    let status = unsafe {
        leaksift_scan(
            scanner,
            ptr::null(),
            usize::MAX,
            Some(collect),
            (&raw mut empty).cast(),
        )
    };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER, LEAKSIFT_INVALID_ARGUMENT],
        "scan(NULL, SIZE_MAX)",
    );
    let status =
        unsafe { leaksift_scan(scanner, text.as_ptr(), text.len(), None, ptr::null_mut()) };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "scan(on_finding NULL)");
    assert!(empty.is_empty());
    found
}

fn check_spans(found: &[Seen], len: usize) {
    // Scan order is span order: by start, then end.
    assert!(
        found
            .windows(2)
            .all(|w| (w[0].2, w[0].3) <= (w[1].2, w[1].3)),
        "findings out of span order"
    );
    for &(kind, subkind, start, end, confidence, provenance, reason) in found {
        assert!(
            start < end && end <= len,
            "span {start}..{end} outside 0..{len}"
        );
        assert!((1..=14).contains(&kind), "kind code {kind}");
        assert!(subkind <= 31, "subkind code {subkind}");
        assert!(confidence <= 100, "confidence {confidence}");
        assert!(provenance <= 2, "provenance code {provenance}");
        assert!(reason <= 3, "synthetic reason code {reason}");
        assert_eq!(
            reason != 0,
            provenance == 2,
            "a reason exactly when synthetic"
        );
    }
}

/// A callback returning false ends the scan early, still with `LEAKSIFT_OK`.
fn scan_stopping_early(
    scanner: *const leaksift_scanner,
    text: &[u8],
    expected: &[Seen],
    stop: Option<u8>,
) {
    let Some(limit) = stop else {
        return;
    };
    let mut state = Limited {
        found: Vec::new(),
        limit: usize::from(limit).max(1),
        calls_after_stop: 0,
    };
    let status = unsafe {
        leaksift_scan(
            scanner,
            text.as_ptr(),
            text.len(),
            Some(collect_limited),
            (&raw mut state).cast(),
        )
    };
    expect(status, &[LEAKSIFT_OK], "scan(stopping)");
    assert_eq!(
        state.calls_after_stop, 0,
        "callback called after it said stop"
    );
    assert_eq!(state.found, expected[..expected.len().min(state.limit)]);
}

/// Chunk sizes 1..=257 (times `scale`) varying from a seed, sometimes an
/// empty push.
fn chunks(text: &[u8], seed: u8, scale: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut size = usize::from(seed) + 1;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at((size * scale).min(rest.len()));
        out.push(chunk);
        if size % 11 == 0 {
            out.push(&[]);
        }
        rest = tail;
        size = (size * 5 + 3) % 257 + 1;
    }
    out
}

fn stream(scanner: *const leaksift_scanner, text: &[u8], seed: u8, step: u8, expected: &[Seen]) {
    let mut stream = ptr::dangling_mut();
    expect(
        unsafe { leaksift_stream_new(scanner, &mut stream) },
        &[LEAKSIFT_OK],
        "stream_new",
    );
    assert!(!stream.is_null());
    // Twice: after `finish` the stream takes a new input from offset 0.
    for seed in [seed, seed ^ step] {
        let mut found: Vec<Seen> = Vec::new();
        let sink = (&raw mut found).cast();
        for chunk in chunks(text, seed, 1) {
            // An empty chunk goes in as NULL, as C callers often pass it.
            let buf = if chunk.is_empty() {
                ptr::null()
            } else {
                chunk.as_ptr()
            };
            let status =
                unsafe { leaksift_stream_push(stream, buf, chunk.len(), Some(collect), sink) };
            expect(status, &[LEAKSIFT_OK], "stream_push");
        }
        let status = unsafe { leaksift_stream_push(stream, ptr::null(), 1, Some(collect), sink) };
        expect(status, &[LEAKSIFT_NULL_PARAMETER], "stream_push(NULL, 1)");
        let status = unsafe { leaksift_stream_finish(stream, None, sink) };
        expect(
            status,
            &[LEAKSIFT_NULL_PARAMETER],
            "stream_finish(on_finding NULL)",
        );
        let status = unsafe { leaksift_stream_finish(stream, Some(collect), sink) };
        expect(status, &[LEAKSIFT_OK], "stream_finish");
        assert_eq!(
            found, expected,
            "stream findings differ from one-shot (chunk seed {seed})"
        );
    }
    unsafe { leaksift_stream_free(stream) };
}

/// Appends output runs to a `Vec<u8>`; userdata is a `Sink`.
struct Sink {
    out: Vec<u8>,
    /// Runs allowed before the callback says stop.
    runs_left: usize,
}

unsafe extern "C" fn append(data: *const u8, len: usize, userdata: *mut c_void) -> bool {
    let sink = unsafe { &mut *userdata.cast::<Sink>() };
    assert!(
        sink.runs_left > 0,
        "output callback called after it said stop"
    );
    assert!(!data.is_null() || len == 0);
    if len > 0 {
        sink.out
            .extend_from_slice(unsafe { std::slice::from_raw_parts(data, len) });
    }
    sink.runs_left -= 1;
    sink.runs_left > 0
}

fn mask(
    scanner: *const leaksift_scanner,
    text: &[u8],
    seed: u8,
    scale: usize,
    findings: &[Seen],
    stop: Option<u8>,
) {
    // Too small: nothing written, the size needed reported.
    let mut out_len = 7usize;
    let status = unsafe {
        leaksift_mask(
            scanner,
            text.as_ptr(),
            text.len(),
            ptr::null_mut(),
            0,
            &mut out_len,
        )
    };
    let allowed: &[_] = if text.is_empty() {
        &[LEAKSIFT_OK]
    } else {
        &[LEAKSIFT_BUFFER_TOO_SMALL]
    };
    expect(status, allowed, "mask(out NULL, cap 0)");
    assert_eq!(out_len, text.len());
    if !text.is_empty() {
        let mut small = vec![0xa5u8; text.len() - 1];
        let status = unsafe {
            leaksift_mask(
                scanner,
                text.as_ptr(),
                text.len(),
                small.as_mut_ptr(),
                small.len(),
                &mut out_len,
            )
        };
        expect(status, &[LEAKSIFT_BUFFER_TOO_SMALL], "mask(cap len - 1)");
        assert!(
            small.iter().all(|&b| b == 0xa5),
            "mask wrote into a too-small buffer"
        );
    }
    let status =
        unsafe { leaksift_mask(scanner, ptr::null(), 1, ptr::null_mut(), 0, &mut out_len) };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "mask(NULL, 1)");
    let status = unsafe {
        leaksift_mask(
            scanner,
            text.as_ptr(),
            text.len(),
            ptr::null_mut(),
            0,
            ptr::null_mut(),
        )
    };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "mask(out_len NULL)");

    // One shot, with room to spare.
    let mut masked = vec![0xa5u8; text.len() + 3];
    let status = unsafe {
        leaksift_mask(
            scanner,
            text.as_ptr(),
            text.len(),
            masked.as_mut_ptr(),
            masked.len(),
            &mut out_len,
        )
    };
    expect(status, &[LEAKSIFT_OK, LEAKSIFT_TOO_MANY_FINDINGS], "mask");
    if status != LEAKSIFT_OK {
        return;
    }
    assert_eq!(out_len, text.len());
    assert_eq!(
        &masked[text.len()..],
        &[0xa5; 3],
        "mask wrote past *out_len"
    );
    masked.truncate(text.len());
    let mut covered = vec![false; text.len()];
    for &(_, _, start, end, ..) in findings {
        covered[start..end].iter_mut().for_each(|c| *c = true);
    }
    for (i, (&a, &b)) in text.iter().zip(&masked).enumerate() {
        assert!(
            covered[i] || a == b,
            "byte {i} outside every finding changed"
        );
    }

    let mut in_place = text.to_vec();
    let status = unsafe { leaksift_mask_in_place(scanner, in_place.as_mut_ptr(), in_place.len()) };
    expect(status, &[LEAKSIFT_OK], "mask_in_place");
    assert_eq!(in_place, masked, "mask_in_place differs from mask");
    let status = unsafe { leaksift_mask_in_place(scanner, ptr::null_mut(), 0) };
    expect(status, &[LEAKSIFT_OK], "mask_in_place(NULL, 0)");
    let status = unsafe { leaksift_mask_in_place(scanner, ptr::null_mut(), 1) };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "mask_in_place(NULL, 1)");

    let mut stream = ptr::dangling_mut();
    expect(
        unsafe { leaksift_mask_stream_new(scanner, &mut stream) },
        &[LEAKSIFT_OK],
        "mask_stream_new",
    );
    assert!(!stream.is_null());
    // Twice: after `finish` the stream takes a new input.
    for seed in [seed, seed.wrapping_add(101)] {
        let mut sink = Sink {
            out: Vec::new(),
            runs_left: usize::MAX,
        };
        let userdata = (&raw mut sink).cast();
        for chunk in chunks(text, seed, scale) {
            let buf = if chunk.is_empty() {
                ptr::null()
            } else {
                chunk.as_ptr()
            };
            let status = unsafe {
                leaksift_mask_stream_push(stream, buf, chunk.len(), Some(append), userdata)
            };
            expect(status, &[LEAKSIFT_OK], "mask_stream_push");
        }
        let status =
            unsafe { leaksift_mask_stream_push(stream, ptr::null(), 1, Some(append), userdata) };
        expect(
            status,
            &[LEAKSIFT_NULL_PARAMETER],
            "mask_stream_push(NULL, 1)",
        );
        let status = unsafe { leaksift_mask_stream_push(stream, text.as_ptr(), 0, None, userdata) };
        expect(
            status,
            &[LEAKSIFT_NULL_PARAMETER],
            "mask_stream_push(on_output NULL)",
        );
        let status = unsafe { leaksift_mask_stream_finish(stream, Some(append), userdata) };
        expect(status, &[LEAKSIFT_OK], "mask_stream_finish");
        assert_eq!(
            sink.out, masked,
            "masking stream differs from mask (chunk seed {seed})"
        );
    }
    unsafe { leaksift_mask_stream_free(stream) };

    // A callback saying stop gives LEAKSIFT_STOPPED; the stream is then freed.
    if let Some(runs) = stop {
        let mut stream = ptr::dangling_mut();
        expect(
            unsafe { leaksift_mask_stream_new(scanner, &mut stream) },
            &[LEAKSIFT_OK],
            "mask_stream_new",
        );
        let mut sink = Sink {
            out: Vec::new(),
            runs_left: usize::from(runs).max(1),
        };
        let userdata = (&raw mut sink).cast();
        let mut stopped = false;
        for chunk in chunks(text, seed, scale) {
            let status = unsafe {
                leaksift_mask_stream_push(
                    stream,
                    chunk.as_ptr(),
                    chunk.len(),
                    Some(append),
                    userdata,
                )
            };
            expect(
                status,
                &[LEAKSIFT_OK, LEAKSIFT_STOPPED],
                "mask_stream_push(stopping)",
            );
            if status == LEAKSIFT_STOPPED {
                stopped = true;
                break;
            }
        }
        if !stopped {
            let status = unsafe { leaksift_mask_stream_finish(stream, Some(append), userdata) };
            expect(
                status,
                &[LEAKSIFT_OK, LEAKSIFT_STOPPED],
                "mask_stream_finish(stopping)",
            );
        }
        assert!(
            masked.starts_with(&sink.out),
            "output before the stop is a prefix of mask"
        );
        unsafe { leaksift_mask_stream_free(stream) };
    }
}

/// Tokenizes the text as a value of `kind` under `key`; whatever is
/// accepted detokenizes back. Every status is checked against the order
/// the documentation gives them in.
fn tokenize_round_trip(kind: u32, key: &[u8], value: &[u8]) {
    let mut token = vec![0xa5u8; value.len()];
    let mut out_len = 7usize;
    let status = unsafe {
        leaksift_tokenize(
            key.as_ptr(),
            key.len(),
            kind,
            value.as_ptr(),
            value.len(),
            token.as_mut_ptr(),
            token.len(),
            &mut out_len,
        )
    };
    let known_kind = (1..=14).contains(&kind);
    let good_key = matches!(key.len(), 16 | 24 | 32);
    let allowed: &[_] = if !known_kind {
        &[LEAKSIFT_INVALID_ARGUMENT]
    } else if !good_key {
        &[LEAKSIFT_INVALID_KEY]
    } else {
        &[
            LEAKSIFT_OK,
            LEAKSIFT_NOT_ALLOWED,
            LEAKSIFT_INVALID_VALUE,
            LEAKSIFT_INVALID_ARGUMENT,
        ]
    };
    expect(status, allowed, "tokenize");
    if known_kind {
        assert_eq!(out_len, value.len());
    }
    if status != LEAKSIFT_OK {
        if known_kind {
            assert!(
                token.iter().all(|&b| b == 0),
                "a refused value left bytes in out"
            );
        }
        assert_not_in_last_error(value);
        return;
    }
    let mut restored = vec![0xa5u8; value.len()];
    let status = unsafe {
        leaksift_detokenize(
            key.as_ptr(),
            key.len(),
            kind,
            token.as_ptr(),
            token.len(),
            restored.as_mut_ptr(),
            restored.len(),
            &mut out_len,
        )
    };
    expect(status, &[LEAKSIFT_OK], "detokenize(token)");
    assert_eq!(restored, value, "detokenize does not restore the value");

    // Too small an output, NULL key with a length, NULL out_len.
    if !value.is_empty() {
        let status = unsafe {
            leaksift_tokenize(
                key.as_ptr(),
                key.len(),
                kind,
                value.as_ptr(),
                value.len(),
                token.as_mut_ptr(),
                value.len() - 1,
                &mut out_len,
            )
        };
        expect(
            status,
            &[LEAKSIFT_BUFFER_TOO_SMALL],
            "tokenize(cap len - 1)",
        );
        assert_eq!(out_len, value.len());
    }
    let status = unsafe {
        leaksift_tokenize(
            ptr::null(),
            key.len(),
            kind,
            value.as_ptr(),
            value.len(),
            token.as_mut_ptr(),
            token.len(),
            &mut out_len,
        )
    };
    expect(status, &[LEAKSIFT_NULL_PARAMETER], "tokenize(key NULL)");
    let status = unsafe {
        leaksift_detokenize(
            key.as_ptr(),
            key.len(),
            kind,
            token.as_ptr(),
            token.len(),
            restored.as_mut_ptr(),
            restored.len(),
            ptr::null_mut(),
        )
    };
    expect(
        status,
        &[LEAKSIFT_NULL_PARAMETER],
        "detokenize(out_len NULL)",
    );
}

/// Error messages never show the value they refused. Checked only for
/// values that cannot be part of a fixed message: long, with many digits,
/// without the commas of "1,000,000".
fn assert_not_in_last_error(value: &[u8]) {
    let digits = value.iter().filter(|b| b.is_ascii_digit()).count();
    if value.len() < 8 || digits < 6 || value.contains(&b',') {
        return;
    }
    let message = last_error().expect("a failed call left a message");
    assert!(
        !message.as_bytes().windows(value.len()).any(|w| w == value),
        "the last error message shows the refused value"
    );
}
