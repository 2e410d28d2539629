"""Which unknown facts would change a finding: what the investigator should find out next.

Each unknown is tried both ways (true and false, or the two values that matter); it decides when the two
answers give different trafficking or smuggling findings for that subject under the international baseline.
"""

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from vigie.legal.engine import smuggling, trafficking
from vigie.legal.facts import ELEMENT_KEYS, Crossing, Subject, read_facts
from vigie.legal.messages import fact_name, text

OFFENCES: dict[str, Callable[[Subject, str], dict[str, Any]]] = {
    "trafficking": trafficking,
    "smuggling": smuggling,
}
# Stand-in for "some other nationality" when trying an unknown nationality: none of these is entered below.
OTHER_NATIONALITIES = ("FR", "US", "CN")


@dataclass(frozen=True)
class MissingFact:
    path: str
    offence: str  # "trafficking" or "smuggling"
    text: str


@dataclass(frozen=True)
class _Trial:
    path: str
    text: str
    if_true: Subject
    if_false: Subject


def deciding_unknowns(document: Mapping[str, Any], *, lang: str = "en") -> dict[str, list[MissingFact]]:
    """Per subject id, the unknown facts whose value would change its trafficking or smuggling finding."""
    facts = read_facts(document, lang=lang)
    result: dict[str, list[MissingFact]] = {}
    for index, subject in enumerate(facts.subjects):
        missing = []
        for trial in _trials(subject, f"subjects[{index}]", lang):
            for offence, evaluate in OFFENCES.items():
                if evaluate(trial.if_true, lang)["finding"] != evaluate(trial.if_false, lang)["finding"]:
                    missing.append(MissingFact(trial.path, offence, trial.text))
        result[subject.id] = missing
    return result


def _trials(subject: Subject, path: str, lang: str) -> Iterator[_Trial]:
    replace = dataclasses.replace
    if subject.child is None:
        yield _Trial(
            f"{path}.minor", text("ASK_CHILD", lang), replace(subject, minor=True), replace(subject, minor=False)
        )
    for name, keys in ELEMENT_KEYS.items():
        element = getattr(subject, name)
        if element is None:
            yield _Trial(
                f"{path}.{name}",
                text(f"ASK_{name.upper()}", lang),
                replace(subject, **{name: {keys[0]: True}}),
                replace(subject, **{name: False}),
            )
        elif element is not False:
            for key in keys:
                if element.get(key) is None:
                    yield _Trial(
                        f"{path}.{name}.{key}",
                        text(f"ASK_{name.upper()}_KEY", lang, fact=fact_name(key, lang)),
                        replace(subject, **{name: {**element, key: True}}),
                        replace(subject, **{name: {**element, key: False}}),
                    )
    if subject.benefit_sought is None:
        yield _Trial(
            f"{path}.benefit_sought",
            text("ASK_BENEFIT", lang),
            replace(subject, benefit_sought=True),
            replace(subject, benefit_sought=False),
        )
    if subject.crossings is None:
        # Known to have crossed (as it stands, everything else unknown) versus known not to have crossed.
        yield _Trial(f"{path}.crossings", text("ASK_CROSSINGS", lang), subject, replace(subject, crossings=()))
        return
    if not subject.nationalities and subject.crossings:
        entered = {crossing.destination for crossing in subject.crossings}
        other = next(code for code in OTHER_NATIONALITIES if code not in entered)
        yield _Trial(
            f"{path}.nationalities",
            text("ASK_NATIONALITIES", lang),
            replace(subject, nationalities=(other,)),
            replace(subject, nationalities=(subject.crossings[0].destination,)),
        )
    yield from _residence_trials(subject, path, lang)
    yield from _crossing_trials(subject, path, lang)


def _residence_trials(subject: Subject, path: str, lang: str) -> Iterator[_Trial]:
    """A permanent residence left blank is read as none abroad: residing lawfully where the person was taken
    would rule out smuggling into that country (SOM Protocol art. 3(a))."""
    if subject.permanent_residence is not None:
        return
    entered = sorted({c.destination for c in subject.crossings or ()} - set(subject.nationalities))
    for country in entered:
        yield _Trial(
            f"{path}.permanent_residence",
            text("ASK_RESIDENCE", lang, country=country),
            subject,
            dataclasses.replace(subject, permanent_residence=country),
        )


def _crossing_trials(subject: Subject, path: str, lang: str) -> Iterator[_Trial]:
    crossings = subject.crossings or ()
    for index, crossing in enumerate(crossings):
        route = f"{crossing.origin} → {crossing.destination}"

        def with_crossing(index: int = index, **changes: Any) -> Subject:
            changed: list[Crossing] = list(crossings)
            changed[index] = dataclasses.replace(changed[index], **changes)
            return dataclasses.replace(subject, crossings=tuple(changed))

        where = f"{path}.crossings[{index}]"
        params = {"crossing": index + 1, "route": route}
        if crossing.entry is None:
            yield _Trial(
                f"{where}.entry",
                text("ASK_ENTRY", lang, **params),
                with_crossing(entry="irregular"),
                with_crossing(entry="regular"),
            )
        if crossing.entry is None and crossing.documents is None:
            # Without papers the entry is illegal; with valid ones it may be free movement.
            yield _Trial(
                f"{where}.documents",
                text("ASK_DOCUMENTS", lang, **params),
                with_crossing(documents="none"),
                with_crossing(documents="valid"),
            )
        if crossing.procured_by_suspect is None:
            yield _Trial(
                f"{where}.procured_by_suspect",
                text("ASK_PROCURED", lang, **params),
                with_crossing(procured_by_suspect=True),
                with_crossing(procured_by_suspect=False),
            )
