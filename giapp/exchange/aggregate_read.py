"""Find the agencies' files in folders and read each into a compact, picklable result (in worker processes)."""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, fingerprint
from giapp.core.rules import Finding, check
from giapp.core.values import Value
from giapp.exchange.reportfile import SUFFIX as REPORT_SUFFIX
from giapp.exchange.reportfile import ReportFileError, read_report_file

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OLD_SPREADSHEET_SUFFIXES = (".xls", ".et")  # offered to the clerk with a "save as .xlsx" hint, never skipped
# Below this many workbooks the ~0.5–1 s of starting worker processes outweighs what they save: with the fast
# reader a workbook costs ~4.5 ms in-process, and 2 workers only won from 300–500 workbooks (bench/aggregate.py).
POOL_MIN_WORKBOOKS = 300
POLL_SECONDS = 0.1
IN_FLIGHT_PER_WORKER = 4

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class AggregateCancelled(Exception):
    """The clerk pressed 取消 while files were being read."""


@dataclass(frozen=True)
class Loaded:
    """What the summary needs from one file, without the Report itself (memory stays flat)."""

    file: str
    error: str = ""  # non-empty: the file could not be read; the Chinese reason
    form_id: str = ""
    year: int = 0
    agency: str = ""
    fingerprint: str = ""
    values: tuple[Value, ...] = ()  # aligned with the form's input_keys; None is a blank cell
    units: tuple[tuple[str, str], ...] = ()  # ("table.col", unit) where the report chose a money unit
    findings: tuple[Finding, ...] = ()


def _is_hidden(path: Path) -> bool:
    if path.name.startswith((".", "~$")):  # Office and WPS lock files are "~$name.xlsx"
        return True
    try:
        attrs = getattr(path.lstat(), "st_file_attributes", 0)  # Windows only
    except OSError:
        return False  # then reading it will say what is wrong
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((REPORT_SUFFIX, *WORKBOOK_SUFFIXES, *OLD_SPREADSHEET_SUFFIXES))


def _files_under(folder: Path) -> list[Path]:
    inside: list[Path] = []
    # a folder that cannot be opened is listed (and refused with the reason), not skipped
    for root, dirs, files in os.walk(folder, onerror=lambda e: inside.append(Path(e.filename))):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(Path(root, d)))
        inside.extend(
            Path(root, f) for f in files if _wanted(Path(root, f)) and not _is_hidden(Path(root, f))
        )
    # by folder, then by name without the suffix: "财政局.xlsx" comes before "财政局 - 副本.xlsx"
    return sorted(inside, key=lambda x: (str(x.parent).lower(), x.name.split(".")[0].lower(), x.name.lower()))


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus every report file or workbook under the folders named, each once, in a stable order.

    A file named explicitly is always tried (and refused with a reason if it is not a report); inside folders
    other files (the narrative .docx, the PDF) are ignored, and so are hidden files and Office lock files.
    """
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        for f in _files_under(p) if p.is_dir() else [p]:
            found.setdefault(f.resolve() if f.exists() else f, None)
    return list(found)


def _read_report(path: Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report, list | None]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReportFileError(f"找不到“{path}”，请检查文件或文件夹是否已被移走。")
    if path.is_dir():
        raise ReportFileError(f"无法打开文件夹“{path}”，请检查是否有读取这个文件夹的权限。")
    if suffix in WORKBOOK_SUFFIXES:
        try:
            from giapp.exchange.xlsx import WorkbookError, read_workbook
        except ImportError:
            raise ReportFileError("这个版本还不能读取 Excel 工作簿，请改用 .giapp.json 报告文件。") from None
        try:
            spec, report, findings = read_workbook(path, forms)
        except WorkbookError as e:
            raise ReportFileError(str(e)) from None
        return spec, report, list(findings or ())
    if suffix in OLD_SPREADSHEET_SUFFIXES:
        raise ReportFileError(
            f"“{path.name}”是旧版表格文件（{suffix}），请用 Excel 或 WPS 打开后另存为 .xlsx，再重新汇总。"
        )
    if not path.name.lower().endswith(REPORT_SUFFIX) and suffix != ".json":
        raise ReportFileError(f"“{path.name}”不是 Excel 工作簿（.xlsx）或报告文件（.giapp.json）。")
    spec, report = read_report_file(path, forms)
    return spec, report, None


def _findings(read_findings: list | None, spec: FormSpec, report: Report) -> tuple[Finding, ...]:
    """The workbook reader has already checked (entered totals included); a report file is checked here."""
    found = check(spec, report) if read_findings is None else read_findings
    return tuple(sorted((f for f in found if isinstance(f, Finding)), key=lambda f: 0 if f.is_error else 1))


def read_source(path: str | Path, forms: dict[str, FormSpec]) -> Loaded:
    """One file → Loaded; every failure becomes a Chinese reason, never an exception (one bad file of 1,000)."""
    path = Path(path)
    try:
        spec, report, read_findings = _read_report(path, forms)
        findings = _findings(read_findings, spec, report)
        return Loaded(
            file=str(path),
            form_id=spec.id,
            year=report.year,
            agency=report.agency.strip(),
            fingerprint=fingerprint(spec, report),
            values=tuple(report.values.get(k) for k in spec.input_keys),
            units=tuple(sorted(report.units.items())),
            findings=findings,
        )
    except ReportFileError as e:
        return Loaded(file=str(path), error=str(e))
    except MemoryError:
        return Loaded(file=str(path), error=f"“{path.name}”太大，无法读取，请检查是否是正确的报告文件。")
    except Exception:  # a damaged file must not stop the other sources; the clerk sees one line
        return Loaded(file=str(path), error=f"“{path.name}”已损坏或不是本程序能读的报告文件，无法读取。")


_worker_forms: dict[str, FormSpec] = {}


def _init_worker(forms: dict[str, FormSpec]) -> None:
    _worker_forms.clear()
    _worker_forms.update(forms)


def _read_in_worker(path: str) -> Loaded:
    return read_source(path, _worker_forms)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def read_all(
    files: list[Path],
    forms: dict[str, FormSpec],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    workers: int | None = None,
) -> list[Loaded]:
    """Read every file, in worker processes when there are enough workbooks to pay for them; results in order."""
    workers = default_workers() if workers is None else workers
    books = sum(1 for f in files if f.suffix.lower() in WORKBOOK_SUFFIXES)
    results: list[Loaded | None] = [None] * len(files)
    done = 0

    def tick(i: int, loaded: Loaded) -> None:
        nonlocal done
        results[i] = loaded
        done += 1
        if progress:
            progress(done, len(files), Path(files[i]).name)

    if workers > 1 and books >= POOL_MIN_WORKBOOKS:
        _read_in_pool(files, forms, workers, tick, cancel)
    for i, f in enumerate(files):  # everything, or what a broken pool left unread
        if results[i] is None:
            if cancel and cancel():
                raise AggregateCancelled
            tick(i, read_source(f, forms))
    return results  # type: ignore[return-value]


def _read_in_pool(files, forms, workers: int, tick, cancel: Cancel | None) -> None:
    # spawn, not fork: the GUI calls this from a QThread, and forking a threaded process can deadlock; it is
    # also what Windows does, so what is measured here is what the clerk gets.
    ctx = multiprocessing.get_context("spawn")
    try:
        pool = cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(forms,))
    except (OSError, ValueError):
        return
    pending: dict[cf.Future, int] = {}
    queue = iter(enumerate(files))
    try:
        while True:
            # a few files in flight per worker, not all 1,000: waiting stays cheap and 取消 has little to drop
            for i, f in itertools.islice(queue, IN_FLIGHT_PER_WORKER * workers - len(pending)):
                pending[pool.submit(_read_in_worker, str(f))] = i
            if not pending:
                break
            if cancel and cancel():
                raise AggregateCancelled
            finished, _ = cf.wait(pending, timeout=POLL_SECONDS, return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                tick(pending.pop(fut), fut.result())
    except (cf.process.BrokenProcessPool, OSError, RuntimeError):
        return  # workers could not start or one died (out of memory?): the caller reads the rest in-process
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
