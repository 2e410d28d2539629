from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.forms import CountryChoiceField, CountryMultipleChoiceField, DateInput, VersionedForm
from vigie.people.models import Consent, IdentityDocument, Person
from vigie.reference.codelists import Sex
from vigie.reference.models import Country


class PersonForm(VersionedForm):
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    aliases = forms.CharField(
        label=_("Aliases and other spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: nicknames, other spellings (Mahamadou, Mohamed), other names used."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=Person._meta.get_field("date_of_birth").help_text,
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=Person._meta.get_field("estimated_age").help_text,
    )
    age_estimated_on = forms.DateField(label=_("Age estimated on"), required=False, widget=DateInput)
    nationalities = CountryMultipleChoiceField(
        label=_("Nationalities"),
        required=False,
        queryset=Country.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=200, help_text=Person._meta.get_field("languages").help_text
    )
    origin_country = CountryChoiceField(label=_("Country of origin"), required=False, queryset=Country.objects.none())
    origin_area = forms.CharField(label=_("Region or district of origin"), required=False, max_length=200)
    origin_locality = forms.CharField(label=_("Town or village of origin"), required=False, max_length=200)
    residence_country = CountryChoiceField(
        label=_("Country of residence"), required=False, queryset=Country.objects.none()
    )
    residence_area = forms.CharField(label=_("Region or district of residence"), required=False, max_length=200)
    residence_locality = forms.CharField(label=_("Town or village of residence"), required=False, max_length=200)
    lawful_permanent_resident = forms.NullBooleanField(
        label=_("Lawful permanent resident of the country of residence"),
        required=False,
        widget=forms.NullBooleanSelect,
        help_text=Person._meta.get_field("lawful_permanent_resident").help_text,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nationalities", "origin_country", "residence_country"):
            self.fields[name].queryset = Country.objects.region_first()  # type: ignore[attr-defined]

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def person_values(self) -> dict[str, Any]:
        """The cleaned values as the people services take them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in (
            "given_names",
            "family_name",
            "date_of_birth",
            "languages",
            "origin_area",
            "origin_locality",
            "residence_area",
            "residence_locality",
        ):
            data[name] = (data.get(name) or "").strip()
        return data

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        fields = [name for name in PersonForm.base_fields if name not in ("aliases", "nationalities", "version")]
        initial = {name: getattr(person, name) for name in fields}
        initial["aliases"] = "\n".join(a.name for a in person.aliases.all())
        initial["nationalities"] = list(person.nationalities.all())
        initial["version"] = person.version
        return initial


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(label=_("Document number"), max_length=60)
    issuing_country = CountryChoiceField(label=_("Issuing country"), required=False, queryset=Country.objects.none())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)
    is_fraudulent = forms.NullBooleanField(label=_("Known to be fraudulent"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].queryset = Country.objects.region_first()  # type: ignore[attr-defined]


class PhoneForm(forms.Form):
    number = forms.CharField(
        label=_("Phone number"), max_length=24, help_text=_("With the country code, e.g. +227 96 12 34 56.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)
    method = forms.ChoiceField(label=_("How it was given"), choices=Consent.Method.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput)
