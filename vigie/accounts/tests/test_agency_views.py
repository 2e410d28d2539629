import pytest
from django.urls import reverse

from vigie.accounts.models import Agency

pytestmark = pytest.mark.django_db


def test_a_system_admin_lists_agencies_filtered_by_country_and_kind(client, sysadmin, anltp, naptip):
    Agency.objects.create(code="CAVNIA", name="Centre", country_id="NE", kind=Agency.Kind.NGO)
    client.force_login(sysadmin)
    url = reverse("accounts:agency-list")
    assert {a.code for a in client.get(url).context["agencies"]} == {"ANLTP", "NAPTIP", "CAVNIA"}
    assert {a.code for a in client.get(url, {"country": "NE"}).context["agencies"]} == {"ANLTP", "CAVNIA"}
    assert {a.code for a in client.get(url, {"country": "NE", "kind": "ngo"}).context["agencies"]} == {"CAVNIA"}


def test_an_agency_admin_sees_only_their_agency(client, agency_admin, anltp, naptip):
    client.force_login(agency_admin)
    assert [a.code for a in client.get(reverse("accounts:agency-list")).context["agencies"]] == ["ANLTP"]


def test_a_system_admin_creates_an_agency_then_adds_its_members(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        reverse("accounts:agency-create"), {"country": "BF", "code": "CNLTP", "name": "Comité national", "kind": "ngo"}
    )
    agency = Agency.objects.get(code="CNLTP")
    assert response.url == reverse("accounts:members", args=[agency.pk])
    assert agency.country_id == "BF"


def test_a_bad_agency_code_is_explained_next_to_the_field(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        reverse("accounts:agency-create"), {"country": "BF", "code": "cn ltp", "name": "Comité", "kind": "ngo"}
    )
    assert "code" in response.context["form"].errors
    assert not Agency.objects.filter(name="Comité").exists()


def test_a_system_admin_edits_an_agency_and_a_stale_edit_is_refused(client, sysadmin, anltp):
    client.force_login(sysadmin)
    url = reverse("accounts:agency-edit", args=[anltp.pk])
    assert client.post(url, {"name": "ANLTP/TIM", "kind": "national_authority", "version": "1"}).status_code == 302
    response = client.post(url, {"name": "Autre", "kind": "police", "version": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Agency.objects.get(pk=anltp.pk).name == "ANLTP/TIM"


def test_an_agency_admin_cannot_edit_their_agency(client, agency_admin, anltp):
    client.force_login(agency_admin)
    response = client.post(
        reverse("accounts:agency-edit", args=[anltp.pk]), {"name": "X", "kind": "police", "version": "1"}
    )
    assert response.status_code == 403
