"""Aggregate figures over the cases a user may count. Read-only, coded fields only: never a name."""

from django.db.models import Q, QuerySet

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.models import Case

# Counts from 1 to 4 are shown as "<5" to roles that may not see names, as UNODC does.
SMALL_CELL_LIMIT = 5


def countable_cases(user: User) -> QuerySet[Case]:
    if permissions.has_any_role(user, {permissions.Role.SYSTEM_ADMIN}):
        return Case.objects.all()
    agencies = {g.agency_id for g in permissions.grants(user)}
    return Case.objects.filter(
        Q(pk__in=Case.objects.of_agencies(agencies).values("pk"))
        | Q(country_id__in=permissions.coordinated_countries(user))
    )


def shown(count: int, *, protect: bool) -> str:
    if protect and 0 < count < SMALL_CELL_LIMIT:
        return f"<{SMALL_CELL_LIMIT}"
    return str(count)
