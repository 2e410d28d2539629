"""The national qualification: the same findings under the law of the jurisdiction, where the engine holds
a profile of it (law_profiles.json for the laws, national_rules.json for dated departures from the Protocols).

The law that governs a subject is chosen by the date of the first act or crossing the facts give; where no
date settles it, the findings under each candidate law are merged and the output says so.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from vigie.legal import law_profiles
from vigie.legal.engine import (
    MET,
    NOT_ESTABLISHED,
    NOT_MET,
    NOT_REQUIRED,
    UNKNOWN,
    any_of,
    case_findings,
    finding_of,
    protection,
    related_offences,
    smuggling,
    status_of,
    trafficking,
)
from vigie.legal.facts import MEANS, PURPOSES, Facts, Subject
from vigie.legal.messages import reason, text

DATA = Path(__file__).parent / "data" / "national_rules.json"
OTHER_PURPOSES = tuple(purpose for purpose in PURPOSES if purpose != "sexual_exploitation")


def _bound(raw: str | list[str] | None) -> tuple[dt.date, dt.date] | None:
    """(earliest, latest) possible day of a bound given as YYYY, YYYY-MM, YYYY-MM-DD or a [from, to] pair."""
    if raw is None:
        return None
    if isinstance(raw, list):
        return dt.date.fromisoformat(raw[0]), dt.date.fromisoformat(raw[1])
    parts = [int(part) for part in raw.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


@dataclass(frozen=True)
class Period:
    """One national law governing one offence over a span of dates."""

    law: str | None
    name: str
    start: tuple[dt.date, dt.date] | None
    end: tuple[dt.date, dt.date] | None
    rules: dict[str, bool]
    departures: tuple[str, ...]
    status: str
    source: str
    term: str | None = None

    def may_govern(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start[0]) and (self.end is None or day < self.end[1])

    def surely_governs(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start[1]) and (self.end is None or day < self.end[0])


@dataclass
class Profile:
    country: str
    periods: dict[str, list[Period]] = field(default_factory=dict)  # per offence


@cache
def _rules() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def force_fraud_coercion() -> tuple[str, ...]:
    return tuple(_rules()["force_fraud_coercion"])


def _period(raw: dict[str, Any]) -> Period:
    law = law_profiles.law_by_key(raw["law"]) if raw["law"] else None
    return Period(
        law=raw["law"],
        name=law.label() if law else raw["name"],
        start=_bound(raw["from"]),
        end=_bound(raw["until"]),
        rules=raw["rules"],
        departures=tuple(raw["departures"]),
        status=raw["status"],
        source=raw["source"],
        term=raw.get("term"),
    )


def _baseline_period(laws: tuple[law_profiles.Law, ...]) -> Period | None:
    """A country whose laws are held but no departure is recorded: its laws, read as the Protocols'."""
    if not laws:
        return None
    return Period(
        law=laws[0].key if len(laws) == 1 else None,
        name="; ".join(law.label() for law in laws),
        start=None,
        end=None,
        rules={},
        departures=("NAT_NO_DEPARTURE_RECORDED",),
        status=next((law.status for law in laws if not law.verified), law_profiles.VERIFIED),
        source=" ; ".join(law.source for law in laws if law.source),
    )


@cache
def profile(country: str) -> Profile | None:
    laws = [law for law in law_profiles.laws_of(country) if law.in_force]
    recorded = _rules()["countries"].get(country, {})
    if not laws and not recorded:
        return None
    result = Profile(country)
    for offence, kind in (("trafficking", law_profiles.TRAFFICKING), ("smuggling", law_profiles.SMUGGLING)):
        if offence in recorded:
            result.periods[offence] = [_period(raw) for raw in recorded[offence]]
        else:
            baseline = _baseline_period(tuple(law for law in laws if law.kind == kind))
            result.periods[offence] = [baseline] if baseline else []
    return result


def or3(*statuses: str) -> str:
    if MET in statuses:
        return MET
    return NOT_MET if all(status == NOT_MET for status in statuses) else UNKNOWN


def and3(*statuses: str) -> str:
    if NOT_MET in statuses:
        return NOT_MET
    return MET if all(status == MET for status in statuses) else UNKNOWN


def merge(findings: list[str]) -> str:
    """Findings under several possibilities (child or not, one law or another): settled only if they agree."""
    return findings[0] if len(set(findings)) == 1 else "possible"


def _sexual_purpose(subject: Subject) -> str:
    if subject.purposes is None or subject.purposes is False:
        return UNKNOWN if subject.purposes is None else NOT_MET
    return status_of(subject.purposes.get("sexual_exploitation"))


def national_trafficking(subject: Subject, period: Period, lang: str) -> dict[str, Any]:
    result = trafficking(subject, lang)
    rules = period.rules
    if not rules:
        return result
    act = result["elements"]["act"]["status"]
    purpose = result["elements"]["purpose"]["status"]
    means, means_facts = any_of(subject.means, MEANS)
    ffc, ffc_facts = any_of(subject.means, force_fraud_coercion())
    remuneration = status_of(subject.benefit_sought)
    adult_means = means if rules.get("means_required_for_adults", True) else MET
    child_purpose = purpose
    if rules.get("child_sex_trafficking_means"):
        # A child exploited for other purposes needs no means; for sexual exploitation only, these means.
        other, _ = any_of(subject.purposes, OTHER_PURPOSES)
        child_purpose = or3(other, and3(_sexual_purpose(subject), ffc))
    extra = [remuneration] if rules.get("remuneration_required") else []

    def finding_if(child: bool) -> str:
        return finding_of([act, child_purpose, *extra] if child else [act, purpose, adult_means, *extra])

    child = subject.child
    finding = finding_if(child) if child is not None else merge([finding_if(True), finding_if(False)])
    elements = dict(result["elements"])
    if child is not True and not rules.get("means_required_for_adults", True):
        elements["means"] = {"status": NOT_REQUIRED, "facts": means_facts}
    if child is not False and rules.get("child_sex_trafficking_means") and child_purpose != purpose:
        elements["means"] = {"status": ffc, "facts": ffc_facts}
    if extra:
        elements["remuneration"] = {"status": remuneration, "facts": ["benefit_sought"] if remuneration == MET else []}
    reasons = [r for r in result["reasons"] if not r["code"].startswith("TIP_") or r["code"][4:] not in _FINDINGS]
    reasons.append(reason(f"NAT_TIP_{finding.upper()}", lang))
    return {**result, "finding": finding, "elements": elements, "reasons": reasons}


_FINDINGS = ("ESTABLISHED", "POSSIBLE", "NOT_ESTABLISHED")


def national_smuggling(subject: Subject, period: Period, lang: str) -> dict[str, Any]:
    result = smuggling(subject, lang)
    if period.rules.get("not_an_offence"):
        reasons = [reason("NAT_SOM_NOT_AN_OFFENCE", lang)]
        return {**result, "finding": NOT_ESTABLISHED, "aggravating_circumstances": [], "reasons": reasons}
    return result


EVALUATORS: dict[str, Callable[[Subject, Period, str], dict[str, Any]]] = {
    "trafficking": national_trafficking,
    "smuggling": national_smuggling,
}


def _law_reason(period: Period, lang: str) -> dict[str, str]:
    code = "NAT_LAW" if period.status == "verified" else "NAT_LAW_NOT_VERIFIED"
    return reason(code, lang, law=period.name, status=period.status, source=period.source)


def _under_law(subject: Subject, offence: str, periods: list[Period], lang: str) -> dict[str, Any]:
    baseline = (trafficking if offence == "trafficking" else smuggling)(subject, lang)
    day = subject.first_date()
    candidates = [period for period in periods if day is None or period.may_govern(day)]
    if not candidates:
        code = "NAT_NO_LAW_HELD" if not periods else "NAT_NO_LAW_HELD_FOR_DATE"
        return {**baseline, "law": None, "term": None, "reasons": [reason(code, lang), *baseline["reasons"]]}
    results = [EVALUATORS[offence](subject, period, lang) for period in candidates]
    only = candidates[0] if len(candidates) == 1 else None
    settled = only is not None and (only.surely_governs(day) if day else len(periods) == 1)
    if settled:
        period, result = candidates[0], results[0]
        reasons = [_law_reason(period, lang)]
        reasons += [reason(code, lang) for code in period.departures]
        if result["finding"] != baseline["finding"]:
            reasons.append(reason("NAT_DIFFERS", lang, baseline=baseline["finding"], national=result["finding"]))
        return {**result, "law": period.law, "term": period.term, "reasons": reasons + result["reasons"]}
    finding = merge([result["finding"] for result in results])
    each = "; ".join(f"{period.name}: {result['finding']}" for period, result in zip(candidates, results, strict=True))
    code = "NAT_DATE_UNKNOWN" if day is None else "NAT_DATE_NOT_SETTLED"
    reasons = [reason(code, lang, each=each)]
    return {**results[-1], "finding": finding, "law": None, "term": None, "reasons": reasons}


def national_qualification(facts: Facts, lang: str) -> dict[str, Any] | None:
    held = profile(facts.jurisdiction) if facts.jurisdiction else None
    if held is None:
        return None
    subjects = []
    for subject in facts.subjects:
        tip = _under_law(subject, "trafficking", held.periods["trafficking"], lang)
        som = _under_law(subject, "smuggling", held.periods["smuggling"], lang)
        subjects.append(
            {
                "id": subject.id,
                "child": subject.child,
                "trafficking": tip,
                "smuggling": som,
                "related_offences": related_offences(subject, lang),
                "protection": protection(subject, tip["finding"], som["finding"], lang),
            }
        )
    laws: list[Period] = []
    for period in (period for periods in held.periods.values() for period in periods):
        if period not in laws:
            laws.append(period)
    return {
        "jurisdiction": held.country,
        "laws": [_describe(period, lang) for period in laws],
        "case": case_findings(subjects),
        "subjects": subjects,
    }


def _describe(period: Period, lang: str) -> dict[str, Any]:
    return {
        "key": period.law,
        "name": period.name,
        "in_force_from": _bound_text(period.start),
        "in_force_until": _bound_text(period.end),
        "status": period.status,
        "verified": period.status == "verified",
        "source": period.source,
        "departures": [reason(code, lang) for code in period.departures],
        "text": text(
            "NAT_LAW" if period.status == "verified" else "NAT_LAW_NOT_VERIFIED",
            lang,
            law=period.name,
            status=period.status,
            source=period.source,
        ),
    }


def _bound_text(bound: tuple[dt.date, dt.date] | None) -> str | None:
    if bound is None:
        return None
    earliest, latest = bound
    return earliest.isoformat() if earliest == latest else f"{earliest.isoformat()}/{latest.isoformat()}"
