//! leaksift for JavaScript: the WebAssembly binding behind the `leaksift` npm
//! package (browsers as an ES module, Node, and Salesforce Lightning Web
//! Components through a static resource).
//!
//! # Example (JavaScript)
//! ```js
//! import init, { scan, Scanner } from 'leaksift';
//! await init();
//! for (const f of scan('paid with 4111 1111 1111 1111 😀 cvv 123')) {
//!   console.log(f.kind, f.subkind, f.start, f.end, f.masked); // never the raw value
//! }
//! const scanner = new Scanner({ detectors: ['pan'], minConfidence: 60 });
//! scanner.scan(formField.value);
//! ```
//!
//! # What this crate does, and does not
//! It translates: JS strings in, plain JS objects out, core errors to JS
//! `Error`s. Every detection decision is the core's (`leaksift` crate); no
//! detection logic lives here or in JavaScript.
//!
//! - Offsets are **UTF-16 code-unit indices** (`text.slice(f.start, f.end)`
//!   is the match), converted from the core's byte offsets in one pass
//!   (module `offsets`).
//! - Errors are `Error` objects with `name === "LeaksiftError"` and a
//!   `kind` (module `error`); nothing reachable from user input panics, so
//!   no call traps and leaves the module unusable.
//! - The TypeScript declarations are real types (below), not `any`; a host
//!   test checks that their unions match the core's names.

use std::cell::OnceCell;

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use leaksift::Finding;
use wasm_bindgen::prelude::*;

mod error;
mod masking;
mod offsets;
mod options;

use error::{Error, ErrorKind};
use leaksift::{Action, Masker, Policy};
use masking::PolicyOptions;
use options::ScanOptions;

/// The TypeScript declarations of the plain data crossing the boundary;
/// wasm-bindgen copies them into the generated `.d.ts` (the macro reads the
/// constant's value, which rustc does not count as a use; the host tests
/// read it too).
#[allow(dead_code)]
const TYPES: &str = r#"
/** The family of sensitive data a finding belongs to. */
export type Kind =
  | "pan"
  | "cvv"
  | "track_data"
  | "ssn"
  | "itin"
  | "iban"
  | "routing_number"
  | "email"
  | "phone"
  | "secret"
  | "synthetic_marker"
  | "synthetic_leak"
  | "real_data_in_synthetic"
  | "commingled";

/** A detector that `ScanOptions.detectors` can switch on. */
export type Detector =
  | "pan"
  | "cvv"
  | "track"
  | "ssn"
  | "itin"
  | "iban"
  | "routing"
  | "email"
  | "phone"
  | "secrets"
  | "markers";

/** Where a value most likely came from; "unknown" is to be treated as real. */
export type Provenance = "unknown" | "real" | "synthetic";

/** Why a value is believed to be synthetic (test or generated data). */
export type SyntheticReason = "test_value" | "marker" | "watermark";

/** One piece of sensitive data. It holds where the value is, never the value. */
export interface Finding {
  /** What was found. */
  kind: Kind;
  /** The card brand ("visa", "amex", ...), the track ("track1", "track2"), the phone numbering plan ("nanp", "e164"), the secret's provider ("github_token", "aws_access_key_id", "generic", ...), or "" when nothing more specific is known. */
  subkind: string;
  /** UTF-16 code-unit index of the match's first character: `text.slice(start, end)` is the match, emoji and CJK text included. (From `Scanner.scanBytes`: a byte offset.) */
  start: number;
  /** UTF-16 code-unit index just past the match (from `Scanner.scanBytes`: a byte offset). */
  end: number;
  /** How sure the detector is, 0 to 100. */
  confidence: number;
  /** Whether the value is real, synthetic or unknown. */
  provenance: Provenance;
  /** The reason when `provenance` is "synthetic", otherwise null. */
  syntheticReason: SyntheticReason | null;
  /** The match with the default display mask: card numbers, SSNs, ITINs, routing and phone numbers keep their last four digits, IBANs their country code and last four characters, e-mails the first character and the domain, secrets their provider prefix (`sk_live_`, `ghp_`, ...); security codes and track data are masked whole; separators stay (non-ASCII characters become one mask character per UTF-8 byte). */
  masked: string;
}

/** What a scan looks for. Unknown option names are an error, not ignored. */
export interface ScanOptions {
  /** Detectors to run, as an array or a comma-separated string ("all" for every one). Default: all. */
  detectors?: Detector[] | string;
  /** Findings less sure than this (0-100) are not reported. Default: 50. */
  minConfidence?: number;
  /** Bytes before a match read for words such as "card" or "order" (0-256). Default: 32. */
  contextWindow?: number;
  /** Declares the data "production" (synthetic values and markers yield "synthetic_leak") or "synthetic" (values not recognised as synthetic yield "real_data_in_synthetic"); a line mixing a provenance marker and a real value yields "commingled". Default: no policy. */
  environment?: "production" | "synthetic";
  /** A key (16, 24 or 32 bytes, or hex) whose watermarks mark values made by `leaksift generate` as synthetic ("watermark"). Never shown. */
  watermarkKey?: Uint8Array | string;
}

/** What went wrong, in the `kind` of a thrown `LeaksiftError`. */
export type ErrorKind =
  | "invalid_argument"
  | "unknown_detector"
  | "out_of_range"
  | "input_too_large"
  | "invalid_policy"
  | "invalid_key"
  | "cannot_tokenize";

/** Every error leaksift throws: a real `Error`, with `name` "LeaksiftError" and a `kind`. */
export interface LeaksiftError extends Error {
  name: "LeaksiftError";
  kind: ErrorKind;
}

/** A key for tokens: raw bytes, or the same bytes as a hex string. */
export type Key = Uint8Array | string;

/** What masking does to a finding: "redact" replaces it with a label such as [PAN] (lengths change); "mask" hides it keeping length and separators; "tokenize" encrypts it with FF1 (same length and format, reversible with the key); "pseudonymize" replaces it with a keyed, deterministic, irreversible value of the same format. */
export type Action = "redact" | "mask" | "tokenize" | "pseudonymize";

/** How card numbers are tokenized and pseudonymized. */
export interface CardTokens {
  /** The card digits a token keeps. Default: "last4". */
  keep?: "last4" | "bin" | "bin+last4" | "none";
  /** Whether card tokens pass the Luhn check. Default: "fail", so a token is never taken for a card number. */
  luhn?: "fail" | "valid";
}

/** How `mask` treats each kind of finding. Unknown option names are an error. */
export interface MaskPolicy {
  /** The action per kind; kinds not named are masked. Security codes and track data can only be masked or redacted. */
  actions?: Partial<Record<Kind, Action>>;
  /** Masked card numbers show their first six digits too (the most PCI DSS allows to display). */
  pciDisplay?: boolean;
  /** The character hidden letters and digits become: "*" (the default) or an ASCII letter. */
  maskChar?: string;
  /** Needed when an action is "tokenize" or "pseudonymize". */
  key?: Key;
  /** Mixed into tokens and pseudonyms (at most 64 bytes, e.g. a tenant id): the same value gets unrelated tokens under different tweaks. */
  tweak?: string;
  /** How card numbers are tokenized. */
  cardTokens?: CardTokens;
  /** Throw rather than adapt: when a value cannot be tokenized (instead of masking it), and when the kept card digits leave too few to encrypt (instead of keeping fewer). Default: false. */
  strict?: boolean;
  /** What to look for. */
  scan?: ScanOptions;
}

/** Options of `tokenize`. */
export interface TokenizeOptions {
  /** Tokens differ per tweak; detokenize needs the same one. */
  tweak?: string;
  /** How card numbers are tokenized; detokenize needs the same settings. */
  cardTokens?: CardTokens;
  /** See `MaskPolicy.strict`. */
  strict?: boolean;
  /** What to look for. */
  scan?: ScanOptions;
}

/** Options of `detokenize`: those the token was made with. */
export interface DetokenizeOptions {
  /** The kind the token was made for. Default: "pan". */
  kind?: Kind;
  /** The tweak the token was made with. */
  tweak?: string;
  /** The card-token settings the token was made with. */
  cardTokens?: CardTokens;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = TYPES;

/// The longest string accepted, in UTF-16 code units (128 Mi units, at
/// most 384 MiB of UTF-8). Copying a longer one into WebAssembly memory
/// risks an allocation failure, which would trap; scan such data in parts.
pub const MAX_TEXT_UNITS: u32 = 1 << 27;

/// The longest byte array `scanBytes` accepts (384 MiB, the most UTF-8 a
/// string of [`MAX_TEXT_UNITS`] can take).
pub const MAX_BYTES: u32 = 3 << 27;

thread_local! {
    /// The scanner `scan()` uses when given no options: built once.
    static DEFAULT_SCANNER: OnceCell<leaksift::Scanner> = const { OnceCell::new() };
    /// Property names of a finding, created in JS once.
    static KEYS: FindingKeys = FindingKeys::new();
    /// One `TextEncoder` for every call, if the platform has one.
    static ENCODER: Option<TextEncoder> = TextEncoder::new().ok();
}

/// Scans `text` with every detector (or those `options` name) and returns
/// the findings in span order.
#[wasm_bindgen(js_name = scan, unchecked_return_type = "Finding[]")]
pub fn scan(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScanOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = Text::from_js(text, "text")?;
    let options = ScanOptions::from_js(options.as_ref())?;
    let findings = if options == ScanOptions::default() {
        DEFAULT_SCANNER.with(|cell| {
            cell.get_or_init(leaksift::Scanner::default)
                .scan_to_vec(&text.utf8)
        })
    } else {
        leaksift::Scanner::new(options.config()?)
            .map_err(Error::from)?
            .scan_to_vec(&text.utf8)
    };
    Ok(findings_to_js(&text, &findings)?)
}

/// A scanner built once from options, for scanning many strings.
#[wasm_bindgen(js_name = Scanner)]
pub struct JsScanner {
    inner: leaksift::Scanner,
}

#[wasm_bindgen(js_class = Scanner)]
impl JsScanner {
    /// Builds a scanner; throws a `LeaksiftError` for options that cannot work.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ScanOptions")] options: Option<JsValue>,
    ) -> Result<JsScanner, JsValue> {
        let config = ScanOptions::from_js(options.as_ref())?.config()?;
        let inner = leaksift::Scanner::new(config).map_err(Error::from)?;
        Ok(JsScanner { inner })
    }

    /// Scans `text`; findings in span order, offsets in UTF-16 code units.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn scan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = Text::from_js(text, "text")?;
        let findings = self.inner.scan_to_vec(&text.utf8);
        Ok(findings_to_js(&text, &findings)?)
    }

    /// Scans raw bytes (a file, a fetched body) without decoding them;
    /// any bytes are valid input. Offsets are **byte** offsets into
    /// `bytes`: `bytes.subarray(f.start, f.end)` is the match.
    #[wasm_bindgen(js_name = scanBytes, unchecked_return_type = "Finding[]")]
    pub fn scan_bytes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let Some(array) = bytes.dyn_ref::<Uint8Array>() else {
            return Err(Error::invalid(format!(
                "bytes must be a Uint8Array, got {}",
                options::type_name(bytes)
            ))
            .into());
        };
        let length = array.length();
        if length > MAX_BYTES {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "bytes is {length} bytes long; at most {MAX_BYTES} are scanned at once: split it"
                ),
            )
            .into());
        }
        let mut data: Vec<u8> = Vec::new();
        if data.try_reserve_exact(length as usize).is_err() {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!("bytes ({length} bytes) does not fit in WebAssembly memory: split it"),
            )
            .into());
        }
        data.resize(length as usize, 0);
        array.copy_to(&mut data);
        let findings = self.inner.scan_to_vec(&data);
        // Byte offsets are the core's own: no conversion.
        let text = Text {
            units: data.len(),
            utf8: data,
        };
        Ok(findings_to_js(&text, &findings)?)
    }
}

/// `text` with every finding masked, redacted, tokenized or pseudonymized
/// as `policy` says (by default: masked, card numbers showing their last
/// four digits).
#[wasm_bindgen(js_name = mask)]
pub fn mask(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MaskPolicy")] policy: Option<JsValue>,
) -> Result<String, JsValue> {
    let text = Text::from_js(text, "text")?;
    let (options, key) = PolicyOptions::from_js(
        given(&policy),
        "policy",
        &[
            "actions",
            "pciDisplay",
            "maskChar",
            "key",
            "tweak",
            "cardTokens",
            "strict",
            "scan",
        ],
    )?;
    let policy = options.policy(Policy::new())?;
    let masker = match key {
        Some(key) => Masker::with_key(policy, &masking::key_from_js(&key)?),
        None => Masker::new(policy),
    }
    .map_err(Error::from)?;
    Ok(apply(&masker, &options.scan, &text)?)
}

/// `text` with every finding that can be tokenized replaced by its
/// format-preserving token (FF1 under `key`); security codes and track data
/// are masked, as they may never be kept in any form. `detokenize` restores
/// a token.
#[wasm_bindgen(js_name = tokenize)]
pub fn tokenize(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenizeOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    let text = Text::from_js(text, "text")?;
    let key = masking::key_from_js(key)?;
    let (options, _) = PolicyOptions::from_js(
        given(&options),
        "options",
        &["tweak", "cardTokens", "strict", "scan"],
    )?;
    let policy = options.policy(Policy::new().set_all(Action::Tokenize))?;
    let masker = Masker::with_key(policy, &key).map_err(Error::from)?;
    Ok(apply(&masker, &options.scan, &text)?)
}

/// The original value of a token made by `tokenize` (or `mask` with the
/// "tokenize" action) with the same key, tweak and card-token settings.
#[wasm_bindgen(js_name = detokenize)]
pub fn detokenize(
    #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DetokenizeOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    let token = Text::from_js(token, "token")?;
    let key = masking::key_from_js(key)?;
    let (options, _) =
        PolicyOptions::from_js(given(&options), "options", &["kind", "tweak", "cardTokens"])?;
    let masker = Masker::with_key(options.policy(Policy::new())?, &key).map_err(Error::from)?;
    let mut value = token.utf8;
    masker
        .detokenize(options.kind()?, &mut value)
        .map_err(Error::from)?;
    Ok(utf8_string(value))
}

/// Scans `text` with `scan` options and applies `masker` to what it finds.
fn apply(masker: &Masker, scan: &ScanOptions, text: &Text) -> Result<String, Error> {
    let scanner = leaksift::Scanner::new(scan.config()?)?;
    Ok(utf8_string(masker.mask(&scanner, &text.utf8)?))
}

/// Bytes the core produced from UTF-8 text. Masks and tokens replace whole
/// ASCII characters and leave the rest untouched, so this is UTF-8; were
/// it ever not, U+FFFD would stand in rather than a panic.
fn utf8_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// The version of the leaksift core inside this package.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// An optional argument, with `null` taken as absent like `undefined`.
fn given(value: &Option<JsValue>) -> Option<&JsValue> {
    value.as_ref().filter(|v| !v.is_undefined() && !v.is_null())
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder`: its `encodeInto` writes a string as
    /// UTF-8 straight into WebAssembly memory, several times faster than the
    /// character loop of wasm-bindgen's string conversion.
    type TextEncoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextEncoder, JsValue>;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &Uint8Array) -> EncodeInto;

    /// What `encodeInto` did.
    type EncodeInto;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeInto) -> f64;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeInto) -> f64;
}

/// A JS string copied into WebAssembly memory as UTF-8 (lone surrogates
/// become U+FFFD, which is one UTF-16 unit like the surrogate it replaces).
struct Text {
    utf8: Vec<u8>,
    /// Its length in UTF-16 code units: equal to the UTF-8 length exactly
    /// when the text is ASCII, and then offsets need no conversion (set to
    /// the byte length for raw bytes, whose offsets stay bytes).
    units: usize,
}

impl Text {
    fn from_js(value: &JsValue, what: &str) -> Result<Text, Error> {
        let Some(string) = value.dyn_ref::<JsString>() else {
            return Err(Error::invalid(format!(
                "{what} must be a string, got {}",
                options::type_name(value)
            )));
        };
        let units = string.length();
        if units > MAX_TEXT_UNITS {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "{what} is {units} UTF-16 code units long; at most {MAX_TEXT_UNITS} are scanned at once: split it"
                ),
            ));
        }
        let units = units as usize;
        let utf8 = ENCODER
            .with(|encoder| match encoder {
                Some(encoder) => encode(encoder, string, units),
                // No TextEncoder (a very old engine): wasm-bindgen's own copy.
                None => string.as_string().map(String::into_bytes),
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InputTooLarge,
                    format!(
                        "{what} ({units} UTF-16 code units) does not fit in WebAssembly memory: split it"
                    ),
                )
            })?;
        Ok(Text { utf8, units })
    }
}

/// `string` as UTF-8 bytes, written by `encodeInto` into a vector big enough
/// for the worst case (three bytes per UTF-16 unit); `None` when that much
/// memory cannot be had.
fn encode(encoder: &TextEncoder, string: &JsString, units: usize) -> Option<Vec<u8>> {
    let mut utf8: Vec<u8> = Vec::new();
    utf8.try_reserve_exact(units.checked_mul(3)?).ok()?;
    let capacity = utf8.capacity();
    // SAFETY: the view covers the vector's allocation, which nothing
    // reallocates or frees while the view is alive; no Rust code runs (so
    // WebAssembly memory cannot grow and detach the view) between creating
    // it and `encodeInto` returning.
    let result = unsafe {
        let view = Uint8Array::view_mut_raw(utf8.as_mut_ptr(), capacity);
        encoder.encode_into(string, &view)
    };
    let (read, written) = (result.read() as usize, result.written() as usize);
    // Three bytes per unit always suffice; anything else is not UTF-8 of
    // the whole string, and nothing is scanned rather than a part.
    if read != units || written > capacity {
        return None;
    }
    // SAFETY: `encodeInto` initialised the first `written` bytes.
    unsafe { utf8.set_len(written) };
    Some(utf8)
}

/// Property names of a finding object, as JS strings made once.
struct FindingKeys {
    kind: JsValue,
    subkind: JsValue,
    start: JsValue,
    end: JsValue,
    confidence: JsValue,
    provenance: JsValue,
    synthetic_reason: JsValue,
    masked: JsValue,
}

impl FindingKeys {
    fn new() -> Self {
        FindingKeys {
            kind: "kind".into(),
            subkind: "subkind".into(),
            start: "start".into(),
            end: "end".into(),
            confidence: "confidence".into(),
            provenance: "provenance".into(),
            synthetic_reason: "syntheticReason".into(),
            masked: "masked".into(),
        }
    }
}

fn findings_to_js(text: &Text, findings: &[Finding]) -> Result<JsValue, Error> {
    let bytes = &text.utf8;
    let byte_spans: Vec<(usize, usize)> = findings.iter().map(|f| (f.start, f.end)).collect();
    let spans = if text.units == bytes.len() {
        byte_spans
    } else {
        offsets::utf16_spans(bytes, &byte_spans)
    };
    let array = Array::new_with_length(findings.len() as u32);
    KEYS.with(|keys| {
        for (i, (finding, &(start, end))) in findings.iter().zip(&spans).enumerate() {
            let object = Object::new();
            let reason = finding
                .provenance
                .reason()
                .map_or(JsValue::NULL, |r| r.as_str().into());
            let fields: [(&JsValue, JsValue); 8] = [
                (&keys.kind, finding.kind.as_str().into()),
                (&keys.subkind, finding.subkind.as_str().into()),
                (&keys.start, (start as f64).into()),
                (&keys.end, (end as f64).into()),
                (&keys.confidence, finding.confidence.into()),
                (&keys.provenance, finding.provenance.as_str().into()),
                (&keys.synthetic_reason, reason),
                (&keys.masked, finding.masked(bytes).to_string().into()),
            ];
            for (key, value) in &fields {
                Reflect::set(&object, key, value)
                    .map_err(|_| Error::invalid("could not build a finding object"))?;
            }
            array.set(i as u32, object.into());
        }
        Ok(array.into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `export type NAME = "a" | "b";` of the TypeScript section.
    fn union(name: &str) -> Vec<String> {
        let head = format!("export type {name} =");
        let start = TYPES.find(&head).map(|i| i + head.len()).unwrap_or(0);
        let body = &TYPES[start..];
        let body = &body[..body.find(';').unwrap_or(0)];
        body.split('|')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn typescript_unions_match_the_core() {
        let kinds: Vec<String> = leaksift::Kind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect();
        assert_eq!(union("Kind"), kinds);
        let detectors: Vec<String> = leaksift::Detector::ALL
            .iter()
            .map(|d| d.name().to_owned())
            .collect();
        assert_eq!(union("Detector"), detectors);
        use leaksift::{Provenance, SyntheticReason};
        let reasons = [
            SyntheticReason::TestValue,
            SyntheticReason::Marker,
            SyntheticReason::Watermark,
        ];
        let provenances = [
            Provenance::Unknown,
            Provenance::Real,
            Provenance::Synthetic(SyntheticReason::TestValue),
        ];
        assert_eq!(union("Provenance"), provenances.map(|p| p.as_str()));
        assert_eq!(union("SyntheticReason"), reasons.map(|r| r.as_str()));
        assert_eq!(union("Action"), leaksift::Action::ALL.map(|a| a.as_str()));
        let errors: Vec<String> = ErrorKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect();
        assert_eq!(union("ErrorKind"), errors);
    }

    #[test]
    fn declarations_have_no_any() {
        assert!(!TYPES.contains(": any") && !TYPES.contains("<any>"));
    }
}
