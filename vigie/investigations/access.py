"""Fetch-and-authorise for the investigation part of a case: investigations, arrests, seizures, money flows."""

from django.http import Http404

from vigie.accounts.models import User
from vigie.cases.access import CasePart, get_case_for_user
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure


def get_investigation_for_user(
    user: User, investigation_id: int, *, write: bool = False, delete: bool = False
) -> Investigation:
    try:
        investigation = Investigation.objects.select_related("agency", "lead_investigator").get(pk=investigation_id)
    except Investigation.DoesNotExist:
        raise Http404 from None
    investigation.case = get_case_for_user(
        user, investigation.case_id, part=CasePart.INVESTIGATION, write=write, delete=delete
    )
    return investigation


def get_arrest_for_user(user: User, arrest_id: int, *, write: bool = False, delete: bool = False) -> Arrest:
    try:
        arrest = Arrest.objects.select_related("suspect").get(pk=arrest_id)
    except Arrest.DoesNotExist:
        raise Http404 from None
    arrest.investigation = get_investigation_for_user(user, arrest.investigation_id, write=write, delete=delete)
    return arrest


def get_seizure_for_user(user: User, seizure_id: int, *, write: bool = False, delete: bool = False) -> Seizure:
    try:
        seizure = Seizure.objects.get(pk=seizure_id)
    except Seizure.DoesNotExist:
        raise Http404 from None
    seizure.investigation = get_investigation_for_user(user, seizure.investigation_id, write=write, delete=delete)
    return seizure


def get_money_flow_for_user(user: User, flow_id: int, *, write: bool = False, delete: bool = False) -> MoneyFlow:
    try:
        flow = MoneyFlow.objects.select_related("from_participant", "to_participant", "from_seizure", "to_seizure").get(
            pk=flow_id
        )
    except MoneyFlow.DoesNotExist:
        raise Http404 from None
    flow.investigation = get_investigation_for_user(user, flow.investigation_id, write=write, delete=delete)
    return flow
