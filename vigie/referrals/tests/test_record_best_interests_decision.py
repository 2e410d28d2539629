import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.conftest import make_participant
from vigie.referrals.services import record_best_interests_decision

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)


def _decide(actor, case, participant, **overrides):
    values: dict[str, Any] = {
        "purpose": "referral",
        "decided_on": DAY,
        "decision": "Centre d'accueil",
        "reasons": "Famille absente",
    }
    return record_best_interests_decision(actor=actor, case=case, participant=participant, **(values | overrides))


def test_a_case_worker_of_the_lead_agency_records_it_and_it_is_audited(case, case_worker, child):
    decision = _decide(case_worker, case, child)
    assert decision.decided_by == case_worker
    assert AuditEvent.objects.filter(action="best_interests.decided", target_id=str(decision.pk)).exists()


def test_it_refuses_a_data_clerk(case, clerk, child):
    with pytest.raises(ValidationError, match="case worker or the administrator"):
        _decide(clerk, case, child)


def test_it_refuses_an_adult(case, case_worker, adult):
    with pytest.raises(ValidationError, match="is for a child"):
        _decide(case_worker, case, adult)


def test_it_says_clearly_when_the_age_is_unknown(case, case_worker, victim):
    with pytest.raises(ValidationError, match="age is unknown"):
        _decide(case_worker, case, victim)


def test_it_uses_the_estimated_age_on_the_decision_date(case, case_worker, investigator):
    teenager = make_participant(case, investigator, estimated_age=16, age_estimated_on=datetime.date(2024, 1, 10))
    assert _decide(case_worker, case, teenager).pk
    with pytest.raises(ValidationError, match="is for a child"):
        _decide(case_worker, case, teenager, decided_on=datetime.date(2026, 1, 10))
