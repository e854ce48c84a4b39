"""The database file over time: migrations from every earlier version, daily backups, damaged files."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from giapp.core.report import Report
from giapp.store import DraftStore, StoreDamaged, StoreError, schema
from giapp.store import backups as backup_mod

CST = timezone(timedelta(hours=8))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, day: int = 1):
        self.now = datetime(2026, 3, day, 9, 0, tzinfo=CST)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def next_day(self) -> None:
        self.now += timedelta(days=1)


def _latest() -> int:
    return schema.migration_scripts()[-1][0]


def _make_db_at_version(path, version: int) -> None:
    """A database as an older giapp left it: the migration scripts up to `version`, with a draft in it."""
    conn = sqlite3.connect(path)
    for v, _, sql in schema.migration_scripts():
        if v <= version:
            conn.executescript(sql)
    if version >= 1:
        # rows as version 1 wrote them
        conn.execute(
            "INSERT INTO drafts (id, name, form_id, agency, year, date, created, updated)"
            " VALUES (1, '旧草稿', 'gov-2019', '某局', 2020, '2021-01-29', '2021-01-01T08:00:00+08:00',"
            " '2021-01-02T08:00:00+08:00')"
        )
        conn.executemany(
            "INSERT INTO cells (draft_id, role, key, value) VALUES (1, ?, ?, ?)",
            [
                ("input", "applications.new.natural", "3"),
                ("input", "applications.new.legal", "0"),
                ("input", "procurement.central.amount", "4068.208"),
            ],
        )
        conn.execute("INSERT INTO texts VALUES (1, 'overview', '概述')")
        conn.execute("INSERT INTO units VALUES (1, 'procurement.amount', '元')")
        conn.execute("INSERT INTO notes VALUES (1, 'W1:x', '属实')")
        conn.execute("INSERT INTO settings VALUES ('last_draft', '1')")
    conn.execute(f"PRAGMA user_version={version}")
    conn.commit()
    conn.close()


def test_migrations_are_numbered_from_one_and_found_in_the_package():
    scripts = schema.migration_scripts()
    assert [v for v, _, _ in scripts] == list(range(1, len(scripts) + 1))
    assert scripts[0][1] == "0001_initial.sql"
    assert all(name.endswith(".sql") and sql.strip() for _, name, sql in scripts)
    # a frozen bundle without a resource reader finds the same files beside the module
    assert schema.migration_scripts(Path(schema.__file__).parent / "migrations") == scripts


def test_an_empty_file_of_version_0_becomes_a_working_store(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    path.write_bytes(b"")
    with DraftStore.open(path, forms) as s:
        draft = s.create("gov-2021", "某县", 2023)
        assert s.load(draft) == Report("gov-2021", "某县", 2023)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == _latest()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("version", range(1, _latest() + 1))
def test_a_database_of_every_earlier_version_opens_with_its_drafts(tmp_path, forms, version):
    path = tmp_path / "drafts.sqlite3"
    _make_db_at_version(path, version)
    with DraftStore.open(path, forms, clock=Clock()) as s:
        report = s.load(1)
        assert s.get_setting("last_draft") == "1"
        assert s.info(1).name == "旧草稿"
    assert report.values == {
        "applications.new.natural": 3,
        "applications.new.legal": 0,
        "procurement.central.amount": Decimal("4068.208"),
    }
    assert (report.agency, report.year, report.date) == ("某局", 2020, "2021-01-29")
    assert (report.texts, report.units, report.notes) == (
        {"overview": "概述"},
        {"procurement.amount": "元"},
        {"W1:x": "属实"},
    )
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == _latest()
    names = [p.name for p in DraftStore.list_backups(path)]
    if version < _latest():
        assert any(f"before-v{version + 1}" in n for n in names)


def test_a_failed_migration_leaves_the_database_as_it_was_and_a_backup_before_it(tmp_path):
    path = tmp_path / "drafts.sqlite3"
    _make_db_at_version(path, 1)
    broken = [
        *schema.migration_scripts()[:1],
        (2, "0002_broken.sql", "CREATE TABLE extra (a);\nCREATE TABLE drafts (b);\n"),
    ]
    conn = schema.connect(path, 1.0)
    with pytest.raises(StoreError, match="升级失败.*0002_broken.sql.*保持原样"):
        schema.migrate(conn, path, Clock(), broken)
    assert schema.user_version(conn) == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert "extra" not in tables
    conn.close()
    assert [p.name for p in DraftStore.list_backups(path)] == ["drafts-20260301-090001-before-v2.sqlite3"]


def test_a_database_from_a_newer_giapp_is_refused_untouched(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    _make_db_at_version(path, _latest())
    sqlite3.connect(path).execute(f"PRAGMA user_version={_latest() + 1}").connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="较新版本的本程序"):
        DraftStore.open(path, forms)
    assert path.read_bytes() == before


# -- backups -------------------------------------------------------------------------------------------


def test_a_backup_is_taken_at_most_once_a_day(tmp_path, forms):
    path, clock = tmp_path / "drafts.sqlite3", Clock()
    for _ in range(3):
        with DraftStore.open(path, forms, clock=clock) as s:
            if not s.list():
                s.create("gov-2021", "第一天的草稿", 2023)
    assert len(DraftStore.list_backups(path)) == 1
    clock.next_day()
    with DraftStore.open(path, forms, clock=clock) as s:
        assert s.backup_if_due() is None  # already taken by open() today
    backups = DraftStore.list_backups(path)
    assert [p.name[:16] for p in backups] == ["drafts-20260302-", "drafts-20260301-"]
    # today's copy holds yesterday's draft, as one self-contained file
    assert not os.path.exists(f"{backups[0]}-wal")
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT agency FROM drafts").fetchall() == [("第一天的草稿",)]
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_window_left_open_overnight_takes_the_next_days_backup(tmp_path, forms):
    path, clock = tmp_path / "drafts.sqlite3", Clock()
    with DraftStore.open(path, forms, clock=clock) as s:
        assert s.backup_if_due() is None
        clock.next_day()
        taken = s.backup_if_due()
        assert taken is not None and taken.name.startswith("drafts-20260302-")


def test_old_backups_are_pruned_to_the_newest_ten(tmp_path, forms):
    path, clock = tmp_path / "drafts.sqlite3", Clock()
    for _ in range(13):
        DraftStore.open(path, forms, clock=clock).close()
        clock.next_day()
    names = [p.name for p in DraftStore.list_backups(path)]
    assert len(names) == backup_mod.KEEP_BACKUPS
    assert names[0].startswith("drafts-20260313-") and names[-1].startswith("drafts-20260304-")


# -- damaged files ---------------------------------------------------------------------------------------


def _store_with_drafts(path, forms, clock, n=60):
    with DraftStore.open(path, forms, clock=clock) as s:
        for i in range(n):
            d = s.create("gov-2021", f"机关{i}", 2023)
            s.set_text(d, "overview", "政府信息公开工作概述。" * 50)


def _garbage_in_the_middle(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_a_database(path):
    path.write_bytes(b"PK\x03\x04 this is a workbook, not a database" + os.urandom(5000))


@pytest.mark.parametrize("damage", [_garbage_in_the_middle, _truncate, _not_a_database])
def test_a_damaged_file_is_reported_in_chinese_and_kept(tmp_path, forms, damage):
    path = tmp_path / "drafts.sqlite3"
    _store_with_drafts(path, forms, Clock())
    for b in DraftStore.list_backups(path):
        b.unlink()
    damage(path)
    damaged = path.read_bytes()
    with pytest.raises(StoreDamaged) as e:
        DraftStore.open(path, forms)
    assert "已损坏" in str(e.value) and "没有找到可用的备份" in str(e.value)
    assert e.value.backup_path is None
    assert path.read_bytes() == damaged


def test_restoring_the_newest_backup_brings_the_drafts_back_and_keeps_the_damaged_file(tmp_path, forms):
    path, clock = tmp_path / "drafts.sqlite3", Clock()
    _store_with_drafts(path, forms, clock, n=40)
    clock.next_day()
    DraftStore.open(path, forms, clock=clock).close()  # today's backup holds the 40 drafts
    _garbage_in_the_middle(path)
    damaged = path.read_bytes()
    with pytest.raises(StoreDamaged) as e:
        DraftStore.open(path, forms)
    assert e.value.backup_path == DraftStore.list_backups(path)[0]
    assert e.value.backup_path.name in str(e.value) and "恢复" in str(e.value)
    # A WAL left beside the damaged file belongs to it and must not be replayed into the restored copy.
    stale_wal = os.urandom(4096)
    type(path)(f"{path}-wal").write_bytes(stale_wal)
    DraftStore.restore_backup(path, e.value.backup_path)
    with DraftStore.open(path, forms) as s:
        assert len(s.list()) == 40
        assert s.load(s.find("机关7", 2023)[0].id).texts["overview"].startswith("政府信息公开工作概述。")
    kept = sorted(p for p in tmp_path.iterdir() if ".damaged-" in p.name)
    assert [p.name.endswith("-wal") for p in kept] == [False, True]
    assert kept[1].read_bytes() == stale_wal
    main = next(p for p in kept if not p.name.endswith("-wal"))
    assert main.read_bytes() == damaged


def test_a_damaged_backup_is_not_restored(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    _store_with_drafts(path, forms, Clock(), n=5)
    bad = tmp_path / "bad-backup.sqlite3"
    bad.write_bytes(os.urandom(10000))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="备份文件“bad-backup.sqlite3”也已损坏"):
        DraftStore.restore_backup(path, bad)
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="找不到备份文件"):
        DraftStore.restore_backup(path, tmp_path / "missing.sqlite3")


def test_without_a_backup_the_damaged_file_can_be_set_aside_for_a_fresh_store(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    _not_a_database(path)
    damaged = path.read_bytes()
    aside = DraftStore.set_aside_damaged(path)
    assert aside.read_bytes() == damaged and not path.exists()
    with DraftStore.open(path, forms) as s:
        assert s.list() == []


def test_a_failed_daily_backup_does_not_stop_the_work_and_says_why(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    with DraftStore.open(path, forms) as s:
        assert "无法建立备份文件夹" in s.backup_error
        s.set_value(s.create("gov-2021", "某县", 2023), "applications.new.natural", 1)


def test_a_folder_with_chinese_spaces_and_hash_in_its_name_works(tmp_path, forms):
    path = tmp_path / "张三的 文件#1" / "drafts.sqlite3"
    clock = Clock()
    _store_with_drafts(path, forms, clock, n=3)
    clock.next_day()
    DraftStore.open(path, forms, clock=clock).close()
    _not_a_database(path)
    with pytest.raises(StoreDamaged) as e:
        DraftStore.open(path, forms)
    DraftStore.restore_backup(path, e.value.backup_path)
    with DraftStore.open(path, forms) as s:
        assert len(s.list()) == 3


def test_a_backup_in_progress_in_another_window_is_left_alone_and_an_old_leftover_removed(tmp_path, forms):
    path = tmp_path / "drafts.sqlite3"
    DraftStore.open(path, forms).close()
    folder = tmp_path / "backups"
    young = folder / "drafts-20260101-000000-daily.sqlite3.999.part"
    old = folder / "drafts-20250101-000000-daily.sqlite3.998.part"
    young.write_bytes(b"being written by another window")
    old.write_bytes(b"left by a crash")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    clock = Clock()
    clock.next_day()
    DraftStore.open(path, forms, clock=clock).close()
    assert young.exists()
    assert not old.exists()
