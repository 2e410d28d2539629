from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.models import Case, Participant, SuspectedOffence
from vigie.forms import CountryChoiceField, DateInput, VersionedForm
from vigie.justice.models import CooperationRequest, Currency, Hearing, Proceeding, ProtectiveMeasure, Verdict
from vigie.legal import law_profiles
from vigie.reference.models import Country

STATUS_LABELS = {
    "partial": _("partly verified"),
    "conflict": _("sources disagree"),
    "unverified": _("unverified"),
}


def law_choices(country_id: str) -> list[tuple[str, str]]:
    """The laws of the case's country; those not verified say so, and a repealed law is marked."""
    choices: list[tuple[str, str]] = [("", str(_("— none, or not in the list —")))]
    for law in law_profiles.laws_of(country_id):
        label = law.label()
        if not law.verified:
            label = f"{label} [{STATUS_LABELS.get(law.status, law.status)}]"
        if not law.in_force:
            label = "{} [{}]".format(label, _("repealed"))
        choices.append((law.key, label))
    return choices


def _people(case: Case) -> Any:
    return case.participants.select_related("person")


def _label(participant: Participant) -> str:
    return f"{participant.person} — {participant.get_role_display()}"


class ProceedingForm(VersionedForm):
    court_name = forms.CharField(label=_("Court"), max_length=200)
    court_country = CountryChoiceField(label=_("Country"), queryset=Country.objects.all())
    level = forms.ChoiceField(label=_("Level"), choices=Proceeding.Level.choices)
    reference = forms.CharField(label=_("Court reference"), max_length=100, required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    appeal_of = forms.ModelChoiceField(
        label=_("Appeal against"),
        required=False,
        queryset=Proceeding.objects.none(),
        help_text=_("The round whose decision is appealed; leave empty for a first round."),
    )
    appealed_by = forms.ChoiceField(
        label=_("Appealed by"), required=False, choices=[("", "—"), *Proceeding.AppealedBy.choices]
    )
    prosecutor = forms.ModelChoiceField(
        label=_("Prosecutor in charge"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("What waits in this round goes to them; to every prosecutor of the agency when empty."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court_country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]
        self.fields["appeal_of"].queryset = case.proceedings.all()  # type: ignore[attr-defined]
        self.fields["prosecutor"].queryset = permissions.possible_prosecutors(case.agency_id)  # type: ignore[attr-defined]
        self.fields["prosecutor"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("On"), widget=DateInput)

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices  # type: ignore[attr-defined]


class ProceedingStatusForm(StatusForm):
    transferred_to = forms.CharField(
        label=_("Transferred to"),
        max_length=200,
        required=False,
        help_text=_("For a transfer: the court the case went to."),
    )


class ChargeForm(VersionedForm):
    accused = forms.ModelChoiceField(
        label=_("Person charged"),
        queryset=Participant.objects.none(),
        help_text=_("A suspect of the case. Charging a victim calls for the non-punishment principle."),
    )
    offence = forms.ChoiceField(label=_("Offence"), choices=SuspectedOffence.Offence.choices)
    law_key = forms.ChoiceField(label=_("Law"), required=False)
    provision = forms.CharField(
        label=_("Article or provision"), max_length=300, required=False, help_text=_("E.g. art. 10 and 11 of the law.")
    )
    charged_on = forms.DateField(label=_("Charged on"), widget=DateInput)
    facts_on = forms.DateField(
        label=_("Date of the facts"),
        required=False,
        widget=DateInput,
        help_text=_("When the facts charged took place, or the last of them. Needed under a repealed law."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chargeable = [Participant.Role.SUSPECT, Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM]
        self.fields["accused"].queryset = _people(case).filter(role__in=chargeable)  # type: ignore[attr-defined]
        self.fields["accused"].label_from_instance = _label  # type: ignore[attr-defined]
        choices = law_choices(case.country_id)
        if len(choices) == 1:
            # No law profile for this country: the provision is written out in full.
            del self.fields["law_key"]
        else:
            self.fields["law_key"].choices = choices  # type: ignore[attr-defined]


class HearingForm(VersionedForm):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Hearing.Purpose.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Not yet held")), *Hearing.Outcome.choices],
    )
    next_date = forms.DateField(label=_("Next hearing on"), required=False, widget=DateInput)
    protective_measures = forms.MultipleChoiceField(
        label=_("Protective measures"),
        required=False,
        choices=ProtectiveMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    protected_persons = forms.ModelMultipleChoiceField(
        label=_("Protected persons"),
        required=False,
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["protected_persons"].queryset = _people(case).exclude(role=Participant.Role.SUSPECT)  # type: ignore[attr-defined]
        self.fields["protected_persons"].label_from_instance = _label  # type: ignore[attr-defined]


class VerdictForm(VersionedForm):
    proceeding = forms.ModelChoiceField(label=_("Round"), queryset=Proceeding.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Verdict.Outcome.choices)
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *Verdict.Reason.choices],
        help_text=_("Required unless the person was convicted."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["proceeding"]
        else:
            self.fields["proceeding"].queryset = case.proceedings.all()  # type: ignore[attr-defined]


class SentenceForm(VersionedForm):
    prison_months = forms.IntegerField(label=_("Prison term (months)"), required=False, min_value=0)
    suspended_months = forms.IntegerField(label=_("Of which suspended (months)"), required=False, min_value=0)
    fine_amount = forms.DecimalField(label=_("Fine"), required=False, min_value=0, max_digits=14, decimal_places=2)
    fine_currency = forms.ChoiceField(
        label=_("Currency of the fine"), required=False, choices=[("", "—"), *Currency.choices]
    )
    confiscation = forms.CharField(
        label=_("Confiscation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was confiscated."),
    )
    confiscation_amount = forms.DecimalField(
        label=_("Value confiscated"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    confiscation_currency = forms.ChoiceField(
        label=_("Currency of the value"), required=False, choices=[("", "—"), *Currency.choices]
    )
    compensation_currency = forms.ChoiceField(
        label=_("Currency of the compensation"), required=False, choices=[("", "—"), *Currency.choices]
    )

    def __init__(self, *args: Any, victims: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.victims = victims
        for victim in victims:
            self.fields[f"compensation_{victim.pk}"] = forms.DecimalField(
                label=_("Compensation ordered to %(person)s") % {"person": victim.person},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ordered = [data.get(f"compensation_{victim.pk}") for victim in self.victims]
        if any(amount is not None for amount in ordered) and not data.get("compensation_currency"):
            self.add_error("compensation_currency", _("Give the currency of the compensation."))
        return data

    def sentence_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.fields if not name.startswith("compensation") and name != "version"}
        values["compensations"] = [
            (victim, data[f"compensation_{victim.pk}"], data["compensation_currency"])
            for victim in self.victims
            if data.get(f"compensation_{victim.pk}") is not None
        ]
        return values


class CooperationRequestForm(VersionedForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=CooperationRequest.Direction.choices)
    kind = forms.ChoiceField(label=_("Type of request"), choices=CooperationRequest.Kind.choices)
    other_country = CountryChoiceField(label=_("Other country"), queryset=Country.objects.all())
    foreign_authority = forms.CharField(label=_("Foreign authority"), max_length=200)
    subject_persons = forms.ModelMultipleChoiceField(
        label=_("Persons concerned"),
        required=False,
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    request = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 4}))
    sent_on = forms.DateField(label=_("Sent on"), required=False, widget=DateInput)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    deadline_basis = forms.ChoiceField(
        label=_("Deadline set by"), required=False, choices=[("", "—"), *CooperationRequest.DeadlineBasis.choices]
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]
        self.fields["subject_persons"].queryset = _people(case)  # type: ignore[attr-defined]
        self.fields["subject_persons"].label_from_instance = _label  # type: ignore[attr-defined]
