"""Fetch-and-authorise for screenings. A screening is about a person of a case: those who see the case's
investigation or its victims' assistance need it (police identifying victims, shelters receiving them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts.models import User
from vigie.cases.access import CasePart, can_see_part, get_participant_for_user
from vigie.cases.models import Case, Participant
from vigie.screening.models import Screening


def can_screen(user: User, case: Case) -> bool:
    return can_see_part(user, case, CasePart.INVESTIGATION) or can_see_part(user, case, CasePart.ASSISTANCE)


def get_participant_to_screen(user: User, participant_id: int, *, write: bool = False) -> Participant:
    """The person, if the user sees the case (else 404) and one of its parts that screens (else 403)."""
    participant = get_participant_for_user(user, participant_id, write=write)
    if not can_screen(user, participant.case):
        raise PermissionDenied
    return participant


def get_screening_for_user(user: User, screening_id: int, *, write: bool = False) -> Screening:
    try:
        participant_id = Screening.objects.values_list("participant_id", flat=True).get(pk=screening_id)
    except Screening.DoesNotExist:
        raise Http404 from None
    participant = get_participant_to_screen(user, participant_id, write=write)
    screening = Screening.objects.select_related("screened_by").get(pk=screening_id)
    screening.participant = participant
    screening.case = participant.case
    return screening
