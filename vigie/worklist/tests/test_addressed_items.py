"""Items go to the person a record names while they still act for the agency, and to the roles otherwise."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigie.assistance import services as assistance
from vigie.conftest import make_case, make_member, make_participant
from vigie.justice import services as justice
from vigie.justice.models import Proceeding
from vigie.worklist.models import AlertRule
from vigie.worklist.selectors import waiting_for_user

pytestmark = pytest.mark.django_db

Kind = AlertRule.Kind
LATE_FOR_A_HEARING = datetime.date(2025, 9, 1)  # more than 90 days after the round opened


def open_round(case, actor, **values) -> Proceeding:
    return justice.open_proceeding(
        actor=actor,
        case=case,
        court_name="Tribunal de grande instance de Niamey",
        court_country_id="NE",
        level="first_instance",
        opened_on=datetime.date(2025, 4, 1),
        **values,
    )


def kinds(user, today, kind):
    return [item for item in waiting_for_user(user, today=today) if item.kind == kind]


def test_a_round_without_a_prosecutor_waits_for_the_court_roles_and_the_agency_administrator(
    case, prosecutor, investigator, agency_admin, case_worker
):
    open_round(case, prosecutor)
    for user in (prosecutor, investigator, agency_admin):
        assert len(kinds(user, LATE_FOR_A_HEARING, Kind.PROCEEDING_WITHOUT_HEARING)) == 1
    assert kinds(case_worker, LATE_FOR_A_HEARING, Kind.PROCEEDING_WITHOUT_HEARING) == []


def test_a_round_waits_only_for_its_prosecutor_in_charge(case, prosecutor, investigator, agency_admin, anltp):
    colleague = make_member(anltp, "prosecutor", "prosecutor-2")
    open_round(case, prosecutor, prosecutor=colleague)
    assert len(kinds(colleague, LATE_FOR_A_HEARING, Kind.PROCEEDING_WITHOUT_HEARING)) == 1
    for user in (prosecutor, investigator, agency_admin):
        assert kinds(user, LATE_FOR_A_HEARING, Kind.PROCEEDING_WITHOUT_HEARING) == []


def test_a_hearing_this_week_waits_for_the_prosecutor_in_charge(case, prosecutor, investigator, anltp):
    colleague = make_member(anltp, "prosecutor", "prosecutor-2")
    proceeding = open_round(case, prosecutor, prosecutor=colleague)
    justice.record_hearing(actor=prosecutor, proceeding=proceeding, date=datetime.date(2025, 5, 6), purpose="evidence")
    today = datetime.date(2025, 5, 2)
    assert len(kinds(colleague, today, "hearing_soon")) == 1
    assert kinds(investigator, today, "hearing_soon") == []


def test_when_the_prosecutor_in_charge_leaves_the_round_waits_for_the_roles_again(case, prosecutor, anltp):
    colleague = make_member(anltp, "prosecutor", "prosecutor-2")
    open_round(case, prosecutor, prosecutor=colleague)
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    assert len(kinds(prosecutor, LATE_FOR_A_HEARING, Kind.PROCEEDING_WITHOUT_HEARING)) == 1


def test_a_prosecutor_of_another_agency_cannot_be_in_charge(case, prosecutor, naptip):
    stranger = make_member(naptip, "prosecutor", "prosecutor-naptip")
    with pytest.raises(ValidationError) as error:
        open_round(case, prosecutor, prosecutor=stranger)
    assert "prosecutor" in error.value.message_dict


def test_a_request_past_its_deadline_waits_for_the_officer_who_sent_it(case, prosecutor, investigator, agency_admin):
    justice.record_cooperation_request(
        actor=investigator,
        case=case,
        direction="sent",
        kind="mla",
        other_country_id="NG",
        foreign_authority="Attorney General of the Federation",
        request="Bank records",
        sent_on=datetime.date(2025, 3, 1),
        deadline=datetime.date(2025, 5, 1),
        deadline_basis="agreed",
    )
    today = datetime.date(2025, 6, 1)
    assert len(kinds(investigator, today, "request_deadline_passed")) == 1
    assert kinds(prosecutor, today, "request_deadline_passed") == []
    assert kinds(agency_admin, today, "request_deadline_passed") == []


def test_a_victims_items_wait_for_the_case_worker_of_the_plan(case, investigator, case_worker, anltp):
    victim = make_participant(case, investigator, date_of_birth="1998-02-03")
    colleague = make_member(anltp, "case_worker", "case-worker-2")
    review = datetime.date(2025, 5, 1)
    assistance.record_needs_assessment(
        actor=colleague, case=case, participant=victim, assessed_on=datetime.date(2025, 4, 1), next_review_on=review
    )
    for user in (case_worker, colleague):  # no plan yet: for every case worker of the agency
        assert len(kinds(user, review, "assessment_review_due")) == 1
    assistance.record_assistance_plan(
        actor=case_worker, case=case, participant=victim, agreed_on=datetime.date(2025, 4, 2), goals="Santé"
    )
    assert len(kinds(case_worker, review, "assessment_review_due")) == 1
    assert kinds(colleague, review, "assessment_review_due") == []


def test_the_waiting_page_reads_the_same_number_of_queries_whatever_it_lists(
    client, anltp, investigator, prosecutor, case_worker, agency_admin, django_assert_num_queries
):
    def add_work(n):
        case = make_case(anltp, investigator)
        victim = make_participant(case, investigator, given_names=f"Awa{n}", date_of_birth="1998-02-03")
        # Every other case names a prosecutor and a case worker: their items leave the administrator's list.
        named = make_member(anltp, "prosecutor", f"prosecutor-{n}") if n % 2 else None
        proceeding = open_round(case, prosecutor, prosecutor=named)
        justice.record_hearing(actor=prosecutor, proceeding=proceeding, date=timezone.localdate(), purpose="evidence")
        if n % 2:
            assistance.record_assistance_plan(
                actor=case_worker, case=case, participant=victim, agreed_on=datetime.date(2025, 4, 2), goals="Santé"
            )

    client.force_login(agency_admin)  # the administrator gets items of every part
    url = reverse("worklist:waiting")
    add_work(0)
    add_work(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 6):
        add_work(n)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["total"] >= 4
