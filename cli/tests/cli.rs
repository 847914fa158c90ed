//! End-to-end tests of the `leaksift` binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use leaksift::{Kind, Scanner};

fn leaksift(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leaksift"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("stdin accepts input");
    drop(pipe);
    child.wait_with_output().expect("the binary finishes")
}

fn sample() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../samples/crm_export.jsonl"
    ))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn human_output_is_masked_and_exit_is_one() {
    let path = sample();
    let out = leaksift(&["scan", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let data = std::fs::read(&path).unwrap();
    let findings = Scanner::default().scan_to_vec(&data);
    assert_eq!(stdout.lines().count(), findings.len());
    assert!(findings.iter().any(|f| f.kind == Kind::Pan));
    for f in &findings {
        let raw = String::from_utf8_lossy(&data[f.span()]);
        assert!(
            !stdout.contains(raw.as_ref()),
            "raw {} value printed",
            f.kind
        );
    }
    assert!(
        stdout.contains(":8:") && stdout.contains("pan visa"),
        "{stdout}"
    );
    assert!(stdout.contains("**** **** **** "), "{stdout}");
}

#[test]
fn jsonl_matches_the_library_byte_for_byte() {
    let path = sample();
    let out = leaksift(&["scan", "--format", "jsonl", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let data = std::fs::read(&path).unwrap();
    let findings = Scanner::default().scan_to_vec(&data);
    let records: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), findings.len());
    for (record, f) in records.iter().zip(&findings) {
        assert_eq!(record["kind"], f.kind.as_str());
        assert_eq!(record["subkind"], f.subkind.as_str());
        assert_eq!(record["start"], f.start);
        assert_eq!(record["end"], f.end);
        assert_eq!(record["confidence"], f.confidence);
        assert_eq!(record["provenance"], f.provenance.as_str());
        assert_eq!(
            record["provenance_reason"],
            serde_json::json!(f.provenance.reason().map(|r| r.as_str()))
        );
        assert_eq!(record["path"], path.to_str().unwrap());
        let line = data[..f.start].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = data[..f.start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        assert_eq!(record["line"], line);
        assert_eq!(record["column"], f.start - line_start + 1);
        assert_eq!(record["masked"], f.masked(&data).to_string());
    }
}

#[test]
fn json_is_one_array() {
    let out = leaksift(
        &["scan", "--format", "json", "-"],
        Some(b"cvv: 123\ncard 4111 1111 1111 1111\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let kinds: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].clone())
        .collect();
    assert_eq!(kinds, ["cvv", "pan"]);
    assert_eq!(all[1]["line"], 2);
    assert_eq!(all[1]["column"], 6);

    let empty = leaksift(&["scan", "--format", "json", "-"], Some(b"nothing here"));
    assert_eq!(empty.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&empty.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn clean_input_exits_zero() {
    let out = leaksift(
        &["scan"],
        Some(b"order 1234567890123456 shipped; HTTP 404; port 443\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn unreadable_file_is_named_and_others_still_scanned() {
    let path = sample();
    let out = leaksift(
        &["scan", "/no/such/file.jsonl", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("/no/such/file.jsonl"), "{stderr}");
    assert!(text(&out.stdout).contains("pan visa"));
}

#[test]
fn identifier_and_secret_detectors_are_selectable_by_name() {
    let stripe = ["sk_", "live_", "51H2kQmZ2xLp8Rv3NcT6wYh1"].concat();
    let input =
        format!("{{\"ssn\":\"536-90-1234\",\"email\":\"ann.lee@acme.io\",\"key\":\"{stripe}\"}}\n");
    let out = leaksift(
        &[
            "scan",
            "--format",
            "jsonl",
            "--detectors",
            "ssn,secrets",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap(),
                r["subkind"].as_str().unwrap(),
                r["masked"].as_str().unwrap(),
            )
        })
        .collect();
    let masked_key = format!("sk_live_{}", "*".repeat(24));
    assert_eq!(
        kinds,
        [
            ("ssn", "", "***-**-1234"),
            ("secret", "stripe_secret_key", masked_key.as_str())
        ]
    );
    assert!(!text(&out.stdout).contains(&stripe));

    let human = leaksift(
        &["scan", "--detectors", "email", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        text(&human.stdout),
        "-:1:31: email (confidence 90) a**.***@acme.io\n"
    );
}

#[test]
fn bad_options_are_explained() {
    let out = leaksift(&["scan", "--detectors", "pan,telepathy", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown detector \"telepathy\""));
    let out = leaksift(&["scan", "--context-window", "100000", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("context_window"));
}

#[test]
fn binary_input_is_fine() {
    let mut input = vec![0u8, 0xff, 0xfe, b'\n'];
    input.extend_from_slice(b"\x00card 5555-5555-5555-4444\x00\xff");
    let out = leaksift(&["scan", "--detectors", "pan", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("****-****-****-4444"));
}
