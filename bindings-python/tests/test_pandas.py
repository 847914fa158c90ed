"""leaksift.pandas: scan_series, mask_series, findings_frame."""

from __future__ import annotations

import pytest

from conftest import require

pd = require("pandas")

import leaksift  # noqa: E402
from leaksift.pandas import findings_frame, mask_series, scan_series  # noqa: E402

ROWS = [
    "paid with card 4111 1111 1111 1111",
    None,
    "日本語 ☕ cvv: 123",
    "",
    float("nan"),
    b"card 5555555555554444",
    "nothing to see",
]


def series(dtype=object):
    return pd.Series(ROWS, index=[f"r{i}" for i in range(len(ROWS))], name="notes", dtype=dtype)


def test_scan_series_aligns_with_the_input():
    s = series()
    found = scan_series(s)
    assert list(found.index) == list(s.index) and found.name == "notes"
    for value, findings in zip(ROWS, found):
        if isinstance(value, (str, bytes)):
            assert findings == leaksift.scan(value)
        else:
            assert findings == []
    assert [len(f) for f in found] == [1, 0, 1, 0, 0, 1, 0]
    assert found["r2"][0].kind == "cvv"
    text = ROWS[2]
    assert text[found["r2"][0].start : found["r2"][0].end] == "123"


def test_scan_series_with_options_scanner_and_threads():
    s = series()
    assert [len(f) for f in scan_series(s, detectors="cvv")] == [0, 0, 1, 0, 0, 0, 0]
    scanner = leaksift.Scanner("pan")
    assert [len(f) for f in scan_series(s, scanner, threads=2)] == [1, 0, 0, 0, 0, 1, 0]


def test_scan_series_on_string_dtypes():
    for dtype in ["string", "str"]:
        try:
            s = pd.Series(["cvv: 123", None, "ok"], dtype=dtype)
        except TypeError:
            continue  # this pandas has no such dtype
        assert [len(f) for f in scan_series(s)] == [1, 0, 0]


def test_scan_series_errors():
    with pytest.raises(leaksift.InputTypeError, match="pandas Series"):
        scan_series(["not", "a", "series"])
    with pytest.raises(leaksift.InputTypeError, match=r"texts\[1\] must be str or bytes"):
        scan_series(pd.Series(["ok", 5, "x"]))


def test_findings_frame_has_one_row_per_finding():
    frame = findings_frame(series())
    assert list(frame["row"]) == ["r0", "r2", "r5"]
    assert list(frame["kind"]) == ["pan", "cvv", "pan"]
    assert list(frame["masked"]) == ["**** **** **** 1111", "***", "************4444"]
    assert "4111" not in frame.to_string().replace("**** 1111", "")
    assert findings_frame(pd.Series([], dtype=object)).empty


def test_mask_series():
    s = series()
    masked = mask_series(s)
    assert list(masked.index) == list(s.index) and masked.name == "notes"
    assert masked["r0"] == "paid with card **** **** **** 1111"
    assert masked["r2"] == "日本語 ☕ cvv: ***"
    assert masked["r5"] == b"card ************4444"
    assert masked["r1"] is None and pd.isna(masked["r4"])
    assert masked["r6"] == "nothing to see"


def test_mask_series_with_a_policy_and_key():
    s = pd.Series(["card 4111 1111 1111 1111", None, "cvv: 123"], dtype="string")
    masked = mask_series(s, "pan=tokenize", key=bytes(range(16)), threads=2)
    assert str(masked.dtype) == "string"
    assert masked[0].startswith("card ") and masked[0].endswith("1111")
    assert masked[0] != s[0] and leaksift.scan(masked[0]) == []
    assert pd.isna(masked[1]) and masked[2] == "cvv: ***"
    with pytest.raises(leaksift.PolicyError, match="needs a key"):
        mask_series(s, "pan=tokenize")
