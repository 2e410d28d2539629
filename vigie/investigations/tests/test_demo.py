from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F

from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Case, Participant
from vigie.investigations.demo import generate_investigations_demo
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure


def _rows() -> list[tuple[Any, ...]]:
    investigations = Investigation.objects.values_list(
        "case__reference", "lead_unit", "status", "opened_on", "closed_on", "techniques"
    )
    arrests = Arrest.objects.values_list("suspect_id", "arrested_on", "custody_outcome")
    seizures = Seizure.objects.values_list("investigation__case__reference", "kind", "amount", "currency", "identifier")
    return [*sorted(investigations), *sorted(arrests), *sorted(seizures)]


@pytest.fixture
def demo_cases(db):
    generate_demo_dataset(cases=300, seed=4)


def test_it_adds_investigations_only_to_cases_that_got_that_far(demo_cases):
    totals = generate_investigations_demo(seed=4)
    assert totals["investigations"] > 0
    assert totals["arrests"] > 0
    statuses = set(Investigation.objects.values_list("case__status", "case__closure_reason"))
    assert statuses <= {("under_investigation", ""), ("referred_for_prosecution", ""), ("closed", "judgment")}
    eligible = Case.objects.filter(status__in=["under_investigation", "referred_for_prosecution"]).count()
    assert Investigation.objects.values("case").distinct().count() >= 0.75 * eligible


def test_every_row_passes_the_models_checks(demo_cases):
    generate_investigations_demo(seed=4)
    for model in (Investigation, Arrest, Seizure, MoneyFlow):
        for row in model.objects.all():
            row.full_clean()
    assert not Arrest.objects.exclude(suspect__role=Participant.Role.SUSPECT).exists()
    assert not Arrest.objects.exclude(suspect__case=F("investigation__case")).exists()


def test_the_same_seed_gives_the_same_rows_and_a_second_run_adds_nothing(demo_cases):
    generate_investigations_demo(seed=4)
    first = _rows()
    assert generate_investigations_demo(seed=4)["investigations"] == 0
    MoneyFlow.objects.all().delete()
    Seizure.objects.all().delete()
    Investigation.objects.all().delete()
    generate_investigations_demo(seed=4)
    assert _rows() == first


def test_the_demo_data_command_adds_investigations(db):
    call_command("demo-data", cases=120, seed=2, verbosity=0, not_a_production_register=True)
    assert Investigation.objects.exists()
