import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import alert_delays, alert_settings
from vigie.worklist.services import set_alert_rule

pytestmark = pytest.mark.django_db

Kind = AlertRule.Kind


def set_rule(actor, agency, *, days=10, enabled=True, version=0, kind=Kind.REFERRAL_UNANSWERED):
    return set_alert_rule(actor=actor, agency=agency, kind=kind, days=days, enabled=enabled, expected_version=version)


def test_an_agency_starts_with_the_default_delays(anltp):
    delays = alert_delays({anltp.pk})
    assert delays[(anltp.pk, Kind.REFERRAL_UNANSWERED)].days == 7
    assert delays[(anltp.pk, Kind.CHILD_WITHOUT_ASSESSMENT)].days == 30
    assert {s.version for s in alert_settings(anltp.pk)} == {0}


def test_it_sets_the_agencys_own_delay_and_audits_it(agency_admin, anltp, naptip):
    set_rule(agency_admin, anltp, days=3)
    assert alert_delays({anltp.pk, naptip.pk})[(anltp.pk, Kind.REFERRAL_UNANSWERED)].days == 3
    assert alert_delays({naptip.pk})[(naptip.pk, Kind.REFERRAL_UNANSWERED)].days == 7
    event = AuditEvent.objects.get(action=AuditEvent.Action.ALERT_RULE_SET)
    assert (event.actor, event.agency_id) == (agency_admin, anltp.pk)
    assert event.changes["after"] == {"days": 3, "enabled": True}


def test_it_changes_a_rule_it_set_before(agency_admin, anltp):
    rule = set_rule(agency_admin, anltp, days=3)
    set_rule(agency_admin, anltp, days=5, enabled=False, version=rule.version)
    saved = AlertRule.objects.get()
    assert (saved.days, saved.enabled, saved.version) == (5, False, 2)


@pytest.mark.parametrize("days", [0, -1, 4000])
def test_it_refuses_a_delay_out_of_range(agency_admin, anltp, days):
    with pytest.raises(ValidationError) as error:
        set_rule(agency_admin, anltp, days=days)
    assert "days" in error.value.message_dict
    assert not AlertRule.objects.exists()


def test_it_refuses_an_unknown_alert(agency_admin, anltp):
    with pytest.raises(ValidationError):
        set_rule(agency_admin, anltp, kind="coffee_break")


def test_two_administrators_setting_it_at_once_do_not_overwrite_each_other(agency_admin, anltp):
    set_rule(agency_admin, anltp, days=3)
    with pytest.raises(StaleEditError):
        set_rule(agency_admin, anltp, days=9)  # opened while the agency still had the default
    rule = AlertRule.objects.get()
    with pytest.raises(StaleEditError):
        set_rule(agency_admin, anltp, days=9, version=rule.version + 1)
    assert AlertRule.objects.get().days == 3
