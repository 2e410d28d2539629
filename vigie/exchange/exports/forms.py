from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigie.exchange.exports.archive import MIN_PASSWORD_LENGTH, check_password
from vigie.exchange.exports.services import ExportKind

KIND_LABELS = {
    ExportKind.HTCDS_XLSX: _("HTCDS v2.0, Excel workbook (names and details: encrypted archive)"),
    ExportKind.HTCDS_CSV: _("HTCDS v2.0, CSV files (names and details: encrypted archive)"),
    ExportKind.CTDC_CSV: _("CTDC-compatible anonymous records, CSV (coded fields only)"),
}


class PasswordForm(forms.Form):
    """The archive's password: the one shown on the page (generated for this export) or one typed twice."""

    choice = forms.ChoiceField(
        label=_("Password of the archive"),
        widget=forms.RadioSelect,
        choices=[("generated", _("Use the password shown above")), ("typed", _("Type my own password"))],
        initial="generated",
    )
    generated = forms.CharField(widget=forms.HiddenInput, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "minlength": MIN_PASSWORD_LENGTH}),
        help_text=_("At least %(n)d characters. Give it to the recipient by another channel than the file.")
        % {"n": MIN_PASSWORD_LENGTH},
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == "generated":
            data["archive_password"] = data.get("generated", "")
        else:
            if data.get("password") != data.get("password_again"):
                raise ValidationError(_("The two passwords differ."))
            data["archive_password"] = data.get("password", "")
        if self.password_required or data["archive_password"]:
            try:
                check_password(data["archive_password"])
            except ValidationError as error:
                self.add_error("password", error)
        return data


class ExportForm(PasswordForm):
    kind = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    encrypt_anonymous = forms.BooleanField(label=_("Put the anonymous CSV in an encrypted archive too"), required=False)

    field_order = ["kind", "encrypt_anonymous", "choice", "generated", "password", "password_again"]

    def __init__(self, *args: Any, kinds: list[ExportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, KIND_LABELS[k]) for k in kinds]  # type: ignore[attr-defined]
        self.fields["kind"].initial = kinds[0].value

    def clean(self) -> dict[str, Any]:
        kind = self.cleaned_data.get("kind")
        self.password_required = kind != ExportKind.CTDC_CSV or bool(self.cleaned_data.get("encrypt_anonymous"))
        data = super().clean()
        if not self.password_required:
            data["archive_password"] = None
        return data
