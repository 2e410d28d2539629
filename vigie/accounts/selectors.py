from collections.abc import Iterable

from django.db.models import Count, QuerySet

from vigie.accounts import permissions
from vigie.accounts.models import Agency, Membership, User


def register_agencies_of(user: User) -> QuerySet[Agency]:
    """The agencies in which the user works on named records (where they may open a case)."""
    ids = permissions.agencies_with(user, permissions.REGISTER_ROLES)
    return Agency.objects.filter(pk__in=ids).select_related("country")


def all_agencies() -> QuerySet[Agency]:
    """Every agency of this instance: a case may be shared with any of them."""
    return Agency.objects.select_related("country").order_by("country_id", "name")


def agencies_managed_by(user: User, *, country_id: str | None = None, kind: str | None = None) -> QuerySet[Agency]:
    """The agencies whose members the user manages (every agency for a system administrator), with how
    many members each has."""
    agencies = all_agencies().annotate(member_count=Count("memberships"))
    managed = permissions.agencies_managing_members(user)
    if managed is not None:
        agencies = agencies.filter(pk__in=managed)
    if country_id:
        agencies = agencies.filter(country_id=country_id)
    if kind:
        agencies = agencies.filter(kind=kind)
    return agencies


def members_of(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency__country").order_by("agency__name")


def user_by_username(username: str) -> User | None:
    """Exact user name only: an administrator adds someone they know, not whoever a search turns up."""
    return User.objects.filter(username=username).first()


def still_acting(pairs: Iterable[tuple[int | None, int]], roles: Iterable[str]) -> set[tuple[int, int]]:
    """Of the (user, agency) pairs that records name, those whose user is active and still holds one of the
    roles in that agency: one query, whatever the number of pairs."""
    named = {(user_id, agency_id) for user_id, agency_id in pairs if user_id is not None}
    if not named:
        return set()
    memberships = Membership.objects.filter(
        user_id__in={user_id for user_id, _a in named},
        agency_id__in={agency_id for _u, agency_id in named},
        role__in=set(roles),
        user__is_active=True,
    ).values_list("user_id", "agency_id")
    return set(memberships) & named
