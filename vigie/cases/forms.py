from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigie.accounts.models import Agency
from vigie.accounts.selectors import all_agencies
from vigie.cases.models import BorderCrossing, Case, CaseShare, Event, Participant, SuspectedOffence
from vigie.forms import CountryChoiceField, DateInput, VersionedForm
from vigie.reference.codelists import BenefitSought, ExploitationForm, MeansOfControl, Sector
from vigie.reference.models import Country


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("A case reference, or a name or alias of a person in the case.")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *Case.Status.choices])
    offence = forms.ChoiceField(
        label=_("Offence"), required=False, choices=[("", _("Any")), *SuspectedOffence.Offence.choices]
    )
    agency = forms.ModelChoiceField(
        label=_("Lead agency"), required=False, queryset=Agency.objects.none(), empty_label=_("Any")
    )
    country = CountryChoiceField(
        label=_("Country of detection"),
        required=False,
        queryset=Country.objects.of_vigie_region(),
        empty_label=_("Any"),
    )
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DateInput)
    opened_to = forms.DateField(label=_("Opened until"), required=False, widget=DateInput)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class CaseForm(VersionedForm):
    agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    title = forms.CharField(
        label=_("Short title"), required=False, max_length=200, help_text=Case._meta.get_field("title").help_text
    )
    offences = forms.MultipleChoiceField(
        label=_("Suspected offences"), choices=SuspectedOffence.Offence.choices, widget=forms.CheckboxSelectMultiple
    )
    country = CountryChoiceField(label=_("Country of detection"), queryset=Country.objects.all())
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    reported_on = forms.DateField(label=_("Reported on"), required=False, widget=DateInput)
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=Case._meta.get_field("narrative").help_text,
    )

    def __init__(self, *args: Any, agencies: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]
        if editing:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            if len(agencies) == 1:
                self.fields["agency"].initial = agencies[0]
                self.fields["agency"].widget = forms.HiddenInput()


class CaseStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=Case.Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"), required=False, choices=[("", "—"), *Case.ClosureReason.choices]
    )
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput)
    grounds = forms.CharField(
        label=_("Grounds for closing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Closing is proposed to a second authorised person of the agency, who confirms it."),
    )


class IdentificationForm(forms.Form):
    identified_on = forms.DateField(label=_("Identified on"), widget=DateInput)
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The indicators found and how: interview, documents, statements. A second authorised person of the "
            "lead agency confirms the identification."
        ),
    )


class DecisionRejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is it rejected?"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseShareForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Share with"), queryset=Agency.objects.none())
    purpose = forms.ChoiceField(
        label=_("Shared for"),
        choices=CaseShare.Purpose.choices,
        widget=forms.RadioSelect,
        help_text=_("An agency shared the case for victim assistance does not see the investigation or the courts."),
    )
    reason = forms.CharField(label=_("Why this agency needs to know"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = all_agencies().exclude(pk=case.agency_id)  # type: ignore[attr-defined]


class ParticipantForm(VersionedForm):
    role = forms.ChoiceField(label=_("Role in the case"), choices=Participant.Role.choices)
    suspect_role = forms.ChoiceField(
        label=_("Part played (suspects)"), required=False, choices=[("", "—"), *Participant.SuspectRole.choices]
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        required=False,
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(
        label=_("Sector of exploitation"),
        required=False,
        choices=[("", "—"), *Sector.choices],
    )
    no_exploitation = forms.BooleanField(
        label=_("None: no exploitation was intended"),
        required=False,
        help_text=Participant._meta.get_field("no_exploitation").help_text,
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"), required=False, choices=MeansOfControl.choices, widget=forms.CheckboxSelectMultiple
    )
    no_means_of_control = forms.BooleanField(
        label=_("None: no means of control was used"),
        required=False,
        help_text=Participant._meta.get_field("no_means_of_control").help_text,
    )
    crossed_no_border = forms.BooleanField(
        label=_("Crossed no border"),
        required=False,
        help_text=Participant._meta.get_field("crossed_no_border").help_text,
    )
    benefit_sought = forms.ChoiceField(label=_("Benefit sought by the suspects"), choices=BenefitSought.choices)
    identified_on = forms.DateField(label=_("Identified on"), required=False, widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(VersionedForm):
    kind = forms.ChoiceField(label=_("What happened"), choices=Event.Kind.choices)
    date = forms.CharField(
        label=_("Date"), required=False, max_length=10, help_text=Event._meta.get_field("date").help_text
    )
    country = CountryChoiceField(label=_("Country"), required=False, queryset=Country.objects.all())
    admin_area = forms.CharField(label=_("Region or district"), required=False, max_length=200)
    locality = forms.CharField(label=_("Town, village or site"), required=False, max_length=200)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=8, decimal_places=5, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5, min_value=-180, max_value=180
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.ModelMultipleChoiceField(
        label=_("People involved"),
        required=False,
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]
        self.fields["participants"].queryset = case.participants.select_related("person")  # type: ignore[attr-defined]
        self.fields["participants"].label_from_instance = lambda p: f"{p.person} — {p.get_role_display()}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class CrossingForm(VersionedForm):
    from_country = CountryChoiceField(label=pgettext_lazy("border crossing", "From"), queryset=Country.objects.all())
    to_country = CountryChoiceField(label=pgettext_lazy("border crossing", "To"), queryset=Country.objects.all())
    date = forms.CharField(
        label=_("Date"), required=False, max_length=10, help_text=Event._meta.get_field("date").help_text
    )
    border_post = forms.CharField(label=_("Border post or place"), required=False, max_length=200)
    documents = forms.ChoiceField(label=_("Documents"), choices=BorderCrossing.Documents.choices)
    entry = forms.ChoiceField(label=_("Entry"), choices=BorderCrossing.Entry.choices)
    procured_by = forms.ModelChoiceField(
        label=_("Entry procured by"), required=False, queryset=Participant.objects.none()
    )
    procured_by_nobody = forms.BooleanField(
        label=_("Nobody procured the entry"),
        required=False,
        help_text=BorderCrossing._meta.get_field("procured_by_nobody").help_text,
    )
    travellers = forms.ModelMultipleChoiceField(
        label=_("Who crossed"), required=False, queryset=Participant.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_country", "to_country"):
            self.fields[name].queryset = Country.objects.region_first()  # type: ignore[attr-defined]
        people = case.participants.select_related("person")
        self.fields["procured_by"].queryset = people.filter(role=Participant.Role.SUSPECT)  # type: ignore[attr-defined]
        self.fields["travellers"].queryset = people.exclude(role=Participant.Role.SUSPECT)  # type: ignore[attr-defined]
        label = lambda p: f"{p.person} — {p.get_role_display()}"  # noqa: E731
        self.fields["procured_by"].label_from_instance = label  # type: ignore[attr-defined]
        self.fields["travellers"].label_from_instance = label  # type: ignore[attr-defined]
