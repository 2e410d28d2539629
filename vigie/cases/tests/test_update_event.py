from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Event
from vigie.cases.services import record_event_in_case, update_event
from vigie.concurrency import StaleEditError

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(case, clerk):
    return record_event_in_case(actor=clerk, case=case, kind=Event.Kind.RECRUITMENT, date="2021")


def test_it_saves_and_records_what_changed(event, clerk, victim):
    update_event(actor=clerk, event=event, expected_version=1, date="2021-03", participants=[victim])
    saved = Event.objects.get(pk=event.pk)
    assert (saved.date, saved.version, list(saved.participants.all())) == ("2021-03", 2, [victim])
    audit = AuditEvent.objects.get(action=AuditEvent.Action.EVENT_UPDATED)
    assert audit.changes == {"date": {"old": "2021", "new": "2021-03"}, "participants": {"old": [], "new": [victim.pk]}}


def test_it_refuses_an_impossible_date(event, clerk):
    with pytest.raises(ValidationError):
        update_event(actor=clerk, event=event, expected_version=1, date="2021-02-30")
    assert Event.objects.get(pk=event.pk).date == "2021"


def test_it_refuses_a_stale_edit_and_keeps_the_first_users_values(event, investigator, clerk):
    seen_by_clerk = Event.objects.get(pk=event.pk)
    update_event(actor=investigator, event=event, expected_version=1, description="Recruté au marché")
    with pytest.raises(StaleEditError):
        update_event(actor=clerk, event=seen_by_clerk, expected_version=1, description="Recruté à la gare")
    saved = Event.objects.get(pk=event.pk)
    assert (saved.description, saved.version) == ("Recruté au marché", 2)


def test_it_refuses_one_coordinate_without_the_other(event, clerk):
    with pytest.raises(ValidationError) as error:
        update_event(actor=clerk, event=event, expected_version=1, latitude=Decimal("13.8"))
    assert "longitude" in error.value.message_dict
    assert Event.objects.get(pk=event.pk).latitude is None
