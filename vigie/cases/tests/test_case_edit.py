import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.services import share_case, update_case
from vigie.concurrency import StaleEditError

pytestmark = pytest.mark.django_db

FRENCH_CATALOG_COMPILED = any(
    (Path(path) / "fr" / "LC_MESSAGES" / "django.mo").exists() for path in settings.LOCALE_PATHS
)


def url(case):
    return reverse("cases:edit", kwargs={"case_id": case.pk})


def form_data(case, **changes):
    return {
        "title": case.title,
        "offences": ["tip"],
        "country": case.country_id,
        "opened_on": case.opened_on.isoformat(),
        "reported_on": "",
        "narrative": case.narrative,
        "version": case.version,
    } | changes


@pytest.mark.parametrize("role", ["clerk", "case_worker", "investigator"])
def test_register_roles_may_correct_a_case(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(case), form_data(case, title="Travail forcé, Agadez", offences=["tip", "som"]))
    assert response.status_code == 302
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.version) == ("Travail forcé, Agadez", 2)
    assert sorted(saved.offences.values_list("offence", flat=True)) == ["som", "tip"]


def test_the_form_starts_from_the_saved_values_and_version(client, clerk, case):
    client.force_login(clerk)
    form = client.get(url(case)).context["form"]
    assert (form.initial["title"], form.initial["version"], form.initial["offences"]) == (case.title, 1, ["tip"])


def test_a_stale_save_is_refused_and_the_first_users_values_are_kept(client, clerk, investigator, case):
    client.force_login(clerk)
    opened_at_version = client.get(url(case)).context["form"].initial["version"]
    update_case(actor=investigator, case=case, expected_version=1, title="Version de l'enquêteur")
    response = client.post(url(case), form_data(case, title="Version du greffier", version=opened_at_version))
    assert response.status_code == 200
    assert escape(str(StaleEditError().messages[0])) in response.text
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.version) == ("Version de l'enquêteur", 2)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_UPDATED).count() == 1


def test_a_save_without_version_is_refused(client, clerk, case):
    client.force_login(clerk)
    data = form_data(case, title="Sans version")
    del data["version"]
    assert client.post(url(case), data).status_code == 200
    assert Case.objects.get(pk=case.pk).title == case.title


def test_errors_are_shown_next_to_their_field_in_french_by_default(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(case, offences=[], opened_on=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"offences", "opened_on"}
    assert errors["opened_on"] == ["Ce champ est obligatoire."]
    assert 'lang="fr"' in response.text
    assert Case.objects.get(pk=case.pk).version == 1


def test_errors_are_shown_in_english_when_the_user_chose_english(client, clerk, case):
    client.force_login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url(case), form_data(case, opened_on="", reported_on="2025-04-01"))
    assert response.context["form"].errors["opened_on"] == ["This field is required."]
    response = client.post(url(case), form_data(case, reported_on="2025-04-01"))
    assert response.context["form"].errors["reported_on"] == ["The report date cannot be after the opening date."]


def test_errors_are_shown_in_english_when_the_browser_asks_for_english(client, clerk, case):
    client.force_login(clerk)
    response = client.post(url(case), form_data(case, opened_on=""), headers={"accept-language": "en"})
    assert response.context["form"].errors["opened_on"] == ["This field is required."]


# French wording of vigie's own messages: needs the compiled catalogue (`make compilemessages`).
@pytest.mark.skipif(not FRENCH_CATALOG_COMPILED, reason="vigie/locale/fr is not compiled")
def test_vigies_own_messages_are_in_french_by_default(client, clerk, case):
    with translation.override("fr"):
        expected = translation.gettext("The report date cannot be after the opening date.")
    assert expected != "The report date cannot be after the opening date."
    client.force_login(clerk)
    response = client.post(url(case), form_data(case, reported_on=(case.opened_on + datetime.timedelta(1)).isoformat()))
    assert response.context["form"].errors["reported_on"] == [expected]


def test_the_other_agency_may_correct_a_shared_case(client, case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes")
    client.force_login(outsider)
    assert client.post(url(case), form_data(case, narrative="Complété par NAPTIP")).status_code == 302
    assert Case.objects.get(pk=case.pk).narrative == "Complété par NAPTIP"


@pytest.mark.parametrize("role", ["outsider", "analyst", "coordinator", "sysadmin"])
def test_others_are_told_the_case_does_not_exist_and_change_nothing(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(case), form_data(case, title="Piraté")).status_code == 404
    assert Case.objects.get(pk=case.pk).title == case.title
