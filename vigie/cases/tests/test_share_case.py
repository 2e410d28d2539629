import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.access import cases_visible_to, get_case_for_user
from vigie.cases.models import CaseShare
from vigie.cases.services import share_case

pytestmark = pytest.mark.django_db

REASON = "Victimes nigérianes : NAPTIP organise le retour."


def test_it_lets_the_other_agency_see_the_case(case, investigator, naptip, outsider):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason=REASON)
    assert list(cases_visible_to(outsider)) == [case]
    assert get_case_for_user(outsider, case.pk) == case


def test_it_keeps_who_shared_and_why(case, investigator, naptip):
    share = share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason=f"  {REASON}  ")
    assert (share.shared_by, share.reason, share.revoked_at) == (investigator, REASON, None)


def test_it_writes_its_audit_event(case, investigator, naptip):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason=REASON)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_SHARED)
    assert (event.actor, event.target_id, event.agency_id) == (investigator, str(case.pk), case.agency_id)
    assert event.changes == {"agency": naptip.pk, "purpose": "all", "reason": REASON}


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason(case, investigator, naptip, reason):
    with pytest.raises(ValidationError) as error:
        share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason=reason)
    assert "reason" in error.value.message_dict
    assert not CaseShare.objects.exists()


def test_it_shares_a_case_only_once_with_an_agency(case, investigator, naptip):
    share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason=REASON)
    with pytest.raises(ValidationError) as error:
        share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Encore")
    assert "agency" in error.value.message_dict
    assert CaseShare.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_SHARED).count() == 1


def test_it_refuses_to_share_with_the_lead_agency(case, investigator, anltp):
    with pytest.raises(ValidationError) as error:
        share_case(actor=investigator, case=case, agency=anltp, purpose="all", reason=REASON)
    assert "agency" in error.value.message_dict


def test_it_records_what_the_case_is_shared_for(case, investigator, naptip):
    share = share_case(actor=investigator, case=case, agency=naptip, purpose="assistance", reason=REASON)
    assert share.purpose == "assistance"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CASE_SHARED).get()
    assert event.changes["purpose"] == "assistance"


def test_it_refuses_an_unknown_purpose(case, investigator, naptip):
    with pytest.raises(ValidationError) as error:
        share_case(actor=investigator, case=case, agency=naptip, purpose="everything", reason=REASON)
    assert "purpose" in error.value.message_dict
    assert not case.shares.exists()
