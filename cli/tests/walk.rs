//! `leaksift scan` over directories: walking, ignore files, binary files,
//! parallel scanning in a deterministic order, streaming, unreadable files,
//! the progress bar.

mod common;

use common::*;
use leaksift::Scanner;

#[test]
fn directories_are_walked_recursively_in_path_order() {
    let dir = temp_dir("walk-order");
    write(&dir, "b.txt", format!("card {}\n", card(1)));
    write(&dir, "a/z.txt", format!("card {}\n", card(2)));
    write(
        &dir,
        "a/deep/y.csv",
        format!("x\ncard {} and {}\n", card(3), card(4)),
    );
    write(&dir, ".env", format!("STRIPE=card {}\n", card(5)));
    write(&dir, "clean.txt", "order 1234567890123456 shipped\n");
    write(&dir, ".git/config", format!("card {}\n", card(6)));
    let root = path_str(&dir);
    let out = run(&["scan", "--format", "jsonl", root]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let expected: Vec<String> = [".env", "a/deep/y.csv", "a/deep/y.csv", "a/z.txt", "b.txt"]
        .iter()
        .map(|p| format!("{root}/{p}"))
        .collect();
    assert_eq!(paths(&out), expected);
    let lines: Vec<_> = records(&out).iter().map(|r| r["line"].clone()).collect();
    assert_eq!(lines, [1, 2, 2, 1, 1]);
    // Nothing of the raw values is printed.
    for seed in 1..=6 {
        assert!(!stdout(&out).contains(&card(seed)));
    }
}

#[test]
fn ignore_files_are_respected_and_no_ignore_reads_everything() {
    let dir = temp_dir("walk-ignore");
    write(&dir, ".gitignore", "exports/\n*.log\n");
    write(&dir, "sub/.ignore", "private.txt\n");
    write(&dir, "sub/.leaksiftignore", "fixtures/\n");
    write(&dir, "exports/a.jsonl", format!("card {}\n", card(10)));
    write(&dir, "app.log", format!("card {}\n", card(11)));
    write(&dir, "sub/private.txt", format!("card {}\n", card(12)));
    write(&dir, "sub/fixtures/f.txt", format!("card {}\n", card(13)));
    write(&dir, "sub/kept.txt", format!("card {}\n", card(14)));
    let root = path_str(&dir);

    let out = run(&["scan", "--format", "jsonl", root]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(paths(&out), [format!("{root}/sub/kept.txt")]);

    let out = run(&["scan", "--format", "jsonl", "--no-ignore", root]);
    let all: Vec<String> = [
        "app.log",
        "exports/a.jsonl",
        "sub/fixtures/f.txt",
        "sub/kept.txt",
        "sub/private.txt",
    ]
    .iter()
    .map(|p| format!("{root}/{p}"))
    .collect();
    assert_eq!(paths(&out), all);

    // A file named on the command line is scanned even when ignored.
    let named = dir.join("app.log");
    let out = run(&["scan", "--format", "jsonl", path_str(&named)]);
    assert_eq!(paths(&out), [path_str(&named)]);
}

#[test]
fn binary_files_are_skipped_when_walking_unless_asked() {
    let dir = temp_dir("walk-binary");
    let mut blob = b"\x7fELF\x00\x00".to_vec();
    blob.extend_from_slice(format!("card {}\n", card(20)).as_bytes());
    write(&dir, "blob.bin", &blob);
    // A NUL after the first 8 KiB does not make a file binary.
    let mut late = vec![b'a'; 9000];
    late.push(0);
    late.extend_from_slice(format!(" card {}\n", card(21)).as_bytes());
    write(&dir, "late-nul.txt", &late);
    let root = path_str(&dir);

    let out = run(&["scan", "--format", "jsonl", root]);
    assert_eq!(paths(&out), [format!("{root}/late-nul.txt")]);

    let out = run(&["scan", "--format", "jsonl", "--binary", root]);
    assert_eq!(
        paths(&out),
        [format!("{root}/blob.bin"), format!("{root}/late-nul.txt")]
    );

    // Named explicitly, a binary file is scanned.
    let blob_path = dir.join("blob.bin");
    let out = run(&["scan", "--format", "jsonl", path_str(&blob_path)]);
    assert_eq!(paths(&out), [path_str(&blob_path)]);
}

#[test]
fn output_is_the_same_for_any_number_of_threads() {
    let dir = temp_dir("walk-threads");
    for i in 0..60u64 {
        // Uneven sizes so that threads finish out of order.
        let mut text = String::new();
        for j in 0..(i % 7) * 40 + 1 {
            text.push_str(&format!(
                "{{\"id\":{j},\"note\":\"card {} cvv: 123\",\"mail\":\"p{j}@acme.io\"}}\n",
                card(i * 1000 + j)
            ));
        }
        write(&dir, &format!("d{}/f{i:02}.jsonl", i % 5), text);
    }
    let root = path_str(&dir);
    let one = run(&["scan", "--format", "jsonl", "--threads", "1", root]);
    assert_eq!(one.status.code(), Some(1));
    let paths_one = paths(&one);
    let mut sorted = paths_one.clone();
    sorted.sort();
    assert_eq!(paths_one, sorted, "sorted by path");
    for threads in ["2", "3", "8"] {
        for _ in 0..3 {
            let many = run(&["scan", "--format", "jsonl", "--threads", threads, root]);
            assert!(
                many.stdout == one.stdout,
                "--threads {threads} changed the output"
            );
        }
    }
    let human = run(&["scan", "--threads", "4", root]);
    let human_one = run(&["scan", "--threads", "1", root]);
    assert_eq!(human.stdout, human_one.stdout);
}

#[test]
fn large_files_stream_with_the_findings_of_a_one_shot_scan() {
    // Over 3 MiB with values straddling the 256 KiB reads and the 1 MiB
    // stream window, multi-byte text before them, and long lines.
    let dir = temp_dir("walk-large");
    let mut data = Vec::new();
    let mut seed = 0;
    while data.len() < (3 << 20) + 12345 {
        let boundary = (data.len() / (256 << 10) + 1) * (256 << 10);
        let filler = boundary.saturating_sub(data.len()).saturating_sub(9) % 4000;
        data.extend(std::iter::repeat_n(b'x', filler));
        data.extend_from_slice("é € ".as_bytes());
        data.extend_from_slice(
            format!(" card {} ssn 536-90-{:04}", card(seed), seed % 9000 + 1000).as_bytes(),
        );
        if seed % 3 == 0 {
            data.push(b'\n');
        }
        seed += 1;
    }
    let path = write(&dir, "big.txt", &data);
    let out = run(&["scan", "--format", "jsonl", path_str(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let findings = Scanner::default().scan_to_vec(&data);
    let got = records(&out);
    assert!(findings.len() > 1000);
    assert_eq!(got.len(), findings.len());
    let newlines: Vec<usize> = (0..data.len()).filter(|&i| data[i] == b'\n').collect();
    for (record, f) in got.iter().zip(&findings) {
        assert_eq!(record["start"], f.start);
        assert_eq!(record["end"], f.end);
        assert_eq!(record["kind"], f.kind.as_str());
        let before = newlines.partition_point(|&i| i < f.start);
        let line = before + 1;
        let line_start = if before == 0 {
            0
        } else {
            newlines[before - 1] + 1
        };
        assert_eq!(record["line"], line);
        assert_eq!(record["column"], f.start - line_start + 1);
        assert_eq!(record["masked"], f.masked(&data).to_string());
    }
    // Standard input streams the same way.
    let piped = run_in(None, &["scan", "--format", "jsonl", "-"], &data);
    let piped_records = records(&piped);
    assert_eq!(piped_records.len(), got.len());
    assert_eq!(piped_records[7]["start"], got[7]["start"]);
}

#[test]
fn unreadable_files_are_named_and_the_others_still_reported() {
    let dir = temp_dir("walk-unreadable");
    write(&dir, "a.txt", format!("card {}\n", card(30)));
    write(&dir, "z.txt", format!("card {}\n", card(31)));
    std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("m-dangling.txt")).unwrap();
    let locked = write(&dir, "n-locked.txt", format!("card {}\n", card(32)));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads files whatever their mode: only expect an error otherwise.
    let locked_unreadable = std::fs::read(&locked).is_err();
    let root = path_str(&dir);

    let out = run(&["scan", "--format", "jsonl", root]);
    assert_eq!(out.status.code(), Some(2));
    let mut expected = vec![format!("{root}/a.txt"), format!("{root}/z.txt")];
    if !locked_unreadable {
        expected.insert(1, format!("{root}/n-locked.txt"));
    }
    assert_eq!(paths(&out), expected);
    let errors = stderr(&out);
    assert!(
        errors.contains(&format!(
            "cannot read {root}/m-dangling.txt: dangling symbolic link"
        )),
        "{errors}"
    );
    if locked_unreadable {
        assert!(
            errors.contains(&format!(
                "cannot read {root}/n-locked.txt: Permission denied"
            )),
            "{errors}"
        );
    }
    // A path that does not exist and a device that fails to read.
    let out = run(&["scan", "/no/such/dir", path_str(&dir.join("a.txt"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /no/such/dir: No such file or directory"));
    assert_eq!(stdout(&out).lines().count(), 1);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    let dir = temp_dir("walk-progress");
    write(&dir, "a.txt", format!("card {}\n", card(40)));
    let out = run(&["scan", path_str(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn progress_bar_and_summary_on_a_terminal() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    // It needs a pseudo-terminal device; skip (saying so) where there is none.
    let available = std::process::Command::new("script")
        .args(["-qec", "test -t 2", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: `script` or a pseudo-terminal is not available");
        return;
    }
    let dir = temp_dir("walk-tty");
    write(&dir, "a.txt", format!("card {}\n", card(41)).repeat(2000));
    let command = format!(
        "{} scan --format jsonl {} >/dev/null",
        env!("CARGO_BIN_EXE_leaksift"),
        path_str(&dir)
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains("leaksift: scanned") && screen.contains("2000 findings in 1 file"),
        "{screen}"
    );
    let quiet = format!(
        "{} scan --no-progress --format jsonl {} >/dev/null",
        env!("CARGO_BIN_EXE_leaksift"),
        path_str(&dir)
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &quiet, "/dev/null"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("leaksift"));
}

#[test]
fn a_closed_output_stops_the_scan_with_an_error() {
    use std::io::Read;
    let dir = temp_dir("walk-closed-output");
    let line = format!("card {} cvv: 123 mail a.b@acme.io\n", card(99));
    for i in 0..40 {
        write(&dir, &format!("f{i:02}.txt"), line.repeat(2000));
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_leaksift"))
        .args([
            "scan",
            "--threads",
            "2",
            "--format",
            "jsonl",
            path_str(&dir),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: further writes fail.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_directories_and_bad_thread_counts() {
    let dir = temp_dir("walk-empty");
    std::fs::create_dir_all(dir.join("nothing/here")).unwrap();
    let out = run(&["scan", "--format", "json", path_str(&dir)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "[]\n");
    let out = run(&["scan", "--threads", "0", path_str(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--threads must be at least 1"));
}
