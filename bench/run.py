"""Server time and SQL queries of the busiest pages, on a register of 100,000 cases.

    .venv/bin/python bench/run.py [--cases 100000] [--persons 250000] [--db sqlite|postgres|both] [--repeat 50]

For each database, a fresh one is built (SQLite: var/bench/bench.sqlite3; PostgreSQL: database `vigie_bench`
on postgres://postgres@127.0.0.1:5432, dropped and created), migrated and filled by the demo data
generator. An investigator of the national authority that leads the most cases then asks for the case
list, a name search and a case page through django.test.Client: the time measured is the server's
(middleware, view, queries, template), without network. The markdown table goes to stdout and to
bench/results/latest.md. Each database runs in its own process, since Django reads DATABASE_URL once.
"""

import argparse
import importlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.md"
SQLITE_FILE = ROOT / "var" / "bench" / "bench.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "vigie_bench"
TARGET_MS = 100
NAME_QUERY = "traore"  # typed without the accent of "Traoré", as officers do
# A name found in hundreds of the Nigerian agency's cases: the search must stay fast when it matches many.
COMMON_NAME_QUERY = "ibrahim"


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


# In the child process: one database -------------------------------------------------------------------


def timed(client: Any, url: str, repeat: int) -> tuple[float, float]:
    for _warm_up in range(3):
        client.get(url)
    times = []
    for _i in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[math.ceil(0.95 * len(times)) - 1]


def queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure(db: str, cases: int, persons: int, repeat: int, *, reuse: bool) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client, override_settings

    from vigie.accounts.models import Agency, Membership, User
    from vigie.accounts.services import create_member
    from vigie.cases.access import cases_visible_to
    from vigie.cases.demo import generate_demo_dataset

    follow_up_generators = importlib.import_module("vigie.cases.management.commands.demo-data").follow_up_generators
    from vigie.cases.models import BorderCrossing, Case, Event, Participant
    from vigie.people.models import Person

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if reuse:
        counts = {
            "cases": Case.objects.count(),
            "persons": Person.objects.count(),
            "participants": Participant.objects.count(),
            "events": Event.objects.count(),
            "crossings": BorderCrossing.objects.count(),
        }
    else:
        counts = generate_demo_dataset(cases=cases, seed=1, persons=persons, progress=print).counts()
        # What `vigie demo-data` adds after the register: investigations, courts, referrals, assistance.
        for label, generate in follow_up_generators():
            part_started = time.monotonic()
            added = generate(seed=1, progress=print)
            print(f"{label}: {added} in {time.monotonic() - part_started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            # What PostgreSQL's autovacuum does soon after such a load (statistics, visibility map); SQLite
            # gathers statistics only when asked.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    generation = time.monotonic() - started

    agency = (
        Agency.objects.filter(kind=Agency.Kind.NATIONAL_AUTHORITY)
        .annotate(n=Count("cases"))
        .order_by("-n", "pk")
        .first()
    )
    assert agency is not None
    user = User.objects.filter(username="bench-investigator").first() or create_member(
        username="bench-investigator",
        password="bench only",  # noqa: S106 - a throwaway account in a throwaway database
        agency=agency,
        role=Membership.Role.INVESTIGATOR,
    )
    visible = cases_visible_to(user)
    case = (
        visible.filter(agency=agency, crossings__isnull=False)
        .annotate(n=Count("participants", distinct=True))
        .filter(n__gte=3)
        .order_by("-opened_on", "pk")
        .first()
    ) or visible.first()
    assert case is not None
    client = Client()
    client.force_login(user)
    pages = [
        ("case list", "/cases/"),
        (f"name search “{NAME_QUERY}”", f"/cases/?q={NAME_QUERY}"),
        (f"name search “{COMMON_NAME_QUERY}”", f"/cases/?q={COMMON_NAME_QUERY}"),
        ("case page", f"/cases/{case.pk}/"),
        ("case list, page 200", "/cases/?page=200"),
    ]
    rows = []
    with override_settings(DEBUG=False):
        for label, url in pages:
            median, p95 = timed(client, url, repeat)
            rows.append({"page": label, "url": url, "median": median, "p95": p95, "queries": queries(client, url)})
        by_page_size = []
        for label, url in pages[:3]:
            per_size = []
            for size in (25, 100):
                with override_settings(PAGE_SIZE=size):
                    per_size.append(queries(client, url))
            by_page_size.append({"page": label, "queries_25": per_size[0], "queries_100": per_size[1]})
    version = (
        connection.Database.sqlite_version if db == "sqlite" else connection.cursor().connection.info.server_version
    )
    return {
        "db": db,
        "vendor": f"{connection.vendor} {version}",
        "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
        "generation_seconds": round(generation, 1),
        "counts": counts,
        "reused": reuse,
        "agency": f"{agency.country_id} {agency.code}",
        "agency_cases": Case.objects.filter(agency=agency).count(),
        "visible_cases": visible.count(),
        "matches": {
            name: visible.filter(participants__person__search_text__contains=name).distinct().count()
            for name in (NAME_QUERY, COMMON_NAME_QUERY)
        },
        "rows": rows,
        "by_page_size": by_page_size,
    }


# In the parent process: run each database, print and save the table --------------------------------------


def markdown(results: list[dict[str, Any]], repeat: int) -> str:
    lines = [
        "# vigie benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs. Server time through django.test.Client (no network), {repeat} requests per page "
        f"after 3 warm-up requests. Target: p95 under {TARGET_MS} ms.",
        "",
    ]
    for r in results:
        c = r["counts"]
        built = (
            f"{c['cases']:,} cases, {c['persons']:,} persons, {c['participants']:,} participants, "
            f"{c['events']:,} events, {c['crossings']:,} crossings, "
        )
        built += "from the previous run. " if r["reused"] else f"generated in {r['generation_seconds']} s. "
        lines += [
            f"## {r['db']} ({r['vendor']}, CONN_MAX_AGE={r['conn_max_age']})",
            "",
            built + f"User: investigator of {r['agency']}, which leads {r['agency_cases']:,} cases and sees "
            f"{r['visible_cases']:,}; "
            + ", ".join(f"{count:,} of them name someone matching “{name}”" for name, count in r["matches"].items())
            + ".",
            "",
            "| page | median ms | p95 ms | SQL queries | p95 < 100 ms |",
            "|---|---:|---:|---:|:---:|",
        ]
        for row in r["rows"]:
            ok = "yes" if row["p95"] < TARGET_MS else "**no**"
            lines.append(f"| {row['page']} | {row['median']:.1f} | {row['p95']:.1f} | {row['queries']} | {ok} |")
        lines += ["", "| page | queries, 25 a page | queries, 100 a page |", "|---|---:|---:|"]
        for row in r["by_page_size"]:
            lines.append(f"| {row['page']} | {row['queries_25']} | {row['queries_100']} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--persons", type=int, default=None, help="default: 2.5 per case")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="measure the databases of the previous run again")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    persons = args.persons or round(args.cases * 2.5)
    if args.child:
        result = measure(args.db, args.cases, persons, args.repeat, reuse=args.reuse)
        print("RESULT " + json.dumps(result), flush=True)
        return
    results = []
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        if args.reuse:
            print(f"== {db}: measuring the database of the previous run", flush=True)
        else:
            print(f"== {db}: fresh database, migrate, generate {args.cases:,} cases", flush=True)
            fresh_database(db)
        env = {**os.environ, "DATABASE_URL": database_url(db), "VIGIE_LOG_LEVEL": "ERROR"}
        # Measured as the README deploys it: connections kept between requests (VIGIE_DB_CONN_MAX_AGE=60).
        env.setdefault("VIGIE_DB_CONN_MAX_AGE", "60")
        command = [sys.executable, __file__, "--child", "--db", db, "--cases", str(args.cases)]
        command += ["--persons", str(persons), "--repeat", str(args.repeat)] + (["--reuse"] if args.reuse else [])
        process = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        for line in process.stdout.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line.removeprefix("RESULT ")))
            else:
                print("  " + line, flush=True)
        if process.returncode != 0:
            print(process.stderr, file=sys.stderr)
            sys.exit(process.returncode)
    report = markdown(results, args.repeat)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report + "\n", encoding="utf-8")
    print(report)
    print(f"(written to {RESULTS.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
