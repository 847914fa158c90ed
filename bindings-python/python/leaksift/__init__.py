"""leaksift: find cardholder data, identifiers and credentials in text.

A thin layer over the leaksift Rust core. Quick start::

    import leaksift

    for f in leaksift.scan("card 4111 1111 1111 1111, cvv: 123"):
        print(f.kind, f.subkind, f.start, f.end, f.masked)

- :func:`scan` scans one ``str`` (offsets are character indices, so
  ``text[f.start:f.end]`` is the match) or ``bytes`` (byte offsets).
- :class:`Scanner` is built once from settings and shared freely between
  threads; :meth:`Scanner.scan_many` scans batches on every core with the
  GIL released.
- :class:`Finding` holds a span and the *masked* value, never the raw one
  (:meth:`Finding.raw` slices it out of the source on request).
- Errors are :class:`LeaksiftError` subclasses (see :mod:`leaksift.errors`).
- Adapters: :mod:`leaksift.pandas`, :mod:`leaksift.spark`,
  :mod:`leaksift.presidio` (each needs its optional dependency).
"""

from __future__ import annotations

import functools
from typing import Any, Iterable, List, Optional, Tuple, Union

from leaksift.errors import (
    ConfigError,
    InputTypeError,
    InvalidKeyError,
    LeaksiftError,
    MaskingError,
    NotSupportedError,
    OutOfRangeError,
    PolicyError,
    SourceError,
    UnknownDetectorError,
)
from leaksift._native import (
    DETECTORS,
    KINDS,
    MASKING_AVAILABLE,
    RELEASE_GIL_AT,
    Finding,
    Scanner,
    __version__,
)

__all__ = [
    "scan",
    "scan_many",
    "mask",
    "mask_many",
    "default_scanner",
    "Scanner",
    "Finding",
    "DETECTORS",
    "KINDS",
    "MASKING_AVAILABLE",
    "RELEASE_GIL_AT",
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
    "__version__",
]

Text = Union[str, bytes, bytearray, memoryview]

#: The keyword options :func:`scan` and friends pass on to :class:`Scanner`.
SCANNER_OPTIONS = (
    "detectors",
    "min_confidence",
    "context_window",
    "environment",
    "watermark_key",
)


def default_scanner() -> Scanner:
    """The scanner :func:`scan` uses without options: every detector,
    default confidence threshold and context window."""
    return _scanner_for(())


@functools.lru_cache(maxsize=64)
def _scanner_for(options: Tuple[Tuple[str, Any], ...]) -> Scanner:
    return Scanner(**dict(options))


def _scanner(options: dict) -> Scanner:
    unknown = sorted(set(options) - set(SCANNER_OPTIONS))
    if unknown:
        raise ConfigError(
            f"unknown option {unknown[0]!r} (known: {', '.join(SCANNER_OPTIONS)})"
        )
    if options.get("watermark_key") is not None:
        # Not cached: the cache would keep the key alive for the process.
        return Scanner(**options)
    frozen = []
    for name in sorted(options):
        value = options[name]
        if name == "detectors" and not isinstance(value, (str, type(None))):
            try:
                value = tuple(value)
            except TypeError:
                pass  # not iterable: Scanner raises InputTypeError for it
        frozen.append((name, value))
    try:
        return _scanner_for(tuple(frozen))
    except TypeError as unhashable:
        if isinstance(unhashable, LeaksiftError):
            raise
        return Scanner(**options)


def scan(text: Text, **options: Any) -> List[Finding]:
    """Scans one ``str`` (character offsets) or ``bytes`` (byte offsets).

    ``options`` are :class:`Scanner` settings (``detectors``,
    ``min_confidence``, ``context_window``, ``environment``,
    ``watermark_key``); scanners are cached per set of options, so calling
    this in a loop builds each one once (except with a ``watermark_key``,
    which is never kept in the cache).
    """
    return _scanner(options).scan(text)


def scan_many(
    texts: Iterable[Text], threads: Optional[int] = None, **options: Any
) -> List[List[Finding]]:
    """Scans a batch on ``threads`` threads (default: one per core) with the
    GIL released; one list of findings per item, in order."""
    return _scanner(options).scan_many(texts, threads=threads)


def mask(
    text: Text, policy: Any = None, *, key: Any = None, tweak: Any = None, **options: Any
) -> Any:
    """``text`` with every finding masked (see :meth:`Scanner.mask`)."""
    return _scanner(options).mask(text, policy, key=key, tweak=tweak)


def mask_many(
    texts: Iterable[Text],
    policy: Any = None,
    *,
    key: Any = None,
    tweak: Any = None,
    threads: Optional[int] = None,
    **options: Any,
) -> List[Any]:
    """Masks a batch on ``threads`` threads with the GIL released."""
    return _scanner(options).mask_many(texts, policy, key=key, tweak=tweak, threads=threads)
