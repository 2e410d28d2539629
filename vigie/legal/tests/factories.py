import copy
from typing import Any

from vigie.legal import qualify


def make_facts(*subjects: dict[str, Any], jurisdiction: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"schema": "vigie.facts/1", "subjects": [copy.deepcopy(s) for s in subjects]}
    if jurisdiction:
        document["jurisdiction"] = jurisdiction
    return document


def make_subject(**overrides: Any) -> dict[str, Any]:
    """An adult trafficked by deception for forced labour, with no crossing; override what a test needs."""
    subject = {
        "id": "s1",
        "age": 30,
        "nationalities": ["NG"],
        "acts": {"recruitment": True},
        "means": {"deception": True},
        "purposes": {"forced_labour": True},
        "crossings": [],
    }
    subject.update(overrides)
    return {key: value for key, value in subject.items() if value != "ABSENT"}


def make_crossing(**overrides: Any) -> dict[str, Any]:
    """An irregular entry from Niger into Libya procured by the suspect."""
    crossing = {"from": "NE", "to": "LY", "date": "2023-03-10", "documents": "none", "procured_by_suspect": True}
    crossing.update(overrides)
    return {key: value for key, value in crossing.items() if value != "ABSENT"}


def qualify_one(lang: str = "en", jurisdiction: str | None = None, **overrides: Any) -> Any:
    """The output for a single subject."""
    return qualify(make_facts(make_subject(**overrides), jurisdiction=jurisdiction), lang=lang)["subjects"][0]


def codes(result: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in result["reasons"]]
