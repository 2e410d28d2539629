import pytest

from vigie.legal import FactsError, MissingFact, deciding_unknowns
from vigie.legal.tests.factories import make_crossing, make_facts, make_subject


def missing(lang="en", **overrides):
    return deciding_unknowns(make_facts(make_subject(**overrides)), lang=lang)["s1"]


def test_nothing_to_find_out_when_every_fact_is_known():
    facts = {"benefit_sought": False, "fraudulent_document": False}
    assert missing(crossings=[], **facts) == []


def test_the_age_decides_when_the_means_is_not_met():
    found = missing(age=None, means=False, crossings=[], benefit_sought=False)
    assert found == [
        MissingFact(
            "subjects[0].minor", "trafficking", "Find out whether the person was under 18 at the time of the first act"
        )
    ]


def test_the_age_does_not_decide_when_a_means_is_met():
    assert [fact.path for fact in missing(age=None, crossings=[], benefit_sought=False)] == []


def test_an_unknown_element_key_decides():
    found = missing(means={"deception": False}, crossings=[], benefit_sought=False)
    paths = [fact.path for fact in found]
    assert "subjects[0].means.force" in paths
    assert "subjects[0].means.deception" not in paths


def test_an_element_wholly_unknown_is_asked_once():
    found = missing(purposes=None, crossings=[], benefit_sought=False)
    assert [fact.path for fact in found] == ["subjects[0].purposes"]


def test_crossing_fields_and_benefit_decide_smuggling():
    crossing = make_crossing(documents=None, procured_by_suspect=None)
    found = missing(acts=False, crossings=[crossing], benefit_sought=None)
    assert {(fact.path, fact.offence) for fact in found} == {
        ("subjects[0].benefit_sought", "smuggling"),
        ("subjects[0].crossings[0].entry", "smuggling"),
        ("subjects[0].crossings[0].procured_by_suspect", "smuggling"),
    }


def test_unknown_nationality_decides_smuggling():
    found = missing(acts=False, nationalities=None, crossings=[make_crossing()], benefit_sought=True)
    assert ("subjects[0].nationalities", "smuggling") in {(fact.path, fact.offence) for fact in found}


def test_texts_are_in_french_on_request():
    found = missing(lang="fr", age=None, means=False, crossings=[], benefit_sought=False)
    assert found[0].text == "Établir si la personne avait moins de 18 ans au moment du premier acte"


def test_invalid_facts_raise():
    with pytest.raises(FactsError):
        deciding_unknowns(make_facts(make_subject(age="old")))
