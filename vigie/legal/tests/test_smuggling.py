from typing import Any

import pytest

from vigie.legal import qualify
from vigie.legal.tests.factories import codes, make_crossing, make_facts, make_subject, qualify_one

NOT_TRAFFICKED: dict[str, Any] = {"acts": False}


def som(crossings, **overrides):
    return qualify_one(crossings=crossings, **{"benefit_sought": True, **NOT_TRAFFICKED, **overrides})["smuggling"]


def entry(crossing, **overrides):
    return som([crossing], **overrides)["elements"]["illegal_entry"]["status"]


def test_all_four_elements_on_one_crossing_establish_smuggling():
    result = som([make_crossing()])
    assert result["finding"] == "established"
    assert {name: element["status"] for name, element in result["elements"].items()} == dict.fromkeys(
        ["illegal_entry", "not_national_or_resident", "procurement", "benefit"], "met"
    )


def test_no_crossing_is_not_smuggling():
    result = som([])
    assert result["finding"] == "not_established"
    assert "SOM_NO_CROSSING" in codes(result)


def test_crossings_unknown_is_possible_smuggling():
    assert som("ABSENT")["finding"] == "possible"


def test_crossings_unknown_without_benefit_is_not_smuggling():
    assert som("ABSENT", benefit_sought=False)["finding"] == "not_established"


@pytest.mark.parametrize(
    ("entry_fact", "documents", "status"),
    [
        ("irregular", "valid", "met"),
        ("regular", "none", "not_met"),
        (None, "fraudulent", "met"),
        (None, "none", "met"),
        (None, None, "unknown"),
    ],
)
def test_entry_decides_when_given_then_documents(entry_fact, documents, status):
    assert entry(make_crossing(entry=entry_fact, documents=documents)) == status


def test_valid_documents_under_ecowas_free_movement_make_the_entry_legal():
    crossing = make_crossing(**{"from": "NG", "to": "GH"}, date="2022-08-15", documents="valid")
    assert entry(crossing) == "not_met"
    assert "SOM_FREE_MOVEMENT" in codes(som([crossing]))


def test_valid_documents_with_no_regime_leave_the_entry_unknown():
    assert entry(make_crossing(documents="valid")) == "unknown"  # Nigerian entering Libya


def test_the_state_left_does_not_matter_for_free_movement():
    crossing = make_crossing(**{"from": "LY", "to": "GH"}, date="2022-08-15", documents="valid")
    assert entry(crossing) == "not_met"


def test_a_malian_entering_senegal_stays_covered_after_the_withdrawal():
    for date in ("2025-01-28", "2025-01-29", "2026-06-01"):
        crossing = make_crossing(**{"from": "ML", "to": "SN"}, date=date, documents="valid")
        assert entry(crossing, nationalities=["ML"]) == "not_met", date


def test_a_nigerian_entering_niger_loses_ecowas_cover_on_the_withdrawal_but_has_the_aes_opening():
    before = make_crossing(**{"from": "NG", "to": "NE"}, date="2025-01-28", documents="valid")
    after = make_crossing(**{"from": "NG", "to": "NE"}, date="2025-01-29", documents="valid")
    assert entry(before) == "not_met"
    assert entry(after) == "not_met"
    assert "AES" in som([after])["reasons"][0]["text"]


def test_a_malian_entering_niger_is_uncovered_from_the_withdrawal_day():
    def crossing(date):
        return make_crossing(**{"from": "ML", "to": "NE"}, date=date, documents="valid")

    assert entry(crossing("2025-01-28"), nationalities=["ML"]) == "not_met"
    assert entry(crossing("2025-01-29"), nationalities=["ML"]) == "unknown"


def test_mauritania_left_ecowas_in_2000():
    def crossing(date):
        return make_crossing(**{"from": "MR", "to": "SN"}, date=date, documents="valid")

    assert entry(crossing("1999-06-01"), nationalities=["MR"]) == "not_met"
    assert entry(crossing("2001-06-01"), nationalities=["MR"]) == "unknown"


def test_free_movement_begins_in_1980():
    crossing = make_crossing(**{"from": "NG", "to": "GH"}, date="1979-12-31", documents="valid")
    assert entry(crossing) == "unknown"


def test_a_crossing_with_no_date_is_legal_only_if_covered_on_every_date_since_1980():
    nigerian_to_ghana = make_crossing(**{"from": "NG", "to": "GH"}, date=None, documents="valid")
    assert entry(nigerian_to_ghana) == "not_met"
    malian_to_niger = make_crossing(**{"from": "ML", "to": "NE"}, date=None, documents="valid")
    assert entry(malian_to_niger, nationalities=["ML"]) == "unknown"
    cabo_verdean_to_ghana = make_crossing(**{"from": "CV", "to": "GH"}, date=None, documents="valid")
    assert entry(cabo_verdean_to_ghana, nationalities=["CV"]) == "not_met"  # member from 1977, before 1980
    mauritanian_to_senegal = make_crossing(**{"from": "MR", "to": "SN"}, date=None, documents="valid")
    assert entry(mauritanian_to_senegal, nationalities=["MR"]) == "unknown"  # a gap from 2001


def test_valid_documents_and_nationality_unknown_leave_the_entry_unknown():
    crossing = make_crossing(**{"from": "NG", "to": "GH"}, date="2022-08-15", documents="valid")
    assert entry(crossing, nationalities=[]) == "unknown"


def test_a_national_of_the_state_entered_is_not_smuggled():
    result = som([make_crossing(**{"from": "LY", "to": "NE"})], nationalities=["NG", "NE"])
    assert result["elements"]["not_national_or_resident"]["status"] == "not_met"
    assert result["finding"] == "not_established"


def test_a_permanent_resident_of_the_state_entered_is_not_smuggled():
    result = som([make_crossing()], permanent_residence="LY")
    assert result["elements"]["not_national_or_resident"]["status"] == "not_met"


def test_a_permanent_residence_elsewhere_keeps_the_element_met():
    result = som([make_crossing()], permanent_residence="GH")
    assert result["elements"]["not_national_or_resident"]["status"] == "met"


def test_nationality_unknown_leaves_the_element_unknown():
    result = som([make_crossing()], nationalities="ABSENT")
    assert result["elements"]["not_national_or_resident"]["status"] == "unknown"
    assert result["finding"] == "possible"


def test_no_benefit_is_not_smuggling():
    result = som([make_crossing()], benefit_sought=False)
    assert result["finding"] == "not_established"
    assert "SOM_NO_BENEFIT" in codes(result)


def test_benefit_unknown_is_possible_smuggling():
    assert som([make_crossing()], benefit_sought=None)["finding"] == "possible"


def test_procurement_not_by_the_suspect_is_not_smuggling():
    assert som([make_crossing(procured_by_suspect=False)])["finding"] == "not_established"


def test_the_strongest_crossing_gives_the_finding():
    legal = make_crossing(**{"from": "NG", "to": "GH"}, date="2022-08-15", documents="valid")
    result = som([legal, make_crossing()])
    assert result["finding"] == "established"
    assert "SOM_STRONGEST_CROSSING" in codes(result)


def test_aggravating_circumstances_are_reported_only_with_smuggling():
    aggravated: dict[str, Any] = {"life_or_safety_endangered": True, "inhuman_or_degrading_treatment": True}
    assert som([make_crossing()], **aggravated)["aggravating_circumstances"] == list(aggravated)
    assert som([make_crossing()], benefit_sought=None, **aggravated)["aggravating_circumstances"] == list(aggravated)
    assert som([], **aggravated)["aggravating_circumstances"] == []


@pytest.mark.parametrize(
    ("fact", "benefit", "finding"),
    [
        (True, True, "established"),
        (True, None, "possible"),
        (None, True, "possible"),
        (True, False, "not_established"),
        (False, True, "not_established"),
    ],
)
def test_related_offences_need_their_conduct_and_the_benefit(fact, benefit, finding):
    subject = qualify_one(fraudulent_document=fact, illegal_stay_enabled=fact, benefit_sought=benefit)
    assert [offence["finding"] for offence in subject["related_offences"]] == [finding, finding]


def test_a_smuggled_migrant_is_protected_and_never_a_perpetrator():
    subject = qualify_one(crossings=[make_crossing()], benefit_sought=True, **NOT_TRAFFICKED)
    assert subject["protection"]["smuggled_migrant"] is True
    assert "PROT_SMUGGLED_MIGRANT" in codes(subject["protection"])


def test_the_case_finding_is_the_strongest_over_subjects():
    smuggled = make_subject(id="m", crossings=[make_crossing()], benefit_sought=True, acts=False)
    not_smuggled = make_subject(id="n", crossings=[], acts=False)
    assert qualify(make_facts(not_smuggled, smuggled))["case"] == {
        "trafficking": "not_established",
        "smuggling": "established",
    }
