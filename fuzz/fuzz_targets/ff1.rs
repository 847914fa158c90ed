//! FF1 round trip: for a random key (16, 24 or 32 bytes), radix, length and
//! tweak, encryption keeps every numeral below the radix and decryption
//! restores the input; calls outside the allowed domain are refused and
//! leave the numerals untouched.
#![no_main]

use leaksift::fuzzing::{Ff1, MAX_LEN, MAX_TWEAK_LEN, MIN_DOMAIN_SIZE};
use libfuzzer_sys::fuzz_target;

/// Reads the fuzz input front to back; missing bytes read as zero.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        first
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }
    fn take(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
}

/// Whether `radix^len` reaches the minimum domain (without overflow).
fn domain_ok(radix: u32, len: usize) -> bool {
    let mut domain: u64 = 1;
    for _ in 0..len {
        domain = domain.saturating_mul(u64::from(radix));
        if domain >= MIN_DOMAIN_SIZE {
            return true;
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let key_len = [16, 24, 32][usize::from(bytes.byte() % 3)];
    let key: Vec<u8> = (0..key_len).map(|_| bytes.byte()).collect();
    // Radixes 2..=65536, weighted to the ones tokens use.
    let radix = match bytes.byte() % 4 {
        0 => 10,
        1 => 36,
        2 => 2 + u32::from(bytes.byte()),
        _ => 2 + u32::from(bytes.u16()) % 65535,
    };
    // Lengths up to a little past the limit, tweaks up to past theirs.
    let len = usize::from(bytes.byte()) % (MAX_LEN + 8);
    let tweak_len = usize::from(bytes.u16()) % (MAX_TWEAK_LEN + 16);
    let tweak = bytes.take(tweak_len).to_vec();
    let numerals: Vec<u16> = (0..len)
        .map(|_| (u32::from(bytes.u16()) % radix) as u16)
        .collect();

    let ff1 = Ff1::new(&key).expect("16, 24 and 32 bytes are valid key lengths");
    let allowed = len <= MAX_LEN && tweak.len() <= MAX_TWEAK_LEN && domain_ok(radix, len);
    let mut buf = numerals.clone();
    match ff1.encrypt(&tweak, radix, &mut buf) {
        Ok(()) => {
            assert!(
                allowed,
                "accepted radix {radix} len {len} tweak {}",
                tweak.len()
            );
            assert!(
                buf.iter().all(|&n| u32::from(n) < radix),
                "a numeral left the radix"
            );
            let encrypted = buf.clone();
            ff1.decrypt(&tweak, radix, &mut buf)
                .expect("decrypting what was encrypted");
            assert_eq!(buf, numerals, "decryption did not restore the input");
            // Deterministic: the same call gives the same ciphertext.
            let mut again = numerals.clone();
            ff1.encrypt(&tweak, radix, &mut again).expect("as before");
            assert_eq!(again, encrypted);
        }
        Err(e) => {
            assert!(!allowed, "refused an allowed call: {e:?}");
            assert_eq!(buf, numerals, "a refused call wrote to the numerals");
        }
    }
});
