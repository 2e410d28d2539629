from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Event
from vigie.cases.services import record_event_in_case
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db


def record(case, actor, **values):
    return record_event_in_case(actor=actor, case=case, **({"kind": Event.Kind.RECRUITMENT} | values))


@pytest.mark.parametrize("date", ["2021", "2021-03", "2021-03-12", "2024-02-29", ""])
def test_it_accepts_a_date_known_to_the_year_month_or_day_or_unknown(case, clerk, date):
    event = record(case, clerk, date=date)
    assert Event.objects.get(pk=event.pk).date == date


@pytest.mark.parametrize(
    "date", ["2021-13", "2021-00", "2021-02-30", "2023-02-29", "21", "2021-3", "12/03/2021", "1850"]
)
def test_it_refuses_a_date_that_does_not_exist_or_is_badly_written(case, clerk, date):
    with pytest.raises(ValidationError) as error:
        record(case, clerk, date=date)
    assert "date" in error.value.message_dict
    assert not Event.objects.exists()


def test_it_keeps_the_place_and_its_coordinates(case, clerk):
    event = record(
        case, clerk, country_id="NE", locality="Zinder", latitude=Decimal("13.80716"), longitude=Decimal("8.98810")
    )
    saved = Event.objects.get(pk=event.pk)
    assert (saved.latitude, saved.longitude) == (Decimal("13.80716"), Decimal("8.98810"))
    assert saved.place_label().startswith("Zinder")


@pytest.mark.parametrize("coordinates", [{"latitude": Decimal("13.8")}, {"longitude": Decimal("8.9")}])
def test_it_refuses_one_coordinate_without_the_other(case, clerk, coordinates):
    with pytest.raises(ValidationError) as error:
        record(case, clerk, **coordinates)
    assert "longitude" in error.value.message_dict
    assert not Event.objects.exists()


@pytest.mark.parametrize("coordinates", [{"latitude": 91, "longitude": 0}, {"latitude": 0, "longitude": -181}])
def test_it_refuses_coordinates_off_the_globe(case, clerk, coordinates):
    with pytest.raises(ValidationError):
        record(case, clerk, **coordinates)


def test_it_links_the_people_involved(case, clerk, victim):
    event = record(case, clerk, participants=[victim])
    assert list(event.participants.all()) == [victim]


def test_it_refuses_people_of_another_case_and_saves_nothing(case, anltp, clerk):
    stranger = make_participant(make_case(anltp, clerk), clerk)
    with pytest.raises(ValidationError) as error:
        record(case, clerk, participants=[stranger])
    assert "participants" in error.value.message_dict
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EVENT_RECORDED).exists()


def test_it_writes_its_audit_event(case, clerk, victim):
    event = record(case, clerk, date="2021-03", participants=[victim])
    audit = AuditEvent.objects.get(action=AuditEvent.Action.EVENT_RECORDED)
    assert (audit.actor, audit.target_id, audit.target_label) == (clerk, str(event.pk), case.reference)
    assert audit.changes["date"] == {"old": None, "new": "2021-03"}
    assert audit.changes["participants"] == {"old": None, "new": [victim.pk]}
