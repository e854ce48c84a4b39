"""`giapp --self-test`: headless proof that this copy of the program works (sample, checks, PDF, workbook, Qt)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from giapp.pdfcheck import NotAPdf, pdf_facts

OK, FAILED, ABSENT = "OK", "失败", "未包含"
# the published 2020 sample, read as printed (official-formats.md, "The sample's errors"): totals 0 where they
# should be 3 and 5, the balance that fails; the overview's "3条" against 5 results, and section 六 missing
SAMPLE_ERRORS = ["I1", "I2", "I2", "S1"]
SAMPLE_WARNINGS = {"N1", "C3"}


class StepFailed(Exception):
    """A step whose result is not what it should be; str() says what was found, in Chinese."""


class Absent(Exception):
    """A part this build of the program does not include (yet)."""


@dataclass
class Run:
    """What the steps share: the temporary folder and what earlier steps produced."""

    tmp: Path
    forms: dict = field(default_factory=dict)
    sample: tuple = ()  # (spec, report) of the 2020 sample in the 2019 format
    example: tuple = ()  # (spec, report) of the consistent example in the current format
    pdf: Path | None = None
    xlsx: Path | None = None


def _optional(module: str, attr: str):
    """`module.attr` if this build includes it, else Absent (found by name: the parts land independently)."""
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        raise Absent
    mod = importlib.import_module(module)
    if not hasattr(mod, attr):
        raise Absent
    return getattr(mod, attr)


def step_resources(run: Run) -> str:
    from giapp.catalog import all_forms
    from giapp.paths import resource

    run.forms = all_forms()
    missing = [f for f in ("gov-2019", "gov-2021") if f not in run.forms]
    if missing:
        raise StepFailed(f"缺少表式 {'、'.join(missing)}")
    for part in ("fonts/wqy-microhei.ttc", "fonts/LICENSE-wqy-microhei.txt", "icons/giapp.png"):
        if not resource(*part.split("/")).is_file():
            raise StepFailed(f"缺少文件 resources/{part}")
    return f"{len(run.forms)} 种表式，字体和图标都在"


def step_data_folder(run: Run) -> str:
    from giapp.paths import data_dir

    folder = data_dir()
    if folder.resolve() != (run.tmp / "数据").resolve():
        raise StepFailed(f"数据文件夹是“{folder}”，不是自检用的临时文件夹")
    probe = folder / "写入测试.txt"
    probe.write_text("自检", encoding="utf-8")
    if probe.read_text(encoding="utf-8") != "自检":
        raise StepFailed("写入的内容读回来不一样")
    probe.unlink()
    return str(folder)


def step_load_examples(run: Run) -> str:
    from giapp.examples import example_report

    run.sample = example_report("gov-2019")
    run.example = example_report("gov-2021")
    spec, report = run.sample
    return f"{report.agency}{report.year}年（{spec.id}）"


def step_check(run: Run) -> str:
    from giapp.core.rules import check

    findings = check(*run.sample)
    errors = [f.rule for f in findings if f.is_error]
    warnings = [f.rule for f in findings if not f.is_error]
    if errors != SAMPLE_ERRORS:
        raise StepFailed(f"应发现错误 {'、'.join(SAMPLE_ERRORS)}，实际发现 {'、'.join(errors) or '没有错误'}")
    if missing := sorted(SAMPLE_WARNINGS - set(warnings)):
        raise StepFailed(f"没有发现应有的提醒 {'、'.join(missing)}")
    extra = check(*run.example)
    if extra:
        raise StepFailed(f"2021版示例本应没有问题，却发现 {len(extra)} 个")
    return (
        f"示例报告的已知问题全部找到：错误 {'、'.join(errors)}，提醒 {'、'.join(warnings)}；2021版示例无问题"
    )


def step_store(run: Run) -> str:
    from giapp.core.report import fingerprint
    from giapp.paths import database_path

    draft_store = _optional("giapp.store", "DraftStore")
    spec, report = run.sample
    with draft_store.open() as store:
        draft = store.create(spec.id, report.agency, report.year, report=report)
    with draft_store.open() as store:  # opened again: what was saved is in the file, not only in memory
        got = store.load(draft)
    differ = [k for k in spec.input_keys if got.values.get(k) != report.values.get(k)]
    if differ:
        raise StepFailed(f"{len(differ)} 个数字重新打开后不一样，例如 {differ[0]}")
    if fingerprint(spec, got) != fingerprint(spec, report):
        raise StepFailed("重新打开后的文字或单位、日期与保存的不一样")
    return f"{database_path().name}，重新打开后内容一致"


def _export(run: Run, write: Callable, name: str, what: str) -> Path:
    """Write the sample with an exporter into the temporary folder; the file must be there and not empty."""
    path = run.tmp / "导出" / name
    path.parent.mkdir(exist_ok=True)
    write(path, *run.sample)
    if not path.is_file() or path.stat().st_size == 0:
        raise StepFailed(f"没有写出{what}")
    return path


def step_pdf_export(run: Run) -> str:
    run.pdf = _export(run, _optional("giapp.exchange.pdf", "write_pdf"), "示例报告.pdf", "PDF文件")
    return f"{run.pdf.stat().st_size // 1024} KB"


def step_pdf_read(run: Run) -> str:
    from giapp.core.report import fingerprint

    _optional("giapp.exchange.pdf", "write_pdf")
    if run.pdf is None:
        raise StepFailed("没有可读回的PDF（导出失败）")
    try:
        facts = pdf_facts(run.pdf.read_bytes())
    except NotAPdf as e:
        raise StepFailed(str(e)) from None
    mark = fingerprint(*run.sample)
    if facts.pages < 1:
        raise StepFailed("PDF里没有页面")
    if not facts.a4:
        raise StepFailed("PDF的纸张不是A4")
    if not facts.contains(mark):
        raise StepFailed(f"PDF里找不到报告指纹 {mark}")
    return f"{facts.pages} 页，A4，指纹 {mark}"


def step_workbook_export(run: Run) -> str:
    write = _optional("giapp.exchange.xlsx", "write_workbook")
    run.xlsx = _export(run, write, "示例报告.xlsx", "工作簿文件")
    return f"{run.xlsx.stat().st_size // 1024} KB"


def step_workbook_read(run: Run) -> str:
    from giapp.core.report import fingerprint

    read_workbook = _optional("giapp.exchange.xlsx", "read_workbook")
    if run.xlsx is None:
        raise StepFailed("没有可读回的工作簿（导出失败）")
    spec, report = run.sample
    got_spec, got, _findings = read_workbook(run.xlsx, run.forms)
    if got_spec.id != spec.id:
        raise StepFailed(f"读回的表式是 {got_spec.id}，应为 {spec.id}")
    if (got.agency, got.year) != (report.agency, report.year):
        raise StepFailed(f"读回的是“{got.agency}{got.year}年”，应为“{report.agency}{report.year}年”")
    differ = [k for k in spec.input_keys if got.values.get(k) != report.values.get(k)]
    if differ:
        raise StepFailed(f"{len(differ)} 个数字读回来不一样，例如 {differ[0]}")
    mark = fingerprint(spec, report)
    with zipfile.ZipFile(run.xlsx) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    if mark.encode() not in xml:
        raise StepFailed(f"工作簿里找不到与PDF相同的报告指纹 {mark}")
    return f"{len(spec.input_keys)} 个数字一致，指纹 {mark}"


def step_qt(run: Run) -> str:
    from giapp.ui.selfcheck import qt_smoke

    return qt_smoke()


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("程序文件：表式、字体、图标", step_resources),
    ("数据文件夹：临时文件夹可以写入", step_data_folder),
    ("示例报告：载入", step_load_examples),
    ("检查：示例报告的已知问题", step_check),
    ("草稿库：保存后重新打开", step_store),
    ("PDF：导出示例报告", step_pdf_export),
    ("PDF：读回", step_pdf_read),
    ("Excel工作簿：导出示例报告", step_workbook_export),
    ("Excel工作簿：读回", step_workbook_read),
    ("界面：Qt 组件可以启动", step_qt),
]


def run_self_test(out: Callable[[str], None] | None = None) -> int:
    """Run every step in a temporary data folder, print one line each; 0 only when none failed."""
    from giapp import __version__

    out = out or _console_writer()
    debug = bool(os.environ.get("GIAPP_DEBUG"))
    saved_home = os.environ.get("GIAPP_HOME")
    where = Path(sys.executable).parent if getattr(sys, "frozen", False) else Path(__file__).parent
    out(f"giapp {__version__} 自检（程序位置：{where}）")
    counts = {OK: 0, FAILED: 0, ABSENT: 0}
    with tempfile.TemporaryDirectory(prefix="giapp-自检-") as tmp:
        run = Run(Path(tmp))
        # the self-test never touches the clerk's real drafts
        os.environ["GIAPP_HOME"] = str(run.tmp / "数据")
        try:
            for label, step in STEPS:
                status, detail = _run_step(step, run, debug)
                counts[status] += 1
                out(f"{label}：{status}" + (f"（{detail}）" if detail else ""))
        finally:
            _restore_home(saved_home)
    if counts[FAILED]:
        out(f"自检未通过：{counts[FAILED]} 项失败。请把以上内容发给技术支持。")
        return 1
    absent = f"，{counts[ABSENT]} 项这个版本未包含" if counts[ABSENT] else ""
    out(f"自检通过：{counts[OK]} 项正常{absent}。")
    return 0


def _run_step(step: Callable[[Run], str], run: Run, debug: bool) -> tuple[str, str]:
    try:
        return OK, step(run)
    except Absent:
        return ABSENT, "这个版本没有这部分"
    except StepFailed as e:
        return FAILED, str(e)
    except Exception as e:  # the self-test reports every failure as a line, never a crash
        if debug and sys.stderr is not None:  # a windowed program may have no stderr
            traceback.print_exc(file=sys.stderr)
        return FAILED, f"{type(e).__name__}：{e}"


def _restore_home(saved: str | None) -> None:
    if saved is None:
        os.environ.pop("GIAPP_HOME", None)
    else:
        os.environ["GIAPP_HOME"] = saved


def _console_writer() -> Callable[[str], None]:
    """Print to stdout; a windowed Windows program has none unless started with its output redirected."""
    stream = sys.stdout
    if stream is None and sys.platform == "win32":
        stream = _attach_parent_console()
    if stream is None:
        stream = open(Path(tempfile.gettempdir()) / "giapp-自检结果.txt", "w", encoding="utf-8")  # noqa: SIM115
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")

    def write(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    return write


def _attach_parent_console():
    """Write into the console `giapp.exe --self-test` was typed in (AttachConsole(ATTACH_PARENT_PROCESS))."""
    import ctypes

    if not ctypes.windll.kernel32.AttachConsole(-1):  # type: ignore[attr-defined]
        return None
    try:
        return open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
