"""Fetch-and-authorise for victim assistance: every record is reached through its case's assistance part."""

from django.http import Http404

from vigie.accounts.models import User
from vigie.assistance.models import (
    AssistanceClosure,
    AssistancePlan,
    AssistanceRecord,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.cases.access import CasePart, get_case_for_user
from vigie.cases.models import Case


def get_assistance_case_for_user(user: User, case_id: int, *, write: bool = False, delete: bool = False) -> Case:
    return get_case_for_user(user, case_id, part=CasePart.ASSISTANCE, write=write, delete=delete)


def _get_record[R: AssistanceRecord](model: type[R], user: User, pk: int, *, write: bool, delete: bool) -> R:
    try:
        record = model._default_manager.select_related("participant__person").get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None
    record.case = get_assistance_case_for_user(user, record.case_id, write=write, delete=delete)
    record.participant.case = record.case
    return record


def get_needs_assessment_for_user(user: User, pk: int, *, write: bool = False, delete: bool = False) -> NeedsAssessment:
    return _get_record(NeedsAssessment, user, pk, write=write, delete=delete)


def get_reflection_period_for_user(
    user: User, pk: int, *, write: bool = False, delete: bool = False
) -> ReflectionPeriod:
    return _get_record(ReflectionPeriod, user, pk, write=write, delete=delete)


def get_assistance_plan_for_user(user: User, pk: int, *, write: bool = False, delete: bool = False) -> AssistancePlan:
    return _get_record(AssistancePlan, user, pk, write=write, delete=delete)


def get_family_assessment_for_user(
    user: User, pk: int, *, write: bool = False, delete: bool = False
) -> FamilyAssessment:
    return _get_record(FamilyAssessment, user, pk, write=write, delete=delete)


def get_voluntary_return_for_user(user: User, pk: int, *, write: bool = False, delete: bool = False) -> VoluntaryReturn:
    return _get_record(VoluntaryReturn, user, pk, write=write, delete=delete)


def get_reintegration_visit_for_user(
    user: User, pk: int, *, write: bool = False, delete: bool = False
) -> ReintegrationVisit:
    return _get_record(ReintegrationVisit, user, pk, write=write, delete=delete)


def get_assistance_closure_for_user(
    user: User, pk: int, *, write: bool = False, delete: bool = False
) -> AssistanceClosure:
    return _get_record(AssistanceClosure, user, pk, write=write, delete=delete)
