"""Saving the column mappings of agency spreadsheets (exchange.ColumnMapping), with their audit events."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.concurrency import insert_checked_unique, save_versioned
from vigie.exchange.models import ColumnMapping
from vigie.exchange.spreadsheet.fields import TARGETS_BY_NAME
from vigie.exchange.spreadsheet.parsing import NAME_TARGETS

if TYPE_CHECKING:
    from vigie.accounts.models import Agency, User


def _checked_columns(columns: dict[str, str]) -> dict[str, str]:
    kept = {header: target for header, target in columns.items() if target}
    unknown = sorted({t for t in kept.values() if t not in TARGETS_BY_NAME})
    if unknown:
        raise ValidationError(_("Not a field of vigie: %(names)s.") % {"names": ", ".join(unknown)})
    targets = list(kept.values())
    twice = sorted({TARGETS_BY_NAME[t].label for t in targets if targets.count(t) > 1}, key=str)
    if twice:
        raise ValidationError(
            _("Several columns go to the same field: %(names)s. Choose one column for each field.")
            % {"names": ", ".join(str(n) for n in twice)}
        )
    if not set(NAME_TARGETS) & set(targets):
        raise ValidationError(_("Choose the column of the given names, of the family name or of the full name."))
    # The columns not imported are kept too: the next file is shown with the same columns.
    return {header: target or "" for header, target in columns.items()}


def _checked_values(value_maps: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    kept: dict[str, dict[str, str]] = {}
    for target, values in value_maps.items():
        choices = TARGETS_BY_NAME[target].choices if target in TARGETS_BY_NAME else None
        if choices is None:
            raise ValidationError(_("Not a list of values of vigie: %(name)s.") % {"name": target})
        wrong = sorted(code for code in values.values() if code not in choices.values)
        if wrong:
            raise ValidationError(_("Not a value of vigie: %(codes)s.") % {"codes": ", ".join(wrong)})
        if values:
            kept[target] = {written.strip(): code for written, code in values.items() if written.strip()}
    return kept


@transaction.atomic
def save_column_mapping(
    *,
    actor: "User",
    agency: "Agency",
    name: str,
    columns: dict[str, str],
    value_maps: dict[str, dict[str, str]],
    date_order: str,
    sheet: str = "",
    mapping: ColumnMapping | None = None,
    expected_version: int | None = None,
) -> ColumnMapping:
    """Create a mapping, or change `mapping` if it is still at `expected_version` (else StaleEditError)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the mapping a name."))
    duplicate = ColumnMapping.objects.filter(agency=agency, name=name)
    if mapping is not None:
        duplicate = duplicate.exclude(pk=mapping.pk)
    name_taken = ValidationError(_("Your agency already has a mapping with this name."))
    if duplicate.exists():
        raise name_taken
    fields = {
        "name": name,
        "columns": _checked_columns(columns),
        "value_maps": _checked_values(value_maps),
        "date_order": ColumnMapping.DateOrder(date_order).value,
        "sheet": sheet.strip(),
    }
    created = mapping is None
    if mapping is None:
        mapping = ColumnMapping(agency=agency, created_by=actor, **fields)
        mapping.full_clean()
        insert_checked_unique(mapping, error=name_taken)
    else:
        for field, value in fields.items():
            setattr(mapping, field, value)
        mapping.full_clean()
        save_versioned(mapping, expected_version=expected_version or mapping.version, fields=list(fields))
    record_event(
        actor=actor,
        action=AuditEvent.Action.MAPPING_SAVED,
        target=mapping,
        target_label=mapping.name,
        agency_id=agency.pk,
        changes={"created": created, **fields},
    )
    return mapping
