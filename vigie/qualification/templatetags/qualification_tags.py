from typing import Any

from django import template
from django.utils.translation import get_language

from vigie.cases.models import BorderCrossing, Event
from vigie.legal import FactsError, fact_name
from vigie.qualification import labels
from vigie.qualification.selectors import SUBJECT_ROLES, engine_language, facts_from_records, qualify_case_facts
from vigie.screening.selectors import evidence_for_participants

register = template.Library()


@register.inclusion_tag("qualification/_case_qualification.html", takes_context=True)
def qualification_summary(context: dict[str, Any]) -> dict[str, Any]:
    """The legal qualification block of the case page, computed now from the facts the page already read."""
    page = context["page"]
    events = [entry.item for entry in page.timeline if isinstance(entry.item, Event)]
    crossings = [entry.item for entry in page.timeline if isinstance(entry.item, BorderCrossing)]
    # What the latest screenings support fills what the register leaves unknown: one query for the page.
    evidence = evidence_for_participants(p.pk for p in page.participants if p.role in SUBJECT_ROLES)
    facts = facts_from_records(page.case, page.participants, events, crossings, evidence=evidence)
    try:
        qualification = qualify_case_facts(facts, lang=engine_language(get_language()))
    except FactsError as error:
        # A register fact the engine refuses is a defect to fix, shown rather than hidden.
        return {"qualification": None, "problems": [str(problem) for problem in error.problems]}
    return {"qualification": qualification, "problems": []}


@register.filter
def finding_label(code: str) -> str:
    return str(labels.FINDINGS.get(code, code))


@register.filter
def status_label(code: str) -> str:
    return str(labels.STATUSES.get(code, code))


@register.filter
def element_label(code: str) -> str:
    return str(labels.ELEMENTS.get(code, code))


@register.filter
def offence_label(code: str) -> str:
    return str(labels.OFFENCES.get(code, code))


@register.filter
def aggravating_label(code: str) -> str:
    return str(labels.AGGRAVATING.get(code, code))


@register.filter
def fact_names(keys: list[str]) -> str:
    """Names of contract keys ("deception") or of paths of them ("means.deception")."""
    lang = engine_language(get_language())
    return ", ".join(fact_name(key.rpartition(".")[2], lang) for key in keys)
