import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.conftest import make_case

pytestmark = pytest.mark.django_db


def test_it_numbers_cases_per_agency_and_year(anltp, naptip, investigator, outsider):
    first = make_case(anltp, investigator)
    second = make_case(anltp, investigator)
    other_agency = make_case(naptip, outsider)
    next_year = make_case(anltp, investigator, opened_on=datetime.date(2026, 1, 2))
    assert first.reference == "NE-ANLTP-2025-0001"
    assert second.reference == "NE-ANLTP-2025-0002"
    assert other_agency.reference == "NG-NAPTIP-2025-0001"
    assert next_year.reference == "NE-ANLTP-2026-0001"


def test_it_writes_its_audit_event(anltp, investigator):
    case = make_case(anltp, investigator, offences=["som", "tip"])
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_OPENED)
    assert event.actor == investigator
    assert event.target_id == str(case.pk)
    assert event.changes["offences"] == {"old": None, "new": ["som", "tip"]}


def test_it_requires_an_offence_and_saves_nothing(anltp, investigator):
    with pytest.raises(ValidationError) as error:
        make_case(anltp, investigator, offences=[])
    assert "offences" in error.value.message_dict
    assert not Case.objects.exists()
    assert not AuditEvent.objects.exists()
