"""Dated free-movement regimes: does one cover a person's entry into a State on a given date?

The engine knows these regimes and no others (data/free_movement.json, each with its source). Dates are
half-open: a fact holds from `from` included until `until` excluded, so a State whose withdrawal took effect
on 29 January 2025 is no longer a member on that day.
"""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "free_movement.json"
ECOWAS_MEMBERS = "ecowas_members_on_the_date"
# A crossing with no date is legal only if covered on every date from here on (the contract's rule).
UNDATED_FROM = dt.date(1980, 1, 1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None  # exclusive; None: until further notice

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    source: str
    period: Period
    citizens_of: tuple[str, ...] | None  # None: the ECOWAS members on the date
    entering: tuple[str, ...] | None


def _period(raw: dict[str, str | None]) -> Period:
    end = raw.get("until")
    return Period(dt.date.fromisoformat(str(raw["from"])), dt.date.fromisoformat(end) if end else None)


def _states(raw: str | list[str]) -> tuple[str, ...] | None:
    return None if raw == ECOWAS_MEMBERS else tuple(raw)


@cache
def ecowas_membership() -> dict[str, Period]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {country: _period(period) for country, period in raw["ecowas_membership"]["members"].items()}


@cache
def regimes() -> tuple[Regime, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Regime(
            id=regime["id"],
            name=regime["name"],
            source=regime["source"],
            period=_period(regime),
            citizens_of=_states(regime["citizens_of"]),
            entering=_states(regime["entering"]),
        )
        for regime in raw["regimes"]
    )


def ecowas_member_on(country: str, day: dt.date) -> bool:
    period = ecowas_membership().get(country)
    return period is not None and period.holds_on(day)


def _includes(states: tuple[str, ...] | None, country: str, day: dt.date) -> bool:
    return ecowas_member_on(country, day) if states is None else country in states


def covering_regime(nationalities: Iterable[str], entered: str, day: dt.date) -> Regime | None:
    """The first regime that, on that day, opens `entered` to a holder of one of the nationalities."""
    for regime in regimes():
        if (
            regime.period.holds_on(day)
            and _includes(regime.entering, entered, day)
            and any(_includes(regime.citizens_of, nationality, day) for nationality in nationalities)
        ):
            return regime
    return None


def _turning_points() -> list[dt.date]:
    """Every date on which some regime or membership starts or ends: coverage is constant in between."""
    periods = [regime.period for regime in regimes()] + list(ecowas_membership().values())
    days = {period.start for period in periods} | {period.end for period in periods if period.end}
    return sorted(day for day in days if day > UNDATED_FROM)


def covered_on_every_date(nationalities: Iterable[str], entered: str) -> bool:
    """Covered, without a gap, on every date from 1980 onward (for a crossing whose date is unknown)."""
    held = tuple(nationalities)
    return bool(held) and all(covering_regime(held, entered, day) for day in [UNDATED_FROM, *_turning_points()])
