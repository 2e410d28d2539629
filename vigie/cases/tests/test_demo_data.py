import datetime
import hashlib
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from vigie.audit.models import AuditEvent
from vigie.cases import demo
from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import (
    BorderCrossing,
    Case,
    CaseCounter,
    CaseShare,
    Decision,
    Event,
    Participant,
    SuspectedOffence,
)
from vigie.cases.selectors import CaseFilters, search_cases
from vigie.cases.services import open_case
from vigie.people.models import Alias, Consent, Person
from vigie.people.names import search_key

pytestmark = pytest.mark.django_db

Role = Participant.Role
VICTIM_ROLES = (Role.VICTIM, Role.PRESUMED_VICTIM)


def dataset_digest() -> str:
    """A fingerprint of every generated row, without database ids (they differ from one run to the next)."""
    cases = dict(Case.objects.values_list("pk", "reference"))
    persons = {pk: n for n, pk in enumerate(Person.objects.order_by("pk").values_list("pk", flat=True))}
    participants = {pk: n for n, pk in enumerate(Participant.objects.order_by("pk").values_list("pk", flat=True))}
    nationalities: dict[int, list[str]] = {}
    for person, country in Person.nationalities.through.objects.order_by("country").values_list("person", "country"):
        nationalities.setdefault(person, []).append(country)
    rows: list[object] = []
    rows += Case.objects.order_by("reference").values_list(
        "reference", "agency__code", "agency__country", "title", "status", "closure_reason", "reported_on",
        "opened_on", "closed_on", "narrative", "country", "year", "number",
    )  # fmt: skip
    offences = SuspectedOffence.objects.order_by("case__reference", "offence").values_list("case", "offence")
    rows += [(cases[case], offence) for case, offence in offences]
    person_rows = Person.objects.order_by("pk").values_list(
        "pk", "given_names", "family_name", "sex", "date_of_birth", "estimated_age", "age_estimated_on",
        "languages", "origin_country", "origin_area", "origin_locality", "residence_country", "search_text",
        "recorded_by_agency__code", "lawful_permanent_resident",
    )  # fmt: skip
    rows += [(persons[pk], *values, nationalities.get(pk, [])) for pk, *values in person_rows]
    rows += [(persons[p], name) for p, name in Alias.objects.order_by("pk").values_list("person", "name")]
    participant_rows = Participant.objects.order_by("pk").values_list(
        "case", "person", "role", "suspect_role", "forms_of_exploitation", "sector", "means_of_control",
        "benefit_sought", "identified_on", "crossed_no_border", "no_means_of_control", "no_exploitation",
    )  # fmt: skip
    rows += [(cases[c], persons[p], *values) for c, p, *values in participant_rows]
    for event in Event.objects.order_by("pk").prefetch_related("participants"):
        people = sorted(participants[p.pk] for p in event.participants.all())
        rows.append(
            (cases[event.case_id], event.kind, event.date, event.country_id, event.admin_area, event.locality,
             event.latitude, event.longitude, people)
        )  # fmt: skip
    for crossing in BorderCrossing.objects.order_by("pk").prefetch_related("travellers"):
        travellers = sorted(participants[p.pk] for p in crossing.travellers.all())
        procurer = participants.get(crossing.procured_by_id or 0)
        rows.append(
            (cases[crossing.case_id], crossing.from_country_id, crossing.to_country_id, crossing.date,
             crossing.border_post, crossing.documents, crossing.entry, procurer, travellers)
        )  # fmt: skip
    shares = CaseShare.objects.order_by("pk").values_list("case", "agency__code", "reason", "revoked_at")
    rows += [(cases[c], *values) for c, *values in shares]
    consents = Consent.objects.order_by("pk").values_list("person", "purpose", "given_on", "method", "withdrawn_on")
    rows += [(persons[p], *values) for p, *values in consents]
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def digest_of(*, cases: int, seed: int, batch_size: int = 2000) -> str:
    """Generate in a savepoint, fingerprint, and roll back: each run starts from the same empty register."""
    savepoint = transaction.savepoint_create()
    try:
        generate_demo_dataset(cases=cases, seed=seed, batch_size=batch_size)
        return dataset_digest()
    finally:
        transaction.savepoint_rollback(savepoint)


def test_the_same_seed_gives_the_same_data():
    assert digest_of(cases=150, seed=7) == digest_of(cases=150, seed=7)


def test_the_batch_size_does_not_change_the_data():
    assert digest_of(cases=150, seed=7, batch_size=40) == digest_of(cases=150, seed=7)


def test_another_seed_gives_other_data():
    assert digest_of(cases=150, seed=7) != digest_of(cases=150, seed=8)


def test_it_generates_about_two_and_a_half_persons_a_case():
    summary = generate_demo_dataset(cases=200, seed=1)
    assert (summary.cases, summary.persons) == (200, 500)
    assert Case.objects.count() == 200
    assert Person.objects.count() == 500
    assert summary.participants >= summary.persons  # some suspects come back in another case
    assert summary.events > summary.cases


def test_every_table_of_the_register_gets_rows():
    summary = generate_demo_dataset(cases=400, seed=2)
    counts = summary.counts()
    for name in ("aliases", "events", "crossings", "shares", "consents"):
        assert counts[name] > 0, name
    assert Person.nationalities.through.objects.exists()
    assert Event.participants.through.objects.exists()
    assert BorderCrossing.travellers.through.objects.exists()


def test_it_writes_one_audit_event_with_the_counts():
    summary = generate_demo_dataset(cases=120, seed=3, batch_size=50)
    events = AuditEvent.objects.filter(action=AuditEvent.Action.DATASET_GENERATED)
    assert events.count() == 1
    assert events.get().changes == {"seed": 3, **summary.counts()}


def test_references_continue_with_open_case(anltp, investigator):
    generate_demo_dataset(cases=600, seed=4)
    last = Case.objects.filter(agency=anltp, year=2024).order_by("-number").first()
    assert last is not None and last.reference == f"NE-ANLTP-2024-{last.number:04d}"
    assert CaseCounter.objects.get(agency=anltp, year=2024).last_number == last.number

    case = open_case(
        actor=investigator, agency=anltp, opened_on=datetime.date(2024, 6, 1), country_id="NE", offences=["tip"]
    )

    assert case.number == last.number + 1
    assert case.reference == f"NE-ANLTP-2024-{last.number + 1:04d}"


def test_a_second_run_adds_cases_after_the_first():
    generate_demo_dataset(cases=100, seed=5)
    generate_demo_dataset(cases=100, seed=5)
    assert Case.objects.count() == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATASET_GENERATED).count() == 2


def test_the_rules_of_the_register_hold():
    generate_demo_dataset(cases=500, seed=6)
    closed = Case.objects.filter(status=Case.Status.CLOSED)
    assert closed.exists()
    assert not closed.filter(closure_reason="").exists()
    assert not closed.filter(closed_on__isnull=True).exists()
    assert not closed.filter(closed_on__lt=F("opened_on")).exists()
    assert not Case.objects.exclude(status=Case.Status.CLOSED).exclude(closure_reason="").exists()
    assert all(
        datetime.date(2015, 1, 1) <= d <= datetime.date(2025, 12, 31)
        for d in Case.objects.values_list("opened_on", flat=True)
    )
    assert not Case.objects.filter(offences__isnull=True).exists()
    assert not Case.objects.filter(participants__isnull=True).exists()
    assert not Participant.objects.filter(role=Role.SUSPECT, suspect_role="").exists()
    assert not Participant.objects.exclude(role=Role.SUSPECT).exclude(suspect_role="").exists()
    assert not Person.objects.filter(estimated_age__isnull=False, age_estimated_on__isnull=True).exists()
    assert not Person.objects.exclude(date_of_birth="").filter(estimated_age__isnull=False).exists()


def test_victims_and_closures_carry_the_decision_of_two_people():
    generate_demo_dataset(cases=300, seed=6)
    confirmed = Decision.objects.filter(status=Decision.Status.CONFIRMED)
    identified = set(confirmed.filter(kind=Decision.Kind.VICTIM_IDENTIFICATION).values_list("participant", flat=True))
    assert identified == set(Participant.objects.filter(role=Role.VICTIM).values_list("pk", flat=True))
    closures = confirmed.filter(kind=Decision.Kind.CASE_CLOSURE)
    assert set(closures.values_list("case", "closure_reason", "effective_on")) == set(
        Case.objects.filter(status=Case.Status.CLOSED).values_list("pk", "closure_reason", "closed_on")
    )
    assert not confirmed.filter(answered_by=F("proposed_by")).exists()


def test_titles_do_not_name_the_people_of_the_case():
    generate_demo_dataset(cases=300, seed=7)
    for participant in Participant.objects.select_related("case", "person"):
        full_name = f"{participant.person.given_names} {participant.person.family_name}"
        assert search_key(full_name) not in search_key(participant.case.title)


def test_search_text_is_what_create_person_would_store():
    generate_demo_dataset(cases=150, seed=8)
    for person in Person.objects.prefetch_related("aliases")[:200]:
        names = [f"{person.given_names} {person.family_name}", *(a.name for a in person.aliases.all())]
        assert set(person.search_text.split(" | ")) == {search_key(n) for n in names}


def test_a_name_typed_without_accents_finds_a_demo_case(anltp, investigator):
    generate_demo_dataset(cases=400, seed=9)
    accented = (
        Participant.objects.filter(case__agency=anltp, person__family_name__regex=r"[éèëïôâ]")
        .select_related("person")
        .first()
    )
    assert accented is not None
    typed = search_key(accented.person.family_name)  # e.g. "traore" for "Traoré"
    assert accented.case in search_cases(investigator, CaseFilters(query=typed))


def test_smuggling_routes_cross_real_borders():
    generate_demo_dataset(cases=600, seed=10)
    legs = {
        (route.countries[i], route.countries[i + 1])
        for route in (*demo.TRAFFICKING_ROUTES, *(r for routes in demo.SMUGGLING_ROUTES.values() for r in routes))
        for i in range(len(route.countries) - 1)
    }
    crossed = set(BorderCrossing.objects.values_list("from_country", "to_country"))
    assert crossed
    assert crossed <= legs
    assert ("NE", "LY") in crossed


def test_every_route_passes_through_a_country_with_an_agency():
    for route in (*demo.TRAFFICKING_ROUTES, *(r for routes in demo.SMUGGLING_ROUTES.values() for r in routes)):
        assert set(route.countries) & set(demo.AGENCY_COUNTRIES), route


def test_agency_codes_are_valid_and_unique_per_country():
    keys = [(spec.country, spec.code) for spec in demo.DEMO_AGENCIES]
    assert len(keys) == len(set(keys))
    generate_demo_dataset(cases=10, seed=11)  # create_agency validates the code and the name


def test_the_published_shares_add_up():
    # Victims by profile and form class reproduce the published shares exactly, before any drawing.
    joint = demo.VICTIM_JOINT
    assert sum(joint.values()) == pytest.approx(1)
    assert sum(v for (p, _f), v in joint.items() if p in ("girl", "boy")) == pytest.approx(demo.VICTIM_CHILD_SHARE)
    assert sum(v for (_p, f), v in joint.items() if f == "forced_labour") == pytest.approx(demo.FORCED_LABOUR_SHARE)
    assert sum(v for (_p, f), v in joint.items() if f == "sexual") == pytest.approx(demo.SEXUAL_EXPLOITATION_SHARE)
    assert all(v >= 0 for v in joint.values())


def share(counter: Counter[str], key: str) -> float:
    return counter[key] / sum(counter.values())


def test_generated_people_follow_the_published_shares():
    generate_demo_dataset(cases=3000, seed=12)
    victims = Participant.objects.filter(role__in=VICTIM_ROLES).select_related("person", "case")
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for victim in victims:
        age = victim.person.age_on(victim.case.opened_on)
        if age is not None:
            ages["child" if age < 18 else "adult"] += 1
        sexes[victim.person.sex] += 1
        forms[victim.forms_of_exploitation[0]] += 1
    assert sum(sexes.values()) > 3000
    assert share(ages, "child") == pytest.approx(demo.VICTIM_CHILD_SHARE, abs=0.03)
    assert share(sexes, "female") == pytest.approx(demo.VICTIM_FEMALE_SHARE, abs=0.03)
    # Victims of one case share their exploitation, so from one seed to another the shares of the forms
    # vary more than those of age and sex (standard deviation about 0.011 at 3,000 cases, over 16 seeds).
    assert share(forms, "forced_labour") == pytest.approx(demo.FORCED_LABOUR_SHARE, abs=0.04)
    assert share(forms, "sexual") == pytest.approx(demo.SEXUAL_EXPLOITATION_SHARE, abs=0.04)

    migrants = Counter(Participant.objects.filter(role=Role.SMUGGLED_MIGRANT).values_list("person__sex", flat=True))
    assert share(migrants, "male") == pytest.approx(demo.MIGRANT_MEN_SHARE + demo.MIGRANT_MINOR_SHARE * 0.8, abs=0.03)

    tip_suspects = Counter(
        Participant.objects.filter(role=Role.SUSPECT, case__offences__offence="tip").values_list(
            "person__sex", flat=True
        )
    )
    assert share(tip_suspects, "male") == pytest.approx(demo.SUSPECT_MALE_SHARE, abs=0.05)


def test_most_trafficking_is_domestic():
    generate_demo_dataset(cases=3000, seed=13)
    trafficking = Case.objects.filter(offences__offence="tip").exclude(offences__offence="som")
    crossed = trafficking.filter(crossings__isnull=False).distinct().count()
    assert crossed / trafficking.count() <= 1 - demo.DOMESTIC_TRAFFICKING_SHARE + 0.03
    nationals = Participant.objects.filter(role__in=VICTIM_ROLES, case__in=trafficking)
    at_home = nationals.filter(person__nationalities=F("case__country")).distinct().count()
    with_nationality = nationals.filter(person__nationalities__isnull=False).distinct().count()
    assert at_home / with_nationality >= demo.DOMESTIC_TRAFFICKING_SHARE - 0.03


def test_the_command_prints_progress_and_a_summary(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo-data", cases=30, seed=14, stdout=out)
    assert "30 cases" in out.getvalue()
    assert "75 persons" in out.getvalue()
    assert Case.objects.count() == 30


def test_the_command_refuses_a_production_register(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo-data", "--cases", "5", stdout=io.StringIO())
    assert not Case.objects.exists()


def test_what_the_story_rules_out_is_recorded_as_none():
    generate_demo_dataset(cases=200, seed=5)
    crossed = set(BorderCrossing.travellers.through.objects.values_list("participant", flat=True))
    subjects = Participant.objects.filter(role__in=[*VICTIM_ROLES, Role.SMUGGLED_MIGRANT])
    # Whoever crossed no border in the story says so (a domestic case, or stopped before leaving).
    assert set(subjects.filter(crossed_no_border=True).values_list("pk", flat=True)).isdisjoint(crossed)
    assert set(subjects.values_list("pk", flat=True)) == crossed | set(
        subjects.filter(crossed_no_border=True).values_list("pk", flat=True)
    )
    # Only smuggled migrants are recorded as neither controlled nor exploited.
    assert set(Participant.objects.filter(no_exploitation=True).values_list("role", flat=True)) == {
        Role.SMUGGLED_MIGRANT
    }
    # A national of the country of residence resides there lawfully; a foreigner is never taken to.
    for person in Person.objects.filter(residence_country__isnull=False).prefetch_related("nationalities"):
        if person.lawful_permanent_resident:
            assert person.residence_country_id in {c.pk for c in person.nationalities.all()} or not (
                person.nationalities.exists()
            )
