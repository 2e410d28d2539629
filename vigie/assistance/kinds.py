"""The kinds of assistance records, with the form, access function and services of each.

Pages and API endpoints for adding, correcting and deleting records are the same for every kind; this
table says which function does the work for which kind.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from vigie.assistance import access, forms, services


@dataclass(frozen=True)
class RecordKind:
    form: type[forms.AssistanceForm]
    title: Any
    get: Callable[..., Any]  # (user, pk, *, write=, delete=)
    record: Callable[..., Any]  # (*, actor, case, participant, **values)
    update: Callable[..., Any]  # (*, actor, record, expected_version, **values)
    delete: Callable[..., None]  # (*, actor, record, expected_version=)


KINDS: dict[str, RecordKind] = {
    "assessment": RecordKind(
        form=forms.NeedsAssessmentForm,
        title=_("Needs assessment"),
        get=access.get_needs_assessment_for_user,
        record=services.record_needs_assessment,
        update=lambda *, record, **kw: services.update_needs_assessment(assessment=record, **kw),
        delete=lambda *, record, **kw: services.delete_needs_assessment(assessment=record, **kw),
    ),
    "reflection": RecordKind(
        form=forms.ReflectionPeriodForm,
        title=_("Reflection and recovery period"),
        get=access.get_reflection_period_for_user,
        record=services.record_reflection_period,
        update=lambda *, record, **kw: services.update_reflection_period(period=record, **kw),
        delete=lambda *, record, **kw: services.delete_reflection_period(period=record, **kw),
    ),
    "plan": RecordKind(
        form=forms.AssistancePlanForm,
        title=_("Assistance plan"),
        get=access.get_assistance_plan_for_user,
        record=services.record_assistance_plan,
        update=lambda *, record, **kw: services.update_assistance_plan(plan=record, **kw),
        delete=lambda *, record, **kw: services.delete_assistance_plan(plan=record, **kw),
    ),
    "family": RecordKind(
        form=forms.FamilyAssessmentForm,
        title=_("Family assessment"),
        get=access.get_family_assessment_for_user,
        record=services.record_family_assessment,
        update=lambda *, record, **kw: services.update_family_assessment(assessment=record, **kw),
        delete=lambda *, record, **kw: services.delete_family_assessment(assessment=record, **kw),
    ),
    "return": RecordKind(
        form=forms.VoluntaryReturnForm,
        title=_("Voluntary return"),
        get=access.get_voluntary_return_for_user,
        record=services.plan_voluntary_return,
        update=lambda *, record, **kw: services.update_voluntary_return(voluntary_return=record, **kw),
        delete=lambda *, record, **kw: services.delete_voluntary_return(voluntary_return=record, **kw),
    ),
    "visit": RecordKind(
        form=forms.ReintegrationVisitForm,
        title=_("Reintegration visit"),
        get=access.get_reintegration_visit_for_user,
        record=services.record_reintegration_visit,
        update=lambda *, record, **kw: services.update_reintegration_visit(visit=record, **kw),
        delete=lambda *, record, **kw: services.delete_reintegration_visit(visit=record, **kw),
    ),
    "closure": RecordKind(
        form=forms.AssistanceClosureForm,
        title=_("Closure of the assistance file"),
        get=access.get_assistance_closure_for_user,
        record=services.close_assistance,
        update=lambda *, record, **kw: services.update_assistance_closure(closure=record, **kw),
        delete=lambda *, record, **kw: services.delete_assistance_closure(closure=record, **kw),
    ),
}
