"""The draft store keeps exactly what the clerk typed: values, blanks, texts, names, the bin."""

from __future__ import annotations

from decimal import Decimal

import pytest

from giapp.core.report import Report
from giapp.core.values import format_value
from giapp.examples import example_report
from giapp.store import DraftInfo, DraftStore, StoreError

MONEY = "procurement.central.amount"


@pytest.fixture
def store(tmp_path, forms):
    s = DraftStore.open(tmp_path / "drafts.sqlite3", forms)
    yield s
    s.close()


def _first_input(spec, kind="count"):
    return next(k for k in spec.input_keys if spec.cells[k].kind == kind)


def test_open_without_arguments_uses_the_data_folder(giapp_home):
    with DraftStore.open() as s:
        s.create("gov-2021", "某县", 2023)
    assert (giapp_home / "drafts.sqlite3").is_file()


def test_example_report_round_trips_whole(store, forms):
    for form_id in ("gov-2019", "gov-2021"):
        spec, report = example_report(form_id)
        report.notes = {"W1:applications.new.natural": "今年申请少，属实。"}
        report.carried = {spec.input_keys[0]: 7}
        report.carried_from = "2019年报告.giapp.json"
        draft = store.create(form_id, report.agency, report.year, report=report)
        assert store.load(draft) == report


def test_sample_keeps_its_entered_totals_and_a_fresh_draft_has_none(store):
    spec, sample = example_report("gov-2019")
    assert sample.entered_totals is not None
    loaded = store.load(store.create("gov-2019", sample.agency, sample.year, report=sample))
    assert loaded.entered_totals == sample.entered_totals
    fresh = store.load(store.create("gov-2019", "某局", 2020))
    assert fresh.entered_totals is None
    assert fresh == Report("gov-2019", "某局", 2020)


def test_money_stays_an_exact_decimal(store):
    draft = store.create("gov-2019", "某局", 2020)
    for typed in (Decimal("4068.208"), Decimal("0.000001"), Decimal("999999999"), Decimal("12.50")):
        store.set_value(draft, MONEY, typed)
        got = store.load(draft).values[MONEY]
        assert isinstance(got, Decimal)
        assert got == typed
    store.set_value(draft, MONEY, Decimal("1E+3"))
    assert format_value(store.load(draft).values[MONEY]) == "1000"
    stored = store._conn.execute("SELECT value FROM cells WHERE key = ?", (MONEY,)).fetchone()[0]
    assert stored == "1000"  # TEXT in format_value's form, never a float


def test_blank_is_not_zero(store, spec21):
    key = _first_input(spec21)
    draft = store.create("gov-2021", "某县", 2023)
    store.set_value(draft, key, 0)
    assert store.load(draft).values == {key: 0}
    store.set_value(draft, key, None)
    assert key not in store.load(draft).values


def test_zero_money_and_blank_money_differ(store):
    draft = store.create("gov-2019", "某局", 2020)
    store.set_value(draft, MONEY, Decimal(0))
    assert store.load(draft).values[MONEY] == 0
    store.set_value(draft, MONEY, None)
    assert MONEY not in store.load(draft).values


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("applications.new.natural", -1, "不能为负数"),
        ("applications.new.natural", 1.5, "不是整数或金额"),
        ("applications.new.natural", "3", "不是整数或金额"),
        ("applications.new.natural", True, "不是整数或金额"),
        ("applications.new.natural", Decimal("2.5"), "只能填写整数"),
        ("applications.new.natural", 1_000_000_000, "太大"),
        ("applications.new.total", 3, "是合计，由程序自动计算"),
        ("no.such.cell", 3, "没有“no.such.cell”这一格"),
        (MONEY, Decimal("NaN"), "不是数字"),
        (MONEY, Decimal("-1"), "不能为负数"),
    ],
)
def test_a_bad_value_is_refused_in_chinese_and_nothing_is_written(store, key, value, says):
    draft = store.create("gov-2019", "某局", 2020)
    store.set_value(draft, "applications.new.legal", 4)
    before, stamp = store.load(draft), store.updated_at(draft)
    with pytest.raises(StoreError, match=says) as e:
        store.set_values(draft, {"applications.new.legal": 5, key: value})
    assert "没有保存" in str(e.value)
    assert store.load(draft) == before
    assert store.updated_at(draft) == stamp


def test_a_paste_is_written_whole(store, spec21):
    draft = store.create("gov-2021", "某县", 2023)
    keys = spec21.input_keys[:30]
    store.set_values(draft, {k: i for i, k in enumerate(keys)})
    assert store.load(draft).values == {k: i for i, k in enumerate(keys)}
    store.set_values(draft, dict.fromkeys(keys))  # the undo of that paste
    assert store.load(draft).values == {}


def test_texts_notes_meta_and_units(store, spec19):
    draft = store.create("gov-2019", "某局", 2020)
    section = spec19.sections[0].id
    store.set_text(draft, section, "本年度，我局……")
    store.set_note(draft, "W3:x", "属实")
    store.set_meta(draft, agency="某市某局", year=2019, date="2020-01-31", units={"procurement.amount": "元"})
    r = store.load(draft)
    assert (r.agency, r.year, r.date) == ("某市某局", 2019, "2020-01-31")
    assert r.texts == {section: "本年度，我局……"}
    assert r.notes == {"W3:x": "属实"}
    assert r.units == {"procurement.amount": "元"}
    store.set_text(draft, section, "")
    store.set_note(draft, "W3:x", "")
    store.set_meta(draft, units={"procurement.amount": ""})
    r = store.load(draft)
    assert (r.texts, r.notes, r.units) == ({}, {}, {})
    assert store.info(draft).agency == "某市某局"


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda s, d: s.set_text(d, "no_such_section", "x"), "没有“no_such_section”这一部分"),
        (lambda s, d: s.set_meta(d, year=1999), "年度“1999”不对"),
        (lambda s, d: s.set_meta(d, agency="某" * 201), "机关名称"),
        (
            lambda s, d: s.set_meta(d, agency="新名", units={"procurement.amount": "亿元"}),
            "金额单位“亿元”不对",
        ),
        (lambda s, d: s.set_meta(d, units={"applications.natural": "元"}), "金额列"),
        (lambda s, d: s.rename(d, "名" * 201), "草稿名称太长"),
        (lambda s, d: s.set_value(999, "applications.new.natural", 1), "找不到编号为 999 的草稿"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_written(store, call, says):
    draft = store.create("gov-2019", "某局", 2020, name="原名")
    before, info = store.load(draft), store.info(draft)
    with pytest.raises(StoreError, match=says):
        call(store, draft)
    assert store.load(draft) == before
    assert store.info(draft) == info


def test_save_report_replaces_everything_or_nothing(store, spec21):
    _, example = example_report("gov-2021")
    draft = store.create("gov-2021", "某县", 2023)
    store.set_text(draft, spec21.sections[0].id, "旧的文字")
    store.save_report(draft, example)
    assert store.load(draft) == example
    broken = example.copy()
    broken.values["applications.new.total"] = 1  # a derived cell
    with pytest.raises(StoreError, match="合计"):
        store.save_report(draft, broken)
    assert store.load(draft) == example
    with pytest.raises(StoreError, match="表式"):
        store.save_report(draft, Report("gov-2019", "某县", 2023))


def test_create_refuses_an_unknown_form_and_writes_nothing(store):
    with pytest.raises(StoreError, match="不认识表式“gov-1999”"):
        store.create("gov-1999", "某县", 2023)
    assert store.list(include_deleted=True) == []


def test_list_is_newest_first_and_find_matches_agency_year_form(store, spec21):
    a = store.create("gov-2021", "甲县", 2023)
    b = store.create("gov-2021", "乙县", 2023)
    c = store.create("gov-2019", "甲县", 2020)
    assert [d.id for d in store.list()] == [c, b, a]
    store.set_value(a, _first_input(spec21), 1)
    assert [d.id for d in store.list()] == [a, c, b]
    assert [d.id for d in store.find("甲县", 2023)] == [a]
    assert [d.id for d in store.find("甲县", 2020, "gov-2019")] == [c]
    assert store.find("甲县", 2020, "gov-2021") == []
    info = store.list()[0]
    assert isinstance(info, DraftInfo)
    assert (info.agency, info.year, info.form_id, info.deleted) == ("甲县", 2023, "gov-2021", False)
    assert info.title == "甲县2023年度报告"


def test_rename_and_duplicate_copy_everything(store, spec19):
    spec, sample = example_report("gov-2019")
    sample.notes = {"W1:x": "说明"}
    src = store.create("gov-2019", sample.agency, sample.year, name="初稿", report=sample)
    store.rename(src, "  定稿  ")
    assert store.info(src).name == "定稿"
    copy = store.duplicate(src)
    assert store.info(copy).name == "定稿（副本）"
    assert store.load(copy) == store.load(src)
    store.set_value(copy, "applications.new.natural", 99)
    assert store.load(src).values["applications.new.natural"] == sample.values["applications.new.natural"]
    named = store.duplicate(src, "给领导看的")
    assert store.info(named).name == "给领导看的"


def test_the_bin_hides_restores_and_empties(store, spec21):
    keep = store.create("gov-2021", "甲县", 2023)
    gone = store.create("gov-2021", "乙县", 2023)
    store.set_text(gone, spec21.sections[0].id, "正文")
    store.delete(gone)
    assert [d.id for d in store.list()] == [keep]
    assert store.find("乙县", 2023) == []
    binned = [d for d in store.list(include_deleted=True) if d.deleted]
    assert [d.id for d in binned] == [gone]
    store.restore(gone)
    assert {d.id for d in store.list()} == {keep, gone}
    store.delete(gone)
    assert store.empty_bin() == 1
    assert store.empty_bin() == 0
    assert [d.id for d in store.list(include_deleted=True)] == [keep]
    with pytest.raises(StoreError, match="找不到编号"):
        store.load(gone)
    rows = store._conn.execute("SELECT count(*) FROM texts WHERE draft_id = ?", (gone,)).fetchone()[0]
    assert rows == 0  # its texts went with it


def test_every_edit_moves_updated_at(tmp_path, forms, spec21):
    ticks = iter(range(10, 60))

    def clock():
        from datetime import datetime, timedelta, timezone

        return datetime(2026, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=8))) + timedelta(
            seconds=next(ticks)
        )

    with DraftStore.open(tmp_path / "d.sqlite3", forms, clock=clock) as s:
        draft = s.create("gov-2021", "某县", 2023)
        seen = [s.updated_at(draft)]
        for edit in (
            lambda: s.set_value(draft, _first_input(spec21), 3),
            lambda: s.set_text(draft, spec21.sections[0].id, "文"),
            lambda: s.set_meta(draft, date="2024-01-20"),
            lambda: s.set_note(draft, "W1:x", "说明"),
            lambda: s.rename(draft, "新名"),
        ):
            edit()
            seen.append(s.updated_at(draft))
        assert seen == sorted(set(seen))
        assert seen[0].startswith("2026-01-01T09:00:") and seen[0].endswith("+08:00")


def test_settings_remember_small_things(store):
    assert store.get_setting("last_draft") == ""
    assert store.get_setting("last_draft", "none") == "none"
    store.set_setting("last_draft", "3")
    store.set_setting("last_draft", "4")
    assert store.get_setting("last_draft") == "4"


def test_a_closed_store_says_so(tmp_path, forms):
    s = DraftStore.open(tmp_path / "d.sqlite3", forms)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="已经关闭"):
        s.list()


def test_texts_copied_from_last_year_are_kept_until_the_clerk_accepts_them(store, spec21):
    report = Report("gov-2021", "某县", 2023, texts={"problems": "去年的问题。"})
    report.texts_carried = {"problems": "去年的问题。"}
    draft = store.create("gov-2021", "某县", 2023, report=report)
    assert store.load(draft).texts_carried == {"problems": "去年的问题。"}
    copy = store.duplicate(draft)
    assert store.load(copy).texts_carried == {"problems": "去年的问题。"}
    store.accept_carried_text(draft, "problems")
    assert store.load(draft).texts_carried == {}
    assert store.load(draft).texts == {"problems": "去年的问题。"}
    with pytest.raises(StoreError):
        store.accept_carried_text(draft, "no_such_section")
