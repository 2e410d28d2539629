import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance import services
from vigie.assistance.models import VoluntaryReturn
from vigie.assistance.tests.conftest import DAY
from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError

Status = VoluntaryReturn.Status
PLANNED_ON = DAY + datetime.timedelta(days=20)
LEGAL = [(Status.PLANNED, Status.COMPLETED), (Status.PLANNED, Status.CANCELLED)]
ILLEGAL = [(c, w) for c in Status.values for w in Status.values if (c, w) not in LEGAL]


def _plan(case, participant, actor, **overrides):
    values = {
        "from_country_id": "NE",
        "to_country_id": "NG",
        "consent_given": True,
        "consent_on": DAY,
        "planned_on": PLANNED_ON,
    } | overrides
    return services.plan_voluntary_return(actor=actor, case=case, participant=participant, **values)


def _family(case, participant, actor, outcome):
    return services.record_family_assessment(
        actor=actor, case=case, participant=participant, assessed_on=DAY, assessed_by="Service social", outcome=outcome
    )


def test_it_plans_the_return_of_an_adult_without_a_family_assessment(voluntary_return):
    assert voluntary_return.status == Status.PLANNED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RETURN_RECORDED).count() == 1


@pytest.mark.parametrize(
    "consent", [{"consent_given": False}, {"consent_on": None}], ids=["no consent", "no consent date"]
)
def test_it_refuses_a_return_without_consent(case, adult_victim, case_worker, consent):
    with pytest.raises(ValidationError) as error:
        _plan(case, adult_victim, case_worker, **consent)
    assert "consent_given" in error.value.message_dict
    assert not VoluntaryReturn.objects.exists()


def test_it_refuses_a_return_to_the_same_country(case, adult_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        _plan(case, adult_victim, case_worker, to_country_id="NE")
    assert "to_country" in error.value.message_dict


@pytest.mark.parametrize("victim", ["child_victim", "unknown_age_victim"])
def test_it_refuses_to_plan_the_return_of_a_child_or_unknown_age_without_a_family_assessment(
    request, case, case_worker, victim
):
    participant = request.getfixturevalue(victim)
    with pytest.raises(ValidationError) as error:
        _plan(case, participant, case_worker)
    assert "No family assessment" in error.value.messages[0]
    assert not VoluntaryReturn.objects.exists()


def test_it_says_an_unknown_age_is_treated_as_a_child(case, unknown_age_victim, case_worker):
    with pytest.raises(ValidationError) as error:
        _plan(case, unknown_age_victim, case_worker)
    assert "age is not known" in error.value.messages[0]


@pytest.mark.parametrize("outcome", ["unfavourable", "inconclusive"])
@pytest.mark.parametrize("victim", ["child_victim", "unknown_age_victim"])
def test_it_refuses_a_child_return_after_an_assessment_that_is_not_favourable(
    request, case, case_worker, victim, outcome
):
    participant = request.getfixturevalue(victim)
    _family(case, participant, case_worker, outcome)
    with pytest.raises(ValidationError) as error:
        _plan(case, participant, case_worker)
    assert outcome.capitalize() in error.value.messages[0]


@pytest.mark.parametrize("victim", ["child_victim", "unknown_age_victim"])
def test_it_plans_and_completes_a_child_return_after_a_favourable_assessment(request, case, case_worker, victim):
    participant = request.getfixturevalue(victim)
    _family(case, participant, case_worker, "favourable")
    planned = _plan(case, participant, case_worker)
    services.change_return_status(
        actor=case_worker, voluntary_return=planned, expected_version=1, status="completed", returned_on=PLANNED_ON
    )
    planned.refresh_from_db()
    assert (planned.status, planned.returned_on) == ("completed", PLANNED_ON)


def test_it_refuses_to_complete_a_child_return_once_a_later_assessment_is_unfavourable(case, child_victim, case_worker):
    _family(case, child_victim, case_worker, "favourable")
    planned = _plan(case, child_victim, case_worker)
    services.record_family_assessment(
        actor=case_worker,
        case=case,
        participant=child_victim,
        assessed_on=DAY + datetime.timedelta(days=5),
        assessed_by="Service social",
        outcome="unfavourable",
    )
    with pytest.raises(ValidationError):
        services.change_return_status(
            actor=case_worker, voluntary_return=planned, expected_version=1, status="completed", returned_on=PLANNED_ON
        )
    planned.refresh_from_db()
    assert planned.status == Status.PLANNED


def test_a_person_who_is_18_on_the_planned_date_is_an_adult(case, investigator, case_worker):
    from vigie.conftest import make_participant

    participant = make_participant(case, investigator, date_of_birth="2007-04-01")
    assert services.is_child_on(participant, datetime.date(2025, 3, 31)) is True
    assert _plan(case, participant, case_worker, planned_on=datetime.date(2025, 4, 21)).pk


def test_an_estimated_age_decides_too(case, investigator, case_worker):
    from vigie.conftest import make_participant

    participant = make_participant(case, investigator, estimated_age=15, age_estimated_on=datetime.date(2025, 1, 1))
    assert services.is_child_on(participant, PLANNED_ON) is True
    with pytest.raises(ValidationError):
        _plan(case, participant, case_worker)


@pytest.mark.parametrize(("current", "wanted"), LEGAL)
def test_it_makes_each_legal_transition(voluntary_return, case_worker, current, wanted):
    services.change_return_status(
        actor=case_worker, voluntary_return=voluntary_return, expected_version=1, status=wanted, returned_on=PLANNED_ON
    )
    voluntary_return.refresh_from_db()
    assert voluntary_return.status == wanted
    assert voluntary_return.returned_on == (PLANNED_ON if wanted == Status.COMPLETED else None)
    event = AuditEvent.objects.get(action=AuditEvent.Action.RETURN_STATUS_CHANGED)
    assert event.changes["status"] == {"old": current, "new": wanted}


@pytest.mark.parametrize(("current", "wanted"), ILLEGAL)
def test_it_refuses_each_illegal_transition(voluntary_return, case_worker, current, wanted):
    if current != Status.PLANNED:
        services.change_return_status(
            actor=case_worker,
            voluntary_return=voluntary_return,
            expected_version=1,
            status=current,
            returned_on=PLANNED_ON,
        )
    version = voluntary_return.version
    with pytest.raises(ValidationError) as error:
        services.change_return_status(
            actor=case_worker,
            voluntary_return=voluntary_return,
            expected_version=version,
            status=wanted,
            returned_on=PLANNED_ON,
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(current).label) in message and str(Status(wanted).label) in message
    voluntary_return.refresh_from_db()
    assert (voluntary_return.status, voluntary_return.version) == (current, version)


def test_it_refuses_to_complete_without_a_date(voluntary_return, case_worker):
    with pytest.raises(ValidationError) as error:
        services.change_return_status(
            actor=case_worker, voluntary_return=voluntary_return, expected_version=1, status="completed"
        )
    assert "returned_on" in error.value.message_dict


def test_it_refuses_a_stale_edit(voluntary_return, case_worker):
    services.update_voluntary_return(
        actor=case_worker, voluntary_return=voluntary_return, expected_version=1, area="Kano"
    )
    with pytest.raises(StaleEditError):
        services.update_voluntary_return(
            actor=case_worker, voluntary_return=voluntary_return, expected_version=1, area="Katsina"
        )


def test_it_deletes_a_return_and_a_family_assessment(voluntary_return, family_assessment, case_worker):
    services.delete_voluntary_return(actor=case_worker, voluntary_return=voluntary_return)
    services.delete_family_assessment(actor=case_worker, assessment=family_assessment)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditEvent.Action.RETURN_DELETED, AuditEvent.Action.FAMILY_ASSESSMENT_DELETED} <= actions


def test_a_completed_child_return_can_still_be_corrected_after_a_later_assessment(case, child_victim, case_worker):
    _family(case, child_victim, case_worker, "favourable")
    planned = _plan(case, child_victim, case_worker)
    services.change_return_status(
        actor=case_worker, voluntary_return=planned, expected_version=1, status="completed", returned_on=PLANNED_ON
    )
    _family(case, child_victim, case_worker, "unfavourable")
    services.update_voluntary_return(actor=case_worker, voluntary_return=planned, expected_version=2, escort="OIM")
    planned.refresh_from_db()
    assert planned.escort == "OIM"
