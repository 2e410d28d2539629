import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Case
from vigie.cases.services import update_case
from vigie.concurrency import StaleEditError
from vigie.conftest import close_case

pytestmark = pytest.mark.django_db


def test_it_saves_the_changes_and_moves_the_version_on(case, clerk):
    update_case(actor=clerk, case=case, expected_version=1, title="Travail forcé, Agadez", narrative="Signalé par ONG")
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.narrative, saved.version) == ("Travail forcé, Agadez", "Signalé par ONG", 2)


def test_it_records_the_old_and_new_value_of_each_changed_field_and_nothing_else(case, clerk):
    update_case(
        actor=clerk,
        case=case,
        expected_version=case.version,
        title="Travail forcé, Agadez",
        country_id="ML",
        opened_on=case.opened_on,
        offences=["som", "tip"],
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_UPDATED)
    assert event.actor == clerk
    assert event.target_id == str(case.pk)
    assert event.target_label == case.reference
    assert event.agency_id == case.agency_id
    assert event.changes == {
        "title": {"old": "Mendicité forcée, Zinder", "new": "Travail forcé, Agadez"},
        "country_id": {"old": "NE", "new": "ML"},
        "offences": {"old": ["tip"], "new": ["som", "tip"]},
    }


def test_it_refuses_a_stale_edit_and_keeps_the_first_users_values(case, investigator, clerk):
    opened_by_investigator = Case.objects.get(pk=case.pk)
    opened_by_clerk = Case.objects.get(pk=case.pk)
    update_case(actor=investigator, case=opened_by_investigator, expected_version=1, title="Version de l'enquêteur")
    with pytest.raises(StaleEditError) as error:
        update_case(actor=clerk, case=opened_by_clerk, expected_version=1, title="Version du greffier")
    assert error.value.code == "stale_edit"
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.version) == ("Version de l'enquêteur", 2)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CASE_UPDATED).count() == 1


def test_it_requires_an_offence_and_saves_nothing(case, clerk):
    with pytest.raises(ValidationError) as error:
        update_case(actor=clerk, case=case, expected_version=1, title="Autre titre", offences=[])
    assert "offences" in error.value.message_dict
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.version) == ("Mendicité forcée, Zinder", 1)
    assert list(saved.offences.values_list("offence", flat=True)) == ["tip"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CASE_UPDATED).exists()


def test_it_refuses_an_unknown_country_and_saves_nothing(case, clerk):
    with pytest.raises(ValidationError):
        update_case(actor=clerk, case=case, expected_version=1, country_id="ZZ")
    assert Case.objects.get(pk=case.pk).country_id == "NE"


@pytest.mark.parametrize("field", ["status", "agency_id", "reference", "closed_on"])
def test_it_does_not_change_the_status_agency_or_reference(case, clerk, field):
    with pytest.raises(TypeError):
        update_case(actor=clerk, case=case, expected_version=1, **{field: None})


def test_it_keeps_offences_it_is_not_given(case, clerk):
    update_case(actor=clerk, case=case, expected_version=1, reported_on=datetime.date(2025, 3, 1))
    assert list(Case.objects.get(pk=case.pk).offences.values_list("offence", flat=True)) == ["tip"]


def test_it_refuses_an_opening_date_after_the_closing_date(case, investigator):
    close_case(case, investigator, closure_reason="no_offence", closed_on=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        update_case(actor=investigator, case=case, expected_version=case.version, opened_on=datetime.date(2025, 5, 1))
    assert "opened_on" in error.value.message_dict


def test_it_refuses_an_opening_date_before_the_report_date(case, investigator):
    update_case(actor=investigator, case=case, expected_version=case.version, reported_on=datetime.date(2025, 3, 10))
    with pytest.raises(ValidationError) as error:
        update_case(actor=investigator, case=case, expected_version=case.version, opened_on=datetime.date(2025, 1, 1))
    assert list(error.value.message_dict) == ["reported_on"]
