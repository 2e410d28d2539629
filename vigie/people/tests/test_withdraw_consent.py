import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.people.models import Consent
from vigie.people.services import record_consent, withdraw_consent

pytestmark = pytest.mark.django_db

MARCH_12 = datetime.date(2025, 3, 12)


@pytest.fixture
def consent(victim, case_worker):
    return record_consent(actor=case_worker, person=victim.person, purpose="referral", given_on=MARCH_12, method="oral")


def test_it_withdraws_the_consent_and_keeps_it_on_record(consent, case_worker):
    withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=datetime.date(2025, 4, 1))
    saved = Consent.objects.get(pk=consent.pk)
    assert (saved.withdrawn_on, saved.withdrawn_by) == (datetime.date(2025, 4, 1), case_worker)
    assert not Consent.objects.in_force().exists()


def test_it_may_be_withdrawn_on_the_day_it_was_given(consent, case_worker):
    withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=MARCH_12)
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == MARCH_12


def test_it_refuses_a_withdrawal_before_the_consent_was_given(consent, case_worker):
    with pytest.raises(ValidationError) as error:
        withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=MARCH_12 - datetime.timedelta(days=1))
    assert "withdrawn_on" in error.value.message_dict
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None


def test_it_refuses_to_withdraw_twice(consent, case_worker, investigator):
    withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError):
        withdraw_consent(actor=investigator, consent=consent, withdrawn_on=datetime.date(2025, 5, 1))
    saved = Consent.objects.get(pk=consent.pk)
    assert (saved.withdrawn_on, saved.withdrawn_by) == (datetime.date(2025, 4, 1), case_worker)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_WITHDRAWN).count() == 1


def test_it_refuses_to_withdraw_twice_even_from_a_copy_loaded_before_the_first_withdrawal(consent, case_worker):
    loaded_earlier = Consent.objects.get(pk=consent.pk)
    withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError):
        withdraw_consent(actor=case_worker, consent=loaded_earlier, withdrawn_on=datetime.date(2025, 5, 1))
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == datetime.date(2025, 4, 1)


def test_it_writes_its_audit_event(consent, case_worker):
    withdraw_consent(actor=case_worker, consent=consent, withdrawn_on=datetime.date(2025, 4, 1))
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSENT_WITHDRAWN)
    assert (event.actor, event.changes) == (case_worker, {"purpose": "referral", "withdrawn_on": "2025-04-01"})
