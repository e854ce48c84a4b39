"""Backup copies of the drafts database: daily and before a migration, restored on request, never deleting."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from giapp.oserror import os_error_text
from giapp.store.errors import StoreError

KEEP_BACKUPS = 10  # about a week and a half of daily copies, plus the copies before migrations
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"-(\d{8}-\d{6})-([a-z0-9-]+)\.sqlite3$")
SIDE_FILES = ("-wal", "-shm", "-journal")


def backups_dir(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path) -> list[Path]:
    """Backups of the database at `path`, newest first."""
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.glob(f"{path.stem}-*.sqlite3"):
        m = _NAME.search(p.name)
        if m and p.name == f"{path.stem}{m.group(0)}":
            found.append((m.group(1), p.stat().st_mtime_ns, p))
    return [p for *_, p in sorted(found, reverse=True)]


def newest_backup(path: Path) -> Path | None:
    backups = list_backups(path)
    return backups[0] if backups else None


STALE_PART_SECONDS = 600


def backup_due(path: Path, now: datetime) -> bool:
    """Whether no backup was taken yet on `now`'s calendar day (so at most one a day)."""
    today = now.strftime("%Y%m%d")
    return not any(_NAME.search(p.name).group(1).startswith(today) for p in list_backups(path))


def take_backup(conn: sqlite3.Connection, path: Path, now: datetime, reason: str) -> Path:
    """Copy the open database with SQLite's online backup API into backups/, as one self-contained file."""
    folder = backups_dir(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"无法建立备份文件夹“{folder}”：{os_error_text(e)}。") from None
    final = folder / f"{path.stem}-{now.strftime(_STAMP)}-{reason}.sqlite3"
    # A .part left by a backup cut short by a crash is removed once it is old; a young one may belong to
    # another giapp window backing up at this very moment (two windows starting together).
    for stale in folder.glob(f"{path.stem}-*.part"):
        try:
            if time.time() - stale.stat().st_mtime > STALE_PART_SECONDS:
                stale.unlink(missing_ok=True)
        except OSError:
            pass
    tmp = final.with_name(f"{final.name}.{os.getpid()}.part")
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            # A backup is one file to copy or restore: no -wal beside it.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        _fsync(tmp)
        os.replace(tmp, final)  # a backup cut short by a crash stays a .part and is never offered
    except (OSError, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法在“{folder}”建立草稿库的备份（{e}）。请检查磁盘空间。") from None
    for old in list_backups(path)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    return final


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _check_backup(backup: Path) -> None:
    try:
        conn = sqlite3.connect(backup)  # not a file: URI, which a Windows path with # or ? would break
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        ok = False
    if not ok:
        raise StoreError(f"备份文件“{backup.name}”也已损坏，不能用来恢复。请换一个较早的备份。")


def set_aside(path: Path, now: datetime) -> Path | None:
    """Rename a damaged database (and its -wal/-shm) out of the way, keeping it; returns its new name."""
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.damaged-{now.strftime(_STAMP)}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{now.strftime(_STAMP)}-{n}")
    try:
        # The side files go first: a stale -wal beside a restored file would be replayed into it.
        for suffix in SIDE_FILES:
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(path, aside)
    except PermissionError:
        raise StoreError(
            "草稿数据库正被另一个打开的本程序窗口使用，无法恢复。请关闭所有本程序窗口后再试。"
        ) from None
    except OSError as e:
        raise StoreError(f"无法给损坏的草稿库改名保留：{os_error_text(e)}。") from None
    return aside


def restore_backup(path: Path, backup: Path, now: datetime) -> Path | None:
    """Put a backup in place of the database; the file it replaces is renamed aside, never deleted."""
    backup = Path(backup)
    if not backup.is_file():
        raise StoreError(f"找不到备份文件“{backup}”。")
    _check_backup(backup)
    tmp = path.with_name(f".{path.name}.restoring")
    try:
        shutil.copyfile(backup, tmp)
        _fsync(tmp)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法复制备份文件：{os_error_text(e)}。请检查磁盘空间。") from None
    try:
        aside = set_aside(path, now)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return aside
