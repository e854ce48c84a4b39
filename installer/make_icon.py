"""Draw the application icon with QPainter and write resources/icons/giapp.png and giapp.ico (run by hand).

The icon is a report sheet with table lines on the red of an official header, and a tick: "the report, checked".
The .ico holds the classic 32-bit bitmaps for 16…128 px and a PNG-compressed 256 px image (the layout Windows'
own icons use; PNG entries below 256 px are read by Explorer but not by every resource tool), written with struct:
no image library beyond Qt is needed.

    uv run python installer/make_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#c0392b")
INK = QColor("#34495e")
GREEN = QColor("#1e8449")


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # draw on a 256 grid whatever the size
    small = size <= 24
    # the sheet
    p.setPen(QPen(INK, 8 if small else 6))
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(36, 16, 184, 224), 14, 14)
    # red header band, as on an official document
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRect(QRectF(39, 19, 178, 46 if not small else 56))
    # table lines (dropped at the smallest sizes, where they would only blur)
    if not small:
        p.setPen(QPen(INK, 5))
        for y in (100, 136, 172, 208):
            p.drawLine(QPointF(62, y), QPointF(194, y))
        p.drawLine(QPointF(110, 88), QPointF(110, 218))
    # the tick
    tick = QPainterPath(QPointF(88, 164))
    tick.lineTo(124, 198)
    tick.lineTo(194, 108)
    p.setPen(
        QPen(
            GREEN,
            34 if small else 26,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data.data())


def dib_bytes(img: QImage) -> bytes:
    """An icon bitmap: BITMAPINFOHEADER (height doubled for the mask), BGRA rows bottom-up, an empty AND mask."""
    size = img.width()
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory on little-endian Windows and x86
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, size * size * 4, 0, 0, 0, 0)
    rows = [bytes(img.constScanLine(y))[: size * 4] for y in reversed(range(size))]
    mask = b"\0" * (((size + 31) // 32) * 4 * size)  # transparency comes from the alpha channel
    return header + b"".join(rows) + mask


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICONDIR with one entry per size (width/height 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: dib_bytes(draw(size)) if size < 256 else png_bytes(draw(size)) for size in ICO_SIZES}
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    (ICON_DIR / "giapp.png").write_bytes(images[256])
    (ICON_DIR / "giapp.ico").write_bytes(ico_bytes(images))
    print(f"written {ICON_DIR / 'giapp.png'} and giapp.ico ({', '.join(map(str, ICO_SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
