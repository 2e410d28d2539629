"""`vigie stats justice`, `vigie stats glotip-workbook`, the workbook download and GET
/api/v1/statistics/justice/: the same figures, bad input refused with a message in the user's language,
small counts protected for the roles that may not see names, exports audited."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_new_person_to_case
from vigie.conftest import make_case
from vigie.justice import services
from vigie.justice.models import Proceeding

pytestmark = pytest.mark.django_db
D = datetime.date


def person(case, actor, role, **values):
    facts = {"suspect_role": "recruiter"} if role == Participant.Role.SUSPECT else {}
    return add_new_person_to_case(
        actor=actor,
        case=case,
        person_values={"given_names": "A", "family_name": "B", "sex": "male"} | values,
        role=role,
        **facts,
    )


@pytest.fixture
def register(anltp, investigator, prosecutor):
    """In Niger, 2024: six male suspects, one of them charged and convicted; seven presumed victims."""
    case = make_case(anltp, investigator, opened_on=D(2024, 2, 1), offences=["tip"])
    suspects = [person(case, investigator, Participant.Role.SUSPECT) for _ in range(6)]
    for _ in range(7):
        person(case, investigator, Participant.Role.PRESUMED_VICTIM, sex="female")
    round_ = services.open_proceeding(
        actor=prosecutor,
        case=case,
        court_name="TGI Niamey",
        court_country_id="NE",
        level=Proceeding.Level.FIRST_INSTANCE,
        opened_on=D(2024, 3, 1),
    )
    charge = services.bring_charge(
        actor=prosecutor, proceeding=round_, accused=suspects[0], offence="tip", charged_on=D(2024, 3, 2)
    )
    services.record_verdict(
        actor=prosecutor, charge=charge, proceeding=round_, outcome="convicted", decided_on=D(2024, 6, 1)
    )
    return case


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# The command line -----------------------------------------------------------------------------------------


def test_the_command_prints_persons_by_stage_in_json_and_csv(register, naptip):
    assert json.loads(stats("justice", "--by", "year,stage")) == [
        {"year": 2024, "stage": "convicted", "persons": 1},
        {"year": 2024, "stage": "prosecuted", "persons": 1},
        {"year": 2024, "stage": "suspected", "persons": 6},
    ]
    rows = list(csv.reader(io.StringIO(stats("justice", "--by", "stage,sex", "--format", "csv"))))
    assert rows[0] == ["stage", "sex", "persons"]
    assert ["suspected", "male", "6"] in rows
    assert json.loads(stats("justice", "--by", "stage", "--agency", "naptip")) == []
    assert len(json.loads(stats("justice", "--by", "stage", "--agency", "anltp"))) == 3
    protected = json.loads(stats("justice", "--by", "stage", "--protect-small-cells"))
    assert {"stage": "convicted", "persons": None, "censored": "<5"} in protected


def test_the_command_gives_the_time_to_verdict(register):
    # No victim of the case has an identification date: from the case's opening, 1 February to 1 June 2024.
    durations = json.loads(stats("justice", "--time-to-verdict", "--offence", "tip"))
    assert durations["persons"] == 1
    assert durations["median_days"] == (D(2024, 6, 1) - D(2024, 2, 1)).days
    assert durations["started_from_case_opening"] == 1


def test_the_command_writes_the_workbook_and_audits_it(register, tmp_path):
    path = tmp_path / "ne.xlsx"
    call_command(
        "stats",
        "glotip-workbook",
        "--country",
        "ner",
        "--from",
        "2024",
        "--to",
        "2024",
        "-o",
        str(path),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    total = next(
        r for r in rows if r[4:10] == ("Persons brought into formal contact", "Total", "Total", "Total", "Total", 2024)
    )
    assert total[11] == 6
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.changes["kind"] == "glotip_workbook"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["justice", "--by", "stage,colour"], "Dimension inconnue colour"),
        (["justice", "--by", "stage", "--offence", "theft"], "Infraction inconnue theft"),
        (["justice", "--by", "stage", "--country", "XQ"], "Pays inconnu XQ"),
        (["justice", "--by", "stage", "--from", "2020", "--to", "2019"], "--from vient après --to"),
        (["justice"], "--by est obligatoire"),
        (["justice", "--by", "stage", "--agency", "NOPE"], "Organisme inconnu NOPE"),
        (["justice", "--time-to-verdict", "--by", "stage"], "--time-to-verdict ne prend ni"),
        (["glotip-workbook", "--country", "XYZ", "--from", "2020", "--to", "2021", "-o", "x.xlsx"], "Pays inconnu XYZ"),
        (["glotip-workbook", "--country", "NE", "--from", "2021", "--to", "2020", "-o", "x.xlsx"], "La première année"),
        (["glotip-workbook", "--country", "NE", "--from", "2020", "--to", "2021", "-o", "x.csv"], "fichier .xlsx"),
        (
            ["glotip-workbook", "--country", "NE", "--from", "2020", "--to", "2021", "-o", "/nonexistent/dir/x.xlsx"],
            "Impossible d'écrire",
        ),
    ],
)
def test_bad_questions_exit_with_status_2_and_say_why_in_french(db, settings, args, message):
    settings.LANGUAGE_CODE = "fr"
    with pytest.raises(CommandError) as error:
        call_command("stats", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


# The web download ---------------------------------------------------------------------------------------


def download(client, user, query):
    client.force_login(user)
    return client.get(reverse("analytics:glotip-workbook") + query)


def test_an_analyst_downloads_the_workbook_of_the_cases_they_may_count_audited(client, analyst, register):
    response = download(client, analyst, "?country=NE&from=2024&to=2024")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="glotip_NER_2024-2024.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    by_key = {r[4:10]: r[11] for r in rows[1:]}
    assert by_key[("Detected trafficking victims", "Total", "Total", "Female", "Total", 2024)] == 7
    assert by_key[("Persons convicted", "Total", "Total", "Total", "Total", 2024)] == "<5"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert (event.actor, event.changes["country"]) == (analyst, "NE")


def test_another_agencys_investigator_counts_none_of_our_cases(client, outsider, register):
    response = download(client, outsider, "?country=NE&from=2024&to=2024")
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    by_key = {r[4:10]: r[11] for r in rows[1:]}
    assert by_key[("Detected trafficking victims", "Total", "Total", "Total", "Total", 2024)] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?country=XQ", "Pays inconnu XQ"),
        ("?country=NE&from=deux-mille", "Une année est un nombre entier"),
        ("?country=NE&from=2024&to=2020", "La première année vient après la dernière"),
    ],
)
def test_bad_download_requests_are_refused_in_the_users_language(client, analyst, query, message):
    client.force_login(analyst)
    response = client.get(reverse("analytics:glotip-workbook") + query, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


# The API ---------------------------------------------------------------------------------------------------


def api(client, user, query):
    client.force_login(user)
    return client.get(reverse("api:statistics-justice") + query)


def test_the_api_gives_exact_figures_to_register_roles(client, investigator, register):
    body = api(client, investigator, "?by=stage&from=2024&to=2024&country=NE&offence=tip").json()
    assert body["protected"] is False
    assert body["rows"] == [
        {"stage": "convicted", "persons": 1},
        {"stage": "prosecuted", "persons": 1},
        {"stage": "suspected", "persons": 6},
    ]
    assert body["time_to_verdict"]["persons"] == 1


def test_the_api_protects_small_counts_for_aggregate_only_roles(client, analyst, register):
    body = api(client, analyst, "?by=stage").json()
    assert body["protected"] is True
    assert {"stage": "convicted", "persons": None, "censored": "<5"} in body["rows"]
    assert body["time_to_verdict"]["median_days"] is None
    assert body["time_to_verdict"]["censored"] == "<5"


def test_the_api_refuses_an_unknown_dimension_in_the_users_language(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("api:statistics-justice") + "?by=colour", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "Dimension inconnue colour" in response.json()["by"][0]


def test_the_api_refuses_more_than_two_dimensions_to_aggregate_only_roles(client, analyst, investigator, register):
    assert api(client, investigator, "?by=stage,sex,year").status_code == 200

    client.force_login(analyst)
    response = client.get(reverse("api:statistics-justice") + "?by=stage,sex,year", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "one or two dimensions only" in response.json()["by"][0]
