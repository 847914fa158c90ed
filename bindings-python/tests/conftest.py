"""Shared helpers: paths, the marker parser for testdata/cases.jsonl, the CLI,
and optional dependencies (skipped locally, required in CI)."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "testdata" / "cases.jsonl"
SAMPLES = REPO / "samples"

#: Set by .ci/phases/40-python.sh: a missing optional dependency (pandas,
#: pyspark, presidio) fails the run instead of skipping its tests.
STRICT = os.environ.get("LEAKSIFT_REQUIRE_OPTIONAL") == "1"

Expected = Tuple[str, str, int, int]


def require(module: str):
    """Imports an optional dependency: skip without it, except in CI."""
    if STRICT:
        return importlib.import_module(module)
    return pytest.importorskip(module)


def parse_marked(marked: str) -> Tuple[str, List[Expected]]:
    """Strips ⟦kind/subkind|value⟧ markers (they nest). Returns the text and
    the expected findings as (kind, subkind, start, end) in *character*
    offsets, in the scanner's order (start, end, kind)."""
    text: List[str] = []
    length = 0
    open_: List[Tuple[str, str, int]] = []
    expected: List[Expected] = []
    i = 0
    while i < len(marked):
        c = marked[i]
        if c == "⟦":
            bar = marked.index("|", i)
            kind, _, subkind = marked[i + 1 : bar].partition("/")
            open_.append((kind, subkind, length))
            i = bar + 1
            continue
        if c == "⟧":
            kind, subkind, start = open_.pop()
            expected.append((kind, subkind, start, length))
        else:
            text.append(c)
            length += 1
        i += 1
    assert not open_, f"unclosed marker in {marked!r}"
    import leaksift

    # The scanner's tie-break is the kind's order, the order of leaksift.KINDS.
    kinds = leaksift.KINDS
    order = {k: n for n, k in enumerate(kinds)}
    expected.sort(key=lambda e: (e[2], e[3], order.get(e[0], len(kinds))))
    return "".join(text), expected


def load_cases() -> List[Tuple[str, str, List[Expected]]]:
    cases = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            text, expected = parse_marked(case["text"])
            cases.append((case["name"], text, expected))
    return cases


def byte_offset(text: str, char_offset: int) -> int:
    return len(text[:char_offset].encode("utf-8"))


def cli_binary() -> Path:
    """The leaksift CLI: $LEAKSIFT_CLI (set in CI), or built with cargo."""
    from_env = os.environ.get("LEAKSIFT_CLI")
    if from_env:
        return Path(from_env)
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.fail("set LEAKSIFT_CLI to the leaksift binary (cargo is not on PATH)")
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    subprocess.run(
        [cargo, "build", "-q", "-p", "leaksift-cli"], cwd=REPO, check=True
    )
    return target / "debug" / "leaksift"


def run_cli(*args: str, stdin: bytes = b"") -> List[dict]:
    """Runs `leaksift scan --format jsonl ARGS` and returns its records."""
    result = subprocess.run(
        [str(cli_binary()), "scan", "--format", "jsonl", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr.decode()
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
