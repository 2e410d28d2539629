"""Export speed and memory: the register that 100,000 generated HTCDS rows make, exported as a user would.

    .venv/bin/python bench/exports.py [--rows 100000] [--db sqlite|postgres|both]

Each database is fresh (the import bench's: SQLite var/bench/imports.sqlite3, PostgreSQL `vigie_bench_imports`),
migrated, and given the generated HTCDS file of bench/imports.py through `vigie import`'s runner. Then each
kind of list export is written by its service (as `vigie export` and the export page do) by an investigator of
the agency, who sees every case: HTCDS as XLSX and as CSV (encrypted archives) and the anonymous CTDC records.
Each export runs in a process of its own, so that its peak memory (the process's maximum resident set) is its
own and not the import's. The web writes an export while the user waits: the README's gunicorn timeout follows
these figures. The table goes to stdout and to bench/results/exports.md.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from imports import ROOT, WORK, fresh_database, generated_htcds  # the import bench's helpers

RESULTS = ROOT / "bench" / "results" / "exports.md"
KINDS = ["htcds-csv", "htcds-xlsx", "ctdc-csv"]
PASSWORD = "bench-Archive-7q2"  # noqa: S105 - the archive is thrown away


def _django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    django.setup()


def fill(path: str) -> dict[str, Any]:
    """In a child process: migrate, import the HTCDS file, give the importing user a role in the agency."""
    _django()
    from django.core.management import call_command

    from vigie.accounts.models import Agency, Membership, User
    from vigie.exchange.importers import importer_for
    from vigie.exchange.importing import run_import

    call_command("migrate", verbosity=0)
    agency, _created = Agency.objects.get_or_create(
        code="BENCH", country_id="NE", defaults={"name": "Bench", "kind": Agency.Kind.NGO}
    )
    actor, _created = User.objects.get_or_create(username="bench-exporter")
    Membership.objects.get_or_create(user=actor, agency=agency, defaults={"role": Membership.Role.INVESTIGATOR})
    run = run_import(importer=importer_for("htcds"), path=Path(path), max_bytes=2**40, agency=agency, actor=actor)
    assert run.status == "done", (run.status, run.error_summary)
    return {"rows": run.rows_imported}


def export(kind: str) -> dict[str, Any]:
    """In a child process: one export of every case the investigator sees, into a temporary file."""
    _django()
    from vigie.accounts.models import User
    from vigie.cases.selectors import CaseFilters
    from vigie.exchange.exports.services import export_cases

    actor = User.objects.get(username="bench-exporter")
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        result = export_cases(actor=actor, kind=kind, filters=CaseFilters(), out=out, password=PASSWORD)
        seconds = time.perf_counter() - started
        size = out.tell()
    return {
        "kind": kind,
        "cases": result.cases,
        "records": result.records,
        "seconds": round(seconds, 2),
        "cases_per_second": round(result.cases / seconds),
        "mb": round(size / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _child(env: dict[str, str], *args: str) -> Any:
    output = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--fill", help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        print(json.dumps(fill(args.fill)))
        return
    if args.export:
        print(json.dumps(export(args.export)))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    source = generated_htcds(args.rows)
    lines = [
        f"Exports of the register of {args.rows:,} generated HTCDS rows, {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} CPU(s)",
        "",
        f"Load average at the start: {os.getloadavg()[0]:.1f}",
        "",
        "| database | export | cases | records | seconds | cases/s | file MB | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = os.environ | {"DATABASE_URL": fresh_database(db), "VIGIE_DEBUG": "0"}
        _child(env, "--fill", str(source))
        for kind in KINDS:
            r = _child(env, "--export", kind)
            lines.append(
                f"| {db} | {kind} | {r['cases']:,} | {r['records']:,} | {r['seconds']} | {r['cases_per_second']:,} "
                f"| {r['mb']} | {r['peak_rss_mb']} |"
            )
            print(lines[-1], flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
