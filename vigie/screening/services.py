import datetime
from collections.abc import Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigie.accounts.models import User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, snapshot
from vigie.cases.models import Participant
from vigie.cases.services import audit_in_case
from vigie.concurrency import save_versioned
from vigie.screening.indicators import INDICATORS
from vigie.screening.models import Screening, ScreeningAnswer

Action = AuditEvent.Action
SCREENING_FIELDS = ["screened_on", "place", "language", "interpreter_used", "interpreter", "notes"]
Value = ScreeningAnswer.Value


class GivenAnswer(NamedTuple):
    answer: str
    note: str = ""


def _checked_answers(answers: Mapping[str, GivenAnswer]) -> dict[str, GivenAnswer]:
    """Every indicator of the list, those not answered as unknown; an unknown indicator or value is refused."""
    known = {spec.code.value for spec in INDICATORS}
    unknown_codes = sorted(set(answers) - known)
    if unknown_codes:
        raise ValidationError({"answers": _("Unknown indicator: %(codes)s") % {"codes": ", ".join(unknown_codes)}})
    checked = {}
    for code in known:
        given = answers.get(code, GivenAnswer(Value.UNKNOWN))
        if given.answer not in Value.values:
            raise ValidationError({"answers": _("Answer yes, no or unknown.")})
        checked[code] = GivenAnswer(given.answer, given.note.strip())
    return checked


def _check_date(screened_on: datetime.date) -> None:
    if screened_on > timezone.localdate():
        raise ValidationError({"screened_on": _("A screening cannot be dated in the future.")})


def _answers_for_audit(answers: Mapping[str, GivenAnswer]) -> dict[str, Any]:
    # One key per answer, so that the trail of a correction shows only the answers that changed.
    return {
        **{f"answer:{code}": given.answer for code, given in answers.items()},
        **{f"note:{code}": given.note for code, given in answers.items() if given.note},
    }


def stored_answers(screening: Screening) -> dict[str, GivenAnswer]:
    return {a.indicator: GivenAnswer(a.answer, a.note) for a in screening.answers.all()}


@transaction.atomic
def record_screening(
    *,
    actor: User,
    participant: Participant,
    screened_on: datetime.date,
    answers: Mapping[str, GivenAnswer],
    place: str = "",
    language: str = "",
    interpreter_used: bool = False,
    interpreter: str = "",
    notes: str = "",
) -> Screening:
    """Record one interview. Nothing else changes: what it proposes is for the user to decide."""
    _check_date(screened_on)
    checked = _checked_answers(answers)
    screening = Screening(
        case=participant.case,
        participant=participant,
        screened_on=screened_on,
        screened_by=actor,
        place=place,
        language=language,
        interpreter_used=interpreter_used,
        interpreter=interpreter if interpreter_used else "",
        notes=notes,
    )
    screening.full_clean()
    screening.save()
    ScreeningAnswer.objects.bulk_create(
        [ScreeningAnswer(screening=screening, indicator=code, answer=a, note=n) for code, (a, n) in checked.items()]
    )
    after = {"participant": participant.pk, **snapshot(screening, SCREENING_FIELDS), **_answers_for_audit(checked)}
    audit_in_case(
        actor=actor, action=Action.SCREENING_RECORDED, case=participant.case, target=screening, changes=diff({}, after)
    )
    return screening


@transaction.atomic
def update_screening(
    *,
    actor: User,
    screening: Screening,
    expected_version: int,
    screened_on: datetime.date,
    answers: Mapping[str, GivenAnswer],
    place: str = "",
    language: str = "",
    interpreter_used: bool = False,
    interpreter: str = "",
    notes: str = "",
) -> Screening:
    """Correct a screening (a wrong click, a note added after the interview); refused if someone saved since."""
    _check_date(screened_on)
    checked = _checked_answers(answers)
    stored = stored_answers(screening)
    before = {**snapshot(screening, SCREENING_FIELDS), **_answers_for_audit(stored)}
    values = {
        "screened_on": screened_on,
        "place": place,
        "language": language,
        "interpreter_used": interpreter_used,
        "interpreter": interpreter if interpreter_used else "",
        "notes": notes,
    }
    for name, value in values.items():
        setattr(screening, name, value)
    screening.full_clean()
    save_versioned(screening, expected_version=expected_version, fields=SCREENING_FIELDS)
    for code, given in checked.items():
        if stored.get(code) != given:
            ScreeningAnswer.objects.update_or_create(
                screening=screening, indicator=code, defaults={"answer": given.answer, "note": given.note}
            )
    after = {**snapshot(screening, SCREENING_FIELDS), **_answers_for_audit(checked)}
    audit_in_case(
        actor=actor,
        action=Action.SCREENING_UPDATED,
        case=screening.case,
        target=screening,
        changes=diff(before, after),
    )
    return screening


@transaction.atomic
def record_screening_view(*, actor: User, screening: Screening, ip_address: str | None) -> None:
    """A screening holds what a victim said about what was done to them: reading it is on the record."""
    audit_in_case(
        actor=actor, action=Action.SCREENING_VIEWED, case=screening.case, target=screening, ip_address=ip_address
    )
