import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, CaseCounter
from vigie.cases.services import delete_case
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
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CASE_OPENED).exists()


def test_it_gives_the_year_and_number_it_puts_in_the_reference(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 12, 31))
    assert (case.year, case.number) == (2024, 1)
    assert case.reference == "NE-ANLTP-2024-0001"


def test_it_continues_from_the_agencys_counter_not_from_the_highest_number(anltp, investigator):
    # An agency that gave 41 numbers on paper before vigie continues at 42.
    CaseCounter.objects.create(agency=anltp, year=2025, last_number=41)
    assert make_case(anltp, investigator).reference == "NE-ANLTP-2025-0042"


def test_it_never_gives_the_number_of_a_deleted_case_again(anltp, investigator):
    make_case(anltp, investigator)
    last = make_case(anltp, investigator)
    delete_case(actor=investigator, case=last)
    # max()+1 would give 0002 a second time, and two documents would cite the same reference.
    assert make_case(anltp, investigator).reference == "NE-ANLTP-2025-0003"


def test_it_uses_no_number_when_it_refuses_a_case(anltp, investigator):
    with pytest.raises(ValidationError):
        make_case(anltp, investigator, country_id="XX")
    assert make_case(anltp, investigator).reference == "NE-ANLTP-2025-0001"
