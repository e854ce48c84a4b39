"""One open draft: its report, totals and findings, written through the store at every edit, with undo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from giapp.core.carry import carried_tooltip
from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute
from giapp.core.rules import Finding, check, count_by_severity
from giapp.core.values import Value
from giapp.store import StoreError
from giapp.ui.storecall import failure_text


class SetValuesCommand(QUndoCommand):
    """An edit or a paste: the cells' values before and after, written again on undo/redo.

    When the store refuses an undo (or redo), nothing changed: the stack is put back where it was
    (ReportDocument._put_back) and the step is skipped without writing, since the store still holds it."""

    def __init__(self, doc: ReportDocument, old: dict[str, Value], new: dict[str, Value], text: str):
        super().__init__(text)
        self.doc, self.old, self.new = doc, old, new
        self.first = True  # the first redo only mirrors what set_values already wrote
        self.putting_back = False  # the next redo/undo only moves the stack back over a refused step

    def _step(self, values: dict[str, Value], what: str, back_to: int) -> None:
        if self.putting_back:
            self.putting_back = False
        elif self.doc._write(values, f"{what}没有完成，表中的数字没有变化。"):
            self.doc.show_requested.emit(next(iter(values)))  # the clerk sees what changed
        else:
            self.putting_back = True
            self.doc._put_back = back_to

    def redo(self) -> None:
        if self.first:
            self.first = False
            self.doc._applied(self.new)
        else:
            self._step(self.new, "重做", self.doc.undo_stack.index())

    def undo(self) -> None:
        self._step(self.old, "撤销", self.doc.undo_stack.index())


class ReportDocument(QObject):
    """Everything the editor shows of a draft; the store is written before the screen changes."""

    values_changed = Signal(object)  # set of cell keys whose shown value moved (inputs and totals)
    findings_changed = Signal()
    saved = Signal(str)  # "HH:MM:SS" of the last write
    meta_changed = Signal()
    write_failed = Signal(str)  # a Chinese message: the store refused, nothing was written
    show_requested = Signal(str)  # a cell key to bring into view (after undo/redo)

    def __init__(
        self,
        store,
        draft_id: int,
        spec: FormSpec,
        report: Report,
        parent: QObject | None = None,
        previous: tuple[FormSpec, Report] | None = None,
    ):
        super().__init__(parent)
        self.store, self.draft_id, self.spec, self.report = store, draft_id, spec, report
        # last year's report of the same agency (spec, report), for the cross-year checks; None when unknown
        self.previous = previous
        self.undo_stack = QUndoStack(self)
        self._put_back = -1  # the stack index to return to after a refused undo/redo
        self.undo_stack.indexChanged.connect(self._after_step)
        self.values = compute(spec, report.values)
        self.findings: list[Finding] = []
        self.cell_findings: dict[str, list[Finding]] = {}  # the cell a finding points at first
        self.related_findings: dict[str, list[Finding]] = {}  # the other cells of a small rule
        self.last_saved = ""
        self._recheck()

    # ------------------------------------------------------------------ reading
    def value(self, key: str) -> Value:
        return self.values.get(key)

    def counts(self) -> tuple[int, int]:
        return count_by_severity(self.findings)

    def findings_of_table(self, table_id: str) -> list[Finding]:
        return [f for f in self.findings if f.table_id == table_id and not f.in_text]

    def findings_of_section(self, section_id: str) -> list[Finding]:
        """Findings about a text section; the report's own fields (机关名称, 成文日期) count with the preamble."""
        own = [f for f in self.findings if f.section == section_id]
        if section_id == "preamble":
            own += [f for f in self.findings if not (f.section or f.cells or f.table_id)]
        return own

    def carried_tooltip(self, key: str) -> str | None:
        """What a carried cell's mark says (its source and value), None for a cell not carried."""
        return carried_tooltip(self.report, key)

    def text_is_carried(self, section_id: str) -> bool:
        """The section still holds the text copied from last year's report, not yet edited or accepted."""
        copied = self.report.texts_carried.get(section_id, "")
        return bool(copied) and self.report.texts.get(section_id, "") == copied

    def entered_total(self, key: str) -> Value:
        totals = self.report.entered_totals
        return totals.get(key) if totals is not None else None

    # ------------------------------------------------------------------ cells
    def set_values(self, new: dict[str, Value], text: str) -> bool:
        """Write the cells (None clears one) as one undoable step; False when the store refused."""
        old = {k: self.report.values.get(k) for k in new}
        changed = {k: v for k, v in new.items() if old[k] != v or type(old[k]) is not type(v)}
        if not changed:
            return True
        if not self._store_write(changed):
            return False
        self.undo_stack.push(SetValuesCommand(self, {k: old[k] for k in changed}, changed, text))
        return True

    def _write(self, values: dict[str, Value], failed: str = "") -> bool:
        if not self._store_call(self.store.set_values, values, failed=failed):
            return False
        self._applied(values)
        return True

    def _after_step(self, index: int) -> None:
        """Undo/redo moved the stack although the store refused: move it back (the step stays to try again)."""
        back, self._put_back = self._put_back, -1
        if back >= 0 and back != index:
            self.undo_stack.setIndex(back)

    def _store_write(self, values: dict[str, Value]) -> bool:
        return self._store_call(self.store.set_values, values)

    def _store_call(self, method, *args, failed: str = "", **kwargs) -> bool:
        """One store write for this draft; a refusal is told to the clerk (write_failed) and gives False,
        and nothing on screen pretends it was kept."""
        try:
            method(self.draft_id, *args, **kwargs)
        except (StoreError, OSError) as e:
            self.write_failed.emit(f"{failed or '刚才的修改没有保存。'}{failure_text(e)}")
            return False
        self._mark_saved()
        return True

    def _applied(self, values: dict[str, Value]) -> None:
        for k, v in values.items():
            if v is None:
                self.report.values.pop(k, None)
            else:
                self.report.values[k] = v
        before = self.values
        self.values = compute(self.spec, self.report.values)
        moved = {k for k, v in self.values.items() if before.get(k) != v} | set(values)
        self.values_changed.emit(moved)
        self._recheck()

    # ------------------------------------------------------------------ texts, notes, metadata
    def set_text(self, section_id: str, text: str) -> None:
        if self.report.texts.get(section_id, "") == text:
            return
        if self._store_call(self.store.set_text, section_id, text):
            self.report.texts[section_id] = text
            self._recheck()

    def accept_carried_text(self, section_id: str) -> None:
        """保留原文: last year's copied text is kept as it is; its "not edited" warning goes."""
        if self._store_call(self.store.accept_carried_text, section_id):
            self.report.texts_carried.pop(section_id, None)
            self._recheck()

    def set_note(self, finding_id: str, text: str) -> None:
        if self.report.notes.get(finding_id, "") == text:
            return
        if self._store_call(self.store.set_note, finding_id, text):
            self.report.notes[finding_id] = text

    def set_meta(self, **meta) -> bool:
        if not self._store_call(self.store.set_meta, **meta):
            return False
        for k, v in meta.items():
            setattr(self.report, k, v)
        self.meta_changed.emit()
        return True

    def set_unit(self, table_id: str, col_id: str, unit: str) -> None:
        units = {**self.report.units, f"{table_id}.{col_id}": unit}
        if self.set_meta(units=units):
            self.values_changed.emit(
                {k for k, c in self.spec.cells.items() if (c.table, c.col) == (table_id, col_id)}
            )

    def accept_computed_totals(self) -> None:
        """Drop the totals printed in an imported file: from now on the program's sums are the report's."""
        report = self.report.copy()
        report.entered_totals = None
        if not self._store_call(self.store.save_report, report):
            return
        self.report.entered_totals = None
        self.values_changed.emit({k for k, _ in self.spec.derived})
        self._recheck()
        self.meta_changed.emit()

    # ------------------------------------------------------------------ checks
    def _mark_saved(self) -> None:
        self.last_saved = dt.datetime.now().strftime("%H:%M:%S")
        self.saved.emit(self.last_saved)

    def _recheck(self) -> None:
        prev_spec, previous = self.previous or (None, None)
        findings = check(self.spec, self.report, previous, prev_spec)
        if findings == self.findings:
            return
        self.findings = findings
        cells: dict[str, list[Finding]] = {}
        related: dict[str, list[Finding]] = {}
        for f in findings:
            if f.cells:
                cells.setdefault(f.cells[0], []).append(f)
            # a balance over a few cells points at all of them; a sum over a whole row only at its total
            for key in f.cells[1:] if len(f.cells) <= 4 else ():
                related.setdefault(key, []).append(f)
        old_marked = set(self.cell_findings) | set(self.related_findings)
        self.cell_findings, self.related_findings = cells, related
        self.findings_changed.emit()
        self.values_changed.emit(old_marked | set(cells) | set(related))
