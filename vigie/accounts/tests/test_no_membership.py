"""A person whose memberships have all ended keeps their account but sees nothing."""

import pytest
from django.urls import reverse

from vigie.accounts import permissions, services
from vigie.analytics.selectors import countable_cases
from vigie.cases.access import cases_visible_to
from vigie.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def former_investigator(agency_admin, investigator, anltp):
    make_case(anltp, investigator)
    services.end_membership(actor=agency_admin, membership=investigator.memberships.get(), expected_version=1)
    investigator.refresh_from_db()
    return investigator


def test_the_access_code_gives_nothing(former_investigator):
    assert permissions.grants(former_investigator) == []
    assert not cases_visible_to(former_investigator).exists()
    assert not countable_cases(former_investigator).exists()
    assert not permissions.can_view_statistics(former_investigator)
    assert not permissions.can_read_audit(former_investigator)


def test_the_pages_and_the_api_give_nothing(client, former_investigator, case):
    client.force_login(former_investigator)
    assert client.get(reverse("cases:home")).url == reverse("accounts:me")
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code in (403, 404)
    assert client.get(reverse("analytics:overview")).status_code == 403
    assert client.get(reverse("audit:search")).status_code == 403
    assert client.get("/api/v1/cases/").status_code == 403
    assert "no role in any agency" in client.get(reverse("accounts:me"), HTTP_ACCEPT_LANGUAGE="en").text
