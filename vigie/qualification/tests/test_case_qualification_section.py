"""The "Legal qualification" section of the case page."""

import datetime

import pytest
from django.urls import reverse

from vigie.accounts.models import Agency
from vigie.cases.models import Participant
from vigie.cases.services import record_event_in_case, share_case, update_participant
from vigie.conftest import make_participant
from vigie.screening.indicators import Indicator
from vigie.screening.services import GivenAnswer, record_screening

pytestmark = pytest.mark.django_db
Role = Participant.Role


@pytest.fixture
def child(case, investigator):
    child = make_participant(case, investigator, role=Role.PRESUMED_VICTIM, given_names="Fati", date_of_birth="2012-04")
    update_participant(
        actor=investigator, participant=child, expected_version=child.version, forms_of_exploitation=["forced_begging"]
    )
    record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2024-09", participants=[child])
    return child


def page(client, user, case, language="en"):
    client.force_login(user)
    return client.get(reverse("cases:detail", kwargs={"case_id": case.pk}), HTTP_ACCEPT_LANGUAGE=language)


def test_it_shows_the_findings_elements_protection_and_missing_facts(client, investigator, case, child):
    text = page(client, investigator, case).text
    assert "Legal qualification" in text
    assert 'finding-established">Established' in text
    assert "Child: refer to child protection at once." in text
    assert "Presumed victim of trafficking: refer for protection" in text
    assert "Missing facts that decide the outcome" in text


def test_it_is_in_french_for_french_users(client, investigator, case, child):
    text = page(client, investigator, case, language="fr").text
    assert "Qualification juridique" in text
    assert "Établie" in text
    assert "Enfant : orienter immédiatement vers la protection" in text


def test_it_updates_as_the_facts_are_edited(client, investigator, case, child):
    child.refresh_from_db()
    update_participant(
        actor=investigator,
        participant=child,
        expected_version=child.version,
        forms_of_exploitation=[],
        no_exploitation=True,
    )
    assert 'finding-not_established">Not established' in page(client, investigator, case).text


@pytest.mark.parametrize("role", ["clerk", "investigator", "prosecutor", "case_worker", "agency_admin"])
def test_each_register_role_of_the_lead_agency_sees_it(client, request, case, child, role):
    assert "Legal qualification" in page(client, request.getfixturevalue(role), case).text


def test_an_agency_the_case_is_shared_with_for_assistance_sees_it(client, case, child, investigator):
    from vigie.accounts.models import Membership
    from vigie.conftest import make_member

    ngo = Agency.objects.create(code="AFS", name="Aide aux femmes du Sahel", country_id="NE", kind=Agency.Kind.NGO)
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Hébergement")
    assert "Legal qualification" in page(client, make_member(ngo, Membership.Role.CASE_WORKER), case).text


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin", "outsider"])
def test_others_do_not_see_the_case_at_all(client, request, case, child, role):
    assert page(client, request.getfixturevalue(role), case).status_code == 404


def test_a_smuggled_migrant_is_flagged_not_liable(client, investigator, case):
    make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Ali")
    # Nothing known yet of the crossing: smuggling is possible, and protection follows already.
    assert "Smuggled migrant: not criminally liable" in page(client, investigator, case).text


def test_it_shows_the_national_result_and_unverified_laws_as_unverified(client, investigator, case, child):
    text = page(client, investigator, case).text
    assert "Under national law" in text  # the case is in Niger, whose law profile the engine holds
    assert '<span class="status">unverified</span>' in text


# Evidence from the victim screening ------------------------------------------------------------------------


@pytest.fixture
def adult(case, investigator):
    adult = make_participant(
        case, investigator, role=Role.PRESUMED_VICTIM, given_names="Blessing", date_of_birth="1998-02-01"
    )
    update_participant(
        actor=investigator, participant=adult, expected_version=adult.version, forms_of_exploitation=["forced_labour"]
    )
    return adult


def screened(adult, case_worker, *indicators):
    record_screening(
        actor=case_worker,
        participant=adult,
        screened_on=datetime.date(2025, 3, 14),
        answers={i.value: GivenAnswer("yes") for i in indicators},
    )


def test_a_yes_in_the_screening_is_shown_as_evidence_and_completes_the_offence(client, investigator, case, adult):
    assert 'finding-possible">Possible' in page(client, investigator, case).text
    screened(adult, investigator, Indicator.RECRUITED_BY_DECEPTION)
    text = page(client, investigator, case).text
    assert "Taken from the victim screening, not yet recorded in the case: recruitment, deception" in text
    assert 'finding-established">Established' in text


def test_a_fact_recorded_in_the_case_overrides_the_screening(client, investigator, case, adult):
    screened(adult, investigator, Indicator.RECRUITED_BY_DECEPTION)
    # Recorded in the case: recruited as an adult, and no means used (e.g. established by the investigation).
    record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2024-09-02", participants=[adult])
    adult.refresh_from_db()
    update_participant(
        actor=investigator,
        participant=adult,
        expected_version=adult.version,
        means_of_control=[],
        no_means_of_control=True,
    )
    text = page(client, investigator, case).text
    assert "Taken from the victim screening" not in text
    assert 'finding-not_established">Not established' in text
