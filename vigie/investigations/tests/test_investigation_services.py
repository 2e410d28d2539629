import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vigie.accounts.models import Agency, Membership
from vigie.audit.models import AuditEvent
from vigie.cases.services import share_case
from vigie.concurrency import StaleEditError
from vigie.conftest import make_member
from vigie.investigations import services
from vigie.investigations.models import Investigation
from vigie.investigations.tests.conftest import make_investigation

Status = Investigation.Status
Technique = Investigation.Technique
DAY = datetime.date(2025, 6, 1)


def test_it_opens_an_investigation_and_audits_it(case, investigator):
    investigation = make_investigation(case, investigator, lead_investigator=investigator, techniques=["interception"])
    assert investigation.status == Status.OPEN
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVESTIGATION_OPENED)
    assert event.target_id == str(investigation.pk)
    assert event.target_label == case.reference
    assert event.changes["lead_unit"]["new"] == "Brigade des mineurs de Niamey"
    assert event.changes["techniques"]["new"] == ["interception"]


def test_it_refuses_an_agency_the_case_is_not_shared_with_for_the_investigation(case, investigator, naptip):
    with pytest.raises(ValidationError) as error:
        make_investigation(case, investigator, agency=naptip)
    assert "agency" in error.value.message_dict
    assert not Investigation.objects.exists()


def test_it_lets_an_agency_the_case_is_shared_with_for_the_investigation_lead_one(case, investigator):
    gendarmerie = Agency.objects.create(code="GN", name="Gendarmerie", country_id="NE", kind=Agency.Kind.GENDARMERIE)
    share_case(actor=investigator, case=case, agency=gendarmerie, purpose="investigation", reason="Enquête")
    officer = make_member(gendarmerie, Membership.Role.INVESTIGATOR, "gendarme")
    investigation = make_investigation(case, investigator, agency=gendarmerie, lead_investigator=officer)
    assert investigation.agency == gendarmerie


def test_it_refuses_an_agency_the_case_is_shared_with_for_assistance_only(case, investigator):
    ngo = Agency.objects.create(code="AFS", name="ONG", country_id="NE", kind=Agency.Kind.NGO)
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Accueil")
    with pytest.raises(ValidationError):
        make_investigation(case, investigator, agency=ngo)


def test_it_refuses_a_lead_investigator_from_another_agency(case, investigator, outsider):
    with pytest.raises(ValidationError) as error:
        make_investigation(case, investigator, lead_investigator=outsider)
    assert "lead_investigator" in error.value.message_dict


def test_it_refuses_a_case_worker_as_lead_investigator(case, investigator, case_worker):
    with pytest.raises(ValidationError) as error:
        make_investigation(case, investigator, lead_investigator=case_worker)
    assert "lead_investigator" in error.value.message_dict


def test_it_requires_partner_countries_for_a_joint_investigation_team(case, investigator):
    with pytest.raises(ValidationError) as error:
        make_investigation(case, investigator, techniques=[Technique.JOINT_TEAM])
    assert "partner_countries" in error.value.message_dict


def test_it_records_the_partner_countries_of_a_joint_team(case, investigator):
    from vigie.reference.models import Country

    investigation = make_investigation(
        case, investigator, techniques=[Technique.JOINT_TEAM], partner_countries=[Country.objects.get(pk="NG")]
    )
    assert list(investigation.partner_countries.values_list("pk", flat=True)) == ["NG"]


def test_it_refuses_partner_countries_without_a_joint_team(case, investigator):
    from vigie.reference.models import Country

    with pytest.raises(ValidationError):
        make_investigation(case, investigator, partner_countries=[Country.objects.get(pk="NG")])


def test_it_refuses_an_unknown_technique(case, investigator):
    with pytest.raises(ValidationError) as error:
        make_investigation(case, investigator, techniques=["torture"])
    assert "techniques" in error.value.message_dict


def test_it_updates_an_investigation_and_audits_the_changes(investigation, investigator):
    services.update_investigation(
        actor=investigator,
        investigation=investigation,
        expected_version=investigation.version,
        lead_unit="Office central de répression de la traite",
        techniques=[Technique.FINANCIAL],
    )
    investigation.refresh_from_db()
    assert investigation.version == 2
    assert investigation.techniques == [Technique.FINANCIAL]
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVESTIGATION_UPDATED)
    assert event.changes["lead_unit"] == {
        "old": "Brigade des mineurs de Niamey",
        "new": "Office central de répression de la traite",
    }


def test_it_refuses_a_stale_edit(investigation, investigator):
    services.update_investigation(
        actor=investigator, investigation=investigation, expected_version=1, notes="Première version"
    )
    stale = Investigation.objects.get(pk=investigation.pk)
    with pytest.raises(StaleEditError):
        services.update_investigation(actor=investigator, investigation=stale, expected_version=1, notes="Écrase")
    investigation.refresh_from_db()
    assert investigation.notes == "Première version"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVESTIGATION_UPDATED).count() == 1


def _move_to(investigation: Investigation, actor, state: str) -> Investigation:
    if state == Status.SUSPENDED:
        return services.change_investigation_status(
            actor=actor, investigation=investigation, expected_version=investigation.version, status=state
        )
    if state == Status.CLOSED:
        return services.change_investigation_status(
            actor=actor,
            investigation=investigation,
            expected_version=investigation.version,
            status=state,
            closing_reason="insufficient_evidence",
            closed_on=DAY,
        )
    return investigation


LEGAL = [(current, new) for current, targets in services.ALLOWED_TRANSITIONS.items() for new in sorted(targets)]
ILLEGAL = [
    (current, new)
    for current in Status.values
    for new in [*Status.values, "archived"]
    if new not in services.ALLOWED_TRANSITIONS[current]
]


def test_the_life_cycle_is_the_one_agreed():
    assert sorted(LEGAL) == sorted(
        [("open", "suspended"), ("open", "closed"), ("suspended", "open"), ("suspended", "closed"), ("closed", "open")]
    )


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_it_allows_each_legal_transition(investigation, investigator, current, new):
    _move_to(investigation, investigator, current)
    services.change_investigation_status(
        actor=investigator,
        investigation=investigation,
        expected_version=investigation.version,
        status=new,
        closing_reason="no_offence" if new == Status.CLOSED else "",
        closed_on=DAY if new == Status.CLOSED else None,
        reason="Nouveaux éléments" if current == Status.CLOSED else "",
    )
    investigation.refresh_from_db()
    assert investigation.status == new
    assert (investigation.closed_on is not None) == (new == Status.CLOSED)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVESTIGATION_STATUS_CHANGED).exists()


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_it_refuses_each_illegal_transition(investigation, investigator, current, new):
    _move_to(investigation, investigator, current)
    version = investigation.version
    with pytest.raises(ValidationError) as error:
        services.change_investigation_status(
            actor=investigator,
            investigation=investigation,
            expected_version=version,
            status=new,
            closing_reason="no_offence",
            closed_on=DAY,
            reason="Pourquoi pas",
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(current).label) in message
    investigation.refresh_from_db()
    assert investigation.status == current
    assert investigation.version == version


def test_it_requires_a_reason_to_close(investigation, investigator):
    with pytest.raises(ValidationError) as error:
        services.change_investigation_status(
            actor=investigator, investigation=investigation, expected_version=1, status=Status.CLOSED
        )
    assert "closing_reason" in error.value.message_dict


def test_it_requires_a_reason_to_reopen(investigation, investigator):
    _move_to(investigation, investigator, Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.change_investigation_status(
            actor=investigator, investigation=investigation, expected_version=investigation.version, status=Status.OPEN
        )
    assert "reason" in error.value.message_dict


def test_it_refuses_to_close_before_the_opening_date(investigation, investigator):
    with pytest.raises(ValidationError) as error:
        services.change_investigation_status(
            actor=investigator,
            investigation=investigation,
            expected_version=1,
            status=Status.CLOSED,
            closing_reason="other",
            closed_on=datetime.date(2025, 1, 1),
        )
    assert "closed_on" in error.value.message_dict


def test_the_database_refuses_a_closed_investigation_without_a_date(investigation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Investigation.objects.filter(pk=investigation.pk).update(status=Status.CLOSED, closing_reason="other")


def test_the_database_refuses_a_closing_before_the_opening(investigation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Investigation.objects.filter(pk=investigation.pk).update(
            status=Status.CLOSED, closing_reason="other", closed_on=datetime.date(2020, 1, 1)
        )


def test_it_deletes_an_investigation_and_keeps_the_trail(investigation, arrest, investigator):
    pk = investigation.pk
    services.delete_investigation(actor=investigator, investigation=investigation)
    assert not Investigation.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVESTIGATION_DELETED)
    assert event.target_id == str(pk)
    assert event.changes["arrests"] == {"old": 1, "new": None}


def test_a_case_with_investigations_and_arrests_can_still_be_deleted(case, investigation, arrest, investigator):
    from vigie.cases.services import delete_case

    delete_case(actor=investigator, case=case)
    assert not Investigation.objects.exists()


def test_a_second_investigation_by_another_unit_is_allowed(case, investigation, investigator):
    make_investigation(case, investigator, lead_unit="Police judiciaire de Maradi")
    assert case.investigations.count() == 2
