"""Errors are LeaksiftError subclasses with clear messages, never panics."""

from __future__ import annotations

import pytest

import leaksift
from leaksift import Scanner
from leaksift import errors


def test_hierarchy():
    assert issubclass(errors.ConfigError, leaksift.LeaksiftError)
    assert issubclass(errors.ConfigError, ValueError)
    assert issubclass(errors.UnknownDetectorError, errors.ConfigError)
    assert issubclass(errors.OutOfRangeError, errors.ConfigError)
    assert issubclass(errors.PolicyError, errors.ConfigError)
    assert issubclass(errors.InputTypeError, TypeError)
    assert issubclass(errors.InvalidKeyError, ValueError)
    assert issubclass(errors.MaskingError, ValueError)
    assert issubclass(errors.SourceError, ValueError)
    assert issubclass(errors.NotSupportedError, NotImplementedError)
    for name in errors.__all__:
        assert getattr(leaksift, name) is getattr(errors, name)
        assert issubclass(getattr(errors, name), leaksift.LeaksiftError)


@pytest.mark.parametrize(
    "detectors,needle",
    [("pan,telepathy", "telepathy"), (["pan", "iris"], "iris"), ("card", "card")],
)
def test_unknown_detector(detectors, needle):
    with pytest.raises(errors.UnknownDetectorError) as raised:
        Scanner(detectors)
    message = str(raised.value)
    assert needle in message and "(known: " in message
    assert all(name in message for name in leaksift.DETECTORS + ["all"])


@pytest.mark.parametrize(
    "setting,value,message",
    [
        ("min_confidence", 101, "min_confidence must be between 0 and 100, got 101"),
        ("min_confidence", -1, "min_confidence must be between 0 and 100, got -1"),
        ("min_confidence", 2**70, "min_confidence must be between 0 and 100, got 1180591620717411303424"),
        ("context_window", 257, "context_window must be at most 256 bytes, got 257"),
        ("context_window", -5, "context_window must be between 0 and 256 bytes, got -5"),
    ],
)
def test_out_of_range(setting, value, message):
    with pytest.raises(errors.OutOfRangeError) as raised:
        Scanner(**{setting: value})
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: leaksift.scan(42), "text must be str or bytes (or bytearray, memoryview), not int"),
        (lambda: leaksift.scan(None), "not NoneType"),
        (lambda: leaksift.scan(["x"]), "not list"),
        (lambda: Scanner().scan_many("one string"), "not a single str: wrap it in a list"),
        (lambda: Scanner().scan_many(b"raw"), "not a single bytes"),
        (lambda: Scanner().scan_many(5), "texts must be an iterable of str or bytes, not int"),
        (lambda: Scanner().scan_many(["ok", 7]), "texts[1] must be str or bytes"),
        (lambda: Scanner(detectors=5), "detectors must be a str"),
        (lambda: Scanner(detectors=["pan", 5]), "detector names must be str, not int"),
        (lambda: Scanner(min_confidence="high"), "min_confidence must be an int, not str"),
        (lambda: Scanner(min_confidence=50.0), "min_confidence must be an int, not float"),
        (lambda: Scanner(context_window=True), "context_window must be an int, not bool"),
    ],
)
def test_wrong_types(call, message):
    with pytest.raises(errors.InputTypeError) as raised:
        call()
    assert message in str(raised.value)


def test_threads_must_be_positive():
    for bad in (0, -2, 10**6):
        with pytest.raises(errors.OutOfRangeError, match="threads must be between 1 and"):
            Scanner().scan_many(["x"], threads=bad)


def test_generator_errors_propagate_unchanged():
    def broken():
        yield "fine"
        raise RuntimeError("upstream failed")

    with pytest.raises(RuntimeError, match="upstream failed"):
        Scanner().scan_many(broken())


def test_provenance_settings_are_checked():
    with pytest.raises(errors.InvalidKeyError, match="watermark_key"):
        Scanner(watermark_key=b"k" * 20)
    with pytest.raises(errors.InvalidKeyError, match="watermark_key"):
        Scanner(watermark_key="not hex")
    with pytest.raises(errors.InputTypeError, match="key"):
        Scanner(watermark_key=1234)
    with pytest.raises(errors.ConfigError, match="staging"):
        Scanner(environment="staging")
    with pytest.raises(errors.InputTypeError, match="environment"):
        Scanner(environment=1)
    assert issubclass(errors.ConfigError, errors.LeaksiftError)
    # Explicit None is the default, not a request for the feature.
    Scanner(watermark_key=None, environment=None)


def test_errors_are_catchable_as_builtins():
    with pytest.raises(ValueError):
        Scanner("nope")
    with pytest.raises(TypeError):
        leaksift.scan(1.5)
