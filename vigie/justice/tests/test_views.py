import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.conftest import make_case, make_participant
from vigie.justice import services
from vigie.justice.models import Charge, CooperationRequest, Hearing, Proceeding
from vigie.justice.tests.conftest import D, decide, open_round
from vigie.justice.tests.test_cooperation_requests import make_request


@pytest.fixture(autouse=True)
def in_english(settings):
    # The pages are checked in English here; one test below checks the French.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def logged_in(client, prosecutor):
    client.force_login(prosecutor)
    return client


def test_the_proceedings_page_shows_rounds_appeals_and_the_non_punishment_warning(
    logged_in, charge, victim, prosecutor
):
    services.bring_charge(
        actor=prosecutor,
        proceeding=charge.proceeding,
        accused=victim,
        offence="document_fraud",
        charged_on=D(2025, 4, 3),
    )
    decide(prosecutor, charge.proceeding)
    open_round(
        prosecutor,
        charge.case,
        level="appeal",
        appeal_of=charge.proceeding,
        appealed_by="prosecution",
        opened_on=D(2025, 9, 9),
    )
    response = logged_in.get(reverse("justice:proceedings", kwargs={"case_id": charge.case_id}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "non-punishment principle" in content
    assert content.count('class="warning"') == 1
    assert '<div class="appeals">' in content and "Court of appeal" in content


def test_the_proceedings_page_uses_a_bounded_number_of_queries(
    logged_in, charge, victim, prosecutor, django_assert_max_num_queries
):
    for n in range(5):
        proceeding = open_round(prosecutor, charge.case, court_name=f"Tribunal {n}")
        services.bring_charge(
            actor=prosecutor, proceeding=proceeding, accused=charge.accused, offence="tip", charged_on=D(2025, 4, 2)
        )
        services.record_hearing(
            actor=prosecutor,
            proceeding=proceeding,
            date=D(2025, 5, 2),
            purpose="evidence",
            protective_measures=["screen"],
            protected_persons=[victim],
        )
    with django_assert_max_num_queries(15):
        response = logged_in.get(reverse("justice:proceedings", kwargs={"case_id": charge.case_id}))
    assert response.status_code == 200


def test_it_opens_a_round_from_the_form(logged_in, case):
    response = logged_in.post(
        reverse("justice:proceeding-add", kwargs={"case_id": case.pk}),
        {
            "court_name": "Tribunal de Zinder",
            "court_country": "NE",
            "level": "first_instance",
            "opened_on": "2025-04-01",
        },
    )
    assert response.status_code == 302
    assert Proceeding.objects.get().court_name == "Tribunal de Zinder"


def test_the_charge_form_offers_the_laws_of_the_country_with_their_status(logged_in, proceeding):
    response = logged_in.get(reverse("justice:charge-add", kwargs={"proceeding_id": proceeding.pk}))
    content = response.content.decode()
    assert "Ordonnance n° 2010-86" in content
    assert "[partly verified]" in content  # the 2003 anti-slavery provisions
    assert "[repealed]" in content  # the 2015 smuggling law


def test_without_a_law_profile_the_charge_is_free_text(client, anltp, investigator, prosecutor):
    case = make_case(anltp, investigator, country_id="FR")
    proceeding = open_round(prosecutor, case)
    client.force_login(prosecutor)
    response = client.get(reverse("justice:charge-add", kwargs={"proceeding_id": proceeding.pk}))
    assert 'name="law_key"' not in response.content.decode()
    assert 'name="provision"' in response.content.decode()


def test_charging_a_migrant_with_smuggling_shows_the_refusal_beside_the_offence(
    logged_in, proceeding, migrant, investigator
):
    as_suspect = add_participant(
        actor=investigator,
        case=proceeding.case,
        person=migrant.person,
        role=Participant.Role.SUSPECT,
        suspect_role="recruiter",
    )
    response = logged_in.post(
        reverse("justice:charge-add", kwargs={"proceeding_id": proceeding.pk}),
        {"accused": as_suspect.pk, "offence": "som", "charged_on": "2025-04-02", "law_key": "", "provision": ""},
    )
    assert response.status_code == 200
    assert "art. 5" in response.content.decode()
    assert not Charge.objects.exists()


def test_a_stale_edit_from_the_form_is_refused_with_a_message(logged_in, proceeding, investigator):
    services.update_proceeding(actor=investigator, proceeding=proceeding, expected_version=1, reference="RP 1")
    response = logged_in.post(
        reverse("justice:proceeding-edit", kwargs={"proceeding_id": proceeding.pk}),
        {"court_name": "X", "court_country": "NE", "level": "first_instance", "opened_on": "2025-04-01", "version": 1},
    )
    assert "Someone else changed this record" in response.content.decode()
    proceeding.refresh_from_db()
    assert proceeding.court_name != "X"


def test_it_records_a_hearing_with_protected_persons_from_the_form(logged_in, proceeding, victim):
    response = logged_in.post(
        reverse("justice:hearing-add", kwargs={"proceeding_id": proceeding.pk}),
        {
            "date": "2025-05-06",
            "purpose": "victim_testimony",
            "protective_measures": ["video_link"],
            "protected_persons": [victim.pk],
        },
    )
    assert response.status_code == 302
    assert list(Hearing.objects.get().protected_persons.all()) == [victim]


def test_it_records_a_sentence_with_compensation_from_the_form(logged_in, charge, prosecutor, victim):
    verdict = services.record_verdict(
        actor=prosecutor, charge=charge, proceeding=charge.proceeding, outcome="convicted", decided_on=D(2025, 9, 1)
    )
    url = reverse("justice:sentence", kwargs={"verdict_id": verdict.pk})
    response = logged_in.post(
        url,
        {
            "prison_months": 60,
            "fine_amount": "500000",
            "fine_currency": "XOF",
            f"compensation_{victim.pk}": "250000",
            "compensation_currency": "XOF",
        },
    )
    assert response.status_code == 302
    assert verdict.sentence.compensations.get().victim == victim


def test_the_status_form_offers_only_the_allowed_transitions(logged_in, case, prosecutor):
    request = make_request(case, prosecutor)
    content = logged_in.get(reverse("justice:request-status", kwargs={"request_id": request.pk})).content.decode()
    assert 'value="sent"' in content and 'value="executed"' not in content


def test_the_cooperation_page_flags_requests_past_their_deadline(logged_in, case, prosecutor):
    make_request(case, prosecutor, sent_on=D(2024, 1, 1), deadline=D(2024, 3, 1), deadline_basis="legal")
    response = logged_in.get(reverse("justice:cooperation", kwargs={"case_id": case.pk}))
    assert 'class="late"' in response.content.decode()


def test_deleting_a_round_with_charges_says_why_it_was_refused(client, investigator, charge):
    client.force_login(investigator)
    response = client.post(
        reverse("justice:proceeding-delete", kwargs={"proceeding_id": charge.proceeding_id}), follow=True
    )
    assert "Delete the appeals, charges and verdicts" in response.content.decode()
    assert Proceeding.objects.exists()


def test_the_case_page_summary_shows_outcomes_hearings_and_requests_in_bounded_queries(
    client, investigator, charge, prosecutor, victim, django_assert_max_num_queries
):
    services.bring_charge(
        actor=prosecutor, proceeding=charge.proceeding, accused=victim, offence="other", charged_on=D(2025, 4, 2)
    )
    services.record_hearing(
        actor=prosecutor,
        proceeding=charge.proceeding,
        date=timezone.localdate() + datetime.timedelta(days=3),
        purpose="pleadings",
    )
    make_request(charge.case, prosecutor, sent_on=D(2024, 1, 1), deadline=D(2024, 3, 1), deadline_basis="legal")
    for n in range(4):
        make_participant(charge.case, investigator, given_names=f"Victime {n}")
    client.force_login(investigator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cases:detail", kwargs={"case_id": charge.case_id}))
    content = response.content.decode()
    assert "Prosecution and courts" in content
    assert "past its deadline" in content
    assert "check the non-punishment principle" in content
    assert "(pleadings)" in content


def test_the_case_page_hides_the_summary_from_the_assistance_part(client, case_worker, charge):
    client.force_login(case_worker)
    content = client.get(reverse("cases:detail", kwargs={"case_id": charge.case_id})).content.decode()
    assert "justice-summary" not in content


def test_the_request_form_records_a_received_extradition_request(logged_in, case, suspect):
    response = logged_in.post(
        reverse("justice:request-add", kwargs={"case_id": case.pk}),
        {
            "direction": "received",
            "kind": "extradition",
            "other_country": "NG",
            "foreign_authority": "Attorney General of the Federation",
            "subject_persons": [suspect.pk],
            "request": "Extradition of the suspect",
            "received_on": "2025-05-01",
            "deadline": "2025-07-01",
            "deadline_basis": "legal",
        },
    )
    assert response.status_code == 302
    assert CooperationRequest.objects.get().status == "sent"


def test_the_warning_and_the_refusal_are_in_french_for_french_speaking_users(client, prosecutor, proceeding, victim):
    services.bring_charge(
        actor=prosecutor, proceeding=proceeding, accused=victim, offence="other", charged_on=D(2025, 4, 2)
    )
    client.force_login(prosecutor)
    url = reverse("justice:proceedings", kwargs={"case_id": proceeding.case_id})
    content = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "principe de non-sanction" in content
    assert "Première instance" in content


def test_the_status_form_records_the_court_of_a_transfer_and_the_page_shows_it(logged_in, proceeding):
    url = reverse("justice:proceeding-status", kwargs={"proceeding_id": proceeding.pk})
    body = {"version": 1, "status": "transferred", "on": "2025-06-01"}
    refused = logged_in.post(url, body)
    assert "Say which court the case was transferred to." in refused.content.decode()
    response = logged_in.post(url, {**body, "transferred_to": "Pôle judiciaire spécialisé de Niamey"})
    assert response.status_code == 302
    page = logged_in.get(reverse("justice:proceedings", kwargs={"case_id": proceeding.case_id})).content.decode()
    assert "to Pôle judiciaire spécialisé de Niamey" in page


def test_the_charge_form_refuses_facts_after_the_repeal_beside_the_law(logged_in, proceeding, suspect):
    url = reverse("justice:charge-add", kwargs={"proceeding_id": proceeding.pk})
    body = {"accused": suspect.pk, "offence": "som", "charged_on": "2025-04-02", "law_key": "NE-som-2015"}
    refused = logged_in.post(url, {**body, "facts_on": "2024-03-01"})
    assert "facts of that day or later cannot be charged under it" in refused.content.decode()
    assert logged_in.post(url, {**body, "facts_on": "2023-10-01"}).status_code == 302
    page = logged_in.get(reverse("justice:proceedings", kwargs={"case_id": proceeding.case_id})).content.decode()
    assert "It applies only to earlier facts" in page


def test_the_round_form_names_the_prosecutor_in_charge(logged_in, proceeding, prosecutor):
    url = reverse("justice:proceeding-edit", kwargs={"proceeding_id": proceeding.pk})
    body = {
        "court_name": proceeding.court_name,
        "court_country": "NE",
        "level": "first_instance",
        "opened_on": "2025-04-01",
        "prosecutor": prosecutor.pk,
        "version": 1,
    }
    assert logged_in.post(url, body).status_code == 302
    page = logged_in.get(reverse("justice:proceedings", kwargs={"case_id": proceeding.case_id})).content.decode()
    assert "prosecutor in charge" in page
