//! `leaksift scan --format sarif`, validated against the official SARIF
//! 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json, see its README).

mod common;

use common::*;
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = include_str!("data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // The schema's `language` patterns (of run and toolComponent) have a
    // stray `]`, a literal in ECMA-262 regexes but an error for the Rust
    // engine that checks the `regex` format while the schema is compiled.
    // Escape that byte in memory (the vendored file stays as published), so
    // that formats (uri-reference, …) can be checked.
    let mut schema = schema;
    let quirk = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    let fixed = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";
    for owner in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][owner]["properties"]["language"]["pattern"];
        assert_eq!(pattern, quirk);
        *pattern = fixed.into();
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, sarif: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF is not valid: {errors:#?}");
}

#[test]
fn sarif_output_is_valid_and_complete() {
    let validator = schema();
    let dir = temp_dir("sarif");
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../samples/crm_export.jsonl"
    ))
    .unwrap();
    write(&dir, "exports/crm export.jsonl", &sample);
    // Multi-byte text before a value: columns are code points.
    write(
        &dir,
        "notes.txt",
        // card(7) is 4000000000000077, a Stripe test card: reported as synthetic.
        format!("line one\nçé€ card {} end\n", card(8)),
    );
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling.txt")).unwrap();
    let root = path_str(&dir);

    let out = run(&["scan", "--format", "sarif", root]);
    assert_eq!(out.status.code(), Some(2), "the dangling link is an error");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_valid(&validator, &sarif);

    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(run["tool"]["driver"]["name"], "leaksift");
    assert!(rules.iter().any(|r| r["id"] == "pan"));
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 5);
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["partialFingerprints"]["leaksift/v1"].is_string());
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["byteLength"].as_u64().unwrap() > 0);
    }
    // Paths are URI references, spaces encoded.
    let uri = |r: &Value| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(results
        .iter()
        .any(|r| uri(r).ends_with("/exports/crm%20export.jsonl")));
    let note = results
        .iter()
        .find(|r| uri(r).ends_with("/notes.txt"))
        .expect("the notes file is reported");
    let region = &note["locations"][0]["physicalLocation"]["region"];
    assert_eq!(note["ruleId"], "pan");
    assert_eq!(note["level"], "error");
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 10); // after "çé€ card ", 9 code points
    assert_eq!(region["endLine"], 2);
    assert_eq!(region["endColumn"], 26);
    assert_eq!(region["byteOffset"], 9 + "çé€ card ".len());
    assert_eq!(region["byteLength"], 16);
    let text = note["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Payment card number (PAN) (visa) found: "),
        "{text}"
    );
    // Masked values only.
    let all = stdout(&out);
    assert!(!all.contains(&card(8)));
    assert!(all.contains(&format!("{}{}", "*".repeat(12), &card(8)[12..])));
    // The unreadable file is in the invocation.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("dangling.txt"));
}

#[test]
fn empty_sarif_and_standard_input_are_valid() {
    let validator = schema();
    let out = run_in(None, &["scan", "--format", "sarif", "-"], b"nothing to see");
    assert_eq!(out.status.code(), Some(0));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &sarif);
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    let out = run_in(None, &["scan", "--format", "sarif", "-"], b"cvv: 123\n");
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &sarif);
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "cvv");
}

#[test]
fn the_validator_rejects_broken_sarif() {
    // The check has teeth: a result without a message, and a bad level.
    let validator = schema();
    let out = run_in(None, &["scan", "--format", "sarif", "-"], b"cvv: 123\n");
    let good: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut broken = good.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
    let mut broken = good;
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}
