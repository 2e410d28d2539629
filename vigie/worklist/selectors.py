"""What is waiting for a user: the items each part of vigie says need someone's action, with their delays."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from vigie.worklist.models import AlertRule

Kind = AlertRule.Kind

# Each part of vigie says what waits for whom in its own `waiting_for(user, *, today)`.
WAITING_SOURCES = [
    "vigie.cases.selectors.waiting_for",
    "vigie.referrals.selectors.waiting_for",
    "vigie.justice.selectors.waiting_for",
    "vigie.investigations.selectors.waiting_for",
    "vigie.assistance.selectors.waiting_for",
]


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
    # The person the record names (the prosecutor of a round, the case worker of a plan…) while they still
    # act for the agency; None: whoever holds the roles that act on it.
    for_user_id: int | None = None


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


def addressee(named_id: int | None, agency_id: int, acting: set[tuple[int, int]]) -> int | None:
    """Who an item is for: the person named on the record while they still act for the agency (see
    accounts.selectors.still_acting), else None, the roles; an item never waits for someone who left."""
    return named_id if named_id is not None and (named_id, agency_id) in acting else None


def waiting_for_user(user: Any, *, today: datetime.date) -> list[WaitingItem]:
    """Everything waiting for the user, late first, then by due date, then oldest first."""
    items: list[WaitingItem] = []
    for source in WAITING_SOURCES:
        waiting_for: Callable[..., list[WaitingItem]] = import_string(source)
        items.extend(i for i in waiting_for(user, today=today) if i.for_user_id in (None, user.pk))
    far = datetime.date.max
    return sorted(items, key=lambda i: (not i.late, i.due or far, i.since or far, i.case_reference))


@dataclass(frozen=True)
class AlertSetting:
    agency_id: int
    kind: str
    label: str
    days: int
    enabled: bool
    version: int  # 0 while the agency keeps the default


def alert_settings(agency_id: int) -> list[AlertSetting]:
    """The agency's delay for each kind of alert, its own or the default."""
    rules = {rule.kind: rule for rule in AlertRule.objects.filter(agency_id=agency_id)}
    settings = []
    for kind in Kind:
        rule = rules.get(kind)
        settings.append(
            AlertSetting(
                agency_id=agency_id,
                kind=kind,
                label=str(kind.label),
                days=rule.days if rule else AlertRule.DEFAULT_DAYS[kind],
                enabled=rule.enabled if rule else True,
                version=rule.version if rule else 0,
            )
        )
    return settings
