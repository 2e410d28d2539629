from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.accounts.models import Agency
from vigie.exchange.models import ColumnMapping
from vigie.exchange.services import check_upload_size
from vigie.exchange.spreadsheet.fields import PICKLIST_TARGETS, TARGETS, Target
from vigie.forms import VersionedForm

NOT_IMPORTED = ""


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency whose register receives it"))
    mapping = forms.ModelChoiceField(
        queryset=ColumnMapping.objects.none(),
        required=False,
        label=_("Start from a saved mapping"),
        help_text=_("Leave empty to start from the suggestions read from the column headers."),
    )

    def __init__(self, *args: Any, agencies: Any, mappings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["mapping"].queryset = mappings  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        # Refused before it is kept for the mapping page: it would be refused at its import anyway.
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size or 0)
        return upload


def _target_choices() -> list[Any]:
    groups: dict[str, list[tuple[str, Any]]] = {}
    for target in TARGETS:
        groups.setdefault(str(target.group), []).append((target.name, target.label))
    return [(NOT_IMPORTED, _("— not imported —")), *groups.items()]


def _values_help(target: Target) -> str:
    if target.choices is None:
        return ""
    allowed = ", ".join(f"{code} ({label})" for code, label in target.choices.choices)
    return str(_("One per line: the word in the file = the value in vigie. Values in vigie: %(allowed)s.")) % {
        "allowed": allowed
    }


def parse_value_lines(text: str) -> dict[str, str]:
    pairs = (line.partition("=") for line in text.splitlines())
    return {written.strip(): code.strip() for written, sep, code in pairs if sep and written.strip()}


class MappingForm(VersionedForm):
    """One select per column of the file (labelled by its header), one box of words per picklist field."""

    name = forms.CharField(label=_("Name of the mapping"), max_length=100)
    date_order = forms.ChoiceField(label=_("Dates such as 03/04/2021"), choices=ColumnMapping.DateOrder.choices)
    # The sheet whose columns the page shows (chosen above the form): saved with the mapping.
    sheet = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(label=header, choices=_target_choices(), required=False)
        for target in PICKLIST_TARGETS:
            self.fields[f"values_{target.name}"] = forms.CharField(
                label=target.label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_values_help(target),
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"values_{t.name}"] for t in PICKLIST_TARGETS]

    def columns(self) -> dict[str, str]:
        return {h: self.cleaned_data[f"column_{i}"] for i, h in enumerate(self.headers)}

    def value_maps(self) -> dict[str, dict[str, str]]:
        maps = {t.name: parse_value_lines(self.cleaned_data[f"values_{t.name}"]) for t in PICKLIST_TARGETS}
        return {name: values for name, values in maps.items() if values}


def initial_for(mapping: ColumnMapping | None, headers: list[str], suggested: dict[str, str | None]) -> dict[str, Any]:
    columns = mapping.columns if mapping is not None else {}
    initial: dict[str, Any] = {
        f"column_{i}": columns.get(h, suggested.get(h) or NOT_IMPORTED) for i, h in enumerate(headers)
    }
    if mapping is not None:
        initial |= {"name": mapping.name, "date_order": mapping.date_order, "version": mapping.version}
        for name, values in mapping.value_maps.items():
            initial[f"values_{name}"] = "\n".join(f"{w} = {c}" for w, c in values.items())
    return initial
