"""Fetch-and-authorise for proceedings, charges, hearings, verdicts and cooperation requests.

All of them are in the investigation part of a case: the case is loaded with `part=INVESTIGATION`, so an
agency the case is shared with for victim assistance only never sees them.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from vigie.accounts.models import User
from vigie.cases.access import CasePart, get_case_for_user
from vigie.cases.models import Case
from vigie.justice.models import Charge, CooperationRequest, Hearing, Proceeding, Verdict

PART = CasePart.INVESTIGATION


def get_justice_case_for_user(user: User, case_id: int, *, write: bool = False, delete: bool = False) -> Case:
    return get_case_for_user(user, case_id, part=PART, write=write, delete=delete)


def _load[M: models.Model](model: type[M], pk: int, case_path: str, related: list[str]) -> tuple[M, int]:
    try:
        obj = model._default_manager.select_related(*related).get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    case_id = obj
    for step in case_path.split("."):
        case_id = getattr(case_id, step)
    return obj, int(case_id)  # type: ignore[call-overload]


def get_proceeding_for_user(user: User, proceeding_id: int, *, write: bool = False, delete: bool = False) -> Proceeding:
    proceeding, case_id = _load(Proceeding, proceeding_id, "case_id", ["court_country"])
    proceeding.case = get_justice_case_for_user(user, case_id, write=write, delete=delete)
    return proceeding


def get_charge_for_user(user: User, charge_id: int, *, write: bool = False, delete: bool = False) -> Charge:
    charge, case_id = _load(Charge, charge_id, "case_id", ["proceeding", "accused__person"])
    charge.case = charge.proceeding.case = get_justice_case_for_user(user, case_id, write=write, delete=delete)
    return charge


def get_hearing_for_user(user: User, hearing_id: int, *, write: bool = False, delete: bool = False) -> Hearing:
    hearing, case_id = _load(Hearing, hearing_id, "proceeding.case_id", ["proceeding"])
    hearing.proceeding.case = get_justice_case_for_user(user, case_id, write=write, delete=delete)
    return hearing


def get_verdict_for_user(user: User, verdict_id: int, *, write: bool = False, delete: bool = False) -> Verdict:
    verdict, case_id = _load(Verdict, verdict_id, "charge.case_id", ["charge__proceeding", "proceeding"])
    case = get_justice_case_for_user(user, case_id, write=write, delete=delete)
    verdict.charge.case = verdict.charge.proceeding.case = verdict.proceeding.case = case
    return verdict


def get_request_for_user(
    user: User, request_id: int, *, write: bool = False, delete: bool = False
) -> CooperationRequest:
    request, case_id = _load(CooperationRequest, request_id, "case_id", ["other_country"])
    request.case = get_justice_case_for_user(user, case_id, write=write, delete=delete)
    return request
