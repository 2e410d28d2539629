"""Demo referrals: a directory of fictitious providers, and referrals, services and best-interests
decisions for the victims of the cases that `vigie demo-data` generated. None of it is real.

Proportions (planning assumptions: /work/shared/reference/glotip.md has no figure on assistance, and
UNODC's GLOTIP reports count detections and convictions, not referrals):
- about 60 % of identified victims and presumed victims are referred at least once, and about 15 % of
  smuggled migrants (mostly for medical care or return), as protection services in the region report
  (shelters receive most victims found by the police, migrants mostly go to IOM transit centres);
- of referrals: most accepted and completed (about 60 %), some still under way, about 12 % declined (no
  place, not the right service) and 7 % withdrawn (the person left, the family was found);
- children are referred after a best-interests decision, adults after a recorded consent: the demo writes
  the missing consent or decision, so the demo data pass the same gate as the pages.
Rows are bulk-created without audit events, except one event for the whole run, as in cases/demo.py: they
are generated, not entered by anyone.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigie.accounts.models import Agency
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.cases.demo import FRENCH_SPEAKING, _demo_author
from vigie.cases.models import Case, Participant
from vigie.people.models import Consent
from vigie.referrals.models import BestInterestsDecision, Referral, ServiceDelivery, ServiceProvider

CHUNK = 2000
Status = Referral.Status

# (name, kinds, area, locality, people served, capacity, code of the demo agency that runs it or "")
PROVIDERS: dict[str, list[tuple[str, list[str], str, str, list[str], int | None, str]]] = {
    "NE": [
        (
            "Centre d'accueil des victimes de Niamey (démo)",
            ["shelter", "psychosocial"],
            "Niamey",
            "Niamey",
            ["children", "women"],
            40,
            "CAVNIA",
        ),
        (
            "Centre de transit d'Agadez (démo)",
            ["shelter", "repatriation", "medical"],
            "Agadez",
            "Agadez",
            ["children", "women", "men"],
            400,
            "OIMAGZ",
        ),
        (
            "Clinique juridique du Sahel (démo)",
            ["legal_aid"],
            "Zinder",
            "Zinder",
            ["children", "women", "men"],
            None,
            "",
        ),
        (
            "Centre de santé intégré de Maradi (démo)",
            ["medical"],
            "Maradi",
            "Maradi",
            ["children", "women", "men"],
            None,
            "",
        ),
    ],
    "NG": [
        (
            "Benin City Survivors' Shelter (demo)",
            ["shelter", "psychosocial", "reintegration"],
            "Edo",
            "Benin City",
            ["women", "children"],
            60,
            "SHBENIN",
        ),
        ("Lagos Legal Aid Clinic (demo)", ["legal_aid"], "Lagos", "Lagos", ["children", "women", "men"], None, ""),
        (
            "Kano Family Tracing Desk (demo)",
            ["family_tracing", "reintegration"],
            "Kano",
            "Kano",
            ["children"],
            None,
            "",
        ),
    ],
    "GH": [
        (
            "Yeji Children's Shelter (demo)",
            ["shelter", "psychosocial", "family_tracing"],
            "Bono East",
            "Yeji",
            ["children"],
            35,
            "YEJISH",
        ),
        (
            "Accra Trauma Counselling Centre (demo)",
            ["psychosocial", "medical"],
            "Greater Accra",
            "Accra",
            ["children", "women", "men"],
            None,
            "",
        ),
    ],
    "CI": [
        ("Centre d'accueil de Soubré (démo)", ["shelter", "reintegration"], "Nawa", "Soubré", ["children"], 30, ""),
        (
            "Clinique juridique d'Abidjan (démo)",
            ["legal_aid"],
            "Abidjan",
            "Abidjan",
            ["children", "women", "men"],
            None,
            "",
        ),
    ],
    "SN": [
        (
            "Centre Ginddi, accueil des enfants (démo)",
            ["shelter", "family_tracing"],
            "Dakar",
            "Dakar",
            ["children"],
            50,
            "CGINDDI",
        ),
        ("Maison d'écoute de Kaolack (démo)", ["psychosocial"], "Kaolack", "Kaolack", ["women", "children"], 15, ""),
    ],
    "ML": [
        (
            "Centre d'accueil de Kayes (démo)",
            ["shelter", "repatriation"],
            "Kayes",
            "Kayes",
            ["children", "women", "men"],
            60,
            "",
        )
    ],
    "BF": [
        (
            "Action sociale de Kaya, accueil (démo)",
            ["shelter", "reintegration", "family_tracing"],
            "Centre-Nord",
            "Kaya",
            ["children"],
            25,
            "ASKAYA",
        )
    ],
    "BJ": [
        (
            "Centre d'accueil de Zagnanado (démo)",
            ["shelter", "psychosocial", "reintegration"],
            "Zou",
            "Zagnanado",
            ["children"],
            45,
            "CAZAG",
        )
    ],
    "TG": [
        ("Centre d'accueil de Lomé (démo)", ["shelter", "medical"], "Maritime", "Lomé", ["children", "women"], 30, "")
    ],
    "GN": [
        (
            "Centre d'écoute de Conakry (démo)",
            ["psychosocial", "legal_aid"],
            "Conakry",
            "Conakry",
            ["children", "women"],
            None,
            "",
        )
    ],
    "CM": [
        (
            "Centre social de Yaoundé (démo)",
            ["shelter", "psychosocial"],
            "Centre",
            "Yaoundé",
            ["children", "women"],
            40,
            "MINAS",
        )
    ],
    "SL": [
        ("Freetown Safe Home (demo)", ["shelter", "medical"], "Western Area", "Freetown", ["women", "children"], 20, "")
    ],
    "GM": [
        (
            "Banjul Shelter for Survivors (demo)",
            ["shelter", "psychosocial"],
            "Banjul",
            "Banjul",
            ["women", "children"],
            20,
            "",
        )
    ],
    "LR": [
        (
            "Monrovia Safe Home (demo)",
            ["shelter", "psychosocial"],
            "Montserrado",
            "Monrovia",
            ["women", "children"],
            20,
            "",
        )
    ],
    "TD": [
        (
            "Centre d'accueil de N'Djamena (démo)",
            ["shelter", "medical"],
            "N'Djamena",
            "N'Djamena",
            ["children", "women"],
            30,
            "",
        )
    ],
    "GA": [
        (
            "Centre d'accueil de Libreville (démo)",
            ["shelter", "repatriation"],
            "Estuaire",
            "Libreville",
            ["children", "women"],
            30,
            "",
        )
    ],
    "MR": [
        (
            "Centre d'écoute de Nouakchott (démo)",
            ["psychosocial", "legal_aid"],
            "Nouakchott",
            "Nouakchott",
            ["women", "children"],
            None,
            "",
        )
    ],
}

SERVICE_CHANCES = (
    ("shelter", 0.5),
    ("medical", 0.4),
    ("psychosocial", 0.45),
    ("legal_aid", 0.2),
    ("family_tracing", 0.15),
    ("repatriation", 0.12),
    ("reintegration", 0.2),
)
# Final state of a referral: (state, share).
OUTCOMES = (
    (Status.COMPLETED, 0.60),
    (Status.IN_PROGRESS, 0.08),
    (Status.ACCEPTED, 0.05),
    (Status.DECLINED, 0.12),
    (Status.WITHDRAWN, 0.07),
    (Status.PROPOSED, 0.08),
)
DECLINE_REASONS = (
    ("Plus de place disponible au centre.", "No place left in the shelter."),
    ("Le centre n'accueille pas ce public.", "The shelter does not take this group."),
    ("Service non disponible dans la zone.", "Service not available in the area."),
)
WITHDRAW_REASONS = (
    ("La personne a quitté le centre de transit.", "The person left the transit centre."),
    ("La famille a été retrouvée entre-temps.", "The family was found in the meantime."),
)
NOTES = (
    ("Besoin d'un accompagnement psychologique rapide.", "Needs psychological support soon."),
    ("Parle uniquement la langue locale.", "Speaks only the local language."),
    ("", ""),
)
BID_TEXT = (
    ("Orientation vers un centre d'accueil adapté à l'enfant.", "Referral to a child-appropriate shelter."),
    (
        "Famille non retrouvée ; retour immédiat contraire à l'intérêt de l'enfant.",
        "Family not traced; immediate return not in the child's best interests.",
    ),
)


def _ensure_providers(agencies: dict[tuple[str, str], Agency]) -> tuple[dict[str, list[ServiceProvider]], int]:
    """The demo directory, created once; maintained by each country's first demo agency."""
    existing = {p.name: p for p in ServiceProvider.objects.all()}
    by_country: dict[str, list[ServiceProvider]] = {}
    created = 0
    for country, rows in PROVIDERS.items():
        maintainer = next((a for (c, _code), a in sorted(agencies.items()) if c == country), None)
        if maintainer is None:
            continue
        for name, kinds, area, locality, people, capacity, code in rows:
            provider = existing.get(name)
            if provider is None:
                provider = ServiceProvider.objects.create(
                    name=name, kinds=sorted(kinds), country_id=country, admin_area=area, locality=locality,
                    people_served=sorted(people), capacity=capacity, maintained_by=maintainer,
                    run_by=agencies.get((country, code)) if code else None,
                    phone=f"+{random.Random(name).randint(2200000000, 2299999999)}",  # noqa: S311 - demo number
                )  # fmt: skip
                created += 1
            by_country.setdefault(country, []).append(provider)
    return by_country, created


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=datetime.UTC)


def generate_referrals_demo(*, seed: int, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - reproducible demo data, not secrets
    author = _demo_author()
    agencies = {(a.country_id, a.code): a for a in Agency.objects.all()}
    with transaction.atomic():
        providers, providers_created = _ensure_providers(agencies)
    ngo_ids = {
        a.pk: a.country_id for a in agencies.values() if a.kind in (Agency.Kind.NGO, Agency.Kind.SOCIAL_SERVICES)
    }
    today = timezone.localdate()
    totals = {"providers": providers_created, "referrals": 0, "services delivered": 0, "best-interests decisions": 0}
    totals["consents"] = 0
    # Cases that already have referrals (a second run) are left as they are.
    case_ids = list(Case.objects.exclude(referrals__isnull=False).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        with transaction.atomic():
            added = _chunk(rng, chunk, providers, ngo_ids, author, today)
        for key, count in added.items():
            totals[key] += count
        if progress:
            progress(f"{start + len(chunk):>8} cases  {totals['referrals']:>8} referrals")
    with transaction.atomic():
        record_event(
            actor=author,
            action=AuditEvent.Action.DATASET_GENERATED,
            target_label=f"demo referrals, seed {seed}",
            changes={"seed": seed, **totals},
        )
    return totals


def _chunk(
    rng: random.Random,
    case_ids: list[int],
    providers: dict[str, list[ServiceProvider]],
    ngo_ids: dict[int, str],
    author: Any,
    today: datetime.date,
) -> dict[str, int]:
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids).only("pk", "agency_id", "country_id", "opened_on")}
    people = list(
        Participant.objects.filter(case_id__in=case_ids, role__in=["victim", "presumed_victim", "smuggled_migrant"])
        .select_related("person")
        .only("pk", "case_id", "role", "identified_on", "person__date_of_birth", "person__estimated_age",
              "person__age_estimated_on")
        .order_by("case_id", "pk")
    )  # fmt: skip
    consented_on: dict[int, datetime.date] = {}
    for person_id, given_on in (
        Consent.objects.in_force()
        .filter(person_id__in=[p.person_id for p in people], purpose=Consent.Purpose.REFERRAL)
        .values_list("person_id", "given_on")
    ):
        consented_on[person_id] = min(given_on, consented_on.get(person_id, given_on))
    referrals: list[Referral] = []
    decisions: list[BestInterestsDecision] = []
    consents: list[Consent] = []
    for participant in people:
        case = cases[participant.case_id]
        chance = 0.15 if participant.role == Participant.Role.SMUGGLED_MIGRANT else 0.6
        if rng.random() >= chance:
            continue
        proposed_on = (participant.identified_on or case.opened_on) + datetime.timedelta(days=rng.randint(0, 10))
        if proposed_on > today:
            continue
        if participant.person_id in consented_on:
            # Not before the person agreed to it.
            proposed_on = max(proposed_on, consented_on[participant.person_id])
        if proposed_on > today:
            continue
        age = participant.person.age_on(proposed_on)
        if age is None:
            continue  # the gate refuses a person of unknown age
        lang = 0 if case.country_id in FRENCH_SPEAKING else 1
        if age < 18:
            decisions.append(
                BestInterestsDecision(
                    case_id=case.pk,
                    participant_id=participant.pk,
                    purpose=BestInterestsDecision.Purpose.REFERRAL,
                    decided_on=proposed_on - datetime.timedelta(days=rng.randint(0, 3)),
                    decided_by=author,
                    decision=BID_TEXT[0][lang],
                    reasons=BID_TEXT[1][lang],
                )
            )
        elif participant.person_id not in consented_on:
            consented_on[participant.person_id] = proposed_on
            consents.append(
                Consent(
                    person_id=participant.person_id,
                    purpose=Consent.Purpose.REFERRAL,
                    given_on=proposed_on,
                    method=Consent.Method.WRITTEN,
                    recorded_by=author,
                )
            )
        referrals.append(_referral(rng, case, participant, age, proposed_on, providers, ngo_ids, author, lang))
    Consent.objects.bulk_create(consents, batch_size=1000)
    BestInterestsDecision.objects.bulk_create(decisions, batch_size=1000)
    Referral.objects.bulk_create(referrals, batch_size=1000)
    services = [
        ServiceDelivery(
            case_id=r.case_id,
            participant_id=r.participant_id,
            kind=kind,
            provider=r.to_provider,
            referral=r,
            started_on=r.started_at.date(),
            ended_on=r.ended_at.date() if r.ended_at else None,
        )
        for r in referrals
        if r.started_at is not None and r.status != Status.WITHDRAWN
        for kind in r.services
    ]
    ServiceDelivery.objects.bulk_create(services, batch_size=1000)
    return {
        "referrals": len(referrals),
        "services delivered": len(services),
        "best-interests decisions": len(decisions),
        "consents": len(consents),
    }


def _referral(
    rng: random.Random,
    case: Case,
    participant: Participant,
    age: int,
    proposed_on: datetime.date,
    providers: dict[str, list[ServiceProvider]],
    ngo_ids: dict[int, str],
    author: Any,
    lang: int,
) -> Referral:
    kinds = [kind for kind, chance in SERVICE_CHANCES if rng.random() < chance] or ["shelter"]
    if age < 18 and "family_tracing" not in kinds and rng.random() < 0.4:
        kinds.append("family_tracing")
    local_ngos = [pk for pk, country in sorted(ngo_ids.items()) if country == case.country_id and pk != case.agency_id]
    to_agency_id, to_provider = None, None
    if local_ngos and (rng.random() < 0.3 or not providers.get(case.country_id)):
        to_agency_id = rng.choice(local_ngos)
    else:
        to_provider = rng.choice(providers.get(case.country_id) or [p for ps in providers.values() for p in ps])
    status = rng.choices([s for s, _w in OUTCOMES], weights=[w for _s, w in OUTCOMES])[0]
    referral = Referral(
        case_id=case.pk, participant_id=participant.pk, referring_agency_id=case.agency_id, to_agency_id=to_agency_id,
        to_provider=to_provider, services=sorted(set(kinds)), urgency=rng.choice(["routine", "routine", "urgent"]),
        notes=rng.choice(NOTES)[lang], status=status, proposed_by=author, proposed_at=_at(proposed_on, rng),
    )  # fmt: skip
    day = proposed_on + datetime.timedelta(days=rng.randint(1, 10))
    if status == Status.WITHDRAWN:
        referral.reason = rng.choice(WITHDRAW_REASONS)[lang]
        referral.ended_at, referral.ended_by = _at(day, rng), author
    if status in (Status.PROPOSED, Status.WITHDRAWN):
        return referral
    referral.answered_at, referral.answered_by = _at(day, rng), author
    if status == Status.DECLINED:
        referral.reason = rng.choice(DECLINE_REASONS)[lang]
        return referral
    if status in (Status.IN_PROGRESS, Status.COMPLETED):
        day += datetime.timedelta(days=rng.randint(0, 7))
        referral.started_at = _at(day, rng)
    if status == Status.COMPLETED:
        referral.ended_at, referral.ended_by = _at(day + datetime.timedelta(days=rng.randint(10, 180)), rng), author
    return referral
