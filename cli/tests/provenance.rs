//! `leaksift generate` and the provenance options of `leaksift scan`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn leaksift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leaksift"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leaksift-prov-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_key(dir: &Path, name: &str, byte: u8) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{}\n", format!("{byte:02x}").repeat(32))).unwrap();
    path.to_str().unwrap().to_owned()
}

fn findings(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const VALUE_KINDS: [&str; 5] = ["pan", "ssn", "iban", "email", "phone"];

#[test]
fn generated_values_are_watermarked_under_their_key_only() {
    let dir = temp_dir("gen");
    let key = write_key(&dir, "key", 0x11);
    let other = write_key(&dir, "other", 0x22);
    let data = dir.join("crm.jsonl");
    let data = data.to_str().unwrap();
    let records = 300;
    let out = leaksift(&[
        "generate",
        "--key-file",
        &key,
        "--seed",
        "9",
        "--records",
        "300",
        "--out",
        data,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(data).unwrap();
    assert_eq!(text.lines().count(), records);
    // Deterministic for the key and seed.
    let again = leaksift(&[
        "generate",
        "--key-file",
        &key,
        "--seed",
        "9",
        "--records",
        "300",
    ]);
    assert_eq!(again.stdout, text.as_bytes());

    let scan = leaksift(&[
        "scan",
        "--format",
        "jsonl",
        "--watermark-key-file",
        &key,
        data,
    ]);
    assert_eq!(scan.status.code(), Some(1));
    let found = findings(&scan);
    for kind in VALUE_KINDS {
        let of_kind: Vec<_> = found.iter().filter(|f| f["kind"] == kind).collect();
        assert_eq!(of_kind.len(), records, "{kind}");
        assert!(
            of_kind
                .iter()
                .all(|f| f["provenance_reason"] == "watermark"),
            "{kind}"
        );
    }
    let markers = found
        .iter()
        .filter(|f| f["kind"] == "synthetic_marker")
        .count();
    assert_eq!(markers, records);

    let scan = leaksift(&[
        "scan",
        "--format",
        "jsonl",
        "--watermark-key-file",
        &other,
        data,
    ]);
    let found = findings(&scan);
    for kind in VALUE_KINDS {
        let of_kind: Vec<_> = found.iter().filter(|f| f["kind"] == kind).collect();
        assert_eq!(of_kind.len(), records, "{kind}");
        assert!(
            of_kind.iter().all(|f| f["provenance"] == "unknown"),
            "{kind}"
        );
    }
    // Nothing of the key is ever printed.
    let all =
        String::from_utf8_lossy(&scan.stdout).to_string() + &String::from_utf8_lossy(&scan.stderr);
    assert!(!all.contains("1111111111"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn environments_on_generated_data() {
    let dir = temp_dir("env");
    let key = write_key(&dir, "key", 0x33);
    let data = dir.join("crm.jsonl");
    let data = data.to_str().unwrap();
    let out = leaksift(&[
        "generate",
        "--key-file",
        &key,
        "--records",
        "20",
        "--out",
        data,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let count = |args: &[&str], kind: &str| {
        let mut all = vec!["scan", "--format", "jsonl"];
        all.extend_from_slice(args);
        all.push(data);
        findings(&leaksift(&all))
            .iter()
            .filter(|f| f["kind"] == kind)
            .count()
    };
    // A synthetic data set scanned as such, with its key: clean.
    assert_eq!(
        count(
            &["--environment", "synthetic", "--watermark-key-file", &key],
            "real_data_in_synthetic"
        ),
        0
    );
    assert_eq!(
        count(
            &["--environment", "synthetic", "--watermark-key-file", &key],
            "commingled"
        ),
        0
    );
    // Without the key, its values look real next to the markers.
    assert_eq!(
        count(&["--environment", "synthetic"], "real_data_in_synthetic"),
        100
    );
    // The marker ends each record, so it completes the conflict: one each.
    assert_eq!(count(&["--environment", "synthetic"], "commingled"), 20);
    // In production it is all a leak: five values and a marker per record.
    assert_eq!(
        count(
            &["--environment", "production", "--watermark-key-file", &key],
            "synthetic_leak"
        ),
        120
    );
    assert_eq!(
        count(&["--environment", "production"], "synthetic_leak"),
        20
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_options_exit_two_without_key_material() {
    let dir = temp_dir("bad");
    let short = dir.join("short");
    std::fs::write(&short, [0xAB; 5]).unwrap();
    let short = short.to_str().unwrap();
    let out = leaksift(&["generate", "--key-file", short, "--records", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("found 5 bytes"));
    let out = leaksift(&["scan", "--watermark-key-file", short, "-"]);
    assert_eq!(out.status.code(), Some(2));
    let out = leaksift(&["scan", "--environment", "staging", "-"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
