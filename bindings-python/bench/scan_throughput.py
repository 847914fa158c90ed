"""Throughput of the Python binding next to the core, on the same bytes.

    cargo run --release -p leaksift-benches --example corpus_file -- crm 1 /tmp/crm-1m.txt
    cargo run --release -p leaksift-benches --example corpus_file -- crm 16 /tmp/crm-16m.txt
    python bindings-python/bench/scan_throughput.py /tmp/crm-1m.txt /tmp/crm-16m.txt

For the first file: leaksift.scan on it as str and as bytes (best of 7
rounds of about 0.2 s, MB = 10^6 bytes), the number to put next to the
core's from corpus_file. For the second: scan_many over its lines with 1
thread and with 2 (or more: --threads 1,2,4).
"""

from __future__ import annotations

import argparse
import time

import leaksift


def best_seconds(call, rounds: int = 7, round_seconds: float = 0.2) -> float:
    started = time.perf_counter()
    call()
    once = max(time.perf_counter() - started, 1e-6)
    reps = max(1, int(round_seconds / once))
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(reps):
            call()
        best = min(best, (time.perf_counter() - started) / reps)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("single", help="corpus for scan(): str and bytes")
    parser.add_argument("batch", nargs="?", help="corpus for scan_many() over its lines")
    parser.add_argument("--threads", default="1,2")
    args = parser.parse_args()

    data = open(args.single, "rb").read()
    text = data.decode("utf-8")
    scanner = leaksift.default_scanner()
    for label, value in [("bytes", data), ("str", text)]:
        seconds = best_seconds(lambda: scanner.scan(value))
        print(
            f"scan({label}) {len(data) / 2**20:.0f} MiB: {len(data) / seconds / 1e6:.0f} MB/s "
            f"({seconds * 1e6:.1f} us per scan), {len(scanner.scan(value))} findings"
        )

    if args.batch:
        rows = open(args.batch, "rb").read().decode("utf-8").split("\n")
        size = sum(len(r.encode()) for r in rows)
        base = None
        for threads in [int(t) for t in args.threads.split(",")]:
            seconds = best_seconds(
                lambda: scanner.scan_many(rows, threads=threads), rounds=5, round_seconds=0.5
            )
            base = base or seconds
            print(
                f"scan_many({len(rows)} rows, {size / 2**20:.0f} MiB, threads={threads}): "
                f"{size / seconds / 1e6:.0f} MB/s, {base / seconds:.2f}x"
            )


if __name__ == "__main__":
    main()
