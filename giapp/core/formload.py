"""Load an official form definition (forms/*.toml) into a checked, compiled FormSpec, or say where it is wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

from giapp.core.formspec import (
    CELL_KINDS,
    RULE_KINDS,
    SCHEMA_VERSION,
    SEVERITIES,
    CellSpec,
    ColumnSpec,
    FormError,
    FormSpec,
    HeaderCell,
    RowSpec,
    RuleCheck,
    SectionSpec,
    TableSpec,
    Term,
)
from giapp.core.formtext import TEXT_RULE_KINDS, TextRule, read_text_rule


class _Reader:
    """Walks the parsed TOML and raises FormError naming the file and the place."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, what: str) -> FormError:
        return FormError(f"表式定义文件 {self.source} 有误（{where}）：{what}")

    def get(self, d: dict, name: str, typ: type | tuple, where: str, default=...):
        if name not in d:
            if default is ...:
                raise self.fail(where, f"缺少“{name}”")
            return default
        v = d[name]
        if typ is int and isinstance(v, bool) or not isinstance(v, typ):
            raise self.fail(where, f"“{name}”的类型不对")
        return v

    def text(self, d: dict, name: str, where: str, default=...) -> str:
        return self.get(d, name, str, where, default)

    def strings(self, d: dict, name: str, where: str, default=...) -> list[str]:
        v = self.get(d, name, list, where, default)
        if not all(isinstance(x, str) for x in v):
            raise self.fail(where, f"“{name}”应是文字的列表")
        return v


def load_form(path: str | Path) -> FormSpec:
    path = Path(path)
    r = _Reader(path.name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise r.fail("文件", f"无法读取：{e.strerror or e}") from None
    except UnicodeDecodeError:
        raise r.fail("文件", "不是 UTF-8 编码") from None
    except tomllib.TOMLDecodeError as e:
        raise r.fail("语法", str(e)) from None
    return build_form(data, r)


def build_form(data: dict, r: _Reader | None = None) -> FormSpec:
    r = r or _Reader("(内存)")
    if r.get(data, "schema", int, "文件头") != SCHEMA_VERSION:
        raise r.fail("文件头", f"schema 应为 {SCHEMA_VERSION}")
    form_id = r.text(data, "id", "文件头")
    years = r.get(data, "years", list, "文件头")
    if len(years) != 2 or not all(isinstance(y, int) for y in years) or years[0] > years[1]:
        raise r.fail("文件头", "years 应为 [起始年度, 截止年度]")

    tables: dict[str, TableSpec] = {}
    for i, t in enumerate(r.get(data, "tables", list, "文件头")):
        table = _read_table(t, i, r)
        if table.id in tables:
            raise r.fail(f"tables[{i}]", f"表 {table.id} 重复")
        tables[table.id] = table

    sections: list[SectionSpec] = []
    seen_tables: set[str] = set()
    for i, s in enumerate(r.get(data, "sections", list, "文件头")):
        where = f"sections[{i}]"
        sec = SectionSpec(
            id=r.text(s, "id", where),
            heading=r.text(s, "heading", where),
            template=r.text(s, "template", where, ""),
            tables=tuple(r.strings(s, "tables", where, [])),
        )
        for tid in sec.tables:
            if tid not in tables:
                raise r.fail(where, f"引用了不存在的表 {tid}")
            if tid in seen_tables:
                raise r.fail(where, f"表 {tid} 被两个部分引用")
            seen_tables.add(tid)
            tables[tid].section = sec.id
        sections.append(sec)
    if len({s.id for s in sections}) != len(sections):
        raise r.fail("sections", "部分的 id 重复")
    missing = set(tables) - seen_tables
    if missing:
        raise r.fail("sections", f"表 {', '.join(sorted(missing))} 不属于任何部分")

    cells: dict[str, CellSpec] = {}
    for t in tables.values():
        for row in t.rows:
            for col in t.columns:
                kind = "derived" if (row.derived or col.kind == "derived") else col.kind
                key = t.key(row.id, col.id)
                cells[key] = CellSpec(key, t.id, row.id, col.id, kind)

    checks: list[RuleCheck] = []
    kinds_rule = None
    text_rules: list[TextRule] = []
    sums: dict[str, tuple[str, ...]] = {}
    for i, rule in enumerate(r.get(data, "rules", list, "文件头", [])):
        where = f"rules[{i}]"
        kind = r.text(rule, "kind", where)
        if kind not in RULE_KINDS:
            raise r.fail(where, f"kind 应为 {'/'.join(RULE_KINDS)} 之一")
        severity = r.text(rule, "severity", where)
        if severity not in SEVERITIES:
            raise r.fail(where, "severity 应为 error 或 warning")
        rid, message = r.text(rule, "id", where), r.text(rule, "message", where)
        if kind == "kinds":
            kinds_rule = RuleCheck(rid, kind, severity, "", "", (), (), "", "", "", message)
            continue
        if kind in TEXT_RULE_KINDS:
            section_ids = {s.id for s in sections}
            text_rules.append(read_text_rule(rule, kind, rid, severity, message, section_ids, r, where))
            continue
        for c in _expand_rule(rule, kind, rid, severity, message, tables, r, where):
            checks.append(c)
            if kind == "sum":
                sums.setdefault(c.target, tuple(t.key for t in c.right))

    derived_keys = [k for k, c in cells.items() if c.kind == "derived"]
    for k in derived_keys:
        if k not in sums:
            raise r.fail("rules", f"合计格 {k} 没有求和规则")
    return FormSpec(
        id=form_id,
        name=r.text(data, "name", "文件头"),
        document=r.text(data, "document", "文件头"),
        years=(years[0], years[1]),
        sections=sections,
        tables=tables,
        cells=cells,
        input_keys=[k for k, c in cells.items() if c.is_input],
        derived=_order_derived(derived_keys, sums, r),
        checks=checks,
        kinds_rule=kinds_rule,
        source=r.source,
        rule_ids=tuple(
            dict.fromkeys(
                [c.rule_id for c in checks]
                + ([kinds_rule.rule_id] if kinds_rule else [])
                + [t.rule_id for t in text_rules]
            )
        ),
        text_rules=text_rules,
    )


def _read_table(t: dict, i: int, r: _Reader) -> TableSpec:
    where = f"tables[{i}]"
    tid = r.text(t, "id", where)
    where = f"表 {tid}"
    columns = []
    for j, c in enumerate(r.get(t, "columns", list, where)):
        cw = f"{where} 第 {j + 1} 列"
        kind = r.text(c, "kind", cw)
        if kind not in CELL_KINDS:
            raise r.fail(cw, f"kind 应为 {'/'.join(CELL_KINDS)} 之一")
        units = tuple(r.strings(c, "units", cw, []))
        unit = r.text(c, "unit", cw, "")
        if units and unit not in units:
            raise r.fail(cw, "unit 应在 units 之中")
        columns.append(
            ColumnSpec(
                id=r.text(c, "id", cw),
                label=r.text(c, "label", cw),
                kind=kind,
                span=r.get(c, "span", int, cw, 1),
                unit=unit,
                units=units,
                decimals=r.get(c, "decimals", int, cw, 0),
            )
        )
    rows = []
    for j, row in enumerate(r.get(t, "rows", list, where)):
        rw = f"{where} 第 {j + 1} 行"
        rows.append(
            RowSpec(
                id=r.text(row, "id", rw),
                labels=tuple(r.strings(row, "labels", rw)),
                derived=r.get(row, "derived", bool, rw, False),
            )
        )
    for what, ids in (("列", [c.id for c in columns]), ("行", [x.id for x in rows])):
        if len(set(ids)) != len(ids) or not ids:
            raise r.fail(where, f"{what}的 id 为空或重复")
    label_columns = r.get(t, "label_columns", int, where, 1)
    if any(len(x.labels) > label_columns for x in rows):
        raise r.fail(where, "行标签的层数多于 label_columns")
    corner = r.text(t, "corner", where, "")
    table = TableSpec(
        id=tid,
        section="",
        heading=r.text(t, "heading", where, ""),
        label_columns=label_columns,
        columns=columns,
        rows=rows,
        header=[],
        corner=corner,
    )
    if "header" in t:
        for j, h in enumerate(r.get(t, "header", list, where)):
            hw = f"{where} 表头第 {j + 1} 格"
            table.header.append(
                HeaderCell(
                    row=r.get(h, "row", int, hw),
                    col=r.get(h, "col", int, hw),
                    text=r.text(h, "text", hw),
                    rowspan=r.get(h, "rowspan", int, hw, 1),
                    colspan=r.get(h, "colspan", int, hw, 1),
                )
            )
    else:  # one header row: the corner over the labels, then each column with its span
        table.header.append(HeaderCell(0, 0, corner, 1, label_columns))
        x = label_columns
        for c in columns:
            table.header.append(HeaderCell(0, x, c.label, 1, c.span))
            x += c.span
    _check_header_tiles(table, r, where)
    return table


def _check_header_tiles(t: TableSpec, r: _Reader, where: str) -> None:
    """Header cells must cover the header grid exactly once: no gap, no overlap."""
    width, height = t.grid_width, t.header_rows
    seen: dict[tuple[int, int], str] = {}
    for h in t.header:
        if h.rowspan < 1 or h.colspan < 1 or h.row < 0 or h.col < 0 or h.col + h.colspan > width:
            raise r.fail(where, f"表头格“{h.text}”超出了表格范围")
        for y in range(h.row, h.row + h.rowspan):
            for x in range(h.col, h.col + h.colspan):
                if (y, x) in seen:
                    raise r.fail(where, f"表头格“{h.text}”与“{seen[(y, x)]}”重叠")
                seen[(y, x)] = h.text
    if len(seen) != width * height:
        raise r.fail(where, "表头没有铺满整个表头区域")


def _resolve_term(name: str, table: TableSpec, fixed: str, along: str, r: _Reader, where: str) -> Term:
    sign, prev = 1, False
    if name.startswith("-"):
        sign, name = -1, name[1:]
    if name.startswith("prev:"):
        prev, name = True, name[5:]
    if along == "row":  # names are columns, the row is fixed
        if name not in {c.id for c in table.columns}:
            raise r.fail(where, f"表 {table.id} 没有列 {name}")
        return Term(table.key(fixed, name), prev, sign)
    if name not in {x.id for x in table.rows}:
        raise r.fail(where, f"表 {table.id} 没有行 {name}")
    return Term(table.key(name, fixed), prev, sign)


def _expand_rule(rule, kind, rid, severity, message, tables, r: _Reader, where) -> list[RuleCheck]:
    table_ids = r.get(rule, "table", (str, list), where)
    table_ids = [table_ids] if isinstance(table_ids, str) else table_ids
    each = r.text(rule, "each", where)
    if each not in ("row", "column"):
        raise r.fail(where, "each 应为 row 或 column")
    out = []
    for tid in table_ids:
        if tid not in tables:
            raise r.fail(where, f"引用了不存在的表 {tid}")
        t = tables[tid]
        if kind == "sum":
            left_names, op = [r.text(rule, "target", where)], "="
            right_names = r.strings(rule, "of", where)
        else:
            left_names, op = r.strings(rule, "left", where), r.text(rule, "op", where)
            right_names = r.strings(rule, "right", where)
            if op not in ("=", "<="):
                raise r.fail(where, "op 应为 = 或 <=")
        # each row → checked in every row (or the rows named); each column → in every column named
        if each == "row":
            fixed_ids = [x.id for x in t.rows]
            limit = rule.get("rows")
        else:
            fixed_ids = [c.id for c in t.columns]
            limit = rule.get("columns")
        if limit == "@inputs":
            fixed_ids = [f for f in fixed_ids if _is_input_line(t, each, f)]
        elif limit is not None:
            if not isinstance(limit, list) or not set(limit) <= set(fixed_ids):
                raise r.fail(where, f"rows/columns 列出了表 {tid} 没有的行或列")
            fixed_ids = list(limit)
        for f in fixed_ids:
            left = tuple(_resolve_term(n, t, f, each, r, where) for n in left_names)
            right = tuple(_resolve_term(n, t, f, each, r, where) for n in right_names)
            row, col = (f, "") if each == "row" else ("", f)
            out.append(RuleCheck(rid, kind, severity, op, left[0].key, left, right, tid, row, col, message))
    return out


def _is_input_line(t: TableSpec, each: str, line_id: str) -> bool:
    if each == "row":
        return not t.row(line_id).derived
    return t.column(line_id).kind != "derived"


def _order_derived(keys, sums, r: _Reader) -> list[tuple[str, tuple[str, ...]]]:
    """Order derived cells so each comes after the derived cells it sums."""
    ordered: list[tuple[str, tuple[str, ...]]] = []
    state: dict[str, int] = {}

    def visit(k: str) -> None:
        if state.get(k) == 2:
            return
        if state.get(k) == 1:
            raise r.fail("rules", f"合计格 {k} 的求和规则循环引用")
        state[k] = 1
        for s in sums[k]:
            if s in sums:
                visit(s)
        state[k] = 2
        ordered.append((k, sums[k]))

    for k in keys:
        visit(k)
    return ordered
