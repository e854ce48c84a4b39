"""Bundle size (on disk and zipped) and start-up time of the frozen program to its first window, offscreen.

    uv run python bench/bundle.py            # build once, measure size and start-up
    uv run python bench/bundle.py --trims    # also rebuild with each trim switched off: what each one saves

Start-up is timed from process start to the line GIAPP_FIRST_WINDOW_SHOWN that the app prints once its first
window is exposed (GIAPP_EXIT_AFTER_SHOWN=1, see giapp/ui/startup.py). "Cold" evicts the bundle's files from the
page cache first (posix_fadvise DONTNEED on each file, no root needed, nothing else on the machine is touched),
as after a reboot; "warm" is a second start right after. Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
TRIMS = ["stdlib", "ssl", "pil", "qt_modules", "qt_plugins", "qt_translations", "strip"]


# installer/build.py is a script, not a package module: take its functions by running it as a module
build = SimpleNamespace(**runpy.run_path(str(ROOT / "installer" / "build.py"), run_name="giapp_build"))


def evict(folder: Path) -> None:
    """Drop the bundle's files from the page cache, so the next start reads them from disk."""
    os.sync()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def time_to_window(bundle: Path, home: Path) -> float:
    env = {**build.frozen_env(), "GIAPP_EXIT_AFTER_SHOWN": "1", "GIAPP_HOME": str(home)}
    env.pop("GIAPP_DEBUG", None)
    start = time.perf_counter()
    proc = subprocess.Popen([str(build.exe_path(bundle))], stdout=subprocess.PIPE, text=True, env=env)
    shown = None
    for line in proc.stdout:
        if line.startswith("GIAPP_FIRST_WINDOW_SHOWN"):
            shown = time.perf_counter() - start
    proc.wait(timeout=60)
    if shown is None:
        raise SystemExit(f"the frozen app exited ({proc.returncode}) without showing a window")
    return shown


def sizes(bundle: Path, scratch: Path) -> tuple[float, float]:
    archive = build.zip_bundle(bundle, scratch / "bundle.zip")
    zipped = archive.stat().st_size
    archive.unlink()
    return build.folder_size(bundle) / 1e6, zipped / 1e6


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--trims", action="store_true", help="measure what each trim saves (one rebuild per trim)")
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="giapp-bench-") as tmp:
        scratch = Path(tmp)
        t0 = time.perf_counter()
        bundle = build.build_bundle(scratch / "dist", scratch / "work")
        build_s = time.perf_counter() - t0
        disk, zipped = sizes(bundle, scratch)
        cold, warm = [], []
        for _ in range(args.runs):
            evict(bundle)
            cold.append(time_to_window(bundle, scratch / "home"))
            warm.append(time_to_window(bundle, scratch / "home"))
        print(f"machine: {os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}")
        print(f"build time (PyInstaller): {build_s:.0f} s")
        print(f"bundle on disk: {disk:.1f} MB   (target ≤ 150 MB)")
        print(f"bundle zipped:  {zipped:.1f} MB   (target ≤ 70 MB)")
        print(
            f"start to first window, cold: median {statistics.median(cold):.2f} s of {args.runs}  (target ≤ 1.5 s)"
        )
        print(f"start to first window, warm: median {statistics.median(warm):.2f} s of {args.runs}")

        if args.trims:
            print("\ntrim               saves on disk   saves zipped")
            rows = [("(none: all trims off)", ",".join(TRIMS))] + [(t, t) for t in TRIMS]
            for i, (label, off) in enumerate(rows):
                env = {"GIAPP_TRIMS_OFF": off}
                b = build.build_bundle(scratch / f"dist-{i}", scratch / f"work-{i}", env=env)
                d, z = sizes(b, scratch)
                print(
                    f"{label:<20} {d - disk:>8.1f} MB   {z - zipped:>8.1f} MB   (bundle {d:.1f} / {z:.1f} MB)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
