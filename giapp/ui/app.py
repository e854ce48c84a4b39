"""Start the Qt application (a minimal window until the full editor lands)."""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QLabel

    from giapp import APP_NAME
    from giapp.paths import resource
    from giapp.ui import startup

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setWindowIcon(QIcon(str(resource("icons", "giapp.png"))))
    if startup.wanted():  # bench/bundle.py: quit once the first window is on screen
        startup.exit_after_first_window(app)
    label = QLabel(APP_NAME)
    label.setWindowTitle(APP_NAME)
    label.resize(640, 400)
    label.show()
    return app.exec()
