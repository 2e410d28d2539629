import datetime

import pytest

from vigie.cases.models import Participant
from vigie.conftest import make_participant
from vigie.justice import services
from vigie.justice.models import Proceeding

D = datetime.date


@pytest.fixture
def suspect(case, investigator) -> Participant:
    return make_participant(
        case, investigator, role=Participant.Role.SUSPECT, given_names="Ibrahim", family_name="Moussa", sex="male"
    )


@pytest.fixture
def migrant(case, investigator) -> Participant:
    return make_participant(
        case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, given_names="Moussa", family_name="Diallo"
    )


def open_round(actor, case, **overrides) -> Proceeding:
    values = {
        "court_name": "Tribunal de grande instance hors classe de Niamey",
        "court_country_id": "NE",
        "level": Proceeding.Level.FIRST_INSTANCE,
        "opened_on": D(2025, 4, 1),
    } | overrides
    return services.open_proceeding(actor=actor, case=case, **values)


DECIDED_ON = D(2025, 9, 1)


def decide(actor, proceeding, on=DECIDED_ON) -> Proceeding:
    return services.change_proceeding_status(
        actor=actor, proceeding=proceeding, expected_version=proceeding.version, status="decided", on=on
    )


@pytest.fixture
def proceeding(case, prosecutor) -> Proceeding:
    return open_round(prosecutor, case)


@pytest.fixture
def charge(proceeding, suspect, prosecutor):
    return services.bring_charge(
        actor=prosecutor,
        proceeding=proceeding,
        accused=suspect,
        offence="tip",
        charged_on=D(2025, 4, 2),
        law_key="NE-tip-2010",
        provision="art. 10",
    )
