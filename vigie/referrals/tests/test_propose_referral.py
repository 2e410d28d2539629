import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.conftest import make_participant
from vigie.people.models import Consent
from vigie.people.services import withdraw_consent
from vigie.referrals.models import BestInterestsDecision, Referral
from vigie.referrals.services import propose_referral

pytestmark = pytest.mark.django_db


def test_it_proposes_a_referral_of_a_consenting_adult_and_audits_it(case, case_worker, adult, provider):
    referral = propose_referral(
        actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter", "medical"]
    )
    assert referral.status == Referral.Status.PROPOSED
    assert referral.referring_agency_id == case.agency_id
    assert referral.services == ["medical", "shelter"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.REFERRAL_PROPOSED)
    assert event.target_id == str(referral.pk) and event.actor == case_worker


def test_it_refuses_an_adult_without_consent_for_referral(case, case_worker, provider, investigator):
    adult = make_participant(case, investigator, date_of_birth="1990")
    with pytest.raises(ValidationError, match="no consent in force"):
        propose_referral(actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter"])
    assert not Referral.objects.exists()


def test_it_refuses_an_adult_whose_consent_was_withdrawn(case, case_worker, adult, provider, investigator):
    consent = Consent.objects.get(person=adult.person)
    withdraw_consent(actor=investigator, consent=consent, withdrawn_on=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError, match="no consent in force"):
        propose_referral(actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter"])


def test_it_refuses_a_child_without_a_best_interests_decision_even_with_consent(
    case, case_worker, child, provider, investigator
):
    from vigie.people.services import record_consent

    record_consent(
        actor=investigator,
        person=child.person,
        purpose="referral",
        given_on=datetime.date(2025, 3, 1),
        method="guardian",
    )
    with pytest.raises(ValidationError, match="best-interests decision"):
        propose_referral(actor=case_worker, case=case, participant=child, to_provider=provider, services=["shelter"])


def test_it_proposes_a_referral_of_a_child_with_a_best_interests_decision(case, case_worker, child, provider):
    BestInterestsDecision.objects.create(
        case=case,
        participant=child,
        purpose="referral",
        decided_on=datetime.date(2025, 3, 1),
        decided_by=case_worker,
        decision="Placement en centre d'accueil",
        reasons="Famille introuvable",
    )
    referral = propose_referral(
        actor=case_worker, case=case, participant=child, to_provider=provider, services=["shelter"]
    )
    assert referral.pk


def test_a_best_interests_decision_for_return_does_not_open_the_gate(case, case_worker, child, provider):
    BestInterestsDecision.objects.create(
        case=case, participant=child, purpose="return", decided_on=datetime.date(2025, 3, 1),
        decided_by=case_worker, decision="Retour", reasons="Famille retrouvée",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="best-interests decision"):
        propose_referral(actor=case_worker, case=case, participant=child, to_provider=provider, services=["shelter"])


def test_it_refuses_a_person_of_unknown_age(case, case_worker, victim, provider):
    with pytest.raises(ValidationError, match="age is unknown"):
        propose_referral(actor=case_worker, case=case, participant=victim, to_provider=provider, services=["shelter"])


def test_it_refuses_a_suspect(case, case_worker, provider, investigator):
    suspect = make_participant(case, investigator, role="suspect", date_of_birth="1980")
    with pytest.raises(ValidationError, match="Only a victim"):
        propose_referral(actor=case_worker, case=case, participant=suspect, to_provider=provider, services=["shelter"])


def test_it_needs_exactly_one_receiver(case, case_worker, adult, provider, shelter_ngo):
    with pytest.raises(ValidationError, match="either to an agency or to a service provider"):
        propose_referral(
            actor=case_worker, case=case, participant=adult, to_provider=provider, to_agency=shelter_ngo,
            services=["shelter"],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="either to an agency or to a service provider"):
        propose_referral(actor=case_worker, case=case, participant=adult, services=["shelter"])


def test_the_database_refuses_a_referral_with_two_receivers(referral, shelter_ngo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(to_agency=shelter_ngo)


def test_it_refuses_a_referral_to_an_inactive_provider(case, case_worker, adult, provider):
    provider.is_active = False
    provider.save()
    with pytest.raises(ValidationError, match="no longer active"):
        propose_referral(actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter"])


def test_it_refuses_a_referral_without_services(case, case_worker, adult, shelter_ngo):
    with pytest.raises(ValidationError, match="at least one"):
        propose_referral(actor=case_worker, case=case, participant=adult, to_agency=shelter_ngo, services=[])


def test_the_refusal_is_in_french_for_french_speaking_users(case, case_worker, provider, investigator):
    adult = make_participant(case, investigator, date_of_birth="1990")
    with translation.override("fr"), pytest.raises(ValidationError, match="Aucun consentement"):
        propose_referral(actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter"])
