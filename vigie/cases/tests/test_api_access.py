"""Who may call which API endpoint, how API calls authenticate, and the OpenAPI schema.

The role matrix tries every /api/v1/ URL with every role, as tests/test_permission_matrix.py does for
the pages. Writes are sent empty: a role that may write gets 400 (its input is checked), the others
403 or 404, and nothing is written either way.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vigie.accounts.models import Agency, Membership
from vigie.accounts.services import issue_api_token
from vigie.audit.models import AuditEvent
from vigie.cases.models import Case, Participant
from vigie.cases.services import record_crossing, record_event_in_case, share_case
from vigie.conftest import make_case, make_member, make_participant
from vigie.people.services import record_consent
from vigie.tests.test_permission_matrix import CONTRIBUTING_APPS, CONTRIBUTIONS

Role = Membership.Role
ROLES = {
    "clerk": Role.DATA_CLERK,
    "investigator": Role.INVESTIGATOR,
    "prosecutor": Role.PROSECUTOR,
    "case_worker": Role.CASE_WORKER,
    "agency_admin": Role.AGENCY_ADMIN,
    "analyst": Role.ANALYST,
    "coordinator": Role.NATIONAL_COORDINATOR,
    "sysadmin": Role.SYSTEM_ADMIN,
}
REGISTER = {"clerk", "investigator", "prosecutor", "case_worker", "agency_admin"}
DELETERS = {"investigator", "prosecutor", "agency_admin"}


def expect(*, allowed: set[str], ok: int, outsider: int = 404) -> dict[str, int]:
    """Anonymous 401; roles without register access 403; register roles `ok` if allowed, else 403."""
    result = {"anonymous": 401, "outsider": outsider}
    for role in ROLES:
        result[role] = ok if role in allowed else 403
    return result


# url name -> (method, keyword arguments by object name, expected status per role)
MATRIX = {
    "api:case-list": ("GET", {}, expect(allowed=REGISTER, ok=200, outsider=200)),
    "api:case-list POST": ("POST", {}, expect(allowed=REGISTER, ok=400, outsider=400)),
    "api:case-detail": ("GET", {"case_id": "case"}, expect(allowed=REGISTER, ok=200)),
    "api:case-detail PATCH": ("PATCH", {"case_id": "case"}, expect(allowed=REGISTER, ok=400)),
    "api:case-detail DELETE": ("DELETE", {"case_id": "case"}, expect(allowed=DELETERS, ok=204)),
    "api:case-status": ("POST", {"case_id": "case"}, expect(allowed=DELETERS, ok=400)),
    "api:case-shares": ("POST", {"case_id": "case"}, expect(allowed=DELETERS, ok=400)),
    "api:share-revoke": ("POST", {"share_id": "share"}, expect(allowed=DELETERS, ok=200)),
    "api:case-participants": ("GET", {"case_id": "case"}, expect(allowed=REGISTER, ok=200)),
    "api:case-participants POST": ("POST", {"case_id": "case"}, expect(allowed=REGISTER, ok=400)),
    "api:participant-detail PATCH": ("PATCH", {"participant_id": "victim"}, expect(allowed=REGISTER, ok=400)),
    "api:participant-detail DELETE": ("DELETE", {"participant_id": "witness"}, expect(allowed=DELETERS, ok=204)),
    "api:case-events": ("GET", {"case_id": "case"}, expect(allowed=REGISTER, ok=200)),
    "api:case-events POST": ("POST", {"case_id": "case"}, expect(allowed=REGISTER, ok=400)),
    "api:event-detail PATCH": ("PATCH", {"event_id": "event"}, expect(allowed=REGISTER, ok=400)),
    "api:event-detail DELETE": ("DELETE", {"event_id": "event"}, expect(allowed=DELETERS, ok=204)),
    "api:case-crossings": ("GET", {"case_id": "case"}, expect(allowed=REGISTER, ok=200)),
    "api:case-crossings POST": ("POST", {"case_id": "case"}, expect(allowed=REGISTER, ok=400)),
    "api:crossing-detail PATCH": ("PATCH", {"crossing_id": "crossing"}, expect(allowed=REGISTER, ok=400)),
    "api:crossing-detail DELETE": ("DELETE", {"crossing_id": "crossing"}, expect(allowed=DELETERS, ok=204)),
    "api:person-list": ("GET", {}, expect(allowed=REGISTER, ok=200, outsider=200)),
    "api:person-detail": ("GET", {"person_id": "person"}, expect(allowed=REGISTER, ok=200)),
    "api:person-detail PATCH": ("PATCH", {"person_id": "person"}, expect(allowed=REGISTER, ok=400)),
    "api:person-consents": ("GET", {"person_id": "person"}, expect(allowed=REGISTER, ok=200)),
    "api:person-consents POST": ("POST", {"person_id": "person"}, expect(allowed=REGISTER, ok=400)),
    "api:consent-withdraw": ("POST", {"consent_id": "consent"}, expect(allowed=REGISTER, ok=200)),
}


def api_url_names() -> set[str]:
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield f"api:{pattern.name}"

    [api] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api"]
    return set(walk(api.url_patterns))


# The apps that add their rows to the central matrix (vigie/tests/test_permission_matrix.py) are tried there.
CONTRIBUTED = {name for c in CONTRIBUTIONS for name in c.MATRIX if name.startswith("api:")}


def test_every_api_url_is_in_the_matrix():
    assert api_url_names() - CONTRIBUTED == {key.split()[0] for key in MATRIX}


@pytest.fixture
def objects(anltp, investigator):
    case = make_case(anltp, investigator, offences=["tip", "som"])
    victim = make_participant(case, investigator)
    witness = make_participant(case, investigator, role=Participant.Role.WITNESS, family_name="Sani")
    gendarmerie = Agency.objects.create(
        code="GN", name="Gendarmerie nationale", country_id="NE", kind=Agency.Kind.GENDARMERIE
    )
    return {
        "case": case,
        "victim": victim,
        "witness": witness,
        "person": victim.person,
        "event": record_event_in_case(actor=investigator, case=case, kind="recruitment", participants=[victim]),
        "crossing": record_crossing(actor=investigator, case=case, from_country_id="NE", to_country_id="LY"),
        "share": share_case(
            actor=investigator, case=case, agency=gendarmerie, purpose="all", reason="Enquête conjointe"
        ),
        "consent": record_consent(
            actor=investigator,
            person=victim.person,
            purpose="referral",
            given_on=datetime.date(2025, 3, 12),
            method="written",
        ),
    }


def client_for(role, anltp, naptip, investigator):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if role == "investigator":
        client.force_login(investigator)
    elif role == "outsider":
        client.force_login(make_member(naptip, Role.INVESTIGATOR))
    elif role != "anonymous":
        client.force_login(make_member(anltp, ROLES[role]))
    return client


@pytest.mark.parametrize("role", ["anonymous", "outsider", *ROLES])
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_role_gets_expected_status(key, role, objects, anltp, naptip, investigator):
    method, kwargs, expected = MATRIX[key]
    url = reverse(key.split()[0], kwargs={name: objects[obj].pk for name, obj in kwargs.items()})
    client = client_for(role, anltp, naptip, investigator)
    response = client.generic(method, url, "{}", content_type="application/json")
    assert response.status_code == expected[role], f"{role} {method} {url}: {response.content[:200]!r}"
    if response.status_code in (401, 403, 404):
        assert "KOUYAT" not in response.text


# Authentication -----------------------------------------------------------------------------------


def test_anonymous_calls_get_401_not_a_login_redirect(case):
    response = APIClient().get(reverse("api:case-detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_authenticates(case, clerk):
    token = issue_api_token(user=clerk)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:case-detail", kwargs={"case_id": case.pk})).status_code == 200


def test_a_token_call_needs_no_csrf_token_but_a_session_call_does(anltp, clerk):
    body = {"offences": ["tip"], "opened_on": "2025-04-02"}
    by_session = APIClient(enforce_csrf_checks=True)
    by_session.force_login(clerk)
    assert by_session.post(reverse("api:case-list"), body, format="json").status_code == 403
    by_token = APIClient(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {issue_api_token(user=clerk)}")
    assert by_token.post(reverse("api:case-list"), body, format="json").status_code == 201
    assert Case.objects.count() == 1


def test_a_new_token_replaces_the_old_one(clerk):
    old = issue_api_token(user=clerk)
    new = issue_api_token(user=clerk)
    assert APIClient(HTTP_AUTHORIZATION=f"Token {old}").get(reverse("api:case-list")).status_code == 401
    assert APIClient(HTTP_AUTHORIZATION=f"Token {new}").get(reverse("api:case-list")).status_code == 200


def test_the_api_token_command_prints_a_working_token(clerk):
    out = StringIO()
    call_command("api-token", clerk.username, stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(user=clerk).key == key
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_ISSUED, actor=clerk).exists()
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:case-list")).status_code == 200


def test_the_api_token_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api-token", "nobody")


def test_an_unsupported_method_gets_405_with_the_allowed_ones(case, clerk):
    client = APIClient()
    client.force_login(clerk)
    response = client.put(reverse("api:case-detail", kwargs={"case_id": case.pk}), {}, format="json")
    assert response.status_code == 405
    assert response["Allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH"


# Schema -------------------------------------------------------------------------------------------


def test_the_schema_documents_every_operation(clerk):
    client = APIClient()
    client.force_login(clerk)
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/cases/{case_id}/"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/cases/{case_id}/participants/"]) == {"get", "post"}
    ours = {path: item for path, item in paths.items() if not set(path.split("/")) & set(CONTRIBUTING_APPS)}
    assert len([op for path in ours.values() for op in path]) == len(MATRIX)
