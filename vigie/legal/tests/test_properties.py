"""Properties of the engine over generated facts (hypothesis)."""

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigie.legal import qualify, validate_facts
from vigie.legal.facts import ACTS, CROSSING_KEYS, MEANS, PURPOSES, SUBJECT_FLAGS
from vigie.legal.tests.contract import check_output

STATES = ["NG", "GH", "NE", "ML", "SN", "LY", "MR", "FR", "BF", "CV"]
JURISDICTIONS = [None, "NE", "LR", "GA", "CM", "GQ", "SN", "FR"]
TRI = st.sampled_from([True, False, None])
DATES = st.dates(min_value=__import__("datetime").date(1980, 1, 1), max_value=__import__("datetime").date(2030, 12, 31))
SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def element_map(keys):
    return st.one_of(st.none(), st.just(False), st.dictionaries(st.sampled_from(keys), TRI, max_size=4))


@st.composite
def crossings(draw):
    origin, destination = draw(st.lists(st.sampled_from(STATES), min_size=2, max_size=2, unique=True))
    return {
        "from": origin,
        "to": destination,
        "date": draw(st.one_of(st.none(), DATES.map(lambda day: day.isoformat()))),
        "entry": draw(st.sampled_from([None, "regular", "irregular"])),
        "documents": draw(st.sampled_from([None, "valid", "fraudulent", "none"])),
        "procured_by_suspect": draw(TRI),
    }


@st.composite
def subjects(draw, index):
    age = draw(st.one_of(st.none(), st.integers(0, 120)))
    minor = draw(TRI) if age is None else draw(st.sampled_from([None, age < 18]))
    subject = {
        "id": f"s{index}",
        "age": age,
        "minor": minor,
        "nationalities": draw(st.lists(st.sampled_from(STATES), max_size=2, unique=True)),
        "permanent_residence": draw(st.one_of(st.none(), st.sampled_from(STATES))),
        "acts": draw(element_map(ACTS)),
        "means": draw(element_map(MEANS)),
        "purposes": draw(element_map(PURPOSES)),
        "crossings": draw(st.one_of(st.none(), st.lists(crossings(), max_size=3))),
    }
    subject.update({flag: draw(TRI) for flag in SUBJECT_FLAGS})
    return subject


@st.composite
def documents(draw):
    count = draw(st.integers(0, 3))
    return {
        "schema": "vigie.facts/1",
        "jurisdiction": draw(st.sampled_from(JURISDICTIONS)),
        "subjects": [draw(subjects(index)) for index in range(count)],
    }


def refinements(document):
    """Every document that settles one unknown fact of the given one, each way it can be settled."""
    for index, subject in enumerate(document["subjects"]):

        def refined(change, index=index):
            copied = copy.deepcopy(document)
            change(copied["subjects"][index])
            return copied

        if subject["age"] is None and subject["minor"] is None:
            for value in (True, False):
                yield refined(lambda s, value=value: s.update(minor=value))
        for name, keys in (("acts", ACTS), ("means", MEANS), ("purposes", PURPOSES)):
            element = subject[name]
            if element is None:
                yield refined(lambda s, name=name: s.update({name: False}))
            if element is not False:
                for key in keys:
                    if (element or {}).get(key) is None:
                        for value in (True, False):
                            yield refined(
                                lambda s, name=name, key=key, value=value: s.update(
                                    {name: {**(s[name] or {}), key: value}}
                                )
                            )
        for flag in SUBJECT_FLAGS:
            if subject[flag] is None:
                for value in (True, False):
                    yield refined(lambda s, flag=flag, value=value: s.update({flag: value}))
        if not subject["nationalities"]:
            for code in ("NG", "LY"):
                yield refined(lambda s, code=code: s.update(nationalities=[code]))
        if subject["crossings"] is None:
            yield refined(lambda s: s.update(crossings=[]))
            yield refined(lambda s: s.update(crossings=[{"from": "NE", "to": "LY"}]))
            continue
        for position, crossing in enumerate(subject["crossings"]):
            options: dict[str, list[Any]] = {
                "entry": ["regular", "irregular"],
                "documents": ["valid", "fraudulent", "none"],
                "procured_by_suspect": [True, False],
                "date": ["1985-03-01", "2025-01-28", "2025-01-29"],
            }
            if crossing.get("documents") is not None:
                # By the contract a given `entry` overrides what the documents say: it is not a refinement.
                del options["entry"]
            for key, values in options.items():
                if crossing.get(key) is None:
                    for value in values:
                        yield refined(
                            lambda s, key=key, value=value, position=position: s["crossings"][position].update(
                                {key: value}
                            )
                        )


def settled_findings(output):
    for part in (output, output["national"] or {"subjects": []}):
        for subject in part["subjects"]:
            for offence in ("trafficking", "smuggling"):
                finding = subject[offence]["finding"]
                if finding != "possible":
                    yield (part is output, subject["id"], offence), finding


@SETTINGS
@given(documents())
def test_generated_facts_are_valid_and_the_output_meets_the_contract(document):
    assert validate_facts(document) == []
    for lang in ("en", "fr"):
        check_output(qualify(document, lang=lang))


@SETTINGS
@given(documents())
def test_the_case_finding_is_the_strongest_subject_finding(document):
    output = qualify(document)
    rank = ["not_established", "possible", "established"]
    for offence in ("trafficking", "smuggling"):
        findings = [subject[offence]["finding"] for subject in output["subjects"]]
        assert output["case"][offence] == max(findings, key=rank.index, default="not_established")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_settling_an_unknown_never_changes_an_established_or_not_established_finding(document):
    before = dict(settled_findings(qualify(document)))
    every = list(refinements(document))
    # A spread-out sample keeps the test fast; hypothesis varies the documents between runs.
    for refined in every[:: max(1, len(every) // 25)]:
        after = qualify(refined)
        parts = {True: after, False: after["national"] or {"subjects": []}}
        for (baseline, subject_id, offence), finding in before.items():
            subject = next(s for s in parts[baseline]["subjects"] if s["id"] == subject_id)
            assert subject[offence]["finding"] == finding, (subject_id, offence, refined)


def test_the_crossing_keys_are_all_generated_or_optional():
    assert set(CROSSING_KEYS) - {"from", "to", "date", "entry", "documents", "procured_by_suspect"} == {"stay_days"}
