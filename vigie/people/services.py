import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigie.accounts.models import Agency, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, editable_fields, record_event, snapshot
from vigie.concurrency import insert_checked_unique, save_versioned
from vigie.people.models import Alias, Consent, IdentityDocument, Person, PhoneNumber
from vigie.people.names import search_key
from vigie.reference.models import Country

Action = AuditEvent.Action
PERSON_FIELDS = editable_fields(Person, "nationalities", "recorded_by_agency")
# Forms give countries by field name (origin_country), the API may give them by column (origin_country_id).
UPDATABLE_PERSON_FIELDS = set(PERSON_FIELDS) | {
    f.name for f in Person._meta.concrete_fields if f.attname in PERSON_FIELDS
}


def _clean_aliases(aliases: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and search_key(alias) not in seen:
            seen[search_key(alias)] = alias[:200]
    return list(seen.values())


def _search_text(person: Person, aliases: Iterable[str]) -> str:
    names = [f"{person.given_names} {person.family_name}", *aliases]
    return " | ".join(search_key(name) for name in names if name.strip())


def _check_person(person: Person) -> None:
    # Before full_clean: its message for the database constraint names the constraint, not the field.
    if person.estimated_age is not None and person.age_estimated_on is None:
        raise ValidationError({"age_estimated_on": _("Give the date on which the age was estimated.")})
    person.full_clean(exclude=["recorded_by_agency", "search_text"])
    if not (person.given_names.strip() or person.family_name.strip()):
        raise ValidationError({"family_name": _("Enter at least a given name or a family name.")})
    if person.date_of_birth and person.estimated_age is not None:
        raise ValidationError({"estimated_age": _("Give either a date of birth or an estimated age, not both.")})


@transaction.atomic
def create_person(
    *,
    actor: User,
    agency: Agency,
    nationalities: Iterable[Country] = (),
    aliases: Iterable[str] = (),
    **values: Any,
) -> Person:
    person = Person(recorded_by_agency=agency, **values)
    alias_names = _clean_aliases(aliases)
    _check_person(person)
    person.search_text = _search_text(person, alias_names)
    person.save()
    chosen = list(nationalities)
    person.nationalities.set(chosen)
    Alias.objects.bulk_create([Alias(person=person, name=name) for name in alias_names])
    record_event(
        actor=actor,
        action=Action.PERSON_CREATED,
        target=person,
        agency_id=agency.pk,
        changes=diff(
            {},
            {**snapshot(person, PERSON_FIELDS), "nationalities": sorted(c.pk for c in chosen), "aliases": alias_names},
        ),
    )
    return person


def _person_state(person: Person) -> dict[str, Any]:
    return {
        **snapshot(person, PERSON_FIELDS),
        "nationalities": sorted(person.nationalities.values_list("pk", flat=True)),
        "aliases": sorted(person.aliases.values_list("name", flat=True)),
    }


@transaction.atomic
def update_person(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    nationalities: Iterable[Country] | None = None,
    aliases: Iterable[str] | None = None,
    **values: Any,
) -> Person:
    before = _person_state(person)
    for name, value in values.items():
        if name not in UPDATABLE_PERSON_FIELDS:
            raise TypeError(f"update_person does not change {name}")
        setattr(person, name, value)
    _check_person(person)
    alias_names = _clean_aliases(aliases) if aliases is not None else before["aliases"]
    person.search_text = _search_text(person, alias_names)
    save_versioned(person, expected_version=expected_version, fields=[*PERSON_FIELDS, "search_text"])
    if nationalities is not None:
        person.nationalities.set(list(nationalities))
    if aliases is not None:
        person.aliases.exclude(name__in=alias_names).delete()
        existing = set(person.aliases.values_list("name", flat=True))
        Alias.objects.bulk_create([Alias(person=person, name=n) for n in alias_names if n not in existing])
    record_event(
        actor=actor,
        action=Action.PERSON_UPDATED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        changes=diff(before, _person_state(person)),
    )
    return person


@transaction.atomic
def add_identity_document(*, actor: User, person: Person, **values: Any) -> IdentityDocument:
    document = IdentityDocument(person=person, **values)
    document.number = document.number.strip().upper()
    document.full_clean(exclude=["person"])
    already = ValidationError({"number": _("This document is already recorded for this person.")})
    if person.documents.filter(
        kind=document.kind, number=document.number, issuing_country=document.issuing_country
    ).exists():
        raise already
    insert_checked_unique(document, error=already)
    record_event(
        actor=actor,
        action=Action.IDENTIFIER_ADDED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        changes={"document": {"kind": document.kind, "issuing_country": document.issuing_country_id}},
    )
    return document


@transaction.atomic
def add_phone_number(*, actor: User, person: Person, number: str, note: str = "") -> PhoneNumber:
    phone = PhoneNumber(person=person, number="".join(number.split()), note=note)
    phone.full_clean(exclude=["person"])
    already = ValidationError({"number": _("This number is already recorded for this person.")})
    if person.phones.filter(number=phone.number).exists():
        raise already
    insert_checked_unique(phone, error=already)
    record_event(
        actor=actor,
        action=Action.IDENTIFIER_ADDED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        changes={"phone": phone.pk},
    )
    return phone


@transaction.atomic
def remove_identifier(*, actor: User, identifier: IdentityDocument | PhoneNumber) -> None:
    person = identifier.person
    kind = "document" if isinstance(identifier, IdentityDocument) else "phone"
    record_event(
        actor=actor,
        action=Action.IDENTIFIER_REMOVED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        changes={kind: identifier.pk},
    )
    identifier.delete()


@transaction.atomic
def record_consent(
    *, actor: User, person: Person, purpose: str, given_on: datetime.date, method: str, note: str = ""
) -> Consent:
    already = ValidationError({"purpose": _("A consent for this purpose is already in force.")})
    if person.consents.in_force().filter(purpose=purpose).exists():
        raise already
    consent = Consent(person=person, purpose=purpose, given_on=given_on, method=method, note=note, recorded_by=actor)
    consent.full_clean(exclude=["person", "recorded_by"])
    insert_checked_unique(consent, error=already)
    record_event(
        actor=actor,
        action=Action.CONSENT_RECORDED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        changes={"purpose": purpose, "given_on": given_on.isoformat(), "method": method},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    # A conditional UPDATE: of two users withdrawing at once, the second is refused, not written over the first.
    if not Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, withdrawn_by=actor
    ):
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    record_event(
        actor=actor,
        action=Action.CONSENT_WITHDRAWN,
        target=consent.person,
        agency_id=consent.person.recorded_by_agency_id,
        changes={"purpose": consent.purpose, "withdrawn_on": withdrawn_on.isoformat()},
    )
    return consent


@transaction.atomic
def record_identity_view(*, actor: User, person: Person, ip_address: str | None) -> None:
    """Every look at a person's identifying details is on the record."""
    record_event(
        actor=actor,
        action=Action.PERSON_VIEWED,
        target=person,
        agency_id=person.recorded_by_agency_id,
        ip_address=ip_address,
    )
