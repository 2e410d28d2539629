"""The training scenarios: data files in scenarios/, read once, and what the engine says of each person.

A scenario's expected answers are the engine's: tip when trafficking is established, som when smuggling is
established. The scenarios' facts settle both questions (the test suite refuses a "possible" finding), so
an answer is right or wrong without argument.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from vigie.legal import qualify
from vigie.training.models import Answer

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
LANGUAGES = ("fr", "en")


def in_language(texts: Mapping[str, str], lang: str | None = None) -> str:
    """The text in the user's language, French where the language is neither (French is the default)."""
    code = (lang or get_language() or "fr")[:2]
    return texts.get(code) or texts["fr"]


@dataclass(frozen=True)
class Person:
    subject_id: str
    label: Mapping[str, str]
    expected: str

    @property
    def name(self) -> str:
        return in_language(self.label)


@dataclass(frozen=True)
class Scenario:
    id: str
    title_texts: Mapping[str, str]
    narrative_texts: Mapping[str, str]
    teaching_texts: Mapping[str, str]
    people: tuple[Person, ...]
    facts: Mapping[str, Any]

    @property
    def pk(self) -> str:  # URLs and the permission matrix name a scenario like any record
        return self.id

    @property
    def title(self) -> str:
        return in_language(self.title_texts)

    @property
    def narrative(self) -> str:
        return in_language(self.narrative_texts)

    @property
    def teaching_point(self) -> str:
        return in_language(self.teaching_texts)

    @property
    def country(self) -> str:
        return str(self.facts.get("jurisdiction") or "")


def answer_from_findings(trafficking: str, smuggling: str) -> str:
    """Graded against established findings only: a "possible" offence is not an offence the facts show."""
    tip, som = trafficking == "established", smuggling == "established"
    if tip and som:
        return Answer.BOTH
    if tip:
        return Answer.TIP
    if som:
        return Answer.SOM
    return Answer.NEITHER


def _read(path: Path) -> Scenario:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Scenario(
        id=raw["id"],
        title_texts=raw["title"],
        narrative_texts=raw["narrative"],
        teaching_texts=raw["teaching_point"],
        people=tuple(Person(subject_id=p["subject"], label=p["label"], expected=p["expected"]) for p in raw["people"]),
        facts=raw["facts"],
    )


@cache
def all_scenarios() -> tuple[Scenario, ...]:
    """In teaching order: the files are numbered."""
    return tuple(_read(path) for path in sorted(SCENARIOS_DIR.glob("*.json")))


def find_scenario(scenario_id: str) -> Scenario | None:
    return next((s for s in all_scenarios() if s.id == scenario_id), None)


def qualification_of(scenario: Scenario, lang: str | None = None) -> dict[str, Any]:
    """The engine's vigie.qualification/1 document, its reasons in the user's language."""
    code = (lang or get_language() or "fr")[:2]
    return qualify(scenario.facts, lang=code if code in LANGUAGES else "fr")


def engine_answers(qualification: Mapping[str, Any]) -> dict[str, str]:
    """Per subject id, the answer the engine's findings give."""
    return {
        subject["id"]: answer_from_findings(subject["trafficking"]["finding"], subject["smuggling"]["finding"])
        for subject in qualification["subjects"]
    }
