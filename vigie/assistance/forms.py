from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from vigie.assistance.models import (
    DOMAINS,
    AssistanceClosure,
    AssistancePlan,
    AssistanceRecord,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.assistance.selectors import assisted_participants
from vigie.cases.models import Case, Participant
from vigie.forms import CountryChoiceField, DateInput, VersionedForm
from vigie.reference.models import Country


def _form_field(field: "models.Field[Any, Any]", **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.DateField):
        kwargs["widget"] = DateInput
    if isinstance(field, models.ForeignKey) and field.related_model is Country:
        return CountryChoiceField(label=capfirst(field.verbose_name), queryset=Country.objects.region_first())
    formfield: forms.Field | None = field.formfield(**kwargs)
    if formfield is not None and isinstance(field, models.TextField):
        formfield.widget.attrs["rows"] = 3
    return formfield


class AssistanceForm(VersionedForm):
    """A record about one assisted person: the person is chosen when it is added, and kept after."""

    model: type[AssistanceRecord]
    field_names: list[str]

    participant = forms.ModelChoiceField(label=_("Person assisted"), queryset=Participant.objects.none())

    def __init__(self, *args: Any, case: Case, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(self.model, fields=self.field_names, formfield_callback=_form_field))
        if editing:
            del self.fields["participant"]
        else:
            field = self.fields["participant"]
            field.queryset = case.participants.filter(  # type: ignore[attr-defined]
                pk__in=[p.pk for p in assisted_participants(case)]
            ).select_related("person")
            field.label_from_instance = lambda p: f"{p.person} — {p.get_role_display()}"  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """What the service is given: the record's fields, without the version and the person."""
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "participant"}}


class NeedsAssessmentForm(AssistanceForm):
    model = NeedsAssessment
    field_names = [
        "assessed_on",
        *[name for code, _label in DOMAINS for name in (code, f"{code}_note")],
        "next_review_on",
        "notes",
    ]


class ReflectionPeriodForm(AssistanceForm):
    model = ReflectionPeriod
    field_names = ["started_on", "ends_on", "granted_by", "outcome", "notes"]


class AssistancePlanForm(AssistanceForm):
    model = AssistancePlan
    field_names = ["agreed_on", "agreed_with_person", "goals", "review_on", "notes"]


class FamilyAssessmentForm(AssistanceForm):
    model = FamilyAssessment
    field_names = ["assessed_on", "assessed_by", "place", "outcome", "notes"]


class VoluntaryReturnForm(AssistanceForm):
    model = VoluntaryReturn
    field_names = [
        "from_country",
        "to_country",
        "area",
        "consent_given",
        "consent_on",
        "planned_on",
        "escort",
        "notes",
    ]


class ReintegrationVisitForm(AssistanceForm):
    model = ReintegrationVisit
    field_names = ["visited_on", "visited_by", "place", "situation", "next_visit_on", "notes"]


class AssistanceClosureForm(AssistanceForm):
    model = AssistanceClosure
    field_names = ["closed_on", "reason", "reason_other", "notes"]


class PlanStatusForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("The plan is"),
        choices=[(s.value, s.label) for s in (AssistancePlan.Status.COMPLETED, AssistancePlan.Status.STOPPED)],
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(label=_("On"), widget=DateInput)
    stop_reason = forms.CharField(label=_("Why it is stopped"), required=False, max_length=500)


class ReturnStatusForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("The return is"),
        choices=[(s.value, s.label) for s in (VoluntaryReturn.Status.COMPLETED, VoluntaryReturn.Status.CANCELLED)],
        widget=forms.RadioSelect,
    )
    returned_on = forms.DateField(label=_("Returned on"), required=False, widget=DateInput)


class ReopenForm(VersionedForm):
    reopened_on = forms.DateField(label=_("Reopened on"), widget=DateInput)
    reason = forms.CharField(label=_("Why the file is reopened"), max_length=500)
