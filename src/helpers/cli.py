"""The ``digimod`` command (also ``python -m helpers``): argument parsing only.

This first version covers the data layer: ``digimod data fetch|build|status``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from . import config


def _data_fetch(args) -> int:
    from .data import fetch

    paths = config.paths()
    where = f"mirror {paths.mirror}" if paths.mirror else "publisher URLs"
    print(f"fetching into {paths.raw} from {where}")
    files = fetch.fetch_all(paths, accept_new=args.accept_new)
    for code in args.wdi or []:
        files.extend(fetch.fetch_wdi_indicator(code, paths, accept_new=args.accept_new).values())
    print(f"{len(files)} files present and verified")
    return 0


def _data_build(args) -> int:
    from .data import build

    build.build(force=args.force)
    return 0


def _data_status(args) -> int:
    from .data import build, catalog, fetch

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
    return parser


def main(argv: list[str] | None = None) -> int:
    from .data.errors import DataError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"digimod: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
