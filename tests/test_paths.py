"""Forms and resources are found from a source checkout and from a frozen bundle; the data folder is
GIAPP_HOME, else beside the program in portable mode, else the platform's user data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from giapp import paths

ROOT = Path(__file__).resolve().parents[1]


def _bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A one-folder bundle as PyInstaller 6 lays it out: giapp.exe beside _internal/{forms,resources}."""
    app = tmp_path / "giapp"
    internal = app / "_internal"
    (internal / "forms").mkdir(parents=True)
    (internal / "resources" / "fonts").mkdir(parents=True)
    exe = app / "giapp.exe"
    exe.write_bytes(b"MZ")
    return exe, internal


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    exe, internal = _bundle(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("GIAPP_HOME")
    user_dirs = []

    def fake_user_data_dir(name, appauthor=None, roaming=False):
        user_dirs.append((name, appauthor, roaming))
        return str(tmp_path / "LocalAppData" / name)

    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    return exe, internal, user_dirs


def test_source_checkout_finds_its_forms_and_resources():
    assert paths.forms_dir() == ROOT / "forms"
    assert paths.resource("fonts", "wqy-microhei.ttc").is_file()


def test_frozen_bundle_finds_forms_and_resources_in_its_internal_folder(frozen):
    _, internal, _ = frozen
    assert paths.forms_dir() == internal / "forms"
    assert paths.resource("fonts") == internal / "resources" / "fonts"


def test_frozen_without_meipass_looks_beside_the_program(frozen, monkeypatch, tmp_path):
    exe, _, _ = frozen
    monkeypatch.delattr(sys, "_MEIPASS")
    (exe.parent / "forms").mkdir()
    assert paths.forms_dir() == exe.parent / "forms"


def test_installed_program_keeps_drafts_in_the_user_data_folder(frozen, tmp_path):
    exe, _, user_dirs = frozen
    assert paths.data_dir() == tmp_path / "LocalAppData" / "giapp"
    assert user_dirs == [("giapp", False, False)]  # %LOCALAPPDATA%\giapp on Windows, not roaming
    assert not (exe.parent / "data").exists()


@pytest.mark.parametrize("marker", ["portable", "portable.txt"])
def test_portable_file_beside_the_program_keeps_the_data_beside_it(frozen, marker):
    exe, _, user_dirs = frozen
    (exe.parent / marker).write_text("", encoding="utf-8")
    assert paths.data_dir() == exe.parent / "data"
    assert paths.database_path() == exe.parent / "data" / "drafts.sqlite3"
    assert (exe.parent / "data").is_dir()
    assert user_dirs == []


def test_giapp_home_wins_over_portable_mode(frozen, monkeypatch, tmp_path):
    exe, _, _ = frozen
    (exe.parent / "portable").write_text("", encoding="utf-8")
    monkeypatch.setenv("GIAPP_HOME", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"


def test_a_portable_file_in_a_source_checkout_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("", encoding="utf-8")
    assert paths.portable_dir() is None


def test_incomplete_bundle_says_so_in_chinese(frozen, monkeypatch, tmp_path):
    _, internal, _ = frozen
    (internal / "forms").rmdir()
    monkeypatch.setattr(paths, "_roots", lambda: [internal])
    with pytest.raises(FileNotFoundError, match="程序安装不完整，请重新安装"):
        paths.forms_dir()
