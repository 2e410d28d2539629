import datetime

import pytest

from vigie.accounts.models import Agency
from vigie.assistance import services
from vigie.assistance.selectors import (
    ASSESSMENT_REVIEW_DUE,
    CHILD_RETURN_WITHOUT_FAMILY_ASSESSMENT,
    waiting_for,
)
from vigie.assistance.tests.conftest import DAY
from vigie.cases.models import Case
from vigie.cases.services import share_case
from vigie.conftest import make_member, make_participant
from vigie.tests.matrix import Role
from vigie.worklist.models import AlertRule
from vigie.worklist.services import set_alert_rule

Kind = AlertRule.Kind
OPENED = datetime.date(2025, 3, 12)  # make_case's opening date


def kinds(items):
    return sorted(item.kind for item in items)


def test_a_victim_without_assessment_waits_and_is_late_after_the_agency_delay(case_worker, adult_victim):
    on_time = waiting_for(case_worker, today=OPENED + datetime.timedelta(days=14))
    late = waiting_for(case_worker, today=OPENED + datetime.timedelta(days=15))
    assert kinds(on_time) == [Kind.VICTIM_WITHOUT_ASSESSMENT] and not on_time[0].late
    assert late[0].late and late[0].due == OPENED + datetime.timedelta(days=14)
    assert "KOUYAT" not in late[0].title.upper() and "Aïssata" not in late[0].title


def test_the_lead_agency_sets_its_own_delay(case_worker, adult_victim, anltp):
    AlertRule.objects.create(agency=anltp, kind=Kind.VICTIM_WITHOUT_ASSESSMENT, days=3)
    assert waiting_for(case_worker, today=OPENED + datetime.timedelta(days=4))[0].late


def test_a_disabled_alert_lists_nothing(case_worker, adult_victim, anltp):
    AlertRule.objects.create(agency=anltp, kind=Kind.VICTIM_WITHOUT_ASSESSMENT, days=3, enabled=False)
    assert waiting_for(case_worker, today=DAY) == []


def test_an_assessed_victim_no_longer_waits(case_worker, assessment):
    assert waiting_for(case_worker, today=DAY) == []


def test_a_closed_case_lists_nothing(case_worker, adult_victim, case):
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=DAY, closure_reason="other")
    assert waiting_for(case_worker, today=DAY) == []


@pytest.mark.parametrize("who", ["investigator", "prosecutor", "analyst", "outsider"])
def test_roles_that_do_not_work_on_assistance_get_nothing(request, adult_victim, who):
    assert waiting_for(request.getfixturevalue(who), today=DAY) == []


def test_the_partner_ngo_gets_the_items_of_cases_shared_for_assistance(case, investigator, adult_victim):
    ngo = Agency.objects.create(code="AFS", name="Aide aux femmes du Sahel", country_id="NE", kind=Agency.Kind.NGO)
    partner = make_member(ngo, Role.CASE_WORKER)
    assert waiting_for(partner, today=DAY) == []
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Hébergement")
    assert kinds(waiting_for(partner, today=DAY)) == [Kind.VICTIM_WITHOUT_ASSESSMENT]


def test_an_ngo_shared_for_the_investigation_only_gets_nothing(case, investigator, adult_victim):
    ngo = Agency.objects.create(code="AFS", name="Aide aux femmes du Sahel", country_id="NE", kind=Agency.Kind.NGO)
    partner = make_member(ngo, Role.CASE_WORKER)
    share_case(actor=investigator, case=case, agency=ngo, purpose="investigation", reason="Témoignage")
    assert waiting_for(partner, today=DAY) == []


def test_a_smuggled_migrant_without_assessment_is_not_listed(case, investigator, case_worker):
    make_participant(case, investigator, role="smuggled_migrant")
    assert waiting_for(case_worker, today=DAY) == []


def test_an_assessment_to_review_waits_only_until_a_newer_one(case_worker, case, adult_victim):
    review_on = DAY + datetime.timedelta(days=30)
    services.record_needs_assessment(
        actor=case_worker, case=case, participant=adult_victim, assessed_on=DAY, next_review_on=review_on
    )
    assert waiting_for(case_worker, today=review_on - datetime.timedelta(days=1)) == []
    items = waiting_for(case_worker, today=review_on + datetime.timedelta(days=1))
    assert kinds(items) == [ASSESSMENT_REVIEW_DUE] and items[0].late
    services.record_needs_assessment(actor=case_worker, case=case, participant=adult_victim, assessed_on=review_on)
    assert waiting_for(case_worker, today=review_on + datetime.timedelta(days=1)) == []


def test_a_reflection_period_ending_soon_waits(case_worker, assessment, reflection):
    ends = reflection.ends_on
    assert waiting_for(case_worker, today=ends - datetime.timedelta(days=8)) == []
    items = waiting_for(case_worker, today=ends - datetime.timedelta(days=7))
    assert kinds(items) == [Kind.REFLECTION_PERIOD_ENDING] and not items[0].late
    assert waiting_for(case_worker, today=ends + datetime.timedelta(days=1))[0].late
    services.update_reflection_period(actor=case_worker, period=reflection, expected_version=1, outcome="cooperating")
    assert waiting_for(case_worker, today=ends) == []


def test_a_visit_due_waits_and_is_late_once_past(case_worker, assessment, visit):
    due = visit.next_visit_on
    assert waiting_for(case_worker, today=due - datetime.timedelta(days=8)) == []
    assert not waiting_for(case_worker, today=due - datetime.timedelta(days=7))[0].late
    items = waiting_for(case_worker, today=due + datetime.timedelta(days=1))
    assert kinds(items) == [Kind.FOLLOW_UP_VISIT_DUE] and items[0].late


def test_a_visit_without_next_date_falls_due_after_the_agency_interval(case_worker, case, assessment, adult_victim):
    services.record_reintegration_visit(
        actor=case_worker, case=case, participant=adult_victim, visited_on=DAY, visited_by="x", situation="well"
    )
    items = waiting_for(case_worker, today=DAY + datetime.timedelta(days=91))
    assert items[0].due == DAY + datetime.timedelta(days=90) and items[0].late


def test_a_closed_file_has_no_visit_due(case_worker, assessment, visit, closure):
    assert waiting_for(case_worker, today=visit.next_visit_on + datetime.timedelta(days=1)) == []


def test_a_child_return_left_without_a_favourable_family_assessment_waits(case_worker, case, child_victim):
    services.record_needs_assessment(actor=case_worker, case=case, participant=child_victim, assessed_on=DAY)
    services.record_family_assessment(
        actor=case_worker, case=case, participant=child_victim, assessed_on=DAY, assessed_by="x", outcome="favourable"
    )
    planned = services.plan_voluntary_return(
        actor=case_worker,
        case=case,
        participant=child_victim,
        from_country_id="NE",
        to_country_id="ML",
        consent_given=True,
        consent_on=DAY,
        planned_on=DAY + datetime.timedelta(days=20),
    )
    assert waiting_for(case_worker, today=DAY) == []
    services.record_family_assessment(
        actor=case_worker,
        case=case,
        participant=child_victim,
        assessed_on=DAY + datetime.timedelta(days=1),
        assessed_by="x",
        outcome="inconclusive",
    )
    items = waiting_for(case_worker, today=DAY + datetime.timedelta(days=2))
    assert kinds(items) == [CHILD_RETURN_WITHOUT_FAMILY_ASSESSMENT]
    assert items[0].due == planned.planned_on and not items[0].late


# A child in a shelter without a needs assessment ------------------------------------------------------


def shelter(case, participant, case_worker, started_on=DAY, ended_on=None):
    from vigie.referrals.services import record_service

    return record_service(
        actor=case_worker, case=case, participant=participant, kind="shelter", started_on=started_on, ended_on=ended_on
    )


def child_items(user, today):
    return [i for i in waiting_for(user, today=today) if i.kind == Kind.CHILD_WITHOUT_ASSESSMENT]


def test_a_child_in_a_shelter_without_assessment_is_late_after_30_days(case_worker, case, child_victim):
    shelter(case, child_victim, case_worker)
    [item] = child_items(case_worker, DAY + datetime.timedelta(days=30))
    assert (item.since, item.due, item.late) == (DAY, DAY + datetime.timedelta(days=30), False)
    assert child_items(case_worker, DAY + datetime.timedelta(days=31))[0].late


def test_an_unknown_age_counts_as_a_child(case_worker, case, unknown_age_victim):
    shelter(case, unknown_age_victim, case_worker)
    assert child_items(case_worker, DAY + datetime.timedelta(days=31))[0].late


def test_an_adult_in_a_shelter_is_not_listed_as_a_child(case_worker, case, adult_victim):
    shelter(case, adult_victim, case_worker)
    assert child_items(case_worker, DAY + datetime.timedelta(days=31)) == []


def test_an_assessment_since_the_stay_began_ends_the_alert(case_worker, case, child_victim):
    shelter(case, child_victim, case_worker)
    services.record_needs_assessment(
        actor=case_worker, case=case, participant=child_victim, assessed_on=DAY - datetime.timedelta(days=40)
    )
    assert child_items(case_worker, DAY + datetime.timedelta(days=31))  # assessed before the stay: still due
    services.record_needs_assessment(
        actor=case_worker, case=case, participant=child_victim, assessed_on=DAY + datetime.timedelta(days=3)
    )
    assert child_items(case_worker, DAY + datetime.timedelta(days=31)) == []


def test_a_stay_that_ended_is_not_listed(case_worker, case, child_victim):
    shelter(case, child_victim, case_worker, ended_on=DAY + datetime.timedelta(days=5))
    assert child_items(case_worker, DAY + datetime.timedelta(days=31)) == []


def test_the_agency_sets_the_delay_for_children_in_shelters(case_worker, case, child_victim, agency_admin, anltp):
    set_alert_rule(
        actor=agency_admin, agency=anltp, kind=Kind.CHILD_WITHOUT_ASSESSMENT, days=10, enabled=True, expected_version=0
    )
    shelter(case, child_victim, case_worker)
    assert child_items(case_worker, DAY + datetime.timedelta(days=11))[0].late
