"""Opening the drafts at start: a damaged database is met with a Chinese offer to restore, never a crash."""

from __future__ import annotations

from ui_support import RecordingMessenger

from giapp.paths import database_path
from giapp.store import DraftStore
from giapp.ui.app import open_store


def _damage(path):
    path.write_bytes(b"this is not a database" * 200)


def test_a_damaged_database_is_restored_from_the_last_backup_when_the_clerk_agrees():
    store = DraftStore.open()  # the first open of the day takes the day's backup
    store.create("gov-2021", "某市审计局", 2021)
    store.close()
    path = database_path()
    backups = DraftStore.list_backups(path)
    assert backups
    _damage(path)
    messenger = RecordingMessenger()
    messenger.answers = [True]
    restored = open_store(messenger)
    assert restored is not None
    assert "已损坏" in messenger.texts()[0] and backups[0].name in messenger.texts()[0]
    assert restored.list() == []  # as the backup was: taken before the draft was created
    restored.close()
    kept = [p for p in path.parent.rglob("*") if p.is_file() and p.read_bytes().startswith(b"this is not")]
    assert kept, "the damaged file is renamed and kept, not deleted"


def test_a_damaged_database_without_backup_can_be_set_aside(giapp_home):
    path = database_path()
    _damage(path)
    messenger = RecordingMessenger()
    messenger.answers = [True]
    fresh = open_store(messenger)
    assert fresh is not None and fresh.list() == []
    assert "已损坏" in messenger.texts()[0]
    fresh.close()
    kept = [p for p in path.parent.rglob("*") if p.is_file() and p.read_bytes().startswith(b"this is not")]
    assert kept and kept[0] != path


def test_declining_leaves_the_damaged_file_untouched():
    path = database_path()
    _damage(path)
    messenger = RecordingMessenger()
    messenger.answers = [False]
    assert open_store(messenger) is None
    assert path.read_bytes().startswith(b"this is not a database")


def test_a_data_folder_that_cannot_be_made_is_a_chinese_message_not_a_crash(tmp_path, monkeypatch):
    blocker = tmp_path / "只读介质"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("GIAPP_HOME", str(blocker / "data"))
    messenger = RecordingMessenger()
    assert open_store(messenger) is None
    assert "无法使用保存草稿的文件夹" in messenger.texts()[0]
    assert "复制到可以写入的位置" in messenger.texts()[0]
