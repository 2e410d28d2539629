from typing import Any

from django import forms

from vigie.training.catalogue import Scenario
from vigie.training.models import Answer


class AnswersForm(forms.Form):
    """One radio group per person of the scenario."""

    def __init__(self, *args: Any, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject_by_field: dict[str, str] = {}
        for index, person in enumerate(scenario.people):
            # Field names of our own: a subject id is any string in vigie.facts/1.
            name = f"person_{index}"
            self.subject_by_field[name] = person.subject_id
            self.fields[name] = forms.ChoiceField(label=person.name, choices=Answer.choices, widget=forms.RadioSelect)

    def answers(self) -> dict[str, str]:
        return {subject: self.cleaned_data[name] for name, subject in self.subject_by_field.items()}
