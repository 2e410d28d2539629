from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.exchange.models import ImportRun


def get_import_run_for_user(user: User, run_id: int, *, rows: bool = False) -> ImportRun:
    """An import the user may see: in the list (its counts), and with `rows` its rows too (preview,
    rejected values, the file of rejected rows, confirming or cancelling it)."""
    run = ImportRun.objects.select_related("agency", "dataset", "started_by").filter(pk=run_id).first()
    if run is None:
        raise Http404
    sees_rows = permissions.can_see_import_rows(user, run.agency_id)
    if not sees_rows and not permissions.can_list_all_imports(user):
        raise Http404
    if rows and not sees_rows:
        raise PermissionDenied
    return run
