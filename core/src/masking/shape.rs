//! Where a value's parts are: what a mask shows, and which characters a
//! token or pseudonym replaces. The only implementation of masking: the
//! display wrapper [`Masked`](crate::Masked) and every masker call come
//! through [`mask_value`].

use super::policy::{CardTokens, Shape};
use crate::finding::Subkind;

/// Known credential prefixes that a mask may show (`sk_live_abc…` →
/// `sk_live_***…`). Kept prefix-free (no entry starts another), so the same
/// entry matches a value and its token, whose prefix is left as it was.
pub(crate) const SECRET_PREFIXES: &[&[u8]] = &[
    b"sk_live_",
    b"sk_test_",
    b"rk_live_",
    b"rk_test_",
    b"pk_live_",
    b"pk_test_",
    b"whsec_",
    b"ghp_",
    b"gho_",
    b"ghu_",
    b"ghs_",
    b"ghr_",
    b"github_pat_",
    b"glpat-",
    b"xoxb-",
    b"xoxp-",
    b"xoxa-",
    b"xoxr-",
    b"xoxs-",
    b"AKIA",
    b"ASIA",
    b"AIza",
    b"SG.",
    b"sq0atp-",
    b"sq0csp-",
    b"shpat_",
    b"shpss_",
    b"npm_",
    b"pypi-",
    b"hf_",
];

/// How many leading bytes of a credential a mask shows: the provider's
/// documented prefix, which names it without revealing any of the secret.
/// The detector's subkind says more than the value for a few formats (a
/// PEM block's `-----BEGIN … PRIVATE KEY-----` line, a Slack webhook's URL
/// up to the ids, a JWT's `eyJ`, a Salesforce org id's `00D`, any `xox…-`
/// or `xapp-` Slack token); otherwise [`SECRET_PREFIXES`] decides.
fn mask_secret_prefix(subkind: Subkind, value: &[u8]) -> usize {
    let up_to_first = |byte: u8| value.iter().position(|&b| b == byte).map_or(0, |i| i + 1);
    let by_subkind = match subkind {
        Subkind::PrivateKey if value.starts_with(b"-----BEGIN ") => value[5..]
            .windows(5)
            .position(|w| w == b"-----")
            .map_or(0, |i| i + 10),
        Subkind::SlackWebhook if value.starts_with(SLACK_WEBHOOK_PREFIX) => {
            SLACK_WEBHOOK_PREFIX.len()
        }
        Subkind::Jwt if value.starts_with(b"eyJ") => 3,
        Subkind::SalesforceSession if value.starts_with(b"00D") => 3,
        Subkind::AwsAccessKeyId => 4,
        Subkind::SlackToken => up_to_first(b'-'),
        _ => 0,
    };
    if by_subkind > 0 {
        by_subkind.min(value.len())
    } else {
        token_secret_prefix(value)
    }
}

/// What a Slack incoming-webhook URL starts with; the ids and the secret
/// follow.
const SLACK_WEBHOOK_PREFIX: &[u8] = b"https://hooks.slack.com/services/";

/// Length of the known credential prefix `value` starts with, or 0. Tokens
/// keep it; it depends on the value alone (not on a detector's subkind), so
/// a token's prefix is found again when it is detokenized.
fn token_secret_prefix(value: &[u8]) -> usize {
    SECRET_PREFIXES
        .iter()
        .find(|p| value.starts_with(p))
        .map_or(0, |p| p.len())
}

/// Start of an email's domain part (its last `@`), when it has a non-empty
/// local part.
fn email_at(value: &[u8]) -> Option<usize> {
    value.iter().rposition(|&b| b == b'@').filter(|&at| at > 0)
}

/// Which characters a plan counts for its shown prefix and suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counted {
    Digits,
    Alphanumerics,
}

impl Counted {
    fn counts(self, byte: u8) -> bool {
        match self {
            Counted::Digits => byte.is_ascii_digit(),
            Counted::Alphanumerics => byte.is_ascii_alphanumeric(),
        }
    }
}

/// What a mask shows of one value.
#[derive(Clone, Copy, Debug)]
struct MaskPlan {
    /// Bytes before this offset are shown as they are (a credential prefix).
    keep_before: usize,
    /// Bytes from this offset on are shown as they are (an email's domain).
    keep_from: usize,
    counted: Counted,
    /// Counted characters between the two offsets.
    count: usize,
    show_first: usize,
    show_last: usize,
}

impl MaskPlan {
    fn new(shape: Shape, subkind: Subkind, pci_display: bool, value: &[u8]) -> MaskPlan {
        let mut plan = MaskPlan {
            keep_before: 0,
            keep_from: value.len(),
            counted: Counted::Alphanumerics,
            count: 0,
            show_first: 0,
            show_last: 0,
        };
        // The fewest counted characters that stay hidden.
        let mut min_hidden = None;
        match shape {
            Shape::Card => {
                plan.counted = Counted::Digits;
                plan.show_first = if pci_display { 6 } else { 0 };
                plan.show_last = 4;
                // PCI DSS allows six and four, but on a short number that
                // would leave a handful of digits that Luhn narrows further.
                min_hidden = Some(5);
            }
            Shape::AuthData | Shape::Opaque => {}
            Shape::LastFour => {
                plan.counted = Counted::Digits;
                plan.show_last = 4;
            }
            Shape::Iban => {
                plan.show_first = 2;
                plan.show_last = 4;
            }
            Shape::Email => {
                if let Some(at) = email_at(value) {
                    plan.keep_from = at;
                    plan.show_first = 1;
                }
            }
            Shape::Secret => plan.keep_before = mask_secret_prefix(subkind, value),
        }
        plan.count = value[plan.keep_before..plan.keep_from]
            .iter()
            .filter(|&&b| plan.counted.counts(b))
            .count();
        // Unless said otherwise, at least half of the characters stay hidden.
        let min_hidden = min_hidden.unwrap_or(plan.count.div_ceil(2));
        let max_shown = plan.count.saturating_sub(min_hidden);
        while plan.show_first + plan.show_last > max_shown {
            if plan.show_first > 0 {
                plan.show_first -= 1;
            } else {
                plan.show_last -= 1;
            }
        }
        if shape == Shape::Card && plan.show_first < 6 {
            // The whole BIN or none of it: three or four leading digits next
            // to a word such as "cvv" would read as a security code.
            plan.show_first = 0;
        }
        plan
    }
}

impl MaskPlan {
    /// The output byte for `byte` at offset `i`; `counted` is how many
    /// counted characters came before it, and is advanced.
    #[inline]
    fn output(&self, i: usize, byte: u8, counted: &mut usize, mask_char: u8) -> u8 {
        if i < self.keep_before || i >= self.keep_from {
            byte
        } else if self.counted.counts(byte) {
            let shown = *counted < self.show_first || *counted + self.show_last >= self.count;
            *counted += 1;
            if shown {
                byte
            } else {
                mask_char
            }
        } else if byte.is_ascii_alphanumeric() || !byte.is_ascii() {
            mask_char
        } else {
            byte
        }
    }
}

/// Masks `value` as `shape` says, handing each output byte to `put` in
/// order: letters, digits and non-ASCII bytes become `mask_char` unless the
/// plan shows them; separators, punctuation and whitespace stay.
pub(crate) fn mask_value(
    shape: Shape,
    subkind: Subkind,
    pci_display: bool,
    mask_char: u8,
    value: &[u8],
    mut put: impl FnMut(u8),
) {
    let plan = MaskPlan::new(shape, subkind, pci_display, value);
    let mut counted = 0;
    for (i, &byte) in value.iter().enumerate() {
        put(plan.output(i, byte, &mut counted, mask_char));
    }
}

/// [`mask_value`] in place.
pub(crate) fn mask_in_place(
    shape: Shape,
    subkind: Subkind,
    pci_display: bool,
    mask_char: u8,
    value: &mut [u8],
) {
    // The plan is computed from the original bytes before any is rewritten.
    let plan = MaskPlan::new(shape, subkind, pci_display, value);
    let mut counted = 0;
    for (i, byte) in value.iter_mut().enumerate() {
        *byte = plan.output(i, *byte, &mut counted, mask_char);
    }
}

/// The role of one byte in a token or pseudonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Left as it is (separators, kept digits, a domain, a prefix).
    Fixed,
    /// A digit that is replaced (radix 10).
    Digit,
    /// A letter that is replaced by a letter of the same case (radix 26).
    Letter,
    /// The card digit set from the others to fail (or pass) Luhn.
    LuhnSlot,
}

/// Which bytes of a value a token or pseudonym replaces. Computed from
/// what a token leaves unchanged (lengths, separators, character classes,
/// kept parts), so a value and its token get the same plan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenPlan {
    keep_before: usize,
    keep_from: usize,
    /// Card numbers: only digits are replaced.
    digits_only: bool,
    /// Leading and trailing replaceable characters kept as they are.
    keep_first: usize,
    keep_last: usize,
    /// Replaceable characters between `keep_before` and `keep_from`.
    count: usize,
    /// Index (among the replaceable characters) of the Luhn slot.
    luhn_slot: Option<usize>,
}

impl TokenPlan {
    /// Whether `value`, after its replaceable characters changed, still has
    /// this plan. Only a secret's plan depends on replaced characters: a
    /// token must not begin with a credential prefix its value did not have
    /// (`id_token…` → `hf_…`), or detokenizing would keep that prefix and
    /// decrypt the rest. The tokenizer cycle-walks until this holds.
    pub(crate) fn holds_for(&self, shape: Shape, value: &[u8]) -> bool {
        shape != Shape::Secret || token_secret_prefix(value) == self.keep_before
    }
}

/// Why a value cannot be tokenized; the masker turns it into an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlanError {
    /// Not a card number of 12 to 19 digits.
    CardLength,
    /// Too few digits left to encrypt once the kept ones are set aside.
    DomainTooSmall { free: usize },
    /// Bytes outside ASCII where characters would be replaced.
    NonAscii,
}

/// Index of the twelfth digit: the Luhn slot is at or before it.
const SLOT_LIMIT: usize = 11;

/// Card numbers have 12 to 19 digits (ISO/IEC 7812).
const CARD_DIGITS: core::ops::RangeInclusive<usize> = 12..=19;

impl TokenPlan {
    pub(crate) fn new(
        shape: Shape,
        card: &CardTokens,
        value: &[u8],
    ) -> Result<TokenPlan, PlanError> {
        let mut plan = TokenPlan {
            keep_before: 0,
            keep_from: value.len(),
            digits_only: false,
            keep_first: 0,
            keep_last: 0,
            count: 0,
            luhn_slot: None,
        };
        match shape {
            Shape::Card => plan.digits_only = true,
            Shape::Iban => plan.keep_first = 4, // country code and check digits
            Shape::Email => plan.keep_from = email_at(value).unwrap_or(value.len()),
            Shape::Secret => plan.keep_before = token_secret_prefix(value),
            Shape::AuthData | Shape::LastFour | Shape::Opaque => {}
        }
        let middle = &value[plan.keep_before..plan.keep_from];
        if !plan.digits_only && !middle.is_ascii() {
            return Err(PlanError::NonAscii);
        }
        plan.count = middle.iter().filter(|&&b| plan.replaceable(b)).count();
        if plan.digits_only {
            if !CARD_DIGITS.contains(&plan.count) {
                return Err(PlanError::CardLength);
            }
            let (first, last) = card
                .kept_digits(plan.count)
                .ok_or(PlanError::DomainTooSmall {
                    free: plan.count - 1,
                })?;
            plan.keep_first = first;
            plan.keep_last = last;
            // The last free digit among the first twelve: then every prefix
            // a scanner could take for a card number (12 digits or more)
            // contains it. Free digits start by the seventh and number at
            // least seven, so there is one.
            plan.luhn_slot = Some((plan.count - last - 1).min(SLOT_LIMIT));
        }
        plan.keep_first = plan.keep_first.min(plan.count);
        Ok(plan)
    }

    fn replaceable(&self, byte: u8) -> bool {
        if self.digits_only {
            byte.is_ascii_digit()
        } else {
            byte.is_ascii_alphanumeric()
        }
    }

    /// The role of `byte` at offset `i`. Call it for every byte in order:
    /// `index` counts the replaceable characters seen so far. A byte's role
    /// depends only on its class and on the bytes before it, so the bytes
    /// already replaced (which keep their class) do not change the roles of
    /// those after them.
    #[inline]
    pub(crate) fn role(&self, i: usize, byte: u8, index: &mut usize) -> Role {
        if i < self.keep_before || i >= self.keep_from || !self.replaceable(byte) {
            return Role::Fixed;
        }
        let this = *index;
        *index += 1;
        if this < self.keep_first || this + self.keep_last >= self.count {
            Role::Fixed
        } else if Some(this) == self.luhn_slot {
            Role::LuhnSlot
        } else if byte.is_ascii_digit() {
            Role::Digit
        } else {
            Role::Letter
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(shape: Shape, pci: bool, value: &str) -> String {
        let mut out = Vec::new();
        mask_value(shape, Subkind::None, pci, b'*', value.as_bytes(), |b| {
            out.push(b)
        });
        let mut in_place = value.as_bytes().to_vec();
        mask_in_place(shape, Subkind::None, pci, b'*', &mut in_place);
        assert_eq!(in_place, out, "both ways of masking agree");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn card_masks() {
        assert_eq!(
            masked(Shape::Card, false, "4111 1111 1111 1111"),
            "**** **** **** 1111"
        );
        assert_eq!(
            masked(Shape::Card, true, "4111-1111-1111-1111"),
            "4111-11**-****-1111"
        );
        assert_eq!(
            masked(Shape::Card, true, "378282246310005"),
            "378282*****0005"
        );
        assert_eq!(
            masked(Shape::Card, true, "36227206271667"),
            "**********1667"
        );
        assert_eq!(masked(Shape::Card, true, "411111111111"), "********1111");
        assert_eq!(
            masked(Shape::Card, true, "4111111111111111111"),
            "411111*********1111"
        );
    }

    #[test]
    fn other_masks() {
        assert_eq!(masked(Shape::AuthData, false, "123"), "***");
        assert_eq!(
            masked(
                Shape::AuthData,
                true,
                "%B4111111111111111^DOE/JOHN^2512101?"
            ),
            "%*****************^***/****^*******?"
        );
        assert_eq!(masked(Shape::LastFour, false, "123-45-6789"), "***-**-6789");
        assert_eq!(masked(Shape::LastFour, false, "1234"), "**34");
        assert_eq!(
            masked(Shape::Iban, false, "DE89 3704 0044 0532 0130 00"),
            "DE** **** **** **** **30 00"
        );
        assert_eq!(
            masked(Shape::Email, false, "jane.doe@example.com"),
            "j***.***@example.com"
        );
        assert_eq!(
            masked(Shape::Email, false, "j@example.com"),
            "*@example.com"
        );
        assert_eq!(masked(Shape::Email, false, "no-at-sign"), "**-**-****");
        assert_eq!(
            masked(Shape::Secret, false, "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            "sk_live_************************"
        );
        assert_eq!(masked(Shape::Secret, false, "xoxb-123-abc"), "xoxb-***-***");
        assert_eq!(
            masked(Shape::Secret, false, "unknownsecret"),
            "*************"
        );
        assert_eq!(masked(Shape::Opaque, false, "ab-é1"), "**-***");
    }

    #[test]
    fn secret_prefixes_are_prefix_free() {
        for a in SECRET_PREFIXES {
            for b in SECRET_PREFIXES {
                assert!(a == b || !b.starts_with(a), "{a:?} starts {b:?}");
            }
        }
    }

    fn roles(shape: Shape, card: CardTokens, value: &str) -> String {
        let plan = TokenPlan::new(shape, &card, value.as_bytes()).unwrap();
        let mut index = 0;
        value
            .bytes()
            .enumerate()
            .map(|(i, b)| match plan.role(i, b, &mut index) {
                Role::Fixed => b as char,
                Role::Digit => 'd',
                Role::Letter => 'a',
                Role::LuhnSlot => 'L',
            })
            .collect()
    }

    #[test]
    fn token_roles() {
        let card = CardTokens::default();
        assert_eq!(
            roles(Shape::Card, card, "4111 1111 1111 1111"),
            "dddd dddd dddL 1111"
        );
        let bin = CardTokens {
            keep_bin: true,
            ..card
        };
        assert_eq!(
            roles(Shape::Card, bin, "4111-1111-1111-1111"),
            "4111-1ddd-dddL-1111"
        );
        assert_eq!(roles(Shape::LastFour, card, "123-45-6789"), "ddd-dd-dddd");
        assert_eq!(roles(Shape::Iban, card, "GB82 WEST 1234"), "GB82 aaaa dddd");
        assert_eq!(roles(Shape::Email, card, "Jo.x1@ex.com"), "aa.ad@ex.com");
        assert_eq!(roles(Shape::Secret, card, "ghp_aB1"), "ghp_aad");
        assert_eq!(
            TokenPlan::new(Shape::Card, &card, b"4111 1111").unwrap_err(),
            PlanError::CardLength
        );
        assert_eq!(
            TokenPlan::new(Shape::Email, &card, "jos\u{e9}@x.com".as_bytes()).unwrap_err(),
            PlanError::NonAscii
        );
    }
}
