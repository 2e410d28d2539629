"""Fetch-and-authorise for persons: a person is visible through a case the user may see, or when the
user's agency recorded them and they are in no case yet."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.cases.models import Case, Participant
from vigie.people.models import Consent, IdentityDocument, Person, PhoneNumber


def _persons_visible_through(agency_ids: set[int]) -> "models.QuerySet[Person]":
    in_visible_case = Participant.objects.filter(person=OuterRef("pk"), case__in=Case.objects.of_agencies(agency_ids))
    in_any_case = Participant.objects.filter(person=OuterRef("pk"))
    recorded_and_unlinked = Q(recorded_by_agency_id__in=agency_ids) & ~Exists(in_any_case)
    return Person.objects.filter(Exists(in_visible_case) | recorded_and_unlinked)


def _persons_deletable_through(agency_ids: set[int]) -> "models.QuerySet[Person]":
    """Deleting a person's identifiers is for the agencies that lead their cases (or recorded them while
    they are in no case), never for an agency a case is only shared with."""
    in_led_case = Participant.objects.filter(person=OuterRef("pk"), case__agency_id__in=agency_ids)
    in_any_case = Participant.objects.filter(person=OuterRef("pk"))
    recorded_and_unlinked = Q(recorded_by_agency_id__in=agency_ids) & ~Exists(in_any_case)
    return Person.objects.filter(Exists(in_led_case) | recorded_and_unlinked)


def persons_visible_to(user: User) -> "models.QuerySet[Person]":
    return _persons_visible_through(permissions.agencies_with(user, permissions.REGISTER_ROLES))


def get_person_for_user(user: User, person_id: int, *, delete: bool = False) -> Person:
    """The person if the user may see them (else 404); with delete=True, 403 unless the user may delete
    in a case that their agency leads. Every role that sees names may correct them."""
    try:
        person = persons_visible_to(user).get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404 from None
    deleting_agencies = permissions.agencies_with(user, permissions.DELETING_ROLES)
    if delete and not _persons_deletable_through(deleting_agencies).filter(pk=person_id).exists():
        raise PermissionDenied
    return person


def get_document_for_user(user: User, document_id: int) -> IdentityDocument:
    try:
        document = IdentityDocument.objects.get(pk=document_id)
    except IdentityDocument.DoesNotExist:
        raise Http404 from None
    document.person = get_person_for_user(user, document.person_id, delete=True)
    return document


def get_phone_for_user(user: User, phone_id: int) -> PhoneNumber:
    try:
        phone = PhoneNumber.objects.get(pk=phone_id)
    except PhoneNumber.DoesNotExist:
        raise Http404 from None
    phone.person = get_person_for_user(user, phone.person_id, delete=True)
    return phone


def get_consent_for_user(user: User, consent_id: int) -> Consent:
    try:
        consent = Consent.objects.get(pk=consent_id)
    except Consent.DoesNotExist:
        raise Http404 from None
    consent.person = get_person_for_user(user, consent.person_id)
    return consent
