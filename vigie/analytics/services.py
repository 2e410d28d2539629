"""What the statistics write: the record of who looked at which figures (the PDF report and the GLOTIP
workbook are recorded as exports, in report.py and glotip_workbook.py)."""

from collections.abc import Mapping

from django.db import transaction

from vigie.accounts.models import User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event

# A filter's value is short (a year, a code); a longer one is cut so that a request cannot fill the trail.
FILTER_VALUE_LENGTH = 100
FILTERS_KEPT = 20


@transaction.atomic
def record_statistics_view(
    *, actor: User, figures: str, filters: Mapping[str, str], protected: bool, ip_address: str | None
) -> None:
    """Each view of statistics is on the record, with its filters: small-cell protection cannot stop two
    overlapping views from being subtracted one from the other (docs/statistics.md, "What it does not
    cover"), but the trail shows who asked for which views, so that such a series can be traced."""
    kept = dict(sorted(filters.items())[:FILTERS_KEPT])
    record_event(
        actor=actor,
        action=AuditEvent.Action.STATISTICS_VIEWED,
        target_label=figures,
        changes={
            "figures": figures,
            "filters": {key[:40]: value[:FILTER_VALUE_LENGTH] for key, value in kept.items()},
            "protected": protected,
        },
        ip_address=ip_address,
    )
