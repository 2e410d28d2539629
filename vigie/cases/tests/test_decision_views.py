"""The pages of decisions that take a second person (cases/decision_views.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from vigie.cases.models import Case, Decision, Participant
from vigie.cases.services import propose_case_closure, propose_victim_identification
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client):
    # The messages are read in English here; French is the default language of the pages.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def presumed(case, clerk) -> Participant:
    return make_participant(case, clerk, role=Participant.Role.PRESUMED_VICTIM)


@pytest.fixture
def proposal(presumed, clerk) -> Decision:
    return propose_victim_identification(
        actor=clerk, participant=presumed, grounds="Indicateurs relevés", identified_on=presumed.case.opened_on
    )


def test_a_clerk_proposes_an_identification_from_the_case_page(client, clerk, presumed, case):
    client.force_login(clerk)
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).text
    propose_url = reverse("cases:identification-propose", kwargs={"participant_id": presumed.pk})
    assert propose_url in page
    response = client.post(propose_url, {"identified_on": "2025-03-12", "grounds": "Passeport confisqué, dette"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.proposed_by, decision.participant) == ("victim_identification", clerk, presumed)


def test_the_form_says_what_is_missing(client, clerk, presumed):
    client.force_login(clerk)
    url = reverse("cases:identification-propose", kwargs={"participant_id": presumed.pk})
    response = client.post(url, {"identified_on": "", "grounds": ""})
    assert set(response.context["form"].errors) == {"identified_on", "grounds"}
    assert not Decision.objects.exists()


def test_the_case_page_offers_confirmation_to_a_second_person_only(client, clerk, case_worker, proposal, case):
    confirm_url = reverse("cases:decision-confirm", kwargs={"decision_id": proposal.pk})
    withdraw_url = reverse("cases:decision-withdraw", kwargs={"decision_id": proposal.pk})
    client.force_login(clerk)
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).text
    assert confirm_url not in page and withdraw_url in page
    client.force_login(case_worker)
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).text
    assert confirm_url in page and withdraw_url not in page


def test_a_second_person_confirms_from_the_page(client, case_worker, proposal, presumed):
    client.force_login(case_worker)
    response = client.post(reverse("cases:decision-confirm", kwargs={"decision_id": proposal.pk}), follow=True)
    assert response.status_code == 200
    assert Participant.objects.get(pk=presumed.pk).role == "victim"


def test_a_rejection_asks_why(client, case_worker, proposal):
    client.force_login(case_worker)
    url = reverse("cases:decision-reject", kwargs={"decision_id": proposal.pk})
    assert "reason" in client.post(url, {"reason": ""}).context["form"].errors
    assert client.post(url, {"reason": "Entretien incomplet"}).status_code == 302
    assert Decision.objects.get(pk=proposal.pk).status == "rejected"


def test_the_proposer_withdraws_from_the_page(client, clerk, proposal):
    client.force_login(clerk)
    client.post(reverse("cases:decision-withdraw", kwargs={"decision_id": proposal.pk}))
    assert Decision.objects.get(pk=proposal.pk).status == "withdrawn"


def test_someone_else_cannot_withdraw_and_is_told_why(client, investigator, proposal):
    client.force_login(investigator)
    response = client.post(reverse("cases:decision-withdraw", kwargs={"decision_id": proposal.pk}), follow=True)
    assert "Only the person who proposed" in response.text
    assert Decision.objects.get(pk=proposal.pk).status == "proposed"


def test_closing_from_the_status_page_proposes_the_closure(client, investigator, prosecutor, case):
    client.force_login(investigator)
    response = client.post(
        reverse("cases:status", kwargs={"case_id": case.pk}),
        {"status": "closed", "closure_reason": "no_offence", "grounds": "Rien établi", "version": case.version},
        follow=True,
    )
    assert "second authorised person" in response.text
    assert Case.objects.get(pk=case.pk).status == "open"
    decision = Decision.objects.get(kind="case_closure")
    client.force_login(prosecutor)
    client.post(reverse("cases:decision-confirm", kwargs={"decision_id": decision.pk}))
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_the_case_page_reads_any_number_of_pending_decisions_in_the_same_queries(client, investigator, case, proposal):
    client.force_login(investigator)
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    propose_case_closure(actor=investigator, case=case, closure_reason="duplicate", closed_on=None, grounds="Doublon")
    for n in range(3):
        other = make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM, given_names=f"Awa{n}")
        propose_victim_identification(
            actor=investigator, participant=other, grounds="Dette", identified_on=case.opened_on
        )
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).text
    assert page.count(str(Decision.Kind.VICTIM_IDENTIFICATION.label)) == 4
    assert len(five) == len(one)
