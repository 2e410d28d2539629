import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from vigie.accounts.models import Agency, Membership
from vigie.audit.models import AuditEvent
from vigie.cases.services import share_case
from vigie.conftest import make_member
from vigie.investigations.models import Investigation
from vigie.investigations.tests.conftest import make_investigation


@pytest.fixture
def client():
    # The pages are checked in English; French is the default language.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def page(case):
    return reverse("investigations:case", kwargs={"case_id": case.pk})


def test_it_lists_investigations_with_arrests_seizures_flows_and_totals(client, investigator, case, arrest, flow):
    client.force_login(investigator)
    response = client.get(page(case))
    html = response.content.decode()
    assert "Brigade des mineurs de Niamey" in html
    assert "MOUSSA" in html  # the person arrested, for those who need to know
    assert "+22796000000" in html  # the account frozen
    assert "750,000.00 XOF" in html
    assert "Still held in XOF" in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_VIEWED, target_id=str(case.pk)).exists()


def test_the_page_runs_a_bounded_number_of_queries(
    client, investigator, case, arrest, flow, django_assert_max_num_queries
):
    for unit in ("Police judiciaire de Maradi", "Gendarmerie de Tahoua", "OCRTEH"):
        make_investigation(case, investigator, lead_unit=unit)
    client.force_login(investigator)
    with django_assert_max_num_queries(25):
        response = client.get(page(case))
    assert response.status_code == 200


def test_it_hides_the_part_from_a_partner_ngo(client, investigator, case, investigation):
    ngo = Agency.objects.create(code="AFS", name="ONG", country_id="NE", kind=Agency.Kind.NGO)
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Accueil")
    client.force_login(make_member(ngo, Membership.Role.CASE_WORKER, "ngo-worker"))
    assert client.get(page(case)).status_code == 403


def test_it_opens_an_investigation_from_the_form(client, investigator, case):
    client.force_login(investigator)
    response = client.post(
        reverse("investigations:investigation-add", kwargs={"case_id": case.pk}),
        {
            "agency": case.agency_id,
            "lead_unit": "Office central de répression de la traite des personnes",
            "lead_investigator": investigator.pk,
            "opened_on": "2025-03-15",
            "techniques": ["financial_investigation", "joint_investigation_team"],
            "partner_countries": ["NG", "BJ"],
        },
    )
    assert response.status_code == 302
    investigation = Investigation.objects.get()
    assert sorted(investigation.partner_countries.values_list("pk", flat=True)) == ["BJ", "NG"]


def test_it_shows_the_service_refusal_beside_the_field(client, investigator, case):
    client.force_login(investigator)
    response = client.post(
        reverse("investigations:investigation-add", kwargs={"case_id": case.pk}),
        {
            "agency": case.agency_id,
            "lead_unit": "Brigade",
            "opened_on": "2025-03-15",
            "techniques": ["joint_investigation_team"],
        },
    )
    assert response.status_code == 200
    assert "joint investigation team" in response.context["form"].errors["partner_countries"][0]
    assert not Investigation.objects.exists()


def test_it_refuses_a_stale_edit_with_a_message(client, investigator, investigation):
    client.force_login(investigator)
    url = reverse("investigations:investigation-edit", kwargs={"investigation_id": investigation.pk})
    data = {"agency": investigation.agency_id, "lead_unit": "Autre", "opened_on": "2025-03-14", "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"lead_unit": "Encore autre"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()


def test_it_closes_an_investigation_and_refuses_an_illegal_transition(client, investigator, investigation):
    client.force_login(investigator)
    url = reverse("investigations:investigation-status", kwargs={"investigation_id": investigation.pk})
    closing = {"status": "closed", "closing_reason": "no_offence", "closed_on": "2025-06-01", "version": 1}
    assert client.post(url, closing).status_code == 302
    response = client.post(url, closing | {"status": "suspended", "version": 2})
    assert response.status_code == 200
    assert "cannot become" in response.context["form"].errors["status"][0]


def test_it_records_an_arrest_from_the_form(client, investigator, investigation, suspect):
    client.force_login(investigator)
    response = client.post(
        reverse("investigations:arrest-add", kwargs={"investigation_id": investigation.pk}),
        {"suspect": suspect.pk, "arrested_on": "2025-03-20", "country": "NE", "locality": "Zinder"},
    )
    assert response.status_code == 302
    assert investigation.arrests.get().locality == "Zinder"


def test_the_arrest_form_offers_only_suspects(client, investigator, investigation, suspect, victim):
    client.force_login(investigator)
    response = client.get(reverse("investigations:arrest-add", kwargs={"investigation_id": investigation.pk}))
    assert list(response.context["form"].fields["suspect"].queryset) == [suspect]


def test_it_records_a_seizure_and_a_flow_from_the_forms(client, investigator, investigation, suspect):
    client.force_login(investigator)
    response = client.post(
        reverse("investigations:seizure-add", kwargs={"investigation_id": investigation.pk}),
        {
            "kind": "cash",
            "measure": "seized",
            "taken_on": "2025-03-21",
            "amount": "2500000",
            "currency": "NGN",
            "persons": [suspect.pk],
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("investigations:flow-add", kwargs={"investigation_id": investigation.pk}),
        {
            "from_participant": suspect.pk,
            "to_account": "Access Bank 0011",
            "amount": "100000",
            "currency": "NGN",
            "date": "2025",
            "channel": "bank_transfer",
        },
    )
    assert response.status_code == 302
    assert investigation.money_flows.get().date == "2025"


def test_it_refuses_to_delete_an_account_money_flows_go_through(client, investigator, account, flow):
    client.force_login(investigator)
    response = client.post(reverse("investigations:seizure-delete", kwargs={"seizure_id": account.pk}), follow=True)
    assert "Money flows go through this account" in response.content.decode()
    assert account.__class__.objects.filter(pk=account.pk).exists()


@pytest.mark.parametrize("name", ["arrest", "account", "flow", "investigation"])
def test_a_deleter_deletes_from_the_confirmation_page(client, investigator, arrest, flow, name, request):
    item = request.getfixturevalue(name)
    if name == "account":
        flow.delete()
    url_name, key = {
        "arrest": ("arrest-delete", "arrest_id"),
        "account": ("seizure-delete", "seizure_id"),
        "flow": ("flow-delete", "flow_id"),
        "investigation": ("investigation-delete", "investigation_id"),
    }[name]
    client.force_login(investigator)
    response = client.post(reverse(f"investigations:{url_name}", kwargs={key: item.pk}))
    assert response.status_code == 302
    assert not type(item).objects.filter(pk=item.pk).exists()


def test_a_clerk_cannot_delete(client, clerk, investigation):
    client.force_login(clerk)
    url = reverse("investigations:investigation-delete", kwargs={"investigation_id": investigation.pk})
    assert client.post(url).status_code == 403
    assert Investigation.objects.filter(pk=investigation.pk).exists()


def test_the_case_page_shows_the_summary_in_few_queries(
    client, investigator, case, arrest, flow, django_assert_max_num_queries
):
    from vigie.investigations.selectors import investigations_summary

    with django_assert_max_num_queries(2):
        summary = investigations_summary(case)
    assert summary.investigations == 1
    assert summary.arrests == 1
    [amount] = summary.amounts
    assert (amount.currency, amount.frozen, amount.seized) == ("XOF", Decimal("750000"), Decimal(0))
    client.force_login(investigator)
    html = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "1 investigation" in html
    assert "1 arrest" in html
    assert reverse("investigations:case", kwargs={"case_id": case.pk}) in html


def test_a_released_asset_is_not_counted_as_held(investigator, account):
    from vigie.investigations import services
    from vigie.investigations.selectors import investigations_summary

    services.update_seizure(
        actor=investigator, seizure=account, expected_version=1, released_on=datetime.date(2025, 9, 1)
    )
    assert investigations_summary(account.investigation.case).amounts == []


def test_the_case_page_has_no_summary_for_a_case_worker(client, case_worker, case, investigation):
    client.force_login(case_worker)
    html = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert reverse("investigations:case", kwargs={"case_id": case.pk}) not in html
