//! Baselines: `scan --write-baseline FILE` records the findings of today as
//! accepted; `scan --baseline FILE` reports only findings not in it.
//!
//! # The fingerprint, and why it is made of masked data only
//! A finding's fingerprint is SHA-256 (truncated to 128 bits, hex) over
//! its report path, kind, subkind, **masked** value and occurrence number
//! (how many earlier findings in the same file had the same path, kind,
//! subkind and masked value). Nothing in it is secret: every input is
//! already in the report. That is deliberate. A hash of the raw value,
//! even a keyed one whose key sits in the baseline file, can be reversed by
//! enumeration: there are about 10^9 SSNs and, once a card's issuer prefix
//! and last four digits are known, 10^5 Luhn-valid PANs per prefix, so
//! trying them all takes seconds. A baseline is meant to be committed next
//! to the code, so it must not be a lookup table for the values it accepts.
//!
//! The trade-off: a value replaced by another with the same masked form in
//! the same place (a different card with the same last four digits, a
//! different CVV) keeps its fingerprint and is not reported as new.
//! Fingerprints do not use line numbers, so edits elsewhere in a file keep
//! them; moving or renaming a file, or inserting a same-looking value before
//! an accepted one, makes findings new again.
//!
//! The file is JSON: a version, and for each accepted finding (one per
//! line, so diffs review well) its fingerprint plus the path, kind,
//! subkind, masked value and line, so a reviewer can see what was
//! accepted. It is written as findings come and renamed into place at the
//! end, so memory stays flat and an interrupted scan keeps the old file.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format version written and accepted.
const VERSION: u32 = 1;

/// One accepted finding as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub fingerprint: String,
    pub path: String,
    pub kind: String,
    pub subkind: String,
    pub masked: String,
    pub line: usize,
}

#[derive(Deserialize)]
struct File {
    leaksift_baseline: u32,
    findings: Accepted,
}

/// The fingerprints a baseline accepts, as 128-bit numbers: a baseline of
/// millions of findings loads in a fraction of its size on disk.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Accepted(HashSet<u128>);

impl Accepted {
    /// Whether the fingerprint (hex, as [`fingerprint`] makes it) is accepted.
    pub fn contains(&self, fingerprint: &str) -> bool {
        u128::from_str_radix(fingerprint, 16).is_ok_and(|n| self.0.contains(&n))
    }

    /// How many fingerprints there are.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'de> Deserialize<'de> for Accepted {
    // Entries are read one at a time and only their fingerprint kept.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fingerprint {
            fingerprint: String,
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Accepted;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of findings with fingerprints")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Accepted, A::Error> {
                let mut set = HashSet::new();
                while let Some(entry) = seq.next_element::<Fingerprint>()? {
                    let n = u128::from_str_radix(&entry.fingerprint, 16).map_err(|_| {
                        serde::de::Error::custom("a fingerprint is not 32 hex digits")
                    })?;
                    set.insert(n);
                }
                Ok(Accepted(set))
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

const FINGERPRINT_DESCRIPTION: &str =
    "sha256(path, kind, subkind, masked value, occurrence)[..16], masked data only";

/// The fingerprint of a finding; see the [module documentation](self).
pub fn fingerprint(path: &str, kind: &str, subkind: &str, masked: &str, occurrence: u32) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"leaksift-baseline-v1\0");
    for part in [path, kind, subkind, masked] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update(occurrence.to_le_bytes());
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(32);
    for byte in &digest[..16] {
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 15)]));
    }
    text
}

/// Counts occurrences of (kind, subkind, masked) within one file.
#[derive(Default)]
pub struct Occurrences {
    seen: HashMap<(&'static str, &'static str, String), u32>,
}

impl Occurrences {
    /// The occurrence number of this finding (0 for the first).
    pub fn next(&mut self, kind: &'static str, subkind: &'static str, masked: &str) -> u32 {
        let count = self
            .seen
            .entry((kind, subkind, masked.to_string()))
            .or_insert(0);
        let occurrence = *count;
        *count += 1;
        occurrence
    }
}

/// The fingerprints a baseline accepts.
pub fn load(path: &Path) -> Result<Accepted, String> {
    let display = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read baseline {display}: {e}"))?;
    let file: File = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| format!("baseline {display}: not a leaksift baseline: {e}"))?;
    if file.leaksift_baseline != VERSION {
        return Err(format!(
            "baseline {display}: version {} is not supported (expected {VERSION})",
            file.leaksift_baseline
        ));
    }
    Ok(file.findings)
}

/// Writes a baseline as findings come, one entry per line, into a
/// temporary file beside the target that replaces it on [`Writer::finish`]
/// (an interrupted scan leaves the old baseline intact). Memory does not
/// grow with the number of findings.
pub struct Writer {
    out: std::io::BufWriter<std::fs::File>,
    temp: std::path::PathBuf,
    target: std::path::PathBuf,
    count: usize,
    finished: bool,
}

impl Writer {
    /// Starts a baseline that will replace `path`.
    pub fn create(path: &Path) -> Result<Writer, String> {
        let fail = |e: std::io::Error| format!("cannot write baseline {}: {e}", path.display());
        let name = path
            .file_name()
            .ok_or_else(|| format!("cannot write baseline {}: not a file name", path.display()))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".leaksift-{}.tmp", std::process::id()));
        let temp = path.with_file_name(temp_name);
        let file = std::fs::File::create(&temp).map_err(fail)?;
        let mut out = std::io::BufWriter::new(file);
        write!(
            out,
            "{{\"leaksift_baseline\": {VERSION},\n\"fingerprint\": {},\n\"findings\": [",
            serde_json::Value::from(FINGERPRINT_DESCRIPTION)
        )
        .map_err(fail)?;
        Ok(Writer {
            out,
            temp,
            target: path.to_path_buf(),
            count: 0,
            finished: false,
        })
    }

    /// Appends accepted findings.
    pub fn add(&mut self, entries: &[Entry]) -> Result<(), String> {
        for entry in entries {
            let separator: &[u8] = if self.count == 0 { b"\n" } else { b",\n" };
            self.out
                .write_all(separator)
                .and_then(|()| {
                    serde_json::to_writer(&mut self.out, entry).map_err(std::io::Error::from)
                })
                .map_err(|e| self.error(e))?;
            self.count += 1;
        }
        Ok(())
    }

    /// Closes the file and puts it in place; returns the entries written.
    pub fn finish(mut self) -> Result<usize, String> {
        self.out
            .write_all(b"\n]}\n")
            .and_then(|()| self.out.flush())
            .and_then(|()| std::fs::rename(&self.temp, &self.target))
            .map_err(|e| self.error(e))?;
        self.finished = true;
        Ok(self.count)
    }

    fn error(&self, e: std::io::Error) -> String {
        format!("cannot write baseline {}: {e}", self.target.display())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_depend_on_every_part() {
        let base = fingerprint("a.txt", "pan", "visa", "**** 1111", 0);
        assert_eq!(base.len(), 32);
        assert!(base
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(base, fingerprint("a.txt", "pan", "visa", "**** 1111", 0));
        for other in [
            fingerprint("b.txt", "pan", "visa", "**** 1111", 0),
            fingerprint("a.txt", "cvv", "visa", "**** 1111", 0),
            fingerprint("a.txt", "pan", "mastercard", "**** 1111", 0),
            fingerprint("a.txt", "pan", "visa", "**** 1112", 0),
            fingerprint("a.txt", "pan", "visa", "**** 1111", 1),
            // Length prefixes keep part boundaries apart.
            fingerprint("a.txtpan", "", "visa", "**** 1111", 0),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn occurrences_count_per_value() {
        let mut occ = Occurrences::default();
        assert_eq!(occ.next("pan", "visa", "x1"), 0);
        assert_eq!(occ.next("pan", "visa", "x2"), 0);
        assert_eq!(occ.next("pan", "visa", "x1"), 1);
        assert_eq!(occ.next("cvv", "", "x1"), 0);
    }

    #[test]
    fn round_trip_and_bad_files() {
        let dir = std::env::temp_dir().join(format!("leaksift-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.json");
        let entry = Entry {
            fingerprint: fingerprint("a", "pan", "visa", "m", 0),
            path: "a".into(),
            kind: "pan".into(),
            subkind: "visa".into(),
            masked: "m".into(),
            line: 3,
        };
        let mut writer = Writer::create(&path).unwrap();
        writer.add(std::slice::from_ref(&entry)).unwrap();
        writer.add(std::slice::from_ref(&entry)).unwrap();
        assert_eq!(writer.finish().unwrap(), 2);
        let accepted = load(&path).unwrap();
        assert_eq!(accepted.len(), 1);
        assert!(accepted.contains(&entry.fingerprint));
        assert!(!accepted.contains(&fingerprint("b", "pan", "visa", "m", 0)));
        assert!(!accepted.contains("not hex"));
        std::fs::write(
            &path,
            "{\"leaksift_baseline\": 9, \"fingerprint\": \"\", \"findings\": []}",
        )
        .unwrap();
        assert!(load(&path).unwrap_err().contains("version 9"));
        std::fs::write(&path, "[1,2]").unwrap();
        let err = load(&path).unwrap_err();
        assert!(
            err.contains("b.json") && err.contains("not a leaksift baseline"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
