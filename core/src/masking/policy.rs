//! [`Policy`]: what happens to each kind of finding, and the table of
//! per-kind defaults.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::finding::Kind;

/// What to do with a finding's bytes.
///
/// ```
/// use leaksift::Action;
///
/// assert_eq!(Action::parse("tokenize")?, Action::Tokenize);
/// assert!(Action::Mask.preserves_length() && !Action::Redact.preserves_length());
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Replace the value with a label such as `[PAN]`; lengths change.
    Redact,
    /// Keep the length and every separator, replace letters and digits with
    /// the mask character, except what the kind's rule lets show (the last
    /// four digits of a card number, an email's domain...).
    Mask,
    /// Encrypt with FF1 (format-preserving): same length, separators and
    /// character classes; reversible with the key. Card tokens fail Luhn
    /// unless [`CardTokens::luhn`] says otherwise.
    Tokenize,
    /// Replace with a keyed HMAC-derived value of the same length, alphabet
    /// and separators: deterministic (joins still work), not reversible.
    Pseudonymize,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 4] = [
        Action::Redact,
        Action::Mask,
        Action::Tokenize,
        Action::Pseudonymize,
    ];

    /// The action's name: `"redact"`, `"mask"`, `"tokenize"`, `"pseudonymize"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Redact => "redact",
            Action::Mask => "mask",
            Action::Tokenize => "tokenize",
            Action::Pseudonymize => "pseudonymize",
        }
    }

    /// Looks an action up by name, case-insensitively.
    pub fn parse(name: &str) -> Result<Action, Error> {
        let name = name.trim();
        Action::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                ErrorKind::UnknownAction {
                    name: name.to_owned(),
                }
                .into()
            })
    }

    /// Whether the output has the same length as the input.
    pub const fn preserves_length(self) -> bool {
        !matches!(self, Action::Redact)
    }

    /// Whether the action needs a [`Key`](crate::Key).
    pub const fn needs_key(self) -> bool {
        matches!(self, Action::Tokenize | Action::Pseudonymize)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a kind's values are laid out: decides what masking shows and what
/// tokenizing encrypts. Internal, so that new shapes do not break callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Card numbers: digits; masks show at most the first six and last four.
    Card,
    /// Sensitive authentication data (security codes, track data): never
    /// shown in part, never tokenized or pseudonymized.
    AuthData,
    /// Identifiers shown by their last four digits (e.g. SSN, ITIN).
    LastFour,
    /// IBAN: country code and last four characters shown; tokens keep the
    /// country code and check digits.
    Iban,
    /// Email address: first character of the local part and the domain shown.
    Email,
    /// Credential: a recognised provider prefix (`sk_live_`, `ghp_`...)
    /// shown, nothing of the secret part.
    Secret,
    /// Anything else: every letter and digit hidden.
    Opaque,
}

/// The per-kind table: one line per kind. A kind without a line gets
/// [`Shape::Opaque`], so a new detector's findings are masked whole until
/// someone decides otherwise. Every kind's default action is [`Action::Mask`].
const SHAPES: &[(Kind, Shape)] = &[
    (Kind::Pan, Shape::Card),
    (Kind::Cvv, Shape::AuthData),
    (Kind::TrackData, Shape::AuthData),
    (Kind::Ssn, Shape::LastFour),
    (Kind::Itin, Shape::LastFour),
    (Kind::Iban, Shape::Iban),
    // Routing numbers are printed on every cheque, but next to an account
    // number they identify it: shown as statements show them.
    (Kind::RoutingNumber, Shape::LastFour),
    (Kind::Email, Shape::Email),
    (Kind::Phone, Shape::LastFour),
    (Kind::Secret, Shape::Secret),
];

/// The shape of `kind`'s values (see [`SHAPES`]).
pub(crate) fn shape_of(kind: Kind) -> Shape {
    SHAPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(Shape::Opaque, |&(_, shape)| shape)
}

/// Whether the Luhn check of a card token passes or fails.
///
/// ```
/// use leaksift::{luhn_valid, CardTokens, Key, Kind, LuhnMode, Masker, Policy};
///
/// let valid = CardTokens { luhn: LuhnMode::Valid, ..CardTokens::default() };
/// let masker = Masker::with_key(Policy::new().card_tokens(valid), &Key::from_bytes(&[1; 16])?)?;
/// let mut pan = *b"4111111111111111";
/// masker.tokenize(Kind::Pan, &mut pan)?;
/// assert!(luhn_valid(&pan));
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LuhnMode {
    /// Tokens fail the Luhn check (the default): a token can never be taken
    /// for a live card number, and the scanner does not report it as one.
    #[default]
    Fail,
    /// Tokens pass the Luhn check, for systems that reject anything else.
    /// The scanner may then report tokens as card numbers.
    Valid,
}

/// How card numbers are tokenized and pseudonymized.
///
/// Only digits are encrypted; separators stay. One free digit is set from
/// the others so that the token fails (or passes) the Luhn check, and on
/// detokenizing it is recomputed from the original's Luhn check digit (see
/// the `masking` module docs). The encrypted digits must allow at least
/// 10^6 values (NIST SP 800-38G Rev. 1), so at most `len - 7` digits can be
/// kept; when the requested digits would leave fewer, `shrink` keeps fewer
/// leading digits first, then fewer trailing ones, while without it the
/// value is refused.
///
/// ```
/// use leaksift::{CardTokens, LuhnMode};
///
/// let tokens = CardTokens { keep_bin: true, ..CardTokens::default() };
/// assert!(tokens.keep_last_four && tokens.shrink && tokens.luhn == LuhnMode::Fail);
/// // A 16-digit PAN then keeps its first five and last four digits.
/// assert_eq!(tokens.kept_digits(16), Some((5, 4)));
/// assert_eq!(tokens.kept_digits(19), Some((6, 4)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CardTokens {
    /// Keep the first six digits (the issuer identification number).
    pub keep_bin: bool,
    /// Keep the last four digits (default: true).
    pub keep_last_four: bool,
    /// Whether tokens pass or fail the Luhn check (default: fail).
    pub luhn: LuhnMode,
    /// Keep fewer digits rather than refuse when the kept digits would leave
    /// too small a domain (default: true).
    pub shrink: bool,
}

impl Default for CardTokens {
    fn default() -> Self {
        CardTokens {
            keep_bin: false,
            keep_last_four: true,
            luhn: LuhnMode::Fail,
            shrink: true,
        }
    }
}

/// Fewest digits FF1 may encrypt in radix 10 (10^6 values).
pub(crate) const MIN_FREE_DIGITS: usize = 6;

impl CardTokens {
    /// How many leading and trailing digits a card number of `digits`
    /// digits keeps, or `None` when it must be refused (too short, or too
    /// many kept digits and `shrink` off). Depends only on the length, so
    /// tokenizing and detokenizing agree.
    pub fn kept_digits(&self, digits: usize) -> Option<(usize, usize)> {
        // One digit is the Luhn slot; the rest of the free digits are encrypted.
        let max_kept = digits.checked_sub(MIN_FREE_DIGITS + 1)?;
        let mut first = if self.keep_bin { 6 } else { 0 };
        let mut last = if self.keep_last_four { 4 } else { 0 };
        if first + last > max_kept && !self.shrink {
            return None;
        }
        while first + last > max_kept {
            if first > 0 {
                first -= 1;
            } else {
                last -= 1;
            }
        }
        Some((first, last))
    }
}

/// What the masker does when a value cannot be tokenized or pseudonymized
/// (too small a domain, a card number that fails Luhn, too long a value).
///
/// ```
/// use leaksift::{Action, CardTokens, ErrorKind, Key, Kind, Masker, OnFailure, Policy, Scanner};
///
/// // Keeping BIN and last four of a 16-digit card leaves too few digits,
/// // and `shrink: false` forbids keeping fewer.
/// let strict = CardTokens { keep_bin: true, shrink: false, ..CardTokens::default() };
/// let policy = Policy::new().set(Kind::Pan, Action::Tokenize).card_tokens(strict);
/// let key = Key::from_bytes(&[1; 16])?;
/// let mut record = *b"card 4111 1111 1111 1111";
///
/// let summary = Masker::with_key(policy.clone(), &key)?.mask_in_place(&Scanner::default(), &mut record)?;
/// assert_eq!((summary.fallbacks, &record), (1, b"card **** **** **** 1111"));
///
/// let stop = Masker::with_key(policy.on_failure(OnFailure::Error), &key)?;
/// let mut record = *b"card 4111 1111 1111 1111";
/// let err = stop.mask_in_place(&Scanner::default(), &mut record).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::DomainTooSmall { .. }));
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OnFailure {
    /// Mask the value with its kind's mask instead and count it in
    /// [`MaskSummary::fallbacks`](crate::MaskSummary::fallbacks) (the
    /// default): nothing leaks, and the rest of the buffer is processed.
    #[default]
    Mask,
    /// Stop with the error. The buffer is then partly processed: discard it.
    Error,
}

/// Longest tweak a policy takes, in bytes.
pub const MAX_TWEAK: usize = 64;

/// What to do with each kind of finding: the configuration a
/// [`Masker`](crate::Masker) is built from.
///
/// Defaults: every kind is masked. Card numbers show their last four digits
/// ([`Policy::pci_display`]: first six and last four), security codes and
/// track data show nothing; kinds with no rule of their own show nothing.
///
/// ```
/// use leaksift::{Action, Kind, Policy};
///
/// let policy = Policy::new()
///     .set(Kind::Pan, Action::Tokenize)
///     .pci_display(true)
///     .mask_char('X')?;
/// assert_eq!(policy.action(Kind::Pan), Action::Tokenize);
/// assert_eq!(policy.action(Kind::Cvv), Action::Mask);
/// assert!(policy.preserves_length());
///
/// // The CLI's syntax: later entries override earlier ones.
/// let policy = Policy::new().parse_rule("all=redact")?.parse_rule("pan=mask")?;
/// assert_eq!(policy.action(Kind::Cvv), Action::Redact);
/// assert_eq!(policy.action(Kind::Pan), Action::Mask);
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Policy {
    actions: [Action; Kind::ALL.len()],
    pub(crate) pci_display: bool,
    pub(crate) mask_char: u8,
    pub(crate) card_tokens: CardTokens,
    pub(crate) on_failure: OnFailure,
    tweak: [u8; MAX_TWEAK],
    tweak_len: usize,
}

/// Index of `kind` in [`Kind::ALL`].
fn slot(kind: Kind) -> usize {
    Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .expect("Kind::ALL lists every kind")
}

impl Policy {
    /// The default mask character.
    pub const DEFAULT_MASK_CHAR: char = '*';

    /// The default policy: everything masked (see the type's docs).
    pub fn new() -> Self {
        Policy {
            actions: [Action::Mask; Kind::ALL.len()],
            pci_display: false,
            mask_char: Policy::DEFAULT_MASK_CHAR as u8,
            card_tokens: CardTokens::default(),
            on_failure: OnFailure::Mask,
            tweak: [0; MAX_TWEAK],
            tweak_len: 0,
        }
    }

    /// Sets the action for one kind. Whether the action is allowed for the
    /// kind (tokenizing a CVV is not) is checked by
    /// [`Masker::new`](crate::Masker::new).
    pub fn set(mut self, kind: Kind, action: Action) -> Self {
        self.actions[slot(kind)] = action;
        self
    }

    /// Sets the action for every kind, except that security codes and track
    /// data are never tokenized or pseudonymized: for them, those actions
    /// mean [`Action::Mask`].
    pub fn set_all(mut self, action: Action) -> Self {
        for kind in Kind::ALL {
            let allowed = !(action.needs_key() && shape_of(kind) == Shape::AuthData);
            self.actions[slot(kind)] = if allowed { action } else { Action::Mask };
        }
        self
    }

    /// Applies one `kind=action` rule, as the CLI's `--policy` takes it;
    /// `all` names every kind (see [`Policy::set_all`]).
    pub fn parse_rule(self, rule: &str) -> Result<Self, Error> {
        let Some((kind, action)) = rule.split_once('=') else {
            return Err(ErrorKind::InvalidPolicy {
                reason: format!("expected kind=action, got {rule:?}"),
            }
            .into());
        };
        let action = Action::parse(action)?;
        let kind = kind.trim();
        if kind.eq_ignore_ascii_case("all") {
            return Ok(self.set_all(action));
        }
        let found = Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(kind));
        match found {
            Some(kind) => Ok(self.set(kind, action)),
            None => Err(ErrorKind::UnknownKind {
                name: kind.to_owned(),
                known: Kind::ALL.map(Kind::as_str).join(", ") + ", all",
            }
            .into()),
        }
    }

    /// The action for `kind`.
    pub fn action(&self, kind: Kind) -> Action {
        self.actions[slot(kind)]
    }

    /// Masked card numbers show the first six digits as well as the last
    /// four (the most PCI DSS allows to be displayed). Card numbers shorter
    /// than 15 digits show only the last four, so that at least five digits
    /// stay hidden (and a partial BIN never reads as a security code).
    pub fn pci_display(mut self, on: bool) -> Self {
        self.pci_display = on;
        self
    }

    /// The character hidden letters and digits become: `*` or an ASCII
    /// letter (e.g. `X`). Digits could rebuild a number the scanner finds,
    /// and separators such as `-`, `:` or `#` are what detectors skip to
    /// reach a value (`cvv: ----1234` would read as a security code).
    pub fn mask_char(mut self, mask: char) -> Result<Self, Error> {
        if !(mask == '*' || mask.is_ascii_alphabetic()) {
            return Err(ErrorKind::InvalidPolicy {
                reason: format!("the mask character must be '*' or an ASCII letter, got {mask:?}"),
            }
            .into());
        }
        self.mask_char = mask as u8;
        Ok(self)
    }

    /// How card numbers are tokenized and pseudonymized.
    pub fn card_tokens(mut self, card_tokens: CardTokens) -> Self {
        self.card_tokens = card_tokens;
        self
    }

    /// The card token settings (see [`Policy::card_tokens`]).
    pub fn card_tokens_config(&self) -> &CardTokens {
        &self.card_tokens
    }

    /// What to do when a value cannot be tokenized or pseudonymized.
    pub fn on_failure(mut self, on_failure: OnFailure) -> Self {
        self.on_failure = on_failure;
        self
    }

    /// An optional tweak (at most [`MAX_TWEAK`] bytes) mixed into every
    /// token and pseudonym: the same value under the same key but another
    /// tweak gives an unrelated token, so one key can serve several
    /// datasets or tenants that must not be joinable. It is not secret, but
    /// detokenizing needs the same tweak. Default: empty.
    pub fn tweak(mut self, tweak: &[u8]) -> Result<Self, Error> {
        if tweak.len() > MAX_TWEAK {
            return Err(ErrorKind::TweakTooLong {
                len: tweak.len(),
                max: MAX_TWEAK,
            }
            .into());
        }
        self.tweak = [0; MAX_TWEAK];
        self.tweak[..tweak.len()].copy_from_slice(tweak);
        self.tweak_len = tweak.len();
        Ok(self)
    }

    /// The tweak set with [`Policy::tweak`].
    pub fn tweak_bytes(&self) -> &[u8] {
        &self.tweak[..self.tweak_len]
    }

    /// Whether no kind is redacted, so output has the input's length and
    /// in-place masking works.
    pub fn preserves_length(&self) -> bool {
        self.actions.iter().all(|a| a.preserves_length())
    }

    /// Whether some kind's action needs a key.
    pub fn needs_key(&self) -> bool {
        self.actions.iter().any(|a| a.needs_key())
    }

    /// Checks that no kind gets an action it must never get.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        for kind in Kind::ALL {
            let action = self.action(kind);
            if action.needs_key() && shape_of(kind) == Shape::AuthData {
                return Err(ErrorKind::ActionNotAllowed {
                    kind: kind.as_str(),
                    action: action.as_str(),
                    reason:
                        "sensitive authentication data must not be stored in any recoverable or \
                             linkable form after authorization (PCI DSS 3.3); mask or redact it",
                }
                .into());
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Actions<'a>(&'a Policy);
        impl fmt::Debug for Actions<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(
                        Kind::ALL
                            .iter()
                            .map(|&k| (k.as_str(), self.0.action(k).as_str())),
                    )
                    .finish()
            }
        }
        f.debug_struct("Policy")
            .field("actions", &Actions(self))
            .field("pci_display", &self.pci_display)
            .field("mask_char", &char::from(self.mask_char))
            .field("card_tokens", &self.card_tokens)
            .field("on_failure", &self.on_failure)
            .field("tweak", &self.tweak_bytes())
            .finish()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_all_is_in_code_order() {
        // `slot` relies on Kind::ALL holding each kind exactly once.
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(slot(kind), i);
        }
    }

    #[test]
    fn every_kind_has_a_safe_default() {
        let policy = Policy::new();
        for kind in Kind::ALL {
            assert_eq!(policy.action(kind), Action::Mask);
        }
        assert_eq!(shape_of(Kind::Cvv), Shape::AuthData);
        assert_eq!(shape_of(Kind::TrackData), Shape::AuthData);
    }

    #[test]
    fn parse_rules() {
        let p = Policy::new().parse_rule("PAN=Tokenize").unwrap();
        assert_eq!(p.action(Kind::Pan), Action::Tokenize);
        let p = Policy::new().parse_rule("all=pseudonymize").unwrap();
        assert_eq!(p.action(Kind::Pan), Action::Pseudonymize);
        assert_eq!(p.action(Kind::Cvv), Action::Mask, "auth data stays masked");
        assert!(p.validate().is_ok());
        for bad in ["pan", "pan=shred", "card=mask", "=mask"] {
            assert!(Policy::new().parse_rule(bad).is_err(), "{bad}");
        }
        let err = Policy::new().parse_rule("card=mask").unwrap_err();
        assert!(
            err.to_string().contains("pan, cvv, track_data") && err.to_string().ends_with(", all)"),
            "{err}"
        );
    }

    #[test]
    fn auth_data_is_never_tokenized() {
        for action in [Action::Tokenize, Action::Pseudonymize] {
            for kind in [Kind::Cvv, Kind::TrackData] {
                let err = Policy::new().set(kind, action).validate().unwrap_err();
                assert!(matches!(err.kind(), ErrorKind::ActionNotAllowed { .. }));
            }
        }
        assert!(Policy::new()
            .set(Kind::Cvv, Action::Redact)
            .validate()
            .is_ok());
    }

    #[test]
    fn mask_char_and_tweak_limits() {
        assert!(Policy::new().mask_char('7').is_err());
        assert!(Policy::new().mask_char('é').is_err());
        assert!(Policy::new().mask_char('\n').is_err());
        assert!(Policy::new().mask_char('-').is_err());
        assert!(Policy::new().mask_char('#').is_err());
        assert_eq!(Policy::new().mask_char('X').unwrap().mask_char, b'X');
        assert!(Policy::new().tweak(&[1; MAX_TWEAK + 1]).is_err());
        assert_eq!(Policy::new().tweak(b"t").unwrap().tweak_bytes(), b"t");
    }

    #[test]
    fn card_kept_digits() {
        let both = CardTokens {
            keep_bin: true,
            ..CardTokens::default()
        };
        assert_eq!(both.kept_digits(19), Some((6, 4)));
        assert_eq!(both.kept_digits(17), Some((6, 4)));
        assert_eq!(both.kept_digits(16), Some((5, 4)));
        assert_eq!(both.kept_digits(15), Some((4, 4)));
        assert_eq!(both.kept_digits(12), Some((1, 4)));
        assert_eq!(both.kept_digits(6), None);
        let strict = CardTokens {
            shrink: false,
            ..both
        };
        assert_eq!(strict.kept_digits(16), None);
        assert_eq!(strict.kept_digits(17), Some((6, 4)));
        let last = CardTokens::default();
        assert_eq!(last.kept_digits(12), Some((0, 4)));
        assert_eq!(last.kept_digits(11), Some((0, 4)));
        let none = CardTokens {
            keep_last_four: false,
            ..last
        };
        assert_eq!(none.kept_digits(7), Some((0, 0)));
        for n in 7..=19 {
            for tokens in [both, last, none] {
                let (f, l) = tokens.kept_digits(n).unwrap();
                assert!(n - f - l > MIN_FREE_DIGITS, "{n}");
            }
        }
    }
}
