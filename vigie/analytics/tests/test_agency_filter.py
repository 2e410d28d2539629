"""The lead-agency filter, the same in every interface: `vigie stats`, the API, the dashboard, the PDF report and
the GLOTIP workbook count the cases one agency leads — counted again here from the register the test
generates, with cases of two agencies — and refuse, in the user's language, an unknown agency, an agency whose
cases the user may not count, and an imported data set (which records no agency)."""

import datetime
import io
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from vigie.accounts.models import Agency, Membership
from vigie.accounts.services import grant_membership
from vigie.analytics.agency_filter import agency_to_count, cases_to_count
from vigie.analytics.report import REPORT_KIND, export_report, report_request
from vigie.analytics.statistics import StatisticsError
from vigie.analytics.tests.report_support import pdf_text
from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.conftest import make_case, make_member, make_participant
from vigie.exchange.models import DataSet
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db

YEARS = (2022, 2023, 2024)
SEXES = ("female", "male")
VICTIMS = "Detected trafficking victims"


def generated_cases(seed: int) -> list[dict[str, Any]]:
    """Cases of one agency, all detected in Niger: each with its year and its victims' sexes and citizenships."""
    rng = random.Random(seed)
    return [
        {
            "year": rng.choice(YEARS),
            "victims": [(rng.choice(SEXES), rng.choice(("NG", "ML", "NE"))) for _ in range(rng.randint(2, 5))],
        }
        for _ in range(8)
    ]


@pytest.fixture
def both(anltp, naptip):
    """An investigator of ANLTP and of NAPTIP: sees names, counts the cases of both, unprotected."""
    user = make_member(anltp, Membership.Role.INVESTIGATOR, "both")
    grant_membership(actor=None, user=user, agency=naptip, role=Membership.Role.INVESTIGATOR)
    return user


@pytest.fixture
def register(anltp, naptip, both) -> dict[str, list[dict[str, Any]]]:
    generated = {"ANLTP": generated_cases(1), "NAPTIP": generated_cases(2)}
    citizenships = {c.iso2: c for c in Country.objects.filter(iso2__in=["NG", "ML", "NE"])}
    for agency, cases in ((anltp, generated["ANLTP"]), (naptip, generated["NAPTIP"])):
        for spec in cases:
            case = make_case(agency, both, opened_on=datetime.date(spec["year"], 2, 1), country_id="NE")
            for sex, citizenship in spec["victims"]:
                victim = make_participant(case, both, sex=sex, nationalities=[citizenships[citizenship]])
                Participant.objects.filter(pk=victim.pk).update(identified_on=datetime.date(spec["year"], 6, 1))
    return generated


def expected_by_year_and_sex(cases: list[dict[str, Any]]) -> Counter[tuple[int, str]]:
    return Counter((spec["year"], sex) for spec in cases for sex, _citizenship in spec["victims"])


def expected_in(cases: list[dict[str, Any]], year: int) -> int:
    return sum(len(spec["victims"]) for spec in cases if spec["year"] == year)


def stats(*args: str) -> Any:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return json.loads(out.getvalue())


def api(user, path: str, language: str = "en", **query: Any) -> tuple[int, dict[str, Any]]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(f"/api/v1/statistics/{path}/", query)
    return response.status_code, response.json()


def page_by_year(client, **query: Any) -> dict[str, str]:
    response = client.get(reverse("analytics:overview"), query)
    text = response.text.split('<script id="dashboard-figures" type="application/json">')[1].split("</script>")[0]
    panel = next(p for p in json.loads(text)["panels"] if p["key"] == "victims_by_year")
    labels = [*panel["table"]["rows"]["labels"], "Total"]
    return dict(zip(labels, [row[0] for row in panel["table"]["texts"]], strict=True))


def workbook_victims(content: bytes, year: int) -> tuple[Any, list[tuple[Any, ...]]]:
    """The register's total of victims detected in the year, and the notes; sheets by place (their titles are
    in the user's language)."""
    figures, _compared, notes = (
        list(sheet.iter_rows(values_only=True))
        for sheet in load_workbook(io.BytesIO(content), read_only=True).worksheets
    )
    total = next(row[11] for row in figures[1:] if row[4:10] == (VICTIMS, "Total", "Total", "Total", "Total", year))
    return total, notes


# The figures ---------------------------------------------------------------------------------------------


def test_the_command_line_counts_the_cases_of_the_agency_asked_for(register, settings):
    settings.LANGUAGE_CODE = "en"
    for code, cases in register.items():
        body = stats("victims", "--by", "year,sex", "--agency", code, "--with-metadata")
        counted = {(row["year"], row["sex"]): row["victims"] for row in body["rows"]}
        assert counted == expected_by_year_and_sex(cases)
        assert body["metadata"]["agency"]["code"] == code
    everyone = {(row["year"], row["sex"]): row["victims"] for row in stats("victims", "--by", "year,sex")}
    assert everyone == expected_by_year_and_sex(register["ANLTP"] + register["NAPTIP"])
    # The agency's country may be given with its code, in any case.
    assert stats("victims", "--by", "year", "--agency", "ne-anltp") == stats(
        "victims", "--by", "year", "--agency", "ANLTP"
    )


def test_without_agency_the_output_of_the_contract_is_unchanged(register, settings):
    settings.LANGUAGE_CODE = "en"
    assert "agency" not in stats("victims", "--by", "year", "--with-metadata")["metadata"]


def test_the_api_the_command_line_and_the_dashboard_give_the_same_figures(register, both, anltp, naptip):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(both)
    for agency, cases in ((anltp, register["ANLTP"]), (naptip, register["NAPTIP"])):
        status, body = api(both, "victims", by="year,sex", agency=agency.code)
        assert status == 200
        assert body["rows"] == stats("victims", "--by", "year,sex", "--agency", agency.code)
        assert body["metadata"]["agency"] == {
            "key": f"{agency.country_id}-{agency.code}",
            "code": agency.code,
            "name": agency.name,
        }

        by_year = Counter({year: expected_in(cases, year) for year in YEARS})
        page = page_by_year(client, agency=agency.pk)
        assert page == {str(y): str(n) for y, n in by_year.items() if n} | {"Total": str(by_year.total())}

        # Flows, smuggling, SDG 16.2.2 and justice: the API gives the command line's figures, for the agency.
        assert api(both, "flows", agency=agency.code)[1]["links"] == stats("flows", "--agency", agency.code)["links"]
        flows = stats("flows", "--agency", agency.code)["links"]
        assert sum(link["victims"] for link in flows if link["target"] == "destination:NE") == by_year.total()
        sdg = api(both, "sdg", country="NE", year="2023", agency=agency.code)[1]
        assert sdg["total"]["victims"] == expected_in(cases, 2023)
        assert sdg == stats("sdg", "--country", "NE", "--year", "2023", "--agency", agency.code) | {
            "metadata": sdg["metadata"]
        }
        justice = api(both, "justice", by="stage", agency=agency.code)[1]
        assert justice["rows"] == stats("justice", "--by", "stage", "--agency", agency.code)


def test_the_report_counts_the_agency_asked_for_in_every_interface(register, both, anltp, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    expected = expected_in(register["ANLTP"], 2023)
    request = report_request(country="NE", year="2023", language="en", source="register")
    figures = export_report(
        actor=both, request=request, cases=cases_to_count(both, anltp), out=io.BytesIO(), agency=anltp
    )
    assert figures.victims.text == str(expected)

    output = tmp_path / "r.pdf"
    call_command("report", "--country", "NE", "--year", "2023", "--lang", "en", "--agency", "ANLTP", "-o", output)
    text = pdf_text(output.read_bytes())
    assert f"led by {anltp}" in text
    assert AuditEvent.objects.filter(changes__agency=anltp.pk, target_label=REPORT_KIND).exists()

    client = Client()
    client.force_login(both)
    response = client.get(
        reverse("analytics:report"), {"country": "NE", "year": "2023", "lang": "en", "agency": "ANLTP"}
    )
    assert response.status_code == 200
    assert f"led by {anltp}" in pdf_text(response.content)


def test_the_dashboards_report_button_carries_the_agency(register, both, anltp):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(both)
    response = client.get(reverse("analytics:overview"), {"agency": anltp.pk, "year_to": "2023"})
    assert f"register of the cases led by {anltp.name}" in response.context["figures"].source_label
    form = response.context["report_form"]
    assert form.initial["agency"] == anltp.pk
    assert f'<option value="{anltp.pk}" selected>' in response.text.split('id="report_agency"')[1]
    assert f"agency={anltp.pk}" in response.context["workbook_url"]


def test_the_workbook_counts_the_agency_asked_for_and_says_so(register, both, anltp, naptip, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    year = 2023
    output = tmp_path / "w.xlsx"
    call_command(
        "stats",
        "glotip-workbook",
        "--country",
        "NE",
        "--from",
        "2022",
        "--to",
        "2024",
        "--agency",
        "NAPTIP",
        "-o",
        output,
    )
    total, notes = workbook_victims(output.read_bytes(), year)
    assert total == expected_in(register["NAPTIP"], year)
    assert notes[1][0] == "Cases counted" and naptip.name in notes[1][1]

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(both)
    response = client.get(
        reverse("analytics:glotip-workbook"), {"country": "NE", "from": "2022", "to": "2024", "agency": anltp.pk}
    )
    assert response.status_code == 200
    assert "NE-ANLTP" in response["Content-Disposition"]
    web_total, web_notes = workbook_victims(response.content, year)
    assert web_total == expected_in(register["ANLTP"], year)
    assert anltp.name in web_notes[1][1]
    # The same figure as the API's and the dashboard's for the agency and year.
    assert (
        web_total
        == api(both, "victims", by="year", agency="ANLTP", **{"from": str(year), "to": str(year)})[1]["rows"][0][
            "victims"
        ]
    )


# The errors ----------------------------------------------------------------------------------------------


@pytest.fixture
def dataset(db):
    return DataSet.objects.create(name="CTDC test", kind=DataSet.Kind.CTDC_DERIVED_10)


@pytest.mark.parametrize(
    ("language", "unknown", "imported"),
    [
        ("en", "Unknown agency NOPE.", "An imported data set has no agencies"),
        ("fr", "Organisme inconnu NOPE.", "Un jeu de données importé n'a pas de structures"),
    ],
)
def test_the_command_line_refuses_an_unknown_agency_and_a_data_set(
    register, dataset, settings, tmp_path, language, unknown, imported
):
    settings.LANGUAGE_CODE = language
    for args in (
        ["stats", "victims", "--by", "year", "--agency", "NOPE"],
        ["stats", "flows", "--agency", "NOPE"],
        ["stats", "justice", "--by", "stage", "--agency", "NOPE"],
        [
            "stats",
            "glotip-workbook",
            "--country",
            "NE",
            "--from",
            "2022",
            "--to",
            "2023",
            "--agency",
            "NOPE",
            "-o",
            str(tmp_path / "w.xlsx"),
        ],
        [
            "report",
            "--country",
            "NE",
            "--year",
            "2023",
            "--lang",
            language,
            "--agency",
            "NOPE",
            "-o",
            str(tmp_path / "r.pdf"),
        ],
    ):
        with pytest.raises(CommandError, match=unknown) as error:
            call_command(*args)
        assert error.value.returncode == 2
    with pytest.raises(CommandError, match=imported):
        call_command("stats", "victims", "--by", "year", "--source", "CTDC test", "--agency", "ANLTP")
    assert not (tmp_path / "w.xlsx").exists()


@pytest.mark.parametrize(
    ("language", "not_countable", "imported"),
    [
        ("en", "No agency NAPTIP among those whose cases you may count.", "An imported data set has no agencies"),
        (
            "fr",
            "Aucune structure NAPTIP parmi celles dont vous pouvez compter les dossiers.",
            "Un jeu de données importé n'a pas de structures",
        ),
    ],
)
def test_the_api_refuses_an_agency_the_user_may_not_count(
    register, dataset, investigator, language, not_countable, imported
):
    # The investigator of ANLTP counts ANLTP's cases only.
    for path, query in (
        ("victims", {"by": "year"}),
        ("flows", {}),
        ("smuggling", {"by": "sex"}),
        ("sdg", {"country": "NE", "year": "2023"}),
    ):
        status, body = api(investigator, path, language, agency="NAPTIP", **query)
        assert (status, body) == (400, {"detail": not_countable})
    status, body = api(investigator, "justice", language, agency="NAPTIP")
    assert (status, body) == (400, {"agency": [not_countable]})
    status, body = api(investigator, "victims", language, by="year", source="CTDC test", agency="ANLTP")
    assert status == 400 and body["detail"].startswith(imported)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No agency NAPTIP among those whose cases you may count."),
        ("fr", "Aucune structure NAPTIP parmi celles dont vous pouvez compter les dossiers."),
    ],
)
def test_the_report_and_the_workbook_refuse_an_agency_the_user_may_not_count(register, investigator, language, message):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(investigator)
    report = client.get(
        reverse("analytics:report"), {"country": "NE", "year": "2023", "lang": language, "agency": "NAPTIP"}
    )
    workbook = client.get(reverse("analytics:glotip-workbook"), {"country": "NE", "agency": "NAPTIP"})
    assert (report.status_code, report.content.decode()) == (400, message)
    assert (workbook.status_code, workbook.content.decode()) == (400, message)


def test_a_code_two_countries_share_is_given_with_its_country(register, anltp, settings):
    settings.LANGUAGE_CODE = "en"
    nigerian = Agency.objects.create(code="ANLTP", name="Homonym", country_id="NG", kind=Agency.Kind.POLICE)
    with pytest.raises(StatisticsError, match=re.escape("give the country too, e.g. NE-ANLTP")):
        agency_to_count("ANLTP", user=None)
    assert agency_to_count("NE-ANLTP", user=None) == anltp
    assert agency_to_count("ng-anltp", user=None) == nigerian
    assert agency_to_count(str(anltp.pk), user=None) == anltp  # the web forms send its number
    assert agency_to_count("", user=None) is None


def test_the_api_schema_documents_the_agency(analyst):
    client = Client()
    client.force_login(analyst)
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    for name in ("victims", "flows", "smuggling", "sdg", "justice"):
        parameters = {p["name"]: p for p in paths[f"/api/v1/statistics/{name}/"]["get"]["parameters"]}
        assert "agency" in parameters
        assert "NG-ANLTP" in parameters["agency"]["description"]


def test_the_output_names_the_agency_in_the_files_it_writes(register, settings, tmp_path: Path):
    settings.LANGUAGE_CODE = "fr"
    output = tmp_path / "w.xlsx"
    call_command(
        "stats",
        "glotip-workbook",
        "--country",
        "NE",
        "--from",
        "2022",
        "--to",
        "2024",
        "--agency",
        "ANLTP",
        "-o",
        output,
    )
    _total, notes = workbook_victims(output.read_bytes(), 2023)
    assert notes[1][0] == "Dossiers comptés"


@pytest.mark.parametrize(
    ("language", "imported", "not_countable"),
    [
        ("en", "An imported data set has no agencies", "No agency NAPTIP among those whose cases you may count."),
        (
            "fr",
            "Un jeu de données importé n'a pas de structures",
            "Aucune structure NAPTIP parmi celles dont vous pouvez compter les dossiers.",
        ),
    ],
)
def test_the_dashboard_refuses_an_agency_as_the_other_interfaces_do(
    register, dataset, investigator, anltp, language, imported, not_countable
):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(investigator)
    url = reverse("analytics:overview")
    with_dataset = client.get(url, {"source": "CTDC test", "agency": anltp.pk})
    assert with_dataset.context["figures"] is None
    assert with_dataset.context["form"].errors["agency"][0].startswith(imported)
    out_of_scope = client.get(url, {"agency": "NAPTIP"})
    assert out_of_scope.context["form"].errors["agency"] == [not_countable]
    csv_refused = client.get(reverse("analytics:figure-csv", kwargs={"panel": "victims_by_year"}), {"agency": "NAPTIP"})
    assert (csv_refused.status_code, csv_refused.content.decode()) == (400, not_countable)
