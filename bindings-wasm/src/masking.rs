//! `mask`, `tokenize` and `detokenize`: their JS options to the core's
//! [`Policy`], [`Key`] and [`Masker`].
//!
//! As for scan options, reading the JS objects only collects what was given
//! ([`PolicyOptions::from_js`]); turning it into a policy is plain Rust and
//! the core's own checks, so misuse is reported in the core's words.

use js_sys::{Object, Uint8Array};
use leaksift::{Action, CardTokens, Key, Kind, LuhnMode, OnFailure, Policy};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroize;

use crate::error::{Error, ErrorKind};
use crate::options::{self, ScanOptions};

/// Masking options as given, not yet checked. `mask` takes all of them,
/// `tokenize` all but `actions`, `pciDisplay`, `maskChar` and `key` (its key
/// is an argument), `detokenize` only `kind`, `tweak` and `cardTokens`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PolicyOptions {
    /// `(kind, action)` pairs, as written.
    pub(crate) actions: Vec<(String, String)>,
    pub(crate) pci_display: Option<bool>,
    pub(crate) mask_char: Option<String>,
    pub(crate) tweak: Option<String>,
    /// `cardTokens.keep`: "last4", "bin", "bin+last4" or "none".
    pub(crate) keep: Option<String>,
    /// `cardTokens.luhn`: "fail" or "valid".
    pub(crate) luhn: Option<String>,
    pub(crate) strict: Option<bool>,
    /// `detokenize`'s `kind`.
    pub(crate) kind: Option<String>,
    pub(crate) scan: ScanOptions,
}

impl PolicyOptions {
    /// Collects the options of `what` ("policy", "options") from `undefined`,
    /// `null` or a plain object, allowing only the `known` names; `key`, when
    /// known, is returned separately.
    pub(crate) fn from_js(
        value: Option<&JsValue>,
        what: &str,
        known: &[&str],
    ) -> Result<(PolicyOptions, Option<JsValue>), Error> {
        let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
            return Ok((PolicyOptions::default(), None));
        };
        let object = options::plain_object(value, what)?;
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(Error::invalid(format!(
                    "unknown {what} option {key:?} (known: {})",
                    known.join(", ")
                )));
            }
        }
        let mut given = PolicyOptions::default();
        let actions = options::property(object, "actions")?;
        if !actions.is_undefined() {
            let actions = options::plain_object(&actions, "actions")?;
            for kind in Object::keys(actions).iter() {
                let kind = kind.as_string().unwrap_or_default();
                let action = options::property(actions, &kind)?;
                let action = action.as_string().ok_or_else(|| {
                    Error::invalid(format!(
                        "actions.{kind} must be an action name, got {}",
                        options::type_name(&action)
                    ))
                })?;
                given.actions.push((kind, action));
            }
        }
        given.pci_display = boolean(&options::property(object, "pciDisplay")?, "pciDisplay")?;
        given.mask_char = string(&options::property(object, "maskChar")?, "maskChar")?;
        given.tweak = string(&options::property(object, "tweak")?, "tweak")?;
        given.strict = boolean(&options::property(object, "strict")?, "strict")?;
        given.kind = string(&options::property(object, "kind")?, "kind")?;
        let cards = options::property(object, "cardTokens")?;
        if !cards.is_undefined() {
            let cards = options::plain_object(&cards, "cardTokens")?;
            for key in Object::keys(cards).iter() {
                let key = key.as_string().unwrap_or_default();
                if key != "keep" && key != "luhn" {
                    return Err(Error::invalid(format!(
                        "unknown cardTokens option {key:?} (known: keep, luhn)"
                    )));
                }
            }
            given.keep = string(&options::property(cards, "keep")?, "cardTokens.keep")?;
            given.luhn = string(&options::property(cards, "luhn")?, "cardTokens.luhn")?;
        }
        let scan = options::property(object, "scan")?;
        given.scan = ScanOptions::from_js(Some(&scan))?;
        let key = options::property(object, "key")?;
        Ok((given, (!key.is_undefined()).then_some(key)))
    }

    /// `base` with these options applied.
    pub(crate) fn policy(&self, mut policy: Policy) -> Result<Policy, Error> {
        for (kind, action) in &self.actions {
            policy = policy.set(kind_named(kind)?, Action::parse(action)?);
        }
        if let Some(on) = self.pci_display {
            policy = policy.pci_display(on);
        }
        if let Some(mask) = &self.mask_char {
            let mut chars = mask.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => policy = policy.mask_char(c)?,
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidPolicy,
                        format!(
                            "maskChar must be one character, got {} characters",
                            mask.chars().count()
                        ),
                    ))
                }
            }
        }
        if let Some(tweak) = &self.tweak {
            policy = policy.tweak(tweak.as_bytes())?;
        }
        if self.keep.is_some() || self.luhn.is_some() || self.strict.is_some() {
            let strict = self.strict.unwrap_or(false);
            let mut cards = CardTokens {
                shrink: !strict,
                ..CardTokens::default()
            };
            if let Some(keep) = &self.keep {
                (cards.keep_bin, cards.keep_last_four) = match keep.as_str() {
                    "last4" => (false, true),
                    "bin" => (true, false),
                    "bin+last4" => (true, true),
                    "none" => (false, false),
                    other => {
                        return Err(Error::new(
                            ErrorKind::InvalidPolicy,
                            format!("cardTokens.keep must be \"last4\", \"bin\", \"bin+last4\" or \"none\", got {other:?}"),
                        ))
                    }
                };
            }
            if let Some(luhn) = &self.luhn {
                cards.luhn = match luhn.as_str() {
                    "fail" => LuhnMode::Fail,
                    "valid" => LuhnMode::Valid,
                    other => {
                        return Err(Error::new(
                            ErrorKind::InvalidPolicy,
                            format!("cardTokens.luhn must be \"fail\" or \"valid\", got {other:?}"),
                        ))
                    }
                };
            }
            policy = policy.card_tokens(cards);
            if strict {
                policy = policy.on_failure(OnFailure::Error);
            }
        }
        Ok(policy)
    }

    /// The kind `detokenize` was told, card numbers by default.
    pub(crate) fn kind(&self) -> Result<Kind, Error> {
        self.kind.as_deref().map_or(Ok(Kind::Pan), kind_named)
    }
}

fn kind_named(name: &str) -> Result<Kind, Error> {
    Kind::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        Error::new(
            ErrorKind::InvalidPolicy,
            format!("unknown kind {name:?} (known: {})", known.join(", ")),
        )
    })
}

/// A key from raw bytes (a `Uint8Array`) or hex text. The copy of the
/// bytes made here is wiped once the core holds the key.
pub(crate) fn key_from_js(value: &JsValue) -> Result<Key, Error> {
    if let Some(hex) = value.as_string() {
        return Ok(Key::from_hex(&hex)?);
    }
    let Some(array) = value.dyn_ref::<Uint8Array>() else {
        return Err(Error::invalid(format!(
            "key must be a Uint8Array or a hex string, got {}",
            options::type_name(value)
        )));
    };
    let mut bytes = array.to_vec();
    let key = Key::from_bytes(&bytes);
    bytes.zeroize();
    Ok(key?)
}

fn boolean(value: &JsValue, name: &str) -> Result<Option<bool>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    value.as_bool().map(Some).ok_or_else(|| {
        Error::invalid(format!(
            "{name} must be true or false, got {}",
            options::type_name(value)
        ))
    })
}

fn string(value: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        Error::invalid(format!(
            "{name} must be a string, got {}",
            options::type_name(value)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use leaksift::{Masker, Scanner};

    fn masked(options: &PolicyOptions, input: &str) -> Result<String, Error> {
        let masker = Masker::new(options.policy(Policy::new())?)?;
        let out = masker.mask(&Scanner::default(), input.as_bytes())?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn actions_and_display_options_reach_the_policy() {
        let input = "card 4526 0181 5908 3012 cvv 123";
        assert_eq!(
            masked(&PolicyOptions::default(), input).ok().as_deref(),
            Some("card **** **** **** 3012 cvv ***")
        );
        let pci = PolicyOptions {
            pci_display: Some(true),
            mask_char: Some("x".into()),
            ..PolicyOptions::default()
        };
        assert_eq!(
            masked(&pci, input).ok().as_deref(),
            Some("card 4526 01xx xxxx 3012 cvv xxx")
        );
    }

    #[test]
    fn misuse_is_an_invalid_policy() {
        let kind = |options: PolicyOptions| masked(&options, "x").err().map(|e| e.kind);
        let with_action = |kind: &str, action: &str| PolicyOptions {
            actions: vec![(kind.into(), action.into())],
            ..PolicyOptions::default()
        };
        assert_eq!(
            kind(with_action("ssn-typo", "mask")),
            Some(ErrorKind::InvalidPolicy)
        );
        assert_eq!(
            kind(with_action("pan", "encrypt")),
            Some(ErrorKind::InvalidPolicy)
        );
        assert_eq!(
            kind(with_action("pan", "tokenize")),
            Some(ErrorKind::InvalidKey)
        );
        let two_chars = PolicyOptions {
            mask_char: Some("ab".into()),
            ..PolicyOptions::default()
        };
        assert_eq!(kind(two_chars), Some(ErrorKind::InvalidPolicy));
        let keep = PolicyOptions {
            keep: Some("first6".into()),
            ..PolicyOptions::default()
        };
        assert_eq!(kind(keep), Some(ErrorKind::InvalidPolicy));
    }

    #[test]
    fn detokenize_defaults_to_card_numbers() {
        assert_eq!(PolicyOptions::default().kind(), Ok(Kind::Pan));
        let cvv = PolicyOptions {
            kind: Some("cvv".into()),
            ..PolicyOptions::default()
        };
        assert_eq!(cvv.kind(), Ok(Kind::Cvv));
    }
}
