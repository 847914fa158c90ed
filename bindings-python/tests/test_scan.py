"""leaksift.scan, Scanner and Finding: every function and attribute."""

from __future__ import annotations

import copy
import pickle

import pytest

import leaksift
from leaksift import Finding, Scanner

RECORD = 'Ann paid with card 4111 1111 1111 1111, cvv: 123 ☕'
PAN = "4111 1111 1111 1111"


def test_scan_str_reports_kind_subkind_span_confidence_provenance_masked():
    pan, cvv = leaksift.scan(RECORD)
    assert (pan.kind, pan.subkind) == ("pan", "visa")
    assert RECORD[pan.start : pan.end] == PAN
    assert pan.span == (pan.start, pan.end)
    assert 50 <= pan.confidence <= 100
    # 4111 1111 1111 1111 is the processors' published test card.
    assert pan.provenance == "synthetic" and pan.provenance_reason == "test_value"
    assert pan.masked == "**** **** **** 1111"
    assert (cvv.kind, cvv.subkind, RECORD[cvv.start : cvv.end]) == ("cvv", "", "123")
    assert cvv.masked == "***"


def test_scan_accepts_bytes_bytearray_memoryview_with_byte_offsets():
    data = RECORD.encode()
    expected = leaksift.scan(data)
    assert [data[f.start : f.end] for f in expected] == [PAN.encode(), b"123"]
    assert leaksift.scan(bytearray(data)) == expected
    assert leaksift.scan(memoryview(data)) == expected
    assert all(f.offsets == "byte" for f in expected)


def test_ascii_str_and_bytes_agree_on_everything_but_the_unit():
    text = "card 4111 1111 1111 1111 cvv=123"
    as_str = [f.to_dict() for f in leaksift.scan(text)]
    as_bytes = [f.to_dict() for f in leaksift.scan(text.encode())]
    for d in as_str + as_bytes:
        d.pop("offsets")
    assert as_str == as_bytes and len(as_str) == 2


def test_empty_and_clean_inputs_have_no_findings():
    assert leaksift.scan("") == []
    assert leaksift.scan(b"") == []
    assert leaksift.scan("order 4111 1111 1111 1112 shipped") == []


def test_scan_options_build_a_configured_scanner():
    assert [f.kind for f in leaksift.scan(RECORD, detectors="cvv")] == ["cvv"]
    assert [f.kind for f in leaksift.scan(RECORD, detectors=["pan"])] == ["pan"]
    assert leaksift.scan(RECORD, min_confidence=100) == [
        f for f in leaksift.scan(RECORD) if f.confidence >= 100
    ]
    # Scanners are built once per set of options.
    assert leaksift._scanner({"detectors": ["pan"]}) is leaksift._scanner({"detectors": ("pan",)})
    with pytest.raises(leaksift.ConfigError, match="unknown option 'detector'"):
        leaksift.scan(RECORD, detector="pan")


def test_scanner_settings_and_repr():
    scanner = Scanner("pan, CVV", min_confidence=60, context_window=48)
    assert scanner.detectors == ["pan", "cvv"]
    assert (scanner.min_confidence, scanner.context_window) == (60, 48)
    assert repr(scanner) == "Scanner(detectors=['pan', 'cvv'], min_confidence=60, context_window=48)"
    default = Scanner()
    assert default.detectors == leaksift.DETECTORS
    assert default.scan(RECORD) == leaksift.scan(RECORD)
    assert leaksift.default_scanner().detectors == leaksift.DETECTORS
    assert Scanner(detectors="all").detectors == leaksift.DETECTORS
    assert Scanner(detectors=[]).scan(RECORD) == []


def test_min_confidence_filters():
    everything = Scanner(min_confidence=0).scan("4111111111111111")
    assert everything, "a bare card number is reported at some confidence"
    top = max(f.confidence for f in everything)
    assert Scanner(min_confidence=top + 1 if top < 100 else 100).scan("4111111111111111") == [
        f for f in everything if f.confidence >= min(top + 1, 100)
    ]


def test_scanner_pickles_as_its_settings():
    scanner = Scanner(["cvv"], min_confidence=70, context_window=10)
    clone = pickle.loads(pickle.dumps(scanner))
    assert repr(clone) == repr(scanner)
    assert clone.scan(RECORD) == scanner.scan(RECORD)


def test_finding_is_immutable():
    finding = leaksift.scan(RECORD)[0]
    for name in ["kind", "start", "end", "masked", "confidence"]:
        with pytest.raises(AttributeError):
            setattr(finding, name, 1)
    with pytest.raises((AttributeError, TypeError)):
        finding.anything = 1


def test_finding_equality_and_hash():
    a = leaksift.scan(RECORD)
    b = leaksift.scan(RECORD)
    assert a == b and a[0] is not b[0]
    assert hash(a[0]) == hash(b[0])
    assert len({*a, *b}) == 2
    assert a[0] != a[1]
    assert a[0] != leaksift.scan(RECORD.encode())[0], "char and byte offsets differ here"
    assert a[0] != "pan"


def test_repr_never_shows_the_raw_value():
    secrets = ["4111 1111 1111 1111", "4111111111111111", "123"]
    text = "card 4111 1111 1111 1111 and 4111111111111111, cvv: 123"
    findings = leaksift.scan(text)
    assert len(findings) == 3
    for finding in findings:
        shown = repr(finding) + str(finding) + repr(finding.to_dict())
        for secret in secrets:
            assert secret not in shown
    assert repr(findings[0]) == (
        f"Finding(kind='pan', subkind='visa', start=5, end=24, "
        f"confidence={findings[0].confidence}, provenance='synthetic', "
        "masked='**** **** **** 1111')"
    )
    assert "subkind" not in repr(findings[2])
    assert repr([findings[0]]).startswith("[Finding(")


def test_raw_is_explicit_and_checks_its_source():
    text = "☕ card 4111 1111 1111 1111"
    finding = leaksift.scan(text)[0]
    assert finding.raw(text) == PAN
    data = text.encode()
    as_bytes = leaksift.scan(data)[0]
    assert as_bytes.raw(data) == PAN.encode()
    with pytest.raises(leaksift.InputTypeError, match="needs the str"):
        finding.raw(data)
    with pytest.raises(leaksift.InputTypeError, match="needs the bytes"):
        as_bytes.raw(text)
    with pytest.raises(leaksift.SourceError):
        finding.raw("short")


def test_finding_pickles_copies_and_rebuilds():
    for finding in leaksift.scan(RECORD) + leaksift.scan(RECORD.encode()):
        assert pickle.loads(pickle.dumps(finding)) == finding
        assert copy.deepcopy(finding) == finding
    rebuilt = Finding("cvv", "", 3, 6, 90, "unknown", "***", offsets="byte")
    assert rebuilt.offsets == "byte" and rebuilt.masked == "***"
    with pytest.raises(leaksift.ConfigError, match="unknown kind"):
        Finding("telepathy", "", 0, 1, 90, "unknown", "*")
    with pytest.raises(leaksift.OutOfRangeError):
        Finding("cvv", "", 5, 1, 90, "unknown", "*")
    with pytest.raises(leaksift.ConfigError, match="offsets"):
        Finding("cvv", "", 0, 1, 90, "unknown", "*", offsets="words")


def test_to_dict_has_every_field_but_the_raw_value():
    finding = leaksift.scan(RECORD)[0]
    assert finding.to_dict() == {
        "kind": "pan",
        "subkind": "visa",
        "start": finding.start,
        "end": finding.end,
        "confidence": finding.confidence,
        "provenance": "synthetic",
        "provenance_reason": "test_value",
        "masked": "**** **** **** 1111",
        "offsets": "char",
    }


def test_lone_surrogates_are_scanned_not_refused():
    """Decision: a str with lone surrogates (not encodable as UTF-8) is
    scanned as if encoded with 'surrogatepass'; offsets stay character
    indices and the surrogates themselves match nothing."""
    text = "\ud800 card 4111 1111 1111 1111 \udfff cvv: 123 \ud83d"
    findings = leaksift.scan(text)
    assert [text[f.start : f.end] for f in findings] == [PAN, "123"]
    assert leaksift.scan("\ud800" * 100) == []
    assert leaksift.scan_many([text], threads=1) == [findings]


def test_large_inputs_scan_without_the_gil_and_keep_character_offsets():
    unit = "😀 日本 order 2026-11-20T04:35:23.391Z card 4111 1111 1111 1111 cvv: 123\n"
    text = unit * (2 * leaksift.RELEASE_GIL_AT // len(unit.encode()) + 1)
    assert len(text.encode()) > leaksift.RELEASE_GIL_AT
    findings = leaksift.scan(text)
    assert len(findings) == 2 * text.count(unit[:5])
    assert {text[f.start : f.end] for f in findings} == {PAN, "123"}
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_module_constants():
    assert {"pan", "cvv", "track"} <= set(leaksift.DETECTORS)
    assert {"pan", "cvv", "track_data"} <= set(leaksift.KINDS)
    assert isinstance(leaksift.MASKING_AVAILABLE, bool)
    assert leaksift.__version__.count(".") == 2
    assert set(leaksift.__all__) <= set(dir(leaksift))
