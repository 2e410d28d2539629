"""Every write of the investigation part of a case: checked, saved and audited in one transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, editable_fields, snapshot
from vigie.cases.models import Case, CaseShare, Participant
from vigie.cases.services import audit_in_case
from vigie.concurrency import claim_for_deletion, save_versioned
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure
from vigie.reference.models import Country

Action = AuditEvent.Action
Status = Investigation.Status
Technique = Investigation.Technique

# The life cycle of an investigation. A closed one is reopened (new evidence) with a reason.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.OPEN: {Status.SUSPENDED, Status.CLOSED},
    Status.SUSPENDED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: {Status.OPEN},
}

INVESTIGATION_FIELDS = ["agency_id", "lead_unit", "lead_investigator_id", "opened_on", "techniques", "notes"]
STATUS_FIELDS = ["status", "closed_on", "closing_reason", "status_reason"]
ARREST_FIELDS = editable_fields(Arrest, "investigation")
SEIZURE_FIELDS = editable_fields(Seizure, "investigation", "persons")
FLOW_FIELDS = editable_fields(MoneyFlow, "investigation")


def _settable(name: str, fields: list[str]) -> bool:
    return name in fields or f"{name}_id" in fields


# Investigations -----------------------------------------------------------------------------------


def lead_agency_choices(case: Case) -> list[int]:
    """The agencies that may lead an investigation of the case: its lead agency and those it is shared
    with for the investigation."""
    shared = case.shares.active().filter(purpose__in=[CaseShare.Purpose.INVESTIGATION, CaseShare.Purpose.ALL])
    return [case.agency_id, *shared.values_list("agency_id", flat=True)]


def _investigation_state(investigation: Investigation) -> dict[str, Any]:
    return {
        **snapshot(investigation, [*INVESTIGATION_FIELDS, *STATUS_FIELDS]),
        "partner_countries": sorted(investigation.partner_countries.values_list("pk", flat=True)),
    }


def _check_investigation(investigation: Investigation, partner_countries: list[Country]) -> None:
    if investigation.agency_id not in lead_agency_choices(investigation.case):
        raise ValidationError(
            {"agency": _("Choose the case's lead agency or an agency it is shared with for the investigation.")}
        )
    lead = investigation.lead_investigator
    if lead is not None and not permissions.may_lead_investigation_in(lead, investigation.agency_id):
        raise ValidationError({"lead_investigator": _("Choose an investigator of the lead agency.")})
    techniques = investigation.techniques
    if not isinstance(techniques, list) or any(t not in Technique.values for t in techniques):
        raise ValidationError({"techniques": _("Choose techniques from the list.")})
    investigation.techniques = sorted(set(techniques))
    if Technique.JOINT_TEAM in investigation.techniques and not partner_countries:
        raise ValidationError(
            {"partner_countries": _("Name the countries taking part in the joint investigation team.")}
        )
    if Technique.JOINT_TEAM not in investigation.techniques and partner_countries:
        raise ValidationError(
            {"partner_countries": _("Partner countries are given only for a joint investigation team.")}
        )
    # Before full_clean: its message for a database constraint names the constraint, not the field.
    if investigation.closed_on is not None and investigation.closed_on < investigation.opened_on:
        raise ValidationError({"opened_on": _("An investigation is opened on or before the day it was closed.")})
    if investigation.opened_on < investigation.case.opened_on - datetime.timedelta(days=366):
        raise ValidationError({"opened_on": _("An investigation starts at most a year before its case was opened.")})
    investigation.full_clean(exclude=["case"])


@transaction.atomic
def open_investigation(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    lead_unit: str,
    opened_on: datetime.date,
    lead_investigator: User | None = None,
    techniques: Iterable[str] = (),
    partner_countries: Iterable[Country] = (),
    notes: str = "",
) -> Investigation:
    countries = list(partner_countries)
    investigation = Investigation(
        case=case,
        agency=agency,
        lead_unit=lead_unit.strip(),
        opened_on=opened_on,
        lead_investigator=lead_investigator,
        techniques=list(techniques),
        notes=notes,
    )
    _check_investigation(investigation, countries)
    investigation.save()
    investigation.partner_countries.set(countries)
    audit_in_case(
        actor=actor,
        action=Action.INVESTIGATION_OPENED,
        case=case,
        target=investigation,
        changes=diff({}, _investigation_state(investigation)),
    )
    return investigation


@transaction.atomic
def update_investigation(
    *,
    actor: User,
    investigation: Investigation,
    expected_version: int,
    partner_countries: Iterable[Country] | None = None,
    **values: Any,
) -> Investigation:
    allowed = {"agency", "lead_unit", "lead_investigator", "opened_on", "techniques", "notes"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"update_investigation does not change {sorted(unknown)}")
    before = _investigation_state(investigation)
    for name, value in values.items():
        setattr(investigation, name, value)
    countries = (
        list(partner_countries) if partner_countries is not None else list(investigation.partner_countries.all())
    )
    _check_investigation(investigation, countries)
    save_versioned(investigation, expected_version=expected_version, fields=INVESTIGATION_FIELDS)
    investigation.partner_countries.set(countries)
    audit_in_case(
        actor=actor,
        action=Action.INVESTIGATION_UPDATED,
        case=investigation.case,
        target=investigation,
        changes=diff(before, _investigation_state(investigation)),
    )
    return investigation


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


@transaction.atomic
def change_investigation_status(
    *,
    actor: User,
    investigation: Investigation,
    expected_version: int,
    status: str,
    closing_reason: str = "",
    closed_on: datetime.date | None = None,
    reason: str = "",
) -> Investigation:
    current = investigation.status
    if status not in ALLOWED_TRANSITIONS.get(current, set()):
        raise ValidationError(
            {
                "status": _("An investigation that is “%(current)s” cannot become “%(new)s”.")
                % {"current": _status_label(current), "new": _status_label(status)}
            }
        )
    before = snapshot(investigation, STATUS_FIELDS)
    if status == Status.CLOSED:
        if not closing_reason:
            raise ValidationError({"closing_reason": _("Say why the investigation is closed.")})
        investigation.closed_on = closed_on or timezone.localdate()
        investigation.closing_reason = closing_reason
    else:
        if current == Status.CLOSED and not reason.strip():
            raise ValidationError({"reason": _("Say why the investigation is reopened.")})
        investigation.closed_on = None
        investigation.closing_reason = ""
    investigation.status = status
    investigation.status_reason = reason.strip()
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if investigation.closed_on is not None and investigation.closed_on < investigation.opened_on:
        raise ValidationError({"closed_on": _("An investigation is closed on or after the day it was opened.")})
    investigation.full_clean(exclude=["case"])
    save_versioned(investigation, expected_version=expected_version, fields=STATUS_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.INVESTIGATION_STATUS_CHANGED,
        case=investigation.case,
        target=investigation,
        changes=diff(before, snapshot(investigation, STATUS_FIELDS)),
    )
    return investigation


@transaction.atomic
def delete_investigation(*, actor: User, investigation: Investigation, expected_version: int | None = None) -> None:
    claim_for_deletion(investigation, expected_version=expected_version)
    before = {
        **_investigation_state(investigation),
        "arrests": investigation.arrests.count(),
        "seizures": investigation.seizures.count(),
        "money_flows": investigation.money_flows.count(),
    }
    audit_in_case(
        actor=actor,
        action=Action.INVESTIGATION_DELETED,
        case=investigation.case,
        target=investigation,
        changes=diff(before, {}),
    )
    pk = investigation.pk
    investigation.delete()
    investigation.pk = pk


# Arrests ------------------------------------------------------------------------------------------


def _check_arrest(arrest: Arrest) -> None:
    suspect = arrest.suspect
    if suspect.case_id != arrest.investigation.case_id or suspect.role != Participant.Role.SUSPECT:
        # Victims and smuggled migrants are protected, not arrested as suspects (Palermo Protocol art. 6,
        # SOM Protocol art. 5): only a suspect of the case can be recorded here.
        raise ValidationError(
            {"suspect": _("Only a suspect of this case can be recorded as arrested; victims and migrants cannot.")}
        )
    if (arrest.latitude is None) != (arrest.longitude is None):
        raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
    if arrest.arrested_on < arrest.investigation.opened_on - datetime.timedelta(days=366):
        raise ValidationError({"arrested_on": _("This date is long before the investigation was opened.")})
    arrest.full_clean(exclude=["investigation", "suspect"])


@transaction.atomic
def record_arrest(*, actor: User, investigation: Investigation, suspect: Participant, **values: Any) -> Arrest:
    arrest = Arrest(investigation=investigation, suspect=suspect, **values)
    _check_arrest(arrest)
    arrest.save()
    audit_in_case(
        actor=actor,
        action=Action.ARREST_RECORDED,
        case=investigation.case,
        target=arrest,
        changes=diff({}, snapshot(arrest, ARREST_FIELDS)),
    )
    return arrest


@transaction.atomic
def update_arrest(*, actor: User, arrest: Arrest, expected_version: int, **values: Any) -> Arrest:
    before = snapshot(arrest, ARREST_FIELDS)
    for name, value in values.items():
        if not _settable(name, ARREST_FIELDS):
            raise TypeError(f"update_arrest does not change {name}")
        setattr(arrest, name, value)
    _check_arrest(arrest)
    save_versioned(arrest, expected_version=expected_version, fields=ARREST_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.ARREST_UPDATED,
        case=arrest.investigation.case,
        target=arrest,
        changes=diff(before, snapshot(arrest, ARREST_FIELDS)),
    )
    return arrest


@transaction.atomic
def delete_arrest(*, actor: User, arrest: Arrest, expected_version: int | None = None) -> None:
    claim_for_deletion(arrest, expected_version=expected_version)
    changes = diff(snapshot(arrest, ARREST_FIELDS), {})
    audit_in_case(
        actor=actor, action=Action.ARREST_DELETED, case=arrest.investigation.case, target=arrest, changes=changes
    )
    arrest.delete()


# Seizures and frozen assets -----------------------------------------------------------------------


def _seizure_state(seizure: Seizure) -> dict[str, Any]:
    return {**snapshot(seizure, SEIZURE_FIELDS), "persons": sorted(seizure.persons.values_list("pk", flat=True))}


def _people_of_case(case_id: int, people: Iterable[Participant], field: str) -> list[Participant]:
    chosen = list(people)
    if any(p.case_id != case_id for p in chosen):
        raise ValidationError({field: _("Choose people who take part in this case.")})
    return chosen


def _check_seizure(seizure: Seizure) -> None:
    seizure.currency = (seizure.currency or "").strip().upper()
    if (seizure.amount is None) != (not seizure.currency):
        raise ValidationError({"currency": _("Give the amount and its currency together, or neither.")})
    if seizure.released_on is not None and seizure.released_on < seizure.taken_on:
        raise ValidationError({"released_on": _("An asset is returned or released after it was seized or frozen.")})
    seizure.full_clean(exclude=["investigation"])


@transaction.atomic
def record_seizure(
    *, actor: User, investigation: Investigation, persons: Iterable[Participant] = (), **values: Any
) -> Seizure:
    seizure = Seizure(investigation=investigation, **values)
    _check_seizure(seizure)
    chosen = _people_of_case(investigation.case_id, persons, "persons")
    seizure.save()
    seizure.persons.set(chosen)
    audit_in_case(
        actor=actor,
        action=Action.SEIZURE_RECORDED,
        case=investigation.case,
        target=seizure,
        changes=diff({}, _seizure_state(seizure)),
    )
    return seizure


@transaction.atomic
def update_seizure(
    *,
    actor: User,
    seizure: Seizure,
    expected_version: int,
    persons: Iterable[Participant] | None = None,
    **values: Any,
) -> Seizure:
    before = _seizure_state(seizure)
    for name, value in values.items():
        if not _settable(name, SEIZURE_FIELDS):
            raise TypeError(f"update_seizure does not change {name}")
        setattr(seizure, name, value)
    _check_seizure(seizure)
    if seizure.kind not in Seizure.ACCOUNT_KINDS and (seizure.outflows.exists() or seizure.inflows.exists()):
        raise ValidationError({"kind": _("Money flows go through this account: it must stay an account.")})
    save_versioned(seizure, expected_version=expected_version, fields=SEIZURE_FIELDS)
    if persons is not None:
        seizure.persons.set(_people_of_case(seizure.investigation.case_id, persons, "persons"))
    audit_in_case(
        actor=actor,
        action=Action.SEIZURE_UPDATED,
        case=seizure.investigation.case,
        target=seizure,
        changes=diff(before, _seizure_state(seizure)),
    )
    return seizure


@transaction.atomic
def delete_seizure(*, actor: User, seizure: Seizure, expected_version: int | None = None) -> None:
    claim_for_deletion(seizure, expected_version=expected_version)
    if seizure.outflows.exists() or seizure.inflows.exists():
        raise ValidationError(_("Money flows go through this account: delete or change them first."))
    changes = diff(_seizure_state(seizure), {})
    audit_in_case(
        actor=actor, action=Action.SEIZURE_DELETED, case=seizure.investigation.case, target=seizure, changes=changes
    )
    seizure.delete()


# Money flows --------------------------------------------------------------------------------------


def _check_end(flow: MoneyFlow, end: str) -> None:
    participant: Participant | None = getattr(flow, f"{end}_participant")
    seizure: Seizure | None = getattr(flow, f"{end}_seizure")
    account = getattr(flow, f"{end}_account").strip()
    setattr(flow, f"{end}_account", account)
    if participant is None and seizure is None and not account:
        message = {
            "from": _("Say where the money came from: a person, a seized account or another account."),
            "to": _("Say where the money went: a person, a seized account or another account."),
        }[end]
        raise ValidationError({f"{end}_participant": message})
    if participant is not None and participant.case_id != flow.investigation.case_id:
        raise ValidationError({f"{end}_participant": _("Choose people who take part in this case.")})
    if seizure is not None and (
        seizure.investigation_id != flow.investigation_id or seizure.kind not in Seizure.ACCOUNT_KINDS
    ):
        raise ValidationError(
            {f"{end}_seizure": _("Choose a bank or mobile-money account seized or frozen in this investigation.")}
        )


def _check_flow(flow: MoneyFlow) -> None:
    _check_end(flow, "from")
    _check_end(flow, "to")
    flow.currency = (flow.currency or "").strip().upper()
    flow.full_clean(exclude=["investigation"])


@transaction.atomic
def record_money_flow(*, actor: User, investigation: Investigation, **values: Any) -> MoneyFlow:
    flow = MoneyFlow(investigation=investigation, **values)
    _check_flow(flow)
    flow.save()
    audit_in_case(
        actor=actor,
        action=Action.MONEY_FLOW_RECORDED,
        case=investigation.case,
        target=flow,
        changes=diff({}, snapshot(flow, FLOW_FIELDS)),
    )
    return flow


@transaction.atomic
def update_money_flow(*, actor: User, flow: MoneyFlow, expected_version: int, **values: Any) -> MoneyFlow:
    before = snapshot(flow, FLOW_FIELDS)
    for name, value in values.items():
        if not _settable(name, FLOW_FIELDS):
            raise TypeError(f"update_money_flow does not change {name}")
        setattr(flow, name, value)
    _check_flow(flow)
    save_versioned(flow, expected_version=expected_version, fields=FLOW_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.MONEY_FLOW_UPDATED,
        case=flow.investigation.case,
        target=flow,
        changes=diff(before, snapshot(flow, FLOW_FIELDS)),
    )
    return flow


@transaction.atomic
def delete_money_flow(*, actor: User, flow: MoneyFlow, expected_version: int | None = None) -> None:
    claim_for_deletion(flow, expected_version=expected_version)
    changes = diff(snapshot(flow, FLOW_FIELDS), {})
    audit_in_case(
        actor=actor, action=Action.MONEY_FLOW_DELETED, case=flow.investigation.case, target=flow, changes=changes
    )
    flow.delete()
