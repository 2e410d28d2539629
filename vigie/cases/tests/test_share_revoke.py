import pytest
from django.urls import reverse

from vigie.cases.models import CaseShare
from vigie.cases.services import share_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def share(case, investigator, naptip):
    return share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")


def url(share):
    return reverse("cases:share-revoke", kwargs={"share_id": share.pk})


def test_it_revokes_the_sharing_and_the_other_agency_loses_the_case(client, investigator, outsider, case, share):
    client.force_login(investigator)
    assert client.post(url(share)).status_code == 302
    assert not CaseShare.objects.active().exists()
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).status_code == 404


def test_revoking_twice_tells_the_user(client, investigator, share):
    client.force_login(investigator)
    client.post(url(share), follow=True)
    response = client.post(url(share), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_it_refuses_get(client, investigator, share):
    client.force_login(investigator)
    assert client.get(url(share)).status_code == 405
    assert CaseShare.objects.active().exists()


@pytest.mark.parametrize("role", ["clerk", "case_worker", "outsider"])
def test_only_deciding_roles_of_the_lead_agency_revoke(client, request, share, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(share)).status_code == 403
    assert CaseShare.objects.active().exists()
