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
from vigie.audit.services import diff, editable_fields, record_event, snapshot
from vigie.cases.models import Case, Participant
from vigie.cases.services import audit_in_case
from vigie.concurrency import claim_for_deletion, save_versioned
from vigie.people.models import Consent
from vigie.referrals.models import (
    BestInterestsDecision,
    PeopleServed,
    Referral,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
)

Action = AuditEvent.Action
Status = Referral.Status

# The referral life cycle, by transition: the states it may start from and the state it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({Status.PROPOSED}), Status.ACCEPTED),
    "decline": (frozenset({Status.PROPOSED}), Status.DECLINED),
    "start": (frozenset({Status.ACCEPTED}), Status.IN_PROGRESS),
    "complete": (frozenset({Status.IN_PROGRESS}), Status.COMPLETED),
    "withdraw": (frozenset({Status.PROPOSED, Status.ACCEPTED, Status.IN_PROGRESS}), Status.WITHDRAWN),
}
ALLOWED_TRANSITIONS: dict[str, set[str]] = {state: set() for state in Status.values}
for _starts, _target in TRANSITIONS.values():
    for _start in _starts:
        ALLOWED_TRANSITIONS[_start].add(_target)

# Who may be referred: the people the case protects, not suspects or witnesses.
REFERABLE_ROLES = frozenset(
    {Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM, Participant.Role.SMUGGLED_MIGRANT}
)
ADULT_AGE = 18


def _check_codes(values: Iterable[str], codelist: type[ServiceKind | PeopleServed], field: str) -> list[str]:
    chosen = sorted(set(values))
    if not chosen:
        raise ValidationError({field: _("Choose at least one.")})
    if any(code not in codelist.values for code in chosen):
        raise ValidationError({field: _("Choose values from the list.")})
    return chosen


# Directory of service providers ------------------------------------------------------------------

PROVIDER_FIELDS = editable_fields(ServiceProvider, "maintained_by")


def _check_provider(provider: ServiceProvider) -> None:
    provider.kinds = _check_codes(provider.kinds, ServiceKind, "kinds")
    provider.people_served = _check_codes(provider.people_served, PeopleServed, "people_served")
    provider.phone = "".join(provider.phone.split())
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if provider.capacity is not None and provider.capacity < 1:
        raise ValidationError({"capacity": _("Give the number of places, or leave it empty.")})
    provider.full_clean()


def _audit_provider(*, actor: User, action: str, provider: ServiceProvider, changes: dict[str, Any]) -> None:
    record_event(
        actor=actor,
        action=action,
        target=provider,
        target_label=provider.name,
        agency_id=provider.maintained_by_id,
        changes=changes,
    )


@transaction.atomic
def add_provider(*, actor: User, maintained_by: Agency, **values: Any) -> ServiceProvider:
    if not permissions.can_maintain_provider(actor, maintained_by.pk):
        raise ValidationError(
            {"maintained_by": _("You may add entries only for an agency where you work on victim assistance.")}
        )
    provider = ServiceProvider(maintained_by=maintained_by, **values)
    _check_provider(provider)
    provider.save()
    _audit_provider(
        actor=actor,
        action=Action.PROVIDER_ADDED,
        provider=provider,
        changes=diff({}, snapshot(provider, PROVIDER_FIELDS)),
    )
    return provider


@transaction.atomic
def update_provider(*, actor: User, provider: ServiceProvider, expected_version: int, **values: Any) -> ServiceProvider:
    before = snapshot(provider, PROVIDER_FIELDS)
    for name, value in values.items():
        if name not in PROVIDER_FIELDS and f"{name}_id" not in PROVIDER_FIELDS:
            raise TypeError(f"update_provider does not change {name}")
        setattr(provider, name, value)
    _check_provider(provider)
    save_versioned(provider, expected_version=expected_version, fields=PROVIDER_FIELDS)
    _audit_provider(
        actor=actor,
        action=Action.PROVIDER_UPDATED,
        provider=provider,
        changes=diff(before, snapshot(provider, PROVIDER_FIELDS)),
    )
    return provider


@transaction.atomic
def deactivate_provider(*, actor: User, provider: ServiceProvider, expected_version: int) -> ServiceProvider:
    """A provider that closed stays in the directory, inactive: past referrals and services still name it."""
    if not provider.is_active:
        raise ValidationError(_("This provider is already inactive."))
    provider.is_active = False
    save_versioned(provider, expected_version=expected_version, fields=["is_active"])
    _audit_provider(
        actor=actor,
        action=Action.PROVIDER_DEACTIVATED,
        provider=provider,
        changes={"is_active": {"old": True, "new": False}},
    )
    return provider


# Best-interests decisions ------------------------------------------------------------------------


def _check_person_of_case(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk:
        raise ValidationError({"participant": _("Choose a person of this case.")})
    if participant.role not in REFERABLE_ROLES:
        raise ValidationError(
            {"participant": _("Only a victim, a presumed victim or a smuggled migrant can be referred.")}
        )


def _unknown_age_error() -> ValidationError:
    return ValidationError(
        {
            "participant": _(
                "This person's age is unknown: record a date of birth or an estimated age on the person's "
                "page, so that vigie can tell whether the person is a child."
            )
        }
    )


@transaction.atomic
def record_best_interests_decision(
    *,
    actor: User,
    case: Case,
    participant: Participant,
    purpose: str,
    decided_on: datetime.date,
    decision: str,
    reasons: str,
) -> BestInterestsDecision:
    _check_person_of_case(case, participant)
    if not permissions.can_decide_best_interests(actor, case.agency_id):
        raise ValidationError(
            _("A best-interests decision is taken by a case worker or the administrator of the lead agency.")
        )
    age = participant.person.age_on(decided_on)
    if age is None:
        raise _unknown_age_error()
    if age >= ADULT_AGE:
        raise ValidationError(
            {
                "participant": _("This person was %(age)s on that date: a best-interests decision is for a child.")
                % {"age": age}
            }
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    decision_row = BestInterestsDecision(
        case=case,
        participant=participant,
        purpose=purpose,
        decided_on=decided_on,
        decided_by=actor,
        decision=decision.strip(),
        reasons=reasons.strip(),
    )
    decision_row.full_clean()
    decision_row.save()
    audit_in_case(
        actor=actor,
        action=Action.BEST_INTERESTS_DECIDED,
        case=case,
        target=decision_row,
        changes=diff({}, snapshot(decision_row, ["participant_id", "purpose", "decided_on", "decision", "reasons"])),
    )
    return decision_row


# Referrals ---------------------------------------------------------------------------------------

REFERRAL_FIELDS = ["services", "urgency", "notes"]


def check_referral_gate(participant: Participant, *, on: datetime.date) -> None:
    """No referral goes out without the person's consent for it or, for a child, a best-interests decision."""
    age = participant.person.age_on(on)
    if age is None:
        raise _unknown_age_error()
    if age < ADULT_AGE:
        has_decision = BestInterestsDecision.objects.filter(
            participant=participant, purpose=BestInterestsDecision.Purpose.REFERRAL, decided_on__lte=on
        ).exists()
        if not has_decision:
            raise ValidationError(
                {
                    "participant": _(
                        "This person is a child (%(age)s): a referral needs a best-interests decision for a "
                        "referral to a service, recorded by a case worker or the administrator of the lead agency."
                    )
                    % {"age": age}
                }
            )
        return
    consented = (
        Consent.objects.in_force()
        .filter(person_id=participant.person_id, purpose=Consent.Purpose.REFERRAL, given_on__lte=on)
        .exists()
    )
    if not consented:
        raise ValidationError(
            {
                "participant": _(
                    "There is no consent in force from this person for a referral to a service provider: record "
                    "the person's consent for that purpose first (or it was withdrawn)."
                )
            }
        )


def _referring_agency(actor: User, case: Case) -> Agency:
    """The user's agency through which they see the case: the lead agency first, else one it is shared with."""
    mine = permissions.agencies_with(actor, permissions.REGISTER_ROLES)
    if case.agency_id in mine:
        return case.agency
    shared = case.shares.active().filter(agency_id__in=mine).select_related("agency").order_by("id").first()
    if shared is None:
        raise ValidationError(_("You do not work for an agency that sees this case."))
    return shared.agency


def _check_receiver(referral: Referral) -> None:
    if (referral.to_agency is None) == (referral.to_provider is None):
        raise ValidationError({"to_agency": _("Refer either to an agency or to a service provider, not both.")})
    if referral.to_agency is not None and referral.to_agency.pk == referral.referring_agency_id:
        raise ValidationError({"to_agency": _("An agency does not refer a person to itself.")})
    if referral.to_provider is not None and not referral.to_provider.is_active:
        raise ValidationError({"to_provider": _("This provider is no longer active.")})


@transaction.atomic
def propose_referral(
    *,
    actor: User,
    case: Case,
    participant: Participant,
    services: Iterable[str],
    to_agency: Agency | None = None,
    to_provider: ServiceProvider | None = None,
    urgency: str = Referral.Urgency.ROUTINE,
    notes: str = "",
) -> Referral:
    _check_person_of_case(case, participant)
    now = timezone.now()
    referral = Referral(
        case=case,
        participant=participant,
        referring_agency=_referring_agency(actor, case),
        to_agency=to_agency,
        to_provider=to_provider,
        services=_check_codes(services, ServiceKind, "services"),
        urgency=urgency,
        notes=notes.strip(),
        proposed_by=actor,
        proposed_at=now,
    )
    _check_receiver(referral)
    check_referral_gate(participant, on=timezone.localdate())
    referral.full_clean()
    referral.save()
    audit_in_case(
        actor=actor,
        action=Action.REFERRAL_PROPOSED,
        case=case,
        target=referral,
        changes=diff(
            {},
            {
                **snapshot(referral, ["participant_id", "referring_agency_id", "to_agency_id", "to_provider_id"]),
                **snapshot(referral, REFERRAL_FIELDS),
            },
        ),
    )
    return referral


@transaction.atomic
def update_referral(*, actor: User, referral: Referral, expected_version: int, **values: Any) -> Referral:
    """What is asked may be corrected while nobody has answered yet."""
    if referral.status != Status.PROPOSED:
        raise ValidationError(_("Only a referral that is still proposed can be changed."))
    before = snapshot(referral, REFERRAL_FIELDS)
    for name, value in values.items():
        if name not in REFERRAL_FIELDS:
            raise TypeError(f"update_referral does not change {name}")
        setattr(referral, name, value)
    referral.services = _check_codes(referral.services, ServiceKind, "services")
    referral.full_clean()
    save_versioned(referral, expected_version=expected_version, fields=REFERRAL_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.REFERRAL_UPDATED,
        case=referral.case,
        target=referral,
        changes=diff(before, snapshot(referral, REFERRAL_FIELDS)),
    )
    return referral


_TRANSITION_ACTIONS = {
    "accept": Action.REFERRAL_ACCEPTED,
    "decline": Action.REFERRAL_DECLINED,
    "start": Action.REFERRAL_STARTED,
    "complete": Action.REFERRAL_COMPLETED,
    "withdraw": Action.REFERRAL_WITHDRAWN,
}
_TRANSITION_FIELDS = ["status", "reason", "answered_by_id", "answered_at", "started_at", "ended_at", "ended_by_id"]


@transaction.atomic
def move_referral(
    *, actor: User, referral: Referral, transition: str, expected_version: int, reason: str = ""
) -> Referral:
    """One step of the life cycle; the access function has checked that the actor's side may take it."""
    if transition not in TRANSITIONS:
        raise ValueError(f"unknown referral transition {transition}")
    starts, target = TRANSITIONS[transition]
    if referral.status not in starts:
        raise ValidationError(
            {
                "status": _("A referral that is “%(current)s” cannot become “%(new)s”.")
                % {"current": referral.get_status_display(), "new": Status(target).label}
            }
        )
    if target in (Status.DECLINED, Status.WITHDRAWN) and not reason.strip():
        raise ValidationError({"reason": _("Say why: the other side needs to know.")})
    before = snapshot(referral, _TRANSITION_FIELDS)
    now = timezone.now()
    referral.status = target
    if target in (Status.ACCEPTED, Status.DECLINED):
        referral.answered_by, referral.answered_at = actor, now
    elif target == Status.IN_PROGRESS:
        referral.started_at = now
    else:
        referral.ended_by, referral.ended_at = actor, now
    if target in (Status.DECLINED, Status.WITHDRAWN):
        referral.reason = reason.strip()
    referral.full_clean()
    save_versioned(referral, expected_version=expected_version, fields=_TRANSITION_FIELDS)
    audit_in_case(
        actor=actor,
        action=_TRANSITION_ACTIONS[transition],
        case=referral.case,
        target=referral,
        changes=diff(before, snapshot(referral, _TRANSITION_FIELDS)),
    )
    return referral


@transaction.atomic
def record_referral_view(*, actor: User, referral: Referral, ip_address: str | None) -> None:
    """A referral page that shows the person's name is on the record, like a case page."""
    audit_in_case(
        actor=actor, action=Action.REFERRAL_VIEWED, case=referral.case, target=referral, ip_address=ip_address
    )


@transaction.atomic
def delete_referral(*, actor: User, referral: Referral, expected_version: int | None = None) -> None:
    claim_for_deletion(referral, expected_version=expected_version)
    before = snapshot(referral, ["participant_id", "to_agency_id", "to_provider_id", "status", *REFERRAL_FIELDS])
    audit_in_case(
        actor=actor, action=Action.REFERRAL_DELETED, case=referral.case, target=referral, changes=diff(before, {})
    )
    referral.delete()


# Services delivered ------------------------------------------------------------------------------

SERVICE_FIELDS = editable_fields(ServiceDelivery, "case", "participant")


def _check_service(service: ServiceDelivery) -> None:
    if service.participant.case_id != service.case_id:
        raise ValidationError({"participant": _("Choose a person of this case.")})
    if service.referral is not None and (
        service.referral.case_id != service.case_id or service.referral.participant_id != service.participant_id
    ):
        raise ValidationError({"referral": _("Choose a referral of this person.")})
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if service.ended_on is not None and service.ended_on < service.started_on:
        raise ValidationError({"ended_on": _("A service ends on or after the day it started.")})
    service.full_clean(exclude=["case", "participant"])


@transaction.atomic
def record_service(*, actor: User, case: Case, participant: Participant, **values: Any) -> ServiceDelivery:
    service = ServiceDelivery(case=case, participant=participant, **values)
    _check_service(service)
    service.save()
    audit_in_case(
        actor=actor,
        action=Action.SERVICE_RECORDED,
        case=case,
        target=service,
        changes=diff({}, {"participant": participant.pk, **snapshot(service, SERVICE_FIELDS)}),
    )
    return service


@transaction.atomic
def update_service(*, actor: User, service: ServiceDelivery, expected_version: int, **values: Any) -> ServiceDelivery:
    before = snapshot(service, SERVICE_FIELDS)
    for name, value in values.items():
        if name not in SERVICE_FIELDS and f"{name}_id" not in SERVICE_FIELDS:
            raise TypeError(f"update_service does not change {name}")
        setattr(service, name, value)
    _check_service(service)
    save_versioned(service, expected_version=expected_version, fields=SERVICE_FIELDS)
    audit_in_case(
        actor=actor,
        action=Action.SERVICE_UPDATED,
        case=service.case,
        target=service,
        changes=diff(before, snapshot(service, SERVICE_FIELDS)),
    )
    return service


@transaction.atomic
def delete_service(*, actor: User, service: ServiceDelivery, expected_version: int | None = None) -> None:
    claim_for_deletion(service, expected_version=expected_version)
    changes = diff({"participant": service.participant_id, **snapshot(service, SERVICE_FIELDS)}, {})
    audit_in_case(actor=actor, action=Action.SERVICE_DELETED, case=service.case, target=service, changes=changes)
    service.delete()
