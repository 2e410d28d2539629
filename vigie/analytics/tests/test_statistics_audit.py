"""Every view of statistics is on the audit trail, with its filters: the page, its CSV downloads and the API.
Protection cannot stop two overlapping views from being subtracted (docs/statistics.md): the trail shows who
asked for which."""

import pytest
from django.test import Client
from django.urls import reverse

from vigie.accounts.models import User
from vigie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
VIEWED = AuditEvent.Action.STATISTICS_VIEWED


def events() -> list[tuple[str, str, dict[str, str], bool]]:
    return [
        (e.actor_username, e.changes["figures"], e.changes["filters"], e.changes["protected"])
        for e in AuditEvent.objects.filter(action=VIEWED).order_by("pk")
    ]


def test_the_page_and_its_csv_are_recorded_with_their_filters(client, analyst):
    client.force_login(analyst)
    client.get(reverse("analytics:overview"), {"year_from": "2020", "year_to": "2022"})
    client.get(reverse("analytics:figure-csv", kwargs={"panel": "victims_by_year"}), {"year_from": "2021"})

    assert events() == [
        ("analyst-anltp", "dashboard", {"year_from": "2020", "year_to": "2022"}, True),
        ("analyst-anltp", "dashboard:victims_by_year.csv", {"year_from": "2021"}, True),
    ]


def test_every_statistics_api_request_is_recorded(analyst, investigator):
    client = Client()
    client.force_login(analyst)
    client.get("/api/v1/statistics/victims/", {"by": "sex", "from": "2023"})
    client.get("/api/v1/statistics/justice/", {"by": "stage"})
    client.force_login(investigator)
    client.get("/api/v1/statistics/flows/")

    assert events() == [
        ("analyst-anltp", "api:statistics-victims", {"by": "sex", "from": "2023"}, True),
        ("analyst-anltp", "api:statistics-justice", {"by": "stage"}, True),
        ("investigator-anltp", "api:statistics-flows", {}, False),
    ]


def test_a_refused_request_is_not_recorded_as_a_view(client, db):
    client.force_login(User.objects.create_user(username="nobody", password="x"))  # no role anywhere
    assert client.get(reverse("analytics:overview")).status_code == 403
    assert Client().get("/api/v1/statistics/victims/", {"by": "sex"}).status_code in (401, 403)
    assert events() == []


def test_a_long_filter_is_cut_and_their_number_limited(client, analyst):
    client.force_login(analyst)
    query = {f"p{n:02}": "v" * 500 for n in range(30)}
    client.get(reverse("analytics:overview"), query)

    [(_who, _figures, filters, _protected)] = events()
    assert len(filters) == 20
    assert {len(value) for value in filters.values()} == {100}
