import pytest

from vigie.legal import FactsError, Problem, qualify, validate_facts
from vigie.legal.tests.factories import make_crossing, make_facts, make_subject


def paths(document, lang="en"):
    return [problem.path for problem in validate_facts(document, lang=lang)]


def test_a_valid_document_has_no_problem():
    assert validate_facts(make_facts(make_subject(crossings=[make_crossing()]))) == []


def test_a_problem_prints_as_path_colon_message():
    problem = Problem("subjects[0].age", "must be a whole number from 0 to 120")
    assert str(problem) == "subjects[0].age: must be a whole number from 0 to 120"


def test_qualify_raises_facts_error_with_every_problem():
    with pytest.raises(FactsError) as raised:
        qualify(make_facts(make_subject(age=-1, minor="yes")))
    assert [problem.path for problem in raised.value.problems] == ["subjects[0].age", "subjects[0].minor"]
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], "$"),
        ({"subjects": []}, "schema"),
        ({"schema": "vigie.facts/2", "subjects": []}, "schema"),
        ({"schema": "vigie.facts/1"}, "subjects"),
        ({"schema": "vigie.facts/1", "subjects": [], "jurisdction": "NE"}, "jurisdction"),
        ({"schema": "vigie.facts/1", "subjects": [], "jurisdiction": "XX"}, "jurisdiction"),
        ({"schema": "vigie.facts/1", "subjects": [], "jurisdiction": "ne"}, "jurisdiction"),
        ({"schema": "vigie.facts/1", "subjects": {}}, "subjects"),
    ],
)
def test_it_names_the_path_of_a_document_problem(document, path):
    assert paths(document) == [path]


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"agee": 3}, "subjects[0].agee"),
        ({"age": 121}, "subjects[0].age"),
        ({"age": -1}, "subjects[0].age"),
        ({"age": 16.5}, "subjects[0].age"),
        ({"age": "16"}, "subjects[0].age"),
        ({"age": True}, "subjects[0].age"),
        ({"age": 17, "minor": False}, "subjects[0].minor"),
        ({"age": 18, "minor": True}, "subjects[0].minor"),
        ({"minor": "no"}, "subjects[0].minor"),
        ({"id": ""}, "subjects[0].id"),
        ({"id": 7}, "subjects[0].id"),
        ({"id": "ABSENT"}, "subjects[0].id"),
        ({"nationalities": "NG"}, "subjects[0].nationalities"),
        ({"nationalities": ["NG", "ZZ"]}, "subjects[0].nationalities[1]"),
        ({"nationalities": ["NG", "NG"]}, "subjects[0].nationalities[1]"),
        ({"permanent_residence": "Niger"}, "subjects[0].permanent_residence"),
        ({"acts": True}, "subjects[0].acts"),
        ({"acts": ["recruitment"]}, "subjects[0].acts"),
        ({"acts": {"recruting": True}}, "subjects[0].acts.recruting"),
        ({"means": {"deception": "yes"}}, "subjects[0].means.deception"),
        ({"purposes": {"begging": True}}, "subjects[0].purposes.begging"),
        ({"benefit_sought": 1}, "subjects[0].benefit_sought"),
        ({"consented": "true"}, "subjects[0].consented"),
        ({"crossings": {}}, "subjects[0].crossings"),
        ({"crossings": [make_crossing(to="ZZ")]}, "subjects[0].crossings[0].to"),
        ({"crossings": [make_crossing(to="ABSENT")]}, "subjects[0].crossings[0].to"),
        ({"crossings": [make_crossing(to="NE")]}, "subjects[0].crossings[0].to"),
        ({"crossings": [make_crossing(date="2023-02-30")]}, "subjects[0].crossings[0].date"),
        ({"crossings": [make_crossing(date="10/03/2023")]}, "subjects[0].crossings[0].date"),
        ({"crossings": [make_crossing(date="20230310")]}, "subjects[0].crossings[0].date"),
        ({"crossings": [make_crossing(entry="illegal")]}, "subjects[0].crossings[0].entry"),
        ({"crossings": [make_crossing(documents="forged")]}, "subjects[0].crossings[0].documents"),
        ({"crossings": [make_crossing(procured_by_suspect="yes")]}, "subjects[0].crossings[0].procured_by_suspect"),
        ({"crossings": [make_crossing(stay_days=-3)]}, "subjects[0].crossings[0].stay_days"),
        ({"crossings": [make_crossing(vehicle="truck")]}, "subjects[0].crossings[0].vehicle"),
    ],
)
def test_it_names_the_path_of_a_subject_problem(overrides, path):
    assert paths(make_facts(make_subject(**overrides))) == [path]


def test_age_and_minor_that_agree_are_valid():
    assert paths(make_facts(make_subject(age=17, minor=True))) == []
    assert paths(make_facts(make_subject(age=18, minor=False))) == []


def test_duplicate_subject_ids_are_an_error():
    assert paths(make_facts(make_subject(), make_subject(), make_subject(id="s2"))) == ["subjects[1].id"]


def test_null_means_unknown_and_is_accepted_everywhere():
    subject = make_subject(
        age=None, minor=None, nationalities=None, permanent_residence=None, acts=None, means=None, purposes=None
    )
    subject["crossings"] = [make_crossing(date=None, entry=None, documents=None, procured_by_suspect=None)]
    assert paths(make_facts(subject)) == []


def test_the_messages_are_in_french_on_request():
    problems = validate_facts(make_facts(make_subject(age=300)), lang="fr")
    assert str(problems[0]) == "subjects[0].age: doit être un nombre entier de 0 à 120"
