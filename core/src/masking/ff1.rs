//! FF1 format-preserving encryption (NIST SP 800-38G, with the Rev. 1
//! minimum domain size) over AES-128/192/256.
//!
//! Numeral strings are slices of `u16` digits in a given radix; encryption
//! and decryption work in place and never allocate, so the cipher can sit on
//! the same hot path as the scanners. The [`Masker`](crate::Masker) builds
//! its tokens on it (see `masking::token`); it is not public API, because
//! what makes a token safe (tweaks per kind, the Luhn slot, the domain
//! checks) lives in the layer above.
//!
//! The tests hold all nine FF1 samples NIST published for SP 800-38G
//! (AES-128, -192 and -256; radix 10 and 36), a literal transcription of
//! the specification used as an oracle in property tests, and checks of the
//! stack-only big-integer arithmetic.

use aes::cipher::{BlockCipherEncrypt, KeyInit};
use aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use core::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Smallest domain (`radix^len`) FF1 may be used on, per SP 800-38G Rev. 1.
pub const MIN_DOMAIN_SIZE: u64 = 1_000_000;

/// Longest numeral string [`Ff1`] accepts.
pub const MAX_LEN: usize = 128;

/// Longest tweak [`Ff1`] accepts, in bytes.
pub const MAX_TWEAK_LEN: usize = 256;

const MIN_RADIX: u32 = 2;
const MAX_RADIX: u32 = 1 << 16;
const ROUNDS: u8 = 10;
const BLOCK: usize = 16;

// Buffer sizes for the worst case the limits allow: radix 2^16 at MAX_LEN.
/// Longest half (`v`) of a numeral string.
const MAX_HALF: usize = MAX_LEN - MAX_LEN / 2;
/// Largest `b`: bytes needed for `radix^v - 1`.
const MAX_B: usize = (MAX_HALF * 16).div_ceil(8);
/// Largest `d`: bytes of round output turned into the integer `y`.
const MAX_D: usize = 4 * MAX_B.div_ceil(4) + 4;
/// `S` is produced in whole AES blocks.
const S_LEN: usize = MAX_D.div_ceil(BLOCK) * BLOCK;
/// The part of `Q` that changes per round: up to a block's worth of
/// leftover tweak/padding, the round index, and `NUM(B)` in `b` bytes.
const TAIL_LEN: usize = (BLOCK - 1) + 1 + MAX_B;
/// 32-bit limbs for `y` (`MAX_D` bytes), with one spare so a sizing mistake
/// shows up as a failed assertion rather than silent truncation.
const LIMBS: usize = MAX_D.div_ceil(4) + 1;

/// Why an FF1 operation was refused. Inputs are validated before anything is
/// written, so on error the numerals are left untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ff1Error {
    /// The key was not 16, 24 or 32 bytes long; holds the length given.
    InvalidKeyLength(usize),
    /// The radix was outside `2..=65536`.
    InvalidRadix(u32),
    /// `radix^len` is below [`MIN_DOMAIN_SIZE`], where FF1 is not secure.
    DomainTooSmall {
        /// Radix requested.
        radix: u32,
        /// Length of the numeral string.
        len: usize,
    },
    /// The numeral string was longer than [`MAX_LEN`]; holds its length.
    TooLong(usize),
    /// A numeral was not below the radix.
    NumeralOutOfRange,
    /// The tweak was longer than [`MAX_TWEAK_LEN`] bytes.
    TweakTooLong,
}

impl fmt::Display for Ff1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ff1Error::InvalidKeyLength(len) => write!(
                f,
                "FF1 key must be 16, 24 or 32 bytes long, got {len} bytes"
            ),
            Ff1Error::InvalidRadix(radix) => write!(
                f,
                "FF1 radix must be between {MIN_RADIX} and {MAX_RADIX}, got {radix}"
            ),
            Ff1Error::DomainTooSmall { radix, len } => write!(
                f,
                "FF1 domain too small: {len} numerals in radix {radix} give fewer than \
                 {MIN_DOMAIN_SIZE} possible values"
            ),
            Ff1Error::TooLong(len) => write!(
                f,
                "FF1 input has {len} numerals, more than the maximum of {MAX_LEN}"
            ),
            Ff1Error::NumeralOutOfRange => {
                f.write_str("FF1 input contains a numeral not less than the radix")
            }
            Ff1Error::TweakTooLong => write!(
                f,
                "FF1 tweak is longer than the maximum of {MAX_TWEAK_LEN} bytes"
            ),
        }
    }
}

impl std::error::Error for Ff1Error {}

// The AES types wipe their key schedules on drop (aes's `zeroize` feature);
// deriving `ZeroizeOnDrop` here fails to compile if that ever stops being true.
#[derive(ZeroizeOnDrop)]
enum Cipher {
    Aes128(Aes128Enc),
    Aes192(Aes192Enc),
    Aes256(Aes256Enc),
}

impl Cipher {
    fn encrypt_block(&self, block: &mut [u8; BLOCK]) {
        let block = block.into();
        match self {
            Cipher::Aes128(c) => c.encrypt_block(block),
            Cipher::Aes192(c) => c.encrypt_block(block),
            Cipher::Aes256(c) => c.encrypt_block(block),
        }
    }

    /// One CBC-MAC step (zero IV chaining), the building block of FF1's PRF.
    fn mac_block(&self, state: &mut [u8; BLOCK], block: &[u8]) {
        for (s, b) in state.iter_mut().zip(block) {
            *s ^= b;
        }
        self.encrypt_block(state);
    }
}

/// An FF1 cipher keyed with AES-128, AES-192 or AES-256.
///
/// FF1 only ever runs AES forwards, so only the encryption key schedule is
/// kept; it is wiped when the value is dropped. (As with any Rust value,
/// moves may leave stale copies behind; box the cipher if that matters.)
///
/// ```text
/// let ff1 = Ff1::new(&[0x2b; 16])?;
/// ff1.encrypt(b"merchant-42", 10, &mut digits)?;   // digits: &mut [u16], each < 10
/// ff1.decrypt(b"merchant-42", 10, &mut digits)?;   // back to the original
/// ```
#[derive(ZeroizeOnDrop)]
pub struct Ff1 {
    cipher: Cipher,
}

impl fmt::Debug for Ff1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ff1 { key: <redacted> }")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Encrypt,
    Decrypt,
}

/// Everything about one call that is fixed across the ten rounds.
struct Setup {
    radix: u32,
    d: usize,
    /// CBC-MAC state after `P` and the whole blocks of `T || 0^pad`.
    prefix_state: [u8; BLOCK],
    /// How many bytes of `T || 0^pad` that state has absorbed.
    absorbed: usize,
    /// Offset of the round index inside the per-round tail of `Q`.
    index_at: usize,
    /// Length of that tail: a multiple of the block size by construction.
    tail_len: usize,
}

/// Working buffers, which hold values derived from the plaintext and so are
/// wiped before the call returns.
#[derive(Zeroize, ZeroizeOnDrop)]
struct Scratch {
    tail: [u8; TAIL_LEN],
    s: [u8; S_LEN],
    num: BigUint,
    y: BigUint,
}

impl Ff1 {
    /// Creates a cipher from a 16-, 24- or 32-byte key (AES-128, -192 or -256).
    pub fn new(key: &[u8]) -> Result<Self, Ff1Error> {
        let cipher = match key.len() {
            16 => Aes128Enc::new_from_slice(key).map(Cipher::Aes128),
            24 => Aes192Enc::new_from_slice(key).map(Cipher::Aes192),
            32 => Aes256Enc::new_from_slice(key).map(Cipher::Aes256),
            len => return Err(Ff1Error::InvalidKeyLength(len)),
        }
        .map_err(|_| Ff1Error::InvalidKeyLength(key.len()))?;
        Ok(Ff1 { cipher })
    }

    /// Encrypts `numerals` (each below `radix`) in place under `tweak`.
    ///
    /// Requires `2 <= radix <= 65536`, `numerals.len() <= MAX_LEN`,
    /// `radix^len >= MIN_DOMAIN_SIZE` and `tweak.len() <= MAX_TWEAK_LEN`.
    pub fn encrypt(&self, tweak: &[u8], radix: u32, numerals: &mut [u16]) -> Result<(), Ff1Error> {
        self.crypt(tweak, radix, numerals, Direction::Encrypt)
    }

    /// Decrypts `numerals` in place; the inverse of [`Ff1::encrypt`] for the
    /// same key, tweak and radix, with the same requirements.
    pub fn decrypt(&self, tweak: &[u8], radix: u32, numerals: &mut [u16]) -> Result<(), Ff1Error> {
        self.crypt(tweak, radix, numerals, Direction::Decrypt)
    }

    fn crypt(
        &self,
        tweak: &[u8],
        radix: u32,
        numerals: &mut [u16],
        direction: Direction,
    ) -> Result<(), Ff1Error> {
        validate(tweak, radix, numerals)?;
        let n = numerals.len();
        let u = n / 2;
        let setup = self.setup(tweak, radix, n);

        let mut scratch = Scratch {
            tail: [0; TAIL_LEN],
            s: [0; S_LEN],
            num: BigUint::zero(),
            y: BigUint::zero(),
        };
        // Tweak bytes that do not fill a whole block are the same every
        // round, so they are placed once.
        for (k, byte) in scratch.tail[..setup.index_at].iter_mut().enumerate() {
            *byte = padded_tweak_byte(tweak, setup.absorbed + k);
        }

        // Instead of swapping halves after each round, the halves stay where
        // they are and swap roles: even rounds rewrite the left half (length
        // u) from the right, odd rounds the right half (length v) from the
        // left. Ten rounds is even, so the output ends up as A || B in place.
        // Decryption walks the rounds backwards with the same role mapping.
        let (left, right) = numerals.split_at_mut(u);
        for step in 0..ROUNDS {
            let round = match direction {
                Direction::Encrypt => step,
                Direction::Decrypt => ROUNDS - 1 - step,
            };
            let (target, source): (&mut [u16], &[u16]) = if round % 2 == 0 {
                (&mut *left, &*right)
            } else {
                (&mut *right, &*left)
            };
            self.round_value(&setup, &mut scratch, round, source);
            match direction {
                Direction::Encrypt => add_mod_radix_pow(target, &mut scratch.y, radix),
                Direction::Decrypt => sub_mod_radix_pow(target, &mut scratch.y, radix),
            }
        }
        Ok(())
    }

    fn setup(&self, tweak: &[u8], radix: u32, n: usize) -> Setup {
        let t = tweak.len();
        let u = n / 2;
        let v = n - u;
        let b = num_bytes(radix, v);
        let d = 4 * b.div_ceil(4) + 4;

        // Lengths were validated, so these narrowing casts cannot truncate
        // (radix <= 2^16 fits the 3-byte field).
        let radix_be = radix.to_be_bytes();
        let n_be = (n as u32).to_be_bytes();
        let t_be = (t as u32).to_be_bytes();
        let mut p = [0u8; BLOCK];
        p[..3].copy_from_slice(&[1, 2, 1]);
        p[3..6].copy_from_slice(&radix_be[1..]);
        p[6] = ROUNDS;
        p[7] = (u % 256) as u8;
        p[8..12].copy_from_slice(&n_be);
        p[12..16].copy_from_slice(&t_be);

        let mut state = [0u8; BLOCK];
        self.cipher.mac_block(&mut state, &p);

        // Q = T || 0^pad || [i] || NUM(B), padded so that Q is whole blocks.
        let pad = (BLOCK - (t + b + 1) % BLOCK) % BLOCK;
        let fixed = t + pad;
        let whole = fixed / BLOCK * BLOCK;
        let mut block = [0u8; BLOCK];
        for start in (0..whole).step_by(BLOCK) {
            for (k, byte) in block.iter_mut().enumerate() {
                *byte = padded_tweak_byte(tweak, start + k);
            }
            self.cipher.mac_block(&mut state, &block);
        }
        let index_at = fixed - whole;
        let tail_len = index_at + 1 + b;
        debug_assert_eq!(tail_len % BLOCK, 0);

        Setup {
            radix,
            d,
            prefix_state: state,
            absorbed: whole,
            index_at,
            tail_len,
        }
    }

    /// Computes the round function's integer `y` into `scratch.y`.
    fn round_value(&self, setup: &Setup, scratch: &mut Scratch, round: u8, source: &[u16]) {
        scratch.num.set_zero();
        for &digit in source {
            scratch.num.mul_add_small(setup.radix, u32::from(digit));
        }
        let tail = &mut scratch.tail[..setup.tail_len];
        tail[setup.index_at] = round;
        scratch.num.write_be_bytes(&mut tail[setup.index_at + 1..]);

        let mut r = setup.prefix_state;
        for block in tail.chunks_exact(BLOCK) {
            self.cipher.mac_block(&mut r, block);
        }

        // S = R || CIPH(R ^ [1]^16) || CIPH(R ^ [2]^16) || ..., cut to d bytes.
        let s = &mut scratch.s;
        s[..BLOCK].copy_from_slice(&r);
        for j in 1..setup.d.div_ceil(BLOCK) {
            let mut block = r;
            for (x, c) in block.iter_mut().zip((j as u128).to_be_bytes()) {
                *x ^= c;
            }
            self.cipher.encrypt_block(&mut block);
            s[j * BLOCK..(j + 1) * BLOCK].copy_from_slice(&block);
        }
        scratch.y.set_from_be_bytes(&s[..setup.d]);
    }
}

fn padded_tweak_byte(tweak: &[u8], at: usize) -> u8 {
    tweak.get(at).copied().unwrap_or(0)
}

fn validate(tweak: &[u8], radix: u32, numerals: &[u16]) -> Result<(), Ff1Error> {
    if !(MIN_RADIX..=MAX_RADIX).contains(&radix) {
        return Err(Ff1Error::InvalidRadix(radix));
    }
    let len = numerals.len();
    if len > MAX_LEN {
        return Err(Ff1Error::TooLong(len));
    }
    if !domain_is_large_enough(radix, len) {
        return Err(Ff1Error::DomainTooSmall { radix, len });
    }
    if tweak.len() > MAX_TWEAK_LEN {
        return Err(Ff1Error::TweakTooLong);
    }
    if numerals.iter().any(|&d| u32::from(d) >= radix) {
        return Err(Ff1Error::NumeralOutOfRange);
    }
    Ok(())
}

fn domain_is_large_enough(radix: u32, len: usize) -> bool {
    // Stop as soon as the threshold is reached: the running product stays
    // below MIN_DOMAIN_SIZE * 2^16 and so cannot overflow.
    let mut size: u64 = 1;
    for _ in 0..len {
        size *= u64::from(radix);
        if size >= MIN_DOMAIN_SIZE {
            return true;
        }
    }
    false
}

/// `b = ceil(ceil(v * log2(radix)) / 8)`, computed exactly.
fn num_bytes(radix: u32, v: usize) -> usize {
    let bits = if radix.is_power_of_two() {
        v * radix.trailing_zeros() as usize
    } else {
        // v * log2(radix) is irrational here, so its ceiling is exactly the
        // bit length of radix^v; floating point could misround near integers.
        let mut power = BigUint::one();
        for _ in 0..v {
            power.mul_add_small(radix, 0);
        }
        power.bit_len()
    };
    bits.div_ceil(8)
}

/// `target = (NUM(target) + y) mod radix^m`, where `m = target.len()`.
///
/// The low `m` radix digits of `y` are `y mod radix^m`, so peeling them off
/// and adding digit by digit (dropping the final carry) needs no big-integer
/// modulus; it consumes `y`.
fn add_mod_radix_pow(target: &mut [u16], y: &mut BigUint, radix: u32) {
    let mut carry = 0;
    for digit in target.iter_mut().rev() {
        let mut sum = u32::from(*digit) + y.div_rem_small(radix) + carry;
        carry = u32::from(sum >= radix);
        if carry == 1 {
            sum -= radix;
        }
        *digit = sum as u16;
    }
}

/// `target = (NUM(target) - y) mod radix^m`; see [`add_mod_radix_pow`].
fn sub_mod_radix_pow(target: &mut [u16], y: &mut BigUint, radix: u32) {
    let mut borrow = 0;
    for digit in target.iter_mut().rev() {
        let current = u32::from(*digit);
        let minus = y.div_rem_small(radix) + borrow;
        borrow = u32::from(current < minus);
        *digit = (current + borrow * radix - minus) as u16;
    }
}

/// Fixed-capacity unsigned integer: little-endian 32-bit limbs, with `len`
/// covering the significant ones so short inputs only pay for what they use.
/// Only the handful of operations FF1 needs are provided.
#[derive(Clone, Zeroize)]
pub(crate) struct BigUint {
    limbs: [u32; LIMBS],
    /// Invariant: `limbs[len..]` are zero and `len == 0 || limbs[len - 1] != 0`.
    len: usize,
}

impl BigUint {
    pub(crate) const fn zero() -> Self {
        BigUint {
            limbs: [0; LIMBS],
            len: 0,
        }
    }

    pub(crate) fn one() -> Self {
        let mut x = BigUint::zero();
        x.limbs[0] = 1;
        x.len = 1;
        x
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.len == 0
    }

    fn set_zero(&mut self) {
        self.limbs[..self.len].fill(0);
        self.len = 0;
    }

    fn trim(&mut self) {
        while self.len > 0 && self.limbs[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    /// `self = self * mul + add`.
    pub(crate) fn mul_add_small(&mut self, mul: u32, add: u32) {
        // limb * mul + carry <= (2^32-1)^2 + (2^32-1) < 2^64.
        let mut carry = u64::from(add);
        for limb in &mut self.limbs[..self.len] {
            let x = u64::from(*limb) * u64::from(mul) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry != 0 {
            assert!(self.len < LIMBS, "BigUint capacity exceeded");
            self.limbs[self.len] = carry as u32;
            self.len += 1;
        }
        self.trim();
    }

    /// `self = self / div`, returning `self % div`.
    pub(crate) fn div_rem_small(&mut self, div: u32) -> u32 {
        debug_assert!(div != 0);
        let div = u64::from(div);
        let mut rem = 0u64;
        for limb in self.limbs[..self.len].iter_mut().rev() {
            // rem < div <= 2^32 - 1, so this fits and the quotient fits a limb.
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / div) as u32;
            rem = cur % div;
        }
        self.trim();
        rem as u32
    }

    pub(crate) fn bit_len(&self) -> usize {
        match self.len {
            0 => 0,
            len => len * 32 - self.limbs[len - 1].leading_zeros() as usize,
        }
    }

    fn set_from_be_bytes(&mut self, bytes: &[u8]) {
        assert!(bytes.len() <= LIMBS * 4, "BigUint capacity exceeded");
        self.limbs = [0; LIMBS];
        for (limb, chunk) in self.limbs.iter_mut().zip(bytes.rchunks(4)) {
            *limb = chunk
                .iter()
                .fold(0u32, |acc, &byte| (acc << 8) | u32::from(byte));
        }
        self.len = bytes.len().div_ceil(4);
        self.trim();
    }

    /// Writes the value big-endian into exactly `out.len()` bytes.
    fn write_be_bytes(&self, out: &mut [u8]) {
        // Truncating would silently produce a wrong ciphertext, so an
        // undersized buffer is a bug worth stopping on.
        assert!(self.bit_len() <= out.len() * 8, "value does not fit");
        for (i, byte) in out.iter_mut().rev().enumerate() {
            let limb = i / 4;
            *byte = if limb < self.len {
                (self.limbs[limb] >> ((i % 4) * 8)) as u8
            } else {
                0
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY_128: &str = "2B7E151628AED2A6ABF7158809CF4F3C";
    const KEY_192: &str = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F";
    const KEY_256: &str = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94";
    const TWEAK_10: &str = "39383736353433323130";
    const TWEAK_11: &str = "3737373770717273373737";
    const PT_10: &str = "0123456789";
    const PT_36: &str = "0123456789abcdefghi";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn digits(s: &str) -> Vec<u16> {
        s.chars().map(|c| c.to_digit(36).unwrap() as u16).collect()
    }

    /// NIST SP 800-38G FF1 samples 1-9: (key, tweak, radix, plaintext, ciphertext).
    const NIST_SAMPLES: [(&str, &str, u32, &str, &str); 9] = [
        (KEY_128, "", 10, PT_10, "2433477484"),
        (KEY_128, TWEAK_10, 10, PT_10, "6124200773"),
        (KEY_128, TWEAK_11, 36, PT_36, "a9tv40mll9kdu509eum"),
        (KEY_192, "", 10, PT_10, "2830668132"),
        (KEY_192, TWEAK_10, 10, PT_10, "2496655549"),
        (KEY_192, TWEAK_11, 36, PT_36, "xbj3kv35jrawxv32ysr"),
        (KEY_256, "", 10, PT_10, "6657667009"),
        (KEY_256, TWEAK_10, 10, PT_10, "1001623463"),
        (KEY_256, TWEAK_11, 36, PT_36, "xs8a0azh2avyalyzuwd"),
    ];

    #[test]
    fn example_round_trips() {
        let ff1 = Ff1::new(&[0x2b_u8; 16]).unwrap();
        let original = [4_u16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        let mut digits = original;
        ff1.encrypt(b"merchant-42", 10, &mut digits).unwrap();
        assert!(digits.iter().all(|&d| d < 10));
        assert_ne!(digits, original);
        ff1.decrypt(b"merchant-42", 10, &mut digits).unwrap();
        assert_eq!(digits, original);
    }

    #[test]
    fn nist_samples() {
        for (i, &(key, tweak, radix, pt, ct)) in NIST_SAMPLES.iter().enumerate() {
            let sample = i + 1;
            let ff1 = Ff1::new(&hex(key)).unwrap();
            let tweak = hex(tweak);
            let mut x = digits(pt);
            ff1.encrypt(&tweak, radix, &mut x).unwrap();
            assert_eq!(x, digits(ct), "sample {sample} encrypt");
            ff1.decrypt(&tweak, radix, &mut x).unwrap();
            assert_eq!(x, digits(pt), "sample {sample} decrypt");
        }
    }

    #[test]
    fn rejects_bad_key_lengths() {
        for len in [0, 1, 15, 17, 23, 25, 31, 33, 64] {
            assert_eq!(
                Ff1::new(&vec![0; len]).unwrap_err(),
                Ff1Error::InvalidKeyLength(len)
            );
        }
        for len in [16, 24, 32] {
            assert!(Ff1::new(&vec![0; len]).is_ok());
        }
    }

    #[test]
    fn rejects_bad_radix() {
        let ff1 = Ff1::new(&[0; 16]).unwrap();
        for radix in [0, 1, MAX_RADIX + 1, u32::MAX] {
            let mut x = [0u16; 20];
            assert_eq!(
                ff1.encrypt(&[], radix, &mut x),
                Err(Ff1Error::InvalidRadix(radix))
            );
            assert_eq!(
                ff1.decrypt(&[], radix, &mut x),
                Err(Ff1Error::InvalidRadix(radix))
            );
        }
        let mut x = [65535u16; 2];
        ff1.encrypt(&[], MAX_RADIX, &mut x).unwrap();
        ff1.decrypt(&[], MAX_RADIX, &mut x).unwrap();
        assert_eq!(x, [65535; 2]);
    }

    #[test]
    fn rejects_numeral_out_of_range_without_touching_input() {
        let ff1 = Ff1::new(&[0; 16]).unwrap();
        let mut x = [1, 2, 3, 4, 5, 10];
        assert_eq!(
            ff1.encrypt(&[], 10, &mut x),
            Err(Ff1Error::NumeralOutOfRange)
        );
        assert_eq!(
            ff1.decrypt(&[], 10, &mut x),
            Err(Ff1Error::NumeralOutOfRange)
        );
        assert_eq!(x, [1, 2, 3, 4, 5, 10]);
        let mut x = [0, 0, 0, 0, 0, 36];
        assert_eq!(
            ff1.encrypt(&[], 36, &mut x),
            Err(Ff1Error::NumeralOutOfRange)
        );
    }

    #[test]
    fn enforces_minimum_domain() {
        let ff1 = Ff1::new(&[0; 16]).unwrap();
        let cases: [(u32, usize, bool); 12] = [
            (10, 0, false),
            (10, 1, false),
            (10, 5, false),
            (10, 6, true),
            (2, 19, false),
            (2, 20, true),
            (999, 2, false),
            (999, 3, true),
            (1000, 2, true),
            (65536, 1, false),
            (65536, 2, true),
            (36, 4, true),
        ];
        for (radix, len, ok) in cases {
            let mut x = vec![0u16; len];
            let result = ff1.encrypt(&[], radix, &mut x);
            if ok {
                assert_eq!(result, Ok(()), "radix {radix} len {len}");
            } else {
                assert_eq!(
                    result,
                    Err(Ff1Error::DomainTooSmall { radix, len }),
                    "radix {radix} len {len}"
                );
            }
        }
    }

    #[test]
    fn rejects_too_long_input_and_tweak() {
        let ff1 = Ff1::new(&[0; 16]).unwrap();
        let mut x = vec![0u16; MAX_LEN + 1];
        assert_eq!(
            ff1.encrypt(&[], 10, &mut x),
            Err(Ff1Error::TooLong(MAX_LEN + 1))
        );
        let mut x = vec![0u16; MAX_LEN];
        assert_eq!(ff1.encrypt(&[], 10, &mut x), Ok(()));

        let mut x = [0u16; 10];
        let tweak = [7u8; MAX_TWEAK_LEN + 1];
        assert_eq!(ff1.encrypt(&tweak, 10, &mut x), Err(Ff1Error::TweakTooLong));
        assert_eq!(ff1.decrypt(&tweak, 10, &mut x), Err(Ff1Error::TweakTooLong));
        ff1.encrypt(&tweak[..MAX_TWEAK_LEN], 10, &mut x).unwrap();
        ff1.decrypt(&tweak[..MAX_TWEAK_LEN], 10, &mut x).unwrap();
        assert_eq!(x, [0; 10]);
    }

    #[test]
    fn errors_display_and_are_std_errors() {
        let errors = [
            Ff1Error::InvalidKeyLength(15),
            Ff1Error::InvalidRadix(1),
            Ff1Error::DomainTooSmall { radix: 10, len: 5 },
            Ff1Error::TooLong(129),
            Ff1Error::NumeralOutOfRange,
            Ff1Error::TweakTooLong,
        ];
        for error in errors {
            let boxed: Box<dyn std::error::Error> = Box::new(error);
            assert!(boxed.to_string().starts_with("FF1 "));
        }
        assert_eq!(
            Ff1Error::InvalidKeyLength(15).to_string(),
            "FF1 key must be 16, 24 or 32 bytes long, got 15 bytes"
        );
    }

    #[test]
    fn debug_redacts_key() {
        let ff1 = Ff1::new(&hex(KEY_128)).unwrap();
        assert_eq!(format!("{ff1:?}"), "Ff1 { key: <redacted> }");
        assert_eq!(format!("{ff1:#?}"), "Ff1 { key: <redacted> }");
    }

    #[test]
    fn long_strings_round_trip() {
        let ff1 = Ff1::new(&hex(KEY_256)).unwrap();
        let cases: [(u32, usize, usize); 6] = [
            (62, 100, 0),
            (62, MAX_LEN, 17),
            (2, MAX_LEN, 31),
            (10, MAX_LEN - 1, 200),
            (65535, MAX_LEN, MAX_TWEAK_LEN),
            (MAX_RADIX, MAX_LEN, 5),
        ];
        for (radix, len, tweak_len) in cases {
            let tweak: Vec<u8> = (0..tweak_len).map(|i| i as u8).collect();
            let original: Vec<u16> = (0..len)
                .map(|i| ((i as u32 * 7919 + 13) % radix) as u16)
                .collect();
            let mut x = original.clone();
            ff1.encrypt(&tweak, radix, &mut x).unwrap();
            assert_ne!(x, original, "radix {radix} len {len}");
            assert!(x.iter().all(|&d| u32::from(d) < radix));
            ff1.decrypt(&tweak, radix, &mut x).unwrap();
            assert_eq!(x, original, "radix {radix} len {len}");
        }
        // The all-maximal string drives every intermediate to its widest.
        let mut x = [u16::MAX; MAX_LEN];
        ff1.encrypt(&[0xff; MAX_TWEAK_LEN], MAX_RADIX, &mut x)
            .unwrap();
        ff1.decrypt(&[0xff; MAX_TWEAK_LEN], MAX_RADIX, &mut x)
            .unwrap();
        assert_eq!(x, [u16::MAX; MAX_LEN]);
    }

    #[test]
    fn tweak_and_key_change_the_output() {
        let a = Ff1::new(&[1; 16]).unwrap();
        let b = Ff1::new(&[2; 16]).unwrap();
        let pt = digits("4111111111111111");
        let run = |ff1: &Ff1, tweak: &[u8]| {
            let mut x = pt.clone();
            ff1.encrypt(tweak, 10, &mut x).unwrap();
            x
        };
        assert_ne!(run(&a, b"t1"), run(&a, b"t2"));
        assert_ne!(run(&a, b"t1"), run(&b, b"t1"));
        assert_eq!(run(&a, b"t1"), run(&a, b"t1"));
    }

    #[test]
    fn num_bytes_matches_definition() {
        assert_eq!(num_bytes(10, 5), 3);
        assert_eq!(num_bytes(36, 10), 7);
        assert_eq!(num_bytes(2, 8), 1);
        assert_eq!(num_bytes(2, 9), 2);
        assert_eq!(num_bytes(256, 3), 3);
        assert_eq!(num_bytes(MAX_RADIX, MAX_HALF), MAX_B);
        // Against the defining formula, skipping values floating point
        // cannot settle (within 1e-6 of an integer).
        for radix in 2..=300u32 {
            for v in 1..=64usize {
                let exact = v as f64 * f64::from(radix).log2();
                let bits = if radix.is_power_of_two() {
                    exact.round()
                } else if (exact - exact.round()).abs() < 1e-6 {
                    continue;
                } else {
                    exact.ceil()
                } as usize;
                assert_eq!(num_bytes(radix, v), bits.div_ceil(8), "{radix}^{v}");
            }
        }
    }

    /// A literal transcription of SP 800-38G Algorithms 7 and 8 using u128
    /// arithmetic and a fully materialised Q, valid while radix^v < 2^96.
    fn reference(ff1: &Ff1, tweak: &[u8], radix: u32, x: &[u16], encrypt: bool) -> Vec<u16> {
        let n = x.len();
        let (u, v) = (n / 2, n - n / 2);
        let r = u128::from(radix);
        let b = (1..=12usize)
            .find(|&b| r.pow(v as u32) - 1 < 1u128 << (8 * b))
            .unwrap();
        let d = 4 * b.div_ceil(4) + 4;
        let num = |ds: &[u16]| ds.iter().fold(0u128, |acc, &g| acc * r + u128::from(g));
        let str_m = |mut val: u128, m: usize| {
            let mut out = vec![0u16; m];
            for slot in out.iter_mut().rev() {
                *slot = (val % r) as u16;
                val /= r;
            }
            out
        };
        let mut p = vec![1u8, 2, 1];
        p.extend(&radix.to_be_bytes()[1..]);
        p.extend([10, (u % 256) as u8]);
        p.extend((n as u32).to_be_bytes());
        p.extend((tweak.len() as u32).to_be_bytes());
        let f = |i: u8, half: &[u16]| -> u128 {
            let t = tweak.len() as i64;
            let mut msg = p.clone();
            msg.extend(tweak);
            msg.extend(vec![0u8; (-t - b as i64 - 1).rem_euclid(16) as usize]);
            msg.push(i);
            msg.extend(&num(half).to_be_bytes()[16 - b..]);
            let mut y = [0u8; 16];
            for block in msg.chunks(16) {
                assert_eq!(block.len(), 16);
                for (s, m) in y.iter_mut().zip(block) {
                    *s ^= m;
                }
                ff1.cipher.encrypt_block(&mut y);
            }
            y[..d]
                .iter()
                .fold(0u128, |acc, &g| (acc << 8) | u128::from(g))
        };
        let (mut a, mut bh) = (x[..u].to_vec(), x[u..].to_vec());
        if encrypt {
            for i in 0..10u8 {
                let m = if i % 2 == 0 { u } else { v };
                let rm = r.pow(m as u32);
                let c = (num(&a) + f(i, &bh) % rm) % rm;
                a = bh;
                bh = str_m(c, m);
            }
        } else {
            for i in (0..10u8).rev() {
                let m = if i % 2 == 0 { u } else { v };
                let rm = r.pow(m as u32);
                let c = (num(&bh) + rm - f(i, &a) % rm) % rm;
                bh = a;
                a = str_m(c, m);
            }
        }
        [a, bh].concat()
    }

    fn min_len(radix: u32) -> usize {
        (0..=MAX_LEN)
            .find(|&len| domain_is_large_enough(radix, len))
            .unwrap()
    }

    fn key_strategy() -> impl Strategy<Value = Vec<u8>> {
        prop::sample::select(vec![16usize, 24, 32])
            .prop_flat_map(|len| prop::collection::vec(any::<u8>(), len))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn round_trips(
            key in key_strategy(),
            tweak in prop::collection::vec(any::<u8>(), 0..64),
            radix in prop::sample::select(vec![2u32, 10, 16, 26, 36, 62]),
            len_seed in any::<usize>(),
            raw in prop::collection::vec(any::<u16>(), MAX_LEN),
        ) {
            let min = min_len(radix);
            let len = min + len_seed % (MAX_LEN - min + 1);
            let original: Vec<u16> =
                raw[..len].iter().map(|&d| (u32::from(d) % radix) as u16).collect();
            let ff1 = Ff1::new(&key).unwrap();
            let mut x = original.clone();
            ff1.encrypt(&tweak, radix, &mut x).unwrap();
            prop_assert_eq!(x.len(), len);
            prop_assert!(x.iter().all(|&d| u32::from(d) < radix));
            ff1.decrypt(&tweak, radix, &mut x).unwrap();
            prop_assert_eq!(x, original);
        }

        #[test]
        fn matches_reference_implementation(
            key in key_strategy(),
            tweak in prop::collection::vec(any::<u8>(), 0..64),
            radix in prop::sample::select(
                vec![2u32, 3, 10, 16, 26, 36, 62, 255, 256, 1000, 65535, 65536]
            ),
            len_seed in any::<usize>(),
            raw in prop::collection::vec(any::<u16>(), MAX_LEN),
        ) {
            let min = min_len(radix);
            // Longest length whose larger half keeps radix^v below 2^96.
            let max = (min..=MAX_LEN)
                .take_while(|&n| {
                    u128::from(radix)
                        .checked_pow((n - n / 2) as u32)
                        .is_some_and(|p| p < 1 << 96)
                })
                .last()
                .unwrap();
            let len = min + len_seed % (max - min + 1);
            let original: Vec<u16> =
                raw[..len].iter().map(|&d| (u32::from(d) % radix) as u16).collect();
            let ff1 = Ff1::new(&key).unwrap();
            let mut x = original.clone();
            ff1.encrypt(&tweak, radix, &mut x).unwrap();
            prop_assert_eq!(&x, &reference(&ff1, &tweak, radix, &original, true));
            let mut y = original.clone();
            ff1.decrypt(&tweak, radix, &mut y).unwrap();
            prop_assert_eq!(&y, &reference(&ff1, &tweak, radix, &original, false));
        }

        #[test]
        fn biguint_bytes_and_bit_len_match_u128(value in any::<u128>(), extra in 0usize..8) {
            let mut big = BigUint::zero();
            big.set_from_be_bytes(&value.to_be_bytes());
            prop_assert_eq!(big.bit_len(), 128 - value.leading_zeros() as usize);
            let mut out = vec![0xAAu8; 16 + extra];
            big.write_be_bytes(&mut out);
            prop_assert!(out[..extra].iter().all(|&b| b == 0));
            prop_assert_eq!(&out[extra..], &value.to_be_bytes()[..]);
            let needed = (big.bit_len()).div_ceil(8);
            let mut tight = vec![0u8; needed];
            big.write_be_bytes(&mut tight);
            prop_assert_eq!(&tight[..], &value.to_be_bytes()[16 - needed..]);
        }

        #[test]
        fn biguint_mul_add_matches_u128(
            start in any::<u64>(),
            steps in prop::collection::vec((1u32..=MAX_RADIX, any::<u32>()), 0..4),
        ) {
            // Three steps of at most x 2^16 + 2^32 keep a u64 start below 2^128.
            let mut big = BigUint::zero();
            big.set_from_be_bytes(&start.to_be_bytes());
            let mut oracle = u128::from(start);
            for (mul, add) in steps.into_iter().take(3) {
                big.mul_add_small(mul, add);
                oracle = oracle * u128::from(mul) + u128::from(add);
                let mut out = [0u8; 16];
                big.write_be_bytes(&mut out);
                prop_assert_eq!(u128::from_be_bytes(out), oracle);
            }
            big.mul_add_small(0, 0);
            prop_assert_eq!(big.bit_len(), 0);
        }

        #[test]
        fn biguint_div_rem_matches_u128(value in any::<u128>(), div in 1u32..) {
            let mut big = BigUint::zero();
            big.set_from_be_bytes(&value.to_be_bytes());
            let rem = big.div_rem_small(div);
            prop_assert_eq!(u128::from(rem), value % u128::from(div));
            let mut out = [0u8; 16];
            big.write_be_bytes(&mut out);
            prop_assert_eq!(u128::from_be_bytes(out), value / u128::from(div));
        }

        #[test]
        fn digitwise_add_and_sub_match_u128(
            radix in prop::sample::select(vec![2u32, 10, 36, 62, 1000, 65536]),
            raw in prop::collection::vec(any::<u16>(), 1..8),
            y in any::<u128>(),
        ) {
            let r = u128::from(radix);
            let m = raw.len();
            let a: Vec<u16> = raw.iter().map(|&d| (u32::from(d) % radix) as u16).collect();
            let rm = r.pow(m as u32);
            let num = |ds: &[u16]| ds.iter().fold(0u128, |acc, &g| acc * r + u128::from(g));
            let mut big = BigUint::zero();
            big.set_from_be_bytes(&y.to_be_bytes());

            let mut sum = a.clone();
            add_mod_radix_pow(&mut sum, &mut big.clone(), radix);
            prop_assert_eq!(num(&sum), (num(&a) + y % rm) % rm);

            let mut diff = a.clone();
            sub_mod_radix_pow(&mut diff, &mut big, radix);
            prop_assert_eq!(num(&diff), (num(&a) + rm - y % rm) % rm);
        }
    }

    #[test]
    fn biguint_at_capacity() {
        // The largest y FF1 produces: MAX_D bytes of 0xff.
        let bytes = [0xffu8; MAX_D];
        let mut big = BigUint::zero();
        big.set_from_be_bytes(&bytes);
        assert_eq!(big.bit_len(), MAX_D * 8);
        let mut out = [0u8; MAX_D];
        big.write_be_bytes(&mut out);
        assert_eq!(out, bytes);
        // 65536^64 = 2^1024: the widest radix power num_bytes may build.
        let mut power = BigUint::one();
        for _ in 0..MAX_HALF {
            power.mul_add_small(MAX_RADIX, 0);
        }
        assert_eq!(power.bit_len(), 1025);
        for _ in 0..MAX_HALF {
            assert_eq!(power.div_rem_small(MAX_RADIX), 0);
        }
        assert_eq!(power.bit_len(), 1);
    }
}
