"""Build the giapp program on this machine: the one-folder bundle, its zip, the frozen self-test, the installer.

    uv run --group build python installer/build.py              # bundle + zip + frozen self-test
    uv run --group build python installer/build.py --installer  # also the Inno Setup installer (Windows)

PyInstaller cannot cross-compile: run it on Windows for the Windows program (the CI workflow
.github/workflows/windows.yml does). On Linux the self-test runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "giapp.spec"
ISS = ROOT / "installer" / "giapp.iss"
IS_WIN = sys.platform == "win32"


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from giapp import __version__

    return __version__


def build_bundle(dist: Path, work: Path, env: dict[str, str] | None = None) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (dist/giapp)."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, **(env or {})})
    return dist / "giapp"


def exe_path(bundle: Path) -> Path:
    return bundle / ("giapp.exe" if IS_WIN else "giapp")


def zip_bundle(bundle: Path, target: Path) -> Path:
    """The plain zip for offices that allow no installer: unpack anywhere and start giapp.exe."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(bundle.rglob("*")):
            name = str(Path(bundle.name) / path.relative_to(bundle))
            if path.is_symlink():
                # PyInstaller links shared libraries on Linux; stored as links (unzip restores them), not copies
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                z.writestr(info, os.readlink(path))
            elif path.is_file():
                z.write(path, name)
    return target


def frozen_env() -> dict[str, str]:
    env = {**os.environ, "GIAPP_DEBUG": "1"}
    if not IS_WIN:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_self_test(bundle: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the frozen `giapp --self-test`; the output is captured (a windowed .exe writes to a redirected pipe)."""
    return subprocess.run(
        [str(exe_path(bundle)), "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=frozen_env(),
        check=False,
    )


def find_iscc() -> Path | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return Path(found)
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def build_installer(bundle: Path, out: Path) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit(
            "Inno Setup 6 (ISCC.exe) not found: install it (choco install innosetup) or omit --installer"
        )
    cmd = [str(iscc), f"/DAppVersion={version()}", f"/DBundleDir={bundle}", f"/O{out}", str(ISS)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out / f"giapp-{version()}-setup.exe"


def folder_size(folder: Path) -> int:
    """Bytes on disk of the files, links not followed (they would count a library twice)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    p.add_argument("--no-self-test", action="store_true", help="skip running the frozen --self-test")
    p.add_argument("--installer", action="store_true", help="also build the Inno Setup installer (Windows)")
    args = p.parse_args(argv)

    dist = args.dist.resolve()
    start = time.perf_counter()
    bundle = build_bundle(dist, ROOT / "build" / "pyinstaller")
    print(f"bundle: {bundle} ({folder_size(bundle) / 1e6:.1f} MB) in {time.perf_counter() - start:.0f} s")
    arch = platform.machine().lower().replace("amd64", "x86_64")
    system = "windows" if IS_WIN else sys.platform
    archive = zip_bundle(bundle, dist / f"giapp-{version()}-{system}-{arch}.zip")
    print(f"zip: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    if not args.no_self_test:
        result = run_self_test(bundle)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            print(f"frozen self-test FAILED (exit {result.returncode})")
            return 1
        twin = bundle / "giapp-cli.exe"
        if twin.exists():  # the console twin for support (Windows): it must start too
            subprocess.run([str(twin), "--version"], check=True, timeout=120, env=frozen_env())
    if args.installer:
        print(f"installer: {build_installer(bundle, dist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
