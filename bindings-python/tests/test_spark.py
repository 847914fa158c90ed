"""leaksift.spark in PySpark local mode (local[2]): the scan runs inside the
executors' Python workers, through mapInPandas and through a pandas UDF."""

from __future__ import annotations

import os
import sys

import pytest

from conftest import require

require("pyspark")
require("pyarrow")
pd = require("pandas")

import leaksift  # noqa: E402

ROWS = [
    (1, "paid with card 4111 1111 1111 1111"),
    (2, None),
    (3, "日本語 ☕ cvv: 123"),
    (4, "😀 track ;4111111111111111=29121010000012345678? end"),
    (5, "nothing to see"),
    (6, ""),
]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Executors' Python workers must run this interpreter (the one with the
    # wheel installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # Loopback only: local mode needs no other interface.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("leaksift-tests")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def notes(spark):
    return spark.createDataFrame(ROWS, "id long, notes string").repartition(2)


def test_scan_column_in_executors(notes):
    from leaksift.spark import scan_column

    out = scan_column(notes, "notes").orderBy("id").collect()
    assert [row.id for row in out] == [r[0] for r in ROWS]
    for row, (_, text) in zip(out, ROWS):
        expected = leaksift.scan(text) if text is not None else []
        got = [
            (f.kind, f.subkind, f.start, f.end, f.confidence, f.provenance, f.masked)
            for f in row.leaksift_findings
        ]
        assert got == [
            (f.kind, f.subkind, f.start, f.end, f.confidence, f.provenance, f.masked)
            for f in expected
        ]
        if text:
            for f in row.leaksift_findings:
                assert text[f.start : f.end]  # character offsets into the str
    kinds = [[f.kind for f in row.leaksift_findings] for row in out]
    assert kinds == [["pan"], [], ["cvv"], ["track_data", "pan"], [], []]


def test_scan_column_options_and_driver_side_errors(notes):
    from leaksift.spark import scan_column

    out = scan_column(notes, "notes", output_column="f", detectors="cvv").orderBy("id")
    assert [len(row.f) for row in out.collect()] == [0, 0, 1, 0, 0, 0]
    with pytest.raises(leaksift.UnknownDetectorError):
        scan_column(notes, "notes", detectors="telepathy")
    with pytest.raises(leaksift.ConfigError, match="no column 'missing'"):
        scan_column(notes, "missing")


def test_pandas_udf_with_a_pickled_scanner(spark, notes):
    """The documented UDF route: a Scanner built on the driver is pickled
    into the UDF and rebuilt in each worker."""
    from pyspark.sql.functions import pandas_udf

    from leaksift.pandas import scan_series

    scanner = leaksift.Scanner("pan,track", min_confidence=60)

    @pandas_udf("int")
    def count_findings(texts: pd.Series) -> pd.Series:
        return scan_series(texts, scanner, threads=1).map(len)

    out = notes.select("id", count_findings("notes").alias("n")).orderBy("id").collect()
    assert [row.n for row in out] == [1, 0, 0, 2, 0, 0]


def test_mask_column(notes):
    from leaksift.spark import mask_column

    out = mask_column(notes, "notes").orderBy("id").collect()
    masked = [row.notes for row in out]
    assert masked[0] == "paid with card **** **** **** 1111"
    assert masked[1] is None
    assert masked[2] == "日本語 ☕ cvv: ***"
    assert "4111111111111111" not in masked[3]
    assert masked[4:] == ["nothing to see", ""]


def test_mask_column_into_a_new_column_with_tokens(notes):
    from leaksift.spark import mask_column

    key = bytes(range(32))
    out = mask_column(notes, "notes", "pan=tokenize", key=key, output_column="masked")
    rows = out.orderBy("id").collect()
    assert [row.notes for row in rows] == [text for _, text in ROWS]
    token = rows[0].masked
    assert token.startswith("paid with card ") and token.endswith("1111")
    scanner = leaksift.Scanner()
    assert scanner.detokenize(token[len("paid with card "):], key) == "4111 1111 1111 1111"
    # Settings, policy and key are checked on the driver, before any job.
    with pytest.raises(leaksift.PolicyError, match="needs a key"):
        mask_column(notes, "notes", "pan=tokenize")
    with pytest.raises(leaksift.InvalidKeyError):
        mask_column(notes, "notes", "pan=tokenize", key=b"short")
