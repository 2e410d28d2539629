"""Every write of victim assistance: checked, saved and audited in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from vigie.accounts.models import User
from vigie.assistance.models import (
    ASSISTED_ROLES,
    AssistanceClosure,
    AssistancePlan,
    AssistanceRecord,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, editable_fields, snapshot
from vigie.cases.models import Case, Participant
from vigie.cases.services import audit_in_case
from vigie.concurrency import claim_for_deletion, insert_checked_unique, save_versioned

Action = AuditEvent.Action
PlanStatus = AssistancePlan.Status
ReturnStatus = VoluntaryReturn.Status

# Life cycles: an active plan is completed or stopped; a planned return is completed or cancelled.
# A finished plan or return stays as it is: a new one is recorded instead.
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.ACTIVE: {PlanStatus.COMPLETED, PlanStatus.STOPPED},
    PlanStatus.COMPLETED: set(),
    PlanStatus.STOPPED: set(),
}
RETURN_TRANSITIONS: dict[str, set[str]] = {
    ReturnStatus.PLANNED: {ReturnStatus.COMPLETED, ReturnStatus.CANCELLED},
    ReturnStatus.COMPLETED: set(),
    ReturnStatus.CANCELLED: set(),
}
ADULT_AGE = 18
NOT_CHECKED = ["case", "participant", "assessed_by", "closed_by", "from_country", "to_country"]


def fields_of(model: type[AssistanceRecord]) -> list[str]:
    return editable_fields(model, "case", "participant")


def _check_person(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk or participant.role not in ASSISTED_ROLES:
        raise ValidationError({"participant": _("Choose a victim, presumed victim or smuggled migrant of this case.")})


def _check_file_open(participant: Participant) -> None:
    if AssistanceClosure.objects.filter(participant=participant, reopened_on__isnull=True).exists():
        raise ValidationError(
            _("The assistance file of this person is closed: reopen it before adding a plan or a visit.")
        )


def _record(*, actor: User, record: AssistanceRecord, action: str) -> None:
    _check_person(record.case, record.participant)
    record.full_clean(exclude=NOT_CHECKED)
    record.save()
    after = {"participant": record.participant_id, **snapshot(record, fields_of(type(record)))}
    audit_in_case(actor=actor, action=action, case=record.case, target=record, changes=diff({}, after))


def _update(
    *, actor: User, record: AssistanceRecord, expected_version: int, values: dict[str, Any], action: str, check: Any
) -> None:
    fields = fields_of(type(record))
    before = snapshot(record, fields)
    for name, value in values.items():
        if name not in fields and f"{name}_id" not in fields:
            raise TypeError(f"{type(record).__name__} does not change {name}")
        setattr(record, name, value)
    _check_person(record.case, record.participant)
    check(record)
    record.full_clean(exclude=NOT_CHECKED)
    save_versioned(record, expected_version=expected_version, fields=fields)
    audit_in_case(
        actor=actor, action=action, case=record.case, target=record, changes=diff(before, snapshot(record, fields))
    )


def _delete(*, actor: User, record: AssistanceRecord, action: str, expected_version: int | None) -> None:
    claim_for_deletion(record, expected_version=expected_version)
    before = {"participant": record.participant_id, **snapshot(record, fields_of(type(record)))}
    audit_in_case(actor=actor, action=action, case=record.case, target=record, changes=diff(before, {}))
    record.delete()


def _no_check(record: Any) -> None:
    return None


# Needs assessments ---------------------------------------------------------------------------------


def _check_assessment(assessment: NeedsAssessment) -> None:
    # Before full_clean: its message for a database constraint names the constraint, not the field.
    if assessment.next_review_on is not None and assessment.next_review_on < assessment.assessed_on:
        raise ValidationError({"next_review_on": _("The next review cannot be before the assessment.")})


@transaction.atomic
def record_needs_assessment(*, actor: User, case: Case, participant: Participant, **values: Any) -> NeedsAssessment:
    assessment = NeedsAssessment(case=case, participant=participant, assessed_by=actor, **values)
    _check_assessment(assessment)
    _record(actor=actor, record=assessment, action=Action.ASSESSMENT_RECORDED)
    return assessment


@transaction.atomic
def update_needs_assessment(
    *, actor: User, assessment: NeedsAssessment, expected_version: int, **values: Any
) -> NeedsAssessment:
    _update(
        actor=actor,
        record=assessment,
        expected_version=expected_version,
        values=values,
        action=Action.ASSESSMENT_UPDATED,
        check=_check_assessment,
    )
    return assessment


@transaction.atomic
def delete_needs_assessment(*, actor: User, assessment: NeedsAssessment, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=assessment, action=Action.ASSESSMENT_DELETED, expected_version=expected_version)


# Reflection and recovery periods ---------------------------------------------------------------------


def _check_reflection(period: ReflectionPeriod) -> None:
    if period.ends_on <= period.started_on:
        raise ValidationError({"ends_on": _("A reflection period ends after the day it starts.")})


@transaction.atomic
def record_reflection_period(*, actor: User, case: Case, participant: Participant, **values: Any) -> ReflectionPeriod:
    period = ReflectionPeriod(case=case, participant=participant, **values)
    _check_reflection(period)
    _record(actor=actor, record=period, action=Action.REFLECTION_RECORDED)
    return period


@transaction.atomic
def update_reflection_period(
    *, actor: User, period: ReflectionPeriod, expected_version: int, **values: Any
) -> ReflectionPeriod:
    _update(
        actor=actor,
        record=period,
        expected_version=expected_version,
        values=values,
        action=Action.REFLECTION_UPDATED,
        check=_check_reflection,
    )
    return period


@transaction.atomic
def delete_reflection_period(*, actor: User, period: ReflectionPeriod, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=period, action=Action.REFLECTION_DELETED, expected_version=expected_version)


# Assistance plans ----------------------------------------------------------------------------------


def _check_plan(plan: AssistancePlan) -> None:
    if not plan.goals.strip():
        raise ValidationError({"goals": _("Write down the goals agreed with the person.")})
    if not plan.agreed_with_person:
        raise ValidationError({"agreed_with_person": _("An assistance plan is drawn up with the person.")})
    if plan.review_on is not None and plan.review_on < plan.agreed_on:
        raise ValidationError({"review_on": _("The review cannot be before the plan was agreed.")})


@transaction.atomic
def record_assistance_plan(*, actor: User, case: Case, participant: Participant, **values: Any) -> AssistancePlan:
    plan = AssistancePlan(case=case, participant=participant, case_worker=actor, **values)
    _check_file_open(participant)
    _check_plan(plan)
    _record(actor=actor, record=plan, action=Action.PLAN_RECORDED)
    return plan


@transaction.atomic
def update_assistance_plan(
    *, actor: User, plan: AssistancePlan, expected_version: int, **values: Any
) -> AssistancePlan:
    _update(
        actor=actor,
        record=plan,
        expected_version=expected_version,
        values=values,
        action=Action.PLAN_UPDATED,
        check=_check_plan,
    )
    return plan


def _refuse_transition(kind: str, current: str, wanted: str, states: type[models.TextChoices]) -> ValidationError:
    labels = {state.value: str(state.label) for state in states}
    return ValidationError(
        {
            "status": _("%(kind)s that is “%(current)s” cannot become “%(new)s”.")
            % {"kind": kind, "current": labels.get(current, current), "new": labels.get(wanted, wanted)}
        }
    )


@transaction.atomic
def change_plan_status(
    *,
    actor: User,
    plan: AssistancePlan,
    expected_version: int,
    status: str,
    ended_on: datetime.date,
    stop_reason: str = "",
) -> AssistancePlan:
    if status not in PLAN_TRANSITIONS.get(plan.status, set()):
        raise _refuse_transition(_("A plan"), plan.status, status, PlanStatus)
    if status == PlanStatus.STOPPED and not stop_reason.strip():
        raise ValidationError({"stop_reason": _("Say why the plan is stopped.")})
    if ended_on < plan.agreed_on:
        raise ValidationError({"ended_on": _("A plan ends on or after the day it was agreed.")})
    fields = ["status", "ended_on", "stop_reason"]
    before = snapshot(plan, fields)
    plan.status, plan.ended_on = status, ended_on
    plan.stop_reason = stop_reason.strip() if status == PlanStatus.STOPPED else ""
    plan.full_clean(exclude=NOT_CHECKED)
    save_versioned(plan, expected_version=expected_version, fields=fields)
    audit_in_case(
        actor=actor,
        action=Action.PLAN_STATUS_CHANGED,
        case=plan.case,
        target=plan,
        changes=diff(before, snapshot(plan, fields)),
    )
    return plan


@transaction.atomic
def delete_assistance_plan(*, actor: User, plan: AssistancePlan, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=plan, action=Action.PLAN_DELETED, expected_version=expected_version)


# Family assessments and voluntary returns ------------------------------------------------------------


def latest_family_assessment(participant: Participant) -> FamilyAssessment | None:
    return FamilyAssessment.objects.filter(participant=participant).order_by("-assessed_on", "-id").first()


def is_child_on(participant: Participant, day: datetime.date) -> bool | None:
    """True for a child on that day, False for an adult, None when the age is not known."""
    age = participant.person.age_on(day)
    return None if age is None else age < ADULT_AGE


def _check_child_return(voluntary_return: VoluntaryReturn) -> None:
    """A child goes back to a family only once that family was assessed and found able to take the child back.

    When the age is not known the person is treated as a child (presumption of minority): the return
    waits for a favourable family assessment, as for a child.
    """
    child = is_child_on(voluntary_return.participant, voluntary_return.planned_on)
    if child is False:
        return
    latest = latest_family_assessment(voluntary_return.participant)
    if latest is not None and latest.outcome == FamilyAssessment.Outcome.FAVOURABLE:
        return
    if child is None:
        message = _(
            "The person's age is not known: the return is treated as that of a child and needs a favourable "
            "family assessment first."
        )
    else:
        message = _("A child is returned only after a favourable family assessment.")
    if latest is None:
        found = _("No family assessment has been recorded.")
    else:
        found = _("The latest family assessment is “%(outcome)s”.") % {"outcome": latest.get_outcome_display()}
    raise ValidationError(f"{message} {found}")


def _check_return(voluntary_return: VoluntaryReturn) -> None:
    if not voluntary_return.consent_given or voluntary_return.consent_on is None:
        raise ValidationError(
            {"consent_given": _("A return is voluntary or it is not one: record the person's consent and its date.")}
        )
    if voluntary_return.consent_on > voluntary_return.planned_on:
        raise ValidationError({"consent_on": _("The consent is given before the return is planned for.")})
    if voluntary_return.from_country_id == voluntary_return.to_country_id:
        raise ValidationError({"to_country": _("A return goes from one country to another.")})
    # A completed or cancelled return is history: only a planned one waits on the family assessment.
    if voluntary_return.status == ReturnStatus.PLANNED:
        _check_child_return(voluntary_return)


@transaction.atomic
def record_family_assessment(*, actor: User, case: Case, participant: Participant, **values: Any) -> FamilyAssessment:
    assessment = FamilyAssessment(case=case, participant=participant, **values)
    _record(actor=actor, record=assessment, action=Action.FAMILY_ASSESSMENT_RECORDED)
    return assessment


@transaction.atomic
def update_family_assessment(
    *, actor: User, assessment: FamilyAssessment, expected_version: int, **values: Any
) -> FamilyAssessment:
    _update(
        actor=actor,
        record=assessment,
        expected_version=expected_version,
        values=values,
        action=Action.FAMILY_ASSESSMENT_UPDATED,
        check=_no_check,
    )
    return assessment


@transaction.atomic
def delete_family_assessment(*, actor: User, assessment: FamilyAssessment, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=assessment, action=Action.FAMILY_ASSESSMENT_DELETED, expected_version=expected_version)


@transaction.atomic
def plan_voluntary_return(*, actor: User, case: Case, participant: Participant, **values: Any) -> VoluntaryReturn:
    voluntary_return = VoluntaryReturn(case=case, participant=participant, **values)
    _check_person(case, participant)
    _check_return(voluntary_return)
    _record(actor=actor, record=voluntary_return, action=Action.RETURN_RECORDED)
    return voluntary_return


@transaction.atomic
def update_voluntary_return(
    *, actor: User, voluntary_return: VoluntaryReturn, expected_version: int, **values: Any
) -> VoluntaryReturn:
    _update(
        actor=actor,
        record=voluntary_return,
        expected_version=expected_version,
        values=values,
        action=Action.RETURN_UPDATED,
        check=_check_return,
    )
    return voluntary_return


@transaction.atomic
def change_return_status(
    *,
    actor: User,
    voluntary_return: VoluntaryReturn,
    expected_version: int,
    status: str,
    returned_on: datetime.date | None = None,
) -> VoluntaryReturn:
    if status not in RETURN_TRANSITIONS.get(voluntary_return.status, set()):
        raise _refuse_transition(_("A return"), voluntary_return.status, status, ReturnStatus)
    fields = ["status", "returned_on"]
    before = snapshot(voluntary_return, fields)
    if status == ReturnStatus.COMPLETED:
        if returned_on is None:
            raise ValidationError({"returned_on": _("Give the date of the return.")})
        if voluntary_return.consent_on is not None and returned_on < voluntary_return.consent_on:
            raise ValidationError({"returned_on": _("The person returned after consenting to return.")})
        _check_child_return(voluntary_return)
    voluntary_return.status = status
    voluntary_return.returned_on = returned_on if status == ReturnStatus.COMPLETED else None
    voluntary_return.full_clean(exclude=NOT_CHECKED)
    save_versioned(voluntary_return, expected_version=expected_version, fields=fields)
    audit_in_case(
        actor=actor,
        action=Action.RETURN_STATUS_CHANGED,
        case=voluntary_return.case,
        target=voluntary_return,
        changes=diff(before, snapshot(voluntary_return, fields)),
    )
    return voluntary_return


@transaction.atomic
def delete_voluntary_return(
    *, actor: User, voluntary_return: VoluntaryReturn, expected_version: int | None = None
) -> None:
    _delete(actor=actor, record=voluntary_return, action=Action.RETURN_DELETED, expected_version=expected_version)


# Reintegration visits ------------------------------------------------------------------------------


def _check_visit(visit: ReintegrationVisit) -> None:
    if visit.next_visit_on is not None and visit.next_visit_on <= visit.visited_on:
        raise ValidationError({"next_visit_on": _("The next visit is due after this one.")})


@transaction.atomic
def record_reintegration_visit(
    *, actor: User, case: Case, participant: Participant, **values: Any
) -> ReintegrationVisit:
    visit = ReintegrationVisit(case=case, participant=participant, **values)
    _check_file_open(participant)
    _check_visit(visit)
    _record(actor=actor, record=visit, action=Action.VISIT_RECORDED)
    return visit


@transaction.atomic
def update_reintegration_visit(
    *, actor: User, visit: ReintegrationVisit, expected_version: int, **values: Any
) -> ReintegrationVisit:
    _update(
        actor=actor,
        record=visit,
        expected_version=expected_version,
        values=values,
        action=Action.VISIT_UPDATED,
        check=_check_visit,
    )
    return visit


@transaction.atomic
def delete_reintegration_visit(*, actor: User, visit: ReintegrationVisit, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=visit, action=Action.VISIT_DELETED, expected_version=expected_version)


# Closing and reopening the assistance file ------------------------------------------------------------


def _check_closure(closure: AssistanceClosure) -> None:
    closure.reason_other = closure.reason_other.strip()
    if closure.reason == AssistanceClosure.Reason.OTHER and not closure.reason_other:
        raise ValidationError({"reason_other": _("Say what the other reason is.")})
    if closure.reason != AssistanceClosure.Reason.OTHER:
        closure.reason_other = ""


@transaction.atomic
def close_assistance(*, actor: User, case: Case, participant: Participant, **values: Any) -> AssistanceClosure:
    closure = AssistanceClosure(case=case, participant=participant, closed_by=actor, **values)
    _check_person(case, participant)
    _check_closure(closure)
    closure.full_clean(exclude=NOT_CHECKED, validate_constraints=False)
    already = ValidationError(_("The assistance file of this person is already closed."))
    if AssistanceClosure.objects.filter(participant=participant, reopened_on__isnull=True).exists():
        raise already
    insert_checked_unique(closure, error=already)
    after = {"participant": participant.pk, **snapshot(closure, fields_of(AssistanceClosure))}
    audit_in_case(actor=actor, action=Action.ASSISTANCE_CLOSED, case=case, target=closure, changes=diff({}, after))
    return closure


@transaction.atomic
def update_assistance_closure(
    *, actor: User, closure: AssistanceClosure, expected_version: int, **values: Any
) -> AssistanceClosure:
    _update(
        actor=actor,
        record=closure,
        expected_version=expected_version,
        values=values,
        action=Action.ASSISTANCE_CLOSURE_UPDATED,
        check=_check_closure,
    )
    return closure


@transaction.atomic
def reopen_assistance(
    *, actor: User, closure: AssistanceClosure, expected_version: int, reopened_on: datetime.date, reason: str
) -> AssistanceClosure:
    if closure.reopened_on is not None:
        raise ValidationError(_("This assistance file was already reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assistance file is reopened.")})
    if reopened_on < closure.closed_on:
        raise ValidationError({"reopened_on": _("A file is reopened on or after the day it was closed.")})
    fields = ["reopened_on", "reopen_reason"]
    closure.reopened_on, closure.reopen_reason = reopened_on, reason.strip()
    save_versioned(closure, expected_version=expected_version, fields=fields)
    audit_in_case(
        actor=actor,
        action=Action.ASSISTANCE_REOPENED,
        case=closure.case,
        target=closure,
        changes=diff({}, snapshot(closure, fields)),
    )
    return closure


@transaction.atomic
def delete_assistance_closure(*, actor: User, closure: AssistanceClosure, expected_version: int | None = None) -> None:
    _delete(actor=actor, record=closure, action=Action.ASSISTANCE_CLOSURE_DELETED, expected_version=expected_version)
