"""The ``digimod`` command (also ``python -m helpers``): argument parsing only.

    digimod data fetch|build|status          the data layer
    digimod run NOTEBOOK [-p NAME VALUE]... [-f params.yaml]
    digimod collection [--no-html]           notebooks 00–04 with their defaults, then their HTML pages
    digimod profiles --countries all|CHN,USA [--lang en,zh] [--workers N] [--scheduler ADDRESS]
    digimod render RUN|latest                HTML reports and index pages for a run folder
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    return _finish(*run_reports([ReportSpec(notebook.name, overrides)], "run", settings={"notebook": notebook.name}))


def _collection(args) -> int:
    from .runs import run_collection

    final, records = run_collection()
    code = _finish(final, records)
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
                                scheduler=args.scheduler, warm=not args.cold, settings=settings))


def _render(args) -> int:
    from .render import latest_run, render_run

    outputs = config.paths().outputs
    target = Path(args.run)
    if not target.exists():
        target = latest_run(outputs) if args.run == "latest" else outputs / args.run
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
    run_cmd.set_defaults(func=_run)

    collection = commands.add_parser("collection",
                                     help="notebooks 00–04 with defaults, then their HTML pages (make reports)")
    collection.add_argument("--no-html", action="store_true",
                            help="skip the HTML pages (render them later with `digimod render`)")
    collection.set_defaults(func=_collection)

    prof = commands.add_parser("profiles", help="one country profile per country and language, on Dask")
    prof.add_argument("--countries", default="all", help="'all' or a comma-separated list of ISO3 codes or names")
    prof.add_argument("--lang", default="en", help="comma-separated languages, e.g. en,zh")
    prof.add_argument("--workers", type=int, default=2, help="local Dask workers (ignored with --scheduler)")
    prof.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    prof.add_argument("--sequential", action="store_true", help="run in this process instead of on Dask")
    prof.add_argument("--cold", action="store_true", help="a new cold kernel per report (no forked or warm spare kernels)")
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
    try:
        return args.func(args)
    except (DataError, ParameterError, RunError) as exc:
        print(f"digimod: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
