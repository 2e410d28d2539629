"""The scenarios are data written by people: each must be valid facts, in both languages, and say of each
person what the engine says."""

import json
import re

import pytest

from vigie.legal import qualify, validate_facts
from vigie.training.catalogue import SCENARIOS_DIR, all_scenarios, answer_from_findings, engine_answers
from vigie.training.models import Answer

SCENARIOS = all_scenarios()
IDS = [scenario.id for scenario in SCENARIOS]


def test_there_are_at_least_thirty_scenarios_with_distinct_ids():
    assert len(SCENARIOS) >= 30
    assert len(set(IDS)) == len(IDS)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", scenario_id) for scenario_id in IDS)  # URL slugs


def test_each_file_is_named_after_its_scenario_and_numbered():
    for path in sorted(SCENARIOS_DIR.glob("*.json")):
        number, _, stem = path.stem.partition("_")
        assert number.isdigit() and stem == json.loads(path.read_text(encoding="utf-8"))["id"], path.name


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_scenario_is_told_in_french_and_english(scenario):
    texts = [scenario.title_texts, scenario.narrative_texts, scenario.teaching_texts]
    texts += [person.label for person in scenario.people]
    for text in texts:
        assert set(text) == {"fr", "en"} and all(value.strip() for value in text.values())
    assert scenario.narrative_texts["fr"] != scenario.narrative_texts["en"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_facts_are_valid_and_name_each_person_once(scenario):
    assert validate_facts(scenario.facts) == []
    subjects = [subject["id"] for subject in scenario.facts["subjects"]]
    assert sorted(person.subject_id for person in scenario.people) == sorted(subjects)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_each_expected_answer_is_what_the_engine_says(scenario):
    qualification = qualify(scenario.facts)
    got = engine_answers(qualification)
    assert {person.subject_id: person.expected for person in scenario.people} == got


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_facts_settle_both_questions(scenario):
    # Graded against established findings only; a "possible" finding would make a right answer arguable.
    for subject in qualify(scenario.facts)["subjects"]:
        assert subject["trafficking"]["finding"] != "possible", subject["id"]
        assert subject["smuggling"]["finding"] != "possible", subject["id"]


def test_the_scenarios_cover_every_answer_several_people_and_many_countries():
    expected = [person.expected for scenario in SCENARIOS for person in scenario.people]
    assert {Answer(answer) for answer in expected} == set(Answer)
    assert sum(1 for scenario in SCENARIOS if len(scenario.people) >= 2) >= 8
    assert len({scenario.country for scenario in SCENARIOS}) >= 12


def test_the_boundaries_the_law_teaches_are_all_there():
    subjects = [subject for scenario in SCENARIOS for subject in scenario.facts["subjects"]]
    crossing_dates = [c.get("date", "") for s in subjects for c in s.get("crossings", [])]
    assert any(s["age"] < 18 and s["means"] is False for s in subjects), "a child needs no means"
    assert any(s["age"] >= 18 and s["means"] is False and s["purposes"] for s in subjects), "an adult with no means"
    assert any(s.get("consented") and s["means"] for s in subjects), "consent once means are used"
    assert any(s["crossings"] == [] for s in subjects), "domestic trafficking"
    assert any(s.get("benefit_sought") is False for s in subjects), "help for no gain"
    assert any(c.get("documents") == "fraudulent" for s in subjects for c in s["crossings"]), "document fraud"
    assert any(s.get("life_or_safety_endangered") for s in subjects), "danger on the route"
    assert any(d < "2025-01-29" for d in crossing_dates) and any(d >= "2025-01-29" for d in crossing_dates)


@pytest.mark.parametrize(
    ("trafficking", "smuggling", "answer"),
    [
        ("established", "established", "both"),
        ("established", "not_established", "tip"),
        ("possible", "established", "som"),
        ("possible", "possible", "neither"),
    ],
)
def test_an_answer_counts_established_findings_only(trafficking, smuggling, answer):
    assert answer_from_findings(trafficking, smuggling) == answer
