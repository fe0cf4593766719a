"""What changed between two runs (``digimod diff``): reports, key numbers, tables, input data, environment.

A pure comparison: two run folders in, a :class:`RunChanges` out; nothing is written here (the pages,
``changes.md`` and ``html/changes.html``, are :mod:`helpers.runner.changes_page`).

What is compared
----------------
reports
    By name (the manifests' records): added, removed, newly failed, fixed, run with other parameters.
    A report *works* when its status is ``ok`` or ``reused`` (its files were taken from an earlier run
    and lie in this run's folder like any other). Numbers, tables and inputs are compared only for
    reports that work in both runs: a failed report has no complete outputs, and its failure is the change.
numbers
    Every leaf of ``results.json``'s ``results``, flattened to a path such as
    ``digital[indicator=IT.NET.USER.ZS].value``: a list of records is keyed by the record's identifying
    field (:data:`ID_KEYS`: ``indicator``, ``iso3``, ``year``, …) when one is unique, else by position
    (``[3]``); a list of plain numbers by position; a list of strings is one value. Two numbers differ
    when they are not the same within the :class:`Tolerance`; a number that appears or disappears (or
    becomes null) counts; other values (strings, booleans, lists of names) differ when not equal.
tables
    Every CSV file of the report's folder. A byte-identical file is unchanged; otherwise both are parsed,
    rows matched by their leading label columns (``country,process``; :func:`table_key`) or, without
    such a key, aligned as sequences, and the changes counted: columns and rows added or removed, cells
    changed (numbers with the tolerance, text exactly).
inputs
    Each report's ``provenance`` block (the datasets it read), as records, never as numbers: datasets
    now or no longer read, releases and file checksums that changed.
data
    The manifests' ``data``: input files added, removed or with another sha256 (access dates are
    ignored: a refetch of the same bytes is no change), source releases, the data build's fingerprint.
environment
    The git commit and package versions (Python included). They are listed but are not a change of
    results: :attr:`RunChanges.changed` (what ``--fail-on-change`` tests) is true when reports, numbers,
    tables or input data changed, so that CI comparing a branch's reports with a baseline fails on
    different results, not on a different commit.

"The same kind" (:func:`same_kind`): how a scheduled run finds the run it is compared with
-----------------------------------------------------------------------------------------------
Two runs are of the same kind when their manifests' ``kind`` is the same (``collection``, ``profiles``,
``run``); for ``profiles`` their languages are the same; for ``run`` each report ran with the same
parameters; and at least half of all the report names of either run appear in both. The overlap rule
lets ``--countries all`` one month match the next month when a data release added or dropped an economy,
while an ad-hoc ``--countries CHN,USA`` run made in between is not taken for the previous monthly batch.
How a run was executed (workers, scheduler, warm kernels) does not matter.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..suggest import close_matches
from .reports import RunError

#: Statuses of a report whose files are complete (``reused``: taken from an earlier run, by content key).
WORKING = frozenset({"ok", "reused"})
#: Fields that identify a record in a list of records of ``results.json``, most telling first.
ID_KEYS = ("indicator", "iso3", "country", "process", "term", "model", "column", "id", "name", "group",
           "region", "outcome", "variant", "series", "dataset", "cohort_start", "year")
#: A table's key is at most this many leading columns.
MAX_KEY_COLUMNS = 3
#: Text that is a formatted number (``1.705***``, ``(0.265)``, ``12%``): a value, not a row label.
_NUMBER_LIKE = re.compile(r"^[\s(\[]*[-+−]?(\d[\d,]*\.?\d*|\.\d+)([eE][-+]?\d+)?[)\]*%†‡\s]*$")
#: Characters that make a results.json key unreadable in a dotted path: it is shown as ``["a.b"]``.
_PLAIN_KEY = re.compile(r"^[^.\[\]\"]+$")


@dataclass(frozen=True)
class Tolerance:
    """Two numbers are the same when ``|a − b| ≤ max(abs, rel · max(|a|, |b|))`` (as :func:`math.isclose`).

    The defaults sit above the rounding of the stored files (``results.json`` keeps 10 significant
    digits, CSV tables 6), so that any move a table shows is reported and float noise is not.
    """

    abs: float = 1e-9
    rel: float = 1e-6

    def __post_init__(self):
        for name, value in (("absolute", self.abs), ("relative", self.rel)):
            if not (_is_number(value) and math.isfinite(value) and value >= 0):
                raise RunError(f"the {name} tolerance must be a finite number ≥ 0, not {value!r}")

    def same(self, a: float, b: float) -> bool:
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=self.rel, abs_tol=self.abs)


@dataclass(frozen=True)
class RunInfo:
    """A run folder and what its manifest says about it."""

    folder: Path
    run_id: str
    kind: str
    created: str
    manifest: dict = field(repr=False, compare=False)


@dataclass(frozen=True)
class ValueChange:
    """A leaf of ``results.json`` that differs: ``old``/``new`` is None where the value is absent or null."""

    path: str
    old: object
    new: object

    @property
    def kind(self) -> str:
        """``appeared``, ``disappeared``, ``moved`` (two numbers) or ``changed`` (other values)."""
        if self.old is None:
            return "appeared"
        if self.new is None:
            return "disappeared"
        return "moved" if _is_number(self.old) and _is_number(self.new) else "changed"


#: A table row: its key ((column, value), …) when the table has one, else its 1-based position.
RowLabel = tuple[tuple[str, str], ...] | int


@dataclass(frozen=True)
class CellChange:
    row: RowLabel
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class TableChange:
    """A CSV file of a report whose content changed (``status``: ``added``, ``removed``, ``changed``)."""

    table: str
    status: str
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    rows_added: tuple[RowLabel, ...] = ()
    rows_removed: tuple[RowLabel, ...] = ()
    cells: tuple[CellChange, ...] = ()
    unreadable: str | None = None  # why a file could not be parsed as CSV (its bytes differ)


@dataclass(frozen=True)
class InputChange:
    """A dataset of a report's provenance: ``added`` (now read), ``removed``, ``release``, ``files``."""

    dataset: str
    change: str
    old: str | None = None
    new: str | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportChanges:
    """What changed inside one report that works in both runs."""

    report: str
    parameters: tuple[dict, dict] | None = None
    values: tuple[ValueChange, ...] = ()
    tables: tuple[TableChange, ...] = ()
    inputs: tuple[InputChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.parameters or self.values or self.tables or self.inputs)


@dataclass(frozen=True)
class FileChange:
    """An input file of the data build: ``added``, ``removed`` or ``checksum`` (another sha256)."""

    path: str
    change: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class DataChanges:
    files: tuple[FileChange, ...] = ()
    releases: tuple[tuple[str, str, str], ...] = ()  # (source, old release, new release)
    fingerprint: tuple[str, str] | None = None

    def __bool__(self) -> bool:
        return bool(self.files or self.releases or self.fingerprint)


@dataclass(frozen=True)
class EnvironmentChanges:
    commit: tuple[str | None, str | None] | None = None
    packages: tuple[tuple[str, str | None, str | None], ...] = ()  # (name, old version, new version)

    def __bool__(self) -> bool:
        return bool(self.commit or self.packages)


@dataclass(frozen=True)
class RunChanges:
    """Everything that differs between an older and a newer run (see the module docstring)."""

    old: RunInfo
    new: RunInfo
    tolerance: Tolerance
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (report, its error in the newer run)
    fixed: tuple[str, ...] = ()
    reports: tuple[ReportChanges, ...] = ()  # only reports with a change
    data: DataChanges = DataChanges()
    environment: EnvironmentChanges = EnvironmentChanges()

    @property
    def results_changed(self) -> bool:
        return bool(self.added or self.removed or self.failed or self.fixed or self.reports)

    @property
    def changed(self) -> bool:
        """Reports, numbers, tables or input data changed (what ``--fail-on-change`` tests)."""
        return self.results_changed or bool(self.data)

    def counts(self) -> dict[str, int]:
        """The numbers of the summary, one home for the pages and the command line."""
        with_values = [r for r in self.reports if r.values]
        with_tables = [r for r in self.reports if r.tables]
        files = self.data.files
        return {
            "added": len(self.added), "removed": len(self.removed), "failed": len(self.failed),
            "fixed": len(self.fixed),
            "parameters": sum(r.parameters is not None for r in self.reports),
            "values": sum(len(r.values) for r in with_values), "value_reports": len(with_values),
            "tables": sum(len(r.tables) for r in with_tables), "table_reports": len(with_tables),
            "input_reports": sum(bool(r.inputs) for r in self.reports),
            "checksums": sum(f.change == "checksum" for f in files),
            "files_added": sum(f.change == "added" for f in files),
            "files_removed": sum(f.change == "removed" for f in files),
            "releases": len(self.data.releases), "packages": len(self.environment.packages),
        }


# --- run folders ----------------------------------------------------------------------------------


def read_run(folder: Path) -> RunInfo:
    """The run in ``folder``; :class:`RunError` naming the problem and the fix when it is no complete run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RunError(f"{folder} is not a folder; give a run folder or a run id under {config.paths().outputs}")
    if folder.name.endswith(".partial"):
        raise RunError(f"{folder} is the staging folder of a run that has not finished (still running, or "
                       "killed); compare complete runs, or run the command again")
    manifest_file = folder / "manifest.json"
    if not manifest_file.is_file():
        raise RunError(f"{folder} is not a complete run folder (no manifest.json); give a folder written by "
                       "`digimod run`, `collection` or `profiles`, or a run id listed in outputs/index.html")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        reports = manifest["reports"]
        info = RunInfo(folder, str(manifest["run_id"]), str(manifest.get("kind", "")), str(manifest["created"]),
                       manifest)
        dt.datetime.fromisoformat(info.created)
        names = [record["report"] for record in reports]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        problem = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise RunError(f"{manifest_file} is damaged ({problem}); this run cannot be compared — run it "
                       "again, or compare other runs") from None
    if len(set(names)) != len(names):
        raise RunError(f"{manifest_file} lists a report twice; this run cannot be compared — run it again")
    return info


def resolve_run(argument: str, outputs: Path | None = None) -> Path:
    """A run folder from what a user typed: a path, a run id under ``outputs``, ``latest`` (the newest
    complete run) or ``previous`` (the newest complete run before it of the same kind, :func:`same_kind`)."""
    from .render import complete_runs, latest_run

    outputs = Path(outputs or config.paths().outputs)
    given = Path(argument)
    if given.exists():
        return given
    if argument == "latest":
        return latest_run(outputs)
    if argument == "previous":
        newest = read_run(latest_run(outputs))
        found = previous_run(newest, outputs)
        if found is None:
            raise RunError(f"no earlier run of the same kind as the latest run {newest.run_id} ({newest.kind}) "
                           f"in {outputs}; give two run folders or run ids (listed in {outputs / 'index.html'})")
        return found.folder
    if (outputs / argument).exists():
        return outputs / argument
    ids = [folder.name for folder, _ in complete_runs(outputs)]
    hints = close_matches(argument, ids, n=3)
    raise RunError(f"no run {argument!r}: not a folder, and no run with that id in {outputs}."
                   + (f" Did you mean: {', '.join(hints)}?" if hints else "")
                   + (f" The newest complete run is {ids[0]}; `latest` names the newest run, `previous` the run of its kind before it."
                      if ids else " There is no complete run there yet: run `make reports` to create one."))


def in_time_order(a: Path, b: Path) -> tuple[RunInfo, RunInfo]:
    """The two runs, older first (by the manifests' ``created`` time, then run id)."""
    first, second = read_run(a), read_run(b)
    if first.folder.resolve() == second.folder.resolve():
        raise RunError(f"both arguments name the same run {first.run_id}; give two different runs")
    key = lambda run: (dt.datetime.fromisoformat(run.created), run.run_id)
    return (first, second) if key(first) <= key(second) else (second, first)


def same_kind(a: dict, b: dict) -> bool:
    """Whether two runs' manifests are of the same kind (see the module docstring)."""
    if a.get("kind") != b.get("kind"):
        return False
    if a.get("kind") == "profiles":
        langs = [set((m.get("settings") or {}).get("langs") or ()) for m in (a, b)]
        if langs[0] != langs[1]:
            return False
    records = [{r["report"]: r.get("parameters", {}) for r in m.get("reports", [])} for m in (a, b)]
    if a.get("kind") == "run" and records[0] != records[1]:
        return False
    shared, either = records[0].keys() & records[1].keys(), records[0].keys() | records[1].keys()
    return bool(either) and 2 * len(shared) >= len(either)


def previous_run(run: RunInfo, outputs: Path | None = None) -> RunInfo | None:
    """The newest complete run created before ``run`` and of the same kind, or None."""
    from .render import complete_runs

    created = dt.datetime.fromisoformat(run.created)
    for folder, manifest in complete_runs(Path(outputs or run.folder.parent)):
        if folder.resolve() == run.folder.resolve() or dt.datetime.fromisoformat(manifest["created"]) >= created:
            continue
        if same_kind(manifest, run.manifest):
            try:
                return read_run(folder)
            except RunError:
                continue  # a damaged run is no basis for a comparison; try the one before
    return None


# --- comparing two runs ---------------------------------------------------------------------------


def compare_runs(old: Path | RunInfo, new: Path | RunInfo, tolerance: Tolerance | None = None) -> RunChanges:
    """Compare run ``old`` with the later run ``new``; see the module docstring for what is compared."""
    old = old if isinstance(old, RunInfo) else read_run(old)
    new = new if isinstance(new, RunInfo) else read_run(new)
    tolerance = tolerance or Tolerance()
    before = {r["report"]: r for r in old.manifest["reports"]}
    after = {r["report"]: r for r in new.manifest["reports"]}
    failed, fixed, reports = [], [], []
    for name, record in after.items():
        if name not in before:
            continue
        was, now = before[name].get("status") in WORKING, record.get("status") in WORKING
        if was and not now:
            failed.append((name, record.get("error") or record.get("status") or ""))
        elif now and not was:
            fixed.append(name)
        elif was and now:
            changes = compare_report(old, before[name], new, record, tolerance)
            if changes:
                reports.append(changes)
    return RunChanges(
        old=old, new=new, tolerance=tolerance,
        added=tuple(n for n in after if n not in before), removed=tuple(n for n in before if n not in after),
        failed=tuple(failed), fixed=tuple(fixed), reports=tuple(reports),
        data=compare_data(old.manifest.get("data") or {}, new.manifest.get("data") or {}),
        environment=compare_environment(old.manifest, new.manifest),
    )


def _report_folder(run: RunInfo, record: dict) -> Path:
    return run.folder / (record.get("outputs") or record["report"])


def compare_report(old: RunInfo, old_record: dict, new: RunInfo, new_record: dict,
                   tolerance: Tolerance) -> ReportChanges:
    """Parameters, numbers, tables and inputs of one report present and working in both runs."""
    old_dir, new_dir = _report_folder(old, old_record), _report_folder(new, new_record)
    old_results, new_results = read_results(old_dir / "results.json"), read_results(new_dir / "results.json")
    parameters = (old_record.get("parameters", {}), new_record.get("parameters", {}))
    return ReportChanges(
        report=new_record["report"],
        parameters=parameters if parameters[0] != parameters[1] else None,
        values=compare_values(old_results.get("results"), new_results.get("results"), tolerance),
        tables=compare_report_tables(old_dir, new_dir, tolerance),
        inputs=compare_inputs(old_results.get("provenance") or {}, new_results.get("provenance") or {}),
    )


def read_results(path: Path) -> dict:
    """A report's ``results.json`` ({} when it has none); RunError naming the file when it is damaged."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RunError(f"{path} cannot be read ({exc}); its run is damaged — run it again, or compare "
                       "other runs") from None
    if not isinstance(loaded, dict):
        raise RunError(f"{path} holds a {type(loaded).__name__}, not a results object; run the report again")
    return loaded


# --- numbers in results.json ----------------------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_label(value, column: str) -> bool:
    """A value that can identify a row or record: text that is not a formatted number, or a whole
    number in a column named like an identifier (``year``, ``cohort_start``)."""
    if isinstance(value, str):
        return bool(value.strip()) and not _NUMBER_LIKE.match(value) and _as_number(value) is None
    is_whole = _is_number(value) and float(value).is_integer()
    return is_whole and (column in ID_KEYS or "year" in column.lower())


def _unique(rows: list[dict], columns: tuple[str, ...]) -> bool:
    keys = [tuple(row.get(c) for c in columns) for row in rows]
    return len(set(keys)) == len(keys)


def record_key(records: list[dict]) -> tuple[str, ...] | None:
    """The :data:`ID_KEYS` field (or pair of fields) that identifies each record of a list, or None."""
    candidates = [k for k in ID_KEYS if all(_is_label(r.get(k), k) for r in records)]
    for size in (1, 2):
        for columns in itertools.combinations(candidates, size):
            if _unique(records, columns):
                return columns
    return None


def _path(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix and _PLAIN_KEY.match(key) else (
        key if _PLAIN_KEY.match(key) else f"{prefix}[{json.dumps(key, ensure_ascii=False)}]")


def flatten(value, prefix: str = "") -> dict[str, object]:
    """Leaves of a JSON value by path; nulls are left out (a null is no value)."""
    if isinstance(value, dict):
        return {p: v for key, item in value.items() for p, v in flatten(item, _path(prefix, str(key))).items()}
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            key = record_key(value)
            if key is not None:
                labels = [",".join(f"{k}={_plain(item[k])}" for k in key) for item in value]
                return {p: v for label, item in zip(labels, value, strict=True)
                        for p, v in flatten({k: x for k, x in item.items() if k not in key},
                                            f"{prefix}[{label}]").items()}
        numbers = any(map(_is_number, value)) and all(_is_number(v) or v is None for v in value)
        if numbers or any(isinstance(item, dict | list) for item in value):
            return {p: v for i, item in enumerate(value) for p, v in flatten(item, f"{prefix}[{i}]").items()}
        return {prefix: value} if value else {}
    return {} if value is None else {prefix: value}


def _plain(value) -> str:
    return str(int(value)) if _is_number(value) and float(value).is_integer() else str(value)


def _same_value(a, b, tolerance: Tolerance) -> bool:
    if _is_number(a) and _is_number(b):
        return tolerance.same(float(a), float(b))
    return a == b and type(a) is type(b)


def compare_values(old, new, tolerance: Tolerance) -> tuple[ValueChange, ...]:
    """The leaves of two ``results`` blocks that differ, in the newer block's order (then removed ones)."""
    before, after = flatten(old), flatten(new)
    changes = [ValueChange(path, before.get(path), value) for path, value in after.items()
               if path not in before or not _same_value(before[path], value, tolerance)]
    changes += [ValueChange(path, value, None) for path, value in before.items() if path not in after]
    return tuple(changes)


# --- tables ---------------------------------------------------------------------------------------


def compare_report_tables(old_dir: Path, new_dir: Path, tolerance: Tolerance) -> tuple[TableChange, ...]:
    """Every CSV file of a report's folder that was added, removed or whose content changed."""
    tables = lambda folder: {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.csv"))} \
        if folder.is_dir() else {}
    before, after = tables(old_dir), tables(new_dir)
    changes = []
    for name in sorted(before.keys() | after.keys()):
        if name not in before:
            changes.append(TableChange(name, "added"))
        elif name not in after:
            changes.append(TableChange(name, "removed"))
        else:
            change = compare_tables(before[name], after[name], tolerance, name)
            if change is not None:
                changes.append(change)
    return tuple(changes)


def read_table(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of a CSV file; a repeated column name gets a suffix (``value``, ``value.1``)."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not lines:
        return [], []
    columns, seen = [], {}
    for name in lines[0]:
        seen[name] = seen.get(name, -1) + 1
        columns.append(f"{name}.{seen[name]}" if seen[name] else name)
    return columns, [dict(itertools.zip_longest(columns, line[:len(columns)], fillvalue="")) for line in lines[1:]]


def _as_number(text: str) -> float | None:
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _same_cell(a: str, b: str, tolerance: Tolerance) -> bool:
    x, y = _as_number(a), _as_number(b)
    if x is not None and y is not None:
        return tolerance.same(x, y)
    return a == b


def table_key(columns: list[str], *tables: list[dict[str, str]]) -> tuple[str, ...] | None:
    """The fewest leading columns (at most :data:`MAX_KEY_COLUMNS`) that label every row and are unique
    in each table, e.g. ``country,process``; None when the leading columns hold values, not labels."""
    key: tuple[str, ...] = ()
    for column in columns[:MAX_KEY_COLUMNS]:
        if not all(_is_label(row[column], column) or _is_whole_label(row[column], column)
                   for rows in tables for row in rows):
            return None
        key += (column,)
        if all(_unique(rows, key) for rows in tables):
            return key
    return None


def _is_whole_label(text: str, column: str) -> bool:
    number = _as_number(text)
    return number is not None and _is_label(number, column)


def _row_pairs(old_rows, new_rows, columns, key):
    """(old row or None, new row or None, label) for every row of either table, matched by ``key`` or,
    without one, by aligning the rows as sequences (equal runs matched, replaced runs paired in order)."""
    if key is not None:
        label = lambda row: tuple((c, row[c]) for c in key)
        before = {label(row): row for row in old_rows}
        after = {label(row): row for row in new_rows}
        yield from ((before.get(k), row, k) for k, row in after.items())
        yield from ((row, None, k) for k, row in before.items() if k not in after)
        return
    as_tuple = lambda row: tuple(row.get(c, "") for c in columns)
    matcher = difflib.SequenceMatcher(None, [as_tuple(r) for r in old_rows], [as_tuple(r) for r in new_rows],
                                      autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + offset, j1 + offset
            old_row = old_rows[i] if i < i2 else None
            new_row = new_rows[j] if j < j2 else None
            yield old_row, new_row, (j if new_row is not None else i) + 1


def compare_tables(old_path: Path, new_path: Path, tolerance: Tolerance, name: str = "") -> TableChange | None:
    """How two versions of a CSV table differ, or None when they hold the same values (within tolerance)."""
    old_bytes, new_bytes = old_path.read_bytes(), new_path.read_bytes()
    if old_bytes == new_bytes:
        return None
    name = name or new_path.name
    try:
        (old_columns, old_rows), (new_columns, new_rows) = read_table(old_bytes), read_table(new_bytes)
    except (UnicodeDecodeError, csv.Error) as exc:
        return TableChange(name, "changed", unreadable=str(exc))
    common = [c for c in new_columns if c in old_columns]
    key = table_key(common, old_rows, new_rows)
    added, removed, cells = [], [], []
    for old_row, new_row, label in _row_pairs(old_rows, new_rows, common, key):
        if old_row is None:
            added.append(label)
        elif new_row is None:
            removed.append(label)
        else:
            cells += [CellChange(label, c, old_row[c], new_row[c]) for c in common
                      if not _same_cell(old_row[c], new_row[c], tolerance)]
    change = TableChange(name, "changed", tuple(c for c in new_columns if c not in old_columns),
                         tuple(c for c in old_columns if c not in new_columns), tuple(added), tuple(removed),
                         tuple(cells))
    unchanged = not (change.columns_added or change.columns_removed or added or removed or cells)
    return None if unchanged else change


# --- inputs, data, environment --------------------------------------------------------------------


def _files(records) -> dict[str, str | None]:
    return {f["path"]: f.get("sha256") for f in records or () if isinstance(f, dict) and "path" in f}


def _changed_files(old: dict, new: dict) -> tuple[str, ...]:
    return tuple(sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p)))


def compare_inputs(old: dict, new: dict) -> tuple[InputChange, ...]:
    """The datasets of two provenance blocks that differ: read or no longer read, release, file checksums."""
    before, after = old.get("datasets") or {}, new.get("datasets") or {}
    changes = []
    for dataset in sorted(before.keys() | after.keys()):
        if dataset not in before:
            changes.append(InputChange(dataset, "added", new=after[dataset].get("release")))
        elif dataset not in after:
            changes.append(InputChange(dataset, "removed", old=before[dataset].get("release")))
        else:
            was, now = before[dataset], after[dataset]
            if was.get("release") != now.get("release"):
                changes.append(InputChange(dataset, "release", was.get("release"), now.get("release")))
            files = _changed_files(_files(was.get("files")), _files(now.get("files")))
            if files:
                changes.append(InputChange(dataset, "files", files=files))
    return tuple(changes)


def _releases(inputs) -> dict[str, str]:
    by_source: dict[str, set[str]] = {}
    for item in inputs:
        by_source.setdefault(str(item.get("source") or ""), set()).add(str(item.get("release") or ""))
    return {source: "; ".join(sorted(releases)) for source, releases in by_source.items()}


def compare_data(old: dict, new: dict) -> DataChanges:
    """Input files, source releases and the build fingerprint of two manifests' ``data`` blocks."""
    before, after = _files(old.get("inputs")), _files(new.get("inputs"))
    files = []
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            files.append(FileChange(path, "added", new=after[path]))
        elif path not in after:
            files.append(FileChange(path, "removed", old=before[path]))
        elif before[path] != after[path]:
            files.append(FileChange(path, "checksum", before[path], after[path]))
    was, now = _releases(old.get("inputs") or ()), _releases(new.get("inputs") or ())
    releases = tuple((s, was.get(s, ""), now.get(s, "")) for s in sorted(was.keys() | now.keys())
                     if was.get(s, "") != now.get(s, ""))
    fingerprint = (old.get("fingerprint"), new.get("fingerprint"))
    return DataChanges(tuple(files), releases, fingerprint if fingerprint[0] != fingerprint[1] else None)


def compare_environment(old: dict, new: dict) -> EnvironmentChanges:
    """The git commit and the package versions of two manifests."""
    commit = (old.get("git_commit"), new.get("git_commit"))
    was, now = old.get("packages") or {}, new.get("packages") or {}
    packages = tuple((name, was.get(name), now.get(name)) for name in sorted(was.keys() | now.keys())
                     if was.get(name) != now.get(name))
    return EnvironmentChanges(commit if commit[0] != commit[1] else None, packages)
