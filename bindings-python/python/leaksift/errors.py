"""The exceptions leaksift raises: every one is a :class:`LeaksiftError`.

Each also derives from the built-in exception a Python programmer would
expect (``ValueError`` for a bad value, ``TypeError`` for a wrong type,
``NotImplementedError`` for a feature not built yet), so existing
``except ValueError`` blocks keep working. Messages never contain a key or
a scanned value.
"""

from __future__ import annotations

__all__ = [
    "LeaksiftError",
    "ConfigError",
    "UnknownDetectorError",
    "OutOfRangeError",
    "PolicyError",
    "InputTypeError",
    "InvalidKeyError",
    "MaskingError",
    "SourceError",
    "NotSupportedError",
]


class LeaksiftError(Exception):
    """Base class of every error leaksift raises."""


class ConfigError(LeaksiftError, ValueError):
    """A scanner or masking setting that cannot work."""


class UnknownDetectorError(ConfigError):
    """A detector name leaksift does not know (the message lists the known ones)."""


class OutOfRangeError(ConfigError):
    """A setting outside its allowed range, e.g. ``min_confidence=101``."""


class PolicyError(ConfigError):
    """A masking policy that cannot work: unknown kind or action, an action
    not allowed for a kind (tokenizing a CVV), or a missing key."""


class InputTypeError(LeaksiftError, TypeError):
    """An argument of the wrong type, e.g. scanning an ``int``."""


class InvalidKeyError(LeaksiftError, ValueError):
    """Key material that cannot be used (wrong length, not hex)."""


class MaskingError(LeaksiftError, ValueError):
    """A value that cannot be tokenized or detokenized safely."""


class SourceError(LeaksiftError, ValueError):
    """``Finding.raw(source)`` was given a text the finding cannot come from."""


class NotSupportedError(LeaksiftError, NotImplementedError):
    """A feature whose signature exists but which this build's core lacks."""
