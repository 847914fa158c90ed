"""Synthetic-data provenance: watermark keys, the commingling policy, and
the new kinds, through the Python API."""

import pickle

import pytest

import leaksift
from leaksift import Scanner, errors

KEY = bytes([0x11]) * 32
OTHER_KEY = bytes([0x22]) * 32
# Made by `leaksift generate --key-file <32 bytes of 0x11 as hex> --seed 1 --records 1`.
GENERATED = (
    '{"id":"C0000001","first_name":"Chloe","last_name":"Garcia",'
    '"email":"chloe.garcia063384@wingtiptoys.com","phone":"(913) 990-7914",'
    '"ssn":"358-12-3911","stage":"lead","lifetime_value":833.94,'
    '"payment":{"brand":"diners","card_number":"3840 3518 3837 4978","expiry":"05/29"},'
    '"bank":{"country":"GB","iban":"GB64ZQBH39598921760662"},"data_provenance":"synthetic"}'
)
VALUES = {
    "email": "chloe.garcia063384@wingtiptoys.com",
    "phone": "(913) 990-7914",
    "ssn": "358-12-3911",
    "pan": "3840 3518 3837 4978",
    "iban": "GB64ZQBH39598921760662",
}


def by_kind(findings, text):
    return {f.kind: f for f in findings if text[f.start : f.end] == VALUES.get(f.kind)}


def test_new_kinds_and_detector_are_listed():
    assert {"synthetic_marker", "synthetic_leak", "real_data_in_synthetic", "commingled"} <= set(
        leaksift.KINDS
    )
    assert "markers" in leaksift.DETECTORS


@pytest.mark.parametrize("key", [KEY, KEY.hex(), KEY.hex().upper()])
def test_watermarked_values_with_the_key(key):
    found = by_kind(Scanner(watermark_key=key).scan(GENERATED), GENERATED)
    assert set(found) == set(VALUES)
    for f in found.values():
        assert (f.provenance, f.provenance_reason) == ("synthetic", "watermark"), f


def test_watermarked_values_without_or_with_another_key_are_ordinary():
    for scanner in (Scanner(), Scanner(watermark_key=OTHER_KEY)):
        found = by_kind(scanner.scan(GENERATED), GENERATED)
        assert set(found) == set(VALUES)
        assert all(f.provenance == "unknown" for f in found.values())


def test_marker_finding_with_char_offsets_after_non_ascii():
    text = '{"name":"Zoë 😀","is_synthetic": true}'
    (marker,) = Scanner().scan(text)
    assert marker.kind == "synthetic_marker"
    assert text[marker.start : marker.end] == '"is_synthetic": true'
    assert (marker.provenance, marker.provenance_reason) == ("synthetic", "marker")


def test_production_reports_synthetic_leaks():
    scanner = Scanner(environment="production", watermark_key=KEY)
    kinds = [f.kind for f in scanner.scan(GENERATED)]
    assert kinds.count("synthetic_leak") == 6  # five values and the marker
    assert "commingled" not in kinds
    real = '{"card":"4526 0181 5908 3012"}'
    assert [f.kind for f in scanner.scan(real)] == ["pan"]


def test_synthetic_reports_real_data_and_commingling():
    scanner = Scanner(environment="synthetic", watermark_key=KEY)
    assert not any(f.kind in ("real_data_in_synthetic", "commingled") for f in scanner.scan(GENERATED))
    mixed = '{"is_synthetic": true, "email": "ann@acme.io"}\n{"email": "bo@acme.io"}'
    findings = scanner.scan(mixed)
    assert [(f.kind, mixed[f.start : f.end]) for f in findings] == [
        ("synthetic_marker", '"is_synthetic": true'),
        ("email", "ann@acme.io"),
        ("real_data_in_synthetic", "ann@acme.io"),
        ("commingled", "ann@acme.io"),
        ("email", "bo@acme.io"),
        ("real_data_in_synthetic", "bo@acme.io"),
    ]
    # Same findings for bytes, with byte offsets, and through scan_many.
    assert [f.kind for f in scanner.scan(mixed.encode())] == [f.kind for f in findings]
    assert scanner.scan_many([mixed, mixed], threads=2) == [findings, findings]


def test_settings_are_visible_but_the_key_never_is():
    scanner = Scanner(watermark_key=KEY, environment="synthetic")
    assert scanner.environment == "synthetic" and scanner.has_watermark_key
    assert Scanner().environment is None and not Scanner().has_watermark_key
    shown = repr(scanner)
    assert "environment='synthetic'" in shown and "watermark_key=<redacted>" in shown
    assert KEY.hex() not in shown and "\\x11" not in shown


def test_pickling_keeps_the_environment_but_refuses_a_key():
    scanner = Scanner(detectors="pan,markers", environment="production")
    copy = pickle.loads(pickle.dumps(scanner))
    assert copy.environment == "production" and copy.detectors == ["pan", "markers"]
    with pytest.raises(errors.NotSupportedError, match="key"):
        pickle.dumps(Scanner(watermark_key=KEY))


def test_bad_settings_raise_leaksift_errors():
    for kwargs, exc in [
        ({"watermark_key": b"short"}, errors.InvalidKeyError),
        ({"watermark_key": "zz" * 16}, errors.InvalidKeyError),
        ({"watermark_key": 7}, errors.InputTypeError),
        ({"environment": "staging"}, errors.ConfigError),
        ({"environment": b"production"}, errors.InputTypeError),
    ]:
        with pytest.raises(exc) as info:
            Scanner(**kwargs)
        assert isinstance(info.value, errors.LeaksiftError)
        assert "short" not in str(info.value)


def test_module_level_functions_take_the_provenance_options():
    found = by_kind(leaksift.scan(GENERATED, watermark_key=KEY), GENERATED)
    assert all(f.provenance_reason == "watermark" for f in found.values())
    kinds = [f.kind for f in leaksift.scan('{"card":"4242 4242 4242 4242"}', environment="production")]
    assert kinds == ["pan", "synthetic_leak"]
