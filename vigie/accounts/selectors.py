from django.db.models import QuerySet

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User


def register_agencies_of(user: User) -> QuerySet[Agency]:
    """The agencies in which the user works on named records (where they may open a case)."""
    ids = permissions.agencies_with(user, permissions.REGISTER_ROLES)
    return Agency.objects.filter(pk__in=ids).select_related("country")


def all_agencies() -> QuerySet[Agency]:
    """Every agency of this instance: a case may be shared with any of them."""
    return Agency.objects.select_related("country").order_by("country_id", "name")
