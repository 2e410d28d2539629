"""What the answers are evidence for: only yes counts, and some indicators only taken together."""

import datetime

import pytest

from vigie.screening.evidence import evidence_from_answers
from vigie.screening.indicators import INDICATORS, Indicator

I = Indicator  # noqa: E741


@pytest.mark.parametrize("spec", INDICATORS, ids=lambda spec: spec.code.value)
def test_a_single_yes_gives_exactly_the_indicators_own_keys(spec):
    evidence = evidence_from_answers({spec.code.value: "yes"})
    assert evidence.acts == dict.fromkeys(spec.acts, True)
    assert evidence.means == dict.fromkeys(spec.means, True)
    assert evidence.purposes == dict.fromkeys(spec.purposes, True)


@pytest.mark.parametrize("answer", ["no", "unknown"])
def test_no_and_unknown_give_no_evidence_at_all(answer):
    evidence = evidence_from_answers({spec.code.value: answer for spec in INDICATORS})
    assert evidence.acts == evidence.means == evidence.purposes == {}
    assert evidence.is_empty


def test_no_key_is_ever_set_false():
    answers = {spec.code.value: "no" for spec in INDICATORS} | {I.INTIMIDATION_AND_THREATS.value: "yes"}
    evidence = evidence_from_answers(answers)
    assert set(evidence.means.values()) == {True}
    assert evidence.means == {"threat": True}


def test_two_ilo_indicators_together_point_to_forced_labour():
    evidence = evidence_from_answers({I.EXCESSIVE_OVERTIME.value: "yes", I.WITHHOLDING_OF_WAGES.value: "yes"})
    assert evidence.purposes == {"forced_labour": True}
    assert evidence.supported_by["purposes.forced_labour"] == [
        I.EXCESSIVE_OVERTIME.value,
        I.WITHHOLDING_OF_WAGES.value,
    ]


def test_one_ilo_indicator_alone_does_not_point_to_forced_labour():
    evidence = evidence_from_answers({I.EXCESSIVE_OVERTIME.value: "yes", I.DEBT_BONDAGE.value: "no"})
    assert evidence.purposes == {}


def test_a_child_working_with_a_withheld_wage_points_to_forced_labour():
    evidence = evidence_from_answers({I.CHILD_WORKING_OUT_OF_SCHOOL.value: "yes", I.WITHHOLDING_OF_WAGES.value: "yes"})
    assert evidence.purposes == {"forced_labour": True}


def test_debt_bondage_is_a_purpose_on_its_own_and_forced_labour_with_another():
    assert evidence_from_answers({I.DEBT_BONDAGE.value: "yes"}).purposes == {"debt_bondage": True}
    both = evidence_from_answers({I.DEBT_BONDAGE.value: "yes", I.ISOLATION.value: "yes"})
    assert both.purposes == {"debt_bondage": True, "forced_labour": True}
    assert both.means == {"abuse_of_vulnerability": True}


def test_it_carries_the_screening_and_its_date():
    evidence = evidence_from_answers({}, screening_id=7, screened_on=datetime.date(2025, 3, 14))
    assert (evidence.screening_id, evidence.screened_on) == (7, datetime.date(2025, 3, 14))


def test_an_indicator_no_longer_in_the_list_is_ignored():
    assert evidence_from_answers({"ilo_retired_indicator": "yes"}).is_empty
