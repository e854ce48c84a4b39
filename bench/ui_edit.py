"""Bench the desktop app: committed edit → grid and checks panel repainted, and cold start → first window.

    uv run python bench/ui_edit.py            # prints medians, writes docs/screenshot.png
    uv run python bench/ui_edit.py --runs 200

Runs offscreen (QT_QPA_PLATFORM=offscreen) in a temporary data folder; the real SQLite draft store is used,
so an edit's time includes its committed, synced write.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STARTUP_CHILD = """
import sys, time
from PySide6.QtCore import QTimer
import giapp.ui.app as A
setup = A.setup_application
def patched(argv=None):
    app = setup(argv)
    def ready():
        print("ready", time.time() - float(sys.argv[1]))
        app.quit()
    def shown():
        print("window", time.time() - float(sys.argv[1]))
        QTimer.singleShot(0, ready)  # after the last draft, queued behind this, has opened
    QTimer.singleShot(0, shown)  # runs once the event loop has shown the window
    return app
A.setup_application = patched
from giapp.cli import main
main([])
"""


def bench_edit(runs: int, screenshot: Path | None) -> dict[str, float]:
    """Median time of a committed edit of table 三 until the changed cells and the checks are repainted."""
    from PySide6.QtWidgets import QApplication

    from giapp.store import DraftStore
    from giapp.ui.app import setup_application
    from giapp.ui.mainwindow import MainWindow
    from giapp.ui.messages import Messenger

    app = setup_application([])
    store = DraftStore.open()
    window = MainWindow(store, Messenger())
    window.resize(1500, 1000)
    window.show()
    if screenshot is not None:
        window.start.example_buttons["gov-2019"].click()
        window.editor.show_table("applications")
        grid = window.editor.current_grid()
        grid.select_key("applications.new.natural")
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(screenshot))
    window.new_report("基准测试局", 2021, "gov-2021")
    page = window.editor.show_table("applications")
    model, grid = page.model, page.grid.body
    index = model.index_of("applications.new.natural")
    for _ in range(5):
        app.processEvents()
    total, write = [], []
    store_set_values = store.set_values

    def timed_set_values(draft_id, values):
        t = time.perf_counter()
        store_set_values(draft_id, values)
        write.append(time.perf_counter() - t)

    store.set_values = timed_set_values
    for i in range(runs):
        # alternate 3 and 0: the S1 finding appears and disappears, so the checks panel is rebuilt each time
        t = time.perf_counter()
        model.setData(index, "3" if i % 2 == 0 else "0")
        QApplication.processEvents()  # delivers the update requests: the changed cells and the panel repaint
        total.append(time.perf_counter() - t)
    window.close()
    store.close()
    ms = 1000
    return {
        "edit_to_repaint_ms": statistics.median(total) * ms,
        "edit_p90_ms": sorted(total)[int(len(total) * 0.9)] * ms,
        "store_write_ms": statistics.median(write) * ms,
        "ui_only_ms": statistics.median([a - b for a, b in zip(total, write, strict=True)]) * ms,
    }


def bench_startup(runs: int, with_draft: bool) -> tuple[float, float]:
    """Median seconds from launching the process to the first window, and to the last draft shown in it."""
    home = tempfile.mkdtemp(prefix="giapp-bench-start-")
    env = {**os.environ, "GIAPP_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    if with_draft:  # the usual start: the last draft opens by itself
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from giapp.store import DraftStore; s = DraftStore.open(); "
                "i = s.create('gov-2021', '基准测试局', 2021); s.set_setting('ui.last_draft', str(i)); s.close()",
            ],
            env=env,
            check=True,
            cwd=ROOT,
        )
    window, ready = [], []
    for i in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, repr(time.time())],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if i:  # the first run warms the disk cache and creates the database
            lines = dict(line.split() for line in out.stdout.strip().splitlines() if line[:1] in "wr")
            window.append(float(lines["window"]))
            ready.append(float(lines["ready"]))
    return statistics.median(window), statistics.median(ready)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--start-runs", type=int, default=5)
    p.add_argument("--screenshot", default=str(ROOT / "docs" / "screenshot.png"))
    args = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GIAPP_HOME"] = tempfile.mkdtemp(prefix="giapp-bench-")
    shot = Path(args.screenshot) if args.screenshot else None
    edit = bench_edit(args.runs, shot)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"edit → grid + checks repainted: median {edit['edit_to_repaint_ms']:.2f} ms (p90 {edit['edit_p90_ms']:.2f} ms) over {args.runs} edits"
    )
    print(
        f"  of which the committed store write: median {edit['store_write_ms']:.2f} ms; UI and checks: {edit['ui_only_ms']:.2f} ms"
    )
    start_page, _ = bench_startup(args.start_runs, with_draft=False)
    print(f"cold start → first window (start page): median {start_page:.3f} s over {args.start_runs} runs")
    window, ready = bench_startup(args.start_runs, with_draft=True)
    print(
        f"cold start with a draft to reopen: first window {window:.3f} s, draft shown in it {ready:.3f} s"
        f" (medians over {args.start_runs} runs)"
    )
    if shot is not None:
        print(f"screenshot: {shot}")


if __name__ == "__main__":
    main()
