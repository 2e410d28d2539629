"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

import datetime
from typing import Any

from vigie.assistance import services
from vigie.assistance.api_urls import PLURALS
from vigie.assistance.kinds import KINDS
from vigie.tests.matrix import ASSISTANCE, ASSISTANCE_DELETERS, MatrixRow, api, expect

DAY = datetime.date(2025, 4, 1)
# The assistance part: its roles in the lead agency and the partner NGO it is shared with; the police and
# the prosecution get a 403. Deleting: the lead agency's case workers and administrators, not the partner.
WORK = expect(allowed=ASSISTANCE)
DELETE = expect(allowed=ASSISTANCE_DELETERS, partner=403)

MATRIX: dict[str, MatrixRow] = {
    "assistance:page": ("GET", {"case_id": "case"}, WORK),
    "assistance:plan-status": ("GET", {"pk": "assistance_plan"}, WORK),
    "assistance:return-status": ("GET", {"pk": "assistance_return"}, WORK),
    "assistance:closure-reopen": ("GET", {"pk": "assistance_closure"}, WORK),
}
# The API: lists per case, one record (tried with DELETE), transitions (tried empty: allowed roles get 400).
MATRIX |= {
    "api:assistance-plan-status": ("POST", {"pk": "assistance_plan"}, api(allowed=ASSISTANCE, ok=400)),
    "api:assistance-return-status": ("POST", {"pk": "assistance_return"}, api(allowed=ASSISTANCE, ok=400)),
    "api:assistance-closure-reopen": ("POST", {"pk": "assistance_closure"}, api(allowed=ASSISTANCE, ok=400)),
}
for kind in KINDS:
    MATRIX[f"api:assistance-{PLURALS[kind]}"] = ("GET", {"case_id": "case"}, api(allowed=ASSISTANCE))
    MATRIX[f"api:assistance-{kind}"] = (
        "DELETE",
        {"pk": f"assistance_{kind}"},
        api(allowed=ASSISTANCE_DELETERS, ok=204, partner=403),
    )
    MATRIX[f"assistance:{kind}-add"] = ("GET", {"case_id": "case"}, WORK)
    MATRIX[f"assistance:{kind}-edit"] = ("GET", {"pk": f"assistance_{kind}"}, WORK)
    MATRIX[f"assistance:{kind}-delete"] = ("GET", {"pk": f"assistance_{kind}"}, DELETE)


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    """One record of each kind about the shared case's victim (whose age is not known)."""
    actor, case, victim = base["case_worker"], base["case"], base["victim"]
    common = {"actor": actor, "case": case, "participant": victim}
    objects = {
        "assistance_assessment": services.record_needs_assessment(**common, assessed_on=DAY, shelter="urgent"),
        "assistance_reflection": services.record_reflection_period(
            **common, started_on=DAY, ends_on=DAY + datetime.timedelta(days=30), granted_by="Parquet de Niamey"
        ),
        "assistance_plan": services.record_assistance_plan(**common, agreed_on=DAY, goals="Hébergement"),
        "assistance_family": services.record_family_assessment(
            **common, assessed_on=DAY, assessed_by="Action sociale, Zinder", outcome="favourable"
        ),
        "assistance_visit": services.record_reintegration_visit(
            **common, visited_on=DAY, visited_by="Assistante sociale", situation="well"
        ),
    }
    objects["assistance_return"] = services.plan_voluntary_return(
        **common,
        from_country_id="NE",
        to_country_id="ML",
        consent_given=True,
        consent_on=DAY,
        planned_on=DAY + datetime.timedelta(days=10),
    )
    objects["assistance_closure"] = services.close_assistance(**common, closed_on=DAY, reason="goals_reached")
    return objects
