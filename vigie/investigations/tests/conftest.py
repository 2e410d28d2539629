"""Fixtures of the investigation part: a suspect, an open investigation of ANLTP's case, and its records."""

import datetime
from decimal import Decimal

import pytest

from vigie.cases.models import Participant
from vigie.conftest import make_participant
from vigie.investigations import services
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure


@pytest.fixture
def suspect(case, investigator) -> Participant:
    return make_participant(
        case, investigator, role=Participant.Role.SUSPECT, given_names="Ibrahim", family_name="Moussa", sex="male"
    )


def make_investigation(case, actor, **overrides) -> Investigation:
    values = {
        "agency": case.agency,
        "lead_unit": "Brigade des mineurs de Niamey",
        "opened_on": datetime.date(2025, 3, 14),
    } | overrides
    return services.open_investigation(actor=actor, case=case, **values)


@pytest.fixture
def investigation(case, investigator) -> Investigation:
    return make_investigation(case, investigator, lead_investigator=investigator)


@pytest.fixture
def arrest(investigation, suspect, investigator) -> Arrest:
    return services.record_arrest(
        actor=investigator,
        investigation=investigation,
        suspect=suspect,
        arrested_on=datetime.date(2025, 3, 20),
        country_id="NE",
        locality="Zinder",
        arresting_unit="Commissariat central de Zinder",
    )


@pytest.fixture
def account(investigation, suspect, investigator) -> Seizure:
    return services.record_seizure(
        actor=investigator,
        investigation=investigation,
        kind=Seizure.Kind.MOBILE_MONEY,
        measure=Seizure.Measure.FROZEN,
        taken_on=datetime.date(2025, 3, 21),
        identifier="+22796000000",
        amount=Decimal("750000"),
        currency="XOF",
        persons=[suspect],
    )


@pytest.fixture
def flow(investigation, suspect, victim, account, investigator) -> MoneyFlow:
    return services.record_money_flow(
        actor=investigator,
        investigation=investigation,
        from_participant=suspect,
        to_seizure=account,
        amount=Decimal("150000"),
        currency="XOF",
        date="2025-02",
        channel=MoneyFlow.Channel.MOBILE_MONEY,
    )
