"""/api/v1/cases/{id}/participants/ and /api/v1/participants/{id}/: the people of a case and their roles."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import update_participant
from vigie.conftest import make_case, make_participant
from vigie.people.models import Person

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
Role = Participant.Role


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def list_url(case):
    return reverse("api:case-participants", kwargs={"case_id": case.pk})


def detail_url(participant):
    return reverse("api:participant-detail", kwargs={"participant_id": participant.pk})


def test_it_lists_the_people_of_a_case(victim, clerk, investigator):
    suspect = make_participant(victim.case, investigator, role=Role.SUSPECT, given_names="Ibrahim", family_name="Issa")
    response = api(clerk).get(list_url(victim.case))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["id"], r["role"]) for r in rows] == [(suspect.pk, "suspect"), (victim.pk, "victim")]
    assert rows[1]["person"]["full_name"] == "Aïssata KOUYATÉ"
    # Names of the people in a case: the look is on the record, as for the case page.
    assert AuditEvent.objects.filter(action=Action.CASE_VIEWED, actor=clerk, target_id=str(victim.case_id)).exists()


def test_it_adds_a_new_person_and_audits_both(case, clerk):
    response = api(clerk).post(
        list_url(case),
        {
            "role": "presumed_victim",
            "forms_of_exploitation": ["forced_begging"],
            "new_person": {"given_names": "Moussa", "family_name": "Diallo", "sex": "male", "nationalities": ["ML"]},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    participant = Participant.objects.get(pk=response.json()["id"])
    assert participant.person.full_name == "Moussa DIALLO"
    assert [c.pk for c in participant.person.nationalities.all()] == ["ML"]
    assert participant.person.recorded_by_agency_id == case.agency_id
    actions = set(AuditEvent.objects.filter(actor=clerk).values_list("action", flat=True))
    assert {Action.PERSON_CREATED, Action.PARTICIPANT_ADDED} <= actions


def test_it_adds_a_person_already_in_the_register_in_a_new_role(anltp, victim, investigator, clerk):
    other_case = make_case(anltp, investigator)
    response = api(clerk).post(list_url(other_case), {"person": victim.person_id, "role": "witness"}, format="json")
    assert response.status_code == 201, response.json()
    assert Participant.objects.get(pk=response.json()["id"]).person == victim.person


def test_it_wants_either_a_person_or_a_new_person(case, victim, clerk):
    neither = api(clerk).post(list_url(case), {"role": "witness"}, format="json")
    both = api(clerk).post(
        list_url(case),
        {"role": "witness", "person": victim.person_id, "new_person": {"family_name": "Diallo"}},
        format="json",
    )
    assert neither.status_code == both.status_code == 400
    assert "person" in neither.json()


def test_a_person_the_user_may_not_see_is_not_found(case, clerk, naptip, outsider):
    hidden = make_participant(make_case(naptip, outsider), outsider, given_names="Chidi", family_name="Okafor")
    response = api(clerk).post(list_url(case), {"person": hidden.person_id, "role": "witness"}, format="json")
    assert response.status_code == 400
    assert "person" in response.json()
    assert "Okafor" not in response.text
    assert not case.participants.exists()


def test_a_smuggled_migrant_cannot_be_the_smuggler_of_his_own_case(case, investigator, clerk):
    migrant = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Ali", family_name="Bako")
    response = api(clerk).post(
        list_url(case),
        {"person": migrant.person_id, "role": "suspect", "suspect_role": "smuggler"},
        format="json",
    )
    assert response.status_code == 400
    assert "Smuggling of Migrants (art. 5)" in response.json()["role"][0]
    assert case.participants.count() == 1


def test_a_refused_role_saves_no_new_person(case, clerk):
    response = api(clerk).post(
        list_url(case), {"role": "suspect", "new_person": {"family_name": "Diallo"}}, format="json"
    )
    assert response.status_code == 400
    assert "suspect_role" in response.json()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.PERSON_CREATED).exists()


def test_a_new_persons_errors_are_given_under_new_person(case, clerk):
    by_serializer = api(clerk).post(
        list_url(case), {"role": "presumed_victim", "new_person": {"date_of_birth": "12/03/2009"}}, format="json"
    )
    by_service = api(clerk).post(
        list_url(case), {"role": "presumed_victim", "new_person": {"sex": "female"}}, format="json"
    )
    assert by_serializer.status_code == by_service.status_code == 400
    assert "date_of_birth" in by_serializer.json()["new_person"]
    assert by_service.json() == {"new_person": {"family_name": ["Enter at least a given name or a family name."]}}
    assert not Person.objects.exists()


def test_it_corrects_a_role_and_audits_it(victim, clerk):
    version = victim.version
    response = api(clerk).patch(
        detail_url(victim), {"version": version, "means_of_control": ["debt_bondage"], "sector": "A"}, format="json"
    )
    assert response.status_code == 200, response.json()
    victim.refresh_from_db()
    assert (victim.means_of_control, victim.sector, victim.version) == (["debt_bondage"], "A", version + 1)
    assert AuditEvent.objects.filter(action=Action.PARTICIPANT_UPDATED, actor=clerk).exists()


def test_a_stale_correction_gets_409_and_overwrites_nothing(victim, investigator, clerk):
    opened_at = victim.version
    update_participant(actor=investigator, participant=victim, expected_version=opened_at, notes="Entendue le 3 mars")
    response = api(clerk).patch(detail_url(victim), {"version": opened_at, "notes": "Autre note"}, format="json")
    assert response.status_code == 409
    victim.refresh_from_db()
    assert victim.notes == "Entendue le 3 mars"


def test_a_data_clerk_cannot_remove_a_person(victim, clerk):
    assert api(clerk).delete(detail_url(victim)).status_code == 403
    assert Participant.objects.filter(pk=victim.pk).exists()


def test_an_investigator_removes_a_person_and_keeps_the_record(victim, investigator):
    assert api(investigator).delete(detail_url(victim)).status_code == 204
    assert not Participant.objects.filter(pk=victim.pk).exists()
    assert Person.objects.filter(pk=victim.person_id).exists()
    assert AuditEvent.objects.filter(action=Action.PARTICIPANT_REMOVED, actor=investigator).exists()


def test_an_outsider_gets_404(victim, outsider):
    assert api(outsider).get(list_url(victim.case)).status_code == 404
    assert api(outsider).patch(detail_url(victim), {"version": 1}, format="json").status_code == 404


def test_an_analyst_gets_403_and_never_a_name(victim, analyst):
    response = api(analyst).get(list_url(victim.case))
    assert response.status_code == 403
    assert "KOUYAT" not in response.text
