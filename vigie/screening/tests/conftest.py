"""Fixtures of the screening app: an adult and a child of the case, and answers built by name."""

import datetime

import pytest
from django.utils import translation

from vigie.cases.models import Participant
from vigie.conftest import make_participant
from vigie.screening.indicators import Indicator
from vigie.screening.services import GivenAnswer


@pytest.fixture(autouse=True)
def in_english(settings):
    """The tests read the English messages; some check the French ones (vigie's default language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def yes_to(*indicators: Indicator, no: tuple[Indicator, ...] = ()) -> dict[str, GivenAnswer]:
    """Answers: yes to these indicators, no to those in `no`, the rest left unknown."""
    return {i.value: GivenAnswer("yes", "") for i in indicators} | {i.value: GivenAnswer("no", "") for i in no}


SCREENED_ON = datetime.date(2025, 3, 14)


@pytest.fixture
def adult(case, investigator) -> Participant:
    return make_participant(
        case, investigator, role=Participant.Role.PRESUMED_VICTIM, given_names="Blessing", date_of_birth="1998-02-01"
    )


@pytest.fixture
def child(case, investigator) -> Participant:
    return make_participant(
        case, investigator, role=Participant.Role.PRESUMED_VICTIM, given_names="Moussa", date_of_birth="2012-05-03"
    )
