"""Fetch-and-authorise for the directory, referrals, best-interests decisions and services delivered."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.access import CasePart, can_delete_in_part, can_see_part, get_case_for_user
from vigie.cases.models import Case, Participant
from vigie.referrals.models import Referral, ServiceDelivery, ServiceProvider


def get_provider_for_user(user: User, provider_id: int, *, write: bool = False) -> ServiceProvider:
    """A directory entry: every register role reads it (else 404); its maintaining agency edits it (else 403)."""
    if not permissions.can_see_provider_directory(user):
        raise Http404
    try:
        provider = ServiceProvider.objects.select_related("country", "maintained_by", "run_by").get(pk=provider_id)
    except ServiceProvider.DoesNotExist:
        raise Http404 from None
    if write and not permissions.can_maintain_provider(user, provider.maintained_by_id):
        raise PermissionDenied
    return provider


def get_child_for_user(user: User, participant_id: int, *, write: bool = False) -> Participant:
    """A person of a case whose best-interests decisions the user reads (or records): the assistance part."""
    try:
        participant = Participant.objects.select_related("person").get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Http404 from None
    participant.case = get_case_for_user(user, participant.case_id, part=CasePart.ASSISTANCE, write=write)
    return participant


def receiving_agency_id(referral: Referral) -> int | None:
    """The agency that answers: the one referred to, or the one that runs the provider referred to."""
    if referral.to_agency_id is not None:
        return referral.to_agency_id
    return referral.to_provider.run_by_id if referral.to_provider is not None else None


def is_receiver(user: User, referral: Referral) -> bool:
    return permissions.can_answer_referral(user, receiving_agency_id(referral))


def sees_case_part(user: User, referral: Referral) -> bool:
    return bool(getattr(referral, "_sees_case_part", False))


# Which side of a referral may take each step.
RECEIVER_TRANSITIONS = frozenset({"accept", "decline", "start", "complete"})
REFERRER_TRANSITIONS = frozenset({"withdraw"})


def get_referral_for_user(
    user: User,
    referral_id: int,
    *,
    transition: str | None = None,
    write: bool = False,
    delete: bool = False,
) -> Referral:
    """A referral, for those who see the assistance part of its case and for the receiving agency's
    assistance roles, who see only the referral itself (not the rest of the case unless it is shared)."""
    try:
        referral = Referral.objects.select_related(
            "case__agency", "participant__person", "referring_agency", "to_agency", "to_provider"
        ).get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None
    receiver = is_receiver(user, referral)
    case_side = False
    try:
        referral.case = get_case_for_user(user, referral.case_id, part=CasePart.ASSISTANCE, write=write, delete=delete)
        case_side = True
    except (Http404, PermissionDenied):
        if not receiver:
            raise
    setattr(referral, "_sees_case_part", case_side)  # noqa: B010 - remembered for the page, not a model field
    if transition in RECEIVER_TRANSITIONS and not receiver:
        raise PermissionDenied
    if transition in REFERRER_TRANSITIONS and not permissions.can_withdraw_referral(user, referral.referring_agency_id):
        raise PermissionDenied
    if (write or delete) and not case_side:
        raise PermissionDenied
    return referral


def shows_identity(user: User, referral: Referral) -> bool:
    """Whether the page shows the person's name.

    The receiving side first learns only what it needs to say yes or no (sex, age, nationality, languages,
    services and urgency): a shelter for girls must know it is a girl of 14, not who she is. Once it has
    accepted, it must know whom it receives (to welcome the person, call the family, open a file). If it
    declines, it never learns the name.
    """
    if sees_case_part(user, referral):
        return True
    return referral.status in (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS, Referral.Status.COMPLETED)


def get_service_for_user(user: User, service_id: int, *, delete: bool = False) -> ServiceDelivery:
    try:
        service = ServiceDelivery.objects.select_related("participant__person").get(pk=service_id)
    except ServiceDelivery.DoesNotExist:
        raise Http404 from None
    service.case = get_case_for_user(user, service.case_id, part=CasePart.ASSISTANCE, write=True, delete=delete)
    return service


def can_see_assistance(user: User, case: Case) -> bool:
    return can_see_part(user, case, CasePart.ASSISTANCE)


def can_delete_assistance(user: User, case: Case) -> bool:
    return can_delete_in_part(user, case, CasePart.ASSISTANCE)
