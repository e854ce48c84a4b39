"""Helpers for the UI tests: an in-memory draft store with DraftStore's API, a recording messenger, and
the clerk's gestures (type into a cell, commit text from an input method)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from giapp.core.report import Report

_DATABASES: dict[str, dict] = {}  # path → persisted state, so a "reopened" fake finds its drafts again


@dataclass(frozen=True)
class FakeDraftInfo:
    id: int
    name: str
    agency: str
    year: int
    form_id: str
    created: str
    updated: str
    deleted: bool = False


class FakeStoreError(Exception):
    pass


class FakeDraftStore:
    """The same calls as giapp.store.DraftStore, kept in memory (used until the real store is merged)."""

    def __init__(self, path: str):
        self._db = _DATABASES.setdefault(path, {"next": 1, "drafts": {}, "infos": {}, "settings": {}})

    @classmethod
    def open(cls, path=None, forms=None):
        from giapp.paths import database_path

        return cls(str(Path(path or database_path())))

    def _now(self) -> str:
        return dt.datetime.now().isoformat(timespec="seconds")

    def _touch(self, id_: int) -> None:
        self._db["infos"][id_] = replace(self._db["infos"][id_], updated=self._now())

    def _report(self, id_: int) -> Report:
        if id_ not in self._db["drafts"]:
            raise FakeStoreError(f"no draft {id_}")
        return self._db["drafts"][id_]

    def create(self, form_id, agency, year, name="", report=None) -> int:
        id_ = self._db["next"]
        self._db["next"] += 1
        r = copy.deepcopy(report) if report is not None else Report(form_id, agency, year)
        r.form_id, r.agency, r.year = form_id, agency, year
        self._db["drafts"][id_] = r
        now = self._now()
        self._db["infos"][id_] = FakeDraftInfo(
            id_, name or f"{agency}{year}年", agency, year, form_id, now, now
        )
        return id_

    def list(self, include_deleted=False):
        infos = [i for i in self._db["infos"].values() if include_deleted or not i.deleted]
        return sorted(infos, key=lambda i: i.updated, reverse=True)

    def find(self, agency, year, form_id=None):
        return [
            i
            for i in self.list()
            if i.agency == agency and i.year == year and (form_id is None or i.form_id == form_id)
        ]

    def load(self, id_) -> Report:
        return copy.deepcopy(self._report(id_))

    def save_report(self, id_, report) -> None:
        self._db["drafts"][id_] = copy.deepcopy(report)
        self._touch(id_)

    def set_value(self, id_, key, value) -> None:
        self.set_values(id_, {key: value})

    def set_values(self, id_, values) -> None:
        r = self._report(id_)
        for k, v in values.items():
            if v is None:
                r.values.pop(k, None)
            else:
                r.values[k] = v
        self._touch(id_)

    def set_text(self, id_, section_id, text) -> None:
        self._report(id_).texts[section_id] = text
        self._touch(id_)

    def accept_carried_text(self, id_, section_id) -> None:
        self._report(id_).texts_carried.pop(section_id, None)
        self._touch(id_)

    def set_meta(self, id_, **meta) -> None:
        r = self._report(id_)
        for k, v in meta.items():
            setattr(r, k, dict(v) if isinstance(v, dict) else v)
        info = self._db["infos"][id_]
        self._db["infos"][id_] = replace(info, agency=r.agency, year=r.year)
        self._touch(id_)

    def set_note(self, id_, finding_id, text) -> None:
        self._report(id_).notes[finding_id] = text
        self._touch(id_)

    def rename(self, id_, name) -> None:
        self._db["infos"][id_] = replace(self._db["infos"][id_], name=name)

    def duplicate(self, id_, name="") -> int:
        info = self._db["infos"][id_]
        return self.create(
            info.form_id, info.agency, info.year, name or info.name + "（副本）", self._report(id_)
        )

    def delete(self, id_) -> None:
        self._db["infos"][id_] = replace(self._db["infos"][id_], deleted=True)

    def restore(self, id_) -> None:
        self._db["infos"][id_] = replace(self._db["infos"][id_], deleted=False)

    def empty_bin(self) -> None:
        for i in [i for i in self._db["infos"].values() if i.deleted]:
            del self._db["infos"][i.id]
            del self._db["drafts"][i.id]

    def get_setting(self, key, default=""):
        return self._db["settings"].get(key, default)

    def set_setting(self, key, value) -> None:
        self._db["settings"][key] = value

    def updated_at(self, id_):
        return self._db["infos"][id_].updated

    def close(self) -> None:
        pass


def store_class():
    """The real DraftStore once the store layer is merged, else the fake."""
    try:
        from giapp.store import DraftStore
    except ImportError:
        return FakeDraftStore
    return DraftStore


class RecordingMessenger:
    """Stands in for the dialogs: records what the clerk would have been told, answers as scripted."""

    def __init__(self):
        self.shown: list[tuple[str, str]] = []
        self.answers: list = []

    def _answer(self, default):
        return self.answers.pop(0) if self.answers else default

    def info(self, title, text):
        self.shown.append(("info", text))

    def warn(self, title, text):
        self.shown.append(("warn", text))

    def error(self, title, text):
        self.shown.append(("error", text))

    def ask(self, title, text) -> bool:
        self.shown.append(("ask", text))
        return self._answer(True)

    def get_text(self, title, label, text=""):
        self.shown.append(("text", label))
        return self._answer(None)

    def open_file(self, title, filters):
        return self._answer(None)

    def save_file(self, title, name, filters):
        return self._answer(None)

    def texts(self) -> list[str]:
        return [t for _, t in self.shown]


def new_report(window, year=2021, agency="某市测试局"):
    window.start.agency.setText(agency)
    window.start.year.setValue(year)
    window.start.create_button.click()
    assert window.doc is not None
    return window.doc


def grid_of(window, table="applications"):
    page = window.editor.show_table(table)
    QApplication.processEvents()
    return page.grid.body


def shown(grid, key):
    m = grid.model()
    return m.data(m.index_of(key))


def type_into(qtbot, grid, key, text, end=Qt.Key.Key_Return):
    """Select the cell, type as on a keyboard (the first key opens the editor), finish with Enter."""
    assert grid.select_key(key)
    qtbot.keyClick(grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid, "typing a key should open the cell's editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, end)
    QApplication.processEvents()  # the delegate commits Enter through a queued call


def ime_type(grid, key, text):
    """Text committed by an input method (full-width digits), then Enter."""
    assert grid.select_key(key)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(grid, event)
    editor = QApplication.focusWidget()
    assert editor is not grid and editor.text() == text
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
