import json
from pathlib import Path

import pytest

from vigie.legal import qualify

EXAMPLES = Path(__file__).parent / "examples"
PROTECTION_FIELDS = ("child", "presumed_trafficking_victim", "smuggled_migrant")


def flattened(subject, field):
    """A subject's output field as the examples name it (see examples/SOURCE.md)."""
    if field in ("trafficking", "smuggling"):
        return subject[field]["finding"]
    if field in PROTECTION_FIELDS:
        return subject["protection"][field]
    if field == "aggravating_circumstances":
        return sorted(subject["smuggling"][field])
    elements = {**subject["trafficking"]["elements"], **subject["smuggling"]["elements"]}
    return elements[field]["status"]


@pytest.mark.parametrize("facts_file", sorted(EXAMPLES.glob("*.facts.json")), ids=lambda path: path.stem)
def test_each_example_gives_the_findings_it_expects(facts_file):
    expected = json.loads(facts_file.with_name(facts_file.name.replace(".facts", ".expected")).read_text())
    result = qualify(json.loads(facts_file.read_text()))
    assert result["case"] == expected["case"]
    subjects = {subject["id"]: subject for subject in result["subjects"]}
    for subject_id, fields in expected["subjects"].items():
        for field, value in fields.items():
            wanted = sorted(value) if isinstance(value, list) else value
            assert flattened(subjects[subject_id], field) == wanted, (subject_id, field)


def test_there_are_examples_to_check():
    assert len(list(EXAMPLES.glob("*.facts.json"))) >= 6
