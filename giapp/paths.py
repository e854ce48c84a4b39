"""Where things are: bundled forms and resources (source, wheel or frozen bundle alike) and the clerk's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "giapp"


def _roots() -> list[Path]:
    """Folders that may hold forms/ and resources/, most specific first."""
    here = Path(__file__).resolve().parent
    roots = []
    if getattr(sys, "frozen", False):  # PyInstaller one-folder bundle
        roots.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)))
    roots.append(here / "_data")  # installed wheel (see [tool.hatch…force-include])
    roots.append(here.parent)  # source checkout
    return roots


def _find(name: str) -> Path:
    for root in _roots():
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"找不到程序自带的 {name} 文件夹，程序安装不完整，请重新安装。")


def forms_dir() -> Path:
    return _find("forms")


def resources_dir() -> Path:
    return _find("resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


# Explorer hides extensions, so a clerk who makes a text file named "portable" makes portable.txt
PORTABLE_MARKERS = ("portable", "portable.txt")


def portable_dir() -> Path | None:
    """A file named `portable` beside the program keeps the data beside it too (for a USB stick)."""
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if any((exe_dir / name).is_file() for name in PORTABLE_MARKERS):
            return exe_dir / "data"
    return None


def data_dir() -> Path:
    """The clerk's data folder: $GIAPP_HOME, else portable mode, else the platform's user data folder."""
    env = os.environ.get("GIAPP_HOME")
    if env:
        path = Path(env)
    elif (p := portable_dir()) is not None:
        path = p
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / "drafts.sqlite3"
