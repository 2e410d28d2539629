"""The statistics engine's indicator set on a generated register of N victims, beside pandas (`make bench`).

    .venv/bin/python bench/stats.py [--victims 1000000] [--db sqlite|postgres|both] [--reuse] [--seed 1]

For each database a register is generated straight into the tables (SQLite: var/bench/stats.sqlite3;
PostgreSQL: database `stats_bench`, or $STATS_BENCH_DATABASE, on postgres://postgres@127.0.0.1:5432, dropped
and created): cases, persons, their nationalities, victim and presumed victim participations, dated
exploitations, with the distributions of GENERATION below (a seed makes it reproducible). --reuse keeps the
database of the previous run (same --victims and --seed) and skips the generation.

Then, in one process per database (Django reads DATABASE_URL once):
  (a) cold: the register read into a snapshot (`read_register_snapshot`), best of 2;
  (b) each indicator of INDICATORS as a dashboard asks it (`victim_statistics(source="register")`: the
      check that the register has not changed, then the count from the kept snapshot), best of 3;
  (c) the whole set: every indicator, from the kept snapshot, and cold (read + every indicator); then
      "one case edited, then the whole set": a case's row written (the triggers log it), and the whole set,
      whose first figure follows the kept snapshot from the change log (re-reading that case's victims);
  (e) the PDF report of the most frequent country and the latest year (`export_report`), cold (no kept
      snapshot) and warm;
  (d) pandas: `pd.read_sql` of the same rows, the same rules in pandas, the same figures with `groupby`
      (distinct victims per combination, several values exploded): cold (read + figures) and warm (figures).
--skip-pandas leaves (d) out. The engine's figures and pandas' are asserted equal, figure by figure. The
markdown table goes to stdout and to bench/results/stats.md, with the load of the machine (it is shared) at
each step.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "stats.md"
SQLITE_FILE = ROOT / "var" / "bench" / "stats.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = os.environ.get("STATS_BENCH_DATABASE", "stats_bench")
# The full indicator set: each dimension alone, the GLOTIP breakdowns, every dimension at once.
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
CHUNK = 50_000
# Countries of West and Central Africa, the first the most frequent (as citizenships and places of detection).
COUNTRIES = ["NG", "NE", "ML", "BF", "CI", "GH", "BJ", "TG", "SN", "GN", "CM", "TD", "SL", "LR", "GM"]
COUNTRY_WEIGHTS = [20, 14, 12, 10, 9, 8, 6, 5, 5, 4, 3, 1.5, 1, 1, 0.5]
AGENCIES = [
    ("ANLTP", "NE"),
    ("NAPTIP", "NG"),
    ("CNLTP", "ML"),
    ("BF-CNL", "BF"),
    ("CI-CNS", "CI"),
    ("GH-HTS", "GH"),
    ("BJ-OCPM", "BJ"),
    ("TG-CNAT", "TG"),
    ("SN-CNLTP", "SN"),
    ("GN-OPROGEM", "GN"),
    ("CM-MINAS", "CM"),
    ("TD-DPJ", "TD"),
]
GENERATION = {
    "victims per case": 2.5,
    "persons detected in a second case": 0.05,
    "sex": {"female": 0.55, "male": 0.39, "transgender_female": 0.005, "non_conforming": 0.005, "unknown": 0.05},
    "date of birth": {"day": 0.55, "month": 0.08, "year": 0.12, "estimated age": 0.15, "unknown": 0.10},
    "nationalities": {0: 0.08, 1: 0.88, 2: 0.04},
    "forms": {0: 0.15, 1: 0.75, 2: 0.10},
    "identified (else presumed, no date)": 0.65,
    "dated exploitation": 0.10,
    "case in another country than its agency's": 0.15,
}
FORMS = [
    ("sexual", 30),
    ("forced_labour", 25),
    ("forced_begging", 15),
    ("servitude", 8),
    ("forced_marriage", 6),
    ("forced_criminality", 5),
    ("mixed", 4),
    ("organ_removal", 1),
    ("child_soldiering", 2),
    ("illegal_adoption", 1),
    ("other", 3),
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


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


# Generation -------------------------------------------------------------------------------------------


def _iso(days: Any) -> list[str]:
    epoch = datetime.date(1970, 1, 1).toordinal()
    return [datetime.date.fromordinal(epoch + int(d)).isoformat() for d in days]


def generate(victims: int, seed: int) -> dict[str, int]:
    """Cases, persons, nationalities, participations and exploitations, written straight into the tables."""
    import numpy as np
    from django.db import connection

    from vigie.accounts.models import Agency
    from vigie.analytics.changes import install_triggers, watched_tables

    rng = np.random.default_rng(seed)
    agencies = [
        Agency.objects.create(code=code, name=code, country_id=country, kind="police") for code, country in AGENCIES
    ]
    weights = np.array(COUNTRY_WEIGHTS) / sum(COUNTRY_WEIGHTS)
    n_cases = int(victims / GENERATION["victims per case"])
    n_again = int(victims * GENERATION["persons detected in a second case"])
    n_persons = victims - n_again
    day = np.datetime64("1970-01-01")
    first_day = int((np.datetime64("2016-01-01") - day).astype(int))
    last_day = int((np.datetime64("2025-12-31") - day).astype(int))

    # Cases: an agency, its country mostly, a date of opening, sometimes of report.
    case_agency = rng.integers(0, len(agencies), n_cases)
    agency_country = np.array([country for _code, country in AGENCIES])
    case_country = np.where(
        rng.random(n_cases) < GENERATION["case in another country than its agency's"],
        rng.choice(COUNTRIES, n_cases, p=weights),
        agency_country[case_agency],
    )
    opened = rng.integers(first_day, last_day, n_cases)
    reported = np.where(rng.random(n_cases) < 0.6, opened - rng.integers(0, 30, n_cases), -1)
    # Persons: sex, date of birth (full, month, year, estimated age, unknown), nationalities.
    sexes = list(GENERATION["sex"])
    person_sex = rng.choice(sexes, n_persons, p=list(GENERATION["sex"].values()))
    birth_kind = rng.choice(5, n_persons, p=list(GENERATION["date of birth"].values()))
    # Ages at detection: a third children, as in West African detections.
    age = np.where(rng.random(n_persons) < 0.33, rng.integers(5, 18, n_persons), rng.integers(18, 60, n_persons))
    born = rng.integers(first_day, last_day, n_persons) - age * 365 - rng.integers(0, 365, n_persons)
    estimated_on = rng.integers(first_day, last_day, n_persons)
    n_nationalities = rng.choice(3, n_persons, p=list(GENERATION["nationalities"].values()))
    first_nationality = rng.choice(len(COUNTRIES), n_persons, p=weights)
    second_nationality = (first_nationality + rng.integers(1, len(COUNTRIES), n_persons)) % len(COUNTRIES)
    # Participations: every person once, some a second time in another case; role, forms, identification.
    person = np.concatenate([np.arange(n_persons), rng.integers(0, n_persons, n_again)])
    case = rng.integers(0, n_cases, victims)
    _keys, keep = np.unique(case.astype(np.int64) * n_persons + person, return_index=True)
    keep.sort()
    person, case = person[keep], case[keep]
    n_victims = len(person)
    identified = rng.random(n_victims) < GENERATION["identified (else presumed, no date)"]
    identified_on = opened[case] + rng.integers(0, 60, n_victims)
    form_names = [name for name, _w in FORMS]
    form_weights = np.array([w for _n, w in FORMS], dtype=float) / sum(w for _n, w in FORMS)
    n_forms = rng.choice(3, n_victims, p=list(GENERATION["forms"].values()))
    form_a = rng.choice(len(FORMS), n_victims, p=form_weights)
    form_b = (form_a + rng.integers(1, len(FORMS), n_victims)) % len(FORMS)
    exploited = np.flatnonzero(rng.random(n_victims) < GENERATION["dated exploitation"])
    exploited_on = opened[case[exploited]] - rng.integers(0, 3 * 365, len(exploited))
    exploited_precision = rng.choice(3, len(exploited), p=[0.5, 0.3, 0.2])

    now = datetime.datetime.now(datetime.UTC).isoformat()
    agency_ids = [a.pk for a in agencies]
    codes = [code for code, _c in AGENCIES]

    def case_rows(lo: int, hi: int):
        opened_iso, reported_iso = _iso(opened[lo:hi]), _iso(np.maximum(reported[lo:hi], 0))
        for i in range(lo, hi):
            year = int(opened_iso[i - lo][:4])
            a = int(case_agency[i])
            reported_on = reported_iso[i - lo] if reported[i] >= 0 else None
            yield (i + 1, f"{codes[a]}-{year}-{i + 1:07d}", year, i + 1, "", "open", "", reported_on,
                   opened_iso[i - lo], None, "", 1, now, now, agency_ids[a], str(case_country[i]))  # fmt: skip

    def person_rows(lo: int, hi: int):
        born_iso, estimated_iso = _iso(born[lo:hi]), _iso(estimated_on[lo:hi])
        for i in range(lo, hi):
            kind = int(birth_kind[i])
            birth = ["", born_iso[i - lo], born_iso[i - lo][:7], born_iso[i - lo][:4], "", ""][kind + 1]
            estimated, on = (int(age[i]), estimated_iso[i - lo]) if kind == 3 else (None, None)
            yield (i + 1, "", "", str(person_sex[i]), birth, estimated, on, "", "", "", "", "", "", 1, now, now,
                   None, agency_ids[0], None, None)  # fmt: skip

    def nationality_rows(lo: int, hi: int):
        for i in range(lo, hi):
            if n_nationalities[i] >= 1:
                yield (i + 1, COUNTRIES[first_nationality[i]])
            if n_nationalities[i] == 2:
                yield (i + 1, COUNTRIES[second_nationality[i]])

    def participant_rows(lo: int, hi: int):
        identified_iso = _iso(identified_on[lo:hi])
        for i in range(lo, hi):
            forms = [form_names[form_a[i]], form_names[form_b[i]]][: int(n_forms[i])]
            role, on = ("victim", identified_iso[i - lo]) if identified[i] else ("presumed_victim", None)
            yield (i + 1, role, "", json.dumps(forms), "", "[]", "", on, "", 1, int(case[i]) + 1, int(person[i]) + 1,
                   False, False, False)  # fmt: skip

    def event_rows(lo: int, hi: int):
        on = _iso(exploited_on[lo:hi])
        for j in range(lo, hi):
            date = on[j - lo][: [10, 7, 4][exploited_precision[j]]]
            yield (j + 1, "", "", None, None, "exploitation", date, "", 1, int(case[exploited[j]]) + 1, None)

    def event_participant_rows(lo: int, hi: int):
        for j in range(lo, hi):
            yield (j + 1, int(exploited[j]) + 1)

    tables = [
        ("cases_case", ["id", "reference", "year", "number", "title", "status", "closure_reason", "reported_on",
                        "opened_on", "closed_on", "narrative", "version", "created_at", "updated_at", "agency_id",
                        "country_id"], case_rows, n_cases),
        ("people_person", ["id", "given_names", "family_name", "sex", "date_of_birth", "estimated_age",
                           "age_estimated_on", "languages", "origin_area", "origin_locality", "residence_area",
                           "residence_locality", "search_text", "version", "created_at", "updated_at",
                           "origin_country_id", "recorded_by_agency_id", "residence_country_id",
                           "lawful_permanent_resident"], person_rows, n_persons),
        ("people_person_nationalities", ["person_id", "country_id"], nationality_rows, n_persons),
        ("cases_participant", ["id", "role", "suspect_role", "forms_of_exploitation", "sector", "means_of_control",
                               "benefit_sought", "identified_on", "notes", "version", "case_id", "person_id",
                               "crossed_no_border", "no_exploitation", "no_means_of_control"],
         participant_rows, n_victims),
        ("cases_event", ["id", "admin_area", "locality", "latitude", "longitude", "kind", "date", "description",
                         "version", "case_id", "country_id"], event_rows, len(exploited)),
        ("cases_event_participants", ["event_id", "participant_id"], event_participant_rows, len(exploited)),
    ]  # fmt: skip
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        # Per-row triggers would write a token a row: dropped for the load, installed again after it.
        for table in watched_tables():
            for event in ("insert", "update", "delete"):
                raw.execute(f"DROP TRIGGER IF EXISTS analytics_changed_{table}_{event}")
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("BEGIN")
        for table, columns, rows, count in tables:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
            for lo in range(0, count, CHUNK):
                raw.executemany(sql, rows(lo, min(lo + CHUNK, count)))
        raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys = ON")
        install_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO analytics_registerchange (shard, token) VALUES (0, random()) "
                           "ON CONFLICT (shard) DO UPDATE SET token = excluded.token")  # fmt: skip
    else:
        with raw.cursor() as cursor:
            for table, columns, rows, count in tables:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for lo in range(0, count, CHUNK):
                        for row in rows(lo, min(lo + CHUNK, count)):
                            copy.write_row(row)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
        raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"cases": n_cases, "persons": n_persons, "participations": n_victims, "exploitations": len(exploited)}


# pandas: the same figures, the plain way ----------------------------------------------------------------

PANDAS_VICTIMS = (
    "SELECT p.id, p.person_id, CAST(p.forms_of_exploitation AS TEXT) AS forms, p.identified_on, c.opened_on, "
    "c.reported_on, c.country_id, pe.sex, pe.date_of_birth, pe.estimated_age, pe.age_estimated_on "
    "FROM cases_participant p JOIN cases_case c ON c.id = p.case_id JOIN people_person pe ON pe.id = p.person_id "
    "WHERE p.role IN ('victim', 'presumed_victim')"
)
PANDAS_NATIONALITIES = "SELECT person_id, country_id FROM people_person_nationalities"
PANDAS_EXPLOITATIONS = (
    "SELECT ep.participant_id, e.date FROM cases_event_participants ep JOIN cases_event e ON e.id = ep.event_id "
    "WHERE e.kind = 'exploitation' AND e.date <> ''"
)


def _ymd(dates: Any) -> Any:
    return dates.dt.year * 10_000 + dates.dt.month * 100 + dates.dt.day


def _partial_range(text: str) -> tuple[int, int]:
    """A partial date YYYY, YYYY-MM or YYYY-MM-DD as the first and last days it can be, yyyymmdd."""
    import calendar

    year = int(text[:4])
    if len(text) == 4:
        return year * 10_000 + 101, year * 10_000 + 1231
    month = int(text[5:7])
    if len(text) == 7:
        return year * 10_000 + month * 100 + 1, year * 10_000 + month * 100 + calendar.monthrange(year, month)[1]
    number = int(text.replace("-", ""))
    return number, number


def pandas_frame(connection: Any) -> Any:
    """One row per victim participation with the contract's values, by the engine's rules, in pandas."""
    import pandas as pd

    from vigie.analytics.statistics import REGISTER_FORMS, REGISTER_SEXES

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandas prefers SQLAlchemy; a DB-API connection is enough
        victims = pd.read_sql(PANDAS_VICTIMS, connection)
        nationalities = pd.read_sql(PANDAS_NATIONALITIES, connection)
        exploitations = pd.read_sql(PANDAS_EXPLOITATIONS, connection)
    for column in ("identified_on", "opened_on", "reported_on", "age_estimated_on"):
        victims[column] = pd.to_datetime(victims[column])
    frame = pd.DataFrame({"victim": victims["person_id"], "country_of_detection": victims["country_id"]})
    frame["year"] = victims["identified_on"].fillna(victims["opened_on"]).dt.year
    frame["sex"] = victims["sex"].map(REGISTER_SEXES)
    forms_text = victims["forms"].astype(str)
    parsed = {
        text: sorted({REGISTER_FORMS[c] for c in json.loads(text) if c in REGISTER_FORMS}) or [None]
        for text in forms_text.unique()
    }
    frame["form_of_exploitation"] = forms_text.map(parsed)
    citizenships = nationalities.groupby("person_id")["country_id"].agg(sorted)
    frame["citizenship"] = victims["person_id"].map(citizenships)
    frame["citizenship"] = frame["citizenship"].map(lambda found: found if isinstance(found, list) else [None])
    frame["detection_type"] = [
        None if country is None or found == [None] else ("domestic" if country in found else "cross_border")
        for country, found in zip(frame["country_of_detection"], frame["citizenship"], strict=True)
    ]
    # Age: the range of the date of birth (or of an estimated age) against the first dated exploitation,
    # else the identification (or report, or opening); whole years between yyyymmdd numbers.
    birth = victims["date_of_birth"].map({t: _partial_range(t) for t in victims["date_of_birth"].unique() if t})
    born_first = birth.map(lambda r: r[0] if isinstance(r, tuple) else None).astype("Float64")
    born_last = birth.map(lambda r: r[1] if isinstance(r, tuple) else None).astype("Float64")
    estimated = victims["estimated_age"].notna() & born_first.isna()
    if estimated.any():
        on = victims.loc[estimated, "age_estimated_on"]
        years = victims.loc[estimated, "estimated_age"].astype(int)
        latest = [d - pd.DateOffset(years=int(y)) for d, y in zip(on, years, strict=True)]
        earliest = [d - pd.DateOffset(years=int(y) + 1) + pd.Timedelta(days=1) for d, y in zip(on, years, strict=True)]
        born_first[estimated] = _ymd(pd.Series(earliest, index=on.index))
        born_last[estimated] = _ymd(pd.Series(latest, index=on.index))
    reference = _ymd(victims["identified_on"].fillna(victims["reported_on"]).fillna(victims["opened_on"]))
    ranges = exploitations["date"].map({t: _partial_range(t) for t in exploitations["date"].unique()})
    exploitations["first"] = ranges.map(lambda r: r[0])
    exploitations["last"] = ranges.map(lambda r: r[1])
    earliest_exploitation = exploitations.sort_values(["first", "last"]).drop_duplicates("participant_id")
    by_participant = earliest_exploitation.set_index("participant_id")
    first = victims["id"].map(by_participant["first"]).fillna(reference)
    last = victims["id"].map(by_participant["last"]).fillna(reference)
    oldest = (last - born_first) // 10_000
    youngest = (first - born_last) // 10_000
    frame["age_group"] = None
    frame.loc[(oldest >= 18) & (youngest >= 18), "age_group"] = "adult"
    frame.loc[oldest < 18, "age_group"] = "child"
    frame.loc[born_first.isna() | (oldest > 120), "age_group"] = None
    return frame


def pandas_figure(frame: Any, dimensions: list[str]) -> dict[tuple[Any, ...], int]:
    """Distinct victims per combination of values; a victim with several values is in the row of each."""
    import pandas as pd

    part = frame[["victim", *dimensions]]
    for several in ("citizenship", "form_of_exploitation"):
        if several in dimensions:
            part = part.explode(several)
    counts = part.groupby(dimensions, dropna=False, sort=False)["victim"].nunique()
    return {
        tuple(None if pd.isna(v) else (int(v) if d == "year" else v) for v, d in zip(key, dimensions, strict=True)): n
        for key, n in zip(
            counts.index if len(dimensions) > 1 else [(k,) for k in counts.index], counts.tolist(), strict=True
        )
    }


# Measures ---------------------------------------------------------------------------------------------


def best(runs: int, work: Any) -> tuple[float, Any]:
    times, result = [], None
    for _attempt in range(runs):
        begun = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - begun)
    return min(times), result


def measure(db: str, victims: int, *, reuse: bool, seed: int, pandas: bool = True) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from vigie.analytics import statistics
    from vigie.analytics.statistics import parse_dimensions, read_register_snapshot, victim_statistics

    call_command("migrate", verbosity=0)
    generated: dict[str, int] = {}
    begun = time.perf_counter()
    if not reuse:
        generated = generate(victims, seed)
    generation = time.perf_counter() - begun
    print(f"{db}: generated {generated} in {generation:.0f} s", flush=True)
    steps: dict[str, str] = {}
    steps["read"] = load()
    read_seconds, snapshot = best(2, read_register_snapshot)
    print(f"{db}: read into a snapshot: {read_seconds:.2f} s ({steps['read']})", flush=True)

    def whole_set() -> None:
        for indicator in INDICATORS:
            victim_statistics(source="register", dimensions=parse_dimensions(indicator))

    # Large snapshots are also kept on disk for new worker processes: cold means without that file too.
    from django.conf import settings

    settings.STATISTICS_SNAPSHOT_DIR = ROOT / "var" / "bench" / f"snapshots-{db}"
    for old in Path(settings.STATISTICS_SNAPSHOT_DIR).glob("*.npz"):
        old.unlink()
    statistics._SNAPSHOTS.clear()
    steps["cold set"] = load()
    cold_set, _ = best(1, whole_set)  # the first request reads the register, the others find it kept
    steps["figures"] = load()
    rows = []
    for indicator in INDICATORS:
        seconds, counts = best(
            3, lambda i=indicator: victim_statistics(source="register", dimensions=parse_dimensions(i))
        )
        rows.append({"indicator": indicator, "seconds": seconds, "rows": len(counts.rows)})
        print(f"{db}: {indicator}: {seconds:.3f} s", flush=True)
    warm_set, _ = best(3, whole_set)
    check_seconds, _ = best(5, statistics.register_snapshot)

    def new_worker() -> None:
        statistics._SNAPSHOTS.clear()
        statistics._FOLLOWABLE.clear()
        statistics.register_snapshot()

    from_file_seconds, _ = best(3, new_worker)
    print(f"{db}: whole set: warm {warm_set:.2f} s, cold {cold_set:.2f} s", flush=True)
    followed_set, followed_first = one_case_edited(whole_set, steps)
    print(f"{db}: one case edited, then the whole set: {followed_set:.2f} s (first figure {followed_first:.2f} s)")
    report_cold, report_warm = report_times(steps)
    print(f"{db}: report: cold {report_cold:.2f} s, warm {report_warm:.2f} s", flush=True)
    pandas_read, pandas_set = float("nan"), float("nan")
    for row in rows:
        row["pandas_seconds"] = float("nan")
    if pandas:
        # pandas, on the same connection, then the figures compared one by one.
        steps["pandas"] = load()
        connection.ensure_connection()
        pandas_read, frame = best(1, lambda: pandas_frame(connection.connection))
        pandas_set = 0.0
        for row in rows:
            dimensions = row["indicator"].split(",")
            seconds, figure = best(2, lambda d=dimensions: pandas_figure(frame, d))
            engine = {r.values: r.victims for r in snapshot.count(parse_dimensions(row["indicator"])).rows}
            assert figure == engine, f"pandas and the engine differ on {row['indicator']}"
            pandas_set += seconds
            row["pandas_seconds"] = seconds
            print(f"{db}: pandas {row['indicator']}: {seconds:.3f} s (same figures)", flush=True)
    return {
        "db": db,
        "vendor": connection.vendor,
        "victims": snapshot.rows,
        "persons": snapshot.victims,
        "generated": generated,
        "generation_seconds": round(generation),
        "read_seconds": read_seconds,
        "check_seconds": check_seconds,
        "from_file_seconds": from_file_seconds,
        "cold_set_seconds": cold_set,
        "warm_set_seconds": warm_set,
        "followed_set_seconds": followed_set,
        "followed_first_seconds": followed_first,
        "report_cold_seconds": report_cold,
        "report_warm_seconds": report_warm,
        "pandas_read_seconds": pandas_read,
        "pandas_set_seconds": pandas_set,
        "rows": rows,
        "load": steps,
    }


def one_case_edited(whole_set: Any, steps: dict[str, str]) -> tuple[float, float]:
    """Best of 3: a different case's row written each time, then the whole set (its first figure alone)."""
    from django.db.models import F

    from vigie.analytics.statistics import parse_dimensions, victim_statistics
    from vigie.cases.models import Case

    steps["one case edited"] = load()
    cases = list(Case.objects.order_by("?").values_list("pk", flat=True)[:3])
    sets, firsts = [], []
    for pk in cases:
        Case.objects.filter(pk=pk).update(opened_on=F("opened_on"))
        begun = time.perf_counter()
        victim_statistics(source="register", dimensions=parse_dimensions(INDICATORS[0]))
        firsts.append(time.perf_counter() - begun)
        whole_set()
        sets.append(time.perf_counter() - begun)
    return min(sets), min(firsts)


def report_times(steps: dict[str, str]) -> tuple[float, float]:
    """The PDF report of the most frequent country and the latest year: cold (no snapshot kept, no file) and
    warm (best of 2)."""
    import io

    from django.conf import settings

    from vigie.analytics import statistics
    from vigie.analytics.report import export_report, report_request
    from vigie.cases.models import Case

    year = Case.objects.order_by("-opened_on").values_list("opened_on", flat=True).first()
    request = report_request(country=COUNTRIES[0], year=year.year if year else 2024, language="en")

    def report() -> None:
        export_report(actor=None, request=request, cases=None, out=io.BytesIO())

    def cold() -> None:
        statistics._SNAPSHOTS.clear()
        statistics._FOLLOWABLE.clear()
        for old in Path(settings.STATISTICS_SNAPSHOT_DIR).glob("*.npz"):
            old.unlink()
        report()

    steps["report"] = load()
    cold_seconds, _ = best(1, cold)
    warm_seconds, _ = best(2, report)
    return cold_seconds, warm_seconds


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "# Statistics engine benchmark",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared: the 1-minute load is given at each step). Engine: numpy over a snapshot "
        "of integer codes, kept between requests until a trigger says the register changed. Each figure: "
        '`victim_statistics(source="register")` as a dashboard calls it (the change check, then the count), '
        "best of 3. pandas: `pd.read_sql` of the same rows, the same rules, `groupby(...).nunique()` with the "
        "several-valued columns exploded; its figures are asserted equal to the engine's.",
        "",
    ]
    for r in results:
        slowest = max(row["seconds"] for row in r["rows"])
        pandas_slowest = max(row["pandas_seconds"] for row in r["rows"])
        generated = f"generated in {r['generation_seconds']} s" if r["generated"] else "reused"
        lines += [
            f"## {r['db']}: {r['victims']:,} victim participations, {r['persons']:,} persons ({generated})",
            "",
            "| | engine | pandas |",
            "|---|---:|---:|",
            f"| cold: read the register | {r['read_seconds']:.2f} s | {r['pandas_read_seconds']:.2f} s |",
            f"| slowest figure (warm) | {slowest:.3f} s | {pandas_slowest:.3f} s |",
            f"| whole set of {len(r['rows'])} (warm) | {r['warm_set_seconds']:.2f} s | "
            f"{r['pandas_set_seconds']:.2f} s |",
            f"| whole set of {len(r['rows'])} (cold: read + figures) | {r['cold_set_seconds']:.2f} s | "
            f"{r['pandas_read_seconds'] + r['pandas_set_seconds']:.2f} s |",
            f"| the check that the register has not changed | {r['check_seconds'] * 1000:.1f} ms | |",
            f"| a new worker process: the snapshot from its file | {r.get('from_file_seconds', 0):.2f} s | |",
            f"| one case edited, then the whole set (followed from the change log) | "
            f"{r.get('followed_set_seconds', 0):.2f} s | |",
            f"| one case edited, then the first figure | {r.get('followed_first_seconds', 0):.2f} s | |",
            f"| PDF report, one country and year: cold / warm | {r.get('report_cold_seconds', 0):.1f} s / "
            f"{r.get('report_warm_seconds', 0):.1f} s | |",
            "",
            "| indicator (--by) | engine (s) | pandas (s) | rows |",
            "|---|---:|---:|---:|",
            *[
                f"| {row['indicator']} | {row['seconds']:.3f} | {row['pandas_seconds']:.3f} | {row['rows']:,} |"
                for row in r["rows"]
            ],
            "",
            "Load: " + ", ".join(f"{step}: {value}" for step, value in r["load"].items()) + ".",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Keep the database of the previous run.")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown file (default: %(default)s).")
    parser.add_argument("--skip-pandas", action="store_true", help="Measure the engine only.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.victims, reuse=args.reuse, seed=args.seed, pandas=not args.skip_pandas)
        print("RESULT " + json.dumps(result), flush=True)
        return
    results = []
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if not args.reuse:
            fresh_database(db)
        command = [sys.executable, __file__, "--child", db, "--victims", str(args.victims), "--seed", str(args.seed)]
        if args.reuse:
            command.append("--reuse")
        if args.skip_pandas:
            command.append("--skip-pandas")
        env = {**os.environ, "DATABASE_URL": database_url(db)}
        process = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)  # noqa: S603
        results.append(json.loads(process.stdout.split("RESULT ", 1)[1]))
        print(process.stdout.split("RESULT ", 1)[0], end="", flush=True)
        print("RESULT " + json.dumps(results[-1]), file=sys.stderr, flush=True)  # to build a table again
    text = markdown(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
