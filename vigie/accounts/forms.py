from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.accounts.models import Agency, Membership
from vigie.forms import CountryChoiceField, VersionedForm
from vigie.reference.models import Country


def _role_choices(roles: Iterable[str]) -> list[tuple[str, Any]]:
    allowed = set(roles)
    return [(value, label) for value, label in Membership.Role.choices if value in allowed]


class AgencyFilterForm(forms.Form):
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.region_first(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Agency.Kind.choices], required=False)


class AgencyCreateForm(forms.Form):
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.region_first())
    code = forms.CharField(
        label=_("Code"), max_length=12, help_text=_("Short capital letters used in case references, e.g. ANLTP.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)


class AgencyEditForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)


class RoleForm(VersionedForm):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class ExistingMemberForm(forms.Form):
    username = forms.CharField(
        label=_("User name"), max_length=150, help_text=_("Exactly as the person logs in to vigie.")
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]


class NewMemberForm(ExistingMemberForm):
    username = forms.CharField(label=_("User name"), max_length=150, help_text=_("What the person will log in with."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    field_order = ["username", "first_name", "last_name", "email", "role"]
