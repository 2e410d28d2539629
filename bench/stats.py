"""Time of the statistics engine's indicator set on a generated register (not in `make bench` yet).

    .venv/bin/python bench/stats.py [--victims 100000] [--db sqlite|postgres|both] [--reuse]

For each database a fresh one is built (SQLite: var/bench/stats.sqlite3; PostgreSQL: database
`stats_bench`, or $STATS_BENCH_DATABASE, on postgres://postgres@127.0.0.1:5432, dropped and created),
migrated, and filled by the demo data generator until it holds at least --victims victims and presumed
victims. Then the indicators of INDICATORS are computed through vigie.analytics.statistics and timed: the
read of the victims into a snapshot, each indicator from it, and the whole set (one read, every
indicator). The markdown table goes to stdout and to bench/results/stats.md. Each database runs in its own
process, since Django reads DATABASE_URL once.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "stats.md"
SQLITE_FILE = ROOT / "var" / "bench" / "stats.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = os.environ.get("STATS_BENCH_DATABASE", "stats_bench")
CASES_PER_BATCH = 5000
# The full indicator set of this increment: each dimension alone, the GLOTIP breakdowns, every dimension.
INDICATORS = [
    "year",
    "sex",
    "age_group",
    "citizenship",
    "country_of_detection",
    "form_of_exploitation",
    "detection_type",
    "year,sex,age_group",
    "form_of_exploitation,sex,age_group",
    "citizenship,country_of_detection",
    "detection_type,year",
    "year,sex,age_group,citizenship,country_of_detection,form_of_exploitation,detection_type",
]


def database_url(db: str) -> str:
    return f"sqlite:///{SQLITE_FILE}" if db == "sqlite" else f"{PG_SERVER}/{PG_DATABASE}"


def fresh_database(db: str) -> None:
    if db == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def measure(db: str, victims: int, *, reuse: bool) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from vigie.analytics.statistics import VICTIM_ROLES, parse_dimensions, victim_source, victim_statistics
    from vigie.cases.demo import generate_demo_dataset
    from vigie.cases.models import Participant

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    seed = 1
    while not reuse and Participant.objects.filter(role__in=VICTIM_ROLES).count() < victims:
        generate_demo_dataset(cases=CASES_PER_BATCH, seed=seed)
        seed += 1
        print(f"{db}: {Participant.objects.filter(role__in=VICTIM_ROLES).count():,} victims", flush=True)
    if not reuse:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    generation = time.monotonic() - started
    # The read: the victims into a snapshot (what every figure of a source needs once).
    read_times = []
    for _attempt in range(3):
        begun = time.perf_counter()
        source = victim_source("register")
        read_times.append(time.perf_counter() - begun)
    print(f"{db}: read: {min(read_times):.2f} s", flush=True)
    rows = []
    for indicator in INDICATORS:
        dimensions = parse_dimensions(indicator)
        times = []
        for _attempt in range(4):
            begun = time.perf_counter()
            counts = victim_statistics(source=source, dimensions=dimensions)
            times.append(time.perf_counter() - begun)
        rows.append({"indicator": indicator, "seconds": min(times[1:]), "rows": len(counts.rows)})
        print(f"{db}: {indicator}: {min(times[1:]):.3f} s", flush=True)
    # The whole set as a caller gets it: one read, then every indicator.
    set_times = []
    for _attempt in range(2):
        begun = time.perf_counter()
        source = victim_source("register")
        for indicator in INDICATORS:
            victim_statistics(source=source, dimensions=parse_dimensions(indicator))
        set_times.append(time.perf_counter() - begun)
    print(f"{db}: whole set: {min(set_times):.2f} s", flush=True)
    return {
        "db": db,
        "vendor": connection.vendor,
        "victims": Participant.objects.filter(role__in=VICTIM_ROLES).count(),
        "persons": counts.metadata["victims"],
        "generation_seconds": round(generation),
        "read_seconds": min(read_times),
        "set_seconds": min(set_times),
        "rows": rows,
    }


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "# Statistics engine benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs. Read: `victim_source('register')`, the victims into a snapshot, best of 3. "
        "Each indicator: `victim_statistics(source=snapshot)`, best of 3 after a warm-up. Whole set: one read "
        "and every indicator, best of 2.",
        "",
    ]
    for r in results:
        slowest = max(row["seconds"] for row in r["rows"])
        lines += [
            f"## {r['db']}: {r['victims']:,} victim participations, {r['persons']:,} persons "
            f"(generated in {r['generation_seconds']} s)",
            "",
            f"Read: **{r['read_seconds']:.2f} s**; slowest indicator from the snapshot: {slowest:.3f} s; "
            f"one figure alone (read + count) at most {r['read_seconds'] + slowest:.2f} s; "
            f"whole set (read + {len(r['rows'])} indicators): **{r['set_seconds']:.2f} s**.",
            "",
            "| indicator (--by) | seconds (from the snapshot) | rows |",
            "|---|---:|---:|",
            *[f"| {row['indicator']} | {row['seconds']:.3f} | {row['rows']:,} |" for row in r["rows"]],
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="Keep the database of the previous run.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(measure(args.child, args.victims, reuse=args.reuse)), flush=True)
        return
    results = []
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if not args.reuse:
            fresh_database(db)
        command = [sys.executable, __file__, "--child", db, "--victims", str(args.victims)]
        if args.reuse:
            command.append("--reuse")
        env = {**os.environ, "DATABASE_URL": database_url(db)}
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
        results.append(json.loads(output.split("RESULT ", 1)[1]))
    text = markdown(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
