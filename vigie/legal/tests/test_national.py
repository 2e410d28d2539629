from typing import Any

from vigie.legal import qualify
from vigie.legal.tests.factories import codes, make_crossing, make_facts, make_subject

CHILD_SEX_NO_FORCE: dict[str, Any] = {
    "age": 15,
    "nationalities": ["SL"],
    "means": {
        "abuse_of_vulnerability": True,
        "force": False,
        "fraud": False,
        "coercion": False,
        "threat": False,
        "abduction": False,
        "deception": False,
    },
    "purposes": {
        "sexual_exploitation": True,
        **dict.fromkeys(
            [
                "forced_labour",
                "forced_begging",
                "forced_criminality",
                "slavery",
                "debt_bondage",
                "servitude",
                "forced_marriage",
                "organ_removal",
                "child_soldiering",
            ],
            False,
        ),
    },
}


def national(jurisdiction, date="2022-01-10", **overrides):
    crossing = make_crossing(**{"from": "SL", "to": "LR"}, date=date, documents="valid")
    subject = make_subject(**{**CHILD_SEX_NO_FORCE, "crossings": [crossing], **overrides})
    return qualify(make_facts(subject, jurisdiction=jurisdiction))


def test_no_jurisdiction_or_no_profile_gives_no_national_part():
    assert national(None)["national"] is None
    assert national("FR")["national"] is None


def test_liberia_before_2021_required_force_fraud_or_coercion_for_child_sex_trafficking():
    result = national("LR", date="2019-05-01")
    tip = result["national"]["subjects"][0]["trafficking"]
    assert result["subjects"][0]["trafficking"]["finding"] == "established"
    assert tip["finding"] == "not_established"
    assert tip["law"] is None  # the 2005 Act is not in the law profiles
    assert {"NAT_CHILD_SEX_NEEDS_FORCE_FRAUD_COERCION", "NAT_DIFFERS", "NAT_LAW_NOT_VERIFIED"} <= set(codes(tip))


def test_liberia_after_the_2021_revision_follows_the_protocol():
    tip = national("LR", date="2022-01-10")["national"]["subjects"][0]["trafficking"]
    assert tip["finding"] == "established"
    assert tip["law"] == "LR-tip-2021"


def test_a_date_inside_the_month_of_the_revision_does_not_settle_the_law():
    tip = national("LR", date="2021-09-15")["national"]["subjects"][0]["trafficking"]
    assert tip["finding"] == "possible"
    assert codes(tip) == ["NAT_DATE_NOT_SETTLED"]


def test_facts_with_no_date_say_the_law_is_not_settled():
    tip = national("LR", date=None)["national"]["subjects"][0]["trafficking"]
    assert codes(tip) == ["NAT_DATE_UNKNOWN"]
    assert tip["finding"] == "possible"


def test_the_force_requirement_does_not_touch_other_purposes_of_a_child():
    tip = national("LR", date="2019-05-01", purposes={"forced_labour": True})["national"]["subjects"][0]["trafficking"]
    assert tip["finding"] == "established"


def test_force_used_satisfies_the_national_requirement():
    means = {**CHILD_SEX_NO_FORCE["means"], "force": True}
    tip = national("GQ", date="2019-05-01", means=means)["national"]["subjects"][0]["trafficking"]
    assert tip["finding"] == "established"


def test_cameroon_names_the_offences_differently():
    result = national("CM")["national"]["subjects"][0]
    assert result["trafficking"]["term"] == "slavery in persons"
    assert result["smuggling"]["term"] == "trafficking in persons"
    assert "NAT_CM_TERMS" in codes(result["trafficking"])


def test_gabon_requires_remuneration_but_no_means():
    adult = {"age": 30, "means": False, "purposes": {"forced_labour": True}}
    paid = national("GA", benefit_sought=True, **adult)["national"]["subjects"][0]["trafficking"]
    assert paid["finding"] == "established"
    assert paid["elements"]["means"]["status"] == "not_required"
    unpaid = national("GA", benefit_sought=False, **adult)["national"]["subjects"][0]["trafficking"]
    assert unpaid["finding"] == "not_established"
    assert unpaid["elements"]["remuneration"]["status"] == "not_met"


def test_gabon_before_its_2019_code_is_not_held():
    tip = national("GA", date="2015-01-01")["national"]["subjects"][0]["trafficking"]
    assert codes(tip)[0] == "NAT_NO_LAW_HELD_FOR_DATE"


def test_niger_no_longer_punishes_smuggling_after_the_2023_repeal():
    def smuggling(date):
        crossing = make_crossing(**{"from": "NG", "to": "NE"}, date=date, documents="fraudulent")
        subject = make_subject(acts=False, benefit_sought=True, crossings=[crossing])
        return qualify(make_facts(subject, jurisdiction="NE"))["national"]["subjects"][0]["smuggling"]

    assert smuggling("2020-01-01")["finding"] == "established"
    assert smuggling("2020-01-01")["law"] == "NE-som-2015"
    assert smuggling("2024-01-01")["finding"] == "not_established"
    assert smuggling("2023-11-26")["finding"] == "possible"  # repeal signed the 25th, announced the 27th


def test_a_profile_with_no_recorded_departure_follows_the_protocol_and_says_so():
    result = national("SN")
    tip = result["national"]["subjects"][0]["trafficking"]
    assert tip["finding"] == result["subjects"][0]["trafficking"]["finding"]
    assert "NAT_NO_DEPARTURE_RECORDED" in codes(tip)


def test_unverified_laws_are_marked_as_such():
    laws = national("CM")["national"]["laws"]
    assert laws[0]["status"] == "partial"
    assert laws[0]["verified"] is False
    assert "not fully verified" in laws[0]["text"]


def test_no_law_has_an_article_number_its_source_does_not_give():
    from vigie.legal.national import _rules

    for country, offences in _rules()["countries"].items():
        for periods in offences.values():
            for period in periods:
                assert period["source"], country
                assert period["status"] in {"verified", "partial", "unverified"}, country
