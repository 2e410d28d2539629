"""/api/v1/cases/: list, open, read, correct, delete, change status, share and revoke."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.accounts.models import Agency
from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, CaseShare
from vigie.cases.services import share_case, update_case
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
LIST = reverse("api:case-list")


def api(user=None, language="en", **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language, **headers)
    if user is not None:
        client.force_login(user)
    return client


def detail_url(case):
    return reverse("api:case-detail", kwargs={"case_id": case.pk})


@pytest.fixture
def gendarmerie(db):
    return Agency.objects.create(code="GN", name="Gendarmerie nationale", country_id="NE", kind=Agency.Kind.GENDARMERIE)


# List ---------------------------------------------------------------------------------------------


def test_it_lists_the_agencys_cases_newest_first(anltp, naptip, clerk, investigator, outsider):
    older = make_case(anltp, investigator, opened_on=datetime.date(2024, 1, 5))
    newer = make_case(anltp, investigator, opened_on=datetime.date(2025, 1, 5), offences=["som", "tip"])
    make_case(naptip, outsider)
    response = api(clerk).get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 2
    first, second = response.json()["results"]
    assert (first["reference"], second["reference"]) == (newer.reference, older.reference)
    assert first["offences"] == ["som", "tip"]
    assert first["agency"] == {"id": anltp.pk, "code": "ANLTP", "name": anltp.name, "country": "NE"}


def test_it_filters_like_the_page(anltp, clerk, investigator):
    make_case(anltp, investigator, opened_on=datetime.date(2024, 6, 1))
    wanted = make_case(anltp, investigator, opened_on=datetime.date(2025, 2, 1), offences=["som"])
    make_participant(wanted, investigator, given_names="Aïcha", family_name="Traoré")
    response = api(clerk).get(
        LIST, {"q": "traore", "offence": "som", "status": "open", "country": "ne", "opened_from": "2025-01-01"}
    )
    assert [c["id"] for c in response.json()["results"]] == [wanted.pk]


def test_a_search_by_name_is_audited_like_on_the_page(case, clerk, settings):
    settings.BEHIND_PROXY = True
    api(clerk, HTTP_X_REAL_IP="10.1.2.3").get(LIST, {"q": " Kouyaté "})
    api(clerk).get(LIST, {"status": "open"})
    event = AuditEvent.objects.get(action=Action.CASES_SEARCHED)
    assert (event.actor, event.changes, event.ip_address) == (clerk, {"list": "cases", "query": "Kouyaté"}, "10.1.2.3")
    assert AuditEvent.objects.filter(action=Action.REGISTER_LISTED).count() == 1


def test_it_refuses_a_bad_filter(clerk):
    response = api(clerk).get(LIST, {"status": "lost", "opened_from": "yesterday"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "opened_from"}


def test_it_pages_the_list(anltp, clerk, investigator):
    cases = [make_case(anltp, investigator, opened_on=datetime.date(2025, 1, day)) for day in range(1, 6)]
    response = api(clerk).get(LIST, {"page_size": 2, "page": 3})
    assert response.json()["count"] == 5
    assert [c["id"] for c in response.json()["results"]] == [cases[0].pk]


def test_the_list_takes_a_fixed_number_of_queries(anltp, clerk, investigator, django_assert_max_num_queries):
    for day in range(1, 11):
        make_participant(make_case(anltp, investigator, opened_on=datetime.date(2025, 1, day)), investigator)
    client = api(clerk)
    # auth, memberships, shared ids, count, page, offences; and the audit event of the listing (4 with its checks)
    with django_assert_max_num_queries(12):
        assert len(client.get(LIST).json()["results"]) == 10


def test_an_outsider_sees_no_case_of_ours(case, outsider):
    assert api(outsider).get(LIST).json()["results"] == []


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_roles_without_register_access_get_403_and_no_name(role, request, victim):
    user = request.getfixturevalue(role)
    for url in (LIST, detail_url(victim.case)):
        response = api(user).get(url)
        assert response.status_code == 403
        assert "Kouyat" not in response.text


# Open ---------------------------------------------------------------------------------------------


def test_it_opens_a_case_and_audits_it(anltp, clerk):
    response = api(clerk).post(
        LIST, {"offences": ["tip"], "opened_on": "2025-04-02", "title": "Orpaillage, Tillabéri"}, format="json"
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert response.json()["reference"] == case.reference == "NE-ANLTP-2025-0001"
    assert (case.agency, case.country_id) == (anltp, "NE")  # the only agency of the clerk, and its country
    event = AuditEvent.objects.get(action=Action.CASE_OPENED)
    assert (event.actor, event.target_id) == (clerk, str(case.pk))


def test_it_asks_a_member_of_several_agencies_which_one_leads(anltp, naptip, clerk):
    clerk.memberships.create(agency=naptip, role="data_clerk")
    response = api(clerk).post(LIST, {"offences": ["tip"], "opened_on": "2025-04-02"}, format="json")
    assert response.status_code == 400
    assert "agency" in response.json()


def test_it_refuses_an_agency_the_user_does_not_work_for(anltp, naptip, clerk):
    response = api(clerk).post(
        LIST, {"agency": naptip.pk, "offences": ["tip"], "opened_on": "2025-04-02"}, format="json"
    )
    assert response.status_code == 400
    assert "agency" in response.json()
    assert not Case.objects.exists()


def test_bad_input_gets_field_messages_in_the_users_language(clerk):
    response = api(clerk, language="fr").post(
        LIST, {"offences": ["tip"], "country": "XX", "reported_on": "hier"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["opened_on"] == ["Ce champ est obligatoire."]
    assert set(errors) == {"opened_on", "country", "reported_on"}
    english = api(clerk).post(LIST, {"offences": ["tip"]}, format="json")
    assert english.json()["opened_on"] == ["This field is required."]
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CASE_OPENED).exists()


def test_a_service_refusal_is_a_field_message(clerk):
    response = api(clerk).post(LIST, {"offences": [], "opened_on": "2025-04-02"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"offences": ["Choose at least one suspected offence."]}
    assert not Case.objects.exists()


def test_reported_after_opened_is_refused_like_in_the_form(clerk):
    response = api(clerk).post(
        LIST, {"offences": ["tip"], "opened_on": "2025-04-02", "reported_on": "2025-04-03"}, format="json"
    )
    assert response.status_code == 400
    assert "reported_on" in response.json()


# Read ---------------------------------------------------------------------------------------------


def test_it_shows_a_case_with_its_sharings(case, clerk, investigator, gendarmerie):
    share_case(actor=investigator, case=case, agency=gendarmerie, purpose="all", reason="Enquête conjointe")
    data = api(clerk).get(detail_url(case)).json()
    assert (data["id"], data["version"], data["status"]) == (case.pk, 1, "open")
    assert [(s["agency"]["code"], s["reason"]) for s in data["shares"]] == [("GN", "Enquête conjointe")]


def test_reading_a_case_is_audited_like_the_case_page(case, clerk):
    api(clerk).get(detail_url(case))
    event = AuditEvent.objects.get(action=Action.CASE_VIEWED)
    assert (event.actor, event.target_id) == (clerk, str(case.pk))


def test_an_outsider_gets_404_on_our_case(case, outsider):
    assert api(outsider).get(detail_url(case)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.CASE_VIEWED).exists()


def test_a_shared_case_is_visible_to_the_other_agency(case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victime nigériane")
    assert api(outsider).get(detail_url(case)).status_code == 200


# Correct ------------------------------------------------------------------------------------------


def test_it_corrects_a_case_and_audits_it(case, clerk):
    response = api(clerk).patch(
        detail_url(case), {"version": 1, "title": "Travail forcé, Arlit", "offences": ["tip", "som"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["version"]) == ("Travail forcé, Arlit", 2)
    case.refresh_from_db()
    assert case.title == "Travail forcé, Arlit"
    assert case.narrative == ""  # fields not sent are not touched
    event = AuditEvent.objects.get(action=Action.CASE_UPDATED)
    assert event.actor == clerk
    assert event.changes["offences"] == {"old": ["tip"], "new": ["som", "tip"]}


def test_a_stale_correction_gets_409_and_overwrites_nothing(case, clerk, investigator):
    update_case(actor=investigator, case=case, expected_version=1, title="Titre de l'enquêteur")
    response = api(clerk).patch(detail_url(case), {"version": 1, "title": "Titre du greffier"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"
    case.refresh_from_db()
    assert (case.title, case.version) == ("Titre de l'enquêteur", 2)
    assert AuditEvent.objects.filter(action=Action.CASE_UPDATED).count() == 1


def test_a_correction_must_name_the_version(case, clerk):
    response = api(clerk).patch(detail_url(case), {"title": "Sans version"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    case.refresh_from_db()
    assert case.title != "Sans version"


def test_an_outsider_cannot_correct_our_case(case, outsider):
    assert api(outsider).patch(detail_url(case), {"version": 1, "title": "x"}, format="json").status_code == 404


# Delete -------------------------------------------------------------------------------------------


def test_a_data_clerk_cannot_delete(case, clerk):
    assert api(clerk).delete(detail_url(case)).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_an_investigator_deletes_and_it_is_audited(case, investigator):
    assert api(investigator).delete(detail_url(case)).status_code == 204
    assert not Case.objects.filter(pk=case.pk).exists()
    assert AuditEvent.objects.get(action=Action.CASE_DELETED).target_label == case.reference


# Status -------------------------------------------------------------------------------------------


def status_url(case):
    return reverse("api:case-status", kwargs={"case_id": case.pk})


def test_closing_through_the_status_is_refused_for_want_of_a_second_person(case, investigator):
    response = api(investigator).post(
        status_url(case), {"version": 1, "status": "closed", "closure_reason": "no_offence"}, format="json"
    )
    assert response.status_code == 400
    assert "second person" in response.json()["status"][0]
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN


def test_an_investigator_proposes_and_a_prosecutor_confirms_the_closure(case, investigator, prosecutor):
    proposal = api(investigator).post(
        reverse("api:case-closure", kwargs={"case_id": case.pk}),
        {"closure_reason": "no_offence", "closed_on": "2025-05-01", "grounds": "Aucune infraction établie"},
        format="json",
    )
    assert proposal.status_code == 201, proposal.json()
    assert proposal.json()["status"] == "proposed"
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN
    pending = api(prosecutor).get(reverse("api:case-decisions", kwargs={"case_id": case.pk})).json()
    assert [d["id"] for d in pending] == [proposal.json()["id"]]
    confirmation = api(prosecutor).post(reverse("api:decision-confirm", kwargs={"decision_id": pending[0]["id"]}))
    assert confirmation.status_code == 200, confirmation.json()
    assert confirmation.json()["status"] == "confirmed"
    saved = Case.objects.get(pk=case.pk)
    assert (saved.status, str(saved.closed_on)) == ("closed", "2025-05-01")
    assert AuditEvent.objects.filter(action=Action.CASE_STATUS_CHANGED, actor=prosecutor).exists()


def test_the_proposer_cannot_confirm_through_the_api(case, investigator):
    proposal = api(investigator).post(
        reverse("api:case-closure", kwargs={"case_id": case.pk}),
        {"closure_reason": "duplicate", "grounds": "Doublon de NE-ANLTP-2025-0001"},
        format="json",
    )
    response = api(investigator).post(reverse("api:decision-confirm", kwargs={"decision_id": proposal.json()["id"]}))
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN


def test_closing_needs_a_reason(case, investigator):
    response = api(investigator).post(
        reverse("api:case-closure", kwargs={"case_id": case.pk}), {"grounds": "Fini"}, format="json"
    )
    assert response.status_code == 400
    assert "closure_reason" in response.json()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_data_clerk_cannot_change_the_status(case, clerk):
    response = api(clerk).post(status_url(case), {"version": 1, "status": "under_investigation"}, format="json")
    assert response.status_code == 403


# Sharing ------------------------------------------------------------------------------------------


def test_an_investigator_shares_and_revokes(case, investigator, gendarmerie):
    shares = reverse("api:case-shares", kwargs={"case_id": case.pk})
    response = api(investigator).post(
        shares, {"agency": gendarmerie.pk, "purpose": "investigation", "reason": "Enquête conjointe"}, format="json"
    )
    assert response.status_code == 201, response.json()
    share = CaseShare.objects.get()
    revoke = reverse("api:share-revoke", kwargs={"share_id": share.pk})
    response = api(investigator).post(revoke)
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert AuditEvent.objects.filter(action__in=[Action.CASE_SHARED, Action.CASE_SHARE_REVOKED]).count() == 2
    again = api(investigator).post(revoke)
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This sharing was already revoked."]}


def test_sharing_needs_a_reason(case, investigator, gendarmerie):
    shares = reverse("api:case-shares", kwargs={"case_id": case.pk})
    response = api(investigator).post(
        shares, {"agency": gendarmerie.pk, "purpose": "investigation", "reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not CaseShare.objects.exists()


def test_a_case_worker_cannot_share(case, case_worker, gendarmerie):
    shares = reverse("api:case-shares", kwargs={"case_id": case.pk})
    response = api(case_worker).post(
        shares, {"agency": gendarmerie.pk, "purpose": "investigation", "reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_other_agency_cannot_revoke_a_sharing(case, investigator, naptip, outsider):
    share = share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victime nigériane")
    response = api(outsider).post(reverse("api:share-revoke", kwargs={"share_id": share.pk}))
    assert response.status_code == 403
    share.refresh_from_db()
    assert share.revoked_at is None


def test_the_detail_reads_its_shares_in_one_query(case, investigator, clerk):
    client = api(clerk)
    with CaptureQueriesContext(connection) as unshared:
        client.get(detail_url(case))
    for code in ("GN", "PN", "DST"):
        agency = Agency.objects.create(code=code, name=code, country_id="NE", kind=Agency.Kind.POLICE)
        share_case(actor=investigator, case=case, agency=agency, purpose="all", reason="Enquête")
    with CaptureQueriesContext(connection) as shared_thrice:
        assert len(client.get(detail_url(case)).json()["shares"]) == 3
    assert len(shared_thrice) == len(unshared)
