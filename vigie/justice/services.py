"""Every write of the prosecution and courts part of a case, each audited in its own transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, editable_fields, snapshot
from vigie.cases.models import Case, Participant, SuspectedOffence
from vigie.cases.services import audit_in_case
from vigie.concurrency import claim_for_deletion, insert_checked_unique, save_versioned
from vigie.justice.models import (
    Charge,
    Compensation,
    CooperationRequest,
    Hearing,
    Proceeding,
    ProtectiveMeasure,
    Sentence,
    Verdict,
)
from vigie.legal import law_profiles

Action = AuditEvent.Action
Level = Proceeding.Level
PStatus = Proceeding.Status
RStatus = CooperationRequest.Status
Role = Participant.Role

# A round is pending until the court decides, the prosecution withdraws or the case goes to another court.
PROCEEDING_TRANSITIONS: dict[str, set[str]] = {
    PStatus.PENDING: {PStatus.DECIDED, PStatus.WITHDRAWN, PStatus.TRANSFERRED},
    PStatus.DECIDED: set(),
    PStatus.WITHDRAWN: set(),
    PStatus.TRANSFERRED: set(),
}

# A request is drafted, transmitted, acknowledged and answered; it may be withdrawn until it is answered.
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RStatus.DRAFT: {RStatus.SENT, RStatus.WITHDRAWN},
    RStatus.SENT: {
        RStatus.ACKNOWLEDGED,
        RStatus.EXECUTED,
        RStatus.PARTIALLY_EXECUTED,
        RStatus.REFUSED,
        RStatus.WITHDRAWN,
    },
    RStatus.ACKNOWLEDGED: {RStatus.EXECUTED, RStatus.PARTIALLY_EXECUTED, RStatus.REFUSED, RStatus.WITHDRAWN},
    RStatus.EXECUTED: set(),
    RStatus.PARTIALLY_EXECUTED: set(),
    RStatus.REFUSED: set(),
    RStatus.WITHDRAWN: set(),
}
REPLIED = {RStatus.EXECUTED, RStatus.PARTIALLY_EXECUTED, RStatus.REFUSED}
OPEN_REQUEST_STATUSES = {RStatus.SENT, RStatus.ACKNOWLEDGED}

# The court an appeal goes to, from the level of the decision appealed.
APPEAL_LEVEL: dict[str, str] = {
    Level.INVESTIGATING_JUDGE: Level.APPEAL,  # chambre d'accusation / de contrôle de l'instruction
    Level.FIRST_INSTANCE: Level.APPEAL,
    Level.APPEAL: Level.SUPREME,
}

# Smuggling Protocol art. 5: migrants are not liable to prosecution for having been smuggled.
SMUGGLING_OFFENCES = {SuspectedOffence.Offence.SMUGGLING}
VICTIM_ROLES = {Role.VICTIM, Role.PRESUMED_VICTIM}
CHARGEABLE_ROLES = {Role.SUSPECT, *VICTIM_ROLES}

PROCEEDING_FIELDS = editable_fields(Proceeding, "case", "status", "status_changed_on", "transferred_to")
STATUS_FIELDS = ["status", "status_changed_on", "transferred_to"]
CHARGE_FIELDS = editable_fields(Charge, "case")
HEARING_FIELDS = editable_fields(Hearing, "proceeding", "protected_persons")
VERDICT_FIELDS = editable_fields(Verdict, "charge")
SENTENCE_FIELDS = editable_fields(Sentence, "verdict")
REQUEST_FIELDS = editable_fields(CooperationRequest, "case", "status", "replied_on", "subject_persons")


def _refuse_transition(field: str, current: str, wanted: str, labels: Any) -> ValidationError:
    return ValidationError(
        {
            field: _("The status cannot go from “%(current)s” to “%(new)s”.")
            % {"current": labels(current).label, "new": labels(wanted).label if wanted in labels.values else wanted}
        }
    )


# Proceedings --------------------------------------------------------------------------------------


def _check_proceeding(proceeding: Proceeding) -> None:
    appealed = proceeding.appeal_of
    if appealed is not None:
        if appealed.case_id != proceeding.case_id or (proceeding.pk and appealed.pk == proceeding.pk):
            raise ValidationError({"appeal_of": _("Choose an earlier round of this case.")})
        if appealed.status != PStatus.DECIDED:
            raise ValidationError({"appeal_of": _("Only a decided round can be appealed.")})
        expected = APPEAL_LEVEL.get(appealed.level)
        if expected is None or proceeding.level != expected:
            raise ValidationError(
                {
                    "level": _("An appeal against a decision of the “%(level)s” goes to the level above it.")
                    % {"level": appealed.get_level_display()}
                }
            )
        if not proceeding.appealed_by:
            raise ValidationError({"appealed_by": _("Say who appealed.")})
        if proceeding.opened_on < (appealed.status_changed_on or appealed.opened_on):
            raise ValidationError({"opened_on": _("An appeal is lodged after the decision it appeals.")})
    else:
        proceeding.appealed_by = ""
    prosecutor = proceeding.prosecutor
    if prosecutor is not None and not permissions.may_prosecute_in(prosecutor, proceeding.case.agency_id):
        raise ValidationError({"prosecutor": _("Choose a prosecutor of the case's agency.")})
    proceeding.full_clean(exclude=["case"])


@transaction.atomic
def open_proceeding(*, actor: User, case: Case, **values: Any) -> Proceeding:
    proceeding = Proceeding(case=case, **values)
    _check_proceeding(proceeding)
    proceeding.save()
    changes = diff({}, snapshot(proceeding, PROCEEDING_FIELDS))
    audit_in_case(actor=actor, action=Action.PROCEEDING_OPENED, case=case, target=proceeding, changes=changes)
    return proceeding


@transaction.atomic
def update_proceeding(*, actor: User, proceeding: Proceeding, expected_version: int, **values: Any) -> Proceeding:
    before = snapshot(proceeding, PROCEEDING_FIELDS)
    for name, value in values.items():
        if name not in {*PROCEEDING_FIELDS, "court_country", "appeal_of", "prosecutor"}:
            raise TypeError(f"update_proceeding does not change {name}")
        setattr(proceeding, name, value)
    _check_proceeding(proceeding)
    save_versioned(proceeding, expected_version=expected_version, fields=PROCEEDING_FIELDS)
    changes = diff(before, snapshot(proceeding, PROCEEDING_FIELDS))
    audit_in_case(
        actor=actor, action=Action.PROCEEDING_UPDATED, case=proceeding.case, target=proceeding, changes=changes
    )
    return proceeding


@transaction.atomic
def change_proceeding_status(
    *,
    actor: User,
    proceeding: Proceeding,
    expected_version: int,
    status: str,
    on: datetime.date,
    transferred_to: str = "",
) -> Proceeding:
    if status not in PROCEEDING_TRANSITIONS.get(proceeding.status, set()):
        raise _refuse_transition("status", proceeding.status, status, PStatus)
    if on < proceeding.opened_on:
        raise ValidationError({"on": _("The status changes on or after the day the round opened.")})
    transferred_to = transferred_to.strip()
    if status == PStatus.TRANSFERRED and not transferred_to:
        raise ValidationError({"transferred_to": _("Say which court the case was transferred to.")})
    if status != PStatus.TRANSFERRED and transferred_to:
        raise ValidationError({"transferred_to": _("Only a transferred round names the court it went to.")})
    before = snapshot(proceeding, STATUS_FIELDS)
    proceeding.status, proceeding.status_changed_on, proceeding.transferred_to = status, on, transferred_to
    save_versioned(proceeding, expected_version=expected_version, fields=STATUS_FIELDS)
    changes = diff(before, snapshot(proceeding, STATUS_FIELDS))
    audit_in_case(
        actor=actor, action=Action.PROCEEDING_STATUS_CHANGED, case=proceeding.case, target=proceeding, changes=changes
    )
    return proceeding


@transaction.atomic
def delete_proceeding(*, actor: User, proceeding: Proceeding, expected_version: int | None = None) -> None:
    claim_for_deletion(proceeding, expected_version=expected_version)
    if proceeding.appeals.exists() or proceeding.charges.exists() or proceeding.verdicts.exists():
        raise ValidationError(_("Delete the appeals, charges and verdicts of this round first."))
    changes = diff({**snapshot(proceeding, PROCEEDING_FIELDS), "status": proceeding.status}, {})
    audit_in_case(
        actor=actor, action=Action.PROCEEDING_DELETED, case=proceeding.case, target=proceeding, changes=changes
    )
    proceeding.delete()


# Charges ------------------------------------------------------------------------------------------


def roles_of_person_in_case(participant: Participant) -> set[str]:
    return set(
        Participant.objects.filter(case_id=participant.case_id, person_id=participant.person_id).values_list(
            "role", flat=True
        )
    )


def _check_charge(charge: Charge) -> None:
    accused = charge.accused
    if accused.case_id != charge.case_id or charge.proceeding.case_id != charge.case_id:
        raise ValidationError({"accused": _("Choose a person and a round of this case.")})
    if accused.role not in CHARGEABLE_ROLES:
        raise ValidationError({"accused": _("Only a suspect of the case can be charged.")})
    law = law_profiles.law_by_key(charge.law_key) if charge.law_key else None
    if charge.law_key and law is None:
        raise ValidationError({"law_key": _("Choose a law from the list.")})
    charged_with_smuggling = charge.offence in SMUGGLING_OFFENCES or (
        law is not None and law.kind == law_profiles.SMUGGLING
    )
    _check_law_applies_to_facts(charge, law)
    if charged_with_smuggling and Role.SMUGGLED_MIGRANT in roles_of_person_in_case(accused):
        raise ValidationError(
            {
                "offence": _(
                    "This person is recorded as a smuggled migrant in the case and cannot be charged with "
                    "smuggling of migrants: the Protocol against the Smuggling of Migrants (art. 5) exempts "
                    "migrants from criminal liability for having been smuggled."
                )
            }
        )
    charge.full_clean(exclude=["case", "proceeding", "accused"])


def _check_law_applies_to_facts(charge: Charge, law: law_profiles.Law | None) -> None:
    """A repealed law still applies to facts of the time it was in force, never to later facts. Where the
    sources do not date the repeal, the charge is accepted and carries a warning (repealed_law_warning)."""
    if law is None or law.in_force or law.repealed_on is None:
        return
    repealed_on = formats.date_format(law.repealed_on, "SHORT_DATE_FORMAT")
    if charge.facts_on is None:
        raise ValidationError(
            {
                "facts_on": _("This law was repealed on %(date)s: give the date of the facts to charge under it.")
                % {"date": repealed_on}
            }
        )
    if charge.facts_on >= law.repealed_on:
        raise ValidationError(
            {
                "law_key": _(
                    "This law was repealed on %(date)s: facts of that day or later cannot be charged under it."
                )
                % {"date": repealed_on}
            }
        )


def repealed_law_warning(charge: Charge) -> str:
    """What a prosecutor must check when a charge stands on a law that is no longer in force."""
    law = law_profiles.law_by_key(charge.law_key) if charge.law_key else None
    if law is None or law.in_force:
        return ""
    if law.repealed_on is None:
        return _(
            "This law has been repealed and vigie does not know since when: check that it was in force when "
            "the facts took place."
        )
    # Abolishing an offence can end prosecutions of earlier facts too (retroactive milder criminal law).
    return _(
        "This law was repealed on %(date)s. It applies only to earlier facts: check that its repeal did not "
        "end prosecutions for them."
    ) % {"date": formats.date_format(law.repealed_on, "SHORT_DATE_FORMAT")}


def non_punishment_warning(participant: Participant) -> bool:
    """A victim charged with an offence: victims should not be punished for offences they were compelled
    to commit (Trafficking Protocol art. 2(b) and ECOWAS practice)."""
    return bool(roles_of_person_in_case(participant) & VICTIM_ROLES)


@transaction.atomic
def bring_charge(
    *,
    actor: User,
    proceeding: Proceeding,
    accused: Participant,
    offence: str,
    charged_on: datetime.date,
    law_key: str = "",
    provision: str = "",
    facts_on: datetime.date | None = None,
) -> Charge:
    charge = Charge(
        case=proceeding.case,
        proceeding=proceeding,
        accused=accused,
        offence=offence,
        charged_on=charged_on,
        law_key=law_key,
        provision=provision.strip(),
        facts_on=facts_on,
    )
    _check_charge(charge)
    insert_checked_unique(
        charge, error=ValidationError({"offence": _("This person is already charged with this offence in this round.")})
    )
    changes = diff({}, snapshot(charge, CHARGE_FIELDS))
    audit_in_case(actor=actor, action=Action.CHARGE_BROUGHT, case=proceeding.case, target=charge, changes=changes)
    return charge


@transaction.atomic
def update_charge(*, actor: User, charge: Charge, expected_version: int, **values: Any) -> Charge:
    before = snapshot(charge, CHARGE_FIELDS)
    for name, value in values.items():
        if name not in {"accused", "offence", "law_key", "provision", "charged_on", "facts_on"}:
            raise TypeError(f"update_charge does not change {name}")
        setattr(charge, name, value)
    _check_charge(charge)
    others = Charge.objects.filter(proceeding_id=charge.proceeding_id, accused=charge.accused, offence=charge.offence)
    if others.exclude(pk=charge.pk).exists():
        raise ValidationError({"offence": _("This person is already charged with this offence in this round.")})
    save_versioned(charge, expected_version=expected_version, fields=CHARGE_FIELDS)
    changes = diff(before, snapshot(charge, CHARGE_FIELDS))
    audit_in_case(actor=actor, action=Action.CHARGE_UPDATED, case=charge.case, target=charge, changes=changes)
    return charge


@transaction.atomic
def delete_charge(*, actor: User, charge: Charge, expected_version: int | None = None) -> None:
    claim_for_deletion(charge, expected_version=expected_version)
    changes = diff({**snapshot(charge, CHARGE_FIELDS), "verdicts": charge.verdicts.count()}, {})
    audit_in_case(actor=actor, action=Action.CHARGE_DELETED, case=charge.case, target=charge, changes=changes)
    charge.delete()


# Hearings -----------------------------------------------------------------------------------------


def _hearing_state(hearing: Hearing) -> dict[str, Any]:
    return {
        **snapshot(hearing, HEARING_FIELDS),
        "protected_persons": sorted(p.pk for p in hearing.protected_persons.all()),
    }


def _check_hearing(hearing: Hearing, protected: list[Participant]) -> None:
    measures = hearing.protective_measures
    if not isinstance(measures, list) or any(m not in ProtectiveMeasure.values for m in measures):
        raise ValidationError({"protective_measures": _("Choose values from the list.")})
    hearing.protective_measures = sorted(set(measures))
    if any(p.case_id != hearing.proceeding.case_id for p in protected):
        raise ValidationError({"protected_persons": _("Choose people who take part in this case.")})
    if protected and not hearing.protective_measures:
        raise ValidationError({"protective_measures": _("Say which measures protect these persons.")})
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if hearing.next_date is not None and hearing.date is not None and hearing.next_date <= hearing.date:
        raise ValidationError({"next_date": _("The next hearing is after this one.")})
    if hearing.date is not None and hearing.date < hearing.proceeding.opened_on:
        raise ValidationError({"date": _("A hearing takes place on or after the day the round opened.")})
    hearing.full_clean(exclude=["proceeding", "protected_persons"])


@transaction.atomic
def record_hearing(
    *, actor: User, proceeding: Proceeding, protected_persons: Iterable[Participant] = (), **values: Any
) -> Hearing:
    hearing = Hearing(proceeding=proceeding, **values)
    protected = list(protected_persons)
    _check_hearing(hearing, protected)
    hearing.save()
    hearing.protected_persons.set(protected)
    changes = diff({}, _hearing_state(hearing))
    audit_in_case(actor=actor, action=Action.HEARING_SCHEDULED, case=proceeding.case, target=hearing, changes=changes)
    return hearing


@transaction.atomic
def update_hearing(
    *,
    actor: User,
    hearing: Hearing,
    expected_version: int,
    protected_persons: Iterable[Participant] | None = None,
    **values: Any,
) -> Hearing:
    before = _hearing_state(hearing)
    for name, value in values.items():
        if name not in HEARING_FIELDS:
            raise TypeError(f"update_hearing does not change {name}")
        setattr(hearing, name, value)
    protected = list(hearing.protected_persons.all()) if protected_persons is None else list(protected_persons)
    _check_hearing(hearing, protected)
    save_versioned(hearing, expected_version=expected_version, fields=HEARING_FIELDS)
    hearing.protected_persons.set(protected)
    changes = diff(before, _hearing_state(hearing))
    case = hearing.proceeding.case
    audit_in_case(actor=actor, action=Action.HEARING_UPDATED, case=case, target=hearing, changes=changes)
    return hearing


@transaction.atomic
def delete_hearing(*, actor: User, hearing: Hearing, expected_version: int | None = None) -> None:
    claim_for_deletion(hearing, expected_version=expected_version)
    changes = diff(_hearing_state(hearing), {})
    case = hearing.proceeding.case
    audit_in_case(actor=actor, action=Action.HEARING_DELETED, case=case, target=hearing, changes=changes)
    hearing.delete()


# Verdicts and sentences ---------------------------------------------------------------------------


def _rounds_of(proceeding: Proceeding) -> set[int]:
    """The round and every appeal of it, of appeals of it…: where a charge brought there can be decided."""
    rounds, frontier = {proceeding.pk}, {proceeding.pk}
    while frontier:
        frontier = set(Proceeding.objects.filter(appeal_of_id__in=frontier).values_list("pk", flat=True)) - rounds
        rounds |= frontier
    return rounds


def _check_verdict(verdict: Verdict) -> None:
    if verdict.proceeding_id not in _rounds_of(verdict.charge.proceeding):
        raise ValidationError({"proceeding": _("Choose the round where the charge was brought or an appeal of it.")})
    if verdict.proceeding.status in (PStatus.WITHDRAWN, PStatus.TRANSFERRED):
        raise ValidationError(
            {
                "proceeding": _("This round is “%(status)s”: it decides nothing more.")
                % {"status": verdict.proceeding.get_status_display()}
            }
        )
    if verdict.outcome == Verdict.Outcome.CONVICTED:
        if verdict.reason not in ("", Verdict.Reason.REQUALIFIED, Verdict.Reason.OTHER):
            raise ValidationError({"reason": _("This reason does not go with a conviction.")})
    elif not verdict.reason:
        raise ValidationError({"reason": _("Say why the person was not convicted.")})
    if verdict.decided_on is not None and verdict.decided_on < verdict.proceeding.opened_on:
        raise ValidationError({"decided_on": _("A decision comes on or after the day the round opened.")})
    verdict.full_clean(exclude=["charge", "proceeding"])


@transaction.atomic
def record_verdict(*, actor: User, charge: Charge, proceeding: Proceeding, **values: Any) -> Verdict:
    """The decision of a round on a charge; the first decision of a pending round also marks it decided."""
    # The round as stored now, locked, not as the caller read it: a withdrawal at the same moment must
    # either come first (and the verdict is refused) or wait for the verdict to decide the round.
    current = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
    verdict = Verdict(charge=charge, proceeding=current, **values)
    _check_verdict(verdict)
    insert_checked_unique(
        verdict, error=ValidationError({"proceeding": _("This round has already decided on this charge.")})
    )
    changes = diff({}, snapshot(verdict, VERDICT_FIELDS))
    audit_in_case(actor=actor, action=Action.VERDICT_RECORDED, case=charge.case, target=verdict, changes=changes)
    if current.status == PStatus.PENDING:
        change_proceeding_status(
            actor=actor,
            proceeding=current,
            expected_version=current.version,
            status=PStatus.DECIDED,
            on=verdict.decided_on,
        )
        proceeding.status, proceeding.status_changed_on = current.status, current.status_changed_on
        proceeding.version = current.version
    return verdict


@transaction.atomic
def update_verdict(*, actor: User, verdict: Verdict, expected_version: int, **values: Any) -> Verdict:
    before = snapshot(verdict, VERDICT_FIELDS)
    for name, value in values.items():
        if name not in {"outcome", "reason", "decided_on", "notes"}:
            raise TypeError(f"update_verdict does not change {name}")
        setattr(verdict, name, value)
    _check_verdict(verdict)
    if verdict.outcome != Verdict.Outcome.CONVICTED and Sentence.objects.filter(verdict=verdict).exists():
        raise ValidationError({"outcome": _("Delete the sentence first: only a conviction carries one.")})
    save_versioned(verdict, expected_version=expected_version, fields=VERDICT_FIELDS)
    changes = diff(before, snapshot(verdict, VERDICT_FIELDS))
    audit_in_case(actor=actor, action=Action.VERDICT_UPDATED, case=verdict.charge.case, target=verdict, changes=changes)
    return verdict


def _sentence_state(sentence: Sentence | None) -> dict[str, Any]:
    if sentence is None or sentence.pk is None:
        return {}
    compensations = {str(c.victim_id): f"{c.amount} {c.currency}" for c in sentence.compensations.order_by("victim_id")}
    return {**snapshot(sentence, SENTENCE_FIELDS), "compensations": compensations}


@transaction.atomic
def delete_verdict(*, actor: User, verdict: Verdict, expected_version: int | None = None) -> None:
    claim_for_deletion(verdict, expected_version=expected_version)
    before = {**snapshot(verdict, VERDICT_FIELDS), "sentence": _sentence_state(getattr(verdict, "sentence", None))}
    audit_in_case(
        actor=actor, action=Action.VERDICT_DELETED, case=verdict.charge.case, target=verdict, changes=diff(before, {})
    )
    verdict.delete()


@transaction.atomic
def record_sentence(
    *,
    actor: User,
    verdict: Verdict,
    compensations: Iterable[tuple[Participant, Decimal, str]] = (),
    expected_version: int | None = None,
    **values: Any,
) -> Sentence:
    """The sentence of a conviction, with the compensation ordered to each victim; recorded or corrected."""
    if verdict.outcome != Verdict.Outcome.CONVICTED:
        raise ValidationError(_("Only a conviction carries a sentence."))
    sentence = Sentence.objects.filter(verdict=verdict).first()
    before = _sentence_state(sentence)
    if sentence is None:
        sentence = Sentence(verdict=verdict)
    for name, value in values.items():
        if name not in SENTENCE_FIELDS:
            raise TypeError(f"record_sentence does not change {name}")
        setattr(sentence, name, value)
    if sentence.suspended_months is not None and (sentence.prison_months or 0) < sentence.suspended_months:
        raise ValidationError({"suspended_months": _("The suspended part cannot be longer than the prison term.")})
    for amount, currency, field in (
        (sentence.fine_amount, sentence.fine_currency, "fine_currency"),
        (sentence.confiscation_amount, sentence.confiscation_currency, "confiscation_currency"),
    ):
        if (amount is None) != (not currency):
            raise ValidationError({field: _("Give the amount and its currency, or neither.")})
    ordered = list(compensations)
    case_id = verdict.charge.case_id
    for victim, _amount, _currency in ordered:
        if victim.case_id != case_id or victim.role not in VICTIM_ROLES:
            raise ValidationError({"compensations": _("Compensation is ordered to a victim of this case.")})
    if len({victim.pk for victim, _a, _c in ordered}) != len(ordered):
        raise ValidationError({"compensations": _("Give one amount per victim.")})
    nothing = sentence.prison_months is None and sentence.fine_amount is None and not sentence.confiscation
    if nothing and sentence.confiscation_amount is None and not ordered:
        raise ValidationError(_("Give the prison term, a fine, a confiscation or a compensation."))
    sentence.full_clean(exclude=["verdict"])
    if sentence.pk is None:
        sentence.save()
    else:
        save_versioned(sentence, expected_version=expected_version or 0, fields=SENTENCE_FIELDS)
    rows = [Compensation(sentence=sentence, victim=v, amount=a, currency=c) for v, a, c in ordered]
    for row in rows:
        row.full_clean(exclude=["sentence", "victim"])
    sentence.compensations.all().delete()
    Compensation.objects.bulk_create(rows)
    changes = diff(before, _sentence_state(sentence))
    audit_in_case(
        actor=actor, action=Action.SENTENCE_RECORDED, case=verdict.charge.case, target=sentence, changes=changes
    )
    return sentence


# Cooperation requests -----------------------------------------------------------------------------


def _request_state(request: CooperationRequest) -> dict[str, Any]:
    return {
        **snapshot(request, REQUEST_FIELDS),
        "subject_persons": sorted(p.pk for p in request.subject_persons.all()),
    }


def _check_request(request: CooperationRequest, subjects: list[Participant]) -> None:
    if any(p.case_id != request.case_id for p in subjects):
        raise ValidationError({"subject_persons": _("Choose people who take part in this case.")})
    if request.direction == CooperationRequest.Direction.RECEIVED and request.received_on is None:
        raise ValidationError({"received_on": _("Say when the request was received.")})
    if (request.deadline is None) != (not request.deadline_basis):
        raise ValidationError({"deadline_basis": _("Give the deadline and say who set it, or neither.")})
    start = request.started_on
    if request.deadline is not None and start is not None and request.deadline < start:
        raise ValidationError({"deadline": _("The deadline comes after the request.")})
    request.full_clean(exclude=["case", "subject_persons"])


@transaction.atomic
def record_cooperation_request(
    *, actor: User, case: Case, subject_persons: Iterable[Participant] = (), **values: Any
) -> CooperationRequest:
    request = CooperationRequest(case=case, **values)
    # A request received from abroad is already transmitted: it waits for our reply.
    received = request.direction == CooperationRequest.Direction.RECEIVED
    request.status = RStatus.SENT if received or request.sent_on else RStatus.DRAFT
    if not received and request.sent_on:
        request.sent_by = actor
    subjects = list(subject_persons)
    _check_request(request, subjects)
    request.save()
    request.subject_persons.set(subjects)
    changes = diff({}, {**_request_state(request), "status": request.status, "sent_by_id": request.sent_by_id})
    audit_in_case(actor=actor, action=Action.COOPERATION_REQUEST_RECORDED, case=case, target=request, changes=changes)
    return request


@transaction.atomic
def update_cooperation_request(
    *,
    actor: User,
    request: CooperationRequest,
    expected_version: int,
    subject_persons: Iterable[Participant] | None = None,
    **values: Any,
) -> CooperationRequest:
    before = _request_state(request)
    for name, value in values.items():
        if name not in {*REQUEST_FIELDS, "other_country"}:
            raise TypeError(f"update_cooperation_request does not change {name}")
        setattr(request, name, value)
    subjects = list(request.subject_persons.all()) if subject_persons is None else list(subject_persons)
    _check_request(request, subjects)
    save_versioned(request, expected_version=expected_version, fields=REQUEST_FIELDS)
    request.subject_persons.set(subjects)
    changes = diff(before, _request_state(request))
    audit_in_case(
        actor=actor, action=Action.COOPERATION_REQUEST_UPDATED, case=request.case, target=request, changes=changes
    )
    return request


@transaction.atomic
def change_request_status(
    *, actor: User, request: CooperationRequest, expected_version: int, status: str, on: datetime.date
) -> CooperationRequest:
    if status not in REQUEST_TRANSITIONS.get(request.status, set()):
        raise _refuse_transition("status", request.status, status, RStatus)
    fields = ["status", "sent_on", "replied_on", "sent_by_id"]
    before = snapshot(request, fields)
    if status == RStatus.SENT:
        request.sent_on, request.sent_by = on, actor
    if status in REPLIED:
        start = request.started_on
        if start is not None and on < start:
            raise ValidationError({"on": _("The reply comes after the request.")})
        request.replied_on = on
    request.status = status
    save_versioned(request, expected_version=expected_version, fields=fields)
    changes = diff(before, snapshot(request, fields))
    audit_in_case(
        actor=actor,
        action=Action.COOPERATION_REQUEST_STATUS_CHANGED,
        case=request.case,
        target=request,
        changes=changes,
    )
    return request


@transaction.atomic
def delete_cooperation_request(
    *, actor: User, request: CooperationRequest, expected_version: int | None = None
) -> None:
    claim_for_deletion(request, expected_version=expected_version)
    changes = diff({**_request_state(request), "status": request.status}, {})
    audit_in_case(
        actor=actor, action=Action.COOPERATION_REQUEST_DELETED, case=request.case, target=request, changes=changes
    )
    request.delete()
