import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import BorderCrossing
from vigie.cases.services import record_crossing, update_crossing
from vigie.concurrency import StaleEditError

pytestmark = pytest.mark.django_db


@pytest.fixture
def crossing(case, clerk):
    return record_crossing(actor=clerk, case=case, from_country_id="NE", to_country_id="DZ")


def test_it_saves_and_records_what_changed(crossing, clerk, victim):
    update_crossing(actor=clerk, crossing=crossing, expected_version=1, to_country_id="LY", travellers=[victim])
    saved = BorderCrossing.objects.get(pk=crossing.pk)
    assert (saved.to_country_id, saved.version) == ("LY", 2)
    audit = AuditEvent.objects.get(action=AuditEvent.Action.CROSSING_UPDATED)
    assert audit.changes == {
        "to_country_id": {"old": "DZ", "new": "LY"},
        "travellers": {"old": [], "new": [victim.pk]},
    }


def test_it_refuses_a_crossing_into_the_same_country(crossing, clerk):
    with pytest.raises(ValidationError) as error:
        update_crossing(actor=clerk, crossing=crossing, expected_version=1, to_country_id="NE")
    assert "to_country" in error.value.message_dict
    assert BorderCrossing.objects.get(pk=crossing.pk).to_country_id == "DZ"


def test_it_refuses_a_stale_edit_and_keeps_the_first_users_values(crossing, investigator, clerk):
    seen_by_clerk = BorderCrossing.objects.get(pk=crossing.pk)
    update_crossing(actor=investigator, crossing=crossing, expected_version=1, border_post="Assamaka")
    with pytest.raises(StaleEditError):
        update_crossing(actor=clerk, crossing=seen_by_clerk, expected_version=1, border_post="In Guezzam")
    assert BorderCrossing.objects.get(pk=crossing.pk).border_post == "Assamaka"
