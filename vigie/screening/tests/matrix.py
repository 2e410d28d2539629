"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py).

A screening is for those who see the case's investigation or its victims' assistance: every register role
of the lead agency, and the partner NGO the case is shared with for assistance.
"""

import datetime
from typing import Any

from vigie.screening.models import Screening
from vigie.tests.matrix import API_READ, READ, REGISTER, MatrixRow, api

MATRIX: dict[str, MatrixRow] = {
    "screening:list": ("GET", {"participant_id": "victim"}, READ),
    "screening:add": ("GET", {"participant_id": "victim"}, READ),
    "screening:detail": ("GET", {"screening_id": "screening"}, READ),
    "screening:edit": ("GET", {"screening_id": "screening"}, READ),
    "api:participant-screenings": ("POST", {"participant_id": "victim"}, api(allowed=REGISTER, ok=400)),
    "api:screening-detail": ("GET", {"screening_id": "screening"}, API_READ),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    """A screening of the victim, written directly: the matrix is about who may open the pages."""
    screening = Screening.objects.create(
        case=base["case"],
        participant=base["victim"],
        screened_on=datetime.date(2025, 3, 12),
        screened_by=base["investigator"],
    )
    return {"screening": screening}
