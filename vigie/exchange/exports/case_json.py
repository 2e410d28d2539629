"""One case as JSON, schema "vigie.case/1": everything in it that the user may see.

The people, the timeline (events and border crossings), the decisions and the active shares are seen by
everyone who sees the case; the investigation and the courts, and the victims' assistance, only by those
who need to know them (vigie.cases.access.can_see_part): a part the user may not see is absent, and
`parts` says which were included. Records of the parts are written field by field from their models, so a
field added to a model later is exported without changing this file.
"""

import datetime
import decimal
from typing import Any

from django.db import models

from vigie.accounts.models import User
from vigie.assistance.models import (
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.cases.access import CasePart, can_see_part
from vigie.cases.models import Case
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure
from vigie.justice.models import Charge, Compensation, CooperationRequest, Hearing, Proceeding, Sentence, Verdict
from vigie.people.models import Person
from vigie.referrals.models import BestInterestsDecision, Referral, ServiceDelivery

SCHEMA = "vigie.case/1"
# Bookkeeping that says nothing about the case and would only differ between two exports of the same case.
_SKIPPED_FIELDS = {"version", "search_text"}


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def record(instance: models.Model) -> dict[str, Any]:
    """The instance's own fields (foreign keys as the related id) and its many-to-many links as id lists."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIPPED_FIELDS:
            continue
        data[field.name if not field.is_relation else field.attname] = _value(getattr(instance, field.attname))
    for field in instance._meta.many_to_many:
        data[field.name] = sorted(pk for pk in getattr(instance, field.name).values_list("pk", flat=True))
    return data


def person_record(person: Person) -> dict[str, Any]:
    return record(person) | {
        "aliases": [a.name for a in person.aliases.all()],
        "documents": [record(d) for d in person.documents.all()],
        "phones": [record(p) for p in person.phones.all()],
        "consents": [record(c) for c in person.consents.all()],
    }


def _investigation_part(case: Case) -> dict[str, Any]:
    investigations = list(Investigation.objects.filter(case=case).order_by("pk"))
    proceedings = list(Proceeding.objects.filter(case=case).order_by("pk"))
    verdicts = list(Verdict.objects.filter(proceeding__case=case).order_by("pk"))
    sentences = list(Sentence.objects.filter(verdict__proceeding__case=case).order_by("pk"))
    return {
        "investigations": [record(i) for i in investigations],
        "arrests": [record(a) for a in Arrest.objects.filter(investigation__case=case).order_by("pk")],
        "seizures": [record(s) for s in Seizure.objects.filter(investigation__case=case).order_by("pk")],
        "money_flows": [record(m) for m in MoneyFlow.objects.filter(investigation__case=case).order_by("pk")],
        "proceedings": [record(p) for p in proceedings],
        "charges": [record(c) for c in Charge.objects.filter(case=case).order_by("pk")],
        "hearings": [record(h) for h in Hearing.objects.filter(proceeding__case=case).order_by("pk")],
        "verdicts": [record(v) for v in verdicts],
        "sentences": [record(s) for s in sentences],
        "compensations": [record(c) for c in Compensation.objects.filter(sentence__in=sentences).order_by("pk")],
        "cooperation_requests": [record(r) for r in CooperationRequest.objects.filter(case=case).order_by("pk")],
    }


def _assistance_part(case: Case) -> dict[str, Any]:
    kinds: dict[str, type[models.Model]] = {
        "needs_assessments": NeedsAssessment,
        "reflection_periods": ReflectionPeriod,
        "assistance_plans": AssistancePlan,
        "family_assessments": FamilyAssessment,
        "voluntary_returns": VoluntaryReturn,
        "reintegration_visits": ReintegrationVisit,
        "assistance_closures": AssistanceClosure,
        "best_interests_decisions": BestInterestsDecision,
        "referrals": Referral,
        "services_delivered": ServiceDelivery,
    }
    return {
        name: [record(r) for r in model._default_manager.filter(case=case).order_by("pk")]
        for name, model in kinds.items()
    }


def case_document(user: User, case: Case, *, exported_at: datetime.datetime) -> dict[str, Any]:
    """The case as the user may see it. `case` must come from get_case_for_user."""
    participants = case.participants.select_related("person").order_by("role", "id")
    people = {p.person_id: p.person for p in participants}
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "exported_at": exported_at.isoformat(),
        "exported_by": user.get_username(),
        "case": record(case) | {"offences": sorted(case.offences.values_list("offence", flat=True))},
        "persons": [person_record(person) for person in people.values()],
        "participants": [record(p) for p in participants],
        "events": [record(e) for e in case.events.order_by("date", "pk")],
        "crossings": [record(c) for c in case.crossings.order_by("date", "pk")],
        "decisions": [record(d) for d in case.decisions.order_by("proposed_at", "pk")],
        "shares": [record(s) for s in case.shares.active().order_by("pk")],
        "parts": [],
    }
    if can_see_part(user, case, CasePart.INVESTIGATION):
        document["parts"].append(CasePart.INVESTIGATION.value)
        document[CasePart.INVESTIGATION.value] = _investigation_part(case)
    if can_see_part(user, case, CasePart.ASSISTANCE):
        document["parts"].append(CasePart.ASSISTANCE.value)
        document[CasePart.ASSISTANCE.value] = _assistance_part(case)
    return document
