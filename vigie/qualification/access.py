"""Fetch-and-authorise for the qualification of a case."""

from django.core.exceptions import PermissionDenied

from vigie.accounts.models import User
from vigie.cases.access import CasePart, can_see_part, get_case_for_user
from vigie.cases.models import Case


def get_case_for_qualification(user: User, case_id: int) -> Case:
    """The case, if the user sees it (else 404) and needs to know about its people: the investigation's or
    the assistance's roles (else 403). The qualification names what was done to each person."""
    case = get_case_for_user(user, case_id)
    if not (can_see_part(user, case, CasePart.INVESTIGATION) or can_see_part(user, case, CasePart.ASSISTANCE)):
        raise PermissionDenied
    return case
