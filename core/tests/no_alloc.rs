//! Proves the scan path performs no heap allocation: a counting global
//! allocator, armed only around `Scanner::scan` on this thread, must see zero
//! allocations while a multi-megabyte realistic input is scanned with every
//! detector on.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};

use leaksift::{Config, DetectorSet, Finding, Scanner};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // `const` initialisation: reading it never allocates.
    static ARMED: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ARMED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ARMED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The sample CRM export, the shared test cases and digit-dense log lines,
/// repeated to `size` bytes.
fn realistic_input(size: usize) -> Vec<u8> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let sample = std::fs::read(format!("{root}/samples/crm_export.jsonl")).expect("sample export");
    let cases = std::fs::read(format!("{root}/testdata/cases.jsonl")).expect("shared cases");
    let logs =
        b"2026-11-23T21:40:33.123Z INFO req=8812734 dur=15ms ip=10.0.0.12 ts=1763900000123\n";
    let mut input = Vec::with_capacity(size + sample.len());
    let mut round = 0u64;
    while input.len() < size {
        input.extend_from_slice(&sample);
        input.extend_from_slice(&cases);
        for _ in 0..50 {
            input.extend_from_slice(logs);
        }
        // Vary the bytes a little so windows do not line up identically.
        input.extend_from_slice(format!("round {round} {}\n", round * 7919).as_bytes());
        round += 1;
    }
    input
}

#[test]
fn scanning_allocates_nothing() {
    let input = realistic_input(8 << 20);
    let scanner = Scanner::new(Config::new().detectors(DetectorSet::ALL)).expect("valid config");
    assert_scan_allocates_nothing(&scanner, &input);
}

#[test]
fn scanning_with_watermarks_and_the_commingling_policy_allocates_nothing() {
    let input = realistic_input(4 << 20);
    let key = leaksift::Key::from_bytes(&[9; 32]).expect("valid key");
    for environment in [
        leaksift::Environment::Production,
        leaksift::Environment::Synthetic,
    ] {
        let config = Config::new().watermark_key(&key).environment(environment);
        let scanner = Scanner::new(config).expect("valid config");
        assert_scan_allocates_nothing(&scanner, &input);
    }
}

fn assert_scan_allocates_nothing(scanner: &Scanner, input: &[u8]) {
    let mut findings = 0usize;
    let mut last_start = 0usize;

    ARMED.with(|a| a.set(true));
    let flow = scanner.scan(input, |f: &Finding| {
        findings += 1;
        last_start = f.start;
        ControlFlow::Continue(())
    });
    ARMED.with(|a| a.set(false));

    assert_eq!(flow, ControlFlow::Continue(()));
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst), 0, "the scan allocated");
    assert!(findings > 1000, "the input holds findings, got {findings}");
    assert!(
        last_start > input.len() / 2,
        "the scan reached the end of the input"
    );
}

#[test]
fn scanning_a_table_allocates_nothing() {
    // A header naming columns switches the CSV reader on for the whole input;
    // a marker column marks every other row.
    let mut input = b"id,name,cvv,ssn,phone,qty,is_synthetic\n".to_vec();
    let mut row = 0u32;
    while input.len() < 4 << 20 {
        let line = format!(
            "{row},\"Lee, Ann\n(2)\",{:03},536901234,4155552671,{},{}\n",
            100 + row % 900,
            row % 13,
            ["\"TRUE\"", "false"][row as usize % 2]
        );
        input.extend_from_slice(line.as_bytes());
        row += 1;
    }
    let key = leaksift::Key::from_bytes(&[9; 32]).expect("valid key");
    let plain = Config::new().detectors(DetectorSet::ALL);
    let production = plain
        .clone()
        .watermark_key(&key)
        .environment(leaksift::Environment::Production);
    for (config, policy) in [(plain, false), (production, true)] {
        let scanner = Scanner::new(config).expect("valid config");
        let mut findings = 0usize;
        let mut markers = 0usize;

        ARMED.with(|a| a.set(true));
        let _ = scanner.scan(&input, |f: &Finding| {
            findings += 1;
            markers += usize::from(f.kind == leaksift::Kind::SyntheticMarker);
            ControlFlow::Continue(())
        });
        ARMED.with(|a| a.set(false));

        assert_eq!(ALLOCATIONS.load(Ordering::SeqCst), 0, "the scan allocated");
        // The header cell and every other row's marker.
        assert_eq!(markers, 1 + row.div_ceil(2) as usize);
        if !policy {
            assert_eq!(
                findings,
                3 * row as usize + markers,
                "cvv, ssn and phone in every row, and the markers"
            );
        }
    }
}
