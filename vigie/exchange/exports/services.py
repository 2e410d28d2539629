"""Export services: check who may export what, write the file, audit it.

The file is written from one snapshot of the database that keeps no one from writing (an export of tens of
thousands of cases takes minutes); its audit events follow in a transaction of their own, before the file
is handed over. An identifying export is also recorded in the history of each case it holds.

Identifying exports (HTCDS, one case as JSON) are written only into an AES-encrypted ZIP archive; the
anonymous CTDC records may be written as a plain CSV (or in an archive too, when a password is given).
"""

import codecs
import contextlib
import csv
import dataclasses
import itertools
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

import pyzipper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.analytics.selectors import countable_cases
from vigie.assistance.models import AssistancePlan
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.cases.access import CasePart, cases_visible_to, cases_with_part_visible_to, get_case_for_user
from vigie.cases.models import Case, CaseQuerySet
from vigie.cases.selectors import CaseFilters, filter_cases
from vigie.cases.services import audit_in_case
from vigie.concurrency import read_only_snapshot
from vigie.exchange.bulk import insert_rows
from vigie.exchange.exports import case_json, ctdc, htcds, reading
from vigie.exchange.exports.archive import encrypted_archive
from vigie.exchange.exports.reading import ExportedCase


class ExportKind(StrEnum):
    HTCDS_XLSX = "htcds-xlsx"
    HTCDS_CSV = "htcds-csv"
    CTDC_CSV = "ctdc-csv"
    CASE_JSON = "case-json"


IDENTIFYING_KINDS = frozenset({ExportKind.HTCDS_XLSX, ExportKind.HTCDS_CSV, ExportKind.CASE_JSON})
LIST_KINDS = [ExportKind.HTCDS_XLSX, ExportKind.HTCDS_CSV, ExportKind.CTDC_CSV]


@dataclass(frozen=True)
class ExportResult:
    kind: str
    records: int  # rows of people (HTCDS, CTDC) or cases (JSON) written
    cases: int
    filename: str  # the file to offer: an archive ".zip" or the plain CSV
    withheld: int = 0  # CTDC records left out by k-anonymity


def may_export(user: User, kind: str) -> bool:
    """Named records for the roles that work on them; anonymous coded records for anyone who sees statistics."""
    if kind in IDENTIFYING_KINDS:
        return permissions.can_use_register(user)
    return permissions.can_view_statistics(user)


def export_kinds_for(user: User) -> list[ExportKind]:
    return [kind for kind in LIST_KINDS if may_export(user, kind)]


def may_search_by_name(user: User) -> bool:
    """A search by name or case reference would tell an analyst whether someone is in the register: it is for
    those who may see the names."""
    return permissions.can_use_register(user)


def _check_filters(user: User, kind: str, filters: CaseFilters) -> None:
    # Refused, not left out: the user would get another file than the one asked for, and the audit event
    # would record a filter that was not applied.
    if filters.query and not may_search_by_name(user):
        raise ValidationError(
            _("A search by name or case reference is for those who may see the names in the register: remove it.")
        )
    if kind == ExportKind.CTDC_CSV and not _whole_years(filters):
        # Each file is k-anonymous, but two files whose periods differ by a day differ by the victims of that
        # day's cases: whoever knows when a person's case was opened would read that person's record.
        raise ValidationError(
            _(
                "The anonymous CTDC export is by whole years: start the period on 1 January and end it on "
                "31 December. Two exports of periods a few days apart would single out the victims of those days."
            )
        )


def _whole_years(filters: CaseFilters) -> bool:
    starts = filters.opened_from is None or (filters.opened_from.month, filters.opened_from.day) == (1, 1)
    ends = filters.opened_to is None or (filters.opened_to.month, filters.opened_to.day) == (12, 31)
    return starts and ends


def _scope(user: User, kind: str, filters: CaseFilters) -> CaseQuerySet:
    if kind in IDENTIFYING_KINDS:
        return filter_cases(cases_visible_to(user), filters)
    # Anonymous records: the cases the user may count in the statistics.
    counted = Case.objects.filter(pk__in=countable_cases(user).values("pk"))
    return filter_cases(counted, filters)


# (id, reference, agency) of each case an identifying export holds.
_Exported = list[tuple[int, str, int]]


def _filters_for_audit(filters: CaseFilters) -> dict[str, Any]:
    return {k: str(v) for k, v in dataclasses.asdict(filters).items() if v not in ("", None)}


def _audit(
    *,
    actor: User,
    kind: str,
    filters: CaseFilters,
    result: ExportResult,
    cases: _Exported,
    ip_address: str | None,
    operator: str = "",
) -> None:
    with transaction.atomic():
        summary = record_event(
            actor=actor,
            action=AuditEvent.Action.EXPORTED,
            target_label=kind,
            changes={
                "kind": kind,
                "filters": _filters_for_audit(filters),
                "records": result.records,
                "cases": result.cases,
                "withheld": result.withheld,
                "encrypted": result.filename.endswith(".zip"),
                **({"operator": operator} if operator else {}),
            },
            ip_address=ip_address,
        )
        # Who took a victim's file out of vigie, and when, is in the case's history: the filters, run again
        # later on data that has changed, would not say which cases this file holds. Written as rows of the
        # log, a thousand at a time: bulk_create built and held a model object for each case, a fifth of the
        # time of an export of 6,500 cases, and 50 MB more memory at the peak of one of 64,914 cases.
        _audit_cases(actor=actor, kind=kind, export_event=summary, cases=cases, ip_address=ip_address)


def _audit_cases(*, actor: User, kind: str, export_event: AuditEvent, cases: _Exported, ip_address: str | None) -> None:
    columns = ["at", "actor", "actor_username", "action", "target_type", "target_id", "target_label", "agency"]
    columns += ["changes", "ip_address"]
    at, ip = _prepared(AuditEvent, "at", export_event.at), _prepared(AuditEvent, "ip_address", ip_address)
    changes = {"kind": kind, "export": export_event.pk, "encrypted": True}
    fixed = (at, actor.pk, actor.get_username(), AuditEvent.Action.EXPORTED.value, Case._meta.label_lower)
    for batch in itertools.batched(cases, 1000):
        rows = [(*fixed, str(case_id), reference, agency_id, changes, ip) for case_id, reference, agency_id in batch]
        insert_rows(AuditEvent, columns, rows)


def _prepared(model: type[models.Model], name: str, value: Any) -> Any:
    """A value as the database takes it (a time in UTC, as Django writes it on SQLite)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


@contextlib.contextmanager
def _refusal_audited(*, actor: User, kind: str, ip_address: str | None, **asked: Any) -> Iterator[None]:
    """An export refused (a kind or a case the user may not have, a filter not allowed) is recorded too: an
    attempt to take victims' files out of vigie is what the trail is for. Outside the read's snapshot, which
    takes no write."""
    try:
        yield
    except (PermissionDenied, Http404, ValidationError) as refusal:
        reason = " ".join(refusal.messages) if isinstance(refusal, ValidationError) else "not allowed"
        with transaction.atomic():
            record_event(
                actor=actor,
                action=AuditEvent.Action.EXPORT_REFUSED,
                target_label=kind,
                changes={"kind": kind, **asked, "reason": reason},
                ip_address=ip_address,
            )
        raise


def export_cases(
    *,
    actor: User,
    kind: str,
    filters: CaseFilters,
    out: IO[bytes],
    password: str | None = None,
    ip_address: str | None = None,
    operator: str = "",
) -> ExportResult:
    """Write the cases the actor may see that match the filters to `out`, as `kind`, and audit it. `operator`
    names who ran the command that acts as `actor` (vigie export --as)."""
    if kind not in LIST_KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    ran_by = {"operator": operator} if operator else {}
    with _refusal_audited(actor=actor, kind=kind, ip_address=ip_address, filters=_filters_for_audit(filters), **ran_by):
        if not may_export(actor, kind):
            raise PermissionDenied
        _check_filters(actor, kind, filters)
    exported: _Exported = []
    with read_only_snapshot():
        cases = _scope(actor, kind, filters)
        if kind == ExportKind.CTDC_CSV:
            result = _write_ctdc(cases, out, password)
        else:
            if not password:
                raise ValueError("identifying exports are written only into a password-protected archive")
            result = _write_htcds(actor, kind, cases, out, password, exported)
    _audit(actor=actor, kind=kind, filters=filters, result=result, cases=exported, ip_address=ip_address, **ran_by)
    return result


def export_case(
    *, actor: User, case_id: int, out: IO[bytes], password: str, ip_address: str | None = None, operator: str = ""
) -> ExportResult:
    """One case as JSON, in an encrypted archive, with the parts the actor needs to know."""
    ran_by = {"operator": operator} if operator else {}
    kind = ExportKind.CASE_JSON.value
    with _refusal_audited(actor=actor, kind=kind, ip_address=ip_address, case=case_id, **ran_by), read_only_snapshot():
        case = get_case_for_user(actor, case_id)
        document = case_json.case_document(actor, case, exported_at=timezone.now())
        name = f"{case.reference}.json"
        with encrypted_archive(out, password) as archive:
            archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=2))
    result = ExportResult(kind=ExportKind.CASE_JSON, records=1, cases=1, filename=f"{case.reference}.zip")
    with transaction.atomic():
        audit_in_case(
            actor=actor,
            action=AuditEvent.Action.EXPORTED,
            case=case,
            changes={"kind": kind, "records": 1, "parts": document["parts"], "encrypted": True, **ran_by},
            ip_address=ip_address,
        )
    return result


# HTCDS ------------------------------------------------------------------------------------------


def _plans_by_case(actor: User, chunk: list[ExportedCase]) -> dict[int, list[AssistancePlan]]:
    """The support plans of the chunk's cases whose assistance the actor needs to know."""
    ids = [exported.case.pk for exported in chunk]
    visible = cases_with_part_visible_to(actor, CasePart.ASSISTANCE).filter(pk__in=ids).values("pk")
    plans: dict[int, list[AssistancePlan]] = {}
    for plan in AssistancePlan.objects.filter(case_id__in=visible).select_related("participant__person").order_by("pk"):
        plans.setdefault(plan.case_id, []).append(plan)
    return plans


@dataclass
class _Tables:
    """The rows of each table for one chunk of cases."""

    victims: list[htcds.Row]
    events: list[htcds.Row]
    perpetrators: list[htcds.Row]
    plans: list[htcds.Row]


def _tables(actor: User, cases: CaseQuerySet, exported: _Exported) -> Iterator[_Tables]:
    for chunk in reading.chunks(cases):
        exported.extend((c.case.pk, c.case.reference, c.case.agency_id) for c in chunk)
        plans = _plans_by_case(actor, chunk)
        yield _Tables(
            victims=[row for c in chunk for row in htcds.victim_rows(c)],
            events=[row for c in chunk for row in htcds.event_rows(c)],
            perpetrators=[row for c in chunk for row in htcds.perpetrator_rows(c)],
            plans=[row for c in chunk for row in htcds.plan_rows(c.case, plans.get(c.case.pk, []))],
        )


def _write_htcds(
    actor: User, kind: str, cases: CaseQuerySet, out: IO[bytes], password: str, exported: _Exported
) -> ExportResult:
    stamp = timezone.localdate().isoformat()
    base = f"htcds-{stamp}"
    with encrypted_archive(out, password) as archive:
        if kind == ExportKind.HTCDS_XLSX:
            records = _write_htcds_xlsx(actor, cases, archive, f"{base}.xlsx", exported)
        else:
            records = _write_htcds_csv(actor, cases, archive, base, exported)
    # Every case has a row in the main sheet (one without a victim too): the cases written are those read.
    return ExportResult(kind=kind, records=records, cases=len(exported), filename=f"{base}.zip")


def _main_header(rows: int) -> list[list[str | None]]:
    return [[*htcds.FIELD_NAMES, *htcds.EXTENSION_FIELDS], [*htcds.FIELD_LABELS, *htcds.EXTENSION_LABELS]][:rows]


def _write_htcds_xlsx(
    actor: User, cases: CaseQuerySet, archive: pyzipper.AESZipFile, name: str, exported: _Exported
) -> int:
    # write_only: each sheet is streamed to its own temporary file, so memory stays flat however many cases.
    workbook = Workbook(write_only=True)
    main = workbook.create_sheet(htcds.SHEET)
    for header in _main_header(2):
        main.append(header)
    extra = {
        "events": workbook.create_sheet(htcds.EVENTS_SHEET),
        "perpetrators": workbook.create_sheet(htcds.PERPETRATORS_SHEET),
        "plans": workbook.create_sheet(htcds.PLANS_SHEET),
    }
    extra["events"].append(htcds.EVENT_FIELDS)
    extra["perpetrators"].append(htcds.PERPETRATOR_FIELDS)
    extra["plans"].append(htcds.PLAN_FIELDS)
    records = 0
    for tables in _tables(actor, cases, exported):
        for row in tables.victims:
            records += 1
            # Column A of the template numbers the rows.
            main.append(_xlsx_row(main, [records, *row]))
        for key in ("events", "perpetrators", "plans"):
            for row in getattr(tables, key):
                extra[key].append(_xlsx_row(extra[key], list(row)))
    with tempfile.TemporaryFile() as spool, archive.open(name, "w") as entry:
        workbook.save(spool)
        spool.seek(0)
        while block := spool.read(1 << 20):
            entry.write(block)
    return records


def _csv_writer(stream: IO[bytes], *, for_excel: bool = True) -> Any:
    # UTF-8 with a byte-order mark: Excel then reads accents right when the file is opened by a double click.
    # CTDC's files have none, and only codes: theirs is left without.
    if for_excel:
        stream.write(codecs.BOM_UTF8)
    return csv.writer(codecs.getwriter("utf-8")(stream), lineterminator="\r\n")


def _csv_cell(value: htcds.Cell) -> str:
    text = value if isinstance(value, str) else value.isoformat()
    if text[:1] in htcds.FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        # A name or a note typed as "=HYPERLINK(…)" would be a live formula when the file is opened in a
        # spreadsheet (CSV injection): the apostrophe makes it text, and vigie's import takes it off again.
        return "'" + text
    return text


# A phone number (+227…) or a longitude (-1.5) is not a formula, and stays as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?[\d\s().-]*\d[\d\s().-]*")


def _xlsx_row(sheet: Any, row: list[Any]) -> list[Any]:
    """openpyxl writes a string that starts with "=" as a formula: a name typed "=HYPERLINK(…)" would be live
    in the workbook, and read back empty (the import reads values, not formulas). Such cells go as text.

    An empty cell is left out of the sheet (None) rather than written as an empty text: most of a row's
    cells are empty, and writing them was a third of an XLSX export's time."""
    row = [None if value == "" else value for value in row]
    if not any(type(value) is str and value[:1] == "=" for value in row):
        return row
    return [_text_cell(sheet, value) if type(value) is str and value[:1] == "=" else value for value in row]


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def _write_htcds_csv(
    actor: User, cases: CaseQuerySet, archive: pyzipper.AESZipFile, base: str, exported: _Exported
) -> int:
    """The template's columns in `<base>.csv` (header: the field names); the other tables in companion files.

    A ZIP entry is written one at a time: the main file streams straight in, the companions wait in
    temporary files (on disk past a few MB) and follow.
    """
    with contextlib.ExitStack() as stack:
        spools: dict[str, IO[bytes]] = {
            key: stack.enter_context(tempfile.SpooledTemporaryFile(max_size=4 << 20))
            for key in ("events", "perpetrators", "plans")
        }
        return _write_htcds_csv_files(actor, cases, archive, base, spools, exported)


def _write_htcds_csv_files(
    actor: User,
    cases: CaseQuerySet,
    archive: pyzipper.AESZipFile,
    base: str,
    spools: dict[str, IO[bytes]],
    exported: _Exported,
) -> int:
    headers = {"events": htcds.EVENT_FIELDS, "perpetrators": htcds.PERPETRATOR_FIELDS, "plans": htcds.PLAN_FIELDS}
    writers = {key: _csv_writer(spool) for key, spool in spools.items()}
    for key, writer in writers.items():
        writer.writerow(headers[key])
    records = 0
    with archive.open(f"{base}.csv", "w") as entry:
        main = _csv_writer(entry)
        main.writerow([name or "" for name in _main_header(1)[0][1:]])
        for tables in _tables(actor, cases, exported):
            for row in tables.victims:
                main.writerow([_csv_cell(c) for c in row])
                records += 1
            for key in writers:
                writers[key].writerows([_csv_cell(c) for c in row] for row in getattr(tables, key))
    for key, spool in spools.items():
        spool.seek(0)
        with archive.open(f"{base}-{key}.csv", "w") as entry:
            while block := spool.read(1 << 20):
                entry.write(block)
    return records


# CTDC -------------------------------------------------------------------------------------------


def _write_ctdc(cases: CaseQuerySet, out: IO[bytes], password: str | None) -> ExportResult:
    count = cases.count()
    released, withheld = ctdc.k_anonymous(ctdc.victim_records(c for chunk in reading.chunks(cases) for c in chunk))
    name = f"ctdc-{timezone.localdate().isoformat()}.csv"

    def write(stream: IO[bytes]) -> None:
        writer = _csv_writer(stream, for_excel=False)
        writer.writerow(ctdc.COLUMNS)
        writer.writerows(released)

    if password:
        with encrypted_archive(out, password) as archive, archive.open(name, "w") as entry:
            write(entry)
        name = name.removesuffix(".csv") + ".zip"
    else:
        write(out)
    return ExportResult(kind=ExportKind.CTDC_CSV, records=len(released), cases=count, filename=name, withheld=withheld)
