from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.justice import services
from vigie.justice.models import Charge, CooperationRequest, Hearing, Proceeding, Verdict
from vigie.justice.tests.conftest import D


@pytest.fixture
def api(prosecutor):
    client = APIClient()
    client.force_authenticate(prosecutor)
    return client


def test_it_opens_a_round_and_lists_it(api, case):
    url = reverse("api:case-proceedings", kwargs={"case_id": case.pk})
    response = api.post(
        url,
        {
            "court_name": "Tribunal de Niamey",
            "court_country": "NE",
            "level": "first_instance",
            "opened_on": "2025-04-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["status"] == "pending"
    listed = api.get(url).data["results"]
    assert [p["id"] for p in listed] == [response.data["id"]]


def test_it_moves_a_round_along_its_life_cycle_and_refuses_an_illegal_move(api, proceeding):
    url = reverse("api:proceeding-status", kwargs={"proceeding_id": proceeding.pk})
    response = api.post(url, {"version": 1, "status": "decided", "on": "2025-09-01"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "decided"
    response = api.post(url, {"version": 2, "status": "pending", "on": "2025-09-02"}, format="json")
    assert response.status_code == 400 and "status" in response.data


def test_a_stale_correction_gets_409(api, proceeding):
    url = reverse("api:proceeding-detail", kwargs={"proceeding_id": proceeding.pk})
    assert api.patch(url, {"version": 1, "reference": "RP 1"}, format="json").status_code == 200
    response = api.patch(url, {"version": 1, "reference": "RP 2"}, format="json")
    assert response.status_code == 409
    assert Proceeding.objects.get().reference == "RP 1"


def test_it_brings_a_charge_and_shows_the_non_punishment_warning(api, proceeding, victim):
    response = api.post(
        reverse("api:case-charges", kwargs={"case_id": proceeding.case_id}),
        {"proceeding": proceeding.pk, "accused": victim.pk, "offence": "document_fraud", "charged_on": "2025-04-02"},
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["non_punishment_warning"] is True
    assert response.data["final_outcome"] is None


def test_it_refuses_to_charge_a_migrant_with_smuggling(api, proceeding, migrant, investigator):
    accused = add_participant(
        actor=investigator,
        case=proceeding.case,
        person=migrant.person,
        role=Participant.Role.SUSPECT,
        suspect_role="recruiter",
    )
    response = api.post(
        reverse("api:case-charges", kwargs={"case_id": proceeding.case_id}),
        {"proceeding": proceeding.pk, "accused": accused.pk, "offence": "som", "charged_on": "2025-04-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "art. 5" in response.data["offence"][0]
    assert not Charge.objects.exists()


def test_it_refuses_a_participant_of_another_case(api, proceeding, anltp, investigator):
    from vigie.conftest import make_case, make_participant

    stranger = make_participant(make_case(anltp, investigator), investigator, role=Participant.Role.SUSPECT)
    response = api.post(
        reverse("api:case-charges", kwargs={"case_id": proceeding.case_id}),
        {"proceeding": proceeding.pk, "accused": stranger.pk, "offence": "tip", "charged_on": "2025-04-02"},
        format="json",
    )
    assert response.status_code == 400 and "accused" in response.data


def test_the_appeal_verdict_is_the_final_outcome_of_the_charge(api, charge, prosecutor):
    case_id = charge.case_id
    verdicts = reverse("api:case-verdicts", kwargs={"case_id": case_id})
    first = api.post(
        verdicts,
        {"charge": charge.pk, "proceeding": charge.proceeding_id, "outcome": "convicted", "decided_on": "2025-09-01"},
        format="json",
    )
    assert first.status_code == 201, first.data
    charge.proceeding.refresh_from_db()
    assert charge.proceeding.status == "decided"  # the verdict decided the round
    appeal = services.open_proceeding(
        actor=prosecutor,
        case=charge.case,
        court_name="Cour d'appel de Niamey",
        court_country_id="NE",
        level="appeal",
        appeal_of=charge.proceeding,
        appealed_by="defence",
        opened_on=D(2025, 9, 15),
    )
    second = api.post(
        verdicts,
        {
            "charge": charge.pk,
            "proceeding": appeal.pk,
            "outcome": "acquitted",
            "reason": "victim_did_not_testify",
            "decided_on": "2026-01-10",
        },
        format="json",
    )
    assert second.status_code == 201, second.data
    detail = api.get(reverse("api:charge-detail", kwargs={"charge_id": charge.pk})).data
    assert detail["final_outcome"] == "acquitted"


def test_it_records_a_sentence_with_compensation(api, charge, prosecutor, victim):
    verdict = services.record_verdict(
        actor=prosecutor, charge=charge, proceeding=charge.proceeding, outcome="convicted", decided_on=D(2025, 9, 1)
    )
    url = reverse("api:verdict-sentence", kwargs={"verdict_id": verdict.pk})
    body = {
        "prison_months": 84,
        "suspended_months": 24,
        "compensations": [{"victim": victim.pk, "amount": "2000000", "currency": "XOF"}],
    }
    response = api.put(url, body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["compensations"] == [{"victim": victim.pk, "amount": "2000000.00", "currency": "XOF"}]
    again = api.put(url, {"prison_months": 60, "version": 1}, format="json")
    assert again.status_code == 200 and again.data["prison_months"] == 60
    detail = api.get(reverse("api:verdict-detail", kwargs={"verdict_id": verdict.pk})).data
    assert detail["sentence"]["prison_months"] == 60


def test_the_verdict_list_reads_sentences_without_a_query_per_verdict(api, case, proceeding, prosecutor, victim):
    from vigie.conftest import make_participant

    def convict(name):
        accused = make_participant(case, prosecutor, role=Participant.Role.SUSPECT, given_names=name, sex="male")
        charge = services.bring_charge(
            actor=prosecutor, proceeding=proceeding, accused=accused, offence="tip", charged_on=D(2025, 4, 2)
        )
        verdict = services.record_verdict(
            actor=prosecutor, charge=charge, proceeding=proceeding, outcome="convicted", decided_on=D(2025, 9, 1)
        )
        services.record_sentence(
            actor=prosecutor, verdict=verdict, prison_months=36, compensations=[(victim, Decimal("500000"), "XOF")]
        )

    url = reverse("api:case-verdicts", kwargs={"case_id": case.pk})
    convict("Moussa")
    api.get(url)
    with CaptureQueriesContext(connection) as one:
        first = api.get(url)
    convict("Ibrahim")
    convict("Sani")
    with CaptureQueriesContext(connection) as three:
        response = api.get(url)
    assert len(first.data["results"]) == 1 and len(response.data["results"]) == 3
    assert all(v["sentence"]["compensations"] for v in response.data["results"])
    assert len(three) == len(one)


def test_it_records_a_hearing_with_protective_measures(api, proceeding, victim):
    response = api.post(
        reverse("api:case-hearings", kwargs={"case_id": proceeding.case_id}),
        {
            "proceeding": proceeding.pk,
            "date": "2025-05-06",
            "purpose": "victim_testimony",
            "protective_measures": ["anonymity", "screen"],
            "protected_persons": [victim.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert Hearing.objects.get().protective_measures == ["anonymity", "screen"]
    patch = api.patch(
        reverse("api:hearing-detail", kwargs={"hearing_id": response.data["id"]}),
        {"version": 1, "outcome": "held"},
        format="json",
    )
    assert patch.status_code == 200 and patch.data["protected_persons"] == [victim.pk]


def test_it_records_and_sends_a_cooperation_request(api, case, suspect):
    response = api.post(
        reverse("api:case-cooperation-requests", kwargs={"case_id": case.pk}),
        {
            "direction": "sent",
            "kind": "extradition",
            "other_country": "NG",
            "foreign_authority": "Federal Ministry of Justice",
            "subject_persons": [suspect.pk],
            "request": "Extradition",
        },
        format="json",
    )
    assert response.status_code == 201 and response.data["status"] == "draft"
    status_url = reverse("api:cooperation-request-status", kwargs={"request_id": response.data["id"]})
    sent = api.post(status_url, {"version": 1, "status": "sent", "on": "2025-05-02"}, format="json")
    assert sent.status_code == 200 and sent.data["sent_on"] == "2025-05-02"
    assert api.post(status_url, {"version": 2, "status": "draft", "on": "2025-05-03"}, format="json").status_code == 400


def test_it_deletes_what_a_prosecutor_may_delete(api, charge):
    response = api.delete(reverse("api:charge-detail", kwargs={"charge_id": charge.pk}))
    assert response.status_code == 204
    assert not Charge.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHARGE_DELETED).exists()


def test_a_clerk_may_not_delete(clerk, charge):
    client = APIClient()
    client.force_authenticate(clerk)
    assert client.delete(reverse("api:charge-detail", kwargs={"charge_id": charge.pk})).status_code == 403
    assert Charge.objects.exists()


def test_the_assistance_roles_never_see_the_courts(case_worker, charge):
    client = APIClient()
    client.force_authenticate(case_worker)
    assert client.get(reverse("api:case-charges", kwargs={"case_id": charge.case_id})).status_code == 403
    assert Verdict.objects.count() == 0 and CooperationRequest.objects.count() == 0


def test_the_schema_documents_every_justice_operation(api):
    paths = api.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert set(paths["/api/v1/cases/{case_id}/charges/"]) == {"get", "post"}
    assert set(paths["/api/v1/proceedings/{proceeding_id}/"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/verdicts/{verdict_id}/sentence/"]) == {"put"}
    assert set(paths["/api/v1/cooperation-requests/{request_id}/status/"]) == {"post"}
    justice = [op for path, ops in paths.items() for op in ops if path.startswith(JUSTICE_PATHS)]
    assert len(justice) == 28


JUSTICE_PATHS = tuple(
    f"/api/v1/{prefix}"
    for prefix in (
        "proceedings/",
        "charges/",
        "hearings/",
        "verdicts/",
        "cooperation-requests/",
        "cases/{case_id}/proceedings/",
        "cases/{case_id}/charges/",
        "cases/{case_id}/hearings/",
        "cases/{case_id}/verdicts/",
        "cases/{case_id}/cooperation-requests/",
    )
)


def test_a_transfer_through_the_api_names_the_court(api, proceeding):
    url = reverse("api:proceeding-status", kwargs={"proceeding_id": proceeding.pk})
    body = {"version": 1, "status": "transferred", "on": "2025-06-01"}
    assert "transferred_to" in api.post(url, body, format="json").data
    response = api.post(url, {**body, "transferred_to": "Pôle judiciaire spécialisé de Niamey"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["transferred_to"] == "Pôle judiciaire spécialisé de Niamey"


def test_a_charge_under_a_repealed_law_carries_the_date_of_the_facts_and_a_warning(api, proceeding, suspect):
    url = reverse("api:case-charges", kwargs={"case_id": proceeding.case_id})
    body = {
        "proceeding": proceeding.pk,
        "accused": suspect.pk,
        "offence": "som",
        "law_key": "NE-som-2015",
        "charged_on": "2025-04-02",
    }
    refused = api.post(url, body, format="json")
    assert refused.status_code == 400 and "facts_on" in refused.data
    response = api.post(url, {**body, "facts_on": "2023-10-01"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["facts_on"] == "2023-10-01" and response.data["law_warning"]


def test_a_round_names_its_prosecutor_in_charge_among_the_agencys_prosecutors(api, proceeding, prosecutor, naptip):
    from vigie.conftest import make_member

    url = reverse("api:proceeding-detail", kwargs={"proceeding_id": proceeding.pk})
    stranger = make_member(naptip, "prosecutor", "prosecutor-naptip")
    assert api.patch(url, {"version": 1, "prosecutor": stranger.pk}, format="json").status_code == 400
    response = api.patch(url, {"version": 1, "prosecutor": prosecutor.pk}, format="json")
    assert response.status_code == 200 and response.data["prosecutor"] == prosecutor.pk


def test_the_charge_list_is_paged_and_reads_a_fixed_number_of_queries(api, case, proceeding, prosecutor):
    from vigie.conftest import make_participant

    for name in ("Moussa", "Ibrahim", "Sani"):
        accused = make_participant(case, prosecutor, role=Participant.Role.SUSPECT, given_names=name, sex="male")
        charge = services.bring_charge(
            actor=prosecutor, proceeding=proceeding, accused=accused, offence="tip", charged_on=D(2025, 4, 2)
        )
        services.record_verdict(
            actor=prosecutor, charge=charge, proceeding=proceeding, outcome="convicted", decided_on=D(2025, 9, 1)
        )
    url = reverse("api:case-charges", kwargs={"case_id": case.pk})
    api.get(url)  # the user's memberships are read once
    with CaptureQueriesContext(connection) as two:
        first = api.get(url, {"page_size": 2})
    assert first.data["count"] == 3 and len(first.data["results"]) == 2
    assert first.data["results"][0]["final_outcome"] == "convicted"
    with CaptureQueriesContext(connection) as one:
        second = api.get(url, {"page_size": 2, "page": 2})
    assert len(second.data["results"]) == 1
    assert len(one.captured_queries) == len(two.captured_queries)
