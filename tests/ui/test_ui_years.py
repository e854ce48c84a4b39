"""Year after year in the window: a new report started from last year's draft or file, carried values
marked, cross-year checks against last year's draft, copied texts flagged, the figure inserted at the cursor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from ui_support import grid_of, new_report, shown, type_into

from giapp.catalog import get_form
from giapp.core.report import compute
from giapp.examples import example_report
from giapp.exchange.reportfile import write_report_file
from giapp.ui.gridmodel import CARRIED_ROLE

AGENCY = "某市测试局"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
COLS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
FORWARD = dict(zip(COLS, (3, 1, 0, 2, 0, 1), strict=True))
OFFER = "是否以它为基础新建 2021 年度的报告"


def last_year_report():
    """The published 2020 report (gov-2019) as this agency's, with something carried forward in every column
    but two (0 is carried as 0)."""
    spec, report = example_report("gov-2019")
    report.agency = AGENCY
    for col, n in FORWARD.items():
        report.values[f"applications.forward.{col}"] = n
    report.texts["other"] = "2020年无其他需要报告的事项。"
    return spec, report


def add_last_year(window) -> int:
    spec, report = last_year_report()
    return window.store.create(spec.id, AGENCY, 2020, name=f"{AGENCY}2020年度报告", report=report)


def rules(window) -> list[str]:
    panel = window.editor.checks
    return [panel.finding(panel.topLevelItem(i)).rule for i in range(panel.topLevelItemCount())]


def panel_rows(window, rule: str) -> list[list[str]]:
    panel = window.editor.checks
    items = [panel.topLevelItem(i) for i in range(panel.topLevelItemCount())]
    return [[it.text(c) for c in range(7)] for it in items if panel.finding(it).rule == rule]


def save_png(widget, name: str) -> QImage:
    ARTIFACTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = ARTIFACTS / name
    assert widget.grab().save(str(path))
    return QImage(str(path))


def test_new_report_offers_last_years_and_shows_carried_values(window, messenger):
    add_last_year(window)
    doc = new_report(window, 2021, AGENCY)
    assert any(OFFER in t for t in messenger.texts()), "the clerk is asked, in Chinese"
    assert doc.spec.id == "gov-2021" and doc.report.year == 2021
    grid = grid_of(window)
    m = grid.model()
    for col, n in FORWARD.items():
        key = f"applications.carried.{col}"
        assert shown(grid, key) == str(n)
        assert m.data(m.index_of(key), CARRIED_ROLE) is True
        tip = m.data(m.index_of(key), Qt.ItemDataRole.ToolTipRole)
        assert f"此数由{AGENCY}2020年政府信息公开工作年度报告结转而来：{n}。" in tip
    assert shown(grid, "applications.carried.total") == str(sum(FORWARD.values()))
    assert m.data(m.index_of("applications.new.natural"), CARRIED_ROLE) is False
    # kept by the store: reopened, the marks are still there
    draft = doc.draft_id
    window.show_start()
    window.open_draft(draft)
    m = grid_of(window).model()
    assert m.data(m.index_of("applications.carried.natural"), CARRIED_ROLE) is True
    assert "X1" not in rules(window)


def test_editing_a_carried_value_gives_x1_in_the_checks_panel(window, qtbot):
    add_last_year(window)
    new_report(window, 2021, AGENCY)
    grid = grid_of(window)
    type_into(qtbot, grid, "applications.carried.natural", "5")
    assert shown(grid, "applications.carried.natural") == "5"
    rows = panel_rows(window, "X1")
    assert len(rows) == 1
    level, _table, row, column, expected, found, message = rows[0]
    assert (level, column, expected, found) == ("错误", "自然人", "3", "5")
    assert "上年结转" in row + message
    tip = grid.model().data(
        grid.model().index_of("applications.carried.natural"), Qt.ItemDataRole.ToolTipRole
    )
    assert "现已改为 5，与上年报告不一致。" in tip and "错误：" in tip
    type_into(qtbot, grid, "applications.carried.natural", "3")
    assert "X1" not in rules(window)


def test_declining_the_offer_still_checks_against_last_years_draft(window, messenger, qtbot, monkeypatch):
    add_last_year(window)
    messenger.answers = [False]  # 从空白报告开始
    doc = new_report(window, 2021, AGENCY)
    assert doc.report.carried == {} and doc.previous is not None
    prev_spec, previous = doc.previous
    assert (prev_spec.id, previous.year) == ("gov-2019", 2020)
    grid = grid_of(window)
    assert shown(grid, "applications.carried.natural") == ""
    loads = []
    monkeypatch.setattr(window.store, "load", lambda *a: loads.append(a))
    type_into(qtbot, grid, "applications.carried.commercial", "4")
    rows = panel_rows(window, "X1")
    assert [(r[3], r[4], r[5]) for r in rows if r[3] == "商业企业"] == [("商业企业", "1", "4")]
    assert loads == [], "last year's report is read once when the draft opens, not at every edit"


def test_no_offer_without_last_years_draft_of_the_same_agency(window, messenger):
    spec, report = last_year_report()
    window.store.create(spec.id, "另一个单位", 2020, report=report)
    doc = new_report(window, 2021, AGENCY)
    assert not any(OFFER in t for t in messenger.texts())
    assert doc.report.carried == {} and doc.previous is None


def test_copied_text_banner_and_keep_original(window):
    add_last_year(window)
    doc = new_report(window, 2021, AGENCY)
    assert {"overview", "problems", "other"} <= set(doc.report.texts_carried)
    c6 = {f.section for f in doc.findings if f.rule == "C6"}
    assert {"overview", "problems", "other"} <= c6
    page = window.editor.show_section("problems")
    QApplication.processEvents()
    assert page.carried_banner.isVisible()
    assert "这一部分是从上年报告复制的，请按本年情况修改" in page.carried_label.text()
    assert page.text.toPlainText() == last_year_report()[1].texts["problems"]
    page.keep_button.click()
    assert not page.carried_banner.isVisible()
    assert "problems" not in {f.section for f in doc.findings if f.rule == "C6"}
    assert "problems" not in window.store.load(doc.draft_id).texts_carried
    # editing a copied text also ends its warning and its banner
    other = window.editor.show_section("other")
    QApplication.processEvents()
    assert other.carried_banner.isVisible()
    other.text.setPlainText("2021年无其他需要报告的事项。")
    other.flush()
    assert not other.carried_banner.isVisible()
    assert "other" not in {f.section for f in doc.findings if f.rule == "C6"}
    assert "overview" in {f.section for f in doc.findings if f.rule == "C6"}


def test_insert_figure_at_the_cursor(window, qtbot):
    doc = new_report(window, 2021, AGENCY)
    grid = grid_of(window)
    type_into(qtbot, grid, "applications.new.natural", "41")
    type_into(qtbot, grid, "applications.new.commercial", "7")
    page = window.editor.show_text("overview")
    before = "2021年，本机关共收到政府信息公开申请"
    page.text.setPlainText(before + "，均已按时答复。")
    cursor = page.text.textCursor()
    cursor.setPosition(len(before))
    page.text.setTextCursor(cursor)
    page.text.setFocus()
    qtbot.keyClick(
        page.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert page.text.toPlainText() == before + "48件，均已按时答复。"
    assert "48" in window.statusBar().currentMessage()
    page.flush()
    assert window.store.load(doc.draft_id).texts["overview"] == before + "48件，均已按时答复。"
    # the cursor in a quoted figure that is wrong: replaced by the right one, in the same numerals
    page.text.setPlainText("本年度共收到政府信息公开申请五十件。")
    cursor.setPosition(15)
    page.text.setTextCursor(cursor)
    page.insert_action.trigger()
    assert page.text.toPlainText() == "本年度共收到政府信息公开申请四十八件。"
    page.text.undo()  # one step of the editor's own undo
    assert page.text.toPlainText() == "本年度共收到政府信息公开申请五十件。"
    # nothing to insert: the text is left alone and the clerk is told why
    page.text.setPlainText("我们认真做好工作")
    page.insert_action.trigger()
    assert page.text.toPlainText() == "我们认真做好工作"
    assert "光标前的文字没有说明" in window.statusBar().currentMessage()
    assert page.insert_action in page.text.menu_actions and page.insert_action.text().startswith(
        "插入表中数字"
    )


def test_new_from_last_years_report_file(window, messenger, tmp_path):
    spec, report = last_year_report()
    path = tmp_path / "2020.giapp.json"
    write_report_file(path, spec, report)
    messenger.answers = [str(path)]
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "从上年报告新建" in a.text())
    action.trigger()
    doc = window.doc
    assert (doc.report.agency, doc.report.year, doc.spec.id) == (AGENCY, 2021, "gov-2021")
    assert {k: v for k, v in doc.report.carried.items()} == {
        f"applications.carried.{c}": n for c, n in FORWARD.items()
    }
    assert doc.report.texts["overview"] == report.texts["overview"]
    assert "已从上年报告结转了 6 个数字" in window.statusBar().currentMessage()


def test_new_from_last_years_workbook_across_the_format_change(window, messenger, tmp_path):
    from giapp.exchange.xlsx import write_workbook

    spec, report = last_year_report()
    path = tmp_path / "2020.xlsx"
    write_workbook(path, spec, report)
    messenger.answers = [str(path)]
    window.start.carry_file_button.click()  # the same from the start page
    doc = window.doc
    assert (doc.report.year, doc.spec.id) == (2021, "gov-2021")
    values = compute(get_form("gov-2021"), doc.report.values)
    assert values["applications.carried.total"] == sum(FORWARD.values())
    # a file that is not a report: a Chinese message, no draft
    bad = tmp_path / "x.giapp.json"
    bad.write_text("not json", encoding="utf-8")
    drafts = len(window.store.list())
    messenger.answers = [str(bad)]
    window.carryover.new_from_file(window)
    assert len(window.store.list()) == drafts
    assert messenger.shown[-1][0] == "error"


def test_aggregate_menu_opens_the_dialog_on_the_windows_store(window):
    tools = next(a for a in window.menuBar().actions() if a.text().startswith("工具"))
    assert tools.isVisible()
    window.aggregate_action.trigger()
    dialog = window.aggregate_dialog
    assert dialog.isVisible() and dialog.store is window.store and dialog.windowTitle() == "汇总"
    spec, report = example_report("gov-2021")  # as if the dialog had kept a summary as a draft
    draft = window.store.create(spec.id, "某县人民政府", report.year, name="某县汇总", report=report)
    dialog.draftCreated.emit(draft)
    assert "某县汇总" in window.start.recent.item(0).text()
    assert "汇总结果已保存为新草稿" in window.statusBar().currentMessage()
    dialog.close()


def test_2021_draft_carries_into_2022_in_the_same_format(window, messenger):
    spec, report = example_report("gov-2021")
    window.store.create(spec.id, report.agency, report.year, report=report)
    doc = new_report(window, report.year + 1, report.agency)
    assert doc.spec.id == "gov-2021"
    forward = compute(spec, report.values)
    grid = grid_of(window)
    for col in COLS:
        assert shown(grid, f"applications.carried.{col}") == str(forward[f"applications.forward.{col}"])
    assert doc.report.carried_from == report.title
    assert "X1" not in rules(window)


def test_insert_figure_is_first_in_the_texts_right_click_menu(window):
    from PySide6.QtCore import QPoint

    new_report(window, 2021, AGENCY)
    page = window.editor.show_text("overview")
    menu = page.text.context_menu(QPoint(5, 5))
    texts = [a.text() for a in menu.actions()]
    assert texts[0].startswith("插入表中数字") and menu.actions()[0] is page.insert_action
    assert menu.actions()[1].isSeparator()
    assert len(texts) > 5, "the usual editing actions stay"
    menu.deleteLater()


def test_gov_2019_prev_counts_carried_and_marked_in_table_two(window):
    spec, report = last_year_report()
    window.store.create(spec.id, AGENCY, 2019, report=report)  # the same figures, as the 2019 report
    doc = new_report(window, 2020, AGENCY)
    assert doc.spec.id == "gov-2019"
    last = compute(spec, report.values)
    grid = grid_of(window, "licensing")
    m = grid.model()
    for row in ("permits", "other_services"):
        key = f"licensing.{row}.prev_count"
        expected = (last[key] or 0) + (last[f"licensing.{row}.delta"] or 0)
        assert shown(grid, key) == str(expected)
        assert m.data(m.index_of(key), CARRIED_ROLE) is True
        assert "结转而来" in m.data(m.index_of(key), Qt.ItemDataRole.ToolTipRole)
    assert shown(grid, "licensing.other_services.prev_count") == "4"  # 0 last year + 4 added
