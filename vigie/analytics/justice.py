"""The criminal-justice chain from the register: persons suspected, prosecuted and convicted, and the time
from a victim's identification to the first-instance verdict. `vigie stats justice`, its API and the GLOTIP
workbook all count here.

What is counted, as the UN Crime Trends Survey (UN-CTS) and GLOTIP count it — persons, not cases:
- suspected ("persons brought into formal contact with the police"): persons recorded as suspects in a
  case; the year is that of their identification in the case, else of the case's opening; the country that
  of the case's detection; the offences the case's suspected offences.
- prosecuted: persons charged in a proceeding; the year and country those of the charge (its date, the
  court's country); the offence that of the charge.
- convicted: persons found guilty by a court, whether or not the conviction was later upheld on appeal
  (the UN-CTS rule); the year that of the verdict, the country the court's.
A person is counted once per combination of the values asked: charged in two cases, or with two offences,
a person is one prosecuted person (once under each offence when the offence is asked). A value the
register does not give (sex, age, citizenship, offence) is None, "unknown": counted, never dropped.
"""

import dataclasses
import datetime
import itertools
import statistics as stats
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vigie.analytics.disclosure import Shown, protect_table
from vigie.analytics.selectors import SMALL_CELL_LIMIT
from vigie.analytics.statistics import (
    REGISTER_FORMS,
    REGISTER_SEXES,
    VICTIM_ROLES,
    Form,
    IsolatingFilters,
    Isolation,
    StatisticsError,
    Value,
    _register_age_group,
    isolation,
    loosened,
    sort_key,
)
from vigie.cases.models import Case, Decision, Participant, SuspectedOffence
from vigie.justice.models import Charge, Proceeding, Verdict
from vigie.people.models import Person


class Stage(StrEnum):
    SUSPECTED = "suspected"
    PROSECUTED = "prosecuted"
    CONVICTED = "convicted"


class JusticeDimension(StrEnum):
    YEAR = "year"
    STAGE = "stage"
    SEX = "sex"
    AGE_GROUP = "age_group"
    CITIZENSHIP = "citizenship"
    OFFENCE = "offence"
    FORM_OF_EXPLOITATION = "form_of_exploitation"  # GLOTIP's three categories, of the case's victims


JUSTICE_DIMENSION_NAMES = [d.value for d in JusticeDimension]
OFFENCES = [code for code, _label in SuspectedOffence.Offence.choices]

# GLOTIP's three categories of the form of exploitation. "Other forms" gathers what GLOTIP publishes under
# it (begging, criminality, marriage, organ removal, child soldiering, illegal adoption…) and the register's
# "mixed forms", which GLOTIP has no category of its own for.
GLOTIP_SEXUAL = "sexual_exploitation"
GLOTIP_FORCED_LABOUR = "forced_labour"
GLOTIP_OTHER_FORMS = "other_forms"
GLOTIP_FORM_LABELS = {
    GLOTIP_SEXUAL: "Sexual exploitation",
    GLOTIP_FORCED_LABOUR: "Forced labour",
    GLOTIP_OTHER_FORMS: "Other forms of exploitation",
}
GLOTIP_FORMS: dict[str, str] = {
    Form.SEXUAL_EXPLOITATION: GLOTIP_SEXUAL,
    Form.FORCED_LABOUR: GLOTIP_FORCED_LABOUR,
    Form.FORCED_BEGGING: GLOTIP_OTHER_FORMS,
    Form.FORCED_CRIMINALITY: GLOTIP_OTHER_FORMS,
    Form.FORCED_MARRIAGE: GLOTIP_OTHER_FORMS,
    Form.ORGAN_REMOVAL: GLOTIP_OTHER_FORMS,
    Form.CHILD_SOLDIERING: GLOTIP_OTHER_FORMS,
    Form.MIXED: GLOTIP_OTHER_FORMS,
    Form.OTHER: GLOTIP_OTHER_FORMS,
}


def glotip_forms(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({GLOTIP_FORMS[form] for form in forms if form in GLOTIP_FORMS}))


@dataclass(frozen=True)
class StageRecord:
    """One person at one stage once: a suspect in a case, a charge, a conviction."""

    person_id: int
    stage: Stage
    year: int
    sex: str | None
    age_group: str | None
    citizenships: tuple[str, ...]
    offences: tuple[str, ...]
    country: str | None
    # GLOTIP categories of the exploitation of the case's victims (persons convicted by form).
    forms: tuple[str, ...] = ()
    case_id: int | None = None  # the case of the suspect, charge or conviction

    def values(self, dimension: JusticeDimension) -> tuple[Value, ...]:
        match dimension:
            case JusticeDimension.YEAR:
                return (self.year,)
            case JusticeDimension.STAGE:
                return (self.stage.value,)
            case JusticeDimension.SEX:
                return (self.sex,)
            case JusticeDimension.AGE_GROUP:
                return (self.age_group,)
            case JusticeDimension.CITIZENSHIP:
                return self.citizenships or (None,)
            case JusticeDimension.OFFENCE:
                return self.offences or (None,)
            case JusticeDimension.FORM_OF_EXPLOITATION:
                return self.forms or (None,)


@dataclass(frozen=True)
class JusticeFilters:
    year_from: int | None = None
    year_to: int | None = None
    country: str | None = None  # ISO alpha-2: of the case's detection for suspects, of the court otherwise
    offence: str | None = None  # a SuspectedOffence code: "tip", "som"…

    def keep(self, record: StageRecord) -> bool:
        if self.year_from is not None and record.year < self.year_from:
            return False
        if self.year_to is not None and record.year > self.year_to:
            return False
        if self.country is not None and record.country != self.country:
            return False
        return self.offence is None or self.offence in record.offences

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.year_from, "to": self.year_to, "country": self.country, "offence": self.offence}


@dataclass(frozen=True)
class PersonRow:
    values: tuple[Value, ...]
    persons: int


@dataclass(frozen=True)
class PersonCounts:
    dimensions: tuple[JusticeDimension, ...]
    rows: list[PersonRow]
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [{**dict(zip(self.dimensions, row.values, strict=True)), "persons": row.persons} for row in self.rows]


def parse_justice_dimensions(text: str) -> tuple[JusticeDimension, ...]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    known = ", ".join(JUSTICE_DIMENSION_NAMES)
    if not names:
        raise StatisticsError(_("--by needs at least one dimension: %(known)s.") % {"known": known})
    unknown = [name for name in names if name not in JUSTICE_DIMENSION_NAMES]
    if unknown:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.") % {"names": ", ".join(unknown), "known": known}
        )
    if len(set(names)) != len(names):
        raise StatisticsError(_("A dimension is named twice in --by."))
    return tuple(JusticeDimension(name) for name in names)


def check_offence(offence: str | None) -> str | None:
    if offence is not None and offence not in OFFENCES:
        raise StatisticsError(
            _("Unknown offence %(code)s; known: %(known)s.") % {"code": offence, "known": ", ".join(OFFENCES)}
        )
    return offence


# Reading the register -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PersonFacts:
    sex: str | None
    citizenships: tuple[str, ...]
    born: str
    estimated_age: int | None
    estimated_on: datetime.date | None

    def age_group(self, on: datetime.date) -> str | None:
        return _register_age_group(self.born, self.estimated_age, self.estimated_on, None, on)


def _persons(person_ids: Iterable[int]) -> dict[int, _PersonFacts]:
    ids = set(person_ids)
    nationalities: dict[int, set[str]] = {}
    for person_id, country in Person.nationalities.through.objects.filter(person_id__in=ids).values_list(
        "person_id", "country_id"
    ):
        nationalities.setdefault(person_id, set()).add(country)
    return {
        pk: _PersonFacts(
            REGISTER_SEXES.get(sex), tuple(sorted(nationalities.get(pk, ()))), born or "", estimated, estimated_on
        )
        for pk, sex, born, estimated, estimated_on in Person.objects.filter(pk__in=ids).values_list(
            "pk", "sex", "date_of_birth", "estimated_age", "age_estimated_on"
        )
    }


def _case_forms(case_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The GLOTIP categories of the exploitation of each case's victims and presumed victims."""
    forms: dict[int, set[str]] = {}
    for case_id, codes in Participant.objects.filter(case_id__in=set(case_ids), role__in=VICTIM_ROLES).values_list(
        "case_id", "forms_of_exploitation"
    ):
        forms.setdefault(case_id, set()).update(REGISTER_FORMS[c] for c in codes or [] if c in REGISTER_FORMS)
    return {case_id: glotip_forms(found) for case_id, found in forms.items()}


def _in_years(field: str, filters: JusticeFilters) -> Q:
    """The rows whose date `field` falls in the filters' years (all rows when no year is asked)."""
    found = Q()
    if filters.year_from is not None:
        found &= Q(**{f"{field}__gte": datetime.date(filters.year_from, 1, 1)})
    if filters.year_to is not None:
        found &= Q(**{f"{field}__lte": datetime.date(filters.year_to, 12, 31)})
    return found


def _by_court(filters: JusticeFilters, *, court: str, offence: str) -> Q:
    found = Q() if filters.country is None else Q(**{court: filters.country})
    return found if filters.offence is None else found & Q(**{offence: filters.offence})


def stage_records(cases: QuerySet[Case], filters: JusticeFilters | None = None) -> list[StageRecord]:
    """Every suspect, charge and conviction of these cases, with what the counts need (a few queries).

    With `filters`, the rows the filters would leave out are not read (the same rules as JusticeFilters.keep,
    in the queries): a report of one country and year does not read the whole register."""
    filters = filters or JusticeFilters()
    suspected_in = Q()
    if filters.year_from is not None or filters.year_to is not None:
        # The year of a suspect: of their identification, else of the case's opening.
        suspected_in = _in_years("identified_on", filters) | (
            Q(identified_on__isnull=True) & _in_years("case__opened_on", filters)
        )
    if filters.country is not None:
        suspected_in &= Q(case__country_id=filters.country)
    suspects = list(
        Participant.objects.filter(suspected_in, case__in=cases, role=Participant.Role.SUSPECT).values_list(
            "person_id", "case_id", "identified_on", "case__opened_on", "case__country_id"
        )
    )
    charges = list(
        Charge.objects.filter(
            _in_years("charged_on", filters),
            _by_court(filters, court="proceeding__court_country_id", offence="offence"),
            case__in=cases,
        ).values_list("accused__person_id", "case_id", "charged_on", "proceeding__court_country_id", "offence")
    )
    convictions = list(
        Verdict.objects.filter(
            _in_years("decided_on", filters),
            _by_court(filters, court="proceeding__court_country_id", offence="charge__offence"),
            charge__case__in=cases,
            outcome=Verdict.Outcome.CONVICTED,
        ).values_list(
            "charge__accused__person_id",
            "charge__case_id",
            "decided_on",
            "proceeding__court_country_id",
            "charge__offence",
        )
    )
    offences: dict[int, list[str]] = {}
    for case_id, offence in SuspectedOffence.objects.filter(case__in=cases).values_list("case_id", "offence"):
        offences.setdefault(case_id, []).append(offence)
    persons = _persons(row[0] for row in itertools.chain(suspects, charges, convictions))
    forms = _case_forms(row[1] for row in itertools.chain(charges, convictions))

    def record(
        stage: Stage, person_id: int, on: datetime.date, country: str, found: Sequence[str], case: int
    ) -> StageRecord:
        facts = persons[person_id]
        return StageRecord(
            person_id=person_id,
            stage=stage,
            year=on.year,
            sex=facts.sex,
            age_group=facts.age_group(on),
            citizenships=facts.citizenships,
            offences=tuple(sorted(set(found))),
            country=country,
            forms=forms.get(case, ()),
            case_id=case,
        )

    return [
        *(
            record(Stage.SUSPECTED, person, identified or opened, country, offences.get(case, []), case)
            for person, case, identified, opened, country in suspects
        ),
        *(record(Stage.PROSECUTED, p, on, country, [offence], case) for p, case, on, country, offence in charges),
        *(record(Stage.CONVICTED, p, on, country, [offence], case) for p, case, on, country, offence in convictions),
    ]


# Counting ---------------------------------------------------------------------------------------------


def count_persons(
    records: Iterable[StageRecord], dimensions: Sequence[JusticeDimension], filters: JusticeFilters | None = None
) -> PersonCounts:
    """Persons per combination of the dimensions' values: each person once per combination, per stage."""
    filters = filters or JusticeFilters()
    dimensions = tuple(dimensions)
    combinations: dict[tuple[Stage, int], set[tuple[Value, ...]]] = {}
    for record in records:
        if not filters.keep(record):
            continue
        found = combinations.setdefault((record.stage, record.person_id), set())
        found.update(itertools.product(*(record.values(d) for d in dimensions)))
    counter: Counter[tuple[Value, ...]] = Counter()
    for found in combinations.values():
        counter.update(found)
    rows = [PersonRow(values, n) for values, n in sorted(counter.items(), key=lambda item: sort_key(item[0]))]
    return PersonCounts(
        dimensions,
        rows,
        {"filters": filters.as_dict(), "rules": JUSTICE_RULES, "persons_by_stage": _persons_by_stage(combinations)},
    )


def _persons_by_stage(combinations: dict[tuple[Stage, int], set[tuple[Value, ...]]]) -> dict[str, int]:
    found = Counter(stage.value for stage, _person in combinations)
    return {stage.value: found[stage.value] for stage in Stage}


JUSTICE_RULES = {
    "unit": "persons (a person recorded in several cases, or charged several times, is one person)",
    "suspected": "persons recorded as suspects in a case; year of their identification, else of the case's opening; "
    "country of detection of the case; offences suspected in the case",
    "prosecuted": "persons charged in a proceeding; year of the charge; country of the court; offence charged",
    "convicted": "persons found guilty in any round, whether or not the conviction was upheld on appeal (UN-CTS); "
    "year of the verdict; country of the court; offence of the charge",
    "several_values": "a person with several values of a dimension (citizenships, offences, years) is counted once "
    "under each: rows can add up to more than the persons",
    "form_of_exploitation": "GLOTIP's category (sexual_exploitation, forced_labour, other_forms) of the "
    "exploitation of the victims of the person's case",
    "unknown": "null: a value the register does not give; never dropped, never guessed",
}


def justice_statistics(
    *, cases: QuerySet[Case], dimensions: Sequence[JusticeDimension], filters: JusticeFilters | None = None
) -> PersonCounts:
    return count_persons(stage_records(cases, filters), dimensions, filters)


def _persons_at_each_stage(
    records: Sequence[StageRecord], filters: JusticeFilters, narrowed: set[int] | None = None
) -> Callable[[JusticeFilters, bool], dict[Stage, int]]:
    """How many persons of `records` each loosening of `filters` keeps at each stage, within the `narrowed`
    cases or not: each given filter is tried once a record (its own JusticeFilters.keep), then a loosening is
    a few numpy passes."""
    stage = np.array([list(Stage).index(record.stage) for record in records], dtype=np.int64)
    person = np.array([record.person_id for record in records], dtype=np.int64)
    passes = {
        name: np.array(
            [JusticeFilters(**{name: getattr(filters, name)}).keep(record) for record in records], dtype=bool
        )
        for name in (f.name for f in dataclasses.fields(filters))
        if getattr(filters, name) is not None
    }
    in_narrowed = np.array([narrowed is None or record.case_id in narrowed for record in records], dtype=bool)
    span = int(person.max(initial=0)) + 1

    def persons(looser: JusticeFilters, within_narrowed: bool) -> dict[Stage, int]:
        kept = in_narrowed.copy() if within_narrowed else np.ones(len(records), dtype=bool)
        for name, passed in passes.items():
            if getattr(looser, name) is not None:
                kept &= passed
        # One code per (stage, person): a person is one person at a stage however many records.
        found = np.bincount(np.unique(stage[kept] * span + person[kept]) // span, minlength=len(Stage))
        return {s: int(found[i]) for i, s in enumerate(Stage)}

    return persons


def refuse_isolating_justice_filters(
    *, cases: QuerySet[Case], filters: JusticeFilters, unfiltered_cases: QuerySet[Case] | None = None
) -> None:
    """Refuse protected justice figures whose filters single out fewer than 5 persons (the rule of
    statistics.refuse_isolating_filters), in the unit these figures count: persons at a stage. Victims
    would be the wrong unit: a period can leave out 40 victims and 2 convicted persons, whose sex, age and
    citizenship the figures without the period would then give away. So the filters may not keep 1 to 4
    persons over the stages, nor leave out 1 to 4 of a stage's persons (where they keep some of that stage)
    counted without one or more of them, or over `unfiltered_cases` (the reader's whole scope, when `cases`
    are narrowed to an agency's). Reads the scope's suspects, charges and convictions once: the justice
    chain has no snapshot, and is small beside the victims."""
    if unfiltered_cases is None and not loosened(filters):
        return  # no filter: the figures without filters themselves
    narrowed = None if unfiltered_cases is None else set(cases.values_list("pk", flat=True))
    count = _persons_at_each_stage(
        stage_records(cases if unfiltered_cases is None else unfiltered_cases), filters, narrowed
    )
    kept = count(filters, True)
    wider = [count(looser, True) for looser in loosened(filters)]
    if unfiltered_cases is not None:
        wider += [count(looser, False) for looser in [filters, *loosened(filters)]]
    if any(isolation(kept=sum(kept.values()), unfiltered=sum(w.values())) is Isolation.KEEPS_FEW for w in wider):
        raise IsolatingFilters(
            _(
                "These filters keep fewer than 5 persons suspected, prosecuted or convicted: the figures would be "
                "about those few persons. Widen the filters."
            )
        )
    if any(kept[stage] and 0 < w[stage] - kept[stage] < SMALL_CELL_LIMIT for w in wider for stage in Stage):
        raise IsolatingFilters(
            _(
                "These filters leave out fewer than 5 of the persons suspected, prosecuted or convicted counted "
                "without one or more of them: compared with those figures, they would show those few persons. "
                "Widen the filters."
            )
        )


# Time from identification to verdict ------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """Days from the victim's identification to the first-instance verdict, one per person decided."""

    count: int
    median: float | None
    first_quartile: float | None
    third_quartile: float | None
    from_identification: int  # persons whose start is a victim's identification
    from_case_opening: int  # persons whose case has no identification date: from the case's opening
    by_outcome: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "persons": self.count,
            "median_days": self.median,
            "first_quartile_days": self.first_quartile,
            "third_quartile_days": self.third_quartile,
            "started_from_identification": self.from_identification,
            "started_from_case_opening": self.from_case_opening,
            "persons_by_outcome": self.by_outcome,
        }


def summarise_days(days: Sequence[int]) -> tuple[float | None, float | None, float | None]:
    """(median, first quartile, third quartile). The quartiles are interpolated between the data points
    (the "inclusive" method, Excel's QUARTILE.INC), so that they stay within the observed days."""
    if not days:
        return None, None, None
    if len(days) == 1:
        return float(days[0]), float(days[0]), float(days[0])
    q1, median, q3 = stats.quantiles(days, n=4, method="inclusive")
    return float(median), float(q1), float(q3)


def identification_dates(cases: QuerySet[Case]) -> dict[int, datetime.date]:
    """The earliest identification of a victim in each case: the earliest of the dates of confirmed formal
    identifications and of the days victims or presumed victims were recorded as identified."""
    earliest: dict[int, datetime.date] = {}
    dated = itertools.chain(
        Decision.objects.filter(
            case__in=cases, kind=Decision.Kind.VICTIM_IDENTIFICATION, status=Decision.Status.CONFIRMED
        ).values_list("case_id", "effective_on"),
        Participant.objects.filter(case__in=cases, role__in=VICTIM_ROLES, identified_on__isnull=False).values_list(
            "case_id", "identified_on"
        ),
    )
    for case_id, day in dated:
        if day is None:
            continue
        if case_id not in earliest or day < earliest[case_id]:
            earliest[case_id] = day
    return earliest


def time_to_verdict(*, cases: QuerySet[Case], filters: JusticeFilters | None = None) -> Durations:
    """For each person convicted or acquitted at first instance, the days from the earliest identification
    of a victim of the case to the person's first such verdict (from the case's opening when no victim of
    the case has an identification date). The filters apply to the verdict (year, court's country) and its
    charge (offence)."""
    filters = filters or JusticeFilters()
    # The filters in the query too (the loop below keeps them): only the cases of these verdicts are read
    # for their identification dates.
    verdicts = (
        Verdict.objects.filter(
            _in_years("decided_on", filters),
            _by_court(filters, court="proceeding__court_country_id", offence="charge__offence"),
            charge__case__in=cases,
            proceeding__level=Proceeding.Level.FIRST_INSTANCE,
            outcome__in=[Verdict.Outcome.CONVICTED, Verdict.Outcome.ACQUITTED],
        )
        .order_by("decided_on", "id")
        .values_list(
            "charge__accused__person_id",
            "charge__case_id",
            "charge__case__opened_on",
            "decided_on",
            "proceeding__court_country_id",
            "charge__offence",
            "outcome",
        )
    )
    identified = identification_dates(Case.objects.filter(pk__in=verdicts.values("charge__case_id")))
    first: dict[int, tuple[int, datetime.date, datetime.date, str]] = {}
    for person, case, opened, decided, country, offence, outcome in verdicts:
        if person in first:
            continue
        if filters.year_from is not None and decided.year < filters.year_from:
            continue
        if filters.year_to is not None and decided.year > filters.year_to:
            continue
        if (filters.country is not None and country != filters.country) or (
            filters.offence is not None and offence != filters.offence
        ):
            continue
        first[person] = (case, opened, decided, outcome)
    days = []
    from_identification = 0
    outcomes: Counter[str] = Counter()
    for case, opened, decided, outcome in first.values():
        start = identified.get(case)
        if start is not None:
            from_identification += 1
        days.append((decided - (start or opened)).days)
        outcomes[outcome] += 1
    median, q1, q3 = summarise_days(sorted(days))
    return Durations(
        count=len(days),
        median=median,
        first_quartile=q1,
        third_quartile=q3,
        from_identification=from_identification,
        from_case_opening=len(days) - from_identification,
        by_outcome={outcome: outcomes[outcome] for outcome in (Verdict.Outcome.CONVICTED, Verdict.Outcome.ACQUITTED)},
    )


def protect_person_counts(counts: PersonCounts) -> list[str | None]:
    """For each row, None when its figure may be shown, else its mark ("<5", "x" or "*"): the rows laid out
    as a table, the last dimension across and the others down, protected with its totals (disclosure.py)."""
    if not counts.rows:
        return []
    down = sorted({row.values[:-1] for row in counts.rows}, key=sort_key)
    across = sorted({row.values[-1:] for row in counts.rows}, key=sort_key)
    row_of, column_of = {v: i for i, v in enumerate(down)}, {v: j for j, v in enumerate(across)}
    cells = [[0] * len(across) for _ in down]
    for row in counts.rows:
        cells[row_of[row.values[:-1]]][column_of[row.values[-1:]]] = row.persons
    table = protect_table(cells)
    return [
        None
        if table.shown[row_of[row.values[:-1]]][column_of[row.values[-1:]]] == Shown.VALUE
        else table.text(row_of[row.values[:-1]], column_of[row.values[-1:]])
        for row in counts.rows
    ]
