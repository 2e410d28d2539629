"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py).

Everything here is in the investigation part of a case: its roles in the lead agency; the partner NGO,
which the case is shared with for victim assistance only, and the case worker get a 403.
"""

import datetime
from typing import Any

from vigie.justice import services
from vigie.tests.matrix import INVESTIGATION, INVESTIGATION_DELETERS, MatrixRow, api, expect

PAGE = expect(allowed=INVESTIGATION)
DELETE_PAGE = expect(allowed=INVESTIGATION_DELETERS)
API_READ = api(allowed=INVESTIGATION)
API_WRITE = api(allowed=INVESTIGATION, ok=400)  # an empty body gets past the access check to validation
API_DELETE = api(allowed=INVESTIGATION_DELETERS, ok=204)

MATRIX: dict[str, MatrixRow] = {
    "justice:proceedings": ("GET", {"case_id": "case"}, PAGE),
    "justice:proceeding-add": ("GET", {"case_id": "case"}, PAGE),
    "justice:proceeding-edit": ("GET", {"proceeding_id": "proceeding"}, PAGE),
    "justice:proceeding-status": ("GET", {"proceeding_id": "proceeding"}, PAGE),
    "justice:proceeding-delete": ("GET", {"proceeding_id": "proceeding"}, DELETE_PAGE),
    "justice:charge-add": ("GET", {"proceeding_id": "proceeding"}, PAGE),
    "justice:charge-edit": ("GET", {"charge_id": "charge"}, PAGE),
    "justice:charge-delete": ("GET", {"charge_id": "charge"}, DELETE_PAGE),
    "justice:verdict-add": ("GET", {"charge_id": "charge"}, PAGE),
    "justice:verdict-edit": ("GET", {"verdict_id": "verdict"}, PAGE),
    "justice:verdict-delete": ("GET", {"verdict_id": "verdict"}, DELETE_PAGE),
    "justice:sentence": ("GET", {"verdict_id": "verdict"}, PAGE),
    "justice:hearing-add": ("GET", {"proceeding_id": "proceeding"}, PAGE),
    "justice:hearing-edit": ("GET", {"hearing_id": "hearing"}, PAGE),
    "justice:hearing-delete": ("GET", {"hearing_id": "hearing"}, DELETE_PAGE),
    "justice:cooperation": ("GET", {"case_id": "case"}, PAGE),
    "justice:request-add": ("GET", {"case_id": "case"}, PAGE),
    "justice:request-edit": ("GET", {"request_id": "cooperation_request"}, PAGE),
    "justice:request-status": ("GET", {"request_id": "cooperation_request"}, PAGE),
    "justice:request-delete": ("GET", {"request_id": "cooperation_request"}, DELETE_PAGE),
    # The API: lists and details are read; writes are sent with an empty JSON body.
    "api:case-proceedings": ("GET", {"case_id": "case"}, API_READ),
    "api:proceeding-detail": ("GET", {"proceeding_id": "proceeding"}, API_READ),
    "api:proceeding-status": ("POST", {"proceeding_id": "proceeding"}, API_WRITE),
    "api:case-charges": ("POST", {"case_id": "case"}, API_WRITE),
    "api:charge-detail": ("DELETE", {"charge_id": "charge"}, API_DELETE),
    "api:case-hearings": ("GET", {"case_id": "case"}, API_READ),
    "api:hearing-detail": ("DELETE", {"hearing_id": "hearing"}, API_DELETE),
    "api:case-verdicts": ("GET", {"case_id": "case"}, API_READ),
    "api:verdict-detail": ("GET", {"verdict_id": "verdict"}, API_READ),
    "api:verdict-sentence": ("PUT", {"verdict_id": "verdict"}, API_WRITE),
    "api:case-cooperation-requests": ("POST", {"case_id": "case"}, API_WRITE),
    "api:cooperation-request-detail": ("DELETE", {"request_id": "cooperation_request"}, API_DELETE),
    "api:cooperation-request-status": ("POST", {"request_id": "cooperation_request"}, API_WRITE),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    """A round with a charge, a conviction, a hearing, and a cooperation request, in the shared case."""
    actor, case = base["prosecutor"], base["case"]
    day = datetime.date(2025, 4, 1)
    proceeding = services.open_proceeding(
        actor=actor,
        case=case,
        court_name="Tribunal de Niamey",
        court_country_id="NE",
        level="first_instance",
        opened_on=day,
    )
    charge = services.bring_charge(
        actor=actor, proceeding=proceeding, accused=base["suspect"], offence="tip", charged_on=day
    )
    return {
        "proceeding": proceeding,
        "charge": charge,
        "verdict": services.record_verdict(
            actor=actor, charge=charge, proceeding=proceeding, outcome="convicted", decided_on=day
        ),
        "hearing": services.record_hearing(actor=actor, proceeding=proceeding, date=day, purpose="evidence"),
        "cooperation_request": services.record_cooperation_request(
            actor=actor,
            case=case,
            direction="sent",
            kind="mla",
            other_country_id="LY",
            foreign_authority="Parquet général",
            request="Relevés bancaires",
        ),
    }
