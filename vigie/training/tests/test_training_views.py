import pytest
from django.urls import reverse

from vigie.accounts.models import Membership
from vigie.conftest import make_member
from vigie.training.models import Attempt
from vigie.training.services import record_attempt

pytestmark = pytest.mark.django_db

GOLD_SITE = "gold-site-burkina"  # Issa, 15 (tip) and Adama, 24 (neither)


def test_the_list_shows_every_scenario_with_the_users_best_score(client, analyst):
    record_attempt(actor=analyst, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "som"})
    record_attempt(actor=analyst, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    client.force_login(analyst)
    response = client.get(reverse("training:scenarios"))
    rows = {scenario.id: best for scenario, best in response.context["rows"]}
    assert len(rows) >= 30 and rows[GOLD_SITE] == 100 and rows["talibe-saint-louis"] is None
    assert "Un site d&#x27;orpaillage près de Kaya" in response.text


def test_the_scenario_page_asks_one_question_per_person(client, investigator):
    client.force_login(investigator)
    page = client.get(reverse("training:scenario", kwargs={"scenario_id": GOLD_SITE}), HTTP_ACCEPT_LANGUAGE="en").text
    assert "A gold-mining site near Kaya" in page and "Adama, 24" in page
    assert page.count("<fieldset") == 2 and page.count('type="radio"') == 8


def test_answering_shows_right_and_wrong_with_the_engines_reasons(client, investigator):
    client.force_login(investigator)
    url = reverse("training:scenario", kwargs={"scenario_id": GOLD_SITE})
    response = client.post(url, {"person_0": "tip", "person_1": "som"})
    attempt = Attempt.objects.get(user=investigator)
    assert response.status_code == 302 and response.url == reverse(
        "training:attempt", kwargs={"attempt_id": attempt.pk}
    )
    page = client.get(response.url).text
    assert "1 bonne(s) réponse(s) sur 2 : 50 %." in page
    assert "Traite des personnes : établie" in page and "Trafic illicite de migrants : non établi" in page
    assert "Issa, 15 ans — juste" in page and "Adama, 24 ans — faux" in page
    assert "aucun moyen n&#x27;est exigé" in page  # the engine's reason for a child, in French


def test_the_result_is_in_english_for_an_english_reader(client, investigator):
    attempt = record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    client.force_login(investigator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("training:attempt", kwargs={"attempt_id": attempt.pk})).text
    assert "Issa, 15 — right" in page and "no means is required" in page


def test_a_missing_answer_is_asked_again(client, investigator):
    client.force_login(investigator)
    response = client.post(reverse("training:scenario", kwargs={"scenario_id": GOLD_SITE}), {"person_0": "tip"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Attempt.objects.exists()


def test_an_unknown_scenario_is_not_found(client, investigator):
    client.force_login(investigator)
    assert client.get(reverse("training:scenario", kwargs={"scenario_id": "no-such-story"})).status_code == 404


def test_nobody_reads_someone_elses_answers(client, investigator, agency_admin):
    attempt = record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    client.force_login(agency_admin)
    assert client.get(reverse("training:attempt", kwargs={"attempt_id": attempt.pk})).status_code == 404


def test_my_scores_lists_my_attempts_only(client, investigator, prosecutor):
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "som"})
    record_attempt(actor=prosecutor, scenario_id="talibe-saint-louis", answers={"v1": "tip"})
    client.force_login(investigator)
    response = client.get(reverse("training:my-scores"))
    assert [scenario.id for _attempt, scenario in response.context["attempts"]] == [GOLD_SITE]
    assert response.context["average_best"] == 50


def test_the_agency_administrator_sees_the_scores_of_the_agencys_members_only(
    client, agency_admin, investigator, clerk, outsider
):
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "som"})
    record_attempt(actor=investigator, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    record_attempt(actor=investigator, scenario_id="talibe-saint-louis", answers={"v1": "tip"})
    record_attempt(actor=outsider, scenario_id=GOLD_SITE, answers={"v1": "tip", "w1": "neither"})
    client.force_login(agency_admin)
    members = {row.user: row for row in client.get(reverse("training:agency-scores")).context["members"]}
    assert outsider not in members and clerk in members and agency_admin in members
    row = members[investigator]
    assert (row.attempts, row.scenarios_done, round(row.average_score)) == (3, 2, 83)
    assert members[clerk].attempts == 0 and members[clerk].average_score is None


def test_only_agency_administrators_see_scores(client, investigator, naptip):
    client.force_login(investigator)
    assert client.get(reverse("training:agency-scores")).status_code == 403
    other_admin = make_member(naptip, Membership.Role.AGENCY_ADMIN)
    client.force_login(other_admin)
    members = client.get(reverse("training:agency-scores")).context["members"]
    assert [row.user for row in members] == [other_admin]


def test_the_navigation_offers_training_to_every_member(client, analyst):
    client.force_login(analyst)
    assert reverse("training:scenarios") in client.get(reverse("analytics:overview")).text
