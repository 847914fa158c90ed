//! The configuration file, the allowlist and baselines, run as a user would.

mod common;

use common::*;

#[test]
fn a_baseline_hides_accepted_findings_and_shows_new_ones() {
    let dir = temp_dir("baseline");
    let data = dir.join("data");
    write(
        &data,
        "crm.jsonl",
        format!(
            "{{\"card\":\"{}\",\"cvv\":\"cvv: 123\"}}\n{{\"mail\":\"ann.lee@acme.io\"}}\n",
            card(50)
        ),
    );
    write(
        &data,
        "b/notes.txt",
        format!("ssn 536-90-1234\ncard {}\n", card(51)),
    );
    let baseline = dir.join("baseline.json");
    let root = path_str(&data);

    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--write-baseline",
        path_str(&baseline),
        root,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let accepted = records(&out).len();
    assert!(accepted >= 5, "{}", stdout(&out));
    let text = std::fs::read_to_string(&baseline).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["leaksift_baseline"], 1);
    assert_eq!(file["findings"].as_array().unwrap().len(), accepted);
    // Never the raw values.
    for raw in [card(50), card(51), "536-90-1234".into(), "ann.lee".into()] {
        assert!(!text.contains(&raw), "baseline holds {raw}");
    }

    // The same data: nothing new.
    let out = run(&["scan", "--baseline", path_str(&baseline), root]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(out.stdout.is_empty());

    // One new finding in an existing file, lines shifted above the old ones.
    let notes = data.join("b/notes.txt");
    let old = std::fs::read_to_string(&notes).unwrap();
    std::fs::write(&notes, format!("new card {}\n\n{old}", card(52))).unwrap();
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--baseline",
        path_str(&baseline),
        root,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let new = records(&out);
    assert_eq!(new.len(), 1, "{}", stdout(&out));
    assert_eq!(new[0]["kind"], "pan");
    assert_eq!(new[0]["line"], 1);
    assert_eq!(
        new[0]["masked"],
        format!("{}{}", "*".repeat(12), &card(52)[12..])
    );

    // SARIF carries the same fingerprints the baseline stores.
    let out = run(&["scan", "--format", "sarif", root]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stored: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let fresh: Vec<_> = results
        .iter()
        .filter(|r| !stored.contains(&r["partialFingerprints"]["leaksift/v1"].as_str().unwrap()))
        .collect();
    assert_eq!(fresh.len(), 1);
}

#[test]
fn bad_baselines_are_explained() {
    let dir = temp_dir("baseline-bad");
    let bad = write(&dir, "b.json", "{\"nope\": 1}");
    let out = run_in(None, &["scan", "--baseline", path_str(&bad), "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("b.json") && err.contains("not a leaksift baseline"),
        "{err}"
    );
    let out = run_in(None, &["scan", "--baseline", "/no/such/baseline", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read baseline /no/such/baseline"));
}

#[test]
fn config_file_sets_detectors_thresholds_and_excludes() {
    let dir = temp_dir("config");
    let config = write(
        &dir,
        "scan.toml",
        "# only contact data\ndetectors = [\"email\", \"ssn\"]\nmin_confidence = 50\nexclude = [\"vendor/**\", \"*.min.js\"]\n",
    );
    let data = dir.join("data");
    write(
        &data,
        "a.txt",
        format!("mail ann.lee@acme.io card {} ssn 536-90-1234\n", card(60)),
    );
    write(&data, "vendor/lib.txt", "mail bob@acme.io\n");
    write(&data, "x/app.min.js", "mail eve@acme.io\n");
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--config",
        path_str(&config),
        path_str(&data),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let kinds: Vec<_> = records(&out).iter().map(|r| r["kind"].clone()).collect();
    assert_eq!(kinds, ["email", "ssn"]);
    // Command-line options win over the file.
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--config",
        path_str(&config),
        "--detectors",
        "pan",
        path_str(&data),
    ]);
    let kinds: Vec<_> = records(&out).iter().map(|r| r["kind"].clone()).collect();
    assert_eq!(kinds, ["pan"]);
}

#[test]
fn dot_leaksift_toml_in_the_current_directory_is_found() {
    let dir = temp_dir("config-auto");
    write(&dir, ".leaksift.toml", "detectors = \"ssn\"\n");
    let input = format!("ssn 536-90-1234 card {}\n", card(61));
    let out = run_in(
        Some(&dir),
        &["scan", "--format", "jsonl", "-"],
        input.as_bytes(),
    );
    let kinds: Vec<_> = records(&out).iter().map(|r| r["kind"].clone()).collect();
    assert_eq!(kinds, ["ssn"]);
    let out = run_in(
        Some(&dir),
        &["scan", "--format", "jsonl", "--no-config", "-"],
        input.as_bytes(),
    );
    let kinds: Vec<_> = records(&out).iter().map(|r| r["kind"].clone()).collect();
    assert_eq!(kinds, ["ssn", "pan"]);
}

#[test]
fn allowlisted_values_and_paths_are_not_reported_nor_printed() {
    let dir = temp_dir("allowlist");
    let known = card(70);
    let spaced = format!(
        "{} {} {} {}",
        &known[..4],
        &known[4..8],
        &known[8..12],
        &known[12..]
    );
    // One value raw, one by its SHA-256 (of the value without separators).
    let ssn_hash = sha256_hex(b"536901234");
    let config = write(
        &dir,
        "c.toml",
        format!(
            "[allowlist]\nvalues = [\"{spaced}\"]\nvalue_sha256 = [\"{ssn_hash}\"]\npaths = [\"fixtures/**\"]\n"
        ),
    );
    let data = dir.join("data");
    write(
        &data,
        "a.txt",
        format!(
            "card {known}\ncard {}\nssn 536-90-1234\nssn 536-90-1235\n",
            card(71)
        ),
    );
    write(&data, "fixtures/f.txt", format!("card {}\n", card(72)));
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--config",
        path_str(&config),
        path_str(&data),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let got: Vec<_> = records(&out)
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("pan".to_string(), 2), ("ssn".to_string(), 4)]);
    assert!(!stdout(&out).contains(&known) && !stderr(&out).contains(&known));
}

#[test]
fn config_errors_name_the_file_line_and_reason_but_not_values() {
    let dir = temp_dir("config-errors");
    let known = card(80);
    let bad = write(
        &dir,
        "bad.toml",
        format!("detectors = \"pan\"\n[allowlist]\nvalues = [\"{known}\"]\nvalus = 1\n"),
    );
    let out = run_in(None, &["scan", "--config", path_str(&bad), "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "config file {}:4:1: unknown field `valus`",
            path_str(&bad)
        )),
        "{err}"
    );
    let bad = write(
        &dir,
        "type.toml",
        format!("\nmin_confidence = \"{known}\"\n"),
    );
    let out = run_in(None, &["scan", "--config", path_str(&bad), "-"], b"");
    let err = stderr(&out);
    assert!(err.contains("type.toml:2:"), "{err}");
    assert!(!err.contains(&known), "{err}");
    let out = run_in(None, &["scan", "--config", "/no/such.toml", "-"], b"");
    assert!(stderr(&out).contains("cannot read config file /no/such.toml"));
    let bad = write(&dir, "policy.toml", "[mask]\npolicy = [\"pan=shred\"]\n");
    let out = run_in(None, &["mask", "--config", path_str(&bad)], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("policy.toml: [mask] policy"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mask_takes_policies_from_the_config_file() {
    let dir = temp_dir("config-mask");
    let config = write(
        &dir,
        "m.toml",
        "[mask]\npolicy = [\"email=redact\"]\nmask_char = \"X\"\n",
    );
    let input = format!("mail ann.lee@acme.io card {}\n", card(90));
    let out = run_in(
        None,
        &["mask", "--config", path_str(&config)],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let masked = stdout(&out);
    assert!(!masked.contains("ann.lee"), "{masked}");
    assert!(
        masked.contains(&format!("{}{}", "X".repeat(12), &card(90)[12..])),
        "{masked}"
    );
    // --policy replaces the file's list.
    let out = run_in(
        None,
        &[
            "mask",
            "--config",
            path_str(&config),
            "--policy",
            "email=mask",
        ],
        input.as_bytes(),
    );
    assert!(stdout(&out).contains("@acme.io"), "{}", stdout(&out));
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
