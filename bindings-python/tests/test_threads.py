"""scan_many on threads: same findings as one scan at a time, in order, with
the GIL released; a shared Scanner is safe under concurrent Python threads."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import leaksift
from leaksift import Scanner
from conftest import load_cases

TEXTS = [text for _, text, _ in load_cases()]


def rows(n: int, seed: int = 7):
    """Mixed rows: shared cases, non-ASCII prose, bytes, empty strings."""
    rng = random.Random(seed)
    extra = ["", "日本語 ☕ no data", "😀 card 4111 1111 1111 1111 😀", "cvv: 123"]
    out = []
    for i in range(n):
        row = rng.choice(TEXTS + extra) * rng.randint(1, 3)
        out.append(row.encode() if i % 5 == 0 else row)
    return out


@pytest.mark.parametrize("threads", [None, 1, 2, 3, 8])
def test_scan_many_equals_scan_one_by_one(threads):
    batch = rows(3000)
    scanner = Scanner()
    expected = [scanner.scan(row) for row in batch]
    assert sum(map(len, expected)) > 1000
    assert scanner.scan_many(batch, threads=threads) == expected
    assert leaksift.scan_many(batch, threads=threads) == expected


def test_scan_many_takes_any_iterable_and_empty_batches():
    scanner = Scanner()
    assert scanner.scan_many([]) == []
    assert scanner.scan_many(iter([])) == []
    gen = (t for t in ["cvv: 123", "nothing"])
    assert [len(r) for r in scanner.scan_many(gen)] == [1, 0]
    assert [len(r) for r in scanner.scan_many(("cvv: 123",))] == [1]
    assert scanner.scan_many(["cvv: 123"], threads=64) == [scanner.scan("cvv: 123")]


def test_scan_many_with_options():
    batch = rows(200)
    expected = [leaksift.scan(row, detectors="cvv") for row in batch]
    assert leaksift.scan_many(batch, detectors="cvv") == expected


def test_one_scanner_shared_by_python_threads():
    scanner = Scanner()
    batch = rows(400, seed=11)
    expected = [scanner.scan(row) for row in batch]

    def work(offset: int):
        order = batch[offset:] + batch[:offset]
        got = [scanner.scan(row) for row in order]
        return got[len(batch) - offset :] + got[: len(batch) - offset]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(0, 400, 25)))
    assert all(result == expected for result in results)

    # scan_many from several Python threads at once, each with workers.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: scanner.scan_many(batch, threads=2), range(8)))
    assert all(result == expected for result in results)


def ticks_during(call):
    """How often a pure-Python thread ran while `call` ran. With the GIL
    held for the whole call it could not run in between at all (apart from
    the few Python-level steps around the native call)."""
    stamps = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        call()
        end = time.perf_counter()
    finally:
        done.set()
        thread.join()
    return sum(1 for s in stamps if start < s < end)


# Digit-dense text (timestamps, ids) is the slowest for the core, so these
# calls last tens of milliseconds even in a release build.
LOG_LINE = "2026-11-20T04:35:23.391Z id=1234567 took 15 ms from 10.0.0.12 "


def test_scan_many_releases_the_gil():
    big = LOG_LINE * 16_000  # ~1 MB, the same object in every row
    assert ticks_during(lambda: Scanner().scan_many([big] * 200, threads=1)) > 50


def test_single_large_scan_releases_the_gil():
    text = LOG_LINE * 400_000  # ~25 MB
    assert len(text) > leaksift.RELEASE_GIL_AT
    assert ticks_during(lambda: leaksift.scan(text)) > 50


def test_small_scans_keep_the_gil():
    """Below RELEASE_GIL_AT the call is too short to be worth a release."""
    text = "cvv: 123 " * 100
    assert len(text) < leaksift.RELEASE_GIL_AT
    assert ticks_during(lambda: leaksift.scan(text)) < 50


def test_scan_many_leaves_the_garbage_collector_as_it_was():
    import gc

    batch = rows(300)
    assert gc.isenabled()
    Scanner().scan_many(batch)
    assert gc.isenabled()
    gc.disable()
    try:
        Scanner().scan_many(batch)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(leaksift.InputTypeError):
        Scanner().scan_many(batch + [5])
    assert gc.isenabled()
