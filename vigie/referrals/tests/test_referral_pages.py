import datetime

import pytest
from django.urls import reverse

from vigie.accounts.models import Membership
from vigie.audit.models import AuditEvent
from vigie.referrals.models import Referral, ServiceDelivery, ServiceProvider

pytestmark = pytest.mark.django_db


def test_the_receiver_sees_sex_age_and_services_but_not_the_name_until_accepted(client, referral, shelter_worker):
    client.force_login(shelter_worker)
    url = reverse("referrals:referral-detail", kwargs={"referral_id": referral.pk})
    page = client.get(url).content.decode()
    assert "Kouyaté".upper() not in page and "Aïssata" not in page
    assert "Female" in page and "Shelter" in page
    assert not AuditEvent.objects.filter(action="referral.viewed").exists()
    response = client.post(reverse("referrals:referral-accept", kwargs={"referral_id": referral.pk}), {"version": 1})
    assert response.status_code == 302
    assert "Aïssata" in client.get(url).content.decode()
    assert AuditEvent.objects.get(action="referral.viewed").actor == shelter_worker


def test_the_receiver_does_not_see_the_rest_of_the_case(client, referral, shelter_worker):
    client.force_login(shelter_worker)
    assert client.get(reverse("cases:detail", kwargs={"case_id": referral.case_id})).status_code == 404
    assert client.get(reverse("referrals:case", kwargs={"case_id": referral.case_id})).status_code == 404


def test_a_decline_without_reason_is_refused_beside_the_field(client, referral, shelter_worker):
    client.force_login(shelter_worker)
    url = reverse("referrals:referral-decline", kwargs={"referral_id": referral.pk})
    response = client.post(url, {"version": 1, "reason": ""})
    assert response.status_code == 200 and "Say why" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == "proposed"


def test_a_stale_answer_is_refused_with_a_clear_message(client, referral, shelter_worker, case_worker):
    client.force_login(case_worker)
    client.post(
        reverse("referrals:referral-withdraw", kwargs={"referral_id": referral.pk}), {"version": 1, "reason": "Rentrée"}
    )
    client.force_login(shelter_worker)
    response = client.post(reverse("referrals:referral-accept", kwargs={"referral_id": referral.pk}), {"version": 1})
    assert "cannot become" in response.content.decode()


def test_the_case_worker_proposes_a_referral_from_the_form(client, case, case_worker, adult, provider):
    client.force_login(case_worker)
    url = reverse("referrals:referral-add", kwargs={"case_id": case.pk})
    data = {"participant": adult.pk, "to_provider": provider.pk, "services": ["shelter"], "urgency": "routine"}
    assert client.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(action="referral.proposed").exists()


def test_the_form_says_what_is_missing_for_a_child(client, case, case_worker, child, provider):
    client.force_login(case_worker)
    url = reverse("referrals:referral-add", kwargs={"case_id": case.pk})
    data = {"participant": child.pk, "to_provider": provider.pk, "services": ["shelter"], "urgency": "routine"}
    assert "best-interests decision" in client.post(url, data).content.decode()


def test_the_case_page_lists_referrals_and_services_in_few_queries(
    client, case, case_worker, referral, adult, django_assert_max_num_queries
):
    for day in range(1, 6):
        ServiceDelivery.objects.create(
            case=case, participant=adult, kind="medical", started_on=datetime.date(2025, 4, day)
        )
    client.force_login(case_worker)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("referrals:case", kwargs={"case_id": case.pk}))
    assert response.status_code == 200 and response.content.decode().count("Medical care") == 5


def test_the_case_page_summary_counts_in_few_queries(
    client, case, case_worker, referral, django_assert_max_num_queries
):
    client.force_login(case_worker)
    response = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert "Referrals waiting for an answer: 1" in response.content.decode()
    from django.template import Context, Template

    from vigie.cases.selectors import case_page

    template = Template("{% load referrals_tags %}{% referrals_summary %}")
    context = Context({"page": case_page(case)})
    with django_assert_max_num_queries(2):
        template.render(context)


def test_the_directory_filters_by_kind_and_people_served(client, case_worker, provider):
    client.force_login(case_worker)
    url = reverse("referrals:directory")
    name = "accueil de Zinder"
    assert name in client.get(url, {"kind": "shelter", "people": "children"}).content.decode()
    assert name not in client.get(url, {"kind": "legal_aid"}).content.decode()
    assert name not in client.get(url, {"people": "men"}).content.decode()
    assert name not in client.get(url, {"country": "NG"}).content.decode()


def test_the_directory_is_hidden_from_roles_that_see_aggregates_only(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("referrals:directory")).status_code == 403


def test_a_member_of_one_agency_adds_a_provider_without_choosing_the_agency(client, case_worker, anltp):
    client.force_login(case_worker)
    url = reverse("referrals:provider-add")
    assert "maintained_by" not in client.get(url).context["form"].fields
    body = {"name": "Clinique (démo)", "kinds": ["medical"], "country": "NE", "people_served": ["women"]}
    assert client.post(url, body).status_code == 302
    assert ServiceProvider.objects.get().maintained_by == anltp


def test_a_member_of_several_agencies_chooses_the_one_that_maintains_the_entry(client, case_worker, anltp, shelter_ngo):
    Membership.objects.create(user=case_worker, agency=shelter_ngo, role="case_worker")
    client.force_login(case_worker)
    url = reverse("referrals:provider-add")
    body = {"name": "Clinique (démo)", "kinds": ["medical"], "country": "NE", "people_served": ["women"]}
    assert "maintained_by" in client.post(url, body).context["form"].errors
    assert client.post(url, {**body, "maintained_by": shelter_ngo.pk}).status_code == 302
    assert ServiceProvider.objects.get().maintained_by == shelter_ngo
