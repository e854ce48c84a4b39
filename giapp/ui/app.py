"""Start the desktop app: Chinese Qt, the bundled font, a safety net for errors, the draft store, the window."""

from __future__ import annotations

import sys
import traceback

from giapp import APP_NAME
from giapp.errorlog import LOG_NAME, log_error  # noqa: F401  (LOG_NAME: where the window says the log is)
from giapp.oserror import os_error_text
from giapp.paths import resource


def setup_application(argv: list[str] | None = None):
    """The QApplication with zh_CN Qt translations and the bundled CJK font as fallback (idempotent)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
    from PySide6.QtGui import QFont, QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # 125 % and 150 % Windows scaling as set, not rounded to 100 % or 200 % (text stays crisp and sized)
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0], *(argv or [])])
    if app.property("giapp_ready"):
        return app
    app.setProperty("giapp_ready", True)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "giapp.png"))))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = QFont(app.font())
    # the system font first (it matches the desktop); the bundled one wherever it has no Chinese glyphs
    font.setFamilies([font.family(), *families])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return app


def install_excepthook(show) -> None:
    """No traceback reaches the clerk: log it, then tell them in Chinese what to do next."""

    showing = []  # an error while the message is up (a repaint behind it) is logged, not stacked

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        where = log_error("".join(traceback.format_exception(exc_type, exc, tb)))
        if showing:
            return
        showing.append(True)
        try:
            show(
                "程序出错",
                "程序遇到了一个意外问题，刚才的操作可能没有完成，请检查一下刚才改动的内容。"
                "已经保存的内容不受影响。\n"
                "如果问题反复出现，请把下面的错误记录文件发给技术支持：\n"
                + (where or "（无法写入错误记录）"),
            )
        except Exception:  # the message itself failed: the log is all we can do
            pass
        finally:
            showing.clear()

    sys.excepthook = hook


def open_store(messenger):
    """The draft store; a damaged database offers its last backup (or a fresh start with the damaged file
    kept aside). None when the clerk declines or the store cannot be opened."""
    from giapp.catalog import all_forms
    from giapp.paths import database_path
    from giapp.store import DraftStore, StoreBusy, StoreDamaged, StoreError

    try:
        path = database_path()
    except OSError as e:
        messenger.error(
            "无法打开草稿",
            f"无法使用保存草稿的文件夹（{os_error_text(e)}）。如果程序放在只读的光盘或 U 盘上，"
            "请把程序文件夹复制到可以写入的位置后再打开。",
        )
        return None
    try:
        return DraftStore.open(path, forms=all_forms())
    except StoreDamaged as e:
        backup = e.backup_path
        try:
            if backup and messenger.ask(
                "草稿数据库已损坏",
                f"{e}\n\n是否用这个备份恢复？恢复后，备份之后填写的内容需要重新填写。",
            ):
                DraftStore.restore_backup(path, backup)
                return DraftStore.open(path, forms=all_forms())
            if not backup and messenger.ask(
                "草稿数据库已损坏", f"{e}\n\n是否把损坏的文件改名保留，另建一个新的草稿库继续工作？"
            ):
                DraftStore.set_aside_damaged(path)
                return DraftStore.open(path, forms=all_forms())
        except StoreError as again:
            messenger.error("无法恢复", str(again))
    except StoreBusy as e:
        messenger.error("程序已经打开", str(e))
    except StoreError as e:
        messenger.error("无法打开草稿", str(e))
    return None


def run(argv: list[str]) -> int:
    app = setup_application(argv)
    from PySide6.QtCore import QTimer

    from giapp.ui.mainwindow import MainWindow
    from giapp.ui.messages import Messenger

    messenger = Messenger()
    install_excepthook(messenger.error)
    store = open_store(messenger)
    if store is None:
        return 1
    window = MainWindow(store)
    window.show()
    QTimer.singleShot(0, window.restore_last)  # the window first, then the last draft in it
    try:
        return app.exec()
    finally:
        store.close()
