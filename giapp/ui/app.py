"""Start the Qt application (a minimal window until the full editor lands)."""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from giapp import APP_NAME

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    label = QLabel(APP_NAME)
    label.setWindowTitle(APP_NAME)
    label.resize(640, 400)
    label.show()
    return app.exec()
