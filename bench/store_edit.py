"""Median time of one committed cell edit in the draft store, with the chosen durability and alternatives.

Run: uv run python bench/store_edit.py [edits]   (default 1000 edits a setting, after 50 warm-up edits)

The settings are measured in interleaved rounds, so that a busy moment of a shared disk hits all of them
alike; "fsync floor" is one 100-byte write + fsync to a plain file: what any durable commit must pay.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from giapp.catalog import all_forms
from giapp.store import DraftStore, schema

SETTINGS = [
    ("WAL", "FULL"),  # chosen: a returned commit is on disk
    ("WAL", "NORMAL"),  # faster, but a power cut may lose the last commits
    ("DELETE", "FULL"),  # rollback journal: several fsyncs a commit
]
ROUND = 50


def open_store(folder: Path, journal: str, sync: str) -> tuple[DraftStore, int, list[str]]:
    schema.JOURNAL_MODE, schema.SYNCHRONOUS = journal, sync  # read when a connection is configured
    forms = all_forms()
    store = DraftStore.open(folder / f"{journal}-{sync}.sqlite3", forms)
    mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
    level = store._conn.execute("PRAGMA synchronous").fetchone()[0]
    assert (mode.upper(), level) == (journal, {"FULL": 2, "NORMAL": 1}[sync])
    spec = forms["gov-2021"]
    keys = [k for k in spec.input_keys if spec.cells[k].kind == "count"]
    return store, store.create("gov-2021", "某县", 2023), keys


def main() -> None:
    edits = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        folder = Path(tmp)
        print(f"database folder: {folder}")
        stores = {s: open_store(folder, *s) for s in SETTINGS}
        times: dict = {s: [] for s in [*SETTINGS, "fsync"]}
        raw = os.open(folder / "fsync-floor", os.O_WRONLY | os.O_CREAT)
        n = 0
        while len(times["fsync"]) < edits + ROUND:
            for setting, (store, draft, keys) in stores.items():
                for i in range(ROUND):
                    t = time.perf_counter()
                    store.set_value(draft, keys[(n + i) % len(keys)], n + i)
                    times[setting].append((time.perf_counter() - t) * 1000)
            for _ in range(ROUND):
                t = time.perf_counter()
                os.pwrite(raw, b"x" * 100, 0)
                os.fsync(raw)
                times["fsync"].append((time.perf_counter() - t) * 1000)
            n += ROUND
        os.close(raw)
        for store, _, _ in stores.values():
            store.close()
    for setting, all_ms in times.items():
        ms = all_ms[ROUND:]  # the first round warms up caches
        q = statistics.quantiles(ms, n=10)
        if setting == "fsync":
            name = "fsync floor (100-byte write + fsync)"
        else:
            name = f"journal_mode={setting[0]:<6} synchronous={setting[1]:<6}"
        what = "one write + fsync" if setting == "fsync" else "one committed cell edit"
        chosen = "  <- chosen" if setting == ("WAL", "FULL") else ""
        print(
            f"{name:<38} {what}: median {statistics.median(ms):.3f} ms, "
            f"p90 {q[8]:.3f} ms  ({len(ms)} times){chosen}"
        )


if __name__ == "__main__":
    main()
