"""The ``digimod`` command (also ``python -m helpers``): argument parsing only.

    digimod data fetch|build|status          the data layer
    digimod run NOTEBOOK [-p NAME VALUE]... [-f params.yaml] [--timeout SECONDS]
    digimod collection [--timeout SECONDS]   notebooks 00–04 with their defaults
    digimod profiles --countries all|CHN,USA [--lang en,zh] [--workers N] [--scheduler ADDRESS] [--timeout SECONDS]
    digimod render RUN                       HTML reports and an index page for a run folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
from pathlib import Path

from .. import config


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
    for source in catalog.load_catalog().values():
        print(f"\n{source.id} — {source.publisher}: {source.release} [{source.licence}]")
        for entry in source.files:
            path = paths.raw / entry.path
            if not path.exists():
                state = "missing"
            else:
                side = fetch.read_sidecar(path) or {}
                accessed = side.get("accessed", "")
                age = ""
                if accessed:
                    when = dt.datetime.fromisoformat(accessed)
                    age = f", fetched {(dt.datetime.now(dt.UTC) - when).days} d ago"
                state = f"ok {entry.sha256[:12]}{age}"
            print(f"  {entry.path:<75} {state}")
    manifest = build.read_manifest(paths)
    if manifest:
        print(f"\nprocessed panel: {manifest['rows']:,} rows, {manifest['countries']} countries, built {manifest['built_at']}")
    else:
        print("\nprocessed panel: not built (run `make data`)")
    return 0


def _parse_value(text: str):
    from .overrides import parse_override

    return parse_override(f"x={text}")[1]


def _overrides(args) -> dict:
    import yaml

    values: dict = {}
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh) or {}
        if not isinstance(loaded, dict):
            raise SystemExit(f"digimod: error: {args.file} must hold a mapping of parameter names to values")
        values.update(loaded)
    for name, value in args.parameter or []:
        values[name] = _parse_value(value)
    return values


def _finish(final, records) -> int:
    from .runs import summary_table

    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(r["status"] == "ok" for r in records) else 1


def _run(args) -> int:
    from .overrides import validate_overrides
    from .reports import ReportSpec, resolve_notebook
    from .runs import run_reports

    notebook = resolve_notebook(args.notebook)
    overrides = validate_overrides(notebook, _overrides(args))  # before any kernel starts
    return _finish(*run_reports([ReportSpec(notebook.name, overrides)], "run", settings={"notebook": notebook.name},
                                timeout=args.timeout))


def _collection(args) -> int:
    from .runs import run_collection

    return _finish(*run_collection(timeout=args.timeout))


PROFILE_NOTEBOOK = "05_country_profile.ipynb"


def profile_countries(selection: str) -> list[str]:
    """``all`` (every economy in the panel that is not an aggregate) or a comma-separated list."""
    from ..data import country_table, panel_frame, resolve_country

    countries = country_table()
    if selection.strip().lower() == "all":
        in_panel = set(panel_frame()["iso3"].astype(str))
        economies = countries[~countries["is_aggregate"] & countries["iso3"].isin(in_panel)]
        return sorted(economies["iso3"])
    return [resolve_country(c, countries) for c in selection.split(",") if c.strip()]


def _profiles(args) -> int:
    from ..i18n import check_lang
    from .overrides import validate_overrides
    from .reports import ReportSpec, resolve_notebook
    from .runs import run_reports

    notebook = resolve_notebook(PROFILE_NOTEBOOK)
    langs = [check_lang(x.strip()) for x in args.lang.split(",")]
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
    return _finish(*run_reports(specs, "profiles", executor=executor, workers=args.workers,
                                scheduler=args.scheduler, warm=not args.cold, settings=settings,
                                timeout=args.timeout))


def _render(args) -> int:
    from .render import render_run
    from .reports import RunError

    outputs = config.paths().outputs
    target = Path(args.run)
    if not target.exists():
        if args.run == "latest":
            runs = sorted(p for p in outputs.iterdir() if p.is_dir() and not p.name.startswith("."))
            if not runs:
                raise RunError(f"no runs in {outputs}")
            target = runs[-1]
        else:
            target = outputs / args.run
    index = render_run(target)
    print(f"HTML reports written; open {index}")
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


def _add_timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument("--timeout", type=_positive(float), metavar="SECONDS",
                         help="time limit of each report; a report running longer is stopped and fails "
                              f"(default: DIGIMOD_REPORT_TIMEOUT or {config.DEFAULT_REPORT_TIMEOUT:g})")


def build_parser() -> argparse.ArgumentParser:
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
    run_cmd.set_defaults(func=_run)

    collection = commands.add_parser("collection", help="notebooks 00–04 with defaults (make reports)")
    _add_timeout(collection)
    collection.set_defaults(func=_collection)

    prof = commands.add_parser("profiles", help="one country profile per country and language, on Dask")
    prof.add_argument("--countries", default="all", help="'all' or a comma-separated list of ISO3 codes or names")
    prof.add_argument("--lang", default="en", help="comma-separated languages, e.g. en,zh")
    prof.add_argument("--workers", type=_positive(int), default=2, help="local Dask workers (ignored with --scheduler)")
    prof.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    prof.add_argument("--sequential", action="store_true", help="run in this process instead of on Dask")
    prof.add_argument("--cold", action="store_true", help="a new cold kernel per report (no forked or warm spare kernels)")
    _add_timeout(prof)
    prof.set_defaults(func=_profiles)

    render = commands.add_parser("render", help="HTML reports (code hidden) and an index page for a run")
    render.add_argument("run", help="a run folder, a run id under outputs/, or 'latest'")
    render.set_defaults(func=_render)

    refresh = commands.add_parser("refresh-outputs",
                                  help="re-execute notebooks and store the outputs nbval checks (after an intended change)")
    refresh.add_argument("notebooks", nargs="*", help="notebooks to refresh (default: 00–05)")
    refresh.set_defaults(func=_refresh)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..data.errors import DataError
    from ..errors import ParameterError
    from .reports import RunError

    args = build_parser().parse_args(argv)
    if argv is None:  # the digimod program (not a call from Python): it waits for all it started
        from .processes import adopt_orphans

        adopt_orphans()
    previous = _stop_cleanly_on_interrupt()
    try:
        return args.func(args)
    except (DataError, ParameterError, RunError) as exc:
        print(f"digimod: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # The batch has stopped its kernels, zygotes and workers and removed its staging folder.
        print("digimod: interrupted; stopped everything it had started, no run folder written", file=sys.stderr)
        return 130
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
