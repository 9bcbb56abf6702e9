#!/usr/bin/env python3
"""Writes the journal's compression dictionary (assets/journal-dict-1.bin) from a plain
register: the shapes of the records the journal holds (keys and nesting, every string
emptied and every number zeroed), never their values. Run once; the dictionary is frozen,
because values compressed with it must stay readable (a new one gets a new number)."""
import json, sqlite3, sys
from collections import Counter

def skeleton(v):
    if isinstance(v, dict):
        return {k: skeleton(x) for k, x in v.items()}
    if isinstance(v, list):
        return [skeleton(x) for x in v[:1]]
    if isinstance(v, str):
        return ""
    if isinstance(v, bool) or v is None:
        return v
    return 0

db, out = sys.argv[1], sys.argv[2]
shapes = Counter()
for (v,) in sqlite3.connect(db).execute(
        "SELECT new_value FROM changes WHERE field IS NULL AND new_value IS NOT NULL"):
    shapes[json.dumps(skeleton(json.loads(v)), separators=(",", ":"), ensure_ascii=False)] += 1
# Most frequent last: zstd reaches the end of a raw dictionary at the smallest offsets.
parts = [s for s, _ in sorted(shapes.items(), key=lambda x: x[1])]
data = "".join(parts).encode()[-16384:]
open(out, "wb").write(data)
print(len(shapes), "shapes,", len(data), "bytes")
