"""DraftStore: many report drafts in one SQLite file, every edit its own committed transaction."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report
from giapp.core.values import Value
from giapp.oserror import os_error_text
from giapp.store import backups, content, schema
from giapp.store.errors import StoreError, translate

DEFAULT_BUSY_TIMEOUT = 5.0  # seconds another giapp window may hold the write lock before we give up


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class DraftInfo:
    id: int
    name: str
    agency: str
    year: int
    form_id: str
    created: str
    updated: str
    deleted: bool

    @classmethod
    def from_row(cls, row) -> DraftInfo:
        return cls(*row[:7], bool(row[7]))

    @property
    def title(self) -> str:
        """What a list shows: the name given, else agency and year."""
        return self.name or f"{self.agency or '（未填机关名称）'}{self.year or ''}年度报告"


_INFO = "SELECT id, name, agency, year, form_id, created, updated, deleted_at IS NOT NULL FROM drafts"
_CHILD_TABLES = ("cells", "texts", "units", "notes", "texts_carried")


class DraftStore:
    """The clerk's drafts. Open with DraftStore.open(); every set_* has committed when it returns."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, forms: dict[str, FormSpec], clock: Callable[[], datetime]
    ):
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.forms = forms
        self._clock = clock
        self._last_stamp: datetime | None = None
        self.backup_error = ""  # why today's backup failed, for the window to show; "" when all is well
        self._lock = threading.RLock()  # one connection; a worker thread must not interleave a transaction

    # -- opening, closing, backups ---------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        forms: dict[str, FormSpec] | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> DraftStore:
        """Open (creating or migrating) the database; StoreDamaged if it fails its health check."""
        if path is None:
            from giapp.paths import database_path

            try:
                path = database_path()
            except OSError as e:
                raise StoreError(
                    f"无法使用保存草稿的文件夹（{os_error_text(e)}）。如果程序放在只读的光盘或 U 盘上，"
                    "请把程序文件夹复制到可以写入的位置后再打开。"
                ) from None
        if forms is None:
            from giapp.catalog import all_forms

            forms = all_forms()
        path, clock = Path(path), clock or local_now
        conn = schema.open_database(path, busy_timeout, clock)
        try:
            store = cls(conn, path, forms, clock)
            store.backup_if_due()
            return store
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()  # the last connection to close checkpoints the WAL into the file
                self._conn = None

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def backup_if_due(self) -> Path | None:
        """Take today's backup copy unless one exists (open() calls this; a window open for days may too).

        A failed backup does not stop the clerk's work: it returns None and `backup_error` says why.
        """
        with self._guard() as conn:
            if not backups.backup_due(self.path, self._clock()):
                return None
            try:
                taken = backups.take_backup(conn, self.path, self._clock(), "daily")
            except StoreError as e:
                self.backup_error = str(e)
                return None
        self.backup_error = ""
        return taken

    @staticmethod
    def list_backups(path: Path) -> list[Path]:
        """Backups of the database at `path`, newest first (for a restore dialog)."""
        return backups.list_backups(Path(path))

    @staticmethod
    def restore_backup(path: Path, backup: Path) -> None:
        """Put `backup` in place of the (closed) database at `path`; the replaced file is renamed, not deleted."""
        backups.restore_backup(Path(path), Path(backup), local_now())

    @staticmethod
    def set_aside_damaged(path: Path) -> Path | None:
        """Rename a damaged database out of the way (kept) so that a new, empty one can be opened."""
        return backups.set_aside(Path(path), local_now())

    # -- transactions ------------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with sqlite3 errors turned into Chinese StoreErrors."""
        with self._lock:
            if self._conn is None:
                raise StoreError("草稿库已经关闭，请重新打开本程序。")
            try:
                yield self._conn
            except sqlite3.Error as e:
                raise translate(e, self.path, lambda: backups.newest_backup(self.path)) from e

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; on any error it is rolled back and nothing is written."""
        with self._guard() as conn:
            # IMMEDIATE takes the write lock now, so a second window waits (busy_timeout) instead of failing
            # half-way when a read lock would have to be upgraded.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot even while another window writes."""
        with self._guard() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _now(self) -> str:
        # Strictly increasing, so "changed last" is never a tie between two edits in the same instant.
        now = self._clock()
        if self._last_stamp is not None and now <= self._last_stamp:
            now = self._last_stamp + timedelta(microseconds=1)
        self._last_stamp = now
        return now.isoformat(timespec="microseconds")

    def _spec_of(self, conn: sqlite3.Connection, draft_id: int) -> FormSpec:
        row = conn.execute("SELECT form_id FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {draft_id} 的草稿，可能已被彻底删除。")
        return self._spec(row[0])

    def _spec(self, form_id: str) -> FormSpec:
        spec = self.forms.get(form_id)
        if spec is None:
            raise StoreError(f"本程序不认识表式“{form_id}”，请安装新版本的本程序后再打开这份草稿。")
        return spec

    def _touch(self, conn: sqlite3.Connection, draft_id: int) -> None:
        conn.execute("UPDATE drafts SET updated = ? WHERE id = ?", (self._now(), draft_id))

    # -- drafts ------------------------------------------------------------------------------------------

    def create(
        self, form_id: str, agency: str, year: int, name: str = "", report: Report | None = None
    ) -> int:
        """A new draft (with a report's content, e.g. an import or an example); returns its id."""
        spec = self._spec(form_id)
        report = report.copy() if report is not None else Report(form_id)
        report.agency, report.year = agency, year
        rows = content.report_rows(spec, report)
        name = content.check_name(name)
        with self._write() as conn:
            now = self._now()
            cur = conn.execute(
                "INSERT INTO drafts (name, form_id, created, updated) VALUES (?, ?, ?, ?)",
                (name, form_id, now, now),
            )
            draft_id = cur.lastrowid
            self._write_rows(conn, draft_id, rows)
        return draft_id

    def list(self, include_deleted: bool = False) -> list[DraftInfo]:
        """Drafts, the one changed last first; those in the bin only when asked."""
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        with self._read() as conn:
            rows = conn.execute(f"{_INFO}{where} ORDER BY updated DESC, id DESC").fetchall()
        return [DraftInfo.from_row(r) for r in rows]

    def find(self, agency: str, year: int, form_id: str | None = None) -> list[DraftInfo]:
        """Drafts (not in the bin) of one agency and year, e.g. to offer an existing one instead of a new one."""
        sql = f"{_INFO} WHERE deleted_at IS NULL AND agency = ? AND year = ?"
        params: list = [agency, year]
        if form_id is not None:
            sql += " AND form_id = ?"
            params.append(form_id)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY updated DESC, id DESC", params).fetchall()
        return [DraftInfo.from_row(r) for r in rows]

    def info(self, draft_id: int) -> DraftInfo:
        with self._read() as conn:
            row = conn.execute(f"{_INFO} WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {draft_id} 的草稿，可能已被彻底删除。")
        return DraftInfo.from_row(row)

    def load(self, draft_id: int) -> Report:
        """The whole report of a draft: values, texts, units, notes, carried values, entered totals."""
        with self._read() as conn:
            spec = self._spec_of(conn, draft_id)
            agency, year, date, carried_from, has_totals = conn.execute(
                "SELECT agency, year, date, carried_from, has_totals FROM drafts WHERE id = ?", (draft_id,)
            ).fetchone()
            report = Report(spec.id, agency, year, date, carried_from=carried_from)
            report.entered_totals = {} if has_totals else None
            targets = {"input": report.values, "total": report.entered_totals, "carried": report.carried}
            for role, key, text in conn.execute(
                "SELECT role, key, value FROM cells WHERE draft_id = ?", (draft_id,)
            ):
                value = content.value_of(spec, key, text, role)
                if value is not None and targets.get(role) is not None:
                    targets[role][key] = value
            report.texts = dict(
                conn.execute("SELECT section_id, text FROM texts WHERE draft_id = ?", (draft_id,))
            )
            report.units = dict(
                conn.execute("SELECT col_key, unit FROM units WHERE draft_id = ?", (draft_id,))
            )
            report.notes = dict(
                conn.execute("SELECT finding_id, text FROM notes WHERE draft_id = ?", (draft_id,))
            )
            report.texts_carried = dict(
                conn.execute("SELECT section_id, text FROM texts_carried WHERE draft_id = ?", (draft_id,))
            )
        return report

    def updated_at(self, draft_id: int) -> str:
        return self.info(draft_id).updated

    def save_report(self, draft_id: int, report: Report) -> None:
        """Replace everything of a draft (an import into it) in one transaction: all of it, or nothing."""
        with self._write() as conn:
            rows = content.report_rows(self._spec_of(conn, draft_id), report)
            for table in _CHILD_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE draft_id = ?", (draft_id,))
            self._write_rows(conn, draft_id, rows)

    def _write_rows(self, conn: sqlite3.Connection, draft_id: int, rows: content.Rows) -> None:
        conn.execute(
            "UPDATE drafts SET agency = ?, year = ?, date = ?, carried_from = ?, has_totals = ?, updated = ?"
            " WHERE id = ?",
            (rows.agency, rows.year, rows.date, rows.carried_from, rows.has_totals, self._now(), draft_id),
        )
        conn.executemany(
            "INSERT INTO cells (draft_id, role, key, value) VALUES (?, ?, ?, ?)",
            [(draft_id, *c) for c in rows.cells],
        )
        for table, cols, items in (
            ("texts", "section_id, text", rows.texts),
            ("units", "col_key, unit", rows.units),
            ("notes", "finding_id, text", rows.notes),
            ("texts_carried", "section_id, text", rows.texts_carried),
        ):
            conn.executemany(
                f"INSERT INTO {table} (draft_id, {cols}) VALUES (?, ?, ?)", [(draft_id, *i) for i in items]
            )

    # -- edits: each one committed before it returns ------------------------------------------------------

    def set_value(self, draft_id: int, key: str, value: Value) -> None:
        """One typed cell; None blanks it (no row), which is not the same as 0."""
        self.set_values(draft_id, {key: value})

    def set_values(self, draft_id: int, changes: dict[str, Value]) -> None:
        """Several cells at once (a paste, an undo of a paste): all of them or, if one is refused, none."""
        with self._write() as conn:
            spec = self._spec_of(conn, draft_id)
            checked = [(key, content.cell_text(spec, key, value)) for key, value in changes.items()]
            for key, text in checked:
                if text is None:
                    conn.execute(
                        "DELETE FROM cells WHERE draft_id = ? AND role = 'input' AND key = ?", (draft_id, key)
                    )
                else:
                    conn.execute(
                        "INSERT OR REPLACE INTO cells (draft_id, role, key, value) VALUES (?, 'input', ?, ?)",
                        (draft_id, key, text),
                    )
            self._touch(conn, draft_id)

    def set_text(self, draft_id: int, section_id: str, text: str) -> None:
        """A narrative section; "" empties it."""
        with self._write() as conn:
            text = content.check_text(self._spec_of(conn, draft_id), section_id, text)
            self._put(conn, "texts", "section_id", "text", draft_id, section_id, text)

    def accept_carried_text(self, draft_id: int, section_id: str) -> None:
        """The clerk keeps last year's copied text of a section as it is: no more "copied, not edited" warning."""
        with self._write() as conn:
            content.check_text(self._spec_of(conn, draft_id), section_id, "")
            self._put(conn, "texts_carried", "section_id", "text", draft_id, section_id, "")

    def set_note(self, draft_id: int, finding_id: str, text: str) -> None:
        """The clerk's explanation of a warning; "" deletes it."""
        with self._write() as conn:
            self._spec_of(conn, draft_id)
            text = content.check_note(finding_id, text)
            self._put(conn, "notes", "finding_id", "text", draft_id, finding_id, text)

    def _put(self, conn, table: str, key_col: str, val_col: str, draft_id: int, key: str, value: str) -> None:
        if value:
            conn.execute(
                f"INSERT OR REPLACE INTO {table} (draft_id, {key_col}, {val_col}) VALUES (?, ?, ?)",
                (draft_id, key, value),
            )
        else:
            conn.execute(f"DELETE FROM {table} WHERE draft_id = ? AND {key_col} = ?", (draft_id, key))
        self._touch(conn, draft_id)

    def set_meta(
        self, draft_id: int, *, agency=None, year=None, date=None, units: dict | None = None
    ) -> None:
        """Agency, year, date and money units; what is None stays. In `units`, "" returns a column to its default."""
        with self._write() as conn:
            spec = self._spec_of(conn, draft_id)
            fields = {}
            if agency is not None:
                fields["agency"] = content.check_agency(agency)
            if year is not None:
                fields["year"] = content.check_year(year)
            if date is not None:
                fields["date"] = content.check_date(date)
            unit_rows = [(c, content.check_unit(spec, c, u) if u else "") for c, u in (units or {}).items()]
            for col, value in fields.items():
                conn.execute(f"UPDATE drafts SET {col} = ? WHERE id = ?", (value, draft_id))
            for col_key, unit in unit_rows:
                self._put(conn, "units", "col_key", "unit", draft_id, col_key, unit)
            self._touch(conn, draft_id)

    def rename(self, draft_id: int, name: str) -> None:
        name = content.check_name(name)
        with self._write() as conn:
            self._spec_of(conn, draft_id)
            conn.execute("UPDATE drafts SET name = ? WHERE id = ?", (name, draft_id))
            self._touch(conn, draft_id)

    def duplicate(self, draft_id: int, name: str = "") -> int:
        """A copy of a draft, everything included; named "<title>（副本）" unless a name is given."""
        name = content.check_name(name)
        with self._write() as conn:
            self._spec_of(conn, draft_id)
            if not name:
                row = conn.execute(f"{_INFO} WHERE id = ?", (draft_id,)).fetchone()
                name = f"{DraftInfo.from_row(row).title}（副本）"
            now = self._now()
            cur = conn.execute(
                "INSERT INTO drafts (name, form_id, agency, year, date, carried_from, has_totals, created, updated)"
                " SELECT ?, form_id, agency, year, date, carried_from, has_totals, ?, ? FROM drafts WHERE id = ?",
                (name, now, now, draft_id),
            )
            new_id = cur.lastrowid
            for table in _CHILD_TABLES:
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "draft_id"]
                names = ", ".join(cols)
                conn.execute(
                    f"INSERT INTO {table} (draft_id, {names}) SELECT ?, {names} FROM {table} WHERE draft_id = ?",
                    (new_id, draft_id),
                )
        return new_id

    def delete(self, draft_id: int) -> None:
        """Into the bin: hidden from the list, still there until the bin is emptied."""
        with self._write() as conn:
            self._spec_of(conn, draft_id)
            conn.execute(
                "UPDATE drafts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (self._now(), draft_id),
            )

    def restore(self, draft_id: int) -> None:
        """Out of the bin."""
        with self._write() as conn:
            self._spec_of(conn, draft_id)
            conn.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", (draft_id,))

    def empty_bin(self) -> int:
        """Really delete the drafts in the bin (their cells, texts… with them); returns how many."""
        with self._write() as conn:
            return conn.execute("DELETE FROM drafts WHERE deleted_at IS NOT NULL").rowcount

    # -- settings ----------------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        if not isinstance(key, str) or not isinstance(value, str):
            raise StoreError("设置项应为文字，没有保存。")
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
