//! Tokens (FF1) and pseudonyms (HMAC-SHA-256) that keep a value's format.
//!
//! # What is replaced
//! A [`TokenPlan`] marks each byte: fixed (separators, kept digits, an
//! email's domain, a credential's prefix), a digit (radix 10), a letter
//! (radix 26, its case kept) or, in card numbers, the Luhn slot. Only the
//! replaced characters' classes, never their values, decide the plan, so a
//! value and its token get the same plan and detokenizing needs nothing but
//! the key, the tweak and the policy.
//!
//! # Tokens
//! The replaced characters form one numeral string. When they share one
//! radix (digits only, letters only) FF1 encrypts them directly. When digits
//! and letters mix, the string is read as one mixed-radix integer below
//! `M = 10^d · 26^l`, written in binary (radix 2^s, s as small as FF1's
//! length limit allows), and FF1 is applied repeatedly until the result is
//! below `M` again (cycle walking). That is a permutation of `0..M`, and
//! since `2^(s·k) < 2^s · M`, fewer than 2^s steps are expected (2 for
//! values up to 38 characters). The domain checked against NIST's minimum
//! (10^6) is `M` itself, the number of values the token could take.
//!
//! The FF1 tweak is SHA-256 over a label, the kind's name, the policy's
//! tweak and the plan with its kept letters and digits: so a token depends
//! on the kept parts too (the same middle digits under another BIN give
//! another token), values of different kinds never share tokens, and
//! separators do not matter (`4111 1111…` and `4111111…` get the same
//! digits).
//!
//! # The Luhn slot
//! A card token must fail the Luhn check by default. One replaced digit of
//! a card number, the last free one among its first twelve, is not
//! encrypted: it is the "slot". After the other replaced digits are
//! encrypted it is set from them: in [`LuhnMode::Fail`] to the first digit
//! after the one that would make the token Luhn-valid (mod 10) that also
//! makes every prefix of twelve digits or more fail (a 19-digit number
//! printed `4-4-4-4-3` holds a 16-digit grouping a scanner would check); in
//! [`LuhnMode::Valid`] to the digit that makes it valid. The token's slot
//! carries no information. Nothing is lost: the original was
//! Luhn-valid, and Luhn is a checksum in which any one digit is determined
//! by all the others (each position's contribution, `d` or the doubled
//! `2d` digit sum, is a bijection on 0–9). Detokenizing decrypts the other
//! digits and recomputes the slot as the digit that makes the original
//! Luhn-valid. Tokenizing refuses a card number that fails Luhn, since its
//! slot could not be restored; detokenizing refuses a token whose slot does
//! not match the policy's Luhn mode.
//!
//! # Pseudonyms
//! HMAC-SHA-256 (under a key derived from the user's key) of the same
//! context and the replaced characters gives a seed; HMAC of the seed and a
//! counter gives as many 16-bit samples as there are characters to replace,
//! each reduced modulo its radix (a bias below 0.04 %). Same input, key and
//! tweak, same pseudonym: joins keep working. Card pseudonyms get the same
//! Luhn slot as tokens.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::ff1::{BigUint, Ff1, Ff1Error, MAX_LEN};
use super::key::Key;
use super::policy::{CardTokens, LuhnMode, Shape};
use super::shape::{PlanError, Role, TokenPlan};
use crate::error::{Error, ErrorKind};
use crate::finding::Kind;

/// Most characters one token or pseudonym replaces (FF1's length limit).
pub(crate) const MAX_REPLACED: usize = MAX_LEN;

/// Smallest number of values a token may take (NIST SP 800-38G Rev. 1).
const MIN_DOMAIN: u64 = 1_000_000;

/// A digit count no card number exceeds.
const MAX_CARD_DIGITS: usize = 19;

type HmacSha256 = Hmac<Sha256>;

/// The keyed primitives, built once from a [`Key`]. Both wipe their key
/// material on drop (aes and sha2 with their `zeroize` features).
pub(crate) struct Crypto {
    ff1: Ff1,
    mac: HmacSha256,
}

/// Fails to compile if either primitive stops wiping itself on drop. HMAC
/// keeps its keyed state in two SHA-256 cores, which sha2's `zeroize`
/// feature wipes on drop (hmac itself carries no marker for it).
#[allow(dead_code)]
fn assert_wiped_on_drop<'a>(
    ff1: &'a Ff1,
    sha256_core: &'a sha2::block_api::Sha256VarCore,
) -> [&'a dyn zeroize::ZeroizeOnDrop; 2] {
    [ff1, sha256_core]
}

impl Crypto {
    pub(crate) fn new(key: &Key) -> Result<Crypto, Error> {
        let ff1 = Ff1::new(key.as_bytes()).map_err(|_| ErrorKind::KeyLength { len: key.len() })?;
        // A separate MAC key, so the AES key is never used for two purposes.
        let mut derive = <HmacSha256 as KeyInit>::new_from_slice(key.as_bytes())
            .expect("HMAC takes keys of any length");
        derive.update(b"leaksift pseudonymize v1");
        let mut mac_key = Zeroizing::new([0u8; 32]);
        mac_key.copy_from_slice(&derive.finalize().into_bytes());
        let mac = <HmacSha256 as KeyInit>::new_from_slice(&mac_key[..])
            .expect("HMAC takes keys of any length");
        Ok(Crypto { ff1, mac })
    }
}

/// Encrypt or decrypt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Tokenize,
    Detokenize,
}

/// Everything a token or pseudonym depends on besides the value and key.
#[derive(Clone, Copy)]
pub(crate) struct Context<'p> {
    pub kind: Kind,
    pub shape: Shape,
    pub card: &'p CardTokens,
    pub tweak: &'p [u8],
}

/// The replaced characters of a value as numerals, on the stack.
struct Numerals {
    values: [u16; MAX_REPLACED],
    radices: [u8; MAX_REPLACED],
    len: usize,
}

impl Drop for Numerals {
    fn drop(&mut self) {
        // They spell the plaintext (or its token).
        self.values.zeroize();
    }
}

/// The digits of a card number and where its Luhn slot is among them.
struct CardDigits {
    digits: [u8; MAX_CARD_DIGITS],
    len: usize,
    slot: usize,
}

impl CardDigits {
    fn read(plan: &TokenPlan, value: &[u8]) -> CardDigits {
        let mut card = CardDigits {
            digits: [0; MAX_CARD_DIGITS],
            len: 0,
            slot: 0,
        };
        let mut index = 0;
        for (i, &byte) in value.iter().enumerate() {
            let role = plan.role(i, byte, &mut index);
            if byte.is_ascii_digit() && card.len < MAX_CARD_DIGITS {
                if role == Role::LuhnSlot {
                    card.slot = card.len;
                }
                card.digits[card.len] = byte;
                card.len += 1;
            }
        }
        card
    }

    /// The digit at the slot that makes the whole number Luhn-valid.
    fn valid_slot_digit(&self) -> u8 {
        const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
        let contribution = |at: usize, digit: u8| {
            let d = usize::from(digit - b'0');
            // Every second digit from the right, starting with the second, is doubled.
            if (self.len - 1 - at) % 2 == 1 {
                DOUBLED[d]
            } else {
                d as u32
            }
        };
        let others: u32 = (0..self.len)
            .filter(|&at| at != self.slot)
            .map(|at| contribution(at, self.digits[at]))
            .sum();
        (b'0'..=b'9')
            .find(|&d| (others + contribution(self.slot, d)).is_multiple_of(10))
            .expect("each position's contribution is a bijection on 0..=9")
    }

    /// The slot digit a token or pseudonym gets under `mode`: in
    /// [`LuhnMode::Fail`], the first digit after the Luhn-valid one (mod 10)
    /// that makes every prefix of twelve digits or more fail Luhn too, so
    /// that no grouping of the token (`4111 1111 1111 1111 111` holds a
    /// 16-digit grouping) passes for a card number. Each prefix rules out
    /// one digit and there are at most eight, so one always remains.
    fn token_slot_digit(&self, mode: LuhnMode) -> u8 {
        let valid = self.valid_slot_digit();
        if mode == LuhnMode::Valid {
            return valid;
        }
        let mut digits = self.digits;
        let number = &mut digits[..self.len];
        let choice = (1..10)
            .map(|step| b'0' + (valid - b'0' + step) % 10)
            .find(|&candidate| {
                number[self.slot] = candidate;
                (12..=number.len()).all(|len| !crate::luhn_valid(&number[..len]))
            })
            .expect("at most eight prefixes rule out at most eight digits");
        digits.zeroize();
        choice
    }
}

/// Writes `digit` into the slot of the card number in `value`.
fn set_slot(plan: &TokenPlan, value: &mut [u8], digit: u8) {
    let mut index = 0;
    for (i, byte) in value.iter_mut().enumerate() {
        if plan.role(i, *byte, &mut index) == Role::LuhnSlot {
            *byte = digit;
            return;
        }
    }
}

fn invalid(ctx: &Context<'_>, action: &'static str, reason: &'static str) -> Error {
    ErrorKind::InvalidValue {
        kind: ctx.kind.as_str(),
        action,
        reason,
    }
    .into()
}

fn plan_for(ctx: &Context<'_>, action: &'static str, value: &[u8]) -> Result<TokenPlan, Error> {
    TokenPlan::new(ctx.shape, ctx.card, value).map_err(|e| match e {
        PlanError::CardLength => invalid(ctx, action, "a card number has 12 to 19 digits"),
        PlanError::NonAscii => {
            invalid(ctx, action, "only ASCII letters and digits can be replaced")
        }
        PlanError::DomainTooSmall { free } => ErrorKind::DomainTooSmall {
            kind: ctx.kind.as_str(),
            free,
        }
        .into(),
    })
}

/// The replaced characters of `value` as numerals.
fn read_numerals(
    ctx: &Context<'_>,
    action: &'static str,
    plan: &TokenPlan,
    value: &[u8],
) -> Result<Numerals, Error> {
    let mut numerals = Numerals {
        values: [0; MAX_REPLACED],
        radices: [0; MAX_REPLACED],
        len: 0,
    };
    let mut index = 0;
    for (i, &byte) in value.iter().enumerate() {
        let (numeral, radix) = match plan.role(i, byte, &mut index) {
            Role::Digit => (byte - b'0', 10),
            Role::Letter => ((byte | 0x20) - b'a', 26),
            Role::Fixed | Role::LuhnSlot => continue,
        };
        if numerals.len == MAX_REPLACED {
            return Err(invalid(
                ctx,
                action,
                "more than 128 letters and digits to replace",
            ));
        }
        numerals.values[numerals.len] = u16::from(numeral);
        numerals.radices[numerals.len] = radix;
        numerals.len += 1;
    }
    Ok(numerals)
}

/// Writes numerals back over the replaced characters, keeping each
/// letter's case.
fn write_numerals(plan: &TokenPlan, value: &mut [u8], numerals: &Numerals) {
    let mut index = 0;
    let mut next = 0;
    for (i, slot) in value.iter_mut().enumerate() {
        let byte = *slot;
        let replaced = match plan.role(i, byte, &mut index) {
            Role::Digit => b'0' + numerals.values[next] as u8,
            Role::Letter if byte.is_ascii_uppercase() => b'A' + numerals.values[next] as u8,
            Role::Letter => b'a' + numerals.values[next] as u8,
            Role::Fixed | Role::LuhnSlot => continue,
        };
        *slot = replaced;
        next += 1;
    }
}

/// SHA-256 of everything a token depends on besides the replaced
/// characters: a label, the kind, the policy's tweak and the plan, with the
/// kept letters and digits (not the separators).
fn context_hash(label: &[u8], ctx: &Context<'_>, plan: &TokenPlan, value: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(label);
    hash.update(ctx.kind.as_str().as_bytes());
    hash.update([0, ctx.tweak.len() as u8]);
    hash.update(ctx.tweak);
    let mut index = 0;
    for (i, &byte) in value.iter().enumerate() {
        match plan.role(i, byte, &mut index) {
            // Separators and punctuation are left out, so that a value
            // printed with or without them gets the same replaced characters
            // (`4111 1111…` and `4111-1111…` join on their pseudonyms).
            Role::Fixed if byte.is_ascii() && !byte.is_ascii_alphanumeric() => {}
            Role::Fixed => hash.update([0, byte]),
            Role::Digit => hash.update([1]),
            Role::Letter => hash.update([2]),
            Role::LuhnSlot => hash.update([3]),
        }
    }
    hash.finalize().into()
}

/// Whether the product of the radices reaches [`MIN_DOMAIN`].
fn domain_is_large_enough(radices: &[u8]) -> bool {
    let mut size: u64 = 1;
    for &radix in radices {
        size *= u64::from(radix);
        if size >= MIN_DOMAIN {
            return true;
        }
    }
    false
}

/// Rounds of cycle walking before giving up: the values a walk skips are
/// those that would gain a credential prefix, a tiny share of the domain,
/// so a walk of more than a few rounds does not happen in practice.
const MAX_CYCLE_WALK: u32 = 1 << 16;

/// Tokenizes or detokenizes `value` in place.
pub(crate) fn crypt(
    crypto: &Crypto,
    ctx: &Context<'_>,
    value: &mut [u8],
    direction: Direction,
) -> Result<(), Error> {
    let action = match direction {
        Direction::Tokenize => "tokenize",
        Direction::Detokenize => "detokenize",
    };
    let plan = plan_for(ctx, action, value)?;
    let card = (ctx.shape == Shape::Card).then(|| CardDigits::read(&plan, value));
    if let Some(card) = &card {
        let digits = &card.digits[..card.len];
        match direction {
            Direction::Tokenize if !crate::luhn_valid(digits) => {
                return Err(invalid(
                    ctx,
                    action,
                    "it fails the Luhn check, so its check digit could not be restored",
                ));
            }
            Direction::Detokenize if digits[card.slot] != card.token_slot_digit(ctx.card.luhn) => {
                return Err(invalid(
                    ctx,
                    action,
                    "its Luhn check does not match the policy's Luhn mode, so it is not a token of this policy",
                ));
            }
            _ => {}
        }
    }
    let mut numerals = read_numerals(ctx, action, &plan, value)?;
    let radices = &numerals.radices[..numerals.len];
    if !domain_is_large_enough(radices) {
        return Err(ErrorKind::DomainTooSmall {
            kind: ctx.kind.as_str(),
            free: numerals.len,
        }
        .into());
    }
    let tweak = context_hash(b"leaksift/ff1/v1\0", ctx, &plan, value);
    let len = numerals.len;
    // Cycle walking: FF1 is a permutation of the replaced characters, so
    // applying it again until the result has the input's plan always ends
    // (at worst back at the input) and detokenizing walks the same cycle
    // back. Almost every value needs one round.
    let mut rounds = 0u32;
    loop {
        let Numerals {
            values, radices, ..
        } = &mut numerals;
        cipher(
            &crypto.ff1,
            &tweak,
            &mut values[..len],
            &radices[..len],
            direction,
        )
        .map_err(|_| invalid(ctx, action, "the format-preserving cipher refused it"))?;
        write_numerals(&plan, value, &numerals);
        rounds += 1;
        if plan.holds_for(ctx.shape, value) {
            break;
        }
        if rounds == MAX_CYCLE_WALK {
            return Err(invalid(ctx, action, "no token keeps its format"));
        }
    }
    if card.is_some() {
        // The slot is set from the digits around it, which changed.
        let mut card = CardDigits::read(&plan, value);
        let digit = match direction {
            Direction::Tokenize => card.token_slot_digit(ctx.card.luhn),
            Direction::Detokenize => card.valid_slot_digit(),
        };
        set_slot(&plan, value, digit);
        card.digits.zeroize();
    }
    Ok(())
}

/// FF1 over numerals of possibly different radices (see the module docs).
fn cipher(
    ff1: &Ff1,
    tweak: &[u8],
    values: &mut [u16],
    radices: &[u8],
    direction: Direction,
) -> Result<(), Ff1Error> {
    let run = |radix: u32, numerals: &mut [u16]| match direction {
        Direction::Tokenize => ff1.encrypt(tweak, radix, numerals),
        Direction::Detokenize => ff1.decrypt(tweak, radix, numerals),
    };
    let Some(&first) = radices.first() else {
        return Ok(());
    };
    if radices.iter().all(|&r| r == first) {
        return run(u32::from(first), values);
    }

    let mut modulus = BigUint::one();
    let mut number = BigUint::zero();
    for (&value, &radix) in values.iter().zip(radices) {
        modulus.mul_add_small(u32::from(radix), 0);
        number.mul_add_small(u32::from(radix), u32::from(value));
    }
    let bits = modulus.bit_len();
    let shift = (1..=16u32)
        .find(|&s| bits.div_ceil(s as usize) <= MAX_LEN)
        .expect("128 letters fit 128 numerals of radix 2^16");
    let binary_radix = 1u32 << shift;
    let len = bits.div_ceil(shift as usize);
    let mut binary = Zeroizing::new([0u16; MAX_LEN]);
    for numeral in binary[..len].iter_mut().rev() {
        *numeral = number.div_rem_small(binary_radix) as u16;
    }
    // Cycle walking: each step is an FF1 call on 0..2^(shift·len), repeated
    // until the result is below the modulus. With 2^(shift·len) < 2^shift·M
    // a step lands inside with probability above 2^-shift, so the cap is
    // never reached in practice; it only bounds a broken invariant.
    for _ in 0..100_000 {
        run(binary_radix, &mut binary[..len])?;
        number = BigUint::zero();
        for &numeral in &binary[..len] {
            number.mul_add_small(binary_radix, u32::from(numeral));
        }
        for (value, &radix) in values.iter_mut().zip(radices).rev() {
            *value = number.div_rem_small(u32::from(radix)) as u16;
        }
        if number.is_zero() {
            modulus.zeroize();
            return Ok(());
        }
    }
    unreachable!("cycle walking over a domain at most 2^16 times too large")
}

/// Pseudonymizes `value` in place.
pub(crate) fn pseudonymize(
    crypto: &Crypto,
    ctx: &Context<'_>,
    value: &mut [u8],
) -> Result<(), Error> {
    const ACTION: &str = "pseudonymize";
    let plan = plan_for(ctx, ACTION, value)?;
    let numerals = read_numerals(ctx, ACTION, &plan, value)?;
    let context = context_hash(b"leaksift/hmac/v1\0", ctx, &plan, value);
    let mut seed_mac = crypto.mac.clone();
    seed_mac.update(&context);
    let mut index = 0;
    for (i, &byte) in value.iter().enumerate() {
        // The slot digit too, so card numbers that differ only there differ.
        if plan.role(i, byte, &mut index) != Role::Fixed {
            seed_mac.update(&[byte]);
        }
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&seed_mac.finalize().into_bytes());
    let mut stream = Zeroizing::new([0u8; 32]);
    let mut out = Numerals {
        values: [0; MAX_REPLACED],
        radices: numerals.radices,
        len: numerals.len,
    };
    for (n, (value, &radix)) in out
        .values
        .iter_mut()
        .zip(&numerals.radices[..numerals.len])
        .enumerate()
    {
        let at = n % 16;
        if at == 0 {
            let mut block = crypto.mac.clone();
            block.update(b"expand");
            block.update(&seed[..]);
            block.update(&(n as u32 / 16).to_be_bytes());
            stream.copy_from_slice(&block.finalize().into_bytes());
        }
        let sample = u16::from_be_bytes([stream[2 * at], stream[2 * at + 1]]);
        *value = sample % u16::from(radix);
    }
    write_numerals(&plan, value, &out);
    if ctx.shape == Shape::Card {
        let card = CardDigits::read(&plan, value);
        set_slot(&plan, value, card.token_slot_digit(ctx.card.luhn));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Every shape: tokens keep length, classes and fixed bytes, and
        /// detokenize back; refused values are left untouched.
        #[test]
        fn shapes_round_trip(
            shape in prop::sample::select(vec![
                Shape::LastFour, Shape::Iban, Shape::Email, Shape::Secret, Shape::Opaque,
            ]),
            prefix in prop::sample::select(vec!["", "sk_live_", "ghp_", "DE89", "AKIA"]),
            body in "[A-Za-z0-9 ._-]{0,40}",
            domain in prop::option::of("@[a-z]{1,8}\\.[a-z]{2,3}"),
            tweak in prop::collection::vec(any::<u8>(), 0..8),
        ) {
            let crypto = crypto();
            let card = CardTokens::default();
            let ctx = Context { kind: Kind::Pan, shape, card: &card, tweak: &tweak };
            let original = format!("{prefix}{body}{}", domain.unwrap_or_default()).into_bytes();
            let mut token = original.clone();
            match crypt(&crypto, &ctx, &mut token, Direction::Tokenize) {
                Ok(()) => {
                    prop_assert_eq!(token.len(), original.len());
                    for (&o, &t) in original.iter().zip(&token) {
                        prop_assert_eq!(o.is_ascii_digit(), t.is_ascii_digit());
                        prop_assert_eq!(o.is_ascii_uppercase(), t.is_ascii_uppercase());
                        prop_assert_eq!(o.is_ascii_lowercase(), t.is_ascii_lowercase());
                        if !o.is_ascii_alphanumeric() {
                            prop_assert_eq!(o, t);
                        }
                    }
                    crypt(&crypto, &ctx, &mut token, Direction::Detokenize).unwrap();
                    prop_assert_eq!(token, original);
                }
                Err(e) => {
                    prop_assert!(matches!(e.kind(), ErrorKind::DomainTooSmall { .. }), "{}", e);
                    prop_assert_eq!(token, original);
                }
            }
        }
    }

    fn crypto() -> Crypto {
        Crypto::new(&Key::from_hex("2B7E151628AED2A6ABF7158809CF4F3C").unwrap()).unwrap()
    }

    fn ctx(kind: Kind, shape: Shape, card: &CardTokens) -> Context<'_> {
        Context {
            kind,
            shape,
            card,
            tweak: b"",
        }
    }

    #[test]
    fn mixed_radix_round_trips() {
        let crypto = crypto();
        let radices = [10, 26, 26, 10, 26, 10, 10];
        let original = [3u16, 25, 0, 9, 13, 0, 7];
        let mut values = original;
        cipher(
            &crypto.ff1,
            b"t",
            &mut values,
            &radices,
            Direction::Tokenize,
        )
        .unwrap();
        assert!(values.iter().zip(radices).all(|(&v, r)| v < u16::from(r)));
        assert_ne!(values, original);
        cipher(
            &crypto.ff1,
            b"t",
            &mut values,
            &radices,
            Direction::Detokenize,
        )
        .unwrap();
        assert_eq!(values, original);
    }

    #[test]
    fn card_slot_makes_luhn_fail_or_pass() {
        let crypto = crypto();
        for luhn in [LuhnMode::Fail, LuhnMode::Valid] {
            let card = CardTokens {
                luhn,
                ..CardTokens::default()
            };
            let ctx = ctx(Kind::Pan, Shape::Card, &card);
            let mut value = *b"4111 1111 1111 1111";
            crypt(&crypto, &ctx, &mut value, Direction::Tokenize).unwrap();
            assert_eq!(&value[15..], b"1111");
            let digits: Vec<u8> = value.iter().copied().filter(u8::is_ascii_digit).collect();
            assert_eq!(crate::luhn_valid(&digits), luhn == LuhnMode::Valid);
            crypt(&crypto, &ctx, &mut value, Direction::Detokenize).unwrap();
            assert_eq!(&value, b"4111 1111 1111 1111");
        }
    }

    #[test]
    fn refusals() {
        let crypto = crypto();
        let card = CardTokens::default();
        let pan = ctx(Kind::Pan, Shape::Card, &card);
        let mut not_luhn = *b"4111111111111112";
        let err = crypt(&crypto, &pan, &mut not_luhn, Direction::Tokenize).unwrap_err();
        assert!(err.to_string().contains("Luhn"), "{err}");
        assert_eq!(&not_luhn, b"4111111111111112", "untouched on error");
        // A live card number is not a token (its slot says Luhn-valid).
        let mut live = *b"4111111111111111";
        assert!(crypt(&crypto, &pan, &mut live, Direction::Detokenize).is_err());
        let opaque = ctx(Kind::Cvv, Shape::Opaque, &card);
        let mut short = *b"bob@x";
        let err = crypt(&crypto, &opaque, &mut short, Direction::Tokenize).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::DomainTooSmall { free: 4, .. }),
            "{err}"
        );
    }

    #[test]
    fn pseudonyms_are_deterministic_and_keep_format() {
        let crypto = crypto();
        let card = CardTokens::default();
        let opaque = ctx(Kind::Cvv, Shape::Opaque, &card);
        let mut a = *b"Ab-12 cd";
        let mut b = a;
        pseudonymize(&crypto, &opaque, &mut a).unwrap();
        pseudonymize(&crypto, &opaque, &mut b).unwrap();
        assert_eq!(a, b);
        assert_ne!(&a, b"Ab-12 cd");
        assert!(a[0].is_ascii_uppercase() && a[1].is_ascii_lowercase() && a[3].is_ascii_digit());
        assert_eq!((a[2], a[5]), (b'-', b' '));
    }
}
