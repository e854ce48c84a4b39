"""Opening the drafts database: durability settings, the health check, and numbered schema migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

from giapp.oserror import os_error_text
from giapp.store.backups import newest_backup, take_backup
from giapp.store.errors import StoreDamaged, StoreError, damaged_message, translate

# Durability: WAL journal + synchronous=FULL.
# "A power cut loses nothing typed" means a commit that has returned must be on the disk platter / flash,
# not in the OS cache. In WAL mode synchronous=FULL fsyncs the WAL at every commit, so a returned commit
# survives a power cut; synchronous=NORMAL skips that fsync and a power cut may roll back the last few
# commits (the file stays consistent, but typed cells vanish), which is exactly what we promise not to do.
# WAL rather than the rollback journal: one sequential append + one fsync a commit instead of writing a
# journal, the database and deleting the journal (several fsyncs), and a second giapp window can keep
# reading while the first writes. Costs: -wal/-shm files beside the database (never on a network share;
# the data folder is local) and a checkpoint now and then (SQLite's automatic one, at 1000 pages).
# bench/store_edit.py measures both settings; docs/readme-store.md has the figures.
JOURNAL_MODE = "WAL"
SYNCHRONOUS = "FULL"

MIGRATIONS = "migrations"


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection that waits for a busy lock; isolation_level=None: we alone say where transactions are."""
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    return conn


def configure(conn: sqlite3.Connection) -> None:
    """Our durability settings; run after quick_check so a damaged file is not written to."""
    mode = conn.execute(f"PRAGMA journal_mode={JOURNAL_MODE}").fetchone()[0]
    if mode.upper() != JOURNAL_MODE:  # pragma: no cover - only on a file system without shared memory
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    conn.execute("PRAGMA foreign_keys=ON")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems PRAGMA quick_check found (empty when the file is healthy)."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    return [] if rows == ["ok"] else rows


def migration_scripts(folder=None) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every NNNN_*.sql migration, in order; found frozen or not."""
    if folder is None:
        folder = resources.files("giapp.store").joinpath(MIGRATIONS)
        if not folder.is_dir():  # a frozen bundle whose importer has no resource reader: files beside us
            folder = Path(__file__).resolve().parent / MIGRATIONS
    scripts = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            scripts.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    scripts.sort()
    for expected, (version, name, _) in enumerate(scripts, 1):
        if version != expected:  # pragma: no cover - a packaging mistake, caught by the tests
            raise StoreError(f"程序安装不完整：缺少第 {expected} 号数据库升级脚本（{name}），请重新安装。")
    return scripts


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _statements(sql: str) -> list[str]:
    """Split a script into statements, so each runs inside our own transaction (executescript commits)."""
    out, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                out.append(pending.strip())
            pending = ""
    if pending.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in pending.splitlines()
    ):
        out.append(pending.strip())
    return out


def refuse_newer(conn: sqlite3.Connection, scripts=None) -> None:
    """A database written by a newer giapp is left alone: we would not know what its tables mean."""
    scripts = migration_scripts() if scripts is None else scripts
    latest = scripts[-1][0] if scripts else 0
    found = user_version(conn)
    if found > latest:
        raise StoreError(
            f"草稿数据库是较新版本的本程序建立的（第 {found} 版，本程序只认识到第 {latest} 版），"
            "请安装新版本的本程序后再打开。"
        )


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_schema WHERE type='table'").fetchone()[0] > 0


def migrate(conn: sqlite3.Connection, path: Path, now: Callable[[], datetime], scripts=None) -> list[Path]:
    """Bring the schema up to the newest version, one transaction a step, backing up before each step."""
    scripts = migration_scripts() if scripts is None else scripts
    refuse_newer(conn, scripts)
    backups = []
    new_file = user_version(conn) == 0 and not _has_tables(conn)  # nothing in it yet that a backup could save
    for version, name, sql in scripts:
        if version <= user_version(conn):
            continue
        if not new_file:
            backups.append(take_backup(conn, path, now(), f"before-v{version}"))
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another giapp window may have migrated while we waited for the write lock.
            if user_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            busy = (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
            if isinstance(e, sqlite3.Error) and not busy:
                raise StoreError(f"草稿数据库升级失败（{name}：{e}），数据库保持原样。") from e
            raise
    return backups


def open_database(path: Path, busy_timeout: float, now: Callable[[], datetime]) -> sqlite3.Connection:
    """Connect, check health before writing a byte, refuse a newer file, set durability, migrate."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"无法建立数据文件夹“{path.parent}”：{os_error_text(e)}。") from None
    if path.is_dir():
        raise StoreError(f"“{path}”是文件夹，不是草稿数据库。")
    try:
        conn = connect(path, busy_timeout)
    except sqlite3.Error as e:
        raise translate(e, path, lambda: newest_backup(path)) from None
    try:
        if quick_check(conn):
            newest = newest_backup(path)
            raise StoreDamaged(damaged_message(path, newest), newest)
        refuse_newer(conn)
        configure(conn)
        migrate(conn, path, now)
        return conn
    except sqlite3.Error as e:
        conn.close()
        raise translate(e, path, lambda: newest_backup(path)) from None
    except BaseException:
        conn.close()
        raise
