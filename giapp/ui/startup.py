"""Start-up timing hook: with GIAPP_EXIT_AFTER_SHOWN=1 the app prints a marker once its first window is on
screen and quits, so bench/bundle.py can time a cold start of the frozen program to the first window shown.

It needs nothing from giapp.ui.app: cli.run_gui() creates the QApplication first and watches it for the first
exposed window; app.run() must only reuse QApplication.instance() rather than make a second one."""

from __future__ import annotations

import os
import sys

ENV = "GIAPP_EXIT_AFTER_SHOWN"
MARKER = "GIAPP_FIRST_WINDOW_SHOWN"
# with it, the first window is also saved as a PNG: how the frozen program looks, fonts and translations included
SCREENSHOT_ENV = "GIAPP_SCREENSHOT"


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def watch_first_window() -> None:
    """Called before the app's own start-up: the QApplication it then finds already watches for its window."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    exit_after_first_window(app)


def exit_after_first_window(app) -> None:
    """Watch `app` for the first top-level window exposed; then print the marker and quit the event loop."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow

    class _Watch(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if (
                not self.done
                and event.type() == QEvent.Type.Expose
                and isinstance(obj, QWindow)
                and obj.isExposed()
            ):
                self.done = True
                _save_screenshot(app)
                if sys.stdout is not None:
                    sys.stdout.write(MARKER + "\n")
                    sys.stdout.flush()
                QTimer.singleShot(0, app.quit)
            return False

    watch = _Watch(app)
    app.installEventFilter(watch)


def _save_screenshot(app) -> None:
    target = os.environ.get(SCREENSHOT_ENV)
    if not target:
        return
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    if shown:
        shown[0].grab().save(target)
