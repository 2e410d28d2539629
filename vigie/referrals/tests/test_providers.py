import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.referrals.services import add_provider, deactivate_provider, update_provider

pytestmark = pytest.mark.django_db


def _add(actor, agency, **overrides):
    values = {
        "name": "Clinique de Maradi (démo)",
        "kinds": ["medical"],
        "country_id": "NE",
        "people_served": ["women", "children"],
        "phone": "+227 20 41 00 00",
    } | overrides
    return add_provider(actor=actor, maintained_by=agency, **values)


def test_an_assistance_role_adds_a_provider_with_a_clean_phone_and_it_is_audited(case_worker, anltp):
    provider = _add(case_worker, anltp)
    assert provider.phone == "+22720410000" and provider.people_served == ["children", "women"]
    assert AuditEvent.objects.filter(action="provider.added", target_id=str(provider.pk)).exists()


def test_it_refuses_an_investigator(investigator, anltp):
    with pytest.raises(ValidationError, match="victim assistance"):
        _add(investigator, anltp)


def test_it_refuses_a_phone_without_country_code_and_unknown_kinds(case_worker, anltp):
    with pytest.raises(ValidationError, match="country code"):
        _add(case_worker, anltp, phone="abc")
    with pytest.raises(ValidationError, match="from the list"):
        _add(case_worker, anltp, kinds=["spa"])


def test_it_refuses_a_stale_edit(case_worker, anltp):
    provider = _add(case_worker, anltp)
    update_provider(actor=case_worker, provider=provider, expected_version=1, capacity=12)
    with pytest.raises(StaleEditError):
        update_provider(actor=case_worker, provider=provider, expected_version=1, capacity=30)


def test_it_deactivates_once(case_worker, anltp):
    provider = _add(case_worker, anltp)
    deactivate_provider(actor=case_worker, provider=provider, expected_version=1)
    assert not provider.is_active
    with pytest.raises(ValidationError, match="already inactive"):
        deactivate_provider(actor=case_worker, provider=provider, expected_version=2)
