import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import BorderCrossing, Participant
from vigie.cases.services import record_crossing
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db


def record(case, actor, **values):
    return record_crossing(actor=actor, case=case, **({"from_country_id": "NE", "to_country_id": "LY"} | values))


def test_it_records_who_crossed_where_and_how(case, clerk, victim):
    crossing = record(case, clerk, date="2022-07", border_post="Madama", documents="none", travellers=[victim])
    saved = BorderCrossing.objects.get(pk=crossing.pk)
    assert (saved.from_country_id, saved.to_country_id, saved.date, saved.documents) == ("NE", "LY", "2022-07", "none")
    assert list(saved.travellers.all()) == [victim]


def test_it_refuses_a_crossing_into_the_same_country(case, clerk):
    with pytest.raises(ValidationError) as error:
        record(case, clerk, to_country_id="NE")
    assert "to_country" in error.value.message_dict
    assert not BorderCrossing.objects.exists()


@pytest.mark.parametrize("date", ["2022-13", "2022-02-30", "22"])
def test_it_refuses_an_impossible_date(case, clerk, date):
    with pytest.raises(ValidationError) as error:
        record(case, clerk, date=date)
    assert "date" in error.value.message_dict


def test_the_entry_may_be_procured_by_a_suspect_of_the_case(case, clerk):
    smuggler = make_participant(case, clerk, role=Participant.Role.SUSPECT, given_names="Moussa", family_name="Issa")
    crossing = record(case, clerk, procured_by=smuggler)
    assert BorderCrossing.objects.get(pk=crossing.pk).procured_by == smuggler


def test_it_refuses_a_procurer_who_is_not_a_suspect(case, clerk, victim):
    with pytest.raises(ValidationError) as error:
        record(case, clerk, procured_by=victim)
    assert "procured_by" in error.value.message_dict


def test_it_refuses_a_procurer_who_is_a_suspect_of_another_case(case, anltp, clerk):
    other_case = make_case(anltp, clerk)
    smuggler = make_participant(other_case, clerk, role=Participant.Role.SUSPECT)
    with pytest.raises(ValidationError) as error:
        record(case, clerk, procured_by=smuggler)
    assert "procured_by" in error.value.message_dict
    assert not BorderCrossing.objects.exists()


def test_it_refuses_travellers_of_another_case_and_saves_nothing(case, anltp, clerk):
    stranger = make_participant(make_case(anltp, clerk), clerk)
    with pytest.raises(ValidationError):
        record(case, clerk, travellers=[stranger])
    assert not BorderCrossing.objects.exists()


def test_it_writes_its_audit_event(case, clerk):
    crossing = record(case, clerk)
    audit = AuditEvent.objects.get(action=AuditEvent.Action.CROSSING_RECORDED)
    assert (audit.actor, audit.target_id) == (clerk, str(crossing.pk))
    assert audit.changes["to_country_id"] == {"old": None, "new": "LY"}
