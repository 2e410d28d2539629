"""What a screening proposes: a status with its reason and a referral; a child goes to child protection."""

from vigie.screening.evidence import ProposedReferral, ProposedStatus, propose
from vigie.screening.indicators import INDICATORS, Indicator

I = Indicator  # noqa: E741


def answers(*yes: Indicator, rest: str = "no") -> dict[str, str]:
    return {spec.code.value: rest for spec in INDICATORS} | {i.value: "yes" for i in yes}


def test_an_adult_with_a_means_and_a_purpose_is_proposed_as_presumed_victim():
    proposal = propose(answers(I.RECRUITED_BY_DECEPTION, I.SEXUAL_EXPLOITATION), age=24)
    assert proposal.status == ProposedStatus.PRESUMED_VICTIM
    assert proposal.referral == ProposedReferral.PROTECTION_AND_ASSISTANCE
    assert "shelter" in proposal.services
    assert proposal.child is False


def test_an_adult_with_a_purpose_but_no_means_is_not_presumed():
    proposal = propose(answers(I.BEGGING_FOR_OTHERS), age=30)
    assert proposal.status == ProposedStatus.SOME_INDICATORS
    assert "no means" in proposal.status_reason
    assert proposal.referral == ProposedReferral.NONE


def test_a_child_needs_no_means_to_be_presumed_a_victim():
    proposal = propose(answers(I.BEGGING_FOR_OTHERS), age=11)
    assert proposal.status == ProposedStatus.PRESUMED_VICTIM
    assert "child" in proposal.status_reason
    assert proposal.referral == ProposedReferral.CHILD_PROTECTION


def test_a_child_is_referred_to_child_protection_even_without_indicators():
    proposal = propose(answers(), age=17)
    assert proposal.status == ProposedStatus.NO_INDICATORS
    assert proposal.referral == ProposedReferral.CHILD_PROTECTION
    assert proposal.child is True


def test_at_eighteen_the_person_is_an_adult():
    assert propose(answers(I.BEGGING_FOR_OTHERS), age=18).status == ProposedStatus.SOME_INDICATORS


def test_a_presumed_victim_of_unknown_age_is_referred_with_a_warning_about_the_age():
    proposal = propose(answers(I.ABDUCTED, I.ORGAN_REMOVAL), age=None)
    assert proposal.status == ProposedStatus.PRESUMED_VICTIM
    assert proposal.referral == ProposedReferral.PROTECTION_AND_ASSISTANCE
    assert "under 18" in proposal.referral_reason
    assert proposal.child is None


def test_a_means_without_a_purpose_is_only_some_indicators():
    proposal = propose(answers(I.INTIMIDATION_AND_THREATS), age=40)
    assert proposal.status == ProposedStatus.SOME_INDICATORS
    assert "No purpose" in proposal.status_reason


def test_mostly_unknown_answers_propose_nothing():
    proposal = propose({}, age=40)
    assert proposal.status == ProposedStatus.INCOMPLETE
    assert f"{len(INDICATORS)} questions" in proposal.status_reason


def test_all_no_is_no_indicator_but_not_proof():
    proposal = propose(answers(), age=40)
    assert proposal.status == ProposedStatus.NO_INDICATORS
    assert "no proof" in proposal.status_reason
