import pytest
from django.urls import reverse

from vigie.cases.models import CaseShare
from vigie.cases.services import share_case

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("cases:share", kwargs={"case_id": case.pk})


def test_it_shares_the_case_with_the_chosen_agency(client, investigator, case, naptip, outsider):
    client.force_login(investigator)
    response = client.post(url(case), {"agency": naptip.pk, "purpose": "all", "reason": "Victimes nigérianes"})
    assert response.status_code == 302
    assert CaseShare.objects.active().get().agency == naptip
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).status_code == 200


def test_it_requires_a_reason(client, investigator, case, naptip):
    client.force_login(investigator)
    response = client.post(url(case), {"agency": naptip.pk, "purpose": "all", "reason": ""})
    assert "reason" in response.context["form"].errors
    assert not CaseShare.objects.exists()


def test_sharing_twice_with_the_same_agency_is_refused_on_the_agency_field(client, investigator, case, naptip):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    client.force_login(investigator)
    response = client.post(url(case), {"agency": naptip.pk, "purpose": "all", "reason": "Encore"})
    assert "agency" in response.context["form"].errors
    assert CaseShare.objects.count() == 1


def test_the_lead_agency_is_not_offered(client, investigator, case, anltp, naptip):
    client.force_login(investigator)
    choices = client.get(url(case)).context["form"].fields["agency"].queryset
    assert list(choices) == [naptip]


@pytest.mark.parametrize("role", ["clerk", "case_worker"])
def test_data_clerks_and_case_workers_may_not_share(client, request, case, naptip, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(case), {"agency": naptip.pk, "purpose": "all", "reason": "Besoin"}).status_code == 403
    assert not CaseShare.objects.exists()
