"""A person named in the records of another part of the case is not removed silently; a whole case still is.

Each part (investigations, justice, referrals, assistance) keeps its records when a person is taken out of
the case: the one removing may not even see that part. Deleting the whole case deletes them all, audited
once as the case's deletion.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vigie.assistance.services import record_needs_assessment
from vigie.cases.models import Case, Participant
from vigie.cases.services import delete_case, remove_participant
from vigie.conftest import make_participant
from vigie.investigations.services import open_investigation, record_arrest
from vigie.justice.services import bring_charge, open_proceeding
from vigie.referrals.services import record_service

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 4, 1)


@pytest.fixture
def victim(case, investigator):
    return make_participant(case, investigator, date_of_birth="1998-02-03")


@pytest.fixture
def suspect(case, investigator):
    return make_participant(case, investigator, role=Participant.Role.SUSPECT, given_names="Ibrahim", sex="male")


def record_in(part, case, victim, suspect, investigator, prosecutor, case_worker):
    if part == "investigation":
        investigation = open_investigation(
            actor=investigator, case=case, agency=case.agency, lead_unit="Brigade des mineurs", opened_on=DAY
        )
        record_arrest(
            actor=investigator, investigation=investigation, suspect=suspect, arrested_on=DAY, country_id="NE"
        )
        return suspect
    if part == "justice":
        proceeding = open_proceeding(
            actor=prosecutor,
            case=case,
            court_name="TGI de Niamey",
            court_country_id="NE",
            level="first_instance",
            opened_on=DAY,
        )
        bring_charge(actor=prosecutor, proceeding=proceeding, accused=suspect, offence="tip", charged_on=DAY)
        return suspect
    if part == "referrals":
        record_service(actor=case_worker, case=case, participant=victim, kind="shelter", started_on=DAY)
        return victim
    record_needs_assessment(actor=case_worker, case=case, participant=victim, assessed_on=DAY, medical="urgent")
    return victim


PARTS = ["investigation", "justice", "referrals", "assistance"]


@pytest.mark.parametrize("part", PARTS)
def test_removing_a_person_named_in_another_part_is_refused(
    case, victim, suspect, investigator, prosecutor, case_worker, part
):
    named = record_in(part, case, victim, suspect, investigator, prosecutor, case_worker)
    with pytest.raises(ValidationError):
        remove_participant(actor=investigator, participant=named)
    assert Participant.objects.filter(pk=named.pk).exists()


def test_deleting_the_case_deletes_the_records_of_every_part(
    case, victim, suspect, investigator, prosecutor, case_worker
):
    for part in PARTS:
        record_in(part, case, victim, suspect, investigator, prosecutor, case_worker)
    delete_case(actor=investigator, case=case)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Participant.objects.filter(pk__in=[victim.pk, suspect.pk]).exists()
