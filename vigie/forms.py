"""Form helpers shared by the apps' forms."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class VersionedForm(forms.Form):
    """Carries the version of the record the user opened, so that a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def add_service_errors(form: forms.BaseForm, error: ValidationError, *more_forms: forms.BaseForm) -> None:
    """Show a service's refusal next to the field it names (in whichever form has it), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        owner = next((f for f in (form, *more_forms) if field in f.fields), None)
        if owner is None:
            form.add_error(None, errors)
        else:
            owner.add_error(field, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CountryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CountryMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)
