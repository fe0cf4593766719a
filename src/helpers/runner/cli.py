"""The ``digimod`` command (also ``python -m helpers``): argument parsing only.

    digimod data fetch|build|status          the data layer
    digimod run NOTEBOOK [-p NAME VALUE]... [-f params.yaml] [--timeout SECONDS] [--force]
    digimod collection [--no-html] [--workers N] [--timeout SECONDS] [--force]   notebooks 00–04 and 06, then their HTML
    digimod profiles --countries all|CHN,USA [--lang en,zh] [--workers N] [--scheduler ADDRESS] [--timeout SECONDS]
                     [--force]
    digimod clean --keep N                   keep the newest N complete runs of each kind, remove the rest
    digimod params [NOTEBOOK]...             every notebook's parameters: type, default, allowed values
    digimod render RUN|latest                HTML reports and index pages for a run folder
    digimod diff RUN_A RUN_B [--tolerance-abs X] [--tolerance-rel Y] [--fail-on-change]   what changed

Reports unchanged since an earlier run (same code, parameters, data and environment) are reused, not
executed; ``--force`` executes them all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
from pathlib import Path

from .. import config
from ..errors import ParameterError


def _data_fetch(args) -> int:
    from ..data import fetch

    paths = config.paths()
    where = f"mirror {paths.mirror}" if paths.mirror else "publisher URLs"
    print(f"fetching into {paths.raw} from {where}")
    files = fetch.fetch_all(paths, accept_new=args.accept_new)
    for code in args.wdi or []:
        files.extend(fetch.fetch_wdi_indicator(code, paths, accept_new=args.accept_new).values())
    print(f"{len(files)} files present and verified")
    return 0


def _data_build(args) -> int:
    from ..data import build

    build.build(force=args.force)
    return 0


def _data_status(args) -> int:
    from ..data import build, catalog, fetch

    paths = config.paths()
    print(f"raw files:  {paths.raw}")
    print(f"mirror:     {paths.mirror or '(none; set DIGIMOD_MIRROR to use one)'}")
    bad = 0
    for source in catalog.load_catalog().values():
        print(f"\n{source.id} — {source.publisher}: {source.release} [{source.licence}]")
        for entry in source.files:
            path = paths.raw / entry.path
            ok, state = fetch.raw_file_state(path, entry)  # hashes the file
            bad += not ok
            accessed = (fetch.read_sidecar(path) or {}).get("accessed", "") if ok else ""
            if accessed:
                when = dt.datetime.fromisoformat(accessed)
                state += f", fetched {(dt.datetime.now(dt.UTC) - when).days} d ago"
            print(f"  {entry.path:<75} {state}")
    manifest = build.read_manifest(paths)
    if manifest:
        print(f"\nprocessed panel: {manifest['rows']:,} rows, {manifest['countries']} countries, built {manifest['built_at']}")
    else:
        print("\nprocessed panel: not built (run `make data`)")
    if bad:
        print(f"{bad} raw file(s) not ok: run `digimod data fetch`")
    return 1 if bad else 0


def _parse_value(text: str):
    from .overrides import parse_override

    return parse_override(f"x={text}")[1]


def _read_parameters_file(file: str) -> dict:
    """The mapping of parameter names to values in a ``-f`` YAML file; ParameterError saying what is wrong."""
    import yaml

    from ..files import parse_yaml

    try:
        with open(file, encoding="utf-8") as fh:
            loaded = parse_yaml(fh)
    except OSError as exc:
        raise ParameterError(f"cannot read the parameters file {file} ({exc.strerror or exc}); "
                             "check the path given to -f") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"the parameters file {file} is not UTF-8 text ({exc.reason} at byte "
                             f"{exc.start}); save it as UTF-8") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        problem = getattr(exc, "problem", None) or exc
        raise ParameterError(f"the parameters file {file} is not valid YAML{at}: {problem}. It must hold "
                             "`name: value` lines, e.g. `year: 2019`") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{file} must hold a mapping of parameter names to values (`year: 2019`), "
                             f"got a {type(loaded).__name__}")
    return loaded


def _overrides(args) -> dict:
    values: dict = {}
    if args.file:
        values.update(_read_parameters_file(args.file))
    for name, value in args.parameter or []:
        values[name] = _parse_value(value)
    return values


def _finish(final, records) -> int:
    from .runs import succeeded, summary_table

    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(succeeded(r) for r in records) else 1


def _run(args) -> int:
    from .overrides import validate_overrides
    from .reports import ReportSpec, resolve_notebook
    from .runs import run_reports

    notebook = resolve_notebook(args.notebook)
    overrides = validate_overrides(notebook, _overrides(args))  # before any kernel starts
    return _finish(*run_reports([ReportSpec(notebook.name, overrides)], "run", settings={"notebook": notebook.name},
                                timeout=args.timeout, force=args.force))


def _collection(args) -> int:
    from .runs import run_collection

    final, records = run_collection(timeout=args.timeout, workers=args.workers, force=args.force)
    code = _finish(final, records)
    changes_since_previous(final)  # before rendering, so the run's index page links the changes
    if not args.no_html:
        from .render import render_run

        print(f"HTML reports: open {render_run(final)}")
    return code


PROFILE_NOTEBOOK = "05_country_profile.ipynb"


def profile_countries(selection: str) -> list[str]:
    """``all`` (every economy in the panel that is not an aggregate) or a comma-separated list."""
    from ..data import country_table, panel_frame, resolve_country

    countries = country_table()
    if selection.strip().lower() == "all":
        in_panel = set(panel_frame()["iso3"].astype(str))
        economies = countries[~countries["is_aggregate"] & countries["iso3"].isin(in_panel)]
        return sorted(economies["iso3"])
    return _distinct("--countries", selection, lambda c: resolve_country(c, countries))


def _distinct(option: str, selection: str, resolve) -> list:
    """``resolve`` each comma-separated entry of ``selection``; refuse empty entries and repeats."""
    if not selection.strip():
        raise ParameterError(f"{option} is empty; give a comma-separated list, e.g. {option} CHN,USA")
    resolved: dict = {}
    for entry in selection.split(","):
        if not entry.strip():
            raise ParameterError(f"{option} {selection!r} has an empty entry; remove the extra comma")
        value = resolve(entry.strip())
        if value in resolved:
            spellings = f" ({resolved[value]!r} and {entry.strip()!r})" if resolved[value] != entry.strip() else ""
            raise ParameterError(f"{option} names {value} more than once{spellings}; each report would run "
                                 "twice into the same folder")
        resolved[value] = entry.strip()
    return list(resolved)


def _profiles(args) -> int:
    from ..i18n import check_lang
    from .overrides import validate_overrides
    from .reports import ReportSpec, resolve_notebook
    from .runs import run_reports

    notebook = resolve_notebook(PROFILE_NOTEBOOK)
    langs = _distinct("--lang", args.lang, lambda x: check_lang(x, "--lang"))
    countries = profile_countries(args.countries)
    validate_overrides(notebook, {"country": countries[0], "lang": langs[0]})
    specs = [
        ReportSpec(notebook.name, {"country": iso3, "lang": lang}, name=f"{notebook.stem}-{iso3}-{lang}")
        for iso3 in countries
        for lang in langs
    ]
    executor = "local" if args.sequential else "dask"
    print(f"{len(specs)} profiles ({len(countries)} countries × {len(langs)} languages) on "
          f"{args.scheduler or f'a local Dask cluster with {args.workers} workers' if executor == 'dask' else 'this process'}")
    settings = {"countries": countries, "langs": langs, "workers": args.workers, "scheduler": args.scheduler,
                "executor": executor, "warm_kernels": not args.cold}
    final, records = run_reports(specs, "profiles", executor=executor, workers=args.workers,
                                 scheduler=args.scheduler, warm=not args.cold, settings=settings,
                                 timeout=args.timeout, force=args.force)
    code = _finish(final, records)
    changes_since_previous(final)
    return code


def _clean(args) -> int:
    from .runs import clean_runs

    outputs = config.paths().outputs
    removed, freed = clean_runs(args.keep, outputs)
    for folder, manifest in removed:
        print(f"  removed {folder.name}  ({manifest.get('kind')}, {manifest.get('created')})")
    size = f"{freed / 2**20:.1f} MiB" if freed >= 2**20 else f"{freed / 1024:.1f} KiB"
    print(f"removed {len(removed)} run(s) from {outputs}, freed {size}; kept the newest "
          f"{args.keep} complete run(s) of each kind")
    return 0


def _render(args) -> int:
    from .changes import resolve_run
    from .render import render_run

    index = render_run(resolve_run(args.run))
    print(f"HTML reports written; open {index}")
    return 0


def _diff(args) -> int:
    from .changes import Tolerance, compare_runs, in_time_order, resolve_run
    from .changes_page import summary_items, write_changes
    from .render import changes_texts

    old, new = in_time_order(resolve_run(args.run_a), resolve_run(args.run_b))
    changes = compare_runs(old, new, Tolerance(args.tolerance_abs, args.tolerance_rel))
    page = write_changes(changes)
    print(f"{old.run_id} (older) → {new.run_id} (newer)")
    for line in summary_items(changes, changes_texts("en")):
        print(f"  {line}")
    print(f"changes written to {new.folder / 'changes.md'} (中文: changes.zh.md); open {page}")
    return 1 if args.fail_on_change and changes.changed else 0


def changes_since_previous(run_dir: Path) -> None:
    """After a batch: write what changed since the previous run of the same kind into ``run_dir`` and say
    where (nothing when it is the first run of its kind). A comparison that cannot be made is reported on
    stderr and does not fail the batch, whose reports are complete."""
    from .changes_page import diff_with_previous
    from .reports import RunError

    try:
        page = diff_with_previous(run_dir)
    except RunError as exc:
        print(f"digimod: warning: no changes page: {exc}", file=sys.stderr)
        return
    if page is not None:
        print(f"what changed since the previous run of this kind: open {page}")


def _params(args) -> int:
    from .overrides import describe_parameters
    from .reports import collection_notebooks, resolve_notebook

    notebooks = [resolve_notebook(n) for n in args.notebooks] or [*collection_notebooks(), resolve_notebook(PROFILE_NOTEBOOK)]
    for notebook in notebooks:
        print(f"{notebook.stem}")
        for row in describe_parameters(notebook):
            print(f"  {row['name']:<28} {row['type']:<6} {row['default']:<24} {row['help']}")
    return 0


def _refresh(args) -> int:
    from .reports import collection_notebooks
    from .stored_outputs import refresh_stored_outputs

    names = args.notebooks or [p.name for p in collection_notebooks()] + [PROFILE_NOTEBOOK]
    for name in names:
        print(f"{name}: {refresh_stored_outputs(name)} checked cell(s) refreshed")
    print("Review `git diff notebooks/`, then run `cd notebooks && ../.venv/bin/jupytext --sync *.ipynb`.")
    return 0


def _positive(kind):
    """An argparse type: a number of ``kind`` greater than zero (``--workers 0`` would wait forever)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value > 0 or value == float("inf"):
            raise argparse.ArgumentTypeError(f"must be a positive {'whole ' if kind is int else ''}number, not {text!r}")
        return value
    parse.__name__ = f"positive {kind.__name__}"
    return parse


def _non_negative(text: str) -> float:
    """An argparse type: a finite number ≥ 0 (a tolerance)."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number ≥ 0, not {text!r}")
    return value


def _add_force(command: argparse.ArgumentParser) -> None:
    command.add_argument("--force", action="store_true",
                         help="execute every report, even those an earlier run holds unchanged (default: reuse them)")


def _add_timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument("--timeout", type=_positive(float), metavar="SECONDS",
                         help="time limit of each report; a report running longer is stopped and fails "
                              f"(default: DIGIMOD_REPORT_TIMEOUT or {config.DEFAULT_REPORT_TIMEOUT:g})")


def build_parser() -> argparse.ArgumentParser:
    from .changes import Tolerance

    parser = argparse.ArgumentParser(prog="digimod", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    data = commands.add_parser("data", help="fetch, build and inspect the data").add_subparsers(
        dest="step", required=True
    )
    fetch_cmd = data.add_parser("fetch", help="download (or copy from DIGIMOD_MIRROR) and verify raw files")
    fetch_cmd.add_argument("--accept-new", action="store_true",
                           help="accept a new publisher release whose checksum differs (recorded in the sidecar)")
    fetch_cmd.add_argument("--wdi", nargs="*", metavar="CODE", help="also fetch these WDI indicator codes")
    fetch_cmd.set_defaults(func=_data_fetch)
    build_cmd = data.add_parser("build", help="build data/processed from data/raw (skips when up to date)")
    build_cmd.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build_cmd.set_defaults(func=_data_build)
    data.add_parser("status", help="sources, releases, checksums and age").set_defaults(func=_data_status)

    run_cmd = commands.add_parser("run", help="execute one notebook with parameters (validated first)")
    run_cmd.add_argument("notebook", help="file name, stem or number, e.g. 01 or 01_digital_vs_modernization")
    run_cmd.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                         help="a parameter; VALUE is read as a Python literal when it is one (2020, ['CHN'])")
    run_cmd.add_argument("-f", "--file", help="YAML file of parameters (command-line -p values win)")
    _add_timeout(run_cmd)
    _add_force(run_cmd)
    run_cmd.set_defaults(func=_run)

    collection = commands.add_parser("collection",
                                     help="notebooks 00–04 and 06 with defaults, then their HTML pages (make reports)")
    collection.add_argument("--no-html", action="store_true",
                            help="skip the HTML pages (render them later with `digimod render`)")
    collection.add_argument("--workers", type=_positive(int), default=2,
                            help="notebooks executed at the same time (1: one after another in this process)")
    _add_timeout(collection)
    _add_force(collection)
    collection.set_defaults(func=_collection)

    prof = commands.add_parser("profiles", help="one country profile per country and language, on Dask")
    prof.add_argument("--countries", default="all", help="'all' or a comma-separated list of ISO3 codes or names")
    prof.add_argument("--lang", default="en", help="comma-separated languages, e.g. en,zh")
    prof.add_argument("--workers", type=_positive(int), default=2, help="local Dask workers (ignored with --scheduler)")
    prof.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    prof.add_argument("--sequential", action="store_true", help="run in this process instead of on Dask")
    prof.add_argument("--cold", action="store_true", help="a new cold kernel per report (no forked or warm spare kernels)")
    _add_timeout(prof)
    _add_force(prof)
    prof.set_defaults(func=_profiles)

    clean = commands.add_parser("clean", help="remove old runs: keep the newest N complete runs of each kind")
    clean.add_argument("--keep", type=int, required=True, metavar="N",
                       help="complete runs to keep of each kind (collection, profiles, run), newest first")
    clean.set_defaults(func=_clean)

    params_cmd = commands.add_parser("params", help="every notebook's parameters: name, type, default, allowed values")
    params_cmd.add_argument("notebooks", nargs="*", help="notebooks to describe, e.g. 01 or 05_country_profile (default: all)")
    params_cmd.set_defaults(func=_params)

    render = commands.add_parser("render", help="HTML reports (code hidden) and an index page for a run")
    render.add_argument("run", help="a run folder, a run id under outputs/, or 'latest'")
    render.set_defaults(func=_render)

    diff = commands.add_parser("diff", help="what changed between two runs: reports, numbers, tables, data "
                                            "(writes changes.md and html/changes.html into the newer run)")
    for name in ("run_a", "run_b"):
        diff.add_argument(name, metavar=name.upper(),
                          help="a run folder, a run id under outputs/, 'latest' or 'previous' (the run of the "
                               "same kind before the latest)")
    diff.add_argument("--tolerance-abs", type=_non_negative, default=Tolerance.abs, metavar="X",
                      help=f"numbers closer than this are the same (default {Tolerance.abs:g})")
    diff.add_argument("--tolerance-rel", type=_non_negative, default=Tolerance.rel, metavar="Y",
                      help=f"... or closer than this share of their size (default {Tolerance.rel:g})")
    diff.add_argument("--fail-on-change", action="store_true",
                      help="exit 1 when reports, numbers, tables or input data changed (for CI)")
    diff.set_defaults(func=_diff)

    refresh = commands.add_parser("refresh-outputs",
                                  help="re-execute notebooks and store the outputs nbval checks (after an intended change)")
    refresh.add_argument("notebooks", nargs="*", help="notebooks to refresh (default: 00–05)")
    refresh.set_defaults(func=_refresh)
    return parser


def _utf8_arguments(argv: list[str]) -> list[str]:
    """Command-line arguments as typed on a UTF-8 terminal, whatever the locale says.

    Under a non-UTF-8 locale (``LC_ALL=C``) Python decodes ``中国`` into lone surrogates, which no file
    can hold; the original bytes are recovered and read as UTF-8.
    """
    recovered = []
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except UnicodeDecodeError:
                raise ParameterError(
                    f"the argument {arg.encode('utf-8', 'backslashreplace').decode()!r} is not UTF-8 text; "
                    "use a UTF-8 terminal and locale (e.g. LANG=C.UTF-8)"
                ) from None
        recovered.append(arg)
    return recovered


def _printable_output() -> None:
    """Print what the terminal cannot show as escapes (``\\u4e2d``) instead of crashing mid-run."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="backslashreplace")


def _errors_shown_to_users() -> tuple[type[Exception], ...]:
    """The errors ``main`` prints as one line (their messages name the fix). Called only when an exception
    is being handled: importing :mod:`helpers.data` imports pandas (0.7–1 s), which would otherwise delay
    every command's start — a batch's zygote among it, the first thing the batch waits for."""
    from ..data.errors import DataError
    from .reports import RunError

    return DataError, ParameterError, RunError


def main(argv: list[str] | None = None) -> int:
    _printable_output()
    if argv is None:  # the digimod program (not a call from Python): it waits for all it started
        from .imports import skip_iri_grammar
        from .processes import adopt_orphans

        skip_iri_grammar()
        adopt_orphans()
    previous = _stop_cleanly_on_interrupt()
    try:
        args = build_parser().parse_args(_utf8_arguments(sys.argv[1:] if argv is None else argv))
        return args.func(args)
    except KeyboardInterrupt:
        # The batch has stopped its kernels, zygotes and workers and removed its staging folder.
        print("digimod: interrupted; stopped everything it had started, no run folder written", file=sys.stderr)
        return 130
    except _errors_shown_to_users() as exc:
        print(f"digimod: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _stop_cleanly_on_interrupt():
    """Ctrl-C raises KeyboardInterrupt once; further ones are ignored, so that they cannot cut short the
    shutdown of what the command started. Returns the previous handler (None outside the main thread)."""
    def interrupted(signum, frame):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGINT, interrupted)
    except ValueError:  # not the main thread
        return None


if __name__ == "__main__":
    raise SystemExit(main())
