"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

import datetime
from decimal import Decimal
from typing import Any

from vigie.investigations import services
from vigie.tests.matrix import INVESTIGATION, INVESTIGATION_DELETERS, MatrixRow, api, expect

# The investigation part: its roles in the lead agency; the partner NGO (assistance only) gets a 403.
PAGE = expect(allowed=INVESTIGATION)
DELETE_PAGE = expect(allowed=INVESTIGATION_DELETERS)
API_READ = api(allowed=INVESTIGATION)
# Writes are sent with an empty JSON body: allowed roles get past the access check, to validation (400).
API_WRITE = api(allowed=INVESTIGATION, ok=400)
API_DELETE = api(allowed=INVESTIGATION_DELETERS, ok=204)

MATRIX: dict[str, MatrixRow] = {
    "investigations:case": ("GET", {"case_id": "case"}, PAGE),
    "investigations:investigation-add": ("GET", {"case_id": "case"}, PAGE),
    "investigations:investigation-edit": ("GET", {"investigation_id": "investigation"}, PAGE),
    "investigations:investigation-status": ("GET", {"investigation_id": "investigation"}, PAGE),
    "investigations:investigation-delete": ("GET", {"investigation_id": "investigation"}, DELETE_PAGE),
    "investigations:arrest-add": ("GET", {"investigation_id": "investigation"}, PAGE),
    "investigations:arrest-edit": ("GET", {"arrest_id": "arrest"}, PAGE),
    "investigations:arrest-delete": ("GET", {"arrest_id": "arrest"}, DELETE_PAGE),
    "investigations:seizure-add": ("GET", {"investigation_id": "investigation"}, PAGE),
    "investigations:seizure-edit": ("GET", {"seizure_id": "seizure"}, PAGE),
    "investigations:seizure-delete": ("GET", {"seizure_id": "seizure"}, DELETE_PAGE),
    "investigations:flow-add": ("GET", {"investigation_id": "investigation"}, PAGE),
    "investigations:flow-edit": ("GET", {"flow_id": "money_flow"}, PAGE),
    "investigations:flow-delete": ("GET", {"flow_id": "money_flow"}, DELETE_PAGE),
    "api:case-investigations": ("GET", {"case_id": "case"}, API_READ),
    "api:investigation-detail": ("DELETE", {"investigation_id": "investigation"}, API_DELETE),
    "api:investigation-status": ("POST", {"investigation_id": "investigation"}, API_WRITE),
    "api:investigation-arrests": ("GET", {"investigation_id": "investigation"}, API_READ),
    "api:arrest-detail": ("DELETE", {"arrest_id": "arrest"}, API_DELETE),
    "api:investigation-seizures": ("GET", {"investigation_id": "investigation"}, API_READ),
    "api:seizure-detail": ("DELETE", {"seizure_id": "seizure"}, API_DELETE),
    "api:investigation-money-flows": ("GET", {"investigation_id": "investigation"}, API_READ),
    "api:money-flow-detail": ("DELETE", {"flow_id": "money_flow"}, API_DELETE),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    """The objects this app's rows are tried on, made from the shared ones (case, victim, suspect, users…)."""
    actor = base["investigator"]
    investigation = services.open_investigation(
        actor=actor,
        case=base["case"],
        agency=base["anltp"],
        lead_unit="Brigade des mineurs de Niamey",
        opened_on=datetime.date(2025, 3, 14),
        lead_investigator=actor,
    )
    arrest = services.record_arrest(
        actor=actor, investigation=investigation, suspect=base["suspect"], arrested_on=datetime.date(2025, 3, 20)
    )
    seizure = services.record_seizure(
        actor=actor,
        investigation=investigation,
        kind="mobile_money_account",
        measure="frozen",
        taken_on=datetime.date(2025, 3, 21),
        amount=Decimal("750000"),
        currency="XOF",
        persons=[base["suspect"]],
    )
    # A flow between free-text accounts: deleting the seizure first must not be refused by the flow.
    money_flow = services.record_money_flow(
        actor=actor,
        investigation=investigation,
        from_participant=base["suspect"],
        to_account="Orange Money +22790000000",
        amount=Decimal("150000"),
        currency="XOF",
        channel="mobile_money",
    )
    return {"investigation": investigation, "arrest": arrest, "seizure": seizure, "money_flow": money_flow}
