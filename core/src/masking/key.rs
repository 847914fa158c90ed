//! [`Key`]: the secret behind tokens and pseudonyms.

use core::fmt;
use std::path::Path;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, ErrorKind};

/// Longest key: AES-256.
const MAX_KEY: usize = 32;

/// An AES key (16, 24 or 32 bytes) for tokenizing and pseudonymizing.
///
/// The bytes are wiped when the key is dropped, and nothing prints them:
/// `Debug` shows `Key(<redacted>)` and errors never quote key material.
///
/// Tokens are FF1 (NIST SP 800-38G) under this key as it is, so any FF1
/// implementation given the same key, tweak and radix agrees with ours on
/// the encryption itself. Pseudonyms use HMAC-SHA-256 under a second key
/// derived from this one (HMAC-SHA-256 of a fixed label), so the AES key is
/// never used as a MAC key too.
///
/// ```
/// use leaksift::Key;
///
/// let key = Key::from_hex("2B7E151628AED2A6ABF7158809CF4F3C")?;
/// assert_eq!(key.len(), 16);
/// assert_eq!(format!("{key:?}"), "Key(<redacted>)");
/// assert!(Key::from_bytes(&[0; 20]).is_err());
/// # Ok::<(), leaksift::Error>(())
/// ```
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Key {
    bytes: [u8; MAX_KEY],
    len: usize,
}

impl Key {
    /// A key from raw bytes: 16, 24 or 32 of them.
    pub fn from_bytes(bytes: &[u8]) -> Result<Key, Error> {
        if !matches!(bytes.len(), 16 | 24 | 32) {
            return Err(ErrorKind::KeyLength { len: bytes.len() }.into());
        }
        let mut key = Key {
            bytes: [0; MAX_KEY],
            len: bytes.len(),
        };
        key.bytes[..bytes.len()].copy_from_slice(bytes);
        Ok(key)
    }

    /// A key from hexadecimal text (32, 48 or 64 hex digits, either case);
    /// whitespace around it is ignored.
    pub fn from_hex(text: &str) -> Result<Key, Error> {
        let text = text.trim().as_bytes();
        if !text.len().is_multiple_of(2) {
            return Err(ErrorKind::KeyNotHex.into());
        }
        if !matches!(text.len(), 32 | 48 | 64) {
            if text.iter().all(u8::is_ascii_hexdigit) {
                return Err(ErrorKind::KeyLength {
                    len: text.len() / 2,
                }
                .into());
            }
            return Err(ErrorKind::KeyNotHex.into());
        }
        let mut bytes = Zeroizing::new([0u8; MAX_KEY]);
        for (i, pair) in text.chunks_exact(2).enumerate() {
            let (Some(high), Some(low)) = (hex_value(pair[0]), hex_value(pair[1])) else {
                return Err(ErrorKind::KeyNotHex.into());
            };
            bytes[i] = high << 4 | low;
        }
        Key::from_bytes(&bytes[..text.len() / 2])
    }

    /// A key from a file holding either the key as hex text (32, 48 or 64
    /// hex digits, surrounding whitespace such as a final newline ignored)
    /// or the raw key bytes (exactly 16, 24 or 32 bytes).
    ///
    /// Hex is tried first: a 32-byte file made only of hex digits and
    /// whitespace is read as a 16-byte hex key. Generate keys with, for
    /// example, `openssl rand -hex 32 > key`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key, Error> {
        let path = path.as_ref();
        let contents = Zeroizing::new(std::fs::read(path).map_err(|e| ErrorKind::KeyFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?);
        let looks_hex = !contents.is_empty()
            && contents
                .iter()
                .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace());
        if looks_hex {
            // The check above makes this valid UTF-8.
            let text = core::str::from_utf8(&contents).unwrap_or_default();
            return Key::from_hex(text);
        }
        Key::from_bytes(&contents).map_err(|_| {
            ErrorKind::KeyFile {
                path: path.display().to_string(),
                reason: format!(
                    "expected 32, 48 or 64 hex digits or exactly 16, 24 or 32 raw bytes, found {} bytes",
                    contents.len()
                ),
            }
            .into()
        })
    }

    /// The key's length in bytes: 16, 24 or 32.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a key has at least 16 bytes.
    pub fn is_empty(&self) -> bool {
        false
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        for len in [16, 24, 32] {
            assert_eq!(Key::from_bytes(&vec![7; len]).unwrap().len(), len);
        }
        for len in [0, 15, 17, 31, 33, 64] {
            let err = Key::from_bytes(&vec![7; len]).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::KeyLength { len });
        }
    }

    #[test]
    fn hex() {
        let key = Key::from_hex("  000102030405060708090a0B0c0D0e0F\n").unwrap();
        assert_eq!(key.as_bytes(), (0..16).collect::<Vec<u8>>());
        assert_eq!(
            Key::from_hex("00").unwrap_err().kind(),
            &ErrorKind::KeyLength { len: 1 }
        );
        assert_eq!(
            Key::from_hex("0g").unwrap_err().kind(),
            &ErrorKind::KeyNotHex
        );
        assert_eq!(
            Key::from_hex("abc").unwrap_err().kind(),
            &ErrorKind::KeyNotHex
        );
        let bad = "zz0102030405060708090a0b0c0d0e0f";
        assert_eq!(
            Key::from_hex(bad).unwrap_err().kind(),
            &ErrorKind::KeyNotHex
        );
    }

    #[test]
    fn files_hex_and_raw() {
        let dir = std::env::temp_dir().join(format!("leaksift-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hex = dir.join("hex");
        std::fs::write(&hex, "2b7e151628aed2a6abf7158809cf4f3c\n").unwrap();
        assert_eq!(Key::from_file(&hex).unwrap().as_bytes()[..2], [0x2b, 0x7e]);
        let raw = dir.join("raw");
        let raw_bytes: Vec<u8> = (200..232).collect();
        std::fs::write(&raw, &raw_bytes).unwrap();
        assert_eq!(Key::from_file(&raw).unwrap().as_bytes(), raw_bytes);
        let short = dir.join("short");
        std::fs::write(&short, [0xffu8; 10]).unwrap();
        let err = Key::from_file(&short).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::KeyFile { .. }), "{err}");
        assert!(err.to_string().contains("found 10 bytes"));
        let missing = Key::from_file(dir.join("missing")).unwrap_err();
        assert!(missing.to_string().starts_with("cannot read key file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_shows_nothing() {
        let key = Key::from_bytes(&[0xAB; 32]).unwrap();
        for shown in [format!("{key:?}"), format!("{key:#?}")] {
            assert_eq!(shown, "Key(<redacted>)");
        }
    }
}
