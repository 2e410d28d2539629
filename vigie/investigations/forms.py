from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.cases.models import Case, Participant
from vigie.forms import CountryChoiceField, CountryMultipleChoiceField, DateInput, VersionedForm
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure, currency_choices
from vigie.investigations.services import lead_agency_choices
from vigie.reference.models import Country


def _person_label(participant: Participant) -> str:
    return f"{participant.person} — {participant.get_role_display()}"


class InvestigationForm(VersionedForm):
    agency = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Agency.objects.none(),
        help_text=Investigation._meta.get_field("agency").help_text,
    )
    lead_unit = forms.CharField(
        label=_("Lead unit"), max_length=200, help_text=Investigation._meta.get_field("lead_unit").help_text
    )
    lead_investigator = forms.ModelChoiceField(
        label=_("Lead investigator"), required=False, queryset=User.objects.none()
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    techniques = forms.MultipleChoiceField(
        label=_("Special investigative techniques"),
        required=False,
        choices=Investigation.Technique.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_countries = CountryMultipleChoiceField(
        label=_("Partner countries of the joint team"),
        required=False,
        queryset=Country.objects.none(),
        help_text=_("Only for a joint investigation team."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_ids = lead_agency_choices(case)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=agency_ids)  # type: ignore[attr-defined]
        # Investigators of every agency that may lead; the service checks the one chosen belongs to the lead.
        staff = User.objects.none()
        for agency_id in agency_ids:
            staff = staff | permissions.possible_lead_investigators(agency_id)
        self.fields["lead_investigator"].queryset = staff.distinct()  # type: ignore[attr-defined]
        self.fields["lead_investigator"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["partner_countries"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]


class InvestigationStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=Investigation.Status.choices)
    closing_reason = forms.ChoiceField(
        label=_("Reason for closing"), required=False, choices=[("", "—"), *Investigation.ClosingReason.choices]
    )
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reopen a closed investigation."),
    )


class ArrestForm(VersionedForm):
    suspect = forms.ModelChoiceField(label=_("Person arrested"), queryset=Participant.objects.none())
    arrested_on = forms.DateField(label=_("Arrested on"), widget=DateInput)
    country = CountryChoiceField(label=_("Country"), required=False, queryset=Country.objects.none())
    admin_area = forms.CharField(label=_("Region or district"), required=False, max_length=200)
    locality = forms.CharField(label=_("Town, village or site"), required=False, max_length=200)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=8, decimal_places=5, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5, min_value=-180, max_value=180
    )
    arresting_unit = forms.CharField(label=_("Arresting unit"), required=False, max_length=200)
    custody_outcome = forms.ChoiceField(
        label=_("Custody"), required=False, choices=[("", "—"), *Arrest.CustodyOutcome.choices]
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suspects = case.participants.filter(role=Participant.Role.SUSPECT).select_related("person")
        self.fields["suspect"].queryset = suspects  # type: ignore[attr-defined]
        self.fields["suspect"].label_from_instance = _person_label  # type: ignore[attr-defined]
        self.fields["country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]


class SeizureForm(VersionedForm):
    kind = forms.ChoiceField(label=_("What"), choices=Seizure.Kind.choices)
    measure = forms.ChoiceField(label=_("Measure"), choices=Seizure.Measure.choices, widget=forms.RadioSelect)
    taken_on = forms.DateField(label=_("Seized or frozen on"), widget=DateInput)
    released_on = forms.DateField(
        label=_("Returned or released on"),
        required=False,
        widget=DateInput,
        help_text=Seizure._meta.get_field("released_on").help_text,
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    identifier = forms.CharField(
        label=_("Identifier"), required=False, max_length=100, help_text=Seizure._meta.get_field("identifier").help_text
    )
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=16, decimal_places=2, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    persons = forms.ModelMultipleChoiceField(
        label=_("Linked to"), required=False, queryset=Participant.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [("", "—"), *currency_choices()]  # type: ignore[attr-defined]
        self.fields["persons"].queryset = case.participants.select_related("person")  # type: ignore[attr-defined]
        self.fields["persons"].label_from_instance = _person_label  # type: ignore[attr-defined]


class MoneyFlowForm(VersionedForm):
    from_participant = forms.ModelChoiceField(
        label=_("From (person)"), required=False, queryset=Participant.objects.none()
    )
    from_seizure = forms.ModelChoiceField(
        label=_("From (seized account)"), required=False, queryset=Seizure.objects.none()
    )
    from_account = forms.CharField(
        label=_("From (other account)"), required=False, max_length=100, help_text=_("An account that was not seized.")
    )
    to_participant = forms.ModelChoiceField(label=_("To (person)"), required=False, queryset=Participant.objects.none())
    to_seizure = forms.ModelChoiceField(label=_("To (seized account)"), required=False, queryset=Seizure.objects.none())
    to_account = forms.CharField(
        label=_("To (other account)"), required=False, max_length=100, help_text=_("An account that was not seized.")
    )
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"))
    date = forms.CharField(
        label=_("Date"), required=False, max_length=10, help_text=MoneyFlow._meta.get_field("date").help_text
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=MoneyFlow.Channel.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, investigation: Investigation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()  # type: ignore[attr-defined]
        people = investigation.case.participants.select_related("person")
        accounts = investigation.seizures.filter(kind__in=Seizure.ACCOUNT_KINDS)
        for end in ("from", "to"):
            self.fields[f"{end}_participant"].queryset = people  # type: ignore[attr-defined]
            self.fields[f"{end}_participant"].label_from_instance = _person_label  # type: ignore[attr-defined]
            self.fields[f"{end}_seizure"].queryset = accounts  # type: ignore[attr-defined]
            self.fields[f"{end}_seizure"].label_from_instance = _account_label  # type: ignore[attr-defined]


def _account_label(seizure: Seizure) -> str:
    return " — ".join(filter(None, [seizure.get_kind_display(), seizure.identifier, seizure.description]))
