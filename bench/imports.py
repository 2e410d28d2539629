"""Import speed and memory: 100,000 generated CTDC and HTCDS rows and the real CTDC and GLOTIP files.

    .venv/bin/python bench/imports.py [--rows 100000] [--db sqlite|postgres|both] [--only ctdc,htcds,glotip]

Each database is fresh (SQLite: var/bench/imports.sqlite3; PostgreSQL: database `vigie_bench_imports`),
migrated, then each file is imported through the same runner as `vigie import`, in a child process per
database (Django reads DATABASE_URL once). Peak memory is the process's maximum resident set
(resource.getrusage), read before and after: tracemalloc would slow the import it measures.
A big HTCDS, CTDC or GLOTIP file is parsed in a child process while the import writes
(vigie/exchange/importing.py): its rows per second need two free cores. The CPU seconds of the importing
process and of that child are given too: on a machine shared with other work they say more than the clock.
On PostgreSQL so are the database server's (its process for the import's connection, read in /proc: the
server runs on this machine here): inserting, checking foreign keys and keeping indexes is its work there,
while on SQLite it is part of the importing process's.
Target: at least 10,000 rows per second. The table goes to stdout and to bench/results/imports.md.
HTCDS rows go into the register of an agency, brought in by a user: both are created first.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "imports.md"
WORK = ROOT / "var" / "bench"
SQLITE_FILE = WORK / "imports.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# Another name lets two checkouts measure at the same time without dropping each other's database.
PG_DATABASE = os.environ.get("VIGIE_BENCH_PG_DATABASE", "vigie_bench_imports")
DATA = ROOT / "vigie" / "exchange" / "tests" / "data"
TARGET_ROWS_PER_SECOND = 10_000
REAL_FILES = [
    ("ctdc", DATA / "ctdc_global_2020-04-14_derived_10cols.csv"),
    ("ctdc", DATA / "ctdc_victim_perpetrator_synthetic_2022-12-01.csv"),
    ("glotip", DATA / "data_glotip_2023-05-30.xlsx"),
]
CTDC_10_HEADER = ["", "yearOfRegistration", "Datasource", "gender", "ageBroad", "citizenship", "isForcedLabour"]
CTDC_10_HEADER += ["control_category", "RecruiterCategory", "ExploitType", "Labor_Type"]
# (kind, file) pairs other importers add; the generated HTCDS file is added in main().
EXTRA_FILES: list[tuple[str, Path]] = []


def generated_htcds(rows: int) -> Path:
    """Valid HTCDS rows with every column vigie reads (vigie/exchange/htcds/generate.py), as a CSV."""
    path = WORK / f"htcds-{rows}.csv"
    if not path.exists():
        import django

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
        django.setup()  # the field table reads the models' codes; no database is opened here
        from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv

        write_csv(path, generate_htcds_rows(rows, seed=5), ALL_COLUMNS)
    return path


def _register_owner() -> dict[str, Any]:
    """The agency and user an HTCDS import needs (a data set is for anonymous records only)."""
    from vigie.accounts.models import Agency, User

    agency, _created = Agency.objects.get_or_create(
        code="BENCH", country_id="NE", defaults={"name": "Bench", "kind": Agency.Kind.NGO}
    )
    actor, _created = User.objects.get_or_create(username="bench-importer")
    return {"agency": agency, "actor": actor}


def generated_ctdc(rows: int) -> Path:
    """The derived 10-column layout, values cycling through those of the real file."""
    path = WORK / f"ctdc-{rows}.csv"
    if path.exists():
        return path
    genders, ages = ["Female", "Male"], ["9--17", "18--20", "21--23", "30--38", "48+", ""]
    countries, flags = ["PH", "UA", "MD", "NE", "NG", "ML", ""], ["1.0", "0.0", ""]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CTDC_10_HEADER)
        for i in range(rows):
            writer.writerow([i, f"{2002 + i % 17}.0", ["Case Management", "Hotline"][i % 2], genders[i % 2],
                             ages[i % 6], countries[i % 7], flags[i % 3], "Threats", "", "Labor", ""])  # fmt: skip
    return path


def fresh_database(db: str) -> str:
    if db == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{PG_SERVER}/{PG_DATABASE}"


def measure(files: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """In the child process: migrate, then import each file into a data set of its own."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    django.setup()
    from django.core.management import call_command

    from vigie.exchange.importers import importer_for
    from vigie.exchange.importing import run_import

    call_command("migrate", verbosity=0)
    results = []
    for kind, name in files:
        path = Path(name)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu_before = _cpu_seconds(resource.RUSAGE_SELF), _cpu_seconds(resource.RUSAGE_CHILDREN)
        server_before = _server_cpu_seconds()
        started = time.perf_counter()
        target = _register_owner() if kind == "htcds" else {"actor": None, "dataset": path.stem}
        run = run_import(importer=importer_for(kind), path=path, max_bytes=2**40, **target)
        seconds = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu = _cpu_seconds(resource.RUSAGE_SELF) - cpu_before[0], _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before[1]
        server_after = _server_cpu_seconds()
        assert run.status == "done", (name, run.status, run.error_summary)
        results.append(
            {
                "file": path.name,
                "rows": run.rows_imported,
                "seconds": round(seconds, 2),
                "rows_per_second": round(run.rows_imported / seconds),
                "peak_rss_mb": round(rss_after / 1024, 1),
                "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
                "cpu_seconds": round(cpu[0], 1),
                "parser_cpu_seconds": round(cpu[1], 1),
                "server_cpu_seconds": None
                if server_before is None or server_after is None
                else round(server_after - server_before, 1),
            }
        )
    return results


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _server_cpu_seconds() -> float | None:
    """CPU seconds of the PostgreSQL server process serving this connection; None on SQLite, or when that
    process is not readable here (a server on another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields of the line (the 12th and 13th after the command's name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--only", default="", help="kinds to run, comma-separated (default: all)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(json.loads(args.child))))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    files = [("ctdc", str(generated_ctdc(args.rows))), ("htcds", str(generated_htcds(args.rows)))]
    files += [(k, str(p)) for k, p in REAL_FILES + EXTRA_FILES]
    if args.only:
        files = [(k, p) for k, p in files if k in args.only.split(",")]
    lines = [
        f"Imports (target: {TARGET_ROWS_PER_SECOND:,} rows/s), {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPU(s)",
        "",
        f"Load average at the start: {os.getloadavg()[0]:.1f}",
        "",
        "| database | file | rows | seconds | rows/s | peak RSS MB | RSS growth MB | CPU s | parser CPU s "
        "| server CPU s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = os.environ | {"DATABASE_URL": fresh_database(db), "VIGIE_DEBUG": "0"}
        output = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--child", json.dumps(files)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for r in json.loads(output.strip().splitlines()[-1]):
            lines.append(
                f"| {db} | {r['file']} | {r['rows']:,} | {r['seconds']} | {r['rows_per_second']:,} | "
                f"{r['peak_rss_mb']} | {r['rss_growth_mb']} | {r['cpu_seconds']} | {r['parser_cpu_seconds']} | "
                f"{'' if r['server_cpu_seconds'] is None else r['server_cpu_seconds']} |"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
