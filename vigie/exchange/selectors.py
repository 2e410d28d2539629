from vigie.exchange.models import ImportRun, ImportRunQuerySet, RejectedRow


def import_runs(*, agency_ids: set[int] | None = None) -> ImportRunQuerySet:
    """Imports, newest first, with who ran them; only those for the given agencies' registers (plus the
    anonymous data sets, which belong to no agency) when `agency_ids` is given."""
    runs = ImportRun.objects.select_related("started_by", "agency", "dataset").order_by("-created_at", "-id")
    if agency_ids is not None:
        runs = runs.filter(agency_id__in=agency_ids) | runs.filter(agency__isnull=True)
    return runs


def problems_of(run: ImportRun, *, limit: int = 1000) -> list[RejectedRow]:
    return list(run.rejected_rows.all()[:limit])
