"""National laws against trafficking in persons and the smuggling of migrants, per country.

Pure Python (no Django): the qualification engine will read the same profiles. The data is a copy of
the legislation tracker seed, with its sources (data/SOURCES.md). A fact the tracker could not source is
kept with the status "unverified" and must be shown as such: no article number is ever made up here.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "law_profiles.json"

VERIFIED = "verified"
STATUSES = ("verified", "partial", "conflict", "unverified")
TRAFFICKING = "tip"
SMUGGLING = "som"


@dataclass(frozen=True)
class Law:
    key: str  # stable: "NE-tip-2010"; what a charge stores
    country: str  # ISO 3166-1 alpha-2
    kind: str  # "tip" (trafficking in persons) or "som" (smuggling of migrants)
    title: str
    number: str
    year: int | None
    status: str
    source: str
    in_force: bool
    repealed_on: datetime.date | None = None  # known for some repealed laws only
    repeal: str = ""  # what repealed it, as the source says

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    def label(self) -> str:
        """Title, number and year as a court clerk would cite them."""
        parts = [self.number or self.title]
        if self.number and self.title:
            parts.append(self.title)
        text = ", ".join(parts)
        if self.year and str(self.year) not in text:
            text = f"{text} ({self.year})"
        return text


@cache
def _profiles() -> dict[str, tuple[Law, ...]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    profiles: dict[str, tuple[Law, ...]] = {}
    for country, profile in raw["countries"].items():
        profiles[country] = tuple(
            Law(
                key=law["key"],
                country=country,
                kind=law["kind"],
                title=law.get("title", ""),
                number=law.get("number", ""),
                year=law.get("year"),
                status=law["status"] if law["status"] in STATUSES else "unverified",
                source=law.get("source", ""),
                # Niger repealed its 2015 smuggling law in November 2023: it stays listed, marked.
                in_force=bool(law.get("in_force", True)),
                repealed_on=datetime.date.fromisoformat(law["repealed_on"]) if law.get("repealed_on") else None,
                repeal=law.get("repealed", ""),
            )
            for law in profile["laws"]
        )
    return profiles


def laws_of(country: str) -> tuple[Law, ...]:
    """The country's laws, trafficking first; empty where no profile exists."""
    return tuple(sorted(_profiles().get(country.upper(), ()), key=lambda law: (law.kind != TRAFFICKING, law.key)))


def law_by_key(key: str) -> Law | None:
    country = key.split("-", 1)[0]
    return next((law for law in _profiles().get(country, ()) if law.key == key), None)


def countries_with_profile() -> set[str]:
    return set(_profiles())
