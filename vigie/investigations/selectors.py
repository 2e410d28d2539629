"""Reads of the investigation part of a case: its page, its summary on the case page, and the worklist."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.access import CasePart, can_see_part
from vigie.cases.models import Case
from vigie.investigations.models import Investigation, Seizure
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import WaitingItem, alert_delays, due_date

Status = Investigation.Status


@dataclass(frozen=True)
class Amount:
    currency: str
    seized: Decimal
    frozen: Decimal


def amounts_held(seizures: "list[Seizure]") -> list[Amount]:
    """Money still seized or frozen (not given back), per currency, in currency order."""
    seized: dict[str, Decimal] = defaultdict(Decimal)
    frozen: dict[str, Decimal] = defaultdict(Decimal)
    for seizure in seizures:
        if seizure.amount is None or seizure.released_on is not None:
            continue
        target = frozen if seizure.measure == Seizure.Measure.FROZEN else seized
        target[seizure.currency] += seizure.amount
    return [
        Amount(currency=c, seized=seized.get(c, Decimal(0)), frozen=frozen.get(c, Decimal(0)))
        for c in sorted({*seized, *frozen})
    ]


@dataclass
class InvestigationBlock:
    investigation: Investigation
    amounts: list[Amount] = field(default_factory=list)


def investigation_page(case: Case) -> list[InvestigationBlock]:
    """Every investigation of the case with its arrests, seizures and money flows, in a fixed number of queries."""
    investigations = (
        case.investigations.select_related("agency", "lead_investigator")
        .prefetch_related(
            "partner_countries",
            "arrests__suspect__person",
            "arrests__country",
            "seizures__persons__person",
            "money_flows__from_participant__person",
            "money_flows__to_participant__person",
            "money_flows__from_seizure",
            "money_flows__to_seizure",
        )
        .order_by("opened_on", "id")
    )
    return [InvestigationBlock(i, amounts_held(list(i.seizures.all()))) for i in investigations]


@dataclass(frozen=True)
class InvestigationsSummary:
    by_status: list[tuple[str, int]]
    investigations: int
    arrests: int
    amounts: list[Amount]


def investigations_summary(case: Case) -> InvestigationsSummary:
    """The block on the case page: two queries whatever the size of the case."""
    # Investigations and arrests per status in one query: the case page includes every part's summary.
    rows = list(
        case.investigations.values_list("status").annotate(n=Count("id", distinct=True), a=Count("arrests")).order_by()
    )
    statuses = Counter({status: n for status, n, _a in rows})
    arrests = sum(a for _s, _n, a in rows)
    held = (
        Seizure.objects.filter(investigation__case=case, amount__isnull=False, released_on__isnull=True)
        .values("currency")
        .annotate(
            seized=Sum("amount", filter=Q(measure=Seizure.Measure.SEIZED)),
            frozen=Sum("amount", filter=Q(measure=Seizure.Measure.FROZEN)),
        )
        .order_by("currency")
    )
    return InvestigationsSummary(
        by_status=[(str(label), statuses[value]) for value, label in Status.choices if statuses[value]],
        investigations=sum(statuses.values()),
        arrests=arrests,
        amounts=[
            Amount(currency=row["currency"], seized=row["seized"] or Decimal(0), frozen=row["frozen"] or Decimal(0))
            for row in held
        ],
    )


def waiting_for(user: User, *, today: datetime.date) -> list[WaitingItem]:
    """Open investigations past their agency's delay, for their lead investigator or, when they have none,
    for the investigators of their lead agency. An investigation that is not late is not a task."""
    kind = AlertRule.Kind.INVESTIGATION_OPEN_TOO_LONG
    mine = Q(lead_investigator=user) | Q(
        lead_investigator__isnull=True, agency_id__in=permissions.investigator_agencies(user)
    )
    # A delay is at least one day: nothing opened today or later can be late.
    candidates = list(
        Investigation.objects.filter(mine, status=Investigation.Status.OPEN, opened_on__lt=today)
        .select_related("case")
        .order_by("opened_on", "id")
    )
    delays = alert_delays({i.case.agency_id for i in candidates})
    items = []
    for investigation in candidates:
        delay = delays[(investigation.case.agency_id, kind)]
        due = due_date(investigation.opened_on, delay)
        if not delay.enabled or due >= today or not can_see_part(user, investigation.case, CasePart.INVESTIGATION):
            continue
        items.append(
            WaitingItem(
                kind=kind,
                title=_("Investigation by %(unit)s open for %(days)d days")
                % {"unit": investigation.lead_unit, "days": (today - investigation.opened_on).days},
                case_id=investigation.case_id,
                case_reference=investigation.case.reference,
                url=reverse("investigations:case", kwargs={"case_id": investigation.case_id}),
                since=investigation.opened_on,
                due=due,
                late=True,
            )
        )
    return items
