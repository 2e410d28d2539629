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
        ("subjects[0].permanent_residence", "smuggling"),  # lawfully residing in Libya would rule it out
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


def test_the_documents_decide_when_valid_ones_would_mean_free_movement():
    # A Nigerian entering Ghana, both ECOWAS members: with valid papers it is free movement, without, illegal.
    crossing = make_crossing(**{"from": "NG", "to": "GH", "documents": "ABSENT"})
    found = missing(acts=False, crossings=[crossing], benefit_sought=True)
    assert (
        MissingFact(
            "subjects[0].crossings[0].documents",
            "smuggling",
            "Find out which travel documents the person held at entry 1 (NG → GH)",
        )
        in found
    )


def test_the_documents_are_not_asked_when_the_entry_is_known():
    crossing = make_crossing(**{"from": "NG", "to": "GH", "documents": "ABSENT", "entry": "irregular"})
    found = missing(acts=False, crossings=[crossing], benefit_sought=True)
    assert "subjects[0].crossings[0].documents" not in [fact.path for fact in found]


def test_a_lawful_permanent_residence_where_the_person_was_taken_decides_smuggling():
    found = missing(acts=False, crossings=[make_crossing()], benefit_sought=True)
    assert (
        MissingFact(
            "subjects[0].permanent_residence",
            "smuggling",
            "Find out whether the person was a lawful permanent resident of LY",
        )
        in found
    )
    french = missing(lang="fr", acts=False, crossings=[make_crossing()], benefit_sought=True)
    assert "Établir si la personne était résidente permanente régulière du pays LY" in [f.text for f in french]


def test_a_known_permanent_residence_or_a_national_of_the_country_entered_is_not_asked():
    recorded = missing(acts=False, crossings=[make_crossing()], benefit_sought=True, permanent_residence="NE")
    national = missing(acts=False, nationalities=["LY"], crossings=[make_crossing()], benefit_sought=True)
    for found in (recorded, national):
        assert "subjects[0].permanent_residence" not in [fact.path for fact in found]


def test_fact_name_is_public():
    from vigie.legal import fact_name

    assert (fact_name("deception", "en"), fact_name("deception", "fr")) == ("deception", "tromperie")
