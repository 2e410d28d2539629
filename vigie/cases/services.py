import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigie.accounts.models import Agency, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, editable_fields, record_event, snapshot
from vigie.cases.models import (
    BorderCrossing,
    Case,
    CaseCounter,
    CaseShare,
    Decision,
    Event,
    Participant,
    SuspectedOffence,
)
from vigie.concurrency import claim_for_deletion, insert_checked_unique, save_versioned
from vigie.people.models import Person

Action = AuditEvent.Action
Status = Case.Status

# The case life cycle. Reopening a closed case is allowed (new evidence) and audited like any change.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.OPEN: {Status.UNDER_INVESTIGATION, Status.CLOSED},
    Status.UNDER_INVESTIGATION: {Status.REFERRED_FOR_PROSECUTION, Status.CLOSED, Status.OPEN},
    Status.REFERRED_FOR_PROSECUTION: {Status.CLOSED, Status.UNDER_INVESTIGATION},
    Status.CLOSED: {Status.UNDER_INVESTIGATION},
}

CASE_FIELDS = ["title", "reported_on", "opened_on", "narrative", "country_id"]


def audit_in_case(
    *,
    actor: User,
    action: str,
    case: Case,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> None:
    """An audit event about a case or something in it, labelled with the case reference and agency."""
    record_event(
        actor=actor,
        action=action,
        target=target or case,
        target_label=case.reference,
        agency_id=case.agency_id,
        changes=changes,
        ip_address=ip_address,
    )


def _next_number(agency: Agency, year: int) -> int:
    # Row lock on the agency's counter for the year: two clerks opening cases at once get two numbers.
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _check_case_dates(case: Case) -> None:
    # Before full_clean: its message for a database constraint names the constraint, not the field.
    if case.reported_on is not None and case.reported_on > case.opened_on:
        raise ValidationError({"reported_on": _("The report date cannot be after the opening date.")})
    if case.closed_on is not None and case.opened_on > case.closed_on:
        raise ValidationError({"opened_on": _("A case is opened on or before the day it was closed.")})


def case_reference(agency: Agency, year: int, number: int) -> str:
    return f"{agency.country_id}-{agency.code}-{year}-{number:04d}"


def _set_offences(case: Case, offences: Iterable[str]) -> list[str]:
    wanted = sorted(set(offences))
    for code in wanted:
        if code not in SuspectedOffence.Offence.values:
            raise ValidationError({"offences": _("Unknown offence: %(code)s") % {"code": code}})
    current = set(case.offences.values_list("offence", flat=True))
    case.offences.exclude(offence__in=wanted).delete()
    SuspectedOffence.objects.bulk_create(
        [SuspectedOffence(case=case, offence=code) for code in wanted if code not in current]
    )
    return wanted


@transaction.atomic
def open_case(
    *,
    actor: User,
    agency: Agency,
    opened_on: datetime.date,
    country_id: str,
    offences: Iterable[str],
    title: str = "",
    reported_on: datetime.date | None = None,
    narrative: str = "",
) -> Case:
    offences = list(offences)
    if not offences:
        raise ValidationError({"offences": _("Choose at least one suspected offence.")})
    case = Case(
        agency=agency,
        title=title,
        opened_on=opened_on,
        reported_on=reported_on,
        narrative=narrative,
        country_id=country_id,
        year=opened_on.year,
        number=0,
        reference="pending",
    )
    _check_case_dates(case)
    case.full_clean(exclude=["reference", "number", "year"])
    case.number = _next_number(agency, opened_on.year)
    case.reference = case_reference(agency, opened_on.year, case.number)
    case.save()
    codes = _set_offences(case, offences)
    audit_in_case(
        actor=actor,
        action=Action.CASE_OPENED,
        case=case,
        changes=diff({}, {**snapshot(case, CASE_FIELDS), "offences": codes}),
    )
    return case


@transaction.atomic
def update_case(
    *, actor: User, case: Case, expected_version: int, offences: Iterable[str] | None = None, **values: Any
) -> Case:
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"update_case does not change {sorted(unknown)}")
    before = {**snapshot(case, CASE_FIELDS), "offences": sorted(case.offences.values_list("offence", flat=True))}
    for name, value in values.items():
        setattr(case, name, value)
    _check_case_dates(case)
    case.full_clean(exclude=["reference", "number", "year"])
    save_versioned(case, expected_version=expected_version, fields=CASE_FIELDS)
    codes = before["offences"]
    if offences is not None:
        if not list(offences):
            raise ValidationError({"offences": _("Choose at least one suspected offence.")})
        codes = _set_offences(case, offences)
    changes = diff(before, {**snapshot(case, CASE_FIELDS), "offences": codes})
    audit_in_case(actor=actor, action=Action.CASE_UPDATED, case=case, changes=changes)
    return case


@transaction.atomic
def change_case_status(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    status: str,
    closure_reason: str = "",
    closed_on: datetime.date | None = None,
) -> Case:
    if status == Status.CLOSED and case.status != Status.CLOSED:
        raise ValidationError(
            {
                "status": _(
                    "Closing a case needs a second person: propose the closure, and another authorised "
                    "person of the lead agency confirms it."
                )
            }
        )
    return _apply_case_status(
        actor=actor,
        case=case,
        expected_version=expected_version,
        status=status,
        closure_reason=closure_reason,
        closed_on=closed_on,
    )


def _apply_case_status(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    status: str,
    closure_reason: str = "",
    closed_on: datetime.date | None = None,
) -> Case:
    if status not in ALLOWED_TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            {
                "status": _("A case that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": case.get_status_display(),
                    "new": Status(status).label if status in Status.values else status,
                }
            }
        )
    before = snapshot(case, ["status", "closure_reason", "closed_on"])
    if status == Status.CLOSED:
        if not closure_reason:
            raise ValidationError({"closure_reason": _("Say why the case is closed.")})
        case.closed_on = closed_on or timezone.localdate()
        case.closure_reason = closure_reason
    else:
        case.closed_on = None
        case.closure_reason = ""
    case.status = status
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if case.closed_on is not None and case.closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("A case is closed on or after the day it was opened.")})
    case.full_clean(exclude=["reference", "number", "year"])
    save_versioned(case, expected_version=expected_version, fields=["status", "closure_reason", "closed_on"])
    audit_in_case(
        actor=actor,
        action=Action.CASE_STATUS_CHANGED,
        case=case,
        changes=diff(before, snapshot(case, ["status", "closure_reason", "closed_on"])),
    )
    return case


@transaction.atomic
def share_case(*, actor: User, case: Case, agency: Agency, purpose: str, reason: str) -> CaseShare:
    if agency.pk == case.agency_id:
        raise ValidationError({"agency": _("The lead agency already sees its own case.")})
    already = ValidationError({"agency": _("This case is already shared with %(agency)s.") % {"agency": agency.name}})
    if case.shares.active().filter(agency=agency).exists():
        raise already
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is shared: the other agency's need to know.")})
    share = CaseShare(case=case, agency=agency, purpose=purpose, reason=reason.strip(), shared_by=actor)
    share.full_clean()
    insert_checked_unique(share, error=already)
    audit_in_case(
        actor=actor,
        action=Action.CASE_SHARED,
        case=case,
        changes={"agency": agency.pk, "purpose": purpose, "reason": share.reason},
    )
    return share


@transaction.atomic
def revoke_case_share(*, actor: User, share: CaseShare) -> CaseShare:
    if share.revoked_at is not None:
        raise ValidationError(_("This sharing was already revoked."))
    revoked_at = timezone.now()
    # A conditional UPDATE: of two users revoking at once, the second is refused, not written over the first.
    if not CaseShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        revoked_at=revoked_at, revoked_by=actor
    ):
        raise ValidationError(_("This sharing was already revoked."))
    share.revoked_at = revoked_at
    share.revoked_by = actor
    audit_in_case(actor=actor, action=Action.CASE_SHARE_REVOKED, case=share.case, changes={"agency": share.agency_id})
    return share


@transaction.atomic
def delete_case(*, actor: User, case: Case, expected_version: int | None = None) -> None:
    claim_for_deletion(case, expected_version=expected_version)
    pk = case.pk
    before = {**snapshot(case, [*CASE_FIELDS, "status"]), "participants": case.participants.count()}
    audit_in_case(actor=actor, action=Action.CASE_DELETED, case=case, changes=diff(before, {}))
    case.delete()
    case.pk = pk


# Participants ---------------------------------------------------------------------------------------

PARTICIPANT_FIELDS = editable_fields(Participant, "case", "person")

# A smuggled migrant is not criminally liable for having been smuggled (SOM Protocol art. 5).
OWN_SMUGGLING_ROLES = {
    Participant.SuspectRole.SMUGGLER,
    Participant.SuspectRole.TRANSPORTER,
    Participant.SuspectRole.DOCUMENT_FORGER,
}
OWN_SMUGGLING_MESSAGE = gettext_lazy(
    "A smuggled migrant cannot be recorded as a suspect of his or her own smuggling: "
    "the Protocol against the Smuggling of Migrants (art. 5) exempts migrants from "
    "liability for having been smuggled."
)


def _check_participant(participant: Participant) -> None:
    from vigie.reference.codelists import ExploitationForm, MeansOfControl

    for field, codelist in (("forms_of_exploitation", ExploitationForm), ("means_of_control", MeansOfControl)):
        values = getattr(participant, field)
        if not isinstance(values, list) or any(v not in codelist.values for v in values):
            raise ValidationError({field: _("Choose values from the list.")})
        setattr(participant, field, sorted(set(values)))
    # "None of them" and a list of them cannot both be true: the qualification would not know which to read.
    if participant.no_exploitation and participant.forms_of_exploitation:
        raise ValidationError(
            {"no_exploitation": _("Either tick the forms of exploitation found, or say that there was none.")}
        )
    # Debt bondage is a practice similar to slavery: recorded as a means of control, it is exploitation too.
    if participant.no_exploitation and MeansOfControl.DEBT_BONDAGE in participant.means_of_control:
        raise ValidationError(
            {"no_exploitation": _("Debt bondage is ticked among the means of control: that is exploitation.")}
        )
    if participant.no_means_of_control and participant.means_of_control:
        raise ValidationError(
            {"no_means_of_control": _("Either tick the means of control found, or say that none was used.")}
        )
    if participant.crossed_no_border and participant.pk and participant.crossings.exists():
        raise ValidationError(
            {"crossed_no_border": _("This person is recorded in a border crossing of the case: change that first.")}
        )
    others = Participant.objects.filter(case_id=participant.case_id, person_id=participant.person_id)
    if participant.pk:
        others = others.exclude(pk=participant.pk)
    roles = set(others.values_list("role", "suspect_role"))
    is_migrant = participant.role == Participant.Role.SMUGGLED_MIGRANT or any(
        r == Participant.Role.SMUGGLED_MIGRANT for r, _s in roles
    )
    is_smuggling_suspect = (
        participant.role == Participant.Role.SUSPECT and participant.suspect_role in OWN_SMUGGLING_ROLES
    ) or any(r == Participant.Role.SUSPECT and s in OWN_SMUGGLING_ROLES for r, s in roles)
    if is_migrant and is_smuggling_suspect:
        raise ValidationError({"role": OWN_SMUGGLING_MESSAGE})
    if participant.role != Participant.Role.SUSPECT:
        participant.suspect_role = ""
    elif not participant.suspect_role:
        raise ValidationError({"suspect_role": _("Say what part the suspect played.")})
    if participant.pk and participant.role != Participant.Role.SUSPECT and participant.crossings_procured.exists():
        raise ValidationError(
            {"role": _("This person procured a border crossing of the case: change that crossing first.")}
        )
    participant.full_clean(exclude=["case", "person"])
    if others.filter(role=participant.role).exists():
        raise ValidationError({"role": _("This person already has this role in the case.")})


def _refuse_victim_without_identification(before: str | None, after: str) -> None:
    if after == Participant.Role.VICTIM and before != Participant.Role.VICTIM:
        raise ValidationError(
            {
                "role": _(
                    "A victim is formally identified: record the person as a presumed victim, then propose the "
                    "identification; a second authorised person confirms it."
                )
            }
        )
    if before == Participant.Role.VICTIM and after != Participant.Role.VICTIM:
        raise ValidationError(
            {
                "role": _(
                    "This person was formally identified as a victim: that decision is not undone by changing "
                    "the role. Remove the person from the case if the record is wrong."
                )
            }
        )


@transaction.atomic
def add_participant(*, actor: User, case: Case, person: Person, role: str, **facts: Any) -> Participant:
    _refuse_victim_without_identification(None, role)
    participant = Participant(case=case, person=person, role=role, **facts)
    _check_participant(participant)
    insert_checked_unique(
        participant, error=ValidationError({"role": _("This person already has this role in the case.")})
    )
    audit_in_case(
        actor=actor,
        action=Action.PARTICIPANT_ADDED,
        case=case,
        target=participant,
        changes=diff({}, {"person": person.pk, **snapshot(participant, PARTICIPANT_FIELDS)}),
    )
    return participant


@transaction.atomic
def update_participant(*, actor: User, participant: Participant, expected_version: int, **values: Any) -> Participant:
    before = snapshot(participant, PARTICIPANT_FIELDS)
    for name, value in values.items():
        if name not in PARTICIPANT_FIELDS:
            raise TypeError(f"update_participant does not change {name}")
        setattr(participant, name, value)
    _refuse_victim_without_identification(before["role"], participant.role)
    _check_participant(participant)
    save_versioned(participant, expected_version=expected_version, fields=PARTICIPANT_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.PARTICIPANT_UPDATED,
        case=participant.case,
        target=participant,
        changes=diff(before, snapshot(participant, PARTICIPANT_FIELDS)),
    )
    return participant


@transaction.atomic
def remove_participant(*, actor: User, participant: Participant, expected_version: int | None = None) -> None:
    claim_for_deletion(participant, expected_version=expected_version)
    # A crossing keeps who procured it: removing that suspect silently would change the crossing.
    if participant.crossings_procured.exists():
        raise ValidationError(_("This person procured a border crossing of the case: change that crossing first."))
    # The events and crossings the person is taken out of are kept in the trail.
    before = {
        "person": participant.person_id,
        **snapshot(participant, PARTICIPANT_FIELDS),
        "events": sorted(participant.events.values_list("pk", flat=True)),
        "crossings": sorted(participant.crossings.values_list("pk", flat=True)),
    }
    audit_in_case(
        actor=actor,
        action=Action.PARTICIPANT_REMOVED,
        case=participant.case,
        target=participant,
        changes=diff(before, {}),
    )
    try:
        participant.delete()
    except RestrictedError:
        # Records of the other parts of the case still name the person: removing them silently would lose
        # an arrest, a charge, a referral or a victim's assistance file, perhaps unseen by the remover.
        raise ValidationError(
            _(
                "This person is named in other records of the case (an arrest, a charge, a referral, an "
                "assistance record…): change those first."
            )
        ) from None


# Events and crossings -------------------------------------------------------------------------------

EVENT_FIELDS = editable_fields(Event, "case", "participants")
CROSSING_FIELDS = editable_fields(BorderCrossing, "case", "travellers")


def _state_with_people(item: Event | BorderCrossing, fields: list[str], people: str) -> dict[str, Any]:
    """The item's fields and the ids of the people linked to it, for the audit trail."""
    return {**snapshot(item, fields), people: sorted(getattr(item, people).values_list("pk", flat=True))}


def _check_people_of_case(case: Case, participants: Iterable[Participant]) -> list[Participant]:
    chosen = list(participants)
    if any(p.case_id != case.pk for p in chosen):
        raise ValidationError({"participants": _("Choose people who take part in this case.")})
    return chosen


def _check_event(event: Event) -> None:
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if (event.latitude is None) != (event.longitude is None):
        raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
    event.full_clean(exclude=["case"])


@transaction.atomic
def record_event_in_case(*, actor: User, case: Case, participants: Iterable[Participant] = (), **values: Any) -> Event:
    event = Event(case=case, **values)
    _check_event(event)
    event.save()
    chosen = _check_people_of_case(case, participants)
    event.participants.set(chosen)
    changes = diff({}, _state_with_people(event, EVENT_FIELDS, "participants"))
    audit_in_case(actor=actor, action=Action.EVENT_RECORDED, case=event.case, target=event, changes=changes)
    return event


@transaction.atomic
def update_event(
    *,
    actor: User,
    event: Event,
    expected_version: int,
    participants: Iterable[Participant] | None = None,
    **values: Any,
) -> Event:
    before = _state_with_people(event, EVENT_FIELDS, "participants")
    for name, value in values.items():
        setattr(event, name, value)
    _check_event(event)
    save_versioned(event, expected_version=expected_version, fields=EVENT_FIELDS)
    if participants is not None:
        event.participants.set(_check_people_of_case(event.case, participants))
    changes = diff(before, _state_with_people(event, EVENT_FIELDS, "participants"))
    audit_in_case(actor=actor, action=Action.EVENT_UPDATED, case=event.case, target=event, changes=changes)
    return event


@transaction.atomic
def delete_event(*, actor: User, event: Event, expected_version: int | None = None) -> None:
    claim_for_deletion(event, expected_version=expected_version)
    changes = diff(_state_with_people(event, EVENT_FIELDS, "participants"), {})
    audit_in_case(actor=actor, action=Action.EVENT_DELETED, case=event.case, target=event, changes=changes)
    event.delete()


def _check_crossing(crossing: BorderCrossing) -> None:
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if crossing.from_country_id is not None and crossing.from_country_id == crossing.to_country_id:
        raise ValidationError({"to_country": _("A border crossing goes from one country to another.")})
    if crossing.procured_by is not None and crossing.procured_by_nobody:
        raise ValidationError(
            {"procured_by_nobody": _("Either name who procured the entry, or say that nobody did, not both.")}
        )
    crossing.full_clean(exclude=["case"])
    if crossing.procured_by is not None and (
        crossing.procured_by.case_id != crossing.case_id or crossing.procured_by.role != Participant.Role.SUSPECT
    ):
        raise ValidationError({"procured_by": _("Choose a suspect of this case.")})


def _check_travellers(crossing: BorderCrossing, travellers: list[Participant]) -> None:
    if any(p.crossed_no_border for p in travellers):
        raise ValidationError(
            {"travellers": _("One of these people is recorded as having crossed no border: correct that first.")}
        )
    # A smuggled migrant is never the suspect of his or her own smuggling (SOM Protocol art. 5).
    procurer = crossing.procured_by
    if procurer is not None and any(
        p.person_id == procurer.person_id and p.role == Participant.Role.SMUGGLED_MIGRANT for p in travellers
    ):
        raise ValidationError({"procured_by": OWN_SMUGGLING_MESSAGE})


@transaction.atomic
def record_crossing(
    *, actor: User, case: Case, travellers: Iterable[Participant] = (), **values: Any
) -> BorderCrossing:
    crossing = BorderCrossing(case=case, **values)
    _check_crossing(crossing)
    chosen = _check_people_of_case(case, travellers)
    _check_travellers(crossing, chosen)
    crossing.save()
    crossing.travellers.set(chosen)
    changes = diff({}, _state_with_people(crossing, CROSSING_FIELDS, "travellers"))
    audit_in_case(actor=actor, action=Action.CROSSING_RECORDED, case=crossing.case, target=crossing, changes=changes)
    return crossing


@transaction.atomic
def update_crossing(
    *,
    actor: User,
    crossing: BorderCrossing,
    expected_version: int,
    travellers: Iterable[Participant] | None = None,
    **values: Any,
) -> BorderCrossing:
    before = _state_with_people(crossing, CROSSING_FIELDS, "travellers")
    for name, value in values.items():
        setattr(crossing, name, value)
    _check_crossing(crossing)
    chosen = list(crossing.travellers.all()) if travellers is None else _check_people_of_case(crossing.case, travellers)
    _check_travellers(crossing, chosen)
    save_versioned(crossing, expected_version=expected_version, fields=CROSSING_FIELDS)
    if travellers is not None:
        crossing.travellers.set(chosen)
    changes = diff(before, _state_with_people(crossing, CROSSING_FIELDS, "travellers"))
    audit_in_case(actor=actor, action=Action.CROSSING_UPDATED, case=crossing.case, target=crossing, changes=changes)
    return crossing


@transaction.atomic
def delete_crossing(*, actor: User, crossing: BorderCrossing, expected_version: int | None = None) -> None:
    claim_for_deletion(crossing, expected_version=expected_version)
    changes = diff(_state_with_people(crossing, CROSSING_FIELDS, "travellers"), {})
    audit_in_case(actor=actor, action=Action.CROSSING_DELETED, case=crossing.case, target=crossing, changes=changes)
    crossing.delete()


@transaction.atomic
def add_new_person_to_case(
    *, actor: User, case: Case, person_values: dict[str, Any], role: str, **facts: Any
) -> Participant:
    """Record a new person and their role in the case, both or neither."""
    from vigie.people.services import create_person

    person = create_person(actor=actor, agency=case.agency, **person_values)
    return add_participant(actor=actor, case=case, person=person, role=role, **facts)


@transaction.atomic
def record_case_view(*, actor: User, case: Case, ip_address: str | None) -> None:
    """A case page shows the names of the people in it: each view is on the record."""
    audit_in_case(actor=actor, action=Action.CASE_VIEWED, case=case, ip_address=ip_address)


@transaction.atomic
def record_listing(*, actor: User, listing: str, query: str, ip_address: str | None) -> None:
    """Lists of cases and persons show names: who listed them is on the record, and who looked for
    which name, so that a search for a victim by an outsider can be traced."""
    if query:
        action, changes = Action.CASES_SEARCHED, {"list": listing, "query": query[:200]}
    else:
        action, changes = Action.REGISTER_LISTED, {"list": listing}
    record_event(actor=actor, action=action, changes=changes, ip_address=ip_address)


# Decisions that need a second person ----------------------------------------------------------------

DECISION_FIELDS = ["kind", "participant_id", "grounds", "effective_on", "closure_reason", "status"]


def _propose(*, actor: User, decision: Decision, already: str) -> Decision:
    if not decision.grounds.strip():
        raise ValidationError({"grounds": _("Say what the decision rests on.")})
    decision.grounds = decision.grounds.strip()
    # The one-pending-decision constraint is checked by the insert, which gives the message below.
    decision.full_clean(exclude=["proposed_by"], validate_constraints=False)
    insert_checked_unique(decision, error=ValidationError(already))
    audit_in_case(
        actor=actor,
        action=Action.DECISION_PROPOSED,
        case=decision.case,
        target=decision,
        changes=diff({}, snapshot(decision, DECISION_FIELDS)),
    )
    return decision


@transaction.atomic
def propose_victim_identification(
    *, actor: User, participant: Participant, grounds: str, identified_on: datetime.date
) -> Decision:
    if participant.role != Participant.Role.PRESUMED_VICTIM:
        raise ValidationError(_("Only a presumed victim can be formally identified as a victim."))
    if identified_on > timezone.localdate():
        raise ValidationError({"identified_on": _("The identification cannot be dated in the future.")})
    decision = Decision(
        case=participant.case,
        kind=Decision.Kind.VICTIM_IDENTIFICATION,
        participant=participant,
        grounds=grounds,
        effective_on=identified_on,
        proposed_by=actor,
    )
    return _propose(
        actor=actor,
        decision=decision,
        already=_("The identification of this person is already waiting for a decision."),
    )


@transaction.atomic
def propose_case_closure(
    *, actor: User, case: Case, closure_reason: str, closed_on: datetime.date | None, grounds: str
) -> Decision:
    if Status.CLOSED not in ALLOWED_TRANSITIONS.get(case.status, set()):
        raise ValidationError(_("This case is already closed."))
    if not closure_reason:
        raise ValidationError({"closure_reason": _("Say why the case is closed.")})
    closed_on = closed_on or timezone.localdate()
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("A case is closed on or after the day it was opened.")})
    decision = Decision(
        case=case,
        kind=Decision.Kind.CASE_CLOSURE,
        closure_reason=closure_reason,
        effective_on=closed_on,
        grounds=grounds,
        proposed_by=actor,
    )
    return _propose(actor=actor, decision=decision, already=_("Closing this case is already waiting for a decision."))


def _answer(*, actor: User, decision: Decision, status: str, reason: str = "") -> None:
    answered_at = timezone.now()
    # A conditional UPDATE: of two people answering at once, the second is told, not written over the first.
    if not Decision.objects.filter(pk=decision.pk, status=Decision.Status.PROPOSED).update(
        status=status, answered_by=actor, answered_at=answered_at, answer_reason=reason
    ):
        raise ValidationError(_("This decision was already answered or withdrawn."))
    decision.status, decision.answered_by, decision.answered_at, decision.answer_reason = (
        status,
        actor,
        answered_at,
        reason,
    )


@transaction.atomic
def confirm_decision(*, actor: User, decision: Decision) -> Decision:
    if decision.proposed_by_id == actor.pk:
        raise ValidationError(
            _("You proposed this decision: a second authorised person must confirm it, not the one who proposed it.")
        )
    _answer(actor=actor, decision=decision, status=Decision.Status.CONFIRMED)
    case = decision.case
    if decision.kind == Decision.Kind.VICTIM_IDENTIFICATION:
        participant = Participant.objects.select_for_update().get(pk=decision.participant_id or 0)
        if participant.role != Participant.Role.PRESUMED_VICTIM:
            raise ValidationError(_("This person is no longer recorded as a presumed victim: the proposal is void."))
        before = snapshot(participant, PARTICIPANT_FIELDS)
        participant.role = Participant.Role.VICTIM
        _check_participant(participant)
        save_versioned(participant, expected_version=participant.version, fields=["role"])
        audit_in_case(
            actor=actor,
            action=Action.PARTICIPANT_UPDATED,
            case=case,
            target=participant,
            changes=diff(before, snapshot(participant, PARTICIPANT_FIELDS)),
        )
    else:
        case.refresh_from_db(fields=["status", "version", "closure_reason", "closed_on"])
        _apply_case_status(
            actor=actor,
            case=case,
            expected_version=case.version,
            status=Status.CLOSED,
            closure_reason=decision.closure_reason,
            closed_on=decision.effective_on,
        )
    audit_in_case(
        actor=actor,
        action=Action.DECISION_CONFIRMED,
        case=case,
        target=decision,
        changes={"kind": decision.kind, "proposed_by": decision.proposed_by_id},
    )
    return decision


@transaction.atomic
def reject_decision(*, actor: User, decision: Decision, reason: str) -> Decision:
    if decision.proposed_by_id == actor.pk:
        raise ValidationError(_("You proposed this decision: withdraw it instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is rejected.")})
    _answer(actor=actor, decision=decision, status=Decision.Status.REJECTED, reason=reason.strip())
    audit_in_case(
        actor=actor,
        action=Action.DECISION_REJECTED,
        case=decision.case,
        target=decision,
        changes={"kind": decision.kind, "reason": decision.answer_reason},
    )
    return decision


@transaction.atomic
def withdraw_decision(*, actor: User, decision: Decision) -> Decision:
    if decision.proposed_by_id != actor.pk:
        raise ValidationError(_("Only the person who proposed a decision withdraws it."))
    _answer(actor=actor, decision=decision, status=Decision.Status.WITHDRAWN)
    audit_in_case(
        actor=actor,
        action=Action.DECISION_WITHDRAWN,
        case=decision.case,
        target=decision,
        changes={"kind": decision.kind},
    )
    return decision
