from typing import Any

from vigie.legal.facts import Facts


def national_qualification(facts: Facts, lang: str) -> dict[str, Any] | None:
    return None
