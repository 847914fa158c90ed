//! `leaksift mask` and `leaksift detokenize`, run as a user would.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const RECORD: &str = "name=Ann card=4111 1111 1111 1111 cvv: 123\n\
                      ;4111111111111111=25121010000012300000?\n\
                      mail 5555-5555-5555-4444\n";

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leaksift"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The command may exit (on an error) before reading its input.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leaksift-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn key_file(dir: &std::path::Path) -> String {
    let path = dir.join("key.hex");
    std::fs::write(
        &path,
        "2b7e151628aed2a6abf7158809cf4f3cef4359d8d580aa4f7f036d6f04fc6a94\n",
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn masks_standard_input_by_default() {
    let out = run(&["mask"], RECORD.as_bytes());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out),
        "name=Ann card=**** **** **** 1111 cvv: ***\n\
         ;****************=********************?\n\
         mail ****-****-****-4444\n"
    );
}

#[test]
fn policies_pci_display_and_mask_char() {
    let out = run(
        &["mask", "-", "--pci-display", "--mask-char", "X"],
        RECORD.as_bytes(),
    );
    assert!(
        stdout(&out).contains("card=4111 11XX XXXX 1111 cvv: XXX"),
        "{}",
        stdout(&out)
    );
    let out = run(
        &["mask", "--policy", "all=redact", "--policy", "pan=mask"],
        RECORD.as_bytes(),
    );
    assert_eq!(
        stdout(&out),
        "name=Ann card=**** **** **** 1111 cvv: [CVV]\n[TRACK_DATA]\nmail ****-****-****-4444\n"
    );
}

#[test]
fn tokens_hide_cards_and_come_back() {
    let dir = temp_dir("tokens");
    let key = key_file(&dir);
    let out = run(
        &["mask", "--policy", "pan=tokenize", "--key-file", &key],
        RECORD.as_bytes(),
    );
    assert!(out.status.success(), "{out:?}");
    let masked = stdout(&out);
    assert_eq!(masked.len(), RECORD.len());
    assert!(!masked.contains("4111 1111 1111 1111") && !masked.contains("5555-5555-5555-4444"));
    // The scanner finds nothing left: tokens fail Luhn, the rest is masked.
    let scan = run(&["scan"], masked.as_bytes());
    assert_eq!(scan.status.code(), Some(0), "{}", stdout(&scan));

    let tokens: Vec<&str> = masked
        .lines()
        .filter_map(|line| {
            line.split_once("card=")
                .or_else(|| line.split_once("mail "))
        })
        .map(|(_, rest)| &rest[..19])
        .collect();
    assert_eq!(tokens.len(), 2);
    let mut args = vec!["detokenize", "--key-file", &key];
    args.extend(&tokens);
    let back = run(&args, b"");
    assert!(back.status.success(), "{back:?}");
    assert_eq!(stdout(&back), "4111 1111 1111 1111\n5555-5555-5555-4444\n");
    // Standard input, one token a line, works too.
    let back = run(
        &["detokenize", "--key-file", &key],
        tokens.join("\n").as_bytes(),
    );
    assert_eq!(stdout(&back), "4111 1111 1111 1111\n5555-5555-5555-4444\n");
    // Another tweak is another token.
    let other = run(
        &[
            "mask",
            "--policy",
            "pan=tokenize",
            "--key-file",
            &key,
            "--tweak",
            "tenant-2",
        ],
        RECORD.as_bytes(),
    );
    assert_ne!(stdout(&other), masked);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn in_place_replaces_the_file_whole() {
    let dir = temp_dir("in-place");
    let path = dir.join("export.txt");
    std::fs::write(&path, RECORD).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = run(&["mask", "--in-place", path.to_str().unwrap()], b"");
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty());
    let masked = std::fs::read_to_string(&path).unwrap();
    assert!(
        masked.starts_with("name=Ann card=**** **** **** 1111"),
        "{masked}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        [std::ffi::OsString::from("export.txt")],
        "no temporary file left"
    );

    // A failure leaves the file as it was.
    let before = std::fs::read(&path).unwrap();
    let out = run(
        &[
            "mask",
            "--in-place",
            "--policy",
            "pan=tokenize",
            path.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let out = run(&["mask", "--in-place", "-"], RECORD.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_are_clear_and_write_nothing() {
    let dir = temp_dir("errors");
    let key = key_file(&dir);
    let cases: [(&[&str], &str); 6] = [
        (&["mask", "--policy", "pan=tokenize"], "pass --key-file"),
        (
            &["mask", "--policy", "cvv=tokenize", "--key-file", &key],
            "not allowed for cvv",
        ),
        (&["mask", "--policy", "card=mask"], "unknown kind"),
        (&["mask", "--policy", "pan=shred"], "unknown masking action"),
        (
            &["mask", "--key-file", "/nonexistent/key"],
            "cannot read key file",
        ),
        (
            &[
                "mask",
                "--policy",
                "pan=tokenize",
                "--key-file",
                &key,
                "--token-keep",
                "bin-last4",
                "--strict",
            ],
            "1,000,000",
        ),
    ];
    for (args, message) in cases {
        let out = run(args, RECORD.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("2b7e1516"), "the key never shows");
    }
    // Without --strict the same value is masked instead, with a warning.
    let out = run(
        &[
            "mask",
            "--policy",
            "pan=tokenize",
            "--key-file",
            &key,
            "--token-keep",
            "bin-last4",
        ],
        b"4111 1111 1111 1111\n",
    );
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 20);
    // A live card number is not a token.
    let out = run(&["detokenize", "--key-file", &key, "4111111111111111"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
