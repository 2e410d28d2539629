"""A checker of the vigie.qualification/1 output against the contract (spec/qualification.md)."""

from typing import Any

STATUSES = {"met", "not_met", "unknown", "not_required"}
FINDINGS = {"established", "possible", "not_established"}
RANK = {"not_established": 0, "possible": 1, "established": 2}


def _reasons(reasons: Any, where: str) -> list[str]:
    assert isinstance(reasons, list) and reasons, f"{where}: reasons must be a non-empty list"
    for item in reasons:
        assert isinstance(item["code"], str) and item["code"].isupper(), where
        assert isinstance(item["text"], str) and item["text"], where
    return []


def _offence(result: Any, where: str, elements: set[str]) -> None:
    assert result["finding"] in FINDINGS, where
    assert elements <= set(result["elements"]), where
    for name, element in result["elements"].items():
        assert element["status"] in STATUSES, f"{where}.{name}"
        assert all(isinstance(fact, str) for fact in element.get("facts", [])), f"{where}.{name}"
    _reasons(result["reasons"], where)


def _subject(subject: Any, where: str) -> None:
    assert isinstance(subject["id"], str), where
    assert subject["child"] in (True, False, None), where
    _offence(subject["trafficking"], f"{where}.trafficking", {"act", "means", "purpose"})
    smuggling = subject["smuggling"]
    _offence(smuggling, f"{where}.smuggling", {"illegal_entry", "not_national_or_resident", "procurement", "benefit"})
    aggravating = smuggling["aggravating_circumstances"]
    assert set(aggravating) <= {"life_or_safety_endangered", "inhuman_or_degrading_treatment"}, where
    assert not aggravating or smuggling["finding"] != "not_established", f"{where}: aggravating without smuggling"
    related = subject["related_offences"]
    assert [item["offence"] for item in related] == ["fraudulent_document", "enabling_illegal_stay"], where
    assert all(item["finding"] in FINDINGS for item in related), where
    protection = subject["protection"]
    assert protection["presumed_trafficking_victim"] == (subject["trafficking"]["finding"] != "not_established")
    assert protection["smuggled_migrant"] == (smuggling["finding"] != "not_established")
    assert protection["child"] == subject["child"], where


def _findings(part: Any, where: str) -> None:
    for subject_index, subject in enumerate(part["subjects"]):
        _subject(subject, f"{where}subjects[{subject_index}]")
    for offence in ("trafficking", "smuggling"):
        strongest = max((s[offence]["finding"] for s in part["subjects"]), key=RANK.__getitem__, default=None)
        assert part["case"][offence] == (strongest or "not_established"), f"{where}case.{offence}"


def check_output(output: Any) -> None:
    """Raise AssertionError, naming the place, where the output departs from the contract."""
    assert output["schema"] == "vigie.qualification/1"
    assert set(output) == {"schema", "jurisdiction", "case", "subjects", "national"}
    _findings(output, "")
    national = output["national"]
    if national is not None:
        assert national["jurisdiction"] == output["jurisdiction"]
        assert [s["id"] for s in national["subjects"]] == [s["id"] for s in output["subjects"]]
        for law in national["laws"]:
            assert law["name"] and law["source"] and law["status"] in {"verified", "partial", "conflict", "unverified"}
            assert law["verified"] == (law["status"] == "verified")
        _findings(national, "national.")
