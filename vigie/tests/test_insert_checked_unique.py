"""Two requests that pass a service's uniqueness check at the same time: the second gets the message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from vigie.concurrency import insert_checked_unique
from vigie.people.models import Consent

# A real transaction, and the reference data (countries, loaded by migration) put back after it: the flush
# that ends a transactional test would otherwise leave the next tests on this worker without countries.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_second_insert_gets_the_services_message_and_the_transaction_goes_on(victim, investigator):
    def consent() -> Consent:
        return Consent(
            person=victim.person,
            purpose="referral",
            given_on=datetime.date(2025, 3, 12),
            method="written",
            recorded_by=investigator,
        )

    with transaction.atomic():
        insert_checked_unique(consent(), error=ValidationError("already"))
        with pytest.raises(ValidationError, match="already"):
            insert_checked_unique(consent(), error=ValidationError("already"))
        # The failed insert was rolled back to its savepoint: the request's transaction can still write.
        assert Consent.objects.filter(person=victim.person).count() == 1
