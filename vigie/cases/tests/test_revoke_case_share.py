import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from vigie.audit.models import AuditEvent
from vigie.cases.access import cases_visible_to, get_case_for_user
from vigie.cases.models import CaseShare
from vigie.cases.services import revoke_case_share, share_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def share(case, investigator, naptip):
    return share_case(
        actor=investigator, case=case, agency=naptip, purpose="all", reason="Retour des victimes au Nigeria"
    )


def test_the_other_agency_no_longer_sees_the_case(share, case, investigator, outsider):
    revoke_case_share(actor=investigator, share=share)
    assert not cases_visible_to(outsider).exists()
    with pytest.raises(Http404):
        get_case_for_user(outsider, case.pk)


def test_it_keeps_the_sharing_on_record_as_revoked(share, investigator):
    revoke_case_share(actor=investigator, share=share)
    saved = CaseShare.objects.get(pk=share.pk)
    assert saved.revoked_by == investigator
    assert saved.revoked_at is not None


def test_it_writes_its_audit_event(share, case, investigator, naptip):
    revoke_case_share(actor=investigator, share=share)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_SHARE_REVOKED)
    assert (event.actor, event.target_id, event.changes) == (investigator, str(case.pk), {"agency": naptip.pk})


def test_it_refuses_to_revoke_twice(share, investigator):
    revoke_case_share(actor=investigator, share=share)
    with pytest.raises(ValidationError):
        revoke_case_share(actor=investigator, share=share)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_SHARE_REVOKED).count() == 1


def test_the_case_can_be_shared_again_afterwards(share, case, investigator, naptip, outsider):
    revoke_case_share(actor=investigator, share=share)
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Nouvelle demande de NAPTIP")
    assert get_case_for_user(outsider, case.pk) == case
    assert CaseShare.objects.active().count() == 1


def test_it_refuses_to_revoke_twice_even_from_a_copy_loaded_before_the_first_revocation(
    share, investigator, prosecutor
):
    loaded_earlier = CaseShare.objects.get(pk=share.pk)
    revoke_case_share(actor=investigator, share=share)
    with pytest.raises(ValidationError):
        revoke_case_share(actor=prosecutor, share=loaded_earlier)
    assert CaseShare.objects.get(pk=share.pk).revoked_by == investigator
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_SHARE_REVOKED).count() == 1
