"""A case exported as JSON ("vigie.case/1", exports/case_json.py) read back into an agency's register.

One file holds one case (what `vigie export case-json` writes) or a JSON list of them; each case is one
item of the import runner (importing.py): checked whole before anything is written, rejected whole with
every problem found (a JSON path such as `persons[1].date_of_birth`, the value and a message in the
user's language), keyed by its reference in the source so that importing it again creates nothing.

The file is first checked against exports/case.schema.json, then every record against its model
(full_clean: choices, dates such as 2021-02-31, lengths, countries that exist, the models' constraints).
Records are written with their own ids replaced by new ones, in the order of their ids in the source, so
that links between them (a participant's person, an event's participants) point to the new records.
What cannot come from another register is replaced, and said in MAPPING.md: the agency (the one chosen),
the case reference (the agency's next number), the people who recorded things (the inactive account
"case-json-import"; the decisions it "proposed" are confirmed by the person who imports, as for HTCDS).
The source's shares with other agencies are not imported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency, User
from vigie.assistance.models import (
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.audit.models import AuditEvent
from vigie.cases.models import BorderCrossing, Case, Decision, Event, Participant, SuspectedOffence
from vigie.cases.services import audit_in_case, open_case
from vigie.exchange.archives import command_line_limit, read_archived_file
from vigie.exchange.exports.case_json import SCHEMA
from vigie.exchange.htcds.writing import Origin, source_account
from vigie.exchange.importing import RowProblem, RowRejected
from vigie.exchange.readers import ImportRefused
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure
from vigie.justice.models import Charge, Compensation, CooperationRequest, Hearing, Proceeding, Sentence, Verdict
from vigie.people.models import Alias, Consent, IdentityDocument, Person, PhoneNumber
from vigie.people.services import _search_text
from vigie.referrals.models import BestInterestsDecision, Referral, ServiceDelivery

SCHEMA_FILE = Path(__file__).parent / "exports" / "case.schema.json"
SOURCE = "case-json"
CASE_JSON_ORIGIN = Origin(SOURCE, "", "case-json-import", "Case JSON", lambda: {})
DOCUMENT = "document"
REFERENCE = "reference"
# Filled by the register itself, or meaningless in another one.
_NOT_READ = {"id", "version", "search_text", "created_at", "updated_at"}

# Where each kind of record is in the document, in an order where a record comes after those it points to.
PERSON_PARTS: dict[str, type[models.Model]] = {
    "documents": IdentityDocument,
    "phones": PhoneNumber,
    "consents": Consent,
}
SECTIONS: list[tuple[str, type[models.Model]]] = [
    ("participants", Participant),
    ("events", Event),
    ("crossings", BorderCrossing),
    ("decisions", Decision),
    ("investigation.investigations", Investigation),
    ("investigation.seizures", Seizure),
    ("investigation.arrests", Arrest),
    ("investigation.money_flows", MoneyFlow),
    ("investigation.proceedings", Proceeding),
    ("investigation.charges", Charge),
    ("investigation.hearings", Hearing),
    ("investigation.verdicts", Verdict),
    ("investigation.sentences", Sentence),
    ("investigation.compensations", Compensation),
    ("investigation.cooperation_requests", CooperationRequest),
    ("assistance.needs_assessments", NeedsAssessment),
    ("assistance.reflection_periods", ReflectionPeriod),
    ("assistance.assistance_plans", AssistancePlan),
    ("assistance.family_assessments", FamilyAssessment),
    ("assistance.voluntary_returns", VoluntaryReturn),
    ("assistance.reintegration_visits", ReintegrationVisit),
    ("assistance.assistance_closures", AssistanceClosure),
    ("assistance.best_interests_decisions", BestInterestsDecision),
    ("assistance.referrals", Referral),
    ("assistance.services_delivered", ServiceDelivery),
]
# Models whose records the document holds: a link to one of them is a link inside the document.
IN_DOCUMENT = {Case, Person, *PERSON_PARTS.values(), *(model for _path, model in SECTIONS)}


@cache
def case_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def _schema_message(error: jsonschema.ValidationError) -> str:
    """jsonschema's messages are in English: the user gets one of these, in their language."""
    if error.validator == "required":
        return _("This part of the case is missing.")
    if error.validator == "const":
        return _("This is not a case exported by vigie (schema %(schema)s).") % {"schema": SCHEMA}
    if error.validator == "type":
        return _("Wrong kind of value: expected %(expected)s.") % {"expected": error.validator_value}
    if error.validator == "pattern":
        return _("Wrong format: expected a date as YYYY-MM-DD, or a country as two capital letters.")
    if error.validator in ("enum", "minItems", "uniqueItems", "minimum"):
        return _("This value is not allowed here.")
    return _("This value does not fit the case format.")


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def schema_problems(item: int, document: Any) -> list[RowProblem]:
    problems = []
    validator = jsonschema.Draft202012Validator(case_schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        where = _path(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            where = f"{where}.{missing}" if where else missing
            value = ""
        else:
            value = json.dumps(error.instance, ensure_ascii=False)[:200]
        problems.append(RowProblem(item, where, value, _schema_message(error)))
    return problems


def _section(document: dict[str, Any], path: str) -> list[tuple[int, dict[str, Any]]]:
    """The records of a list with their place in it, in the order of their ids: written in that order,
    the new ids keep it, and so does a later export (which lists people in the order of their roles)."""
    found: Any = document
    for name in path.split("."):
        found = found.get(name) if isinstance(found, dict) else None
        if found is None:
            return []  # a part the exporting user could not see
    return sorted(enumerate(found), key=lambda item: item[1]["id"])


@dataclass
class _Links:
    """For checking: the ids of each kind of record the document holds. For writing: their new ids."""

    ids: dict[type[models.Model], dict[int, int | None]] = field(default_factory=dict)
    writing: bool = False

    def know(self, model: type[models.Model], old: int, new: int | None = None) -> None:
        self.ids.setdefault(model, {})[old] = new


@dataclass
class _Context:
    item: int
    agency: Agency | None = None
    source_agency_id: Any = None
    recorder: User | None = None  # the inactive account of the source
    actor: User | None = None
    links: _Links = field(default_factory=_Links)
    problems: list[RowProblem] = field(default_factory=list)


def _linked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.name not in _NOT_READ]


def _build(model: type[models.Model], data: dict[str, Any], where: str, ctx: _Context) -> models.Model:
    """An unsaved instance from a record; links set only when writing (checking leaves them out of
    full_clean, see _excluded)."""
    instance = model()
    for model_field in model._meta.concrete_fields:
        key = model_field.attname
        if model_field.name in _NOT_READ or key not in data:
            continue
        value = data[key]
        if model_field.is_relation:
            value = _link(model_field, value, f"{where}.{key}", ctx)
        setattr(instance, key, value)
    return instance


def _related(model_field: Any) -> type[models.Model]:
    related: type[models.Model] = model_field.related_model
    return related


def _link(model_field: models.Field[Any, Any], value: Any, where: str, ctx: _Context) -> Any:
    target = _related(model_field)
    if value is None:
        return None
    if target in IN_DOCUMENT:
        known = ctx.links.ids.get(target, {})
        if value not in known:
            ctx.problems.append(
                RowProblem(ctx.item, where, str(value), _("This refers to a record that is not in the file."))
            )
            return None
        return known[value]
    if target is User:
        if not ctx.links.writing:
            return None
        return ctx.actor.pk if model_field.name == "answered_by" and ctx.actor else ctx.recorder.pk  # type: ignore[union-attr]
    if target is Agency:
        # The source's own agency becomes the receiving one; another agency of the source's system means
        # nothing here.
        return ctx.agency.pk if ctx.agency and value == ctx.source_agency_id else None
    if target.__name__ == "ServiceProvider":
        return None  # the source's providers are not this register's
    return value  # reference data (countries), the same in every register


def _excluded(model: type[models.Model]) -> list[str]:
    """While checking, links inside the document, to people and to agencies are not set yet."""
    return [
        f.name for f in _linked_fields(model) if f.related_model in IN_DOCUMENT or f.related_model in (User, Agency)
    ]


def _validate(instance: models.Model, where: str, data: dict[str, Any], ctx: _Context, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = where if name == NON_FIELD_ERRORS else f"{where}.{name}"
            model_field = next((f for f in instance._meta.concrete_fields if f.name == name), None)
            value = data.get(model_field.attname if model_field else name, "")
            for message in messages:
                ctx.problems.append(RowProblem(ctx.item, column, "" if value is None else str(value), message))


def _records(document: dict[str, Any]) -> Iterator[tuple[str, type[models.Model], dict[str, Any]]]:
    """Every record after the case, in writing order, with its path."""
    persons = _section(document, "persons")
    for index, person in persons:
        yield f"persons[{index}]", Person, person
    for index, person in persons:
        for name, model in PERSON_PARTS.items():
            for part_index, data in _section(person, name):
                yield f"persons[{index}].{name}[{part_index}]", model, data
    for path, model in SECTIONS:
        for index, data in _section(document, path):
            yield f"{path}[{index}]", model, data


def check_case(item: int, document: Any) -> dict[str, Any]:
    """The document if it can be written as it is; else RowRejected with every problem found."""
    problems = schema_problems(item, document)
    if problems:
        raise RowRejected(problems)
    ctx = _Context(item=item, source_agency_id=document["case"].get("agency_id"))
    case_data = {k: v for k, v in document["case"].items() if k not in ("reference", "number", "year", "offences")}
    case = _build(Case, case_data, "case", ctx)
    _validate(case, "case", case_data, ctx, ["agency", "reference", "number", "year"])
    for index, code in enumerate(document["case"]["offences"]):
        _validate(SuspectedOffence(offence=code), f"case.offences[{index}]", {"offence": code}, ctx, ["case"])
    ctx.links.know(Case, document["case"]["id"])
    for _where, model, data in _records(document):
        ctx.links.know(model, data["id"])
    for path, model, data in _records(document):
        instance = _build(model, data, path, ctx)
        _validate(instance, path, data, ctx, _excluded(model))
        _check_many(model, data, path, ctx)
    if ctx.problems:
        raise RowRejected(ctx.problems)
    checked: dict[str, Any] = document
    return checked


def _check_many(model: type[models.Model], data: dict[str, Any], where: str, ctx: _Context) -> None:
    """Many-to-many links: to records of the document, or to reference data that exists here."""
    for m2m in model._meta.many_to_many:
        target = _related(m2m)
        for value in data.get(m2m.name, []):
            if target in IN_DOCUMENT:
                known = value in ctx.links.ids.get(target, {})
                message = _("This refers to a record that is not in the file.")
            else:
                known = target._default_manager.filter(pk=value).exists()
                message = _("Unknown value.")
            if not known:
                ctx.problems.append(RowProblem(ctx.item, f"{where}.{m2m.name}", str(value), message))


def write_case(document: dict[str, Any], *, agency: Agency, actor: User, item: int = 1) -> Case:
    """Writes a checked document (check_case) as a case of `agency`; called inside the runner's transaction."""
    source = document["case"]
    ctx = _Context(item=item, agency=agency, source_agency_id=source.get("agency_id"), actor=actor)
    ctx.recorder = source_account(CASE_JSON_ORIGIN)
    ctx.links.writing = True
    date = models.DateField().to_python
    case = open_case(
        actor=actor,
        agency=agency,
        opened_on=date(source["opened_on"]),
        country_id=source["country_id"],
        offences=source["offences"],
        title=source.get("title", ""),
        reported_on=date(source.get("reported_on")),
        narrative=source.get("narrative", ""),
    )
    if source.get("status", case.status) != case.status:
        case.status = source["status"]
        case.closure_reason = source.get("closure_reason", "")
        case.closed_on = date(source.get("closed_on"))
        case.full_clean()
        case.save(update_fields=["status", "closure_reason", "closed_on"])
    ctx.links.know(Case, source["id"], case.pk)
    counts: dict[str, int] = {}
    for path, model, data in _records(document):
        instance = _build(model, data, path, ctx)
        if model is Person:
            instance.recorded_by_agency = agency  # type: ignore[attr-defined]
            instance.search_text = _search_text(instance, data.get("aliases", []))  # type: ignore[arg-type, attr-defined]
        try:
            instance.full_clean()
        except ValidationError as error:
            # A link the check could not judge: one to another agency or provider of the source's register,
            # emptied here (a referral then has no receiver). Refused whole, with the record named.
            raise ImportRefused(f"{path}: {' '.join(error.messages)}") from None
        instance.save()
        ctx.links.know(model, data["id"], instance.pk)
        for m2m in model._meta.many_to_many:
            values = data.get(m2m.name, [])
            if _related(m2m) in IN_DOCUMENT:
                values = [ctx.links.ids[_related(m2m)][v] for v in values]
            getattr(instance, m2m.name).set(values)
        if model is Person:
            Alias.objects.bulk_create(Alias(person=instance, name=name) for name in data.get("aliases", []))  # type: ignore[misc]
        label = model._meta.label_lower
        counts[label] = counts.get(label, 0) + 1
    if ctx.problems:  # only if the document changed since it was checked
        raise RowRejected(ctx.problems)
    audit_in_case(
        actor=actor,
        action=AuditEvent.Action.CASE_IMPORTED,
        case=case,
        changes={
            "source": SOURCE,
            "source_reference": source.get("reference", ""),
            "exported_by": document.get("exported_by", ""),
            "exported_at": document.get("exported_at", ""),
            "records": counts,
        },
    )
    return case


def read_documents(path: Path, *, password: str = "") -> Any:
    """The JSON of the file, or of the one .json file in a password-protected archive of an export."""
    try:
        if path.suffix.lower() == ".zip":
            limit = command_line_limit(path.stat().st_size, None, settings.VIGIE_IMPORT_MAX_BYTES)
            return json.loads(read_archived_file(path, kind=SOURCE, password=password, max_bytes=limit))
        with path.open(encoding="utf-8-sig") as file:
            return json.load(file)
    except UnicodeDecodeError:
        raise ImportRefused(_("This file is not UTF-8 text: a case exported by vigie is.")) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _("This file is not valid JSON (line %(line)s, column %(column)s): it may be cut short.")
            % {"line": error.lineno, "column": error.colno}
        ) from None


class CaseJsonImporter:
    """The runner's Importer for kind "case-json" (vigie/exchange/importing.py)."""

    kind = SOURCE

    def __init__(self, *, password: str = "") -> None:
        self.password = password

    def rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        data = read_documents(path, password=self.password)
        # Cases are small: a file of cases is read whole (the runner refuses files over its size limit).
        documents = data if isinstance(data, list) else [data]
        if not documents:
            raise ImportRefused(_("The file is empty."))
        for item, document in enumerate(documents, start=1):
            reference = document.get("case", {}).get("reference", "") if isinstance(document, dict) else ""
            yield item, {REFERENCE: str(reference), DOCUMENT: json.dumps(document, ensure_ascii=False)}

    def key(self, row_number: int, cells: dict[str, str]) -> str:
        # The source's reference names the case in its register; a document without one is keyed by content.
        if cells[REFERENCE]:
            return f"case:{cells[REFERENCE]}"
        return f"content:{hashlib.sha256(cells[DOCUMENT].encode()).hexdigest()}"

    def parse(self, row_number: int, cells: dict[str, str]) -> dict[str, Any]:
        return check_case(row_number, json.loads(cells[DOCUMENT]))

    def write(self, records: list[dict[str, Any]], *, run: Any) -> int:
        if run.agency is None:
            raise ImportRefused(_("Choose the agency whose register receives the records."))
        if run.started_by is None:
            raise ImportRefused(_("A case is imported by a signed-in user (on the command line: --as USERNAME)."))
        for document in records:
            write_case(document, agency=run.agency, actor=run.started_by)
        return len(records)
