import pytest

from vigie.legal.tests.factories import codes, qualify_one


def tip(**overrides):
    return qualify_one(**overrides)["trafficking"]


def test_act_means_and_purpose_met_establish_trafficking_of_an_adult():
    result = tip()
    assert result["finding"] == "established"
    assert result["elements"]["act"] == {"status": "met", "facts": ["recruitment"]}
    assert "TIP_ESTABLISHED" in codes(result)


@pytest.mark.parametrize(
    ("age", "child", "means_status", "finding"),
    [(17, True, "not_required", "established"), (18, False, "not_met", "not_established")],
)
def test_the_means_is_not_required_under_18_only(age, child, means_status, finding):
    subject = qualify_one(age=age, means=False)
    assert subject["child"] is child
    assert subject["trafficking"]["elements"]["means"]["status"] == means_status
    assert subject["trafficking"]["finding"] == finding


def test_minor_alone_settles_the_child_question():
    assert tip(age=None, minor=True, means=False)["finding"] == "established"
    assert tip(age=None, minor=False, means=False)["finding"] == "not_established"


def test_age_unknown_and_means_not_met_is_possible_not_established():
    result = tip(age=None, means=False)
    assert result["finding"] == "possible"
    assert result["elements"]["means"]["status"] == "not_met"
    assert "TIP_AGE_UNKNOWN" in codes(result)


def test_age_unknown_and_means_met_is_established():
    assert tip(age=None)["finding"] == "established"


def test_age_unknown_and_means_unknown_is_possible():
    assert tip(age=None, means=None)["finding"] == "possible"


@pytest.mark.parametrize("element", ["acts", "means", "purposes"])
def test_an_element_set_false_defeats_trafficking_of_an_adult(element):
    assert tip(**{element: False})["finding"] == "not_established"


@pytest.mark.parametrize(
    ("element", "value"),
    [("acts", {"recruitment": False}), ("means", {"deception": False}), ("purposes", {"forced_labour": False})],
)
def test_one_key_set_false_rules_out_that_item_only(element, value):
    result = tip(**{element: value})
    assert result["finding"] == "possible"


def test_every_key_set_false_is_the_same_as_the_element_set_false():
    acts = dict.fromkeys(["recruitment", "transportation", "transfer", "harbouring", "receipt"], False)
    assert tip(acts=acts)["elements"]["act"]["status"] == "not_met"
    assert tip(acts=acts)["finding"] == "not_established"


@pytest.mark.parametrize("element", ["acts", "means", "purposes"])
def test_an_element_absent_is_unknown_and_makes_it_possible(element):
    assert tip(**{element: "ABSENT"})["finding"] == "possible"


def test_the_exploitation_need_not_have_taken_place():
    assert "TIP_PURPOSE_MET" in codes(tip())


@pytest.mark.parametrize("purpose", ["forced_begging", "forced_criminality", "child_soldiering"])
def test_forms_of_forced_labour_are_named(purpose):
    assert "TIP_FORM_OF_FORCED_LABOUR" in codes(tip(purposes={purpose: True}))


@pytest.mark.parametrize("purpose", ["debt_bondage", "forced_marriage"])
def test_practices_similar_to_slavery_are_named(purpose):
    assert "TIP_PRACTICE_SIMILAR_TO_SLAVERY" in codes(tip(purposes={purpose: True}))


def test_consent_never_defeats_trafficking_once_a_means_is_used():
    result = tip(consented=True)
    assert result["finding"] == "established"
    assert "TIP_CONSENT_IRRELEVANT" in codes(result)


def test_consent_of_a_child_is_irrelevant():
    result = tip(age=12, means=False, consented=True)
    assert result["finding"] == "established"
    assert "TIP_CONSENT_IRRELEVANT" in codes(result)


def test_no_border_crossing_is_required():
    result = tip(crossings=[])
    assert result["finding"] == "established"
    assert "TIP_NO_CROSSING_REQUIRED" in codes(result)


def test_reasons_are_in_french_on_request():
    result = qualify_one(lang="fr", age=9, means=None)["trafficking"]
    child_reason = next(r for r in result["reasons"] if r["code"] == "TIP_CHILD_NO_MEANS_REQUIRED")
    assert child_reason["text"].startswith("La personne était un enfant")


def test_a_presumed_victim_is_referred_for_protection():
    subject = qualify_one(age=None, means=False)
    assert subject["protection"]["presumed_trafficking_victim"] is True
    assert subject["protection"]["child"] is None
