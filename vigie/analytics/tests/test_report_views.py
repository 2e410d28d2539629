"""GET /statistics/report.pdf: the PDF of the cases the user may count, audited as an export."""

import pytest
from django.urls import reverse

from vigie.accounts.models import User
from vigie.analytics.tests.report_support import pdf_text, report_register  # noqa: F401
from vigie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("analytics:report")


@pytest.mark.usefixtures("report_register")
def test_it_sends_the_pdf_and_audits_it(client, analyst):
    client.force_login(analyst)

    response = client.get(URL, {"country": "NE", "year": "2024", "lang": "fr"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="vigie-NE-2024-fr.pdf"'
    text = pdf_text(response.content)
    assert "Victimes détectées 16\n" in text
    assert "Garçons <5\n" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == analyst
    assert event.changes["kind"] == "report-pdf"
    assert (event.changes["country"], event.changes["year"], event.changes["language"]) == ("NE", 2024, "fr")


@pytest.mark.usefixtures("report_register")
def test_it_counts_only_the_cases_the_user_may_count(client, outsider):
    client.force_login(outsider)

    response = client.get(URL, {"country": "NE", "year": "2024", "lang": "en"})

    text = pdf_text(response.content)
    assert "Victims detected 0\n" in text
    assert f"the cases of this register that {outsider.username} may count" in text.replace("\n", " ")
    # Nigeria's own victims are on NAPTIP's map.
    assert "Nigeria 8\n" in text


def test_a_report_that_cannot_be_made_is_a_400_in_the_language_asked_for(client, analyst):
    client.force_login(analyst)

    response = client.get(URL, {"country": "XX", "year": "2024", "lang": "fr"})

    assert response.status_code == 400
    assert "Pays inconnu XX" in response.content.decode()
    assert "Unknown country XX" in client.get(URL, {"country": "XX", "year": "2024", "lang": "en"}).content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_it_needs_a_role_that_sees_statistics(client, db):
    client.force_login(User.objects.create_user(username="no-role", password="x" * 20))

    assert client.get(URL, {"country": "NE", "year": "2024", "lang": "en"}).status_code == 403
