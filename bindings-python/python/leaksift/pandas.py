"""pandas adapter: scan or mask a whole ``Series`` in one batch call.

Needs pandas (``pip install leaksift[pandas]``). Missing values (``None``,
``NaN``, ``pd.NA``) are kept as they are: they have no findings and stay
missing when masked. Every other value must be ``str`` or ``bytes``. The
batch runs with the GIL released on every core (``threads=None``)::

    import pandas as pd
    from leaksift.pandas import scan_series, mask_series

    notes = pd.Series(["paid with 4111 1111 1111 1111", None, "no card"])
    scan_series(notes).map(len)   # 1, 0, 0
"""

from __future__ import annotations

from typing import Any, List, Optional

import pandas as pd

from leaksift import Finding, Scanner, _scanner

__all__ = ["scan_series", "mask_series", "findings_frame"]


def _present(series: pd.Series) -> "tuple[list[Any], list[int]]":
    """The non-missing values of ``series`` and their positions."""
    if not isinstance(series, pd.Series):
        from leaksift.errors import InputTypeError

        raise InputTypeError(
            f"series must be a pandas Series, not {type(series).__name__}"
        )
    values = series.to_numpy(dtype=object, na_value=None)
    positions = [i for i, value in enumerate(values) if value is not None]
    return [values[i] for i in positions], positions


def scan_series(
    series: pd.Series,
    scanner: Optional[Scanner] = None,
    *,
    threads: Optional[int] = None,
    **options: Any,
) -> pd.Series:
    """A Series of ``list[Finding]`` aligned with ``series`` (same index and
    name); missing values get an empty list. ``options`` build a scanner
    when none is given (see :class:`leaksift.Scanner`)."""
    scanner = scanner if scanner is not None else _scanner(options)
    present, positions = _present(series)
    found = scanner.scan_many(present, threads=threads)
    out: List[List[Finding]] = [[] for _ in range(len(series))]
    for position, findings in zip(positions, found):
        out[position] = findings
    return pd.Series(out, index=series.index, name=series.name, dtype=object)


def mask_series(
    series: pd.Series,
    policy: Any = None,
    *,
    scanner: Optional[Scanner] = None,
    key: Any = None,
    tweak: Any = None,
    threads: Optional[int] = None,
    **options: Any,
) -> pd.Series:
    """``series`` with every finding masked (see :meth:`Scanner.mask`), same
    index, name and dtype; missing values stay missing."""
    scanner = scanner if scanner is not None else _scanner(options)
    present, positions = _present(series)
    masked = scanner.mask_many(present, policy, key=key, tweak=tweak, threads=threads)
    out = series.copy()
    if positions:
        out.iloc[positions] = masked
    return out


def findings_frame(
    series: pd.Series,
    scanner: Optional[Scanner] = None,
    *,
    threads: Optional[int] = None,
    **options: Any,
) -> pd.DataFrame:
    """One row per finding: the row's index label (``row``) and the
    finding's fields (masked value only), handy for reports and joins."""
    found = scan_series(series, scanner, threads=threads, **options)
    records = [
        {"row": label, **finding.to_dict()}
        for label, findings in found.items()
        for finding in findings
    ]
    columns = [
        "row",
        "kind",
        "subkind",
        "start",
        "end",
        "confidence",
        "provenance",
        "provenance_reason",
        "masked",
        "offsets",
    ]
    return pd.DataFrame.from_records(records, columns=columns)
