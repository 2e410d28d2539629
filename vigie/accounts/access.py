"""Fetch-and-authorise for agencies and memberships. Views load these objects only here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts import permissions
from vigie.accounts.models import Agency, Membership, User


def get_agency_for_user(user: User, agency_id: int, *, edit: bool = False) -> Agency:
    """An agency whose members the user manages, or, with `edit`, whose name and kind they change.
    Agencies are no secret (every user may share a case with any of them): a refusal is a 403."""
    allowed = permissions.can_manage_agencies(user) if edit else permissions.can_manage_members(user, agency_id)
    if not allowed:
        raise PermissionDenied
    agency = Agency.objects.select_related("country").filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    return agency


def get_membership_for_user(user: User, membership_id: int) -> Membership:
    """A membership of an agency whose members the user manages; those of other agencies are not revealed."""
    if not permissions.can_manage_members_somewhere(user):
        raise PermissionDenied
    membership = Membership.objects.select_related("user", "agency__country").filter(pk=membership_id).first()
    if membership is None or not permissions.can_manage_members(user, membership.agency_id):
        raise Http404
    return membership
