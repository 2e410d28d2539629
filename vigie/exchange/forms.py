from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigie.accounts.models import Agency
from vigie.exchange.services import REGISTER_KINDS, check_upload_size

KIND_LABELS = {
    "htcds": _(
        "HTCDS v2.0 (Excel template, CSV, XLSForm export, or vigie's HTCDS export as its password-protected "
        "archive) into the register of cases"
    ),
    "spreadsheet": _("An agency spreadsheet into the register of cases"),
    "case-json": _("A case exported by vigie (its password-protected archive, or the .json file) into the register"),
    "ctdc": _("CTDC global data (anonymous records) into a data set"),
    "glotip": _("UNODC GLOTIP country figures into a data set"),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))
    agency = forms.ModelChoiceField(
        label=_("Agency whose register receives the records"), queryset=Agency.objects.none(), required=False
    )
    dataset_name = forms.CharField(
        label=_("Name of the data set"),
        max_length=100,
        required=False,
        help_text=_("Anonymous records go into a named data set; a new name creates it."),
    )
    password = forms.CharField(
        label=_("Password of the archive"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Only for an export of vigie in its protected archive (.zip): a case, or HTCDS. It opens the archive now "
            "and is not kept."
        ),
    )
    keep_valid = forms.BooleanField(
        label=_("Import the valid rows even if some are rejected (the rejected ones come back in a file)"),
        required=False,
    )

    def __init__(self, *args: Any, kinds: list[str], agencies: "Any", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, KIND_LABELS.get(kind, kind)) for kind in kinds]  # type: ignore[attr-defined]
        self.fields["kind"].initial = kinds[0]
        agency_field: forms.ModelChoiceField[Agency] = self.fields["agency"]  # type: ignore[assignment]
        agency_field.queryset = agencies
        if len(agencies) == 1:
            agency_field.initial = agencies[0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size or 0)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in REGISTER_KINDS and not data.get("agency"):
            raise ValidationError(_("Choose the agency whose register receives the records."))
        return data
