//! In-place masking performs no heap allocation, whatever the policy's
//! actions: a counting global allocator watches the calls.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use leaksift::{Action, CardTokens, Key, Kind, Masker, Policy, Scanner};

struct Counting;

thread_local! {
    // Counted per thread, so other tests running in parallel do not count.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator, only counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn corpus() -> Vec<u8> {
    let mut data = Vec::new();
    for i in 0..200 {
        data.extend_from_slice(
            format!(
                "{{\"id\":{i},\"card\":\"4111 1111 1111 1111\",\"cvv\":\"{:03}\",\"note\":\"paid 5555-5555-5555-4444\",\
                 \"swipe\":\";4111111111111111=25121010000012300000?\"}}\n",
                i % 1000
            )
            .as_bytes(),
        );
    }
    data
}

#[test]
fn masking_in_place_does_not_allocate() {
    let scanner = Scanner::default();
    let key = Key::from_bytes(&[0x42; 32]).unwrap();
    let policies = [
        Policy::new(),
        Policy::new().pci_display(true),
        Policy::new().set(Kind::Pan, Action::Tokenize),
        Policy::new()
            .set(Kind::Pan, Action::Tokenize)
            .card_tokens(CardTokens {
                keep_bin: true,
                ..CardTokens::default()
            }),
        Policy::new()
            .set(Kind::Pan, Action::Pseudonymize)
            .tweak(b"tenant")
            .unwrap(),
    ];
    let input = corpus();
    let findings = scanner.scan_to_vec(&input);
    assert!(findings.len() > 600);
    for policy in policies {
        let masker = Masker::with_key(policy, &key).unwrap();
        let mut buf = input.clone();
        let mut out = vec![0; input.len()];
        let mut applied = input.clone();
        let mut pan = *b"4111-1111-1111-1111";
        let allocations = allocations_during(|| {
            masker.mask_in_place(&scanner, &mut buf).unwrap();
            masker.mask_into(&scanner, &input, &mut out).unwrap();
            masker.apply_in_place(&findings, &mut applied).unwrap();
            masker.settle(&scanner, &mut applied);
            if masker.policy().action(Kind::Pan) == Action::Tokenize {
                masker.tokenize(Kind::Pan, &mut pan).unwrap();
                masker.detokenize(Kind::Pan, &mut pan).unwrap();
            }
            masker.mask_value(Kind::Pan, &mut pan);
        });
        assert_eq!(allocations, 0, "{:?}", masker.policy());
        assert_ne!(buf, input);
        assert_eq!(buf, out);
        assert_eq!(buf, applied);
    }
}
