"""Who may call each operation of the investigation API, and its OpenAPI documentation.

The central matrix tries one method per URL; here every operation is tried with every role. Writes are
sent empty: a role that may write gets 400 (its input is checked), the others 401, 403 or 404.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from vigie.cases.models import Participant
from vigie.cases.services import share_case
from vigie.conftest import make_member, make_participant
from vigie.investigations.tests import matrix
from vigie.tests.matrix import INVESTIGATION, INVESTIGATION_DELETERS, Role, api

READ = api(allowed=INVESTIGATION)
WRITE = api(allowed=INVESTIGATION, ok=400)
DELETE = api(allowed=INVESTIGATION_DELETERS, ok=204)

OPERATIONS = {
    "api:case-investigations GET": ({"case_id": "case"}, READ),
    "api:case-investigations POST": ({"case_id": "case"}, WRITE),
    "api:investigation-detail GET": ({"investigation_id": "investigation"}, READ),
    "api:investigation-detail PATCH": ({"investigation_id": "investigation"}, WRITE),
    "api:investigation-detail DELETE": ({"investigation_id": "investigation"}, DELETE),
    "api:investigation-status POST": ({"investigation_id": "investigation"}, WRITE),
    "api:investigation-arrests GET": ({"investigation_id": "investigation"}, READ),
    "api:investigation-arrests POST": ({"investigation_id": "investigation"}, WRITE),
    "api:arrest-detail PATCH": ({"arrest_id": "arrest"}, WRITE),
    "api:arrest-detail DELETE": ({"arrest_id": "arrest"}, DELETE),
    "api:investigation-seizures GET": ({"investigation_id": "investigation"}, READ),
    "api:investigation-seizures POST": ({"investigation_id": "investigation"}, WRITE),
    "api:seizure-detail PATCH": ({"seizure_id": "seizure"}, WRITE),
    "api:seizure-detail DELETE": ({"seizure_id": "seizure"}, DELETE),
    "api:investigation-money-flows GET": ({"investigation_id": "investigation"}, READ),
    "api:investigation-money-flows POST": ({"investigation_id": "investigation"}, WRITE),
    "api:money-flow-detail PATCH": ({"flow_id": "money_flow"}, WRITE),
    "api:money-flow-detail DELETE": ({"flow_id": "money_flow"}, DELETE),
}
USERS = {
    "clerk": Role.DATA_CLERK,
    "prosecutor": Role.PROSECUTOR,
    "case_worker": Role.CASE_WORKER,
    "agency_admin": Role.AGENCY_ADMIN,
    "analyst": Role.ANALYST,
    "coordinator": Role.NATIONAL_COORDINATOR,
    "sysadmin": Role.SYSTEM_ADMIN,
}


@pytest.fixture
def objects(case, investigator, anltp):
    from vigie.accounts.models import Agency

    suspect = make_participant(case, investigator, role=Participant.Role.SUSPECT, family_name="Moussa")
    ngo = Agency.objects.create(code="AFS", name="ONG", country_id="NE", kind=Agency.Kind.NGO)
    share_case(actor=investigator, case=case, agency=ngo, purpose="assistance", reason="Accueil")
    base = {"case": case, "suspect": suspect, "anltp": anltp, "investigator": investigator, "ngo": ngo}
    return base | matrix.make_objects(base)


def client_for(role, objects, naptip):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if role == "investigator":
        client.force_login(objects["investigator"])
    elif role == "outsider":
        client.force_login(make_member(naptip, Role.INVESTIGATOR))
    elif role == "partner":
        client.force_login(make_member(objects["ngo"], Role.CASE_WORKER))
    elif role != "anonymous":
        client.force_login(make_member(objects["anltp"], USERS[role]))
    return client


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner", "investigator", *USERS])
@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_role_gets_expected_status(key, role, objects, naptip):
    name, method = key.split()
    kwargs, expected = OPERATIONS[key]
    url = reverse(name, kwargs={arg: objects[obj].pk for arg, obj in kwargs.items()})
    response = client_for(role, objects, naptip).generic(method, url, "{}", content_type="application/json")
    assert response.status_code == expected[role], f"{role} {method} {url}: {response.content[:200]!r}"
    if response.status_code in (401, 403, 404):
        assert "MOUSSA" not in response.text


def test_the_schema_documents_every_operation(clerk):
    client = APIClient()
    client.force_login(clerk)
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    documented = {f"{path} {method.upper()}" for path, operations in paths.items() for method in operations}
    for key, (kwargs, _expected) in OPERATIONS.items():
        name, method = key.split()
        path = reverse(name, kwargs=dict.fromkeys(kwargs, 999)).replace("999", f"{{{next(iter(kwargs))}}}")
        assert f"{path} {method}" in documented
