//! The configuration file: `--config FILE`, or `.leaksift.toml` in the
//! current directory when it exists (`--no-config` skips it).
//!
//! ```toml
//! detectors = ["pan", "cvv", "ssn", "secrets"]   # or "all", or "pan,cvv"
//! min_confidence = 60
//! context_window = 64
//! exclude = ["vendor/**", "*.min.js"]            # never read
//!
//! [mask]                                         # used by `leaksift mask`
//! policy = ["pan=tokenize", "email=redact"]
//! pci_display = true
//! mask_char = "X"
//!
//! [allowlist]
//! paths = ["tests/fixtures/**"]                  # findings there are dropped
//! values = ["4111 1111 1111 1111"]               # known values, never printed
//! value_sha256 = ["9bbef19476623ca56c17da75fd57734dbf82530686043a6e491c6d71befe8f6e"]
//! ```
//!
//! Command-line options win over the file. Unknown keys are errors (a typo
//! must not silently turn a check off). Errors name the file, the line and
//! column, and the reason; quoted values are left out of error messages, so
//! an allowlisted value never reaches the terminal.
//!
//! Paths globs (`exclude`, `allowlist.paths`) match the path as reports show
//! it (`dir/file.jsonl`); a glob without `/` also matches the file name in
//! any directory. Allowlisted values match a finding when they are equal
//! after removing ASCII spaces, tabs and dashes (so `4111-1111-1111-1111`
//! covers `4111 1111 1111 1111`); `value_sha256` holds the SHA-256 (hex) of
//! that normalised value, for lists that should not hold the value itself:
//! `printf '%s' 4111111111111111 | sha256sum`. Keep in mind that a bare hash
//! of a card number or SSN can be reversed by trying every possible value;
//! it hides a value from a casual reader, not from a determined one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The file looked for in the current directory.
pub const DEFAULT_FILE: &str = ".leaksift.toml";

/// What a configuration file says; every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub detectors: Option<Detectors>,
    pub min_confidence: Option<u8>,
    pub context_window: Option<usize>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub mask: MaskSection,
    #[serde(default)]
    pub allowlist: AllowlistSection,
}

impl FileConfig {
    /// The scanner configuration: command-line values, else the file's,
    /// else the defaults.
    pub fn scanner_config(
        &self,
        detectors: Option<&str>,
        min_confidence: Option<u8>,
        context_window: Option<usize>,
    ) -> Result<leaksift::Config, String> {
        let detectors = match (detectors, &self.detectors) {
            (Some(list), _) => list.to_string(),
            (None, Some(list)) => list.to_list(),
            (None, None) => "all".into(),
        };
        let detectors = leaksift::DetectorSet::parse(&detectors).map_err(|e| e.to_string())?;
        Ok(leaksift::Config::new()
            .detectors(detectors)
            .min_confidence(
                min_confidence
                    .or(self.min_confidence)
                    .unwrap_or(leaksift::Config::DEFAULT_MIN_CONFIDENCE),
            )
            .context_window(
                context_window
                    .or(self.context_window)
                    .unwrap_or(leaksift::Config::DEFAULT_CONTEXT_WINDOW),
            ))
    }
}

/// `detectors = "pan,cvv"` or `detectors = ["pan", "cvv"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Detectors {
    List(Vec<String>),
    Text(String),
}

impl Detectors {
    /// The comma-separated form `DetectorSet::parse` takes.
    pub fn to_list(&self) -> String {
        match self {
            Detectors::List(items) => items.join(","),
            Detectors::Text(text) => text.clone(),
        }
    }
}

/// `[mask]`: defaults for `leaksift mask`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskSection {
    #[serde(default)]
    pub policy: Vec<String>,
    pub pci_display: Option<bool>,
    pub mask_char: Option<char>,
}

/// `[allowlist]`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistSection {
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub value_sha256: Vec<String>,
}

impl std::fmt::Debug for AllowlistSection {
    // Allowlisted values are real data; Debug shows how many, not which.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AllowlistSection")
            .field("paths", &self.paths)
            .field("values", &format_args!("[{} hidden]", self.values.len()))
            .field("value_sha256", &self.value_sha256.len())
            .finish()
    }
}

/// A loaded configuration and where it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub file: Option<PathBuf>,
    pub config: FileConfig,
}

/// Loads `explicit`, else `.leaksift.toml` in the current directory if it
/// exists (unless `skip_default`), else an empty configuration.
pub fn load(explicit: Option<&Path>, skip_default: bool) -> Result<Loaded, String> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None if skip_default => return Ok(Loaded::default()),
        None => {
            let default = PathBuf::from(DEFAULT_FILE);
            if !default.is_file() {
                return Ok(Loaded::default());
            }
            default
        }
    };
    let display = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read config file {display}: {e}"))?;
    let config = parse(&text).map_err(|e| format!("config file {display}:{e}"))?;
    Ok(Loaded {
        file: Some(path),
        config,
    })
}

/// Parses configuration text. Errors read `LINE:COLUMN: reason`.
pub fn parse(text: &str) -> Result<FileConfig, String> {
    let config: FileConfig = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        format!("{line}:{column}: {}", without_quoted(e.message().trim()))
    })?;
    // Check the globs and hashes now, so their errors point at the file.
    PathFilter::new(&config.exclude).map_err(|e| format!("exclude: {e}"))?;
    PathFilter::new(&config.allowlist.paths).map_err(|e| format!("allowlist.paths: {e}"))?;
    for hash in &config.allowlist.value_sha256 {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            let line = find_line(text, hash);
            return Err(format!(
                "{line}:1: allowlist.value_sha256 entries must be 64 hex digits (a SHA-256)"
            ));
        }
    }
    Ok(config)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset.min(text.len()) - line_start + 1)
}

fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(1, |at| line_column(text, at).0)
}

/// Error messages from serde quote the offending value (`invalid type:
/// string "…"`); in a file that lists real values that must not be echoed.
fn without_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for ch in message.chars() {
        if ch == '"' {
            if inside {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(ch);
        }
    }
    out
}

/// Globs over report paths.
#[derive(Clone, Debug, Default)]
pub struct PathFilter {
    full: Option<GlobSet>,
    name: Option<GlobSet>,
}

impl PathFilter {
    /// Compiles `patterns`; a pattern without `/` matches file names too.
    pub fn new(patterns: &[String]) -> Result<PathFilter, String> {
        if patterns.is_empty() {
            return Ok(PathFilter::default());
        }
        let mut full = GlobSetBuilder::new();
        let mut name = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern).map_err(|e| format!("bad glob {pattern:?}: {e}"))?;
            if !pattern.contains('/') {
                name.add(glob.clone());
            }
            full.add(glob);
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| e.to_string());
        Ok(PathFilter {
            full: Some(build(full)?),
            name: Some(build(name)?),
        })
    }

    /// Whether the report path `path` matches a pattern.
    pub fn matches(&self, path: &str) -> bool {
        let Some(full) = &self.full else {
            return false;
        };
        if full.is_match(path) {
            return true;
        }
        let file_name = path.rsplit('/').next().unwrap_or(path);
        self.name.as_ref().is_some_and(|n| n.is_match(file_name))
    }
}

/// Known values and paths whose findings are dropped.
#[derive(Default)]
pub struct Allowlist {
    pub paths: PathFilter,
    /// SHA-256 of the normalised values, raw ones hashed on load so the
    /// values themselves are not kept around.
    hashes: HashSet<[u8; 32]>,
}

impl Allowlist {
    /// Builds the allowlist of a (validated) configuration.
    pub fn new(section: &AllowlistSection) -> Result<Allowlist, String> {
        let mut hashes = HashSet::new();
        for value in &section.values {
            hashes.insert(value_hash(value.as_bytes()));
        }
        for hex in &section.value_sha256 {
            let mut hash = [0u8; 32];
            for (i, byte) in hash.iter_mut().enumerate() {
                *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                    .map_err(|_| "allowlist.value_sha256: not hex".to_string())?;
            }
            hashes.insert(hash);
        }
        Ok(Allowlist {
            paths: PathFilter::new(&section.paths)?,
            hashes,
        })
    }

    /// Whether no value is allowlisted (the common case: skip hashing).
    pub fn has_values(&self) -> bool {
        !self.hashes.is_empty()
    }

    /// Whether the raw matched bytes are an allowlisted value.
    pub fn allows_value(&self, raw: &[u8]) -> bool {
        self.has_values() && self.hashes.contains(&value_hash(raw))
    }
}

/// SHA-256 of a value with ASCII spaces, tabs and dashes removed.
pub fn value_hash(raw: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for chunk in raw.split(|b| matches!(b, b' ' | b'\t' | b'-')) {
        hasher.update(chunk);
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let config = parse(
            r##"
detectors = ["pan", "cvv"]
min_confidence = 70
exclude = ["vendor/**"]
[mask]
policy = ["pan=tokenize"]
mask_char = "#"
[allowlist]
paths = ["fixtures/**", "*.snap"]
values = ["4111 1111 1111 1111"]
"##,
        )
        .unwrap();
        assert_eq!(config.detectors.unwrap().to_list(), "pan,cvv");
        assert_eq!(config.min_confidence, Some(70));
        assert_eq!(config.mask.mask_char, Some('#'));
        let allow = Allowlist::new(&config.allowlist).unwrap();
        assert!(allow.allows_value(b"4111-1111-1111-1111"));
        assert!(allow.allows_value(b"4111111111111111"));
        assert!(!allow.allows_value(b"4111111111111112"));
        assert!(allow.paths.matches("fixtures/a/b.json"));
        assert!(allow.paths.matches("deep/dir/x.snap"));
        assert!(!allow.paths.matches("src/fixtures.rs"));
    }

    #[test]
    fn detectors_as_text() {
        let config = parse("detectors = \"pan,ssn\"").unwrap();
        assert_eq!(config.detectors.unwrap().to_list(), "pan,ssn");
    }

    #[test]
    fn errors_name_line_and_reason_without_values() {
        let err = parse("min_confidence = 50\ndetector = [\"pan\"]\n").unwrap_err();
        assert!(err.starts_with("2:1:"), "{err}");
        assert!(err.contains("unknown field"), "{err}");

        let err = parse("\n\nmin_confidence = \"4111111111111111\"\n").unwrap_err();
        assert!(err.starts_with("3:"), "{err}");
        assert!(!err.contains("4111"), "{err}");

        let err = parse("[allowlist]\nvalues = [\"4111 1111 1111 1111\"\n").unwrap_err();
        assert!(!err.contains("4111"), "{err}");

        let err = parse("exclude = [\"a/[b\"]").unwrap_err();
        assert!(err.contains("exclude"), "{err}");

        let err = parse("[allowlist]\n\nvalue_sha256 = [\"abc\"]").unwrap_err();
        assert!(err.starts_with("3:1:"), "{err}");
    }

    #[test]
    fn hash_entries_match_the_normalised_value() {
        let hex: String = value_hash(b"536901234")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let config = parse(&format!("[allowlist]\nvalue_sha256 = [\"{hex}\"]")).unwrap();
        let allow = Allowlist::new(&config.allowlist).unwrap();
        assert!(allow.allows_value(b"536-90-1234"));
        assert!(!allow.allows_value(b"536-90-1235"));
        assert!(!format!("{:?}", config.allowlist).contains("536"));
    }

    #[test]
    fn quoted_parts_are_dropped() {
        assert_eq!(
            without_quoted("invalid type: string \"secret\", expected u8"),
            "invalid type: string \"…\", expected u8"
        );
    }
}
