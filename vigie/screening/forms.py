from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigie.forms import DateInput, VersionedForm
from vigie.screening.indicators import INDICATORS, Group, IndicatorSpec
from vigie.screening.models import ScreeningAnswer
from vigie.screening.services import GivenAnswer


def answer_field(code: str) -> str:
    return f"answer_{code}"


def note_field(code: str) -> str:
    return f"note_{code}"


class ScreeningForm(VersionedForm):
    screened_on = forms.DateField(label=_("Screened on"), widget=DateInput)
    place = forms.CharField(
        label=_("Place of the interview"),
        max_length=200,
        required=False,
        help_text=_("Where the interview took place, e.g. a police station, a shelter, a border post."),
    )
    language = forms.CharField(label=_("Language of the interview"), max_length=100, required=False)
    interpreter_used = forms.BooleanField(label=_("An interpreter was used"), required=False)
    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=200,
        required=False,
        help_text=_("Name or organisation of the interpreter. Never a relative or the person who brought them."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the person said in their own words, and how the interview went."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in INDICATORS:
            code = spec.code.value
            self.fields[answer_field(code)] = forms.ChoiceField(
                label=spec.question,
                choices=ScreeningAnswer.Value.choices,
                initial=ScreeningAnswer.Value.UNKNOWN,
                widget=forms.RadioSelect,
                help_text=spec.code.label,
            )
            # Each note names its indicator: a screen reader reading "Note" 25 times would not say which.
            self.fields[note_field(code)] = forms.CharField(
                label=_("Note on “%(indicator)s”") % {"indicator": spec.code.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter") and not data.get("interpreter_used"):
            self.add_error("interpreter_used", _("Tick this box if an interpreter was used."))
        return data

    def groups(self) -> list[tuple[str, list[tuple[IndicatorSpec, forms.BoundField, forms.BoundField]]]]:
        """The indicators by fieldset, each with its radios and its note, for the template."""
        return [
            (
                str(group.label),
                [
                    (spec, self[answer_field(spec.code.value)], self[note_field(spec.code.value)])
                    for spec in INDICATORS
                    if spec.group == group
                ],
            )
            for group in Group
        ]

    def screening_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = {
            spec.code.value: GivenAnswer(data[answer_field(spec.code.value)], data[note_field(spec.code.value)])
            for spec in INDICATORS
        }
        values = {name: data[name] for name in ("screened_on", "place", "language", "interpreter_used", "notes")}
        return {**values, "interpreter": data["interpreter"], "answers": answers}


def initial_from(screening: Any, answers: dict[str, GivenAnswer]) -> dict[str, Any]:
    names = ("screened_on", "place", "language", "interpreter_used", "interpreter", "notes", "version")
    initial = {name: getattr(screening, name) for name in names}
    for code, given in answers.items():
        initial[answer_field(code)] = given.answer
        initial[note_field(code)] = given.note
    return initial
