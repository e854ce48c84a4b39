"""What can go wrong with the drafts database, each with one Chinese sentence for the clerk."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

# SQLite primary result codes (sqlite3.h) that call for a message of their own.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


class StoreError(Exception):
    """The drafts database refused or failed; str() is a Chinese sentence that says what to do."""


class StoreDamaged(StoreError):
    """The database file is damaged or is not a database; `backup_path` is the newest backup, if any."""

    def __init__(self, message: str, backup_path: Path | None = None):
        super().__init__(message)
        self.backup_path = backup_path


class StoreBusy(StoreError):
    """Another running copy of giapp held the database for longer than we were willing to wait."""


def damaged_message(path: Path, backup: Path | None) -> str:
    head = f"草稿数据库文件“{path}”已损坏，无法打开。"
    if backup is not None:
        return head + f"可以用最近的备份（{backup.name}）恢复；损坏的文件会改名保留，不会删除。"
    return head + "没有找到可用的备份。损坏的文件会原样保留，请联系技术人员；也可以另建一个新的草稿库。"


BUSY_MESSAGE = "草稿数据库正被另一个打开的本程序窗口占用，请关闭多余的窗口后再试。刚才的修改没有保存。"


def translate(error: sqlite3.Error, path: Path, find_backup: Callable[[], Path | None]) -> StoreError:
    """Turn an sqlite3 error into the StoreError a clerk can act on."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (_BUSY, _LOCKED):
        return StoreBusy(BUSY_MESSAGE)
    if code in (_CORRUPT, _NOTADB):
        backup = find_backup()
        return StoreDamaged(damaged_message(path, backup), backup)
    if code == _FULL:
        return StoreError("磁盘空间已满，修改没有保存。请清理磁盘后再试。")
    if code == _READONLY:
        return StoreError(f"草稿数据库“{path}”是只读的，修改没有保存。请检查文件夹的权限。")
    if code in (_CANTOPEN, _IOERR):
        return StoreError(f"无法读写草稿数据库“{path}”。请检查磁盘或 U 盘是否已拔出、文件夹是否允许写入。")
    return StoreError(f"草稿数据库出错（{error}），刚才的操作没有完成。请重新启动本程序后再试。")
