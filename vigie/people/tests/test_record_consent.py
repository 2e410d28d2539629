import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.people.models import Consent
from vigie.people.services import record_consent, withdraw_consent

pytestmark = pytest.mark.django_db

MARCH_12 = datetime.date(2025, 3, 12)


@pytest.fixture
def person(victim):
    return victim.person


def record(actor, person, purpose="referral", given_on=MARCH_12, method="written"):
    return record_consent(actor=actor, person=person, purpose=purpose, given_on=given_on, method=method)


def test_it_records_who_recorded_the_consent_and_how_it_was_given(person, case_worker):
    consent = record(case_worker, person, method="guardian")
    saved = Consent.objects.get(pk=consent.pk)
    assert (saved.recorded_by, saved.method, saved.given_on, saved.withdrawn_on) == (
        case_worker,
        "guardian",
        MARCH_12,
        None,
    )


def test_one_consent_is_in_force_per_purpose(person, case_worker):
    record(case_worker, person)
    with pytest.raises(ValidationError) as error:
        record(case_worker, person, given_on=MARCH_12 + datetime.timedelta(days=1))
    assert "purpose" in error.value.message_dict
    assert Consent.objects.count() == 1


def test_consents_for_different_purposes_are_in_force_together(person, case_worker):
    record(case_worker, person, purpose="referral")
    record(case_worker, person, purpose="data_sharing")
    assert person.consents.in_force().count() == 2


def test_a_new_consent_may_be_recorded_once_the_previous_one_is_withdrawn(person, case_worker):
    first = record(case_worker, person)
    withdraw_consent(actor=case_worker, consent=first, withdrawn_on=datetime.date(2025, 4, 1))
    record(case_worker, person, given_on=datetime.date(2025, 5, 1))
    assert person.consents.count() == 2
    assert person.consents.in_force().get().given_on == datetime.date(2025, 5, 1)


@pytest.mark.parametrize(("field", "value"), [("purpose", "marketing"), ("method", "telepathy")])
def test_it_refuses_values_outside_the_lists(person, case_worker, field, value):
    with pytest.raises(ValidationError) as error:
        record(case_worker, person, **{field: value})
    assert field in error.value.message_dict


def test_it_writes_its_audit_event(person, case_worker):
    record(case_worker, person)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSENT_RECORDED)
    assert (event.actor, event.target_id) == (case_worker, str(person.pk))
    assert event.changes == {"purpose": "referral", "given_on": "2025-03-12", "method": "written"}
