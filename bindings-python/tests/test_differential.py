"""The binding reports what the core reports: the CLI (the core, with no
Python in between) and leaksift.scan give the same findings, field for
field, on the bundled sample data and the shared cases."""

from __future__ import annotations

import pytest

import leaksift
from conftest import CASES, SAMPLES, byte_offset, load_cases, run_cli

FIELDS = ("kind", "subkind", "start", "end", "confidence", "provenance", "masked")


def from_cli(records):
    return [tuple(r[name] for name in FIELDS) for r in records]


def from_binding(findings):
    return [tuple(getattr(f, name) for name in FIELDS) for f in findings]


SAMPLE_FILES = sorted(SAMPLES.glob("*"))


def test_there_are_samples():
    assert SAMPLE_FILES


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_samples_match_the_cli(path):
    data = path.read_bytes()
    expected = from_cli(run_cli(str(path)))
    assert len(expected) >= 5, "the sample should hold findings"
    assert from_binding(leaksift.scan(data)) == expected

    # The same text as str: character offsets that map to the same bytes.
    text = data.decode("utf-8")
    as_str = [
        (k, s, byte_offset(text, a), byte_offset(text, b), c, p, m)
        for k, s, a, b, c, p, m in from_binding(leaksift.scan(text))
    ]
    assert as_str == expected

    # One row per line through scan_many, offsets per line.
    lines = data.split(b"\n")
    per_line = leaksift.scan_many(lines, threads=2)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    shifted = [
        (k, s, a + base, b + base, c, p, m)
        for base, found in zip(starts, per_line)
        for k, s, a, b, c, p, m in from_binding(found)
    ]
    assert shifted == expected


@pytest.mark.parametrize(
    "args,options",
    [
        (["--detectors", "cvv"], {"detectors": "cvv"}),
        (["--detectors", "pan,track"], {"detectors": "pan,track"}),
        (["--min-confidence", "90"], {"min_confidence": 90}),
        (["--min-confidence", "0", "--context-window", "8"], {"min_confidence": 0, "context_window": 8}),
    ],
)
def test_options_match_the_cli(args, options):
    path = SAMPLES / "crm_export.jsonl"
    expected = from_cli(run_cli(*args, str(path)))
    assert from_binding(leaksift.scan(path.read_bytes(), **options)) == expected


def test_shared_cases_with_non_ascii_match_the_cli():
    """Every case as one document, with multi-byte text between them."""
    text = "\n".join(f"é😀日本 {t} ☕" for _, t, _ in load_cases())
    data = text.encode()
    expected = from_cli(run_cli("-", stdin=data))
    assert len(expected) >= 30
    assert from_binding(leaksift.scan(data)) == expected
    as_str = [
        (k, s, byte_offset(text, a), byte_offset(text, b), c, p, m)
        for k, s, a, b, c, p, m in from_binding(leaksift.scan(text))
    ]
    assert as_str == expected


def run_cli_mask(*args: str, stdin: bytes = b"") -> bytes:
    import subprocess

    from conftest import cli_binary

    result = subprocess.run(
        [str(cli_binary()), "mask", *args], input=stdin, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.mark.parametrize(
    "cli_args,policy,keyed",
    [
        ([], None, False),
        (["--policy", "all=redact"], "all=redact", False),
        (["--policy", "pan=redact", "--policy", "cvv=mask"], "pan=redact,cvv=mask", False),
        (["--policy", "pan=tokenize", "--tweak", "crm"], "pan=tokenize", True),
        (["--policy", "pan=pseudonymize"], "pan=pseudonymize", True),
    ],
    ids=["default", "redact", "mixed", "tokenize", "pseudonymize"],
)
def test_masking_matches_the_cli(tmp_path, cli_args, policy, keyed):
    key = bytes(range(32))
    key_args = []
    if keyed:
        key_file = tmp_path / "key"
        key_file.write_text(key.hex() + "\n")
        key_args = ["--key-file", str(key_file)]
    tweak = b"crm" if "--tweak" in cli_args else None
    path = SAMPLES / "crm_export.jsonl"
    data = path.read_bytes()
    expected = run_cli_mask(*cli_args, *key_args, str(path))
    assert expected != data
    scanner = leaksift.Scanner()
    masked = scanner.mask(data, policy, key=key if keyed else None, tweak=tweak)
    assert masked == expected
    assert scanner.mask(data.decode(), policy, key=key if keyed else None, tweak=tweak) == expected.decode()
    lines = data.split(b"\n")
    per_line = scanner.mask_many(lines, policy, key=key if keyed else None, tweak=tweak, threads=2)
    assert b"\n".join(per_line) == expected
