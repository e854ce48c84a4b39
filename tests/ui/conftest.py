"""Fixtures of the UI tests: a main window on a fresh data folder, with dialogs that answer as scripted."""

from __future__ import annotations

import pytest
from ui_support import RecordingMessenger

from giapp.store import DraftStore
from giapp.ui.app import setup_application
from giapp.ui.mainwindow import MainWindow


@pytest.fixture
def messenger():
    return RecordingMessenger()


@pytest.fixture
def window(qtbot, messenger):
    setup_application()
    w = MainWindow(DraftStore.open(), messenger)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w
