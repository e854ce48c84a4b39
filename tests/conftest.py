"""Every test runs offscreen, with its own empty data folder, never the clerk's real one."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GIAPP_HOME"] = os.path.join(os.environ.get("TMPDIR", "/tmp"), "giapp-tests-never-used")


@pytest.fixture(autouse=True)
def giapp_home(tmp_path, monkeypatch):
    home = tmp_path / "giapp-home"
    monkeypatch.setenv("GIAPP_HOME", str(home))
    return home


@pytest.fixture
def forms():
    from giapp.catalog import all_forms

    return all_forms()


@pytest.fixture
def spec19(forms):
    return forms["gov-2019"]


@pytest.fixture
def spec21(forms):
    return forms["gov-2021"]
