"""Legal qualification of the facts of a case: trafficking in persons and smuggling of migrants.

Pure Python, no Django, no I/O beyond the package's own data files, no clock: the web forms, the API and
the command line all call `qualify` (contract: vigie.facts/1 in, vigie.qualification/1 out).
"""

from collections.abc import Mapping
from typing import Any

from vigie.legal.engine import qualify_facts
from vigie.legal.facts import ACTS, MEANS, PURPOSES, FactsError, Problem, read_facts, validate_facts
from vigie.legal.messages import fact_name
from vigie.legal.unknowns import MissingFact, deciding_unknowns

__all__ = [
    "ACTS",
    "MEANS",
    "PURPOSES",
    "FactsError",
    "MissingFact",
    "Problem",
    "deciding_unknowns",
    "fact_name",
    "qualify",
    "validate_facts",
]


def qualify(document: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """The vigie.qualification/1 document for these facts; raises FactsError if they are invalid."""
    return qualify_facts(read_facts(document, lang=lang), lang)
