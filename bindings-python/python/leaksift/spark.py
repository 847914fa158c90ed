"""Spark adapter: scan or mask a string column inside the executors.

Needs pyspark with pandas and pyarrow (``pip install leaksift[spark]``), and
the leaksift wheel installed on every executor (or shipped with
``--py-files``/an archived virtualenv). The work runs in
``DataFrame.mapInPandas``: each executor's Python worker builds one scanner
(cached per process) and handles Arrow batches with the GIL released.
Settings are checked on the driver first, so a bad detector name or policy
fails before any job starts::

    from leaksift.spark import scan_column, mask_column

    findings = scan_column(df, "notes")          # adds array<struct> findings
    masked = mask_column(df, "notes")            # replaces notes, masked

Each Spark task already has a core of its own, so batches run on one thread
per task (``threads=1``); raise it only with fewer tasks than cores.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from leaksift import _scanner

__all__ = ["FINDING_FIELDS", "FINDINGS_TYPE", "findings_type", "scan_column", "mask_column"]

#: The fields of each finding in the column :func:`scan_column` adds.
FINDING_FIELDS = (
    ("kind", "string"),
    ("subkind", "string"),
    ("start", "int"),
    ("end", "int"),
    ("confidence", "int"),
    ("provenance", "string"),
    ("masked", "string"),
)

#: Spark SQL type of that column (one element per finding, masked values only).
FINDINGS_TYPE = "array<struct<{}>>".format(
    ",".join(f"`{name}`:{kind}" for name, kind in FINDING_FIELDS)
)


def findings_type() -> Any:
    """:data:`FINDINGS_TYPE` as a pyspark ``ArrayType``."""
    from pyspark.sql.types import (
        ArrayType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    types = {"string": StringType(), "int": IntegerType()}
    return ArrayType(
        StructType([StructField(name, types[kind], True) for name, kind in FINDING_FIELDS]),
        containsNull=False,
    )


def _check_column(df: Any, column: str) -> None:
    if column not in df.columns:
        from leaksift.errors import ConfigError

        raise ConfigError(f"no column {column!r} (columns: {', '.join(df.columns)})")


def scan_column(
    df: Any,
    column: str,
    *,
    output_column: str = "leaksift_findings",
    threads: int = 1,
    **options: Any,
) -> Any:
    """``df`` with ``output_column`` added: the findings of ``column`` (str
    or binary) as ``array<struct<kind, subkind, start, end, confidence,
    provenance, masked>>``; offsets are character indices for strings.
    ``options`` are :class:`leaksift.Scanner` settings."""
    from pyspark.sql.types import StructType

    _check_column(df, column)
    _scanner(options)  # fail on the driver, not in every task
    names = [name for name, _ in FINDING_FIELDS]
    schema = StructType(
        [field for field in df.schema.fields if field.name != output_column]
    ).add(output_column, findings_type(), True)

    def scan_batches(batches: Iterator[Any]) -> Iterator[Any]:
        from leaksift.pandas import scan_series

        scanner = _scanner(options)
        for batch in batches:
            found = scan_series(batch[column], scanner, threads=threads)
            batch[output_column] = [
                [{name: getattr(f, name) for name in names} for f in findings]
                for findings in found
            ]
            yield batch

    return df.mapInPandas(scan_batches, schema)


def mask_column(
    df: Any,
    column: str,
    policy: Any = None,
    *,
    output_column: Optional[str] = None,
    key: Any = None,
    tweak: Any = None,
    threads: int = 1,
    **options: Any,
) -> Any:
    """``df`` with ``column`` masked (see :meth:`leaksift.Scanner.mask`),
    in place or into ``output_column``. The key, when given, is shipped to
    the executors inside the task closure: use Spark's encrypted RPC."""
    from pyspark.sql.types import StringType, StructType

    _check_column(df, column)
    # Checks the settings, policy and key on the driver, before any job.
    _scanner(options).mask("", policy, key=key, tweak=tweak)
    target = output_column or column
    fields = [field for field in df.schema.fields if field.name != target]
    if output_column is None:
        fields = [
            field if field.name != column else field.__class__(column, StringType(), True)
            for field in df.schema.fields
        ]
        schema = StructType(fields)
    else:
        schema = StructType(fields).add(output_column, StringType(), True)

    def mask_batches(batches: Iterator[Any]) -> Iterator[Any]:
        from leaksift.pandas import mask_series

        scanner = _scanner(options)
        for batch in batches:
            batch[target] = mask_series(
                batch[column], policy, scanner=scanner, key=key, tweak=tweak, threads=threads
            )
            yield batch

    return df.mapInPandas(mask_batches, schema)
