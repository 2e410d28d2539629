from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vigie.accounts.models import Agency
from vigie.accounts.selectors import all_agencies
from vigie.cases.models import Case, Participant
from vigie.forms import CountryChoiceField, DateInput, VersionedForm
from vigie.reference.models import Country
from vigie.referrals.models import BestInterestsDecision, PeopleServed, Referral, ServiceKind, ServiceProvider
from vigie.referrals.services import REFERABLE_ROLES


class ParticipantChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name or '#' + str(obj.person_id)} — {obj.get_role_display()}"


def referable_people(case: Case) -> QuerySet[Participant]:
    return case.participants.filter(role__in=REFERABLE_ROLES).select_related("person")


class ProviderFilterForm(forms.Form):
    country = CountryChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.of_vigie_region(), empty_label=_("Any")
    )
    area = forms.CharField(label=_("Region or district"), required=False)
    kind = forms.ChoiceField(label=_("Service"), required=False, choices=[("", _("Any")), *ServiceKind.choices])
    people = forms.ChoiceField(
        label=_("People served"), required=False, choices=[("", _("Any")), *PeopleServed.choices]
    )


class ProviderForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kinds = forms.MultipleChoiceField(
        label=_("Services offered"), choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.region_first())
    admin_area = forms.CharField(label=_("Region or district"), required=False, max_length=200)
    locality = forms.CharField(label=_("Town or village"), required=False, max_length=200)
    people_served = forms.MultipleChoiceField(
        label=_("People served"), choices=PeopleServed.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("Capacity (places)"), required=False, min_value=1, help_text=_("Beds or places; leave empty if none.")
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        help_text=_("With the country code, e.g. +227 20 51 00 00."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    languages = forms.CharField(label=_("Languages spoken"), required=False, max_length=200)
    run_by = forms.ModelChoiceField(
        label=_("Run by an agency registered in vigie"),
        required=False,
        queryset=Agency.objects.none(),
        help_text=_("Referrals to this provider then reach that agency's case workers."),
    )

    maintained_by = forms.ModelChoiceField(
        label=_("Maintained by"),
        queryset=Agency.objects.none(),
        help_text=_("The agency of yours that keeps this entry up to date."),
    )

    def __init__(self, *args: Any, maintainers: QuerySet[Agency] | None = None, **kwargs: Any) -> None:
        """`maintainers`: when adding, the user's agencies that may maintain the entry; the choice is asked
        only of a user who works in more than one."""
        super().__init__(*args, **kwargs)
        self.fields["run_by"].queryset = all_agencies()  # type: ignore[attr-defined]
        if maintainers is not None and maintainers.count() > 1:
            self.fields["maintained_by"].queryset = maintainers  # type: ignore[attr-defined]
        else:
            del self.fields["maintained_by"]

    def provider_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("maintained_by", None)
        data["country_id"] = data.pop("country").pk
        return data


class ReferralForm(VersionedForm):
    participant = ParticipantChoiceField(label=_("Person referred"), queryset=Participant.objects.none())
    to_agency = forms.ModelChoiceField(
        label=_("To an agency"), required=False, queryset=Agency.objects.none(), help_text=_("Either an agency…")
    )
    to_provider = forms.ModelChoiceField(
        label=_("To a service provider"),
        required=False,
        queryset=ServiceProvider.objects.none(),
        help_text=_("…or a provider of the directory."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services requested"), choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Referral.Urgency.choices)
    notes = forms.CharField(
        label=_("Notes for the receiver"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the receiver needs to know to help; nothing more."),
    )

    def __init__(self, *args: Any, case: Case, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("participant", "to_agency", "to_provider"):
                del self.fields[name]
            return
        self.fields["participant"].queryset = referable_people(case)  # type: ignore[attr-defined]
        self.fields["to_agency"].queryset = all_agencies().exclude(pk=case.agency_id)  # type: ignore[attr-defined]
        self.fields["to_provider"].queryset = ServiceProvider.objects.active()  # type: ignore[attr-defined]


class TransitionForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BestInterestsForm(forms.Form):
    participant = ParticipantChoiceField(label=_("Child"), queryset=Participant.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BestInterestsDecision.Purpose.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = referable_people(case)  # type: ignore[attr-defined]


class ServiceForm(VersionedForm):
    participant = ParticipantChoiceField(label=_("Person"), queryset=Participant.objects.none())
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    provider = forms.ModelChoiceField(label=_("Provider"), required=False, queryset=ServiceProvider.objects.none())
    referral = forms.ModelChoiceField(label=_("Referral"), required=False, queryset=Referral.objects.none())
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ServiceProvider.objects.all()  # type: ignore[attr-defined]
        self.fields["referral"].queryset = case.referrals.all()  # type: ignore[attr-defined]
        if editing:
            del self.fields["participant"]
        else:
            self.fields["participant"].queryset = referable_people(case)  # type: ignore[attr-defined]
