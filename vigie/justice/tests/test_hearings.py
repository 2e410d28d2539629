import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.conftest import make_case, make_participant
from vigie.justice import services
from vigie.justice.models import Hearing
from vigie.justice.tests.conftest import D


def hearing_in(proceeding, actor, **overrides):
    values: dict[str, Any] = {"date": D(2025, 5, 6), "purpose": "victim_testimony"} | overrides
    return services.record_hearing(actor=actor, proceeding=proceeding, **values)


def test_it_records_a_hearing_with_protective_measures(proceeding, prosecutor, victim):
    hearing = hearing_in(
        proceeding, prosecutor, protective_measures=["video_link", "closed_hearing"], protected_persons=[victim]
    )
    assert hearing.protective_measures == ["closed_hearing", "video_link"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.HEARING_SCHEDULED)
    assert event.changes["protected_persons"]["new"] == [victim.pk]


def test_it_records_the_time_of_a_hearing(proceeding, prosecutor):
    hearing = hearing_in(proceeding, prosecutor, time=datetime.time(9, 30))
    assert Hearing.objects.get(pk=hearing.pk).time == datetime.time(9, 30)
    event = AuditEvent.objects.get(action=AuditEvent.Action.HEARING_SCHEDULED)
    assert event.changes["time"]["new"] == "09:30:00"


def test_it_refuses_an_unknown_measure(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        hearing_in(proceeding, prosecutor, protective_measures=["invisibility"])
    assert "protective_measures" in error.value.message_dict


def test_it_refuses_to_protect_someone_of_another_case(proceeding, prosecutor, anltp, investigator):
    stranger = make_participant(make_case(anltp, investigator), investigator)
    with pytest.raises(ValidationError) as error:
        hearing_in(proceeding, prosecutor, protective_measures=["anonymity"], protected_persons=[stranger])
    assert "protected_persons" in error.value.message_dict


def test_it_refuses_protected_persons_without_a_measure(proceeding, prosecutor, victim):
    with pytest.raises(ValidationError) as error:
        hearing_in(proceeding, prosecutor, protected_persons=[victim])
    assert "protective_measures" in error.value.message_dict


def test_it_refuses_a_next_date_before_the_hearing(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        hearing_in(proceeding, prosecutor, outcome="adjourned", next_date=D(2025, 5, 1))
    assert "next_date" in error.value.message_dict


def test_it_refuses_a_hearing_before_the_round_opened(proceeding, prosecutor):
    with pytest.raises(ValidationError) as error:
        hearing_in(proceeding, prosecutor, date=D(2025, 1, 1))
    assert "date" in error.value.message_dict


def test_it_records_the_outcome_and_refuses_a_stale_edit(proceeding, prosecutor):
    hearing = hearing_in(proceeding, prosecutor)
    services.update_hearing(
        actor=prosecutor, hearing=hearing, expected_version=1, outcome="adjourned", next_date=D(2025, 6, 3)
    )
    with pytest.raises(StaleEditError):
        services.update_hearing(actor=prosecutor, hearing=hearing, expected_version=1, outcome="held")
    assert Hearing.objects.get().outcome == "adjourned"


def test_it_deletes_a_hearing_and_audits_it(proceeding, prosecutor):
    hearing = hearing_in(proceeding, prosecutor)
    services.delete_hearing(actor=prosecutor, hearing=hearing)
    assert not Hearing.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.HEARING_DELETED).exists()
