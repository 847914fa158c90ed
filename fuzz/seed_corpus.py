#!/usr/bin/env python3
"""Seeds every fuzz target's corpus from the shared detection cases and the
sample export: each case's text with its markers stripped, behind a selector
byte of 0 (every detector on). Targets that read their input as parameters
or tokens rather than text get seeds in their own format: `ff1` (key length,
key, radix, length, tweak, numerals) and `structure` (a chunk seed, a shape
byte, then tokens of that shape), drawn from a fixed random seed."""
import json
import random
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
marker = re.compile(r"⟦[^|⟦⟧]*\|")
texts = []
for line in (root / "testdata" / "cases.jsonl").read_text(encoding="utf-8").splitlines():
    if line.strip():
        texts.append(marker.sub("", json.loads(line)["text"]).replace("⟧", ""))
texts.extend((root / "samples" / "crm_export.jsonl").read_text(encoding="utf-8").splitlines())


def ff1_seeds():
    rng = random.Random(20261124)
    for radix_choice, length in [(0, 6), (0, 16), (0, 19), (1, 4), (1, 12), (2, 40), (3, 3), (3, 2)]:
        for key_choice in range(3):
            tweak = bytes(rng.randrange(256) for _ in range(rng.choice([0, 7, 16, 255])))
            seed = bytes([key_choice]) + bytes(rng.randrange(256) for _ in range(32))
            seed += bytes([radix_choice, rng.randrange(256), rng.randrange(256), length])
            seed += len(tweak).to_bytes(2, "little") + tweak
            seed += bytes(rng.randrange(256) for _ in range(2 * length))
            yield seed


def structure_seeds():
    rng = random.Random(20261124)
    for shape in range(4):
        for _ in range(16):
            tokens = bytes(rng.randrange(256) for _ in range(rng.randrange(8, 200)))
            yield bytes([rng.randrange(256), shape]) + tokens


written = 0
for target in sys.argv[1:]:
    folder = root / "fuzz" / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    if target == "ff1":
        seeds = list(ff1_seeds())
    elif target == "structure":
        seeds = list(structure_seeds())
    else:
        seeds = [b"\x00" + text.encode("utf-8") for text in texts]
    for i, seed in enumerate(seeds):
        (folder / f"seed-{i:04}").write_bytes(seed)
    written += len(seeds)
print(f"seeded {written} inputs into {len(sys.argv) - 1} corpora")
