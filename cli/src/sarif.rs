//! SARIF 2.1.0 output (`scan --format sarif`), for code-scanning tools.
//!
//! One run; `tool.driver.rules` has one rule per kind (the rule id is the
//! kind's name, e.g. `pan`); each result carries the rule id and index, a
//! level (`error` for card data, government identifiers, bank accounts and
//! credentials; `warning` for e-mail addresses, phone and routing numbers;
//! `note` for values recognised as synthetic), a message with the masked
//! value only, one physical location (relative URI, start/end line and
//! column in Unicode code points as `columnKind` says, byte offset and
//! length) and `partialFingerprints["leaksift/v1"]`, the baseline
//! fingerprint (see `baseline.rs`). Files that could not be read are listed
//! as `toolExecutionNotifications` of the invocation.
//!
//! Results are written as they come, so the output never has to be held in
//! memory; the envelope is written first and closed at the end.

use std::io::{self, Write};

use leaksift::Kind;
use serde::Serialize;
use serde_json::json;

use crate::output::Record;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What a kind's rule says about it.
fn describe(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Pan => ("PaymentCardNumber", "Payment card number (PAN)"),
        Kind::Cvv => ("CardSecurityCode", "Card security code (CVV/CVC)"),
        Kind::TrackData => ("MagneticStripeData", "Magnetic-stripe track data"),
        Kind::Ssn => ("SocialSecurityNumber", "US Social Security Number"),
        Kind::Itin => ("TaxpayerIdentificationNumber", "US ITIN"),
        Kind::Iban => ("BankAccountIban", "International Bank Account Number"),
        Kind::RoutingNumber => ("BankRoutingNumber", "US ABA routing number"),
        Kind::Email => ("EmailAddress", "E-mail address"),
        Kind::Phone => ("PhoneNumber", "Telephone number"),
        Kind::Secret => (
            "Credential",
            "Credential (API key, token, password or private key)",
        ),
        Kind::SyntheticMarker => ("SyntheticDataMarker", "Synthetic-data provenance marker"),
        Kind::SyntheticLeak => (
            "SyntheticDataInProduction",
            "Synthetic (test or watermarked) value or marker in production data",
        ),
        Kind::RealDataInSynthetic => (
            "RealDataInSyntheticSet",
            "Value not recognised as synthetic in a synthetic data set",
        ),
        Kind::Commingled => (
            "CommingledRecord",
            "Record mixing a synthetic-data marker and real data",
        ),
        _ => ("SensitiveData", "Sensitive data"),
    }
}

/// The default level of a kind's findings.
fn level(kind: Kind) -> &'static str {
    match kind {
        Kind::Email | Kind::Phone | Kind::RoutingNumber => "warning",
        Kind::Pan
        | Kind::Cvv
        | Kind::TrackData
        | Kind::Ssn
        | Kind::Itin
        | Kind::Iban
        | Kind::Secret
        | Kind::RealDataInSynthetic => "error",
        Kind::SyntheticMarker => "note",
        _ => "warning",
    }
}

pub fn write_header<W: Write>(out: &mut W) -> io::Result<()> {
    let rules: Vec<_> = Kind::ALL
        .iter()
        .map(|&kind| {
            let (name, text) = describe(kind);
            json!({
                "id": kind.as_str(),
                "name": name,
                "shortDescription": { "text": text },
                "fullDescription": {
                    "text": format!("{text} found in the scanned data. Values are reported masked; the report never holds the raw value.")
                },
                "defaultConfiguration": { "level": level(kind) },
                // Code-scanning tools rank alerts by this (0.0-10.0).
                "properties": {
                    "tags": ["security", "privacy"],
                    "security-severity": if level(kind) == "error" { "8.0" } else { "4.0" }
                }
            })
        })
        .collect();
    let driver = json!({
        "name": "leaksift",
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    write!(
        out,
        "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
    )
}

pub fn write_footer<W: Write>(out: &mut W, any: bool, errors: &[String]) -> io::Result<()> {
    let notifications: Vec<_> = errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    let invocation = json!({
        "executionSuccessful": errors.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    if any {
        out.write_all(b"\n")?;
    }
    writeln!(out, "],\"invocations\":[{invocation}]}}]}}")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<Fingerprints<'a>>,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "leaksift/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    subkind: &'a str,
    confidence: u8,
    provenance: &'a str,
    provenance_reason: Option<&'a str>,
    masked: &'a str,
}

/// Appends one result object.
pub fn render_result(record: &Record<'_>, out: &mut Vec<u8>) {
    let kind = record.kind;
    let level = if record.provenance == "synthetic" {
        "note"
    } else {
        level(kind)
    };
    let subkind = if record.subkind.is_empty() {
        String::new()
    } else {
        format!(" ({})", record.subkind)
    };
    let what = describe(kind).1;
    let result = SarifResult {
        rule_id: kind.as_str(),
        rule_index: Kind::ALL.iter().position(|&k| k == kind),
        level,
        message: Text {
            text: format!("{what}{subkind} found: {}", record.masked),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(record.path),
                },
                region: Region {
                    start_line: record.line,
                    start_column: record.char_column,
                    end_line: record.end_line,
                    end_column: record.end_char_column,
                    byte_offset: record.start,
                    byte_length: record.end - record.start,
                },
            },
        }],
        partial_fingerprints: record.fingerprint.map(|v1| Fingerprints { v1 }),
        properties: Properties {
            subkind: record.subkind,
            confidence: record.confidence,
            provenance: record.provenance,
            provenance_reason: record.provenance_reason,
            masked: record.masked,
        },
    };
    let _ = serde_json::to_writer(out, &result);
}

/// A report path as a URI reference: relative paths stay relative (to the
/// directory leaksift ran in), absolute ones become `file://` URIs; bytes
/// outside the unreserved set are percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("dir/a b.json"), "dir/a%20b.json");
        assert_eq!(uri("/tmp/x#1"), "file:///tmp/x%231");
        assert_eq!(uri("ç.txt"), "%C3%A7.txt");
        assert_eq!(uri("-"), "-");
    }

    #[test]
    fn every_kind_has_a_rule_and_a_level() {
        for kind in Kind::ALL {
            assert!(["error", "warning", "note"].contains(&level(kind)));
        }
        let names: std::collections::BTreeSet<_> =
            Kind::ALL.iter().map(|&k| describe(k).0).collect();
        assert_eq!(names.len(), Kind::ALL.len(), "rule names are unique");
    }
}
