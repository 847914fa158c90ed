//! Any bytes: masking never panics, keeps the length and every byte outside
//! findings, agrees across its in-place, one-pass and allocating forms, and
//! leaves no card number, security code or track data behind (except
//! Luhn-valid tokens when asked for them); any value tokenized as any kind
//! detokenizes back. The first input byte chooses the policy.
#![no_main]

use std::sync::OnceLock;

use leaksift::{Action, CardTokens, Key, Kind, LuhnMode, Masker, Policy, Scanner};
use libfuzzer_sys::fuzz_target;

/// Maskers for every combination of card action, PCI display and card
/// token options, built once.
fn maskers() -> &'static [Masker] {
    static MASKERS: OnceLock<Vec<Masker>> = OnceLock::new();
    MASKERS.get_or_init(|| {
        let key = Key::from_bytes(&[0x6b; 32]).expect("a 32-byte key");
        let mut all = Vec::new();
        for action in [Action::Mask, Action::Tokenize, Action::Pseudonymize] {
            for options in 0..16u8 {
                let cards = CardTokens {
                    keep_bin: options & 1 != 0,
                    keep_last_four: options & 2 != 0,
                    luhn: if options & 4 != 0 { LuhnMode::Valid } else { LuhnMode::Fail },
                    shrink: options & 8 == 0,
                };
                let policy = Policy::new()
                    .set_all(action)
                    .pci_display(options & 1 != 0)
                    .card_tokens(cards);
                all.push(Masker::with_key(policy, &key).expect("a valid policy"));
            }
        }
        all
    })
}

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let all = maskers();
    let masker = &all[usize::from(selector) % all.len()];
    let scanner = scanner();

    let findings = scanner.scan_to_vec(input);
    let mut out = vec![0; input.len()];
    let summary = masker.mask_into(scanner, input, &mut out).expect("length-preserving");
    // Markers and commingling-policy findings hold nothing to mask and are
    // not counted (`Kind::is_sensitive`).
    let sensitive = findings.iter().filter(|f| f.kind.is_sensitive()).count();
    assert_eq!(summary.findings, sensitive);
    let mut covered = vec![false; input.len()];
    for f in &findings {
        covered[f.span()].iter_mut().for_each(|c| *c = true);
    }
    for (i, (&a, &b)) in input.iter().zip(&out).enumerate() {
        assert!(covered[i] || a == b, "byte {i} outside findings changed");
    }
    let mut in_place = input.to_vec();
    let in_place_summary = masker.mask_in_place(scanner, &mut in_place).expect("in place");
    assert_eq!(in_place_summary, summary);
    assert_eq!(in_place, out);
    let mut applied = input.to_vec();
    masker.apply_in_place(&findings, &mut applied).expect("findings in order");
    assert_eq!(applied, out);
    assert_eq!(masker.mask(scanner, input).expect("masks"), out);

    let valid_tokens = masker.policy().action(Kind::Pan) != Action::Mask
        && masker.policy().card_tokens_config().luhn == LuhnMode::Valid;
    masker.settle(scanner, &mut out);
    for f in scanner.scan_to_vec(&out) {
        match f.kind {
            Kind::Pan => assert!(valid_tokens, "a card number survived masking"),
            Kind::Cvv | Kind::TrackData => panic!("{} survived masking", f.kind),
            _ => {}
        }
    }

    for kind in Kind::ALL {
        let mut value = input.to_vec();
        if masker.tokenize(kind, &mut value).is_ok() {
            assert_eq!(value.len(), input.len());
            masker.detokenize(kind, &mut value).expect("a token detokenizes");
            assert_eq!(value, input, "detokenize restores the original");
        } else {
            assert_eq!(value, input, "a refused value is untouched");
        }
    }
});
