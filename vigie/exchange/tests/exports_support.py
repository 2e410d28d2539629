"""Cases with everything an export reads, and a way to open what an export wrote."""

import csv
import datetime
import io

import pyzipper

from vigie.accounts.models import User
from vigie.assistance.services import record_assistance_plan
from vigie.cases.models import Case, Participant
from vigie.cases.services import add_new_person_to_case, record_crossing, record_event_in_case
from vigie.conftest import identify_victim, make_case
from vigie.people.services import add_phone_number, record_consent
from vigie.reference.models import Country

PASSWORD = "un mot de passe assez long"


def add_victim(case: Case, actor: User, *, identified: bool = True, **person) -> Participant:
    values = {
        "given_names": "Aïssata",
        "family_name": "Kouyaté",
        "sex": "female",
        "date_of_birth": "2009-05-14",
        "nationalities": [Country.objects.get(pk="NG")],
        "residence_country_id": "NE",
        "residence_area": "Zinder",
        "residence_locality": "Mirriah",
    } | person
    participant = add_new_person_to_case(
        actor=actor,
        case=case,
        person_values=values,
        role=Participant.Role.PRESUMED_VICTIM,
        forms_of_exploitation=["forced_begging", "sexual"],
        means_of_control=["debt_bondage", "restricts_movement"],
        sector="T",
    )
    if identified:
        identify_victim(participant, proposer=actor)
    return participant


def rich_case(agency, actor: User, **overrides) -> tuple[Case, Participant, Participant]:
    """A case with a victim (phone, consent, recruitment and exploitation), a suspect, a crossing and a plan."""
    case = make_case(agency, actor, **overrides)
    victim = add_victim(case, actor)
    add_phone_number(actor=actor, person=victim.person, number="+22796123456")
    record_consent(
        actor=actor, person=victim.person, purpose="data_sharing", given_on=datetime.date(2025, 3, 12), method="written"
    )
    suspect = add_new_person_to_case(
        actor=actor,
        case=case,
        person_values={"given_names": "Ibrahim", "family_name": "Moussa", "sex": "male"},
        role=Participant.Role.SUSPECT,
        suspect_role="transporter",
    )
    record_event_in_case(
        actor=actor,
        case=case,
        kind="recruitment",
        date="2024-11",
        country_id="NE",
        locality="Mirriah",
        participants=[victim],
    )
    record_event_in_case(
        actor=actor,
        case=case,
        kind="exploitation",
        date="2025-01-15",
        country_id="NG",
        locality="Kano",
        description="Mendicité forcée au marché",
        participants=[victim],
    )
    record_crossing(
        actor=actor,
        case=case,
        from_country_id="NE",
        to_country_id="NG",
        date="2024-12",
        documents="none",
        entry="irregular",
        procured_by=suspect,
        travellers=[victim],
    )
    return case, victim, suspect


def add_plan(case: Case, victim: Participant, actor: User) -> None:
    record_assistance_plan(
        actor=actor,
        case=case,
        participant=victim,
        agreed_on=datetime.date(2025, 3, 20),
        agreed_with_person=True,
        goals="Médical : bilan de santé",
    )


def open_archive(data: bytes, password: str = PASSWORD) -> dict[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(password.encode())
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
