"""The indicator table: the ILO list as published, every key a key of the vigie.facts/1 contract."""

from vigie.screening.indicators import INDICATORS, Indicator

# spec/qualification.md, "Input: vigie.facts/1".
CONTRACT_ACTS = {"recruitment", "transportation", "transfer", "harbouring", "receipt"}
CONTRACT_MEANS = {
    "threat", "force", "coercion", "abduction", "fraud", "deception", "abuse_of_power", "abuse_of_vulnerability",
    "payments_to_person_in_control",
}  # fmt: skip
CONTRACT_PURPOSES = {
    "sexual_exploitation", "forced_labour", "forced_begging", "forced_criminality", "slavery", "debt_bondage",
    "servitude", "forced_marriage", "organ_removal", "child_soldiering",
}  # fmt: skip

# The ILO 2012 booklet's labels, in its order (definitions.md section 8).
ILO_LABELS = [
    "Abuse of vulnerability",
    "Deception",
    "Restriction of movement",
    "Isolation",
    "Physical and sexual violence",
    "Intimidation and threats",
    "Retention of identity documents",
    "Withholding of wages",
    "Debt bondage",
    "Abusive working and living conditions",
    "Excessive overtime",
]


def test_the_eleven_ilo_indicators_keep_the_booklets_labels_and_order():
    ilo = [str(i.label) for i in Indicator if i.value.startswith("ilo_")]
    assert ilo == ILO_LABELS


def test_every_indicator_is_in_the_table_once_with_a_source_and_a_reason():
    assert sorted(spec.code for spec in INDICATORS) == sorted(Indicator)
    for spec in INDICATORS:
        assert spec.source and spec.reason, spec.code
        assert ("ILO" in spec.source) == spec.is_ilo, spec.code


def test_every_key_is_a_key_of_the_facts_contract():
    for spec in INDICATORS:
        assert set(spec.acts) <= CONTRACT_ACTS, spec.code
        assert set(spec.means) <= CONTRACT_MEANS, spec.code
        assert set(spec.purposes) | set(spec.together) <= CONTRACT_PURPOSES, spec.code


def test_every_indicator_is_evidence_for_something():
    for spec in INDICATORS:
        assert spec.acts or spec.means or spec.purposes or spec.together, spec.code


def test_every_ilo_indicator_points_to_forced_labour_only_taken_together():
    for spec in INDICATORS:
        if spec.is_ilo:
            assert spec.together == ("forced_labour",), spec.code
            assert "forced_labour" not in spec.purposes, spec.code
