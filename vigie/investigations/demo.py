"""Demo investigations, arrests, seizures and money flows for the cases that `vigie demo-data` generated.

Proportions. GLOTIP (shared/reference/glotip.md) counts more than 300,000 suspected offenders for
450,000 victims detected 2003-2021 and reports convictions falling since 2017: most cases never reach a
verdict, so investigations are generated only where the case got that far ("under investigation",
"referred for prosecution", or closed with a judgment), and most of them stay open. The shares below
for arrests, seizures and money flows are not published for the region; they are the project's
assumptions, chosen to give a plausible picture (named at each constant), not statistics.

The rows are bulk-inserted without audit events: nobody entered them, and `vigie demo-data` records one
event for the whole generated data set. The same seed gives the same rows: each case draws from its own
random.Random seeded with the seed and the case reference, whatever the order or the chunks.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from vigie.cases.demo import FRENCH_SPEAKING, LAST_DAY
from vigie.cases.models import Case, Participant
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure

CHUNK = 2000
Technique = Investigation.Technique
Kind = Seizure.Kind

# Cases far enough along to have an investigation, and the share of them that has one recorded here
# (assumption: a few were investigated on paper by a unit outside the register).
INVESTIGATED_SHARE = 0.9
SECOND_INVESTIGATION_SHARE = 0.05  # another unit opens its own (assumption)
SUSPENDED_SHARE = 0.15  # of investigations still running (assumption)
# Suspects arrested (assumption): most suspects of a case sent to the prosecutor were arrested.
ARREST_SHARE = {"running": 0.5, "referred": 0.8}
CUSTODY = ((Arrest.CustodyOutcome.REMANDED, 55), (Arrest.CustodyOutcome.BAIL, 15), (Arrest.CustodyOutcome.RELEASED, 30))
SEIZURE_SHARE = 0.2  # investigations with a seizure or frozen asset: a minority (assumption)
SEIZURE_KINDS = (
    (Kind.MOBILE_MONEY, 30),
    (Kind.CASH, 25),
    (Kind.DEVICE, 25),
    (Kind.VEHICLE, 10),
    (Kind.DOCUMENTS, 7),
    (Kind.BANK_ACCOUNT, 3),
)
MONEY_FLOW_SHARE = 0.05  # investigations that traced money: a few (assumption)
CHANNELS = (
    (MoneyFlow.Channel.MOBILE_MONEY, 50),
    (MoneyFlow.Channel.CASH, 25),
    (MoneyFlow.Channel.HAWALA, 15),
    (MoneyFlow.Channel.BANK_TRANSFER, 10),
)
TECHNIQUES = (
    (Technique.FINANCIAL, 0.15),
    (Technique.DIGITAL_FORENSICS, 0.12),
    (Technique.INTERCEPTION, 0.10),
    (Technique.UNDERCOVER, 0.05),
    (Technique.CONTROLLED_DELIVERY, 0.03),
    (Technique.JOINT_TEAM, 0.04),
)
PARTNERS = ("NE", "NG", "BJ", "TG", "BF", "ML", "GH", "CI", "SN", "CM", "TD", "GN")

CURRENCIES = {"NG": "NGN", "GH": "GHS", "GM": "GMD", "GN": "GNF", "LR": "LRD", "SL": "SLE", "MR": "MRU", "CV": "CVE"}
CURRENCIES |= dict.fromkeys(("BJ", "BF", "CI", "GW", "ML", "NE", "SN", "TG"), "XOF")
CURRENCIES |= dict.fromkeys(("CM", "TD", "GA", "CF", "CG", "GQ"), "XAF")
# Rough bounds of a seizure in each currency: from a few dozen to a few thousand euros.
AMOUNT_RANGE = {"XOF": (25_000, 5_000_000), "XAF": (25_000, 5_000_000), "NGN": (50_000, 8_000_000)}
AMOUNT_RANGE |= {"GHS": (500, 80_000), "GMD": (2_000, 400_000), "GNF": (300_000, 60_000_000)}
DEFAULT_RANGE = (50, 8_000)

UNITS = (
    (
        "Brigade des mineurs",
        "Office central de répression de la traite des personnes",
        "Section de recherches de la gendarmerie",
        "Direction de la police judiciaire",
        "Brigade de gendarmerie territoriale",
        "Commissariat central",
    ),
    (
        "Anti-Human Trafficking Unit",
        "Criminal Investigation Department",
        "Investigation and Monitoring Department",
        "Police Anti-Human Trafficking and Smuggling Unit",
        "Divisional Police Headquarters",
    ),
)
FAMILY_ACCOUNT = ("Famille de la victime", "Victim's family")
DESCRIPTIONS = {
    Kind.CASH: ("Espèces trouvées lors de la perquisition", "Cash found during the search"),
    Kind.MOBILE_MONEY: ("Compte de mobile money du suspect", "Suspect's mobile-money wallet"),
    Kind.BANK_ACCOUNT: ("Compte bancaire du suspect", "Suspect's bank account"),
    Kind.DEVICE: ("Téléphone portable", "Mobile phone"),
    Kind.VEHICLE: ("Minibus de transport", "Passenger minibus"),
    Kind.DOCUMENTS: ("Passeports des victimes", "Victims' passports"),
}


def _weighted(rng: random.Random, items: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _w in items], weights=[w for _v, w in items])[0]


def _day(day: datetime.date, rng: random.Random, low: int, high: int, cap: datetime.date) -> datetime.date:
    return min(cap, day + datetime.timedelta(days=rng.randint(low, high)))


def _amount(rng: random.Random, currency: str) -> Decimal:
    low, high = AMOUNT_RANGE.get(currency, DEFAULT_RANGE)
    # Round amounts, as seized money is counted: to the thousand, or the unit for small currencies.
    step = 1000 if low >= 10_000 else 10
    return Decimal(rng.randrange(low, high, step))


def _identifier(rng: random.Random, kind: str, country: str) -> str:
    if kind in (Kind.MOBILE_MONEY, Kind.DEVICE):
        digits = "".join(str(rng.randrange(10)) for _i in range(8))
        return f"+{rng.randrange(220, 240)}{digits}" if kind == Kind.MOBILE_MONEY else f"IMEI 35{digits}{digits[:5]}"
    if kind == Kind.BANK_ACCOUNT:
        return f"{country}{rng.randrange(10, 99)} {rng.randrange(10**9, 10**10)}"
    if kind == Kind.VEHICLE:
        return f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}"
    return ""


class _Chunk:
    """The rows of one chunk of cases, linked by their position until the database gives them ids."""

    def __init__(self) -> None:
        self.investigations: list[Investigation] = []
        self.partners: list[tuple[int, str]] = []  # (investigation index, country)
        self.arrests: list[tuple[int, Arrest]] = []
        self.seizures: list[tuple[int, Seizure, list[int]]] = []
        self.flows: list[tuple[int, MoneyFlow, int | None]] = []  # seizure index for "to"

    def write(self) -> dict[str, int]:
        Investigation.objects.bulk_create(self.investigations, batch_size=500)
        Through = Investigation.partner_countries.through
        Through.objects.bulk_create(
            [Through(investigation_id=self.investigations[i].pk, country_id=c) for i, c in self.partners],
            batch_size=1000,
        )
        for i, arrest in self.arrests:
            arrest.investigation_id = self.investigations[i].pk
        Arrest.objects.bulk_create([a for _i, a in self.arrests], batch_size=500)
        for i, seizure, _people in self.seizures:
            seizure.investigation_id = self.investigations[i].pk
        Seizure.objects.bulk_create([s for _i, s, _p in self.seizures], batch_size=500)
        Linked = Seizure.persons.through
        Linked.objects.bulk_create(
            [Linked(seizure_id=s.pk, participant_id=p) for _i, s, people in self.seizures for p in people],
            batch_size=1000,
        )
        for i, flow, seizure_index in self.flows:
            flow.investigation_id = self.investigations[i].pk
            if seizure_index is not None:
                flow.to_seizure_id = self.seizures[seizure_index][1].pk
        MoneyFlow.objects.bulk_create([f for _i, f, _s in self.flows], batch_size=500)
        return {
            "investigations": len(self.investigations),
            "arrests": len(self.arrests),
            "seizures": len(self.seizures),
            "money_flows": len(self.flows),
        }


def _case_rows(chunk: _Chunk, case: dict[str, Any], people: dict[str, list[int]], seed: int) -> None:
    rng = random.Random(f"{seed}:{case['reference']}")  # noqa: S311 - reproducible demo data, not secrets
    if rng.random() >= INVESTIGATED_SHARE:
        return
    lang = 0 if case["agency__country_id"] in FRENCH_SPEAKING else 1
    referred = case["status"] != Case.Status.UNDER_INVESTIGATION
    cap = min(LAST_DAY, case["closed_on"] or LAST_DAY)
    count = 2 if rng.random() < SECOND_INVESTIGATION_SHARE else 1
    for unit in rng.sample(UNITS[lang], count):
        opened_on = max(case["opened_on"], _day(case["opened_on"], rng, 0, 20, cap))
        index = len(chunk.investigations)
        techniques = [t for t, share in TECHNIQUES if rng.random() < share]
        investigation = Investigation(
            case_id=case["id"],
            agency_id=case["agency_id"],
            lead_unit=unit,
            opened_on=opened_on,
            techniques=sorted(techniques),
            status=Investigation.Status.OPEN,
        )
        if referred:
            investigation.status = Investigation.Status.CLOSED
            investigation.closing_reason = Investigation.ClosingReason.REFERRED_TO_PROSECUTOR
            investigation.closed_on = max(opened_on, _day(opened_on, rng, 20, 240, cap))
        elif rng.random() < SUSPENDED_SHARE:
            investigation.status = Investigation.Status.SUSPENDED
        chunk.investigations.append(investigation)
        if Technique.JOINT_TEAM in techniques:
            partner = rng.choice([c for c in PARTNERS if c != case["country_id"]])
            chunk.partners.append((index, partner))
        _arrests(chunk, rng, index, investigation, case, people["suspect"], referred, cap)
        _assets(chunk, rng, index, investigation, case, people, lang, cap)


def _arrests(
    chunk: _Chunk,
    rng: random.Random,
    index: int,
    investigation: Investigation,
    case: dict[str, Any],
    suspects: list[int],
    referred: bool,
    cap: datetime.date,
) -> None:
    share = ARREST_SHARE["referred" if referred else "running"]
    for suspect in suspects:
        if rng.random() < share:
            arrest = Arrest(
                suspect_id=suspect,
                arrested_on=max(investigation.opened_on, _day(investigation.opened_on, rng, 0, 90, cap)),
                country_id=case["country_id"],
                arresting_unit=investigation.lead_unit,
                custody_outcome=_weighted(rng, CUSTODY),
            )
            chunk.arrests.append((index, arrest))


def _assets(
    chunk: _Chunk,
    rng: random.Random,
    index: int,
    investigation: Investigation,
    case: dict[str, Any],
    people: dict[str, list[int]],
    lang: int,
    cap: datetime.date,
) -> None:
    currency = CURRENCIES.get(case["country_id"], "XOF")
    suspects = people["suspect"]
    account_index = None
    if rng.random() < SEIZURE_SHARE:
        for _n in range(rng.randint(1, 3)):
            kind = _weighted(rng, SEIZURE_KINDS)
            money = kind in (Kind.CASH, Kind.MOBILE_MONEY, Kind.BANK_ACCOUNT)
            seizure = Seizure(
                kind=kind,
                measure=Seizure.Measure.FROZEN if kind in Seizure.ACCOUNT_KINDS else Seizure.Measure.SEIZED,
                taken_on=max(investigation.opened_on, _day(investigation.opened_on, rng, 0, 120, cap)),
                description=DESCRIPTIONS[kind][lang],
                identifier=_identifier(rng, kind, case["country_id"]),
                amount=_amount(rng, currency) if money else None,
                currency=currency if money else "",
            )
            if kind in Seizure.ACCOUNT_KINDS:
                account_index = len(chunk.seizures)
            chunk.seizures.append((index, seizure, rng.sample(suspects, min(len(suspects), 1))))
    if suspects and rng.random() < MONEY_FLOW_SHARE:
        for _n in range(rng.randint(1, 3)):
            day = _day(investigation.opened_on, rng, -300, 0, cap)
            # Money sent by a victim (a "debt" repaid) or by the family who paid for the journey.
            victim = rng.choice(people["victim"]) if people["victim"] and rng.random() < 0.3 else None
            flow = MoneyFlow(
                from_participant_id=victim,
                from_account="" if victim else FAMILY_ACCOUNT[lang],
                to_participant_id=rng.choice(suspects),
                amount=_amount(rng, currency),
                currency=currency,
                date=day.strftime("%Y-%m") if rng.random() < 0.6 else day.isoformat(),
                channel=_weighted(rng, CHANNELS),
            )
            to_account = account_index if account_index is not None and rng.random() < 0.5 else None
            chunk.flows.append((index, flow, to_account))


def generate_investigations_demo(*, seed: int, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Investigations and what they found, for the demo cases that have none yet."""
    far_enough = Q(status__in=[Case.Status.UNDER_INVESTIGATION, Case.Status.REFERRED_FOR_PROSECUTION]) | Q(
        status=Case.Status.CLOSED, closure_reason=Case.ClosureReason.JUDGMENT
    )
    ids = list(
        Case.objects.filter(far_enough)
        .filter(~Exists(Investigation.objects.filter(case=OuterRef("pk"))))
        .order_by("id")
        .values_list("id", flat=True)
    )
    totals = {"investigations": 0, "arrests": 0, "seizures": 0, "money_flows": 0}
    for start in range(0, len(ids), CHUNK):
        chunk_ids = ids[start : start + CHUNK]
        people: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"suspect": [], "victim": []})
        participants = Participant.objects.filter(
            case_id__in=chunk_ids, role__in=[Participant.Role.SUSPECT, Participant.Role.VICTIM]
        ).order_by("id")
        for pk, case_id, role in participants.values_list("id", "case_id", "role"):
            people[case_id][role].append(pk)
        cases = Case.objects.filter(pk__in=chunk_ids).order_by("id")
        chunk = _Chunk()
        fields = ("id", "reference", "agency_id", "agency__country_id", "country_id", "status", "opened_on")
        for case in cases.values(*fields, "closed_on"):
            _case_rows(chunk, case, people[case["id"]], seed)
        with transaction.atomic():
            for name, count in chunk.write().items():
                totals[name] += count
        if progress:
            progress(f"{min(start + CHUNK, len(ids)):>8} cases  {totals['investigations']:>8} investigations")
    return totals
