from vigie.accounts.models import Membership
from vigie.conftest import make_case, make_member
from vigie.justice import selectors, services
from vigie.justice.tests.conftest import D, open_round
from vigie.justice.tests.test_cooperation_requests import make_request
from vigie.worklist.models import AlertRule

TODAY = D(2025, 6, 10)


def kinds(items):
    return sorted(item.kind for item in items)


def test_it_lists_a_hearing_of_the_coming_week_for_the_prosecutor_and_the_investigator(
    proceeding, prosecutor, investigator
):
    services.record_hearing(actor=prosecutor, proceeding=proceeding, date=D(2025, 6, 15), purpose="evidence")
    for user in (prosecutor, investigator):
        [item] = selectors.waiting_for(user, today=TODAY)
        assert item.kind == "hearing_soon" and not item.late
        assert item.case_reference == proceeding.case.reference
        assert "Kouyaté" not in item.title


def test_it_ignores_hearings_beyond_a_week_or_already_held(proceeding, prosecutor):
    services.record_hearing(actor=prosecutor, proceeding=proceeding, date=D(2025, 6, 30), purpose="evidence")
    services.record_hearing(
        actor=prosecutor, proceeding=proceeding, date=D(2025, 6, 11), purpose="evidence", outcome="held"
    )
    assert selectors.waiting_for(prosecutor, today=TODAY) == []


def test_nothing_waits_for_roles_that_do_not_follow_the_courts(
    proceeding, prosecutor, clerk, case_worker, analyst, outsider
):
    services.record_hearing(actor=prosecutor, proceeding=proceeding, date=D(2025, 6, 12), purpose="evidence")
    for user in (clerk, case_worker, analyst, outsider):
        assert selectors.waiting_for(user, today=TODAY) == []


def test_a_request_past_its_deadline_is_late(case, prosecutor):
    make_request(case, prosecutor, sent_on=D(2025, 3, 1), deadline=D(2025, 6, 1), deadline_basis="agreed")
    [item] = selectors.waiting_for(prosecutor, today=TODAY)
    assert item.kind == "request_deadline_passed" and item.late and item.due == D(2025, 6, 1)


def test_a_request_without_deadline_is_late_after_the_agencys_delay(case, prosecutor, anltp):
    make_request(case, prosecutor, sent_on=D(2025, 5, 1))
    assert selectors.waiting_for(prosecutor, today=TODAY) == []  # 40 days < 60 by default
    AlertRule.objects.create(agency=anltp, kind=AlertRule.Kind.REQUEST_UNANSWERED, days=30)
    [item] = selectors.waiting_for(prosecutor, today=TODAY)
    assert item.kind == AlertRule.Kind.REQUEST_UNANSWERED and item.late and item.due == D(2025, 5, 31)


def test_an_answered_request_waits_no_more(case, prosecutor):
    request = make_request(case, prosecutor, sent_on=D(2025, 1, 1))
    services.change_request_status(
        actor=prosecutor, request=request, expected_version=1, status="executed", on=D(2025, 3, 1)
    )
    assert selectors.waiting_for(prosecutor, today=TODAY) == []


def test_a_pending_round_without_a_hearing_is_late_after_the_delay(case, prosecutor):
    open_round(prosecutor, case, opened_on=D(2025, 1, 2))
    [item] = selectors.waiting_for(prosecutor, today=TODAY)
    assert item.kind == AlertRule.Kind.PROCEEDING_WITHOUT_HEARING and item.due == D(2025, 4, 2)


def test_a_recent_hearing_restarts_the_delay(case, prosecutor):
    proceeding = open_round(prosecutor, case, opened_on=D(2025, 1, 2))
    services.record_hearing(
        actor=prosecutor, proceeding=proceeding, date=D(2025, 5, 20), purpose="evidence", outcome="held"
    )
    assert selectors.waiting_for(prosecutor, today=TODAY) == []


def test_a_disabled_alert_shows_nothing(case, prosecutor, anltp):
    open_round(prosecutor, case, opened_on=D(2025, 1, 2))
    AlertRule.objects.create(agency=anltp, kind=AlertRule.Kind.PROCEEDING_WITHOUT_HEARING, days=90, enabled=False)
    assert selectors.waiting_for(prosecutor, today=TODAY) == []


def test_only_the_lead_agencys_cases_wait(naptip, prosecutor):
    other_prosecutor = make_member(naptip, Membership.Role.PROSECUTOR)
    other_case = make_case(naptip, other_prosecutor)
    open_round(other_prosecutor, other_case, opened_on=D(2025, 1, 2), court_country_id="NG")
    assert selectors.waiting_for(prosecutor, today=TODAY) == []
    assert kinds(selectors.waiting_for(other_prosecutor, today=TODAY)) == [AlertRule.Kind.PROCEEDING_WITHOUT_HEARING]
