"""Every service that changes the register writes exactly one audit event, in the transaction of the change:
if anything fails once the event is written, or if the event cannot be written, nothing is saved."""

import datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import transaction
from rest_framework.authtoken.models import Token

from vigie.accounts import services as account_services
from vigie.accounts.models import Agency, Membership
from vigie.audit import services as audit_services
from vigie.audit.models import AuditEvent
from vigie.cases import services as case_services
from vigie.conftest import make_case, make_member, make_participant
from vigie.people import services as people_services

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
MARCH_12 = datetime.date(2025, 3, 12)


@pytest.fixture
def world(anltp, naptip, investigator):
    case = make_case(anltp, investigator)
    victim = make_participant(case, investigator)
    suspect = make_participant(case, investigator, role="suspect", given_names="Moussa", family_name="Issa")
    person = victim.person
    return SimpleNamespace(
        actor=investigator,
        anltp=anltp,
        naptip=naptip,
        police=Agency.objects.create(code="PN", name="Police nationale", country_id="NE", kind=Agency.Kind.POLICE),
        case=case,
        victim=victim,
        suspect=suspect,
        person=person,
        event=case_services.record_event_in_case(actor=investigator, case=case, kind="recruitment", date="2021"),
        crossing=case_services.record_crossing(actor=investigator, case=case, from_country_id="NE", to_country_id="LY"),
        share=case_services.share_case(
            actor=investigator, case=case, agency=naptip, purpose="all", reason="Victimes nigérianes"
        ),
        document=people_services.add_identity_document(actor=investigator, person=person, kind="passport", number="B1"),
        phone=people_services.add_phone_number(actor=investigator, person=person, number="+22796123456"),
        consent=people_services.record_consent(
            actor=investigator, person=person, purpose="referral", given_on=MARCH_12, method="written"
        ),
    )


cs, ps = case_services, people_services
# service -> (the action it records, a call that changes something)
SERVICES = {
    "open_case": (Action.CASE_OPENED, lambda w: make_case(w.anltp, w.actor)),
    "update_case": (
        Action.CASE_UPDATED,
        lambda w: cs.update_case(actor=w.actor, case=w.case, expected_version=1, title="Autre"),
    ),
    "change_case_status": (
        Action.CASE_STATUS_CHANGED,
        lambda w: cs.change_case_status(actor=w.actor, case=w.case, expected_version=1, status="under_investigation"),
    ),
    "share_case": (
        Action.CASE_SHARED,
        lambda w: cs.share_case(actor=w.actor, case=w.case, agency=w.police, purpose="all", reason="Enquête conjointe"),
    ),
    "revoke_case_share": (Action.CASE_SHARE_REVOKED, lambda w: cs.revoke_case_share(actor=w.actor, share=w.share)),
    "delete_case": (Action.CASE_DELETED, lambda w: cs.delete_case(actor=w.actor, case=w.case)),
    "add_participant": (
        Action.PARTICIPANT_ADDED,
        lambda w: cs.add_participant(actor=w.actor, case=w.case, person=w.person, role="witness"),
    ),
    "update_participant": (
        Action.PARTICIPANT_UPDATED,
        lambda w: cs.update_participant(
            actor=w.actor, participant=w.victim, expected_version=w.victim.version, notes="Entendue"
        ),
    ),
    "remove_participant": (
        Action.PARTICIPANT_REMOVED,
        lambda w: cs.remove_participant(actor=w.actor, participant=w.victim),
    ),
    "record_event_in_case": (
        Action.EVENT_RECORDED,
        lambda w: cs.record_event_in_case(actor=w.actor, case=w.case, kind="rescue", participants=[w.victim]),
    ),
    "update_event": (
        Action.EVENT_UPDATED,
        lambda w: cs.update_event(
            actor=w.actor, event=w.event, expected_version=1, date="2021-03", participants=[w.victim]
        ),
    ),
    "delete_event": (Action.EVENT_DELETED, lambda w: cs.delete_event(actor=w.actor, event=w.event)),
    "record_crossing": (
        Action.CROSSING_RECORDED,
        lambda w: cs.record_crossing(
            actor=w.actor, case=w.case, from_country_id="LY", to_country_id="IT", travellers=[w.victim]
        ),
    ),
    "update_crossing": (
        Action.CROSSING_UPDATED,
        lambda w: cs.update_crossing(
            actor=w.actor, crossing=w.crossing, expected_version=1, procured_by=w.suspect, travellers=[w.victim]
        ),
    ),
    "delete_crossing": (Action.CROSSING_DELETED, lambda w: cs.delete_crossing(actor=w.actor, crossing=w.crossing)),
    "create_person": (
        Action.PERSON_CREATED,
        lambda w: ps.create_person(actor=w.actor, agency=w.anltp, given_names="Hadiza", aliases=["Hadi"]),
    ),
    "update_person": (
        Action.PERSON_UPDATED,
        lambda w: ps.update_person(
            actor=w.actor, person=w.person, expected_version=1, family_name="Keïta", aliases=["Sata"]
        ),
    ),
    "add_identity_document": (
        Action.IDENTIFIER_ADDED,
        lambda w: ps.add_identity_document(actor=w.actor, person=w.person, kind="national_id", number="NE-42"),
    ),
    "add_phone_number": (
        Action.IDENTIFIER_ADDED,
        lambda w: ps.add_phone_number(actor=w.actor, person=w.person, number="+22790000000"),
    ),
    "remove_identifier (document)": (
        Action.IDENTIFIER_REMOVED,
        lambda w: ps.remove_identifier(actor=w.actor, identifier=w.document),
    ),
    "remove_identifier (phone)": (
        Action.IDENTIFIER_REMOVED,
        lambda w: ps.remove_identifier(actor=w.actor, identifier=w.phone),
    ),
    "record_consent": (
        Action.CONSENT_RECORDED,
        lambda w: ps.record_consent(
            actor=w.actor, person=w.person, purpose="statistics", given_on=MARCH_12, method="oral"
        ),
    ),
    "withdraw_consent": (
        Action.CONSENT_WITHDRAWN,
        lambda w: ps.withdraw_consent(actor=w.actor, consent=w.consent, withdrawn_on=MARCH_12),
    ),
    "record_identity_view": (
        Action.PERSON_VIEWED,
        lambda w: ps.record_identity_view(actor=w.actor, person=w.person, ip_address="10.0.0.7"),
    ),
    "issue_token": (Action.TOKEN_ISSUED, lambda w: account_services.issue_api_token(user=w.actor)),
}
MODULES_THAT_AUDIT = [case_services, people_services, account_services]


def register_rows():
    """Every row of the register, the accounts and their link tables: what a service may change."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"accounts", "cases", "people"} or model is Token
    ]
    return {model._meta.label: sorted(model._base_manager.values_list()) for model in models}


@pytest.mark.parametrize("service", SERVICES)
def test_it_writes_exactly_one_audit_event(world, service):
    action, call = SERVICES[service]
    earlier = list(AuditEvent.objects.values_list("pk", flat=True))
    call(world)
    [event] = AuditEvent.objects.exclude(pk__in=earlier)
    assert (event.action, event.actor, event.actor_username) == (action, world.actor, world.actor.username)
    assert event.target_type and event.target_id


class Failure(Exception):
    pass


def event_written_then_failure(**kwargs):
    audit_services.record_event(**kwargs)
    raise Failure


@pytest.mark.parametrize("service", SERVICES)
def test_when_it_fails_after_writing_its_event_neither_the_change_nor_the_event_is_saved(world, service, monkeypatch):
    _action, call = SERVICES[service]
    for module in MODULES_THAT_AUDIT:
        monkeypatch.setattr(module, "record_event", event_written_then_failure)
    rows, events = register_rows(), AuditEvent.objects.count()
    with pytest.raises(Failure):
        call(world)
    assert AuditEvent.objects.count() == events
    assert register_rows() == rows


def test_the_composite_service_adding_a_new_person_writes_one_event_per_record(world):
    earlier = list(AuditEvent.objects.values_list("pk", flat=True))
    case_services.add_new_person_to_case(
        actor=world.actor, case=world.case, person_values={"given_names": "Hadiza"}, role="witness"
    )
    new = AuditEvent.objects.exclude(pk__in=earlier).order_by("id")
    assert [e.action for e in new] == [Action.PERSON_CREATED, Action.PARTICIPANT_ADDED]


def test_a_new_member_is_created_and_granted_a_role_with_their_audit_events(anltp):
    earlier = list(AuditEvent.objects.values_list("pk", flat=True))
    user = make_member(anltp, Membership.Role.ANALYST, username="nouvel-analyste")
    assert list(AuditEvent.objects.exclude(pk__in=earlier).order_by("id").values_list("action", "target_id")) == [
        (Action.USER_CREATED, str(user.pk)),
        (Action.MEMBERSHIP_GRANTED, str(user.pk)),
    ]


def test_an_event_is_refused_outside_the_transaction_of_its_change(clerk, monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        audit_services.record_event(actor=clerk, action=Action.LOGIN)
