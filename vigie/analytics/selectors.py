"""Aggregate figures over the cases a user may count. Read-only, coded fields only: never a name."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import translation

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.models import Case, Participant, SuspectedOffence
from vigie.reference.codelists import ExploitationForm, Sex

# Counts from 1 to 4 are shown as "<5" to roles that may not see names, as UNODC does.
SMALL_CELL_LIMIT = 5


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass(frozen=True)
class Overview:
    scope_cases: int
    by_year: list[Row]
    by_status: list[Row]
    by_offence: list[Row]
    victims_by_sex: list[Row]
    victims_by_form: list[Row]
    victims_by_nationality: list[Row]


def countable_cases(user: User) -> QuerySet[Case]:
    if permissions.has_any_role(user, {permissions.Role.SYSTEM_ADMIN}):
        return Case.objects.all()
    agencies = {g.agency_id for g in permissions.grants(user)}
    return Case.objects.filter(
        Q(pk__in=Case.objects.of_agencies(agencies).values("pk"))
        | Q(country_id__in=permissions.coordinated_countries(user))
    )


def overview(user: User) -> Overview:
    cases = countable_cases(user)
    victims = Participant.objects.filter(
        case__in=cases, role__in=[Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM]
    )
    status_labels = dict(Case.Status.choices)
    offence_labels = dict(SuspectedOffence.Offence.choices)
    sex_labels = dict(Sex.choices)
    # Persons, not participations: a victim recorded in two cases is one victim.
    forms_by_person: dict[int, set[str]] = {}
    for person_id, codes in victims.values_list("person_id", "forms_of_exploitation").iterator():
        forms_by_person.setdefault(person_id, set()).update(codes or [])
    forms: dict[str, int] = {}
    for codes in forms_by_person.values():
        for code in codes:
            forms[code] = forms.get(code, 0) + 1
    form_labels = dict(ExploitationForm.choices)
    nationality_rows = (
        victims.values("person__nationalities__name_en", "person__nationalities__name_fr")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n")[:15]
    )
    name_key = (
        "person__nationalities__name_fr" if translation.get_language() == "fr" else "person__nationalities__name_en"
    )
    return Overview(
        scope_cases=cases.count(),
        by_year=[
            Row(str(r["y"]), r["n"])
            for r in cases.annotate(y=ExtractYear("opened_on")).values("y").annotate(n=Count("id")).order_by("y")
        ],
        by_status=[
            Row(str(status_labels[r["status"]]), r["n"])
            for r in cases.values("status").annotate(n=Count("id")).order_by("-n")
        ],
        by_offence=[
            Row(str(offence_labels[r["offence"]]), r["n"])
            for r in SuspectedOffence.objects.filter(case__in=cases)
            .values("offence")
            .annotate(n=Count("id"))
            .order_by("-n")
        ],
        victims_by_sex=[
            Row(str(sex_labels[r["person__sex"]]), r["n"])
            for r in victims.values("person__sex").annotate(n=Count("person", distinct=True)).order_by("-n")
        ],
        victims_by_form=[
            Row(str(form_labels.get(code, code)), n) for code, n in sorted(forms.items(), key=lambda item: -item[1])
        ],
        victims_by_nationality=[Row(str(r.get(name_key) or "—"), r["n"]) for r in nationality_rows],
    )


def shown(count: int, *, protect: bool) -> str:
    if protect and 0 < count < SMALL_CELL_LIMIT:
        return f"<{SMALL_CELL_LIMIT}"
    return str(count)
