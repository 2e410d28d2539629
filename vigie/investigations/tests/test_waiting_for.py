import datetime

from vigie.accounts.models import Agency, Membership
from vigie.cases.services import revoke_case_share, share_case
from vigie.conftest import make_member
from vigie.investigations import services
from vigie.investigations.selectors import waiting_for
from vigie.investigations.tests.conftest import make_investigation
from vigie.worklist.models import AlertRule

OPENED = datetime.date(2025, 3, 14)
DUE = OPENED + datetime.timedelta(days=AlertRule.DEFAULT_DAYS[AlertRule.Kind.INVESTIGATION_OPEN_TOO_LONG])
AFTER = DUE + datetime.timedelta(days=1)


def test_an_investigation_within_its_delay_waits_for_nobody(investigation, investigator):
    assert waiting_for(investigator, today=DUE) == []


def test_a_late_investigation_waits_for_its_lead_investigator(investigation, investigator, case):
    [item] = waiting_for(investigator, today=AFTER)
    assert item.late
    assert item.kind == AlertRule.Kind.INVESTIGATION_OPEN_TOO_LONG
    assert item.case_id == case.pk
    assert item.case_reference == case.reference
    assert item.since == OPENED
    assert item.due == DUE
    assert item.url == f"/cases/{case.pk}/investigation/"
    assert "Brigade des mineurs de Niamey" in item.title
    assert "Moussa" not in item.title


def test_it_does_not_wait_for_the_other_investigators_when_it_has_a_lead(investigation, anltp):
    colleague = make_member(anltp, Membership.Role.INVESTIGATOR, "colleague")
    assert waiting_for(colleague, today=AFTER) == []


def test_without_a_lead_it_waits_for_the_lead_agency_investigators(case, investigator, clerk, anltp):
    make_investigation(case, investigator)
    colleague = make_member(anltp, Membership.Role.INVESTIGATOR, "colleague")
    assert len(waiting_for(investigator, today=AFTER)) == 1
    assert len(waiting_for(colleague, today=AFTER)) == 1
    assert waiting_for(clerk, today=AFTER) == []


def test_it_waits_for_nobody_of_another_agency(investigation, outsider):
    assert waiting_for(outsider, today=AFTER) == []


def test_the_case_lead_agency_sets_the_delay(investigation, investigator, anltp):
    AlertRule.objects.create(agency=anltp, kind=AlertRule.Kind.INVESTIGATION_OPEN_TOO_LONG, days=30)
    [item] = waiting_for(investigator, today=OPENED + datetime.timedelta(days=31))
    assert item.due == OPENED + datetime.timedelta(days=30)


def test_a_disabled_alert_lists_nothing(investigation, investigator, anltp):
    AlertRule.objects.create(agency=anltp, kind=AlertRule.Kind.INVESTIGATION_OPEN_TOO_LONG, days=30, enabled=False)
    assert waiting_for(investigator, today=AFTER) == []


def test_a_suspended_or_closed_investigation_waits_for_nobody(investigation, investigator):
    services.change_investigation_status(
        actor=investigator, investigation=investigation, expected_version=1, status="suspended"
    )
    assert waiting_for(investigator, today=AFTER) == []


def test_it_is_not_listed_once_the_case_is_no_longer_shared_with_the_investigating_agency(case, investigator):
    gendarmerie = Agency.objects.create(code="GN", name="Gendarmerie", country_id="NE", kind=Agency.Kind.GENDARMERIE)
    share = share_case(actor=investigator, case=case, agency=gendarmerie, purpose="investigation", reason="Enquête")
    gendarme = make_member(gendarmerie, Membership.Role.INVESTIGATOR, "gendarme")
    make_investigation(case, investigator, agency=gendarmerie, lead_investigator=gendarme)
    assert len(waiting_for(gendarme, today=AFTER)) == 1
    revoke_case_share(actor=investigator, share=share)
    assert waiting_for(gendarme, today=AFTER) == []
