//! Masking, redaction, format-preserving tokenization (FF1) and keyed
//! pseudonymization of findings.
//!
//! A [`Policy`] says what happens to each [`Kind`](crate::Kind) of finding
//! ([`Action::Redact`], [`Action::Mask`], [`Action::Tokenize`],
//! [`Action::Pseudonymize`]); a [`Masker`] built from it (with a [`Key`]
//! when tokens or pseudonyms are wanted) applies it to what a
//! [`Scanner`](crate::Scanner) finds.
//!
//! # Example
//! ```
//! use leaksift::{Masker, Policy, Scanner};
//!
//! let scanner = Scanner::default();
//! let masker = Masker::new(Policy::new().pci_display(true))?;
//! let mut line = *b"card=5555555555554444&cvv=123";
//! masker.mask_in_place(&scanner, &mut line)?;
//! assert_eq!(&line, b"card=555555******4444&cvv=***");
//! # Ok::<(), leaksift::Error>(())
//! ```
//!
//! # Defaults (what [`Action::Mask`] shows)
//! | kind | shown |
//! |---|---|
//! | card number | last four digits; with [`Policy::pci_display`] also the first six (on numbers of 15 digits or more, so that five stay hidden) |
//! | security code, track data | nothing, ever: they cannot be tokenized or pseudonymized either |
//! | identifiers with a last-four rule (SSN, ITIN, routing number, phone) | last four digits |
//! | IBAN | country code and last four characters |
//! | email | first character of the local part, and the domain |
//! | credentials | a recognised provider prefix (`sk_live_`, `ghp_`, `AKIA`, a PEM block's `-----BEGIN … PRIVATE KEY-----` line...) |
//! | any other kind | nothing |
//!
//! Every mask keeps the length and every separator, punctuation and space;
//! letters, digits and non-ASCII bytes not shown become the mask character.
//! Besides the fixed parts, at least half of a value stays hidden (five
//! digits of a card number). A kind gets its rule from one line in the
//! table in `policy.rs`; a kind without a line is masked whole.
//!
//! # Tokens
//! [`Action::Tokenize`] encrypts with FF1 (NIST SP 800-38G) under the key
//! and the policy's optional [tweak](Policy::tweak): the token has the
//! value's length, separators and character classes (a digit stays a
//! digit, an upper-case letter an upper-case letter). Card numbers encrypt
//! digits only, keep the last four (and the BIN, on request: see
//! [`CardTokens`]) and fail the Luhn check by default, so a token is never
//! taken for a card number. IBANs keep their country code and check
//! digits, emails their domain, credentials their prefix. Values whose
//! encrypted characters could take fewer than 10^6 values (the minimum of
//! SP 800-38G Rev. 1) are refused ([`ErrorKind::DomainTooSmall`](crate::ErrorKind::DomainTooSmall));
//! when masking, such a value is masked instead ([`OnFailure`]).
//! [`Masker::detokenize`] restores the original exactly. How the Luhn
//! failure is made reversible, and how mixed letters and digits are
//! encrypted, is told in `masking/token.rs`.
//!
//! # Pseudonyms
//! [`Action::Pseudonymize`] replaces the same characters as a token with
//! ones drawn from HMAC-SHA-256 of the value: deterministic under one key
//! and tweak (joins across tables still work), not reversible. There is no
//! minimum domain: a pseudonym cannot be decrypted, only guessed by someone
//! holding the key.
//!
//! # Settling
//! The scanner judges a value by its neighbours, so masking one value can
//! make the digits next to it read as a card number (they were the middle
//! of a longer number, and now stand alone). [`Masker::settle`] re-scans
//! masked output and masks what it finds until nothing is left; the CLI
//! always runs it.
//!
//! # Streams
//! [`StreamMasker`] (output to a callback) and [`MaskWriter`] (a
//! [`std::io::Write`] adaptor) take input in chunks of any size and produce
//! exactly [`Masker::mask`] of the whole input, for every policy, holding
//! at most about 512 KiB plus the scanner's margins. They do not
//! [settle](Masker::settle) (that needs the masked output scanned again).
//!
//! # Allocation
//! [`Masker::mask_in_place`], [`Masker::mask_into`],
//! [`Masker::apply_in_place`] and [`Masker::settle`] never allocate, whatever the policy's
//! actions (a test with a counting allocator proves it). Redaction changes
//! lengths, so it is only available through [`Masker::mask`],
//! [`Masker::mask_append`] and [`Masker::apply_append`].

pub(crate) mod ff1;
mod key;
mod masker;
mod policy;
mod shape;
mod stream;
mod token;

pub use key::Key;
pub(crate) use masker::default_mask;
pub use masker::{MaskSummary, Masker, MAX_IN_PLACE_SPANS};
pub use policy::{Action, CardTokens, LuhnMode, OnFailure, Policy, MAX_TWEAK};
pub use stream::{MaskWriter, StreamMasker};
