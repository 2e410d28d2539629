"""Demo victim assistance for the cases written by `vigie demo-data`. None of it is real.

The records are bulk-created without services, hence without audit events: they are invented, and an
audit trail of a hundred thousand invented writes would only hide the real use of a demo server.

Proportions: no regional figure on assistance, return or reintegration was found in the reference
material (/work/shared/reference/glotip.md gives detections, not care). The shares below are therefore
assumptions for a plausible demo, kept in one place so they can be replaced by real figures:
most identified victims are assessed, fewer have a plan, a reflection period is granted to some adults
only, returns concern a share of foreign victims (children only after a favourable family assessment),
and follow-up visits thin out after the return.
"""

import datetime
import random
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from vigie.assistance.models import (
    DOMAINS,
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedLevel,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.cases.demo import FRENCH_SPEAKING, LAST_DAY, NOW, _demo_author, _Table
from vigie.cases.models import Case, Participant
from vigie.people.models import Person

CHUNK = 2000
ASSESSED_SHARE = {"victim": 0.85, "presumed_victim": 0.7, "smuggled_migrant": 0.3}  # assumption
PLAN_SHARE = 0.6  # of the assessed (assumption)
REFLECTION_SHARE = 0.25  # of adult victims (assumption)
RETURN_SHARE = 0.4  # of foreign victims and migrants (assumption)
VISITED_SHARE = 0.8  # of completed returns (assumption)
CLOSED_SHARE = 0.7  # of the assisted in closed cases (assumption)
LEVELS = (
    (NeedLevel.NONE, 30),
    (NeedLevel.LOW, 25),
    (NeedLevel.MEDIUM, 25),
    (NeedLevel.HIGH, 14),
    (NeedLevel.URGENT, 6),
)
FAMILY_OUTCOMES = (("favourable", 75), ("unfavourable", 15), ("inconclusive", 10))
SITUATIONS = (("well", 55), ("difficulties", 30), ("at_risk", 8), ("lost_contact", 7))
CLOSURE_REASONS = (
    ("goals_reached", 40),
    ("declined", 12),
    ("lost_contact", 15),
    ("transferred", 10),
    ("reintegrated", 20),
    ("other", 3),
)
# French for French-speaking countries, English for the others, as in vigie/cases/demo.py.
TEXT = {
    "granted_by": ("Procureur de la République", "Office of the Attorney General"),
    "goals": (
        "Santé : bilan médical et suivi\nLogement : centre d'accueil\nFormation professionnelle",
        "Health: medical check-up and follow-up\nShelter: safe house\nVocational training",
    ),
    "family_by": ("Service de l'action sociale", "Social Welfare Department"),
    "visit_by": ("Assistante sociale de l'ONG partenaire", "Partner NGO social worker"),
    "escort": ("OIM, escorte sociale", "IOM, social escort"),
    "other": ("Autre prise en charge", "Other support arrangement"),
}


def _row(**values: Any) -> dict[str, Any]:
    return {"created_at": NOW, **values}


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _w in items], weights=[w for _v, w in items])[0]


def _after(rng: random.Random, day: datetime.date, low: int, high: int) -> datetime.date:
    return min(day + datetime.timedelta(days=rng.randint(low, high)), LAST_DAY)


def generate_assistance_demo(*, seed: int, progress: Callable[[str], Any] | None = None) -> dict[str, int]:
    rng = random.Random(f"assistance-{seed}")  # noqa: S311 - demo data, not secrets
    author = _demo_author()
    counts: dict[str, int] = dict.fromkeys(
        ["assessments", "reflection_periods", "plans", "family_assessments", "returns", "visits", "closures"], 0
    )
    # A second run (more cases added to the demo register) starts after the cases the first one went through.
    last_done = max(
        (
            model._default_manager.aggregate(last=models.Max("case_id"))["last"] or 0
            for model in (NeedsAssessment, AssistanceClosure, AssistancePlan, VoluntaryReturn, FamilyAssessment)
        ),
        default=0,
    )
    case_ids = list(Case.objects.filter(pk__gt=last_done).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(case_ids), CHUNK):
        rows = _chunk(rng, case_ids[start : start + CHUNK], author.pk)
        with transaction.atomic():
            for name, (table, records) in rows.items():
                # The register's bulk writer (COPY on PostgreSQL): model instances would take most of the time.
                _Table(table, with_id=False).write(records, timezone.now())
                counts[name] += len(records)
        if progress is not None:
            progress(f"Assistance: {min(start + CHUNK, len(case_ids))} of {len(case_ids)} cases")
    return counts


def _chunk(rng: random.Random, ids: list[int], author_id: int) -> dict[str, tuple[type[models.Model], list[Any]]]:
    cases = {
        row["pk"]: row
        for row in Case.objects.filter(pk__in=ids).values(
            "pk", "status", "opened_on", "closed_on", "agency__country_id"
        )
    }
    people = Participant.objects.filter(case_id__in=ids, role__in=list(ASSESSED_SHARE)).order_by("case_id", "pk")
    participants = list(people.values("pk", "case_id", "role", "person_id"))
    persons = Person.objects.filter(pk__in={p["person_id"] for p in participants}).only(
        "pk", "date_of_birth", "estimated_age", "age_estimated_on"
    )
    person_by_id = {p.pk: p for p in persons}
    nationalities: dict[int, set[str]] = {}
    for person_id, country_id in Person.nationalities.through.objects.filter(person_id__in=person_by_id).values_list(
        "person_id", "country_id"
    ):
        nationalities.setdefault(person_id, set()).add(country_id)
    out: dict[str, tuple[type[models.Model], list[Any]]] = {
        "assessments": (NeedsAssessment, []),
        "reflection_periods": (ReflectionPeriod, []),
        "plans": (AssistancePlan, []),
        "family_assessments": (FamilyAssessment, []),
        "returns": (VoluntaryReturn, []),
        "visits": (ReintegrationVisit, []),
        "closures": (AssistanceClosure, []),
    }
    for p in participants:
        case = cases[p["case_id"]]
        lang = 0 if case["agency__country_id"] in FRENCH_SPEAKING else 1
        person = person_by_id[p["person_id"]]
        _one_person(rng, out, case, p, person, nationalities.get(person.pk, set()), lang, author_id)
    return out


def _one_person(
    rng: random.Random,
    out: dict[str, tuple[type[models.Model], list[Any]]],
    case: Mapping[str, Any],
    p: Mapping[str, Any],
    person: Person,
    nationalities: set[str],
    lang: int,
    author_id: int,
) -> None:
    key = {"case_id": case["pk"], "participant_id": p["pk"]}
    opened: datetime.date = case["opened_on"]
    is_open = case["status"] != Case.Status.CLOSED
    age = person.age_on(opened)
    if rng.random() >= ASSESSED_SHARE[p["role"]]:
        return
    assessed_on = _after(rng, opened, 0, 30)
    levels = {code: _weighted(rng, LEVELS) for code, _label in DOMAINS}
    review = _after(rng, assessed_on, 30, 120) if is_open else None
    out["assessments"][1].append(
        _row(**key, assessed_on=assessed_on, assessed_by_id=author_id, next_review_on=review, **levels)
    )
    if age is not None and age >= 18 and p["role"] != "smuggled_migrant" and rng.random() < REFLECTION_SHARE:
        outcome = (
            "pending"
            if is_open and rng.random() < 0.3
            else _weighted(rng, (("cooperating", 60), ("not_cooperating", 25), ("extended", 15)))
        )
        out["reflection_periods"][1].append(
            _row(
                **key,
                started_on=assessed_on,
                ends_on=assessed_on + datetime.timedelta(days=rng.choice([30, 45, 90])),
                granted_by=TEXT["granted_by"][lang],
                outcome=outcome,
            )
        )
    if rng.random() < PLAN_SHARE:
        agreed = _after(rng, assessed_on, 1, 20)
        status = "active" if is_open else _weighted(rng, (("completed", 70), ("stopped", 30)))
        out["plans"][1].append(
            _row(
                **key,
                agreed_on=agreed,
                goals=TEXT["goals"][lang],
                review_on=_after(rng, agreed, 60, 180),
                status=status,
                ended_on=None if status == "active" else max(agreed, case["closed_on"] or agreed),
                stop_reason=TEXT["other"][lang] if status == "stopped" else "",
            )
        )
    foreign = bool(nationalities) and case["agency__country_id"] not in nationalities
    if foreign and rng.random() < RETURN_SHARE:
        _return(rng, out, key, case, age, sorted(nationalities)[0], assessed_on, lang)
    if not is_open and rng.random() < CLOSED_SHARE:
        reason = _weighted(rng, CLOSURE_REASONS)
        out["closures"][1].append(
            _row(
                **key,
                closed_on=case["closed_on"] or LAST_DAY,
                closed_by_id=author_id,
                reason=reason,
                reason_other=TEXT["other"][lang] if reason == "other" else "",
            )
        )


def _return(
    rng: random.Random,
    out: dict[str, tuple[type[models.Model], list[Any]]],
    key: dict[str, int],
    case: Mapping[str, Any],
    age: int | None,
    home: str,
    assessed_on: datetime.date,
    lang: int,
) -> None:
    planned = _after(rng, assessed_on, 20, 120)
    if age is None or age < 18:
        outcome = _weighted(rng, FAMILY_OUTCOMES)
        out["family_assessments"][1].append(
            _row(
                **key,
                assessed_on=_after(rng, assessed_on, 5, 15),
                assessed_by=TEXT["family_by"][lang],
                outcome=outcome,
            )
        )
        if outcome != "favourable":  # the child is not returned to that family
            return
    done = planned <= LAST_DAY - datetime.timedelta(days=30) and rng.random() < 0.85
    status = "completed" if done else ("cancelled" if rng.random() < 0.1 else "planned")
    returned_on = planned if status == "completed" else None
    out["returns"][1].append(
        _row(
            **key,
            from_country_id=case_country(case),
            to_country_id=home,
            consent_given=True,
            consent_on=planned - datetime.timedelta(days=10),
            planned_on=planned,
            returned_on=returned_on,
            escort=TEXT["escort"][lang],
            status=status,
        )
    )
    if returned_on is not None and rng.random() < VISITED_SHARE:
        visited = returned_on
        for _visit in range(rng.randint(1, 3)):
            visited = _after(rng, visited, 30, 120)
            next_visit = visited + datetime.timedelta(days=90)
            out["visits"][1].append(
                _row(
                    **key,
                    visited_on=visited,
                    visited_by=TEXT["visit_by"][lang],
                    situation=_weighted(rng, SITUATIONS),
                    next_visit_on=next_visit,
                )
            )


def case_country(case: Mapping[str, Any]) -> str:
    return str(case["agency__country_id"])
