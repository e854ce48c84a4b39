"""The Qt part of `giapp --self-test`: the platform plugin loads, a widget draws, a Chinese font is there."""

from __future__ import annotations

import os
import sys

_DISPLAYS = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


def qt_smoke() -> str:
    """One line for the self-test; raises RuntimeError with a Chinese reason when Qt cannot work here."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel

    from giapp import APP_NAME
    from giapp.paths import resource

    if sys.platform != "win32" and not any(os.environ.get(v) for v in _DISPLAYS):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a server or CI runner without a screen
    app = QApplication.instance() or QApplication([sys.argv[0]])
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        # a PC without any Chinese font still has the one we ship
        QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
        chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        raise RuntimeError("找不到可以显示中文的字体，程序自带的字体也无法载入")
    # the bundle keeps only the zh_CN Qt translations: the standard buttons (确定, 取消) come from this one
    translator = QTranslator()
    if not translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        raise RuntimeError("找不到 Qt 的中文翻译 qtbase_zh_CN，对话框的按钮会显示英文")
    label = QLabel(APP_NAME)
    image = label.grab().toImage()
    if image.isNull() or image.width() < 10:
        raise RuntimeError("窗口部件无法绘制")
    label.deleteLater()
    return f"界面平台 {app.platformName()}，中文字体 {chinese[0]}，Qt 中文翻译已载入"
