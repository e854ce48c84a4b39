"""The packaging files are portable and say what they should: no build-machine paths, a real icon, Windows
version information, a per-user installer that keeps the clerk's drafts, and the start-up timing hook."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import types
from pathlib import Path

import pytest

from giapp import APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
# a quoted absolute path ("/usr/…", "C:\\…"), or a folder typical of a build machine anywhere
ABSOLUTE = re.compile(
    r"""["'](/(usr|opt|var|mnt|srv|Users)/|[A-Za-z]:[\\/]\w)|/work/|/root/|/home/|/tmp/|\\Users\\"""
)


@pytest.mark.parametrize("name", ["giapp.spec", "giapp.iss", "build.py"])
def test_packaging_files_name_no_path_of_the_build_machine(name):
    text = (INSTALLER / name).read_text(encoding="utf-8-sig")
    hits = [line for line in text.splitlines() if ABSOLUTE.search(line) and not line.lstrip().startswith(";")]
    assert hits == []


def test_spec_takes_forms_resources_and_migrations_relative_to_itself():
    spec = (INSTALLER / "giapp.spec").read_text(encoding="utf-8")
    assert "Path(SPECPATH).parent" in spec
    for part in ('ROOT / "forms"', 'ROOT / "resources"', '"giapp" / "store" / "migrations"'):
        assert part in spec
    assert "upx=False" in spec and "console=False" in spec


def test_icon_holds_every_windows_size_bitmaps_below_256_and_png_at_256():
    data = (ROOT / "resources" / "icons" / "giapp.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, _h, _c, _r, _planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        size = w or 256
        assert bits == 32 and offset + length <= len(data)
        if size == 256:
            assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        else:  # BITMAPINFOHEADER: 40 bytes, height doubled for the AND mask, 32 bits a pixel
            assert struct.unpack_from("<IiiHH", data, offset) == (40, size, 2 * size, 1, 32)
        sizes.append(size)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icon_png_draws(qapp):
    from PySide6.QtGui import QImage

    img = QImage(str(ROOT / "resources" / "icons" / "giapp.png"))
    assert (img.width(), img.height()) == (256, 256)
    assert img.pixelColor(128, 40).red() > 150  # the red band of an official header


def test_windows_version_information_names_the_product_and_version(monkeypatch):
    # PyInstaller's versioninfo imports Windows-only helpers at the top; none is used to build the resource
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    import PyInstaller.compat

    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.syspath_prepend(str(INSTALLER))
    from winversion import numbers, version_info

    assert numbers("0.1.0") == (0, 1, 0, 0)
    assert numbers("2.10.3.post1") == (2, 10, 3, 1)
    raw = version_info(__version__, APP_NAME).toRaw()
    assert APP_NAME.encode("utf-16-le") in raw
    assert __version__.encode("utf-16-le") in raw


def test_installer_is_per_user_and_asks_before_deleting_drafts():
    raw = (INSTALLER / "giapp.iss").read_bytes()
    assert raw.startswith(
        b"\xef\xbb\xbf"
    )  # Inno Setup reads UTF-8 only with the BOM: the Chinese stays intact
    iss = raw.decode("utf-8-sig")
    settings = dict(re.findall(r"^(\w+)=(.*?)\r?$", iss, flags=re.M))
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"] == r"{userpf}\giapp"
    assert "{userprograms}" in iss  # Start-menu entry
    assert "{localappdata}\\giapp" in iss  # where platformdirs puts the drafts on Windows
    assert "MB_DEFBUTTON2" in iss and "not UninstallSilent" in iss  # keeping the drafts is the default
    assert "[UninstallDelete]" not in iss


def test_giapp_with_exit_after_shown_opens_the_window_saves_it_and_quits(tmp_path):
    # a process of its own, as bench/bundle.py runs it: an event loop run and quit inside the test process would
    # leave Qt's application state changed for the GUI tests that follow
    from PySide6.QtGui import QImage

    from giapp.ui import startup

    shot = tmp_path / "first-window.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "GIAPP_HOME": str(tmp_path / "home"),
        startup.ENV: "1",
        startup.SCREENSHOT_ENV: str(shot),
    }
    result = subprocess.run(
        [sys.executable, "-m", "giapp"], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert startup.MARKER in result.stdout
    image = QImage(str(shot))
    assert image.width() > 100 and image.height() > 100
