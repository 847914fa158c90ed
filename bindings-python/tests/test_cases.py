"""testdata/cases.jsonl through leaksift.scan: str input with character
offsets, bytes input with byte offsets, and the same file the Rust tests run."""

from __future__ import annotations

import pytest

import leaksift
from conftest import byte_offset, load_cases, parse_marked

CASES = load_cases()


def spans(findings):
    return [(f.kind, f.subkind, f.start, f.end) for f in findings]


def test_the_shared_file_is_there_and_not_trivial():
    assert len(CASES) >= 40
    assert sum(1 for _, _, expected in CASES if expected) >= 25
    assert sum(1 for _, _, expected in CASES if not expected) >= 5


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_case_as_str_has_character_offsets(name, text, expected):
    findings = leaksift.scan(text)
    assert spans(findings) == expected
    for finding, (_, _, start, end) in zip(findings, expected):
        assert text[finding.start : finding.end] == text[start:end]
        assert finding.offsets == "char"


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_case_as_bytes_has_byte_offsets(name, text, expected):
    data = text.encode("utf-8")
    in_bytes = [
        (kind, subkind, byte_offset(text, start), byte_offset(text, end))
        for kind, subkind, start, end in expected
    ]
    findings = leaksift.scan(data)
    assert spans(findings) == in_bytes
    assert all(f.offsets == "byte" for f in findings)


@pytest.mark.parametrize(
    "prefix",
    ["", "é", "naïve café — ", "😀🎉 ", "日本語のテキスト ", "e\u0301\u0301 ", "\U0001f9d1\u200d\U0001f4bb "],
    ids=["ascii", "accent", "latin", "emoji", "cjk", "combining", "zwj-emoji"],
)
def test_cases_after_non_ascii_text_keep_character_offsets(prefix):
    """Every case again, behind multi-byte characters: the spans move by
    the prefix's length in characters, not in bytes."""
    shift = len(prefix)
    for name, text, expected in CASES:
        found = spans(leaksift.scan(prefix + text))
        moved = [(k, s, a + shift, b + shift) for k, s, a, b in expected]
        assert found == moved, name


def test_non_ascii_between_findings():
    marked = "日本 ⟦pan/visa|4526 0181 5908 3012⟧ 😀 é ⟦cvv|123⟧ ✓"
    text, expected = parse_marked(marked.replace("⟦cvv|123⟧", "cvv: ⟦cvv|123⟧"))
    findings = leaksift.scan(text)
    assert spans(findings) == expected
    assert [text[f.start : f.end] for f in findings] == ["4526 0181 5908 3012", "123"]
    assert [len(f.masked) for f in findings] == [f.end - f.start for f in findings]
