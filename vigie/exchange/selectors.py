from typing import TYPE_CHECKING

from django.db.models import Q

from vigie.accounts import permissions
from vigie.exchange.models import ImportRun, ImportRunQuerySet, RejectedRow

if TYPE_CHECKING:
    from vigie.accounts.models import User


def import_runs(*, agency_ids: set[int] | None = None) -> ImportRunQuerySet:
    """Imports, newest first, with who ran them; only those for the given agencies' registers (plus the
    anonymous data sets, which belong to no agency) when `agency_ids` is given."""
    runs = ImportRun.objects.select_related("started_by", "agency", "dataset").order_by("-created_at", "-id")
    if agency_ids is not None:
        runs = runs.filter(agency_id__in=agency_ids) | runs.filter(agency__isnull=True)
    return runs


def problems_of(run: ImportRun, *, limit: int = 1000) -> list[RejectedRow]:
    return list(run.rejected_rows.all()[:limit])


def import_runs_visible_to(user: "User") -> ImportRunQuerySet:
    """The imports listed for this user: every one for a system administrator; otherwise those into the
    registers of the agencies they prepare files for, and the data sets' if they import data sets."""
    runs = import_runs()
    if permissions.can_list_all_imports(user):
        return runs
    wanted = Q(agency_id__in=permissions.register_prepare_agencies(user))
    if permissions.can_import_datasets(user):
        wanted |= Q(agency__isnull=True)
    return runs.filter(wanted)
