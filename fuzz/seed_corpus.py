#!/usr/bin/env python3
"""Seeds every fuzz target's corpus from the shared detection cases and the
sample export: each case's text with its markers stripped, behind a selector
byte of 0 (every detector on)."""
import json
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
for target in sys.argv[1:]:
    folder = root / "fuzz" / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"seed-{i:04}").write_bytes(b"\x00" + text.encode("utf-8"))
print(f"seeded {len(texts)} inputs into {len(sys.argv) - 1} corpora")
