"""One role-by-endpoint matrix for every page and API endpoint.

Adding a URL without adding it here makes `test_every_url_is_in_the_matrix` fail: deny by default
is only true if every door has been tried with every key.
"""

import datetime
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from vigie.accounts.models import Agency
from vigie.cases.models import Participant
from vigie.cases.services import propose_victim_identification, record_crossing, record_event_in_case, share_case
from vigie.conftest import make_anltp, make_case, make_member, make_naptip, make_participant
from vigie.people.services import add_identity_document, add_phone_number, record_consent
from vigie.tests.matrix import (
    API_LIST,
    API_READ,
    DECIDE,
    DELETE,
    DELETERS,
    READ,
    REGISTER,
    REGISTER_LIST,
    ROLES,
    MatrixRow,
    Role,
    api,
    everyone,
    expect,
)

# The second person of a formal identification: the lead agency's roles that identify victims.
IDENTIFIERS = {"investigator", "prosecutor", "case_worker", "agency_admin"}

# Apps that keep their rows beside their code, in <app>/tests/matrix.py.
CONTRIBUTING_APPS = [
    "accounts",
    "investigations",
    "justice",
    "referrals",
    "assistance",
    "worklist",
    "qualification",
    "screening",
    "training",
    "exchange",
    "analytics",
]
CONTRIBUTIONS = [importlib.import_module(f"vigie.{app}.tests.matrix") for app in CONTRIBUTING_APPS]

MATRIX: dict[str, MatrixRow] = {
    "cases:home": ("GET", {}, everyone(302)),
    "cases:list": ("GET", {}, REGISTER_LIST),
    "cases:create": ("GET", {}, REGISTER_LIST),
    "cases:detail": ("GET", {"case_id": "case"}, READ),
    "cases:edit": ("GET", {"case_id": "case"}, READ),
    "cases:status": ("GET", {"case_id": "case"}, DECIDE),
    "cases:share": ("GET", {"case_id": "case"}, DECIDE),
    "cases:delete": ("GET", {"case_id": "case"}, DELETE),
    "cases:share-revoke": ("POST", {"share_id": "share"}, expect(allowed=DELETERS, ok=302)),
    "cases:participant-add": ("GET", {"case_id": "case"}, READ),
    "cases:participant-link": ("GET", {"case_id": "case"}, READ),
    "cases:participant-edit": ("GET", {"participant_id": "victim"}, READ),
    "cases:participant-remove": ("GET", {"participant_id": "witness"}, DELETE),
    "cases:identification-propose": ("GET", {"participant_id": "presumed"}, READ),
    "cases:decision-confirm": ("POST", {"decision_id": "decision"}, expect(allowed=IDENTIFIERS, ok=302, partner=403)),
    "cases:decision-reject": ("GET", {"decision_id": "decision"}, expect(allowed=IDENTIFIERS, partner=403)),
    # Anyone who sees the case reaches the service, which lets only the proposer withdraw (a message, then back).
    "cases:decision-withdraw": ("POST", {"decision_id": "decision"}, expect(allowed=REGISTER, ok=302)),
    "cases:event-add": ("GET", {"case_id": "case"}, READ),
    "cases:event-edit": ("GET", {"event_id": "event"}, READ),
    "cases:event-delete": ("GET", {"event_id": "event"}, DELETE),
    "cases:crossing-add": ("GET", {"case_id": "case"}, READ),
    "cases:crossing-edit": ("GET", {"crossing_id": "crossing"}, READ),
    "cases:crossing-delete": ("GET", {"crossing_id": "crossing"}, DELETE),
    "people:detail": ("GET", {"person_id": "person"}, READ),
    "people:edit": ("GET", {"person_id": "person"}, READ),
    "people:document-add": ("GET", {"person_id": "person"}, READ),
    "people:phone-add": ("GET", {"person_id": "person"}, READ),
    "people:consent-add": ("GET", {"person_id": "person"}, READ),
    "people:document-remove": ("GET", {"document_id": "document"}, DELETE),
    "people:phone-remove": ("GET", {"phone_id": "phone"}, DELETE),
    "people:consent-withdraw": ("GET", {"consent_id": "consent"}, READ),
    "accounts:login": ("GET", {}, everyone(200, anonymous=200)),
    "accounts:logout": ("POST", {}, everyone(302)),
    "audit:search": ("GET", {}, expect(allowed={"agency_admin", "sysadmin"}, aggregate=403, outsider=403)),
    "set_language": ("POST", {}, everyone(302, anonymous=302)),
    "api-schema": ("GET", {}, everyone(200, anonymous=401)),
    # The API answers 401 to anonymous calls and 403 to roles that see aggregates only.
    # Writes are sent with an empty JSON body: allowed roles get past the access check (to validation: 400).
    "api:case-list": ("GET", {}, API_LIST),
    "api:case-detail": ("GET", {"case_id": "case"}, API_READ),
    "api:case-status": ("POST", {"case_id": "case"}, api(allowed=DELETERS, ok=400)),
    "api:case-shares": ("POST", {"case_id": "case"}, api(allowed=DELETERS, ok=400)),
    "api:share-revoke": ("POST", {"share_id": "share"}, api(allowed=DELETERS)),
    "api:case-decisions": ("GET", {"case_id": "case"}, API_READ),
    "api:case-closure": ("POST", {"case_id": "case"}, api(allowed=DELETERS, ok=400)),
    "api:participant-identification": ("POST", {"participant_id": "presumed"}, api(allowed=REGISTER, ok=400)),
    "api:decision-confirm": ("POST", {"decision_id": "decision"}, api(allowed=IDENTIFIERS, partner=403)),
    "api:decision-reject": ("POST", {"decision_id": "decision"}, api(allowed=IDENTIFIERS, ok=400, partner=403)),
    "api:decision-withdraw": ("POST", {"decision_id": "decision"}, api(allowed=REGISTER, ok=400)),
    "api:case-participants": ("GET", {"case_id": "case"}, API_READ),
    "api:participant-detail": ("DELETE", {"participant_id": "witness"}, api(allowed=DELETERS, ok=204)),
    "api:case-events": ("GET", {"case_id": "case"}, API_READ),
    "api:event-detail": ("DELETE", {"event_id": "event"}, api(allowed=DELETERS, ok=204)),
    "api:case-crossings": ("GET", {"case_id": "case"}, API_READ),
    "api:crossing-detail": ("DELETE", {"crossing_id": "crossing"}, api(allowed=DELETERS, ok=204)),
    "api:person-list": ("GET", {}, API_LIST),
    "api:person-detail": ("GET", {"person_id": "person"}, API_READ),
    "api:person-consents": ("GET", {"person_id": "person"}, API_READ),
    "api:consent-withdraw": ("POST", {"consent_id": "consent"}, api(allowed=REGISTER)),
}
for contribution in CONTRIBUTIONS:
    assert not set(contribution.MATRIX) & set(MATRIX), f"{contribution.__name__} repeats rows"
    MATRIX |= contribution.MATRIX


def all_url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str = "") -> set[str]:
        names = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"unnamed URL pattern {pattern.pattern}"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return walk(get_resolver().url_patterns)


def test_every_url_is_in_the_matrix():
    missing = all_url_names() - set(MATRIX)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - all_url_names()
    assert not stale, f"these URLs no longer exist: {sorted(stale)}"


def make_objects(anltp: Agency, investigator: Any) -> dict[str, Any]:
    case = make_case(anltp, investigator, offences=["tip", "som"])
    victim = make_participant(case, investigator)
    suspect = make_participant(
        case, investigator, role=Participant.Role.SUSPECT, given_names="Ibrahim", family_name="Moussa", sex="male"
    )
    gendarmerie = Agency.objects.create(
        code="GN", name="Gendarmerie nationale", country_id="NE", kind=Agency.Kind.GENDARMERIE
    )
    event = record_event_in_case(
        actor=investigator, case=case, kind="recruitment", date="2024-11", country_id="NE", participants=[victim]
    )
    crossing = record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        date="2024-12",
        documents="none",
        entry="irregular",
        procured_by=suspect,
        travellers=[victim],
    )
    person = victim.person
    presumed = make_participant(
        case, investigator, role=Participant.Role.PRESUMED_VICTIM, given_names="Fati", family_name="Issa"
    )
    proposer = make_member(anltp, Role.DATA_CLERK, username="proposer-anltp")
    decision = propose_victim_identification(
        actor=proposer, participant=presumed, grounds="Indicateurs relevés", identified_on=datetime.date(2025, 3, 12)
    )
    ngo = Agency.objects.create(code="AFS", name="Aide aux femmes du Sahel", country_id="NE", kind=Agency.Kind.NGO)
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Hébergement de la victime")
    base = {
        "case": case,
        "victim": victim,
        "event": event,
        "crossing": crossing,
        "person": person,
        "share": share_case(
            actor=investigator, case=case, agency=gendarmerie, purpose="all", reason="Enquête conjointe"
        ),
        "document": add_identity_document(
            actor=investigator, person=person, kind="passport", number="A1234567", issuing_country_id="NE"
        ),
        "phone": add_phone_number(actor=investigator, person=person, number="+22796123456"),
        "consent": record_consent(
            actor=investigator, person=person, purpose="referral", given_on=datetime.date(2025, 3, 12), method="written"
        ),
        "suspect": suspect,
        # Named in no record of another part: the one a deleting role may remove from the case.
        "witness": make_participant(case, investigator, role=Participant.Role.WITNESS, given_names="Sani"),
        "presumed": presumed,
        "decision": decision,
        "anltp": anltp,
        "ngo": ngo,
        "investigator": investigator,
        "prosecutor": make_member(anltp, Role.PROSECUTOR),
        "case_worker": make_member(anltp, Role.CASE_WORKER),
        "agency_admin": make_member(anltp, Role.AGENCY_ADMIN),
        "partner": make_member(ngo, Role.CASE_WORKER),
    }
    for contribution in CONTRIBUTIONS:
        base |= contribution.make_objects(base)
    return base


def users_by_role(anltp: Agency, naptip: Agency, objects: dict[str, Any]) -> dict[str, Any]:
    users: dict[str, Any] = {"anonymous": None, "outsider": make_member(naptip, Role.INVESTIGATOR)}
    for role in ("investigator", "prosecutor", "case_worker", "agency_admin", "partner"):
        users[role] = objects[role]
    for role, membership_role in (
        ("clerk", Role.DATA_CLERK),
        ("analyst", Role.ANALYST),
        ("coordinator", Role.NATIONAL_COORDINATOR),
        ("sysadmin", Role.SYSTEM_ADMIN),
    ):
        users[role] = make_member(anltp, membership_role)
    return users


def session_keys_by_role(users: dict[str, Any]) -> dict[str, str | None]:
    """Each role logged in once: a request sends its session's cookie, as a browser would."""
    keys: dict[str, str | None] = {"anonymous": None}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[dict[str, Any], dict[str, str | None]]]:
    """The objects, and a logged-in session per role, made once per test process for the whole matrix.

    Built in a transaction that stays open while the module runs and is rolled back at its end: each
    test's own transaction is a savepoint inside it, rolled back after the test, so every test sees the
    objects as made here, as if they were made for it alone. (Making them for each of the ~300 rows cost
    more than the requests themselves.)
    """
    with django_db_blocker.unblock(), transaction.atomic():
        anltp, naptip = make_anltp(), make_naptip()
        objects = make_objects(anltp, make_member(anltp, Role.INVESTIGATOR))
        sessions = session_keys_by_role(users_by_role(anltp, naptip, objects))
        yield objects, sessions
        transaction.set_rollback(True)


def status_for(session_key: str | None, url_name: str, method: str, url: str) -> int:
    client = Client()
    if session_key is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    if url_name.startswith("api:"):
        body = "{}" if method == "POST" else ""
        return client.generic(method, url, data=body, content_type="application/json").status_code
    data = {"language": "en", "next": "/"} if url_name == "set_language" else {}
    return (client.generic(method, url, data=data) if method != "POST" else client.post(url, data)).status_code


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(url_name, world, db):
    """Every role on one URL. Each role's request is rolled back, so that what one role may change (a
    share revoked, a decision confirmed, a session ended) is as the fixture made it for the next."""
    objects, sessions = world
    method, kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs={key: objects[name].pk for key, name in kwargs.items()})
    got = {}
    for role in ROLES:
        with transaction.atomic():
            got[role] = status_for(sessions[role], url_name, method, url)
            transaction.set_rollback(True)
    wrong = {role: (got[role], expected[role]) for role in ROLES if got[role] != expected[role]}
    assert not wrong, f"{method} {url}: role -> (got, expected) {wrong}"
