"""Shared fixtures: agencies and one named user per role.

Niger's anti-trafficking agency (ANLTP) is "our" agency; Nigeria's NAPTIP is another agency whose
cases our users must not see unless shared.
"""

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from vigie.accounts.models import Agency, Membership, User
from vigie.accounts.services import create_member
from vigie.cases.models import Case, Participant
from vigie.cases.services import (
    add_new_person_to_case,
    confirm_decision,
    open_case,
    propose_case_closure,
    propose_victim_identification,
)

Role = Membership.Role
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    # Django's default hasher is slow on purpose; tests log in hundreds of users. Session-wide, so that the
    # data a module builds once (the permission matrix's) is hashed fast too.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def site_language_at_each_start():
    # A request activates its language in the test's thread and Django leaves it there: without this, a
    # test would read whatever language the previous test on the same worker happened to ask for.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def files_parsed_in_the_importing_process():
    # A pytest-xdist worker runs a thread that `threading` does not see: a big file's parse child would be
    # forked beside it. The tests of parsing aside ask for it (exchange/tests/test_parse_aside.py); the
    # worker processes the tests start (worker_support.py) parse aside as in production. Session-wide, for
    # the files that class and module fixtures import.
    with override_settings(VIGIE_IMPORT_PARSE_ASIDE=False):
        yield


@pytest.fixture(autouse=True)
def statistics_snapshots_of_this_test_only():
    # The statistics engine keeps the snapshots it read, per process, and follows them from the change log.
    # Between tests the database is rolled back or flushed (emptying the log), which never happens to a
    # running site: a snapshot kept from an earlier test would be followed into this one's register.
    from vigie.analytics import statistics

    statistics._SNAPSHOTS.clear()
    statistics._FOLLOWABLE.clear()
    yield
    statistics._SNAPSHOTS.clear()
    statistics._FOLLOWABLE.clear()


def make_anltp() -> Agency:
    return Agency.objects.create(
        code="ANLTP",
        name="Agence nationale de lutte contre la traite",
        country_id="NE",
        kind=Agency.Kind.NATIONAL_AUTHORITY,
    )


def make_naptip() -> Agency:
    return Agency.objects.create(
        code="NAPTIP",
        name="National Agency for the Prohibition of Trafficking in Persons",
        country_id="NG",
        kind=Agency.Kind.NATIONAL_AUTHORITY,
    )


@pytest.fixture
def anltp(db) -> Agency:
    return make_anltp()


@pytest.fixture
def naptip(db) -> Agency:
    return make_naptip()


def make_member(agency: Agency, role: str, username: str | None = None) -> User:
    return create_member(
        username=username or f"{role}-{agency.code.lower()}", password=PASSWORD, agency=agency, role=role
    )


# One user per role in ANLTP. What each may do is decided in accounts/permissions.py:
@pytest.fixture
def clerk(anltp) -> User:  # records and corrects cases of ANLTP; cannot delete
    return make_member(anltp, Role.DATA_CLERK)


@pytest.fixture
def investigator(anltp) -> User:  # works on ANLTP's cases; deletes, changes status, shares
    return make_member(anltp, Role.INVESTIGATOR)


@pytest.fixture
def prosecutor(anltp) -> User:  # like the investigator
    return make_member(anltp, Role.PROSECUTOR)


@pytest.fixture
def case_worker(anltp) -> User:  # records and corrects (victim assistance); cannot delete or decide
    return make_member(anltp, Role.CASE_WORKER)


@pytest.fixture
def analyst(anltp) -> User:  # aggregates only: never a name
    return make_member(anltp, Role.ANALYST)


@pytest.fixture
def agency_admin(anltp) -> User:  # everything in ANLTP, plus ANLTP's audit trail
    return make_member(anltp, Role.AGENCY_ADMIN)


@pytest.fixture
def coordinator(anltp) -> User:  # aggregates of every case detected in Niger
    return make_member(anltp, Role.NATIONAL_COORDINATOR)


@pytest.fixture
def sysadmin(anltp) -> User:  # the whole audit trail and aggregates; never a name
    return make_member(anltp, Role.SYSTEM_ADMIN)


@pytest.fixture
def outsider(naptip) -> User:  # an investigator of another agency
    return make_member(naptip, Role.INVESTIGATOR)


def make_case(agency: Agency, actor: User, **overrides) -> Case:
    values: dict[str, Any] = {
        "opened_on": datetime.date(2025, 3, 12),
        "country_id": agency.country_id,
        "offences": ["tip"],
        "title": "Mendicité forcée, Zinder",
    } | overrides
    return open_case(actor=actor, agency=agency, **values)


def make_participant(case: Case, actor: User, *, role: str = Participant.Role.VICTIM, **person) -> Participant:
    """A new person in the case. A victim is recorded as a presumed victim and formally identified by a
    second person of the lead agency, as the register requires."""
    person_values = {"given_names": "Aïssata", "family_name": "Kouyaté", "sex": "female"} | person
    suspect_role = "recruiter" if role == Participant.Role.SUSPECT else ""
    recorded_role = Participant.Role.PRESUMED_VICTIM if role == Participant.Role.VICTIM else role
    participant = add_new_person_to_case(
        actor=actor, case=case, person_values=person_values, role=recorded_role, suspect_role=suspect_role
    )
    if role == Participant.Role.VICTIM:
        identify_victim(participant, proposer=actor)
    return participant


def second_person(agency: Agency) -> User:
    """An administrator of the agency who confirms what the test's actor proposes."""
    username = f"second-{agency.code.lower()}"
    return User.objects.filter(username=username).first() or make_member(agency, Role.AGENCY_ADMIN, username=username)


def identify_victim(participant: Participant, *, proposer: User) -> None:
    """Propose and confirm the formal identification of a presumed victim (the confirmer: a second person)."""
    second = second_person(participant.case.agency)
    decision = propose_victim_identification(
        actor=proposer,
        participant=participant,
        grounds="Indicateurs de traite relevés",
        identified_on=timezone.localdate(),
    )
    confirm_decision(actor=second, decision=decision)
    participant.refresh_from_db()


def close_case(
    case: Case, actor: User, *, closure_reason: str = "other", closed_on: datetime.date | None = None
) -> Case:
    """Propose the closure as `actor` and have a second person of the lead agency confirm it."""
    decision = propose_case_closure(
        actor=actor, case=case, closure_reason=closure_reason, closed_on=closed_on, grounds="Dossier complet"
    )
    confirm_decision(actor=second_person(case.agency), decision=decision)
    case.refresh_from_db()
    return case


@pytest.fixture
def case(anltp, investigator) -> Case:
    return make_case(anltp, investigator)


@pytest.fixture
def victim(case, investigator) -> Participant:
    return make_participant(case, investigator)
