"""An operating-system error said in plain Chinese: the C library's own words are English, even on Windows."""

from __future__ import annotations

import errno

_IN_USE = "文件正被其他程序（如 Excel、WPS 或 PDF 阅读器）打开，请先关闭它"
_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有读写权限，或" + _IN_USE,
    errno.EPERM: "没有读写权限，或" + _IN_USE,
    errno.ENOSPC: "磁盘已满",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EROFS: "磁盘是只读的（例如光盘或写保护的 U 盘）",
    errno.EEXIST: "已经有同名的文件或文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: _IN_USE,
    errno.EIO: "磁盘读写出错",
    errno.EINVAL: "文件名中有不允许的字符",
    errno.EFBIG: "文件太大",
}
_WINDOWS = {32: _IN_USE, 33: _IN_USE, 112: "磁盘已满", 123: "文件名中有不允许的字符", 206: "文件名或路径太长"}


def os_error_text(e: OSError) -> str:
    """One Chinese phrase for why a file could not be read or written."""
    winerror = getattr(e, "winerror", None)
    if winerror in _WINDOWS:
        return _WINDOWS[winerror]
    return _TEXT.get(e.errno, "系统拒绝了这次读写")
