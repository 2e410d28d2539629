"""The small register of the report's tests: Niger in 2023 and 2024, Nigeria in 2024."""

import datetime

import pypdfium2 as pdfium
import pytest

from vigie.cases.models import Participant
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

IDENTIFIED = datetime.date(2024, 5, 1)
# (sex, date of birth, citizenship, form of exploitation, how many): the register of Niger in 2024.
NIGER_2024 = [
    ("female", "2012", "NE", "forced_begging", 6),
    ("female", "1990", "NE", "sexual", 7),
    ("male", "2012", "NE", "forced_begging", 2),
    ("male", "1985", "ML", "forced_labour", 1),
]


def add_victims(case, actor, rows, identified_on):
    for sex, born, citizenship, form, how_many in rows:
        for _ in range(how_many):
            victim = make_participant(
                case,
                actor,
                sex=sex,
                date_of_birth=born,
                nationalities=list(Country.objects.filter(iso2=citizenship)),
            )
            Participant.objects.filter(pk=victim.pk).update(forms_of_exploitation=[form], identified_on=identified_on)


@pytest.fixture
def report_register(anltp, naptip, investigator, outsider):
    add_victims(
        make_case(anltp, investigator, opened_on=datetime.date(2024, 3, 1)), investigator, NIGER_2024, IDENTIFIED
    )
    add_victims(
        make_case(anltp, investigator, opened_on=datetime.date(2023, 2, 1)),
        investigator,
        [("female", "1995", "NE", "sexual", 5)],
        datetime.date(2023, 4, 1),
    )
    # Nigeria's cases: on the map of the region, never in Niger's figures.
    add_victims(
        make_case(naptip, outsider, opened_on=datetime.date(2024, 1, 10)),
        outsider,
        [("female", "2000", "NG", "sexual", 8)],
        IDENTIFIED,
    )


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", "\n")
