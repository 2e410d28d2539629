import pytest
from django.urls import reverse
from django.utils import translation

from vigie.accounts.models import Membership
from vigie.audit.models import AuditEvent
from vigie.conftest import make_member
from vigie.screening.forms import answer_field, note_field
from vigie.screening.indicators import INDICATORS, Indicator
from vigie.screening.models import Screening
from vigie.screening.services import record_screening
from vigie.screening.tests.conftest import SCREENED_ON, yes_to

I = Indicator  # noqa: E741


def form_data(**overrides) -> dict[str, str]:
    data = {"screened_on": "2025-03-14", "place": "Commissariat central", "language": "Hausa"}
    for spec in INDICATORS:
        data[answer_field(spec.code.value)] = "unknown"
        data[note_field(spec.code.value)] = ""
    return data | overrides


@pytest.fixture
def screening(child, case_worker) -> Screening:
    return record_screening(
        actor=case_worker, participant=child, screened_on=SCREENED_ON, answers=yes_to(I.BEGGING_FOR_OTHERS)
    )


def test_the_form_groups_the_indicators_in_fieldsets_with_radios(client, case_worker, adult):
    client.force_login(case_worker)
    page = client.get(reverse("screening:add", args=[adult.pk])).content.decode()
    assert page.count("<fieldset") >= 5  # the interview, then one per group of indicators
    assert "Recruitment and journey" in page and "Forms of exploitation" in page
    assert 'type="radio"' in page and "Unknown" in page
    assert "Was the person deceived about the nature of the work" in page


def test_the_form_is_in_french_by_default(client, case_worker, adult, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(case_worker)
    with translation.override("fr"):
        page = client.get(reverse("screening:add", args=[adult.pk]), headers={"accept-language": "fr"})
    content = page.content.decode()
    assert "Abus de vulnérabilité" in content
    assert "Recrutement et voyage" in content
    assert "Inconnu" in content


def test_posting_records_the_screening_and_shows_its_proposal(client, case_worker, adult):
    client.force_login(case_worker)
    data = form_data(**{answer_field(I.ABDUCTED.value): "yes", answer_field(I.SEXUAL_EXPLOITATION.value): "yes"})
    response = client.post(reverse("screening:add", args=[adult.pk]), data)
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:detail", args=[screening.pk])
    assert screening.place == "Commissariat central"
    page = client.get(response["Location"]).content.decode()
    assert "Presumed victim of trafficking" in page
    assert "Refer to protection and assistance services" in page
    assert reverse("cases:identification-propose", args=[adult.pk]) in page
    assert "means.abduction" in page and "purposes.sexual_exploitation" in page


def test_a_missing_date_is_shown_next_to_the_field(client, case_worker, adult):
    client.force_login(case_worker)
    response = client.post(reverse("screening:add", args=[adult.pk]), form_data(screened_on=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Screening.objects.exists()


def test_the_detail_of_a_child_proposes_child_protection_and_is_audited(client, investigator, screening):
    client.force_login(investigator)
    page = client.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    assert "Refer to child protection at once" in page
    assert "Presumed victim of trafficking" in page
    # The investigator does not see the assistance part: no button to the referral form.
    assert reverse("referrals:referral-add", args=[screening.case_id]) not in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCREENING_VIEWED, actor=investigator).exists()


def test_the_case_worker_gets_the_button_to_refer(client, case_worker, screening):
    client.force_login(case_worker)
    page = client.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    assert reverse("referrals:referral-add", args=[screening.case_id]) in page


def test_the_detail_in_french(client, case_worker, screening, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(case_worker)
    with translation.override("fr"):
        page = client.get(reverse("screening:detail", args=[screening.pk]), headers={"accept-language": "fr"})
    assert "Orienter sans délai vers la protection de l&#x27;enfance" in page.content.decode()


def test_correcting_a_stale_screening_is_refused_with_a_message(client, case_worker, screening):
    client.force_login(case_worker)
    url = reverse("screening:edit", args=[screening.pk])
    client.post(url, form_data(version="1", place="Maradi"))
    response = client.post(url, form_data(version="1", place="Tahoua"))
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    screening.refresh_from_db()
    assert (screening.place, screening.version) == ("Maradi", 2)


def test_the_list_shows_a_persons_screenings(client, case_worker, screening, child):
    client.force_login(case_worker)
    page = client.get(reverse("screening:list", args=[child.pk])).content.decode()
    assert reverse("screening:detail", args=[screening.pk]) in page


def test_the_case_page_links_each_person_to_the_screening(client, investigator, screening, child, adult):
    client.force_login(investigator)
    page = client.get(reverse("cases:detail", args=[child.case_id])).content.decode()
    assert "Victim identification screening" in page
    assert reverse("screening:add", args=[adult.pk]) in page
    assert reverse("screening:detail", args=[screening.pk]) in page


@pytest.mark.parametrize("role", [Membership.Role.ANALYST, Membership.Role.NATIONAL_COORDINATOR])
def test_roles_that_see_aggregates_only_never_reach_a_screening(client, anltp, screening, role):
    client.force_login(make_member(anltp, role))
    assert client.get(reverse("screening:detail", args=[screening.pk])).status_code == 404


def test_another_agency_does_not_learn_that_the_screening_exists(client, outsider, screening):
    client.force_login(outsider)
    assert client.get(reverse("screening:detail", args=[screening.pk])).status_code == 404
    assert client.get(reverse("screening:add", args=[screening.participant_id])).status_code == 404
