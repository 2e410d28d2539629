from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts.models import User
from vigie.accounts.permissions import agencies_importing_into_register, grants
from vigie.exchange.models import ColumnMapping


def get_column_mapping_for_user(user: User, mapping_id: int) -> ColumnMapping:
    """A mapping of an agency the user imports for; a member of the agency without that role gets a 403,
    anyone else a 404 (the mapping's name may say what the agency works on)."""
    mapping = ColumnMapping.objects.select_related("agency").filter(pk=mapping_id).first()
    if mapping is None or mapping.agency_id not in {g.agency_id for g in grants(user)}:
        raise Http404
    if mapping.agency_id not in agencies_importing_into_register(user):
        raise PermissionDenied
    return mapping
