"""Demo data for the courts: proceedings, charges, hearings, verdicts, sentences and cooperation requests
for a minority of the demo cases written by `vigie demo-data`. None of it is real.

Rows are bulk-inserted, 2,000 cases at a time, without services: no audit event is written for demo
rows (the register's own generator writes one event for the whole data set). The same seed and the same
demo cases give the same rows: every draw comes from one random.Random, in the order of the case ids,
and dates are drawn from the cases' own dates, never from the clock.

Proportions. The reference material has no West-African conviction rate (shared/reference/glotip.md,
"Convictions in SSA: [U] not found"); what it does say is that convictions are few and falling (GLOTIP
2022: "declined by about 44 per cent since 2017") and that most cases never reach a verdict. The funnel
below is therefore an illustration of that statement, not a measured rate, and is named as such:
the cases the register shows as referred for prosecution or closed by a judgment (about a quarter of
the demo cases) are the ones with a court round, so that the courts and the case status agree; each
suspect is charged with one or two offences; a case closed by a judgment has its first round decided,
and about half of the others are decided by the time of the data; of the decided charges a little over half
end in a conviction, the rest in acquittals and dismissals; one decided round in ten is appealed; cases
with a border crossing or a smuggling offence get a mutual legal assistance or extradition request in
one case out of eight.
"""

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from vigie.cases.demo import FRENCH_SPEAKING
from vigie.cases.models import BorderCrossing, Case, Participant, SuspectedOffence
from vigie.justice.models import (
    Charge,
    Compensation,
    CooperationRequest,
    Currency,
    Hearing,
    Proceeding,
    ProtectiveMeasure,
    Sentence,
    Verdict,
)
from vigie.legal import law_profiles

# The illustrative funnel described in the module docstring.
SECOND_OFFENCE = 0.3
ROUND_DECIDED = 0.5
OUTCOMES = ((Verdict.Outcome.CONVICTED, 0.55), (Verdict.Outcome.ACQUITTED, 0.25), (Verdict.Outcome.DISMISSED, 0.2))
APPEALED = 0.1
CROSS_BORDER_REQUEST = 0.125
PROTECTED_AT_VICTIM_HEARING = 0.4
CHUNK = 2000

Role = Participant.Role
Offence = SuspectedOffence.Offence
CURRENCY = {
    "NG": Currency.NGN, "GH": Currency.GHS, "GM": Currency.GMD, "GN": Currency.GNF, "LR": Currency.LRD,
    "SL": Currency.SLE, "CV": Currency.CVE, "MR": Currency.MRU, "CD": Currency.CDF, "ST": Currency.STN,
    "CM": Currency.XAF, "TD": Currency.XAF, "CF": Currency.XAF, "CG": Currency.XAF, "GA": Currency.XAF,
    "GQ": Currency.XAF,
}  # fmt: skip
COURT_TOWNS = {
    "NE": "Niamey", "NG": "Abuja", "ML": "Bamako", "BF": "Ouagadougou", "SN": "Dakar", "CI": "Abidjan",
    "BJ": "Cotonou", "TG": "Lomé", "GH": "Accra", "GN": "Conakry", "MR": "Nouakchott", "TD": "N'Djamena",
    "CM": "Yaoundé", "GA": "Libreville", "SL": "Freetown", "LR": "Monrovia", "GM": "Banjul",
}  # fmt: skip
REQUEST_COUNTRIES = ("LY", "DZ", "NG", "ML", "NE", "BF", "CI", "GH", "IT", "ES", "FR")
REASONS = (
    (Verdict.Reason.INSUFFICIENT_EVIDENCE, 0.5),
    (Verdict.Reason.VICTIM_DID_NOT_TESTIFY, 0.25),
    (Verdict.Reason.PROCEDURAL_DEFECT, 0.15),
    (Verdict.Reason.STATUTE_OF_LIMITATIONS, 0.1),
)


def _pick[T](rng: random.Random, items: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([item for item, _w in items], weights=[w for _i, w in items])[0]


def _court(country: str, level: str) -> str:
    french = country in FRENCH_SPEAKING
    town = COURT_TOWNS.get(country, "la capitale" if french else "the capital")
    if french:
        names: dict[str, str] = {
            Proceeding.Level.INVESTIGATING_JUDGE: f"Cabinet d'instruction, tribunal de grande instance de {town}",
            Proceeding.Level.FIRST_INSTANCE: f"Tribunal de grande instance de {town}",
            Proceeding.Level.APPEAL: f"Cour d'appel de {town}",
            Proceeding.Level.SUPREME: "Cour de cassation",
        }
    else:
        names = {
            Proceeding.Level.INVESTIGATING_JUDGE: f"Magistrate's Court, {town}",
            Proceeding.Level.FIRST_INSTANCE: f"High Court, {town}",
            Proceeding.Level.APPEAL: f"Court of Appeal, {town}",
            Proceeding.Level.SUPREME: "Supreme Court",
        }
    return names[level]


def _law_key(country: str, offence: str) -> str:
    kind = law_profiles.SMUGGLING if offence == Offence.SMUGGLING else law_profiles.TRAFFICKING
    laws = [law for law in law_profiles.laws_of(country) if law.kind == kind and law.in_force and law.verified]
    return laws[0].key if laws else ""


@dataclass
class _Plan:
    """The rows of a chunk of cases, linked to each other before any has an id."""

    rounds: list[Proceeding] = field(default_factory=list)  # first rounds; appeals come after them
    appeals: list[tuple[Proceeding, Proceeding]] = field(default_factory=list)
    charges: list[tuple[Proceeding, Charge]] = field(default_factory=list)
    verdicts: list[tuple[Charge, Proceeding, Verdict]] = field(default_factory=list)
    sentences: list[tuple[Verdict, Sentence]] = field(default_factory=list)
    compensations: list[tuple[Sentence, Compensation]] = field(default_factory=list)
    hearings: list[tuple[Proceeding, Hearing, list[int]]] = field(default_factory=list)
    requests: list[CooperationRequest] = field(default_factory=list)


def _plan_case(
    plan: _Plan,
    rng: random.Random,
    case: Case,
    people: list[tuple[int, str, int]],
    offences: set[str],
    cross_border: bool,
    last_day: datetime.date,
) -> None:
    """Add the court rounds and requests of one case, if it has any, to the plan."""
    suspects = [pid for pid, role, _person in people if role == Role.SUSPECT]
    victims = [pid for pid, role, _person in people if role in (Role.VICTIM, Role.PRESUMED_VICTIM)]
    migrants = {person for _pid, role, person in people if role == Role.SMUGGLED_MIGRANT}
    french = case.country_id in FRENCH_SPEAKING
    if cross_border and rng.random() < CROSS_BORDER_REQUEST:
        sent_on = case.opened_on + datetime.timedelta(days=rng.randint(20, 200))
        if sent_on <= last_day:
            kind = _pick(
                rng,
                ((CooperationRequest.Kind.MUTUAL_LEGAL_ASSISTANCE, 0.8), (CooperationRequest.Kind.EXTRADITION, 0.2)),
            )
            replied = rng.random() < 0.5 and sent_on + datetime.timedelta(days=90) <= last_day
            has_deadline = rng.random() < 0.4
            plan.requests.append(
                CooperationRequest(
                    case_id=case.pk,
                    direction=_pick(
                        rng, ((CooperationRequest.Direction.SENT, 0.75), (CooperationRequest.Direction.RECEIVED, 0.25))
                    ),
                    kind=kind,
                    other_country_id=rng.choice([c for c in REQUEST_COUNTRIES if c != case.country_id]),
                    foreign_authority="Parquet général" if french else "Office of the Attorney General",
                    request=(
                        ("Extradition du suspect" if french else "Extradition of the suspect")
                        if kind == CooperationRequest.Kind.EXTRADITION
                        else (
                            "Audition de témoins et communication de relevés bancaires"
                            if french
                            else "Hearing of witnesses and bank records"
                        )
                    ),
                    sent_on=sent_on,
                    received_on=sent_on,
                    deadline=sent_on + datetime.timedelta(days=90) if has_deadline else None,
                    deadline_basis=CooperationRequest.DeadlineBasis.AGREED if has_deadline else "",
                    status=_pick(
                        rng,
                        (
                            (CooperationRequest.Status.EXECUTED, 0.6),
                            (CooperationRequest.Status.PARTIALLY_EXECUTED, 0.25),
                            (CooperationRequest.Status.REFUSED, 0.15),
                        ),
                    )
                    if replied
                    else CooperationRequest.Status.SENT,
                    replied_on=sent_on + datetime.timedelta(days=rng.randint(30, 90)) if replied else None,
                )
            )
    judged = case.status == Case.Status.CLOSED and case.closure_reason == Case.ClosureReason.JUDGMENT
    if not suspects or not (judged or case.status == Case.Status.REFERRED_FOR_PROSECUTION):
        return
    opened_on = case.opened_on + datetime.timedelta(days=rng.randint(30, 300))
    if opened_on > last_day:
        return
    decided = judged or (rng.random() < ROUND_DECIDED and opened_on + datetime.timedelta(days=240) <= last_day)
    decided_on = min(opened_on + datetime.timedelta(days=rng.randint(90, 240)), last_day)
    first = Proceeding(
        case_id=case.pk,
        court_name=_court(case.country_id, Proceeding.Level.FIRST_INSTANCE),
        court_country_id=case.country_id,
        level=Proceeding.Level.FIRST_INSTANCE,
        opened_on=opened_on,
        status=Proceeding.Status.DECIDED if decided else Proceeding.Status.PENDING,
        status_changed_on=decided_on if decided else None,
    )
    plan.rounds.append(first)
    chargeable = [o for o in (Offence.TRAFFICKING, Offence.SMUGGLING) if o in offences] or [Offence.TRAFFICKING]
    for suspect in suspects:
        person = next(person for pid, _r, person in people if pid == suspect)
        wanted = rng.sample(chargeable, k=min(len(chargeable), 2 if rng.random() < SECOND_OFFENCE else 1))
        for offence in wanted:
            if offence == Offence.SMUGGLING and person in migrants:
                continue  # Smuggling Protocol art. 5
            charge = Charge(
                case_id=case.pk,
                accused_id=suspect,
                offence=offence,
                law_key=_law_key(case.country_id, offence),
                provision="",
                charged_on=opened_on,
            )
            plan.charges.append((first, charge))
            if decided:
                outcome = _pick(rng, OUTCOMES)
                reason = "" if outcome == Verdict.Outcome.CONVICTED else _pick(rng, REASONS)
                verdict = Verdict(outcome=outcome, reason=reason, decided_on=decided_on)
                plan.verdicts.append((charge, first, verdict))
                if outcome == Verdict.Outcome.CONVICTED:
                    currency = CURRENCY.get(case.country_id, Currency.XOF)
                    prison = rng.choice((24, 36, 60, 84, 120))
                    sentence = Sentence(
                        prison_months=prison,
                        suspended_months=rng.choice((None, None, 12)),
                        fine_amount=Decimal(rng.choice((500_000, 1_000_000, 5_000_000))),
                        fine_currency=currency,
                    )
                    plan.sentences.append((verdict, sentence))
                    for victim in victims[:3]:
                        if rng.random() < 0.5:
                            amount = Decimal(rng.choice((250_000, 1_000_000, 2_000_000)))
                            plan.compensations.append(
                                (sentence, Compensation(victim_id=victim, amount=amount, currency=currency))
                            )
    for n in range(rng.randint(1, 4)):
        day = opened_on + datetime.timedelta(days=30 * (n + 1))
        if day > last_day:
            break
        victim_testimony = n == 1 and bool(victims)
        hearing = Hearing(
            date=day,
            purpose=Hearing.Purpose.VICTIM_TESTIMONY if victim_testimony else Hearing.Purpose.EVIDENCE,
            outcome=Hearing.Outcome.ADJOURNED if n < 2 else Hearing.Outcome.HELD,
        )
        protected = []
        if victim_testimony and rng.random() < PROTECTED_AT_VICTIM_HEARING:
            hearing.protective_measures = sorted(rng.sample(ProtectiveMeasure.values, k=2))
            protected = victims[:1]
        plan.hearings.append((first, hearing, protected))
    if decided and rng.random() < APPEALED:
        appeal_opened = decided_on + datetime.timedelta(days=rng.randint(10, 30))
        if appeal_opened <= last_day:
            appeal = Proceeding(
                case_id=case.pk,
                court_name=_court(case.country_id, Proceeding.Level.APPEAL),
                court_country_id=case.country_id,
                level=Proceeding.Level.APPEAL,
                opened_on=appeal_opened,
                appealed_by=_pick(
                    rng, ((Proceeding.AppealedBy.DEFENCE, 0.6), (Proceeding.AppealedBy.PROSECUTION, 0.4))
                ),
            )
            plan.appeals.append((appeal, first))


def _write(plan: _Plan, counts: Counter[str]) -> None:
    """Insert a chunk's rows table by table, each after the rows it points to have their ids."""
    Proceeding.objects.bulk_create(plan.rounds)
    for appeal, appealed in plan.appeals:
        appeal.appeal_of_id = appealed.pk
    Proceeding.objects.bulk_create([appeal for appeal, _appealed in plan.appeals])
    for proceeding, charge in plan.charges:
        charge.proceeding_id = proceeding.pk
    Charge.objects.bulk_create([charge for _p, charge in plan.charges])
    for charge, proceeding, verdict in plan.verdicts:
        verdict.charge_id, verdict.proceeding_id = charge.pk, proceeding.pk
    Verdict.objects.bulk_create([verdict for _c, _p, verdict in plan.verdicts])
    for verdict, sentence in plan.sentences:
        sentence.verdict_id = verdict.pk
    Sentence.objects.bulk_create([sentence for _v, sentence in plan.sentences])
    for sentence, compensation in plan.compensations:
        compensation.sentence_id = sentence.pk
    Compensation.objects.bulk_create([compensation for _s, compensation in plan.compensations])
    for proceeding, hearing, _protected in plan.hearings:
        hearing.proceeding_id = proceeding.pk
    Hearing.objects.bulk_create([hearing for _p, hearing, _protected in plan.hearings])
    through = Hearing.protected_persons.through
    through.objects.bulk_create(
        [through(hearing_id=h.pk, participant_id=pid) for _p, h, protected in plan.hearings for pid in protected]
    )
    CooperationRequest.objects.bulk_create(plan.requests)
    counts.update(
        proceedings=len(plan.rounds) + len(plan.appeals),
        charges=len(plan.charges),
        verdicts=len(plan.verdicts),
        sentences=len(plan.sentences),
        compensations=len(plan.compensations),
        hearings=len(plan.hearings),
        cooperation_requests=len(plan.requests),
    )


def generate_justice_demo(*, seed: int, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Court rounds and cooperation requests for the demo cases added since the last run; see the module docstring."""
    rng = random.Random(f"justice-{seed}")  # noqa: S311 - reproducible demo data, not secrets
    counts: Counter[str] = Counter()
    last_day = Case.objects.aggregate(last=Max("opened_on"))["last"]
    if last_day is None:
        return {}
    # Run after each `demo-data`: only the cases added since the last case that got court data.
    done = max(
        Proceeding.objects.aggregate(last=Max("case_id"))["last"] or 0,
        CooperationRequest.objects.aggregate(last=Max("case_id"))["last"] or 0,
    )
    case_ids = list(Case.objects.filter(pk__gt=done).order_by("id").values_list("id", flat=True))
    for start in range(0, len(case_ids), CHUNK):
        ids = case_ids[start : start + CHUNK]
        cases = list(
            Case.objects.filter(pk__in=ids)
            .order_by("id")
            .only("id", "country_id", "opened_on", "status", "closure_reason")
        )
        people: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        for pid, case_id, role, person in (
            Participant.objects.filter(case_id__in=ids).order_by("id").values_list("id", "case_id", "role", "person_id")
        ):
            people[case_id].append((pid, role, person))
        offences: dict[int, set[str]] = defaultdict(set)
        for case_id, offence in SuspectedOffence.objects.filter(case_id__in=ids).values_list("case_id", "offence"):
            offences[case_id].add(offence)
        crossing = set(BorderCrossing.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
        plan = _Plan()
        for case in cases:
            cross_border = case.pk in crossing or Offence.SMUGGLING in offences[case.pk]
            _plan_case(plan, rng, case, people[case.pk], offences[case.pk], cross_border, last_day)
        with transaction.atomic():
            _write(plan, counts)
        if progress:
            progress(f"{min(start + CHUNK, len(case_ids)):>8} cases read, {counts['proceedings']:>6} court rounds")
    return dict(counts)
