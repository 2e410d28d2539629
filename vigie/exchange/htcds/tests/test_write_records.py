from collections import Counter

from vigie.assistance.models import AssistancePlan
from vigie.audit.models import AuditEvent
from vigie.cases.access import cases_visible_to
from vigie.cases.models import Case, CaseCounter, Decision, Event, Participant
from vigie.exchange.htcds.generate import ALL_COLUMNS, generate_htcds_rows, write_csv, write_template_xlsx
from vigie.exchange.htcds.tests.conftest import import_file
from vigie.people.models import Consent, Person


def expected_counts(rows: list[dict[str, str]]) -> dict[str, int]:
    """Counted from the generated rows, without the importer's code."""
    cases = {r["cas_CaseNumber"] for r in rows}
    people = {(r["cas_CaseNumber"], r["prs_FirstName"], r["prs_SecondName"], r.get("prs_Birthdate", "")) for r in rows}
    roles = Counter(
        "suspect"
        if r.get("per_RoleInProcess")
        else {"ActualVictimOfTrafficking": "victim"}.get(r.get("vic_TraffickingStatus", ""), "presumed_victim")
        for r in rows
    )
    return {"cases": len(cases), "persons": len(people), "suspects": roles["suspect"], "victims": roles["victim"]}


def test_a_csv_file_becomes_cases_persons_roles_events_consents_and_plans(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(300, seed=11))
    write_csv(tmp_path / "cases.csv", rows, ALL_COLUMNS)

    outcome = import_file(tmp_path / "cases.csv", agency=anltp, actor=investigator)

    expected = expected_counts(rows)
    assert outcome.problems == [] and outcome.written == 300
    assert Case.objects.filter(agency=anltp).count() == expected["cases"]
    assert Person.objects.filter(recorded_by_agency=anltp).count() == expected["persons"]
    assert Participant.objects.filter(role="suspect").count() == expected["suspects"]
    assert Participant.objects.filter(role="victim").count() == expected["victims"]
    # Every identified victim went through a confirmed identification decision.
    assert Decision.objects.filter(kind="victim_identification", status="confirmed").count() == expected["victims"]
    events = sum(bool(r.get("hte_Type")) + bool(r.get("vic_LocationOfExploitation")) for r in rows)
    assert Event.objects.count() == events
    consenting = {
        (r["cas_CaseNumber"], r["prs_FirstName"], r["prs_SecondName"]) for r in rows if r.get("con_Consent") == "TRUE"
    }
    assert Consent.objects.count() == len(consenting)
    assert AssistancePlan.objects.count() == sum(bool(r.get("spl_Objectives")) for r in rows)
    assert AuditEvent.objects.filter(action="case.imported").count() == expected["cases"]


def test_case_references_follow_the_agencys_counter(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(50, seed=2))
    write_csv(tmp_path / "cases.csv", rows, ALL_COLUMNS)

    import_file(tmp_path / "cases.csv", agency=anltp, actor=investigator)

    for counter in CaseCounter.objects.filter(agency=anltp):
        numbers = sorted(Case.objects.filter(agency=anltp, year=counter.year).values_list("number", flat=True))
        assert numbers == list(range(1, counter.last_number + 1))
    case = Case.objects.filter(agency=anltp).earliest("id")
    assert case.reference == f"NE-ANLTP-{case.year}-{case.number:04d}"


def test_the_template_layout_imports_like_the_csv(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(120, seed=5))
    write_template_xlsx(tmp_path / "cases.xlsx", rows, ALL_COLUMNS)

    outcome = import_file(tmp_path / "cases.xlsx", agency=anltp, actor=investigator)

    assert outcome.written == 120
    assert Case.objects.count() == expected_counts(rows)["cases"]


def test_reimporting_the_same_or_an_overlapping_file_creates_no_duplicates(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(200, seed=8))
    write_csv(tmp_path / "first.csv", rows[:150], ALL_COLUMNS)
    write_csv(tmp_path / "second.csv", rows[100:], ALL_COLUMNS)
    keys: set[str] = set()

    import_file(tmp_path / "first.csv", agency=anltp, actor=investigator, seen_keys=keys)
    again = import_file(tmp_path / "first.csv", agency=anltp, actor=investigator, seen_keys=keys)
    overlap = import_file(tmp_path / "second.csv", agency=anltp, actor=investigator, seen_keys=keys)

    assert (again.written, again.duplicates) == (0, 150)
    assert (overlap.written, overlap.duplicates) == (50, 50)
    expected = expected_counts(rows)
    # Rows of a case split between the two files end up in one case, found again by its case number.
    assert Case.objects.count() == expected["cases"]
    assert Person.objects.count() == expected["persons"]


def test_an_xlsform_export_is_imported_and_keyed_by_its_submission(tmp_path, anltp, investigator):
    path = tmp_path / "odk.csv"
    path.write_text(
        "start,end,con_Consent,prs_First_Name,prs_Second_Name,prs_Gender,vic_TraffickingStatus,"
        "vic_Methods_of_Control,cas_Status,meta/instanceID\n"
        "2024-01-01T10:00,2024-01-01T10:05,TRUE,Awa,Sow,Feminine,ActualVictimOfTrafficking,"
        "DebtBondage,Active,uuid:aa\n"
        "2024-01-02T10:00,2024-01-02T10:05,FALSE,Kofi,Mensah,Masculine,PossibleVictimOfTrafficking,,Closed,uuid:bb\n",
        encoding="utf-8",
    )
    keys: set[str] = set()

    first = import_file(path, agency=anltp, actor=investigator, seen_keys=keys)
    second = import_file(path, agency=anltp, actor=investigator, seen_keys=keys)

    assert (first.written, second.duplicates) == (2, 2)
    awa = Participant.objects.get(person__given_names="Awa")
    assert (awa.role, awa.means_of_control, awa.person.sex) == ("victim", ["debt_bondage"], "female")
    assert Case.objects.get(participants__person__given_names="Kofi").status == "closed"


def test_a_file_with_one_bad_row_writes_nothing_and_says_where(tmp_path, anltp, investigator):
    rows = list(generate_htcds_rows(20, seed=4))
    rows[12]["prs_Birthdate"] = "31/02/2021"
    write_csv(tmp_path / "bad.csv", rows, ALL_COLUMNS)

    outcome = import_file(tmp_path / "bad.csv", agency=anltp, actor=investigator)

    assert [(p.row, p.column, p.value) for p in outcome.problems] == [(14, "prs_Birthdate", "31/02/2021")]
    assert Case.objects.count() == 0


def test_imported_cases_belong_to_the_chosen_agency_and_follow_its_access_rules(
    tmp_path, anltp, investigator, outsider
):
    write_csv(tmp_path / "cases.csv", list(generate_htcds_rows(30, seed=6)), ALL_COLUMNS)

    import_file(tmp_path / "cases.csv", agency=anltp, actor=investigator)

    imported = set(Case.objects.values_list("pk", flat=True))
    assert set(Case.objects.filter(agency=anltp).values_list("pk", flat=True)) == imported
    assert set(cases_visible_to(investigator).values_list("pk", flat=True)) == imported
    assert not cases_visible_to(outsider).exists()
