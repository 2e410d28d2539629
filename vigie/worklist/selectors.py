"""What is waiting for a user: the items each part of vigie says need someone's action, with their delays."""

import datetime
from dataclasses import dataclass

from vigie.worklist.models import AlertRule

Kind = AlertRule.Kind


@dataclass(frozen=True)
class WaitingItem:
    """One thing someone must act on. `url` is where they act; `late` when its delay has passed."""

    kind: str  # an AlertRule.Kind, or another short code naming what waits
    title: str  # translated, with no person's name: these lists are shown on shared screens
    case_id: int | None
    case_reference: str
    url: str
    since: datetime.date | None  # when it started waiting
    due: datetime.date | None  # when it is late
    late: bool


@dataclass(frozen=True)
class Delay:
    days: int
    enabled: bool


def alert_delays(agency_ids: set[int]) -> dict[tuple[int, str], Delay]:
    """Each agency's delay per kind of alert: its own rule, or the default when it has set none."""
    delays: dict[tuple[int, str], Delay] = {
        (agency_id, kind): Delay(days=AlertRule.DEFAULT_DAYS[kind], enabled=True)
        for agency_id in agency_ids
        for kind in Kind
    }
    for rule in AlertRule.objects.filter(agency_id__in=agency_ids):
        delays[(rule.agency_id, rule.kind)] = Delay(days=rule.days, enabled=rule.enabled)
    return delays


def due_date(since: datetime.date, delay: Delay) -> datetime.date:
    return since + datetime.timedelta(days=delay.days)
