"""Reading and checking a `vigie.facts/1` document.

Facts are three-valued: True, False, or None for unknown. Every problem is reported with its JSON path;
unknown keys are problems too, because a misspelt fact must never be silently read as unknown.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pycountry

from vigie.legal.messages import text

SCHEMA = "vigie.facts/1"

ACTS = ("recruitment", "transportation", "transfer", "harbouring", "receipt")
MEANS = (
    "threat",
    "force",
    "coercion",
    "abduction",
    "fraud",
    "deception",
    "abuse_of_power",
    "abuse_of_vulnerability",
    "payments_to_person_in_control",
)
PURPOSES = (
    "sexual_exploitation",
    "forced_labour",
    "forced_begging",
    "forced_criminality",
    "slavery",
    "debt_bondage",
    "servitude",
    "forced_marriage",
    "organ_removal",
    "child_soldiering",
)
ELEMENT_KEYS = {"acts": ACTS, "means": MEANS, "purposes": PURPOSES}
AGGRAVATING = ("life_or_safety_endangered", "inhuman_or_degrading_treatment")
SUBJECT_FLAGS = (
    "consented",
    "benefit_sought",
    "fraudulent_document",
    "illegal_stay_enabled",
    *AGGRAVATING,
)
ENTRIES = ("regular", "irregular")
DOCUMENTS = ("valid", "fraudulent", "none")
CHILD_AGE = 18
MAX_AGE = 120
MAX_STAY_DAYS = 36600

DOCUMENT_KEYS = ("schema", "jurisdiction", "subjects")
SUBJECT_KEYS = (
    "id",
    "age",
    "minor",
    "nationalities",
    "permanent_residence",
    "acts",
    "means",
    "purposes",
    "crossings",
    *SUBJECT_FLAGS,
)
CROSSING_KEYS = ("from", "to", "date", "entry", "documents", "procured_by_suspect", "stay_days")

Tri = bool | None
# An element map: None (unknown), False ("none of them") or key -> True/False/None (absent key: unknown).
ElementMap = Literal[False] | Mapping[str, Tri] | None


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FactsError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Crossing:
    origin: str
    destination: str
    date: dt.date | None
    entry: str | None
    documents: str | None
    procured_by_suspect: Tri
    stay_days: int | None


@dataclass(frozen=True)
class Subject:
    id: str
    age: int | None
    minor: Tri
    nationalities: tuple[str, ...]  # empty: unknown
    permanent_residence: str | None
    acts: ElementMap
    means: ElementMap
    purposes: ElementMap
    crossings: tuple[Crossing, ...] | None  # None: unknown; (): no crossing
    consented: Tri
    benefit_sought: Tri
    fraudulent_document: Tri
    illegal_stay_enabled: Tri
    life_or_safety_endangered: Tri
    inhuman_or_degrading_treatment: Tri

    @property
    def child(self) -> Tri:
        """Under 18 at the time of the first act (TIP Protocol art. 3(d)); None when unknown."""
        if self.age is not None:
            return self.age < CHILD_AGE
        return self.minor

    def first_date(self) -> dt.date | None:
        dates = [crossing.date for crossing in self.crossings or () if crossing.date]
        return min(dates) if dates else None


@dataclass(frozen=True)
class Facts:
    jurisdiction: str | None
    subjects: tuple[Subject, ...]


@cache
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


class _Reader:
    """Walks the document once, collecting every problem instead of stopping at the first."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, text(code, self.lang, **params)))

    def object(self, value: Any, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.problem(path, "FACTS_NOT_OBJECT")
            return None
        for key in value:
            if key not in allowed:
                self.problem(f"{path}.{key}" if path != "$" else str(key), "FACTS_UNKNOWN_FIELD")
        return value

    def tri(self, value: Any, path: str) -> Tri:
        if value is None or isinstance(value, bool):
            return value
        self.problem(path, "FACTS_TRI")
        return None

    def country(self, value: Any, path: str, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.problem(path, "FACTS_REQUIRED")
            return None
        if isinstance(value, str) and value in country_codes():
            return value
        self.problem(path, "FACTS_COUNTRY")
        return None

    def choice(self, value: Any, path: str, allowed: tuple[str, ...]) -> str | None:
        if value is None or value in allowed:
            return value  # type: ignore[no-any-return]
        self.problem(path, "FACTS_CHOICE", allowed=", ".join(allowed))
        return None

    def whole(self, value: Any, path: str, top: int, code: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= top:
            return value
        self.problem(path, code)
        return None

    def date(self, value: Any, path: str) -> dt.date | None:
        if value is None:
            return None
        # fromisoformat alone would also accept "20230501" or week dates: insist on YYYY-MM-DD.
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, "FACTS_DATE")
        return None

    def elements(self, value: Any, path: str, allowed: tuple[str, ...]) -> ElementMap:
        if value is None or value is False:
            return value
        if not isinstance(value, Mapping):
            self.problem(path, "FACTS_ELEMENT_MAP")
            return None
        items: dict[str, Tri] = {}
        for key, item in value.items():
            if key not in allowed:
                self.problem(f"{path}.{key}", "FACTS_ELEMENT_KEY", allowed=" ".join(allowed))
            else:
                items[key] = self.tri(item, f"{path}.{key}")
        return items

    def nationalities(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, "FACTS_LIST")
            return ()
        codes: list[str] = []
        for index, item in enumerate(value):
            code = self.country(item, f"{path}[{index}]", required=True)
            if code in codes:
                self.problem(f"{path}[{index}]", "FACTS_DUPLICATE_CODE")
            elif code:
                codes.append(code)
        return tuple(codes)

    def crossing(self, value: Any, path: str) -> Crossing | None:
        raw = self.object(value, path, CROSSING_KEYS)
        if raw is None:
            return None
        origin = self.country(raw.get("from"), f"{path}.from", required=True)
        destination = self.country(raw.get("to"), f"{path}.to", required=True)
        if origin and origin == destination:
            self.problem(f"{path}.to", "FACTS_SAME_STATE")
        return Crossing(
            origin=origin or "",
            destination=destination or "",
            date=self.date(raw.get("date"), f"{path}.date"),
            entry=self.choice(raw.get("entry"), f"{path}.entry", ENTRIES),
            documents=self.choice(raw.get("documents"), f"{path}.documents", DOCUMENTS),
            procured_by_suspect=self.tri(raw.get("procured_by_suspect"), f"{path}.procured_by_suspect"),
            stay_days=self.whole(raw.get("stay_days"), f"{path}.stay_days", MAX_STAY_DAYS, "FACTS_STAY_DAYS"),
        )

    def crossings(self, value: Any, path: str) -> tuple[Crossing, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(path, "FACTS_LIST")
            return None
        read = [self.crossing(item, f"{path}[{index}]") for index, item in enumerate(value)]
        return tuple(crossing for crossing in read if crossing)

    def subject(self, value: Any, path: str) -> Subject | None:
        raw = self.object(value, path, SUBJECT_KEYS)
        if raw is None:
            return None
        subject_id = raw.get("id")
        if not isinstance(subject_id, str) or not subject_id.strip():
            self.problem(f"{path}.id", "FACTS_ID" if subject_id is not None else "FACTS_REQUIRED")
            subject_id = ""
        age = self.whole(raw.get("age"), f"{path}.age", MAX_AGE, "FACTS_AGE")
        minor = self.tri(raw.get("minor"), f"{path}.minor")
        if age is not None and minor is not None and minor != (age < CHILD_AGE):
            self.problem(f"{path}.minor", "FACTS_MINOR_INCONSISTENT", age=age)
        flags = {flag: self.tri(raw.get(flag), f"{path}.{flag}") for flag in SUBJECT_FLAGS}
        return Subject(
            id=subject_id,
            age=age,
            minor=minor,
            nationalities=self.nationalities(raw.get("nationalities"), f"{path}.nationalities"),
            permanent_residence=self.country(raw.get("permanent_residence"), f"{path}.permanent_residence"),
            acts=self.elements(raw.get("acts"), f"{path}.acts", ACTS),
            means=self.elements(raw.get("means"), f"{path}.means", MEANS),
            purposes=self.elements(raw.get("purposes"), f"{path}.purposes", PURPOSES),
            crossings=self.crossings(raw.get("crossings"), f"{path}.crossings"),
            **flags,
        )

    def document(self, value: Any) -> Facts | None:
        raw = self.object(value, "$", DOCUMENT_KEYS)
        if raw is None:
            return None
        if raw.get("schema") != SCHEMA:
            self.problem("schema", "FACTS_SCHEMA" if "schema" in raw else "FACTS_REQUIRED")
        jurisdiction = self.country(raw.get("jurisdiction"), "jurisdiction")
        subjects_raw = raw.get("subjects")
        if not isinstance(subjects_raw, list):
            self.problem("subjects", "FACTS_LIST" if subjects_raw is not None else "FACTS_REQUIRED")
            return None
        subjects: list[Subject] = []
        first_index: dict[str, int] = {}
        for index, item in enumerate(subjects_raw):
            subject = self.subject(item, f"subjects[{index}]")
            if subject is None:
                continue
            if subject.id and subject.id in first_index:
                self.problem(f"subjects[{index}].id", "FACTS_DUPLICATE_ID", first=first_index[subject.id])
            first_index.setdefault(subject.id, index)
            subjects.append(subject)
        return Facts(jurisdiction=jurisdiction, subjects=tuple(subjects))


def validate_facts(document: Any, *, lang: str = "en") -> list[Problem]:
    """Every problem of the document, each naming its JSON path; empty when the document is valid."""
    reader = _Reader(lang)
    reader.document(document)
    return reader.problems


def read_facts(document: Any, *, lang: str = "en") -> Facts:
    reader = _Reader(lang)
    facts = reader.document(document)
    if reader.problems or facts is None:
        raise FactsError(reader.problems)
    return facts
