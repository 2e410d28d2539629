"""Fixtures of the referrals app: a shelter run by an NGO that uses vigie, consents, a child of the case."""

import datetime

import pytest
from django.utils import translation

from vigie.accounts.models import Agency, Membership
from vigie.cases.models import Participant
from vigie.conftest import make_member, make_participant
from vigie.people.services import record_consent
from vigie.referrals.models import Referral, ServiceProvider
from vigie.referrals.services import propose_referral

Role = Membership.Role


@pytest.fixture(autouse=True)
def in_english(settings):
    """The tests read the English messages; one test checks the French ones (vigie's default language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def shelter_ngo(db) -> Agency:
    return Agency.objects.create(code="CAS", name="Centre d'accueil du Sahel", country_id="NE", kind=Agency.Kind.NGO)


@pytest.fixture
def shelter_worker(shelter_ngo):  # answers referrals made to the NGO's shelter; does not see ANLTP's cases
    return make_member(shelter_ngo, Role.CASE_WORKER)


@pytest.fixture
def provider(anltp, shelter_ngo) -> ServiceProvider:
    return ServiceProvider.objects.create(
        name="Centre d'accueil de Zinder (démo)",
        kinds=["shelter", "psychosocial"],
        country_id="NE",
        admin_area="Zinder",
        locality="Zinder",
        people_served=["children", "women"],
        capacity=20,
        phone="+22720510000",
        maintained_by=anltp,
        run_by=shelter_ngo,
    )


@pytest.fixture
def adult(case, investigator) -> Participant:
    """An adult victim (born 1990) who consented to be referred."""
    participant = make_participant(case, investigator, date_of_birth="1990-04-02")
    record_consent(
        actor=investigator,
        person=participant.person,
        purpose="referral",
        given_on=datetime.date(2025, 3, 12),
        method="written",
    )
    return participant


@pytest.fixture
def child(case, investigator) -> Participant:
    return make_participant(case, investigator, given_names="Mariama", family_name="Sani", date_of_birth="2012-05-03")


@pytest.fixture
def referral(case, case_worker, adult, provider) -> Referral:
    return propose_referral(
        actor=case_worker, case=case, participant=adult, to_provider=provider, services=["shelter"], urgency="urgent"
    )
