"""Fetch-and-authorise for cases and what hangs off them. Views and APIs load these objects only here."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.models import BorderCrossing, Case, CaseQuerySet, CaseShare, Decision, Event, Participant


def cases_visible_to(user: User) -> CaseQuerySet:
    """Cases of the user's agencies and cases shared with them, for roles that work on named records."""
    return Case.objects.of_agencies(permissions.agencies_with(user, permissions.REGISTER_ROLES))


def _agencies_seeing(case: Case) -> set[int]:
    return {case.agency_id, *case.shares.active().values_list("agency_id", flat=True)}


def roles_on_case(user: User, case: Case) -> set[str]:
    return permissions.roles_through(user, _agencies_seeing(case))


def can_edit_case(user: User, case: Case) -> bool:
    return bool(roles_on_case(user, case) & permissions.REGISTER_ROLES)


def can_delete_in_case(user: User, case: Case) -> bool:
    """Deleting loses evidence: only the lead agency's deleting roles may, not an agency it is shared with."""
    return bool(permissions.roles_through(user, {case.agency_id}) & permissions.DELETING_ROLES)


def can_decide_on_case(user: User, case: Case) -> bool:
    """Change the status of the case, share it, revoke a sharing: only the lead agency decides."""
    return bool(permissions.roles_through(user, {case.agency_id}) & permissions.DECIDING_ROLES)


class CasePart(StrEnum):
    """Parts of a case that only some of those who see the case need to know."""

    INVESTIGATION = "investigation"  # investigations, arrests, seizures, charges, hearings, verdicts, requests
    ASSISTANCE = "assistance"  # needs assessments, plans, referrals, services, return and reintegration


_PART_ROLES = {
    CasePart.INVESTIGATION: permissions.INVESTIGATION_ROLES,
    CasePart.ASSISTANCE: permissions.ASSISTANCE_ROLES,
}
_PART_DELETING_ROLES = {
    CasePart.INVESTIGATION: permissions.INVESTIGATION_DELETING_ROLES,
    CasePart.ASSISTANCE: permissions.ASSISTANCE_DELETING_ROLES,
}
_SHARE_PURPOSES = {
    CasePart.INVESTIGATION: [CaseShare.Purpose.INVESTIGATION, CaseShare.Purpose.ALL],
    CasePart.ASSISTANCE: [CaseShare.Purpose.ASSISTANCE, CaseShare.Purpose.ALL],
}


def can_see_part(user: User, case: Case, part: CasePart) -> bool:
    """In the lead agency, the part's roles; in an agency the case was shared with for that purpose, every
    register role (the lead agency decided that agency needs to know: an NGO helping the prosecution)."""
    if permissions.roles_through(user, {case.agency_id}) & _PART_ROLES[part]:
        return True
    shared_for_part = case.shares.active().filter(purpose__in=_SHARE_PURPOSES[part]).values_list("agency_id", flat=True)
    return bool(permissions.roles_through(user, set(shared_for_part)) & permissions.REGISTER_ROLES)


def cases_with_part_visible_to(user: User, part: CasePart) -> CaseQuerySet:
    """The cases whose `part` the user needs to know, by the rule of can_see_part, in one query for a whole
    export instead of one per case."""
    shared = CaseShare.objects.active().filter(
        purpose__in=_SHARE_PURPOSES[part], agency_id__in=permissions.agencies_with(user, permissions.REGISTER_ROLES)
    )
    return Case.objects.filter(
        Q(agency_id__in=permissions.agencies_with(user, _PART_ROLES[part])) | Q(pk__in=shared.values("case_id"))
    )


def can_delete_in_part(user: User, case: Case, part: CasePart) -> bool:
    """Deleting loses evidence: only the lead agency's roles that work on that part, and not data clerks."""
    return bool(permissions.roles_through(user, {case.agency_id}) & _PART_DELETING_ROLES[part])


def can_answer_decision(user: User, decision: Decision) -> bool:
    """Who may be the second person: the lead agency's identifying roles, or its deciding roles for a closure."""
    roles = permissions.roles_through(user, {decision.case.agency_id})
    if decision.kind == Decision.Kind.VICTIM_IDENTIFICATION:
        return bool(roles & permissions.IDENTIFYING_ROLES)
    return bool(roles & permissions.DECIDING_ROLES)


def get_case_for_user(
    user: User,
    case_id: int,
    *,
    write: bool = False,
    delete: bool = False,
    decide: bool = False,
    part: CasePart | None = None,
) -> Case:
    """The case, if the user may see it (else 404) and do what is asked (else 403).

    With `part`, the question is about that part of the case: the user must need to know it, and
    `write`/`delete` are asked of that part rather than of the case itself.
    """
    try:
        case = Case.objects.select_related("agency", "country").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    roles = roles_on_case(user, case)
    if not roles & permissions.REGISTER_ROLES:
        # Whether a case exists is itself sensitive: users who may not see it get a 404.
        raise Http404
    if part is not None:
        if not can_see_part(user, case, part) or (delete and not can_delete_in_part(user, case, part)):
            raise PermissionDenied
        if decide and not can_decide_on_case(user, case):
            raise PermissionDenied
        return case
    if write and not can_edit_case(user, case):
        raise PermissionDenied
    if delete and not can_delete_in_case(user, case):
        raise PermissionDenied
    if decide and not can_decide_on_case(user, case):
        raise PermissionDenied
    return case


def get_participant_for_user(
    user: User, participant_id: int, *, write: bool = False, delete: bool = False
) -> Participant:
    try:
        case_id = Participant.objects.values_list("case_id", flat=True).get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Http404 from None
    case = get_case_for_user(user, case_id, write=write, delete=delete)
    participant = Participant.objects.select_related("person").get(pk=participant_id)
    participant.case = case
    return participant


def get_event_for_user(user: User, event_id: int, *, write: bool = False, delete: bool = False) -> Event:
    try:
        event = Event.objects.get(pk=event_id)
    except Event.DoesNotExist:
        raise Http404 from None
    event.case = get_case_for_user(user, event.case_id, write=write, delete=delete)
    return event


def get_crossing_for_user(user: User, crossing_id: int, *, write: bool = False, delete: bool = False) -> BorderCrossing:
    try:
        crossing = BorderCrossing.objects.get(pk=crossing_id)
    except BorderCrossing.DoesNotExist:
        raise Http404 from None
    crossing.case = get_case_for_user(user, crossing.case_id, write=write, delete=delete)
    return crossing


def get_share_for_user(user: User, share_id: int) -> CaseShare:
    try:
        share = CaseShare.objects.select_related("agency").get(pk=share_id)
    except CaseShare.DoesNotExist:
        raise Http404 from None
    share.case = get_case_for_user(user, share.case_id, decide=True)
    return share


def get_decision_for_user(user: User, decision_id: int, *, answer: bool = False) -> Decision:
    """The proposed decision, if the user sees its case; with `answer`, only for who may confirm or reject it."""
    try:
        decision = Decision.objects.select_related("proposed_by", "participant__person").get(pk=decision_id)
    except Decision.DoesNotExist:
        raise Http404 from None
    decision.case = get_case_for_user(user, decision.case_id)
    if answer and not can_answer_decision(user, decision):
        raise PermissionDenied
    return decision
