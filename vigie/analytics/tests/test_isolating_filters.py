"""Query-set-size control, both ways, at every interface that serves protected figures: filters that keep
1 to 4 persons, or leave out 1 to 4 of those the same reader counts without them, are refused — otherwise
the figures without the filters minus the filtered ones would be those few persons' figures. Roles that may
see names still get the figures; filters that keep and leave out 5 or more are served.

The register is built to tempt recovery: every filter below that is refused leaves out (or keeps) exactly
3 victims, of another year, country or agency than the rest."""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vigie.accounts.models import Agency
from vigie.analytics.statistics import (
    Detection,
    IsolatingFilters,
    Victim,
    VictimFilters,
    VictimSnapshot,
    isolation,
    refuse_isolating_filters,
)
from vigie.cases.models import Case, Participant
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db

API = "/api/v1/statistics"
DASHBOARD = reverse("analytics:overview")
LEAVES_OUT_VICTIMS_EN = "leave out fewer than 5 of the victims"
LEAVES_OUT_VICTIMS_FR = "laissent de côté moins de 5 des victimes"
KEEPS_VICTIMS_EN = "keep fewer than 5 victims"
KEEPS_VICTIMS_FR = "retiennent moins de 5 victimes"
LEAVES_OUT_PERSONS_EN = "leave out fewer than 5 of the persons suspected, prosecuted or convicted"
LEAVES_OUT_PERSONS_FR = "laissent de côté moins de 5 des personnes soupçonnées"


def add_victims(case: Case, actor, n: int, *, sex: str = "female") -> None:
    for _ in range(n):
        make_participant(case, actor, role=Participant.Role.PRESUMED_VICTIM, sex=sex)


def add_suspects(case: Case, actor, n: int) -> None:
    for _ in range(n):
        make_participant(case, actor, role=Participant.Role.SUSPECT, sex="male", given_names="Moussa")


@pytest.fixture
def register(anltp, naptip, investigator, outsider) -> dict[str, Case]:
    """ANLTP's cases: Niger 2023 (10 victims, 6 suspects), Niger 2024 (8 victims, 6 suspects), Mali 2024
    (3 victims). NAPTIP's: Niger 2024 (3 victims), counted by Niger's national coordinator only.
    For ANLTP's analyst (21 victims): Niger leaves out Mali's 3; Mali keeps 3; 2023 keeps 10 and leaves 11."""
    cases = {
        "niger_2023": make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2023, 3, 1)),
        "niger_2024": make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2024, 3, 1)),
        "mali_2024": make_case(anltp, investigator, country_id="ML", opened_on=datetime.date(2024, 3, 1)),
        "naptip_niger_2024": make_case(naptip, outsider, country_id="NE", opened_on=datetime.date(2024, 3, 1)),
    }
    add_victims(cases["niger_2023"], investigator, 10)
    add_suspects(cases["niger_2023"], investigator, 6)
    add_victims(cases["niger_2024"], investigator, 8, sex="male")
    add_suspects(cases["niger_2024"], investigator, 6)
    add_victims(cases["mali_2024"], investigator, 3, sex="male")
    add_victims(cases["naptip_niger_2024"], outsider, 3)
    return cases


@pytest.fixture
def two_suspects_of_2022(register, anltp, investigator) -> Case:
    """Niger 2022: 6 more victims but only 2 suspects. From 2023 on, the filters leave out 6 victims (served)
    but 2 suspects: refused for the justice figures, whose unit is persons at a stage, not victims."""
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2022, 3, 1))
    add_victims(case, investigator, 6)
    add_suspects(case, investigator, 2)
    return case


@pytest.fixture
def mali_has_six(register, investigator) -> None:
    """Three more victims in Mali: Niger then leaves out 6."""
    add_victims(register["mali_2024"], investigator, 3, sex="male")


@pytest.fixture
def two_migrants_of_2022(register, anltp, investigator) -> Case:
    """12 smuggled migrants in Niger in 2023 and 2024, 2 in 2022 (with 6 victims): from 2023 on, the filters
    leave out 6 victims (served) but 2 smuggled migrants (refused for the smuggling figures)."""
    for case in (register["niger_2023"], register["niger_2024"]):
        for _ in range(6):
            make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, sex="male")
    case = make_case(anltp, investigator, country_id="NE", opened_on=datetime.date(2022, 3, 1))
    add_victims(case, investigator, 6)
    for _ in range(2):
        make_participant(case, investigator, role=Participant.Role.SMUGGLED_MIGRANT, sex="male")
    return case


def api(user, path: str, language: str = "en", **query: str) -> tuple[int, Any]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(f"{API}/{path}/", query)
    return response.status_code, response.json()


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


# The rule ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept", "unfiltered", "found"),
    [
        (0, 3, None),  # nothing kept: zeros, which tell nothing
        (3, 3, None),  # everything kept: the figures without filters themselves
        (3, 20, "keeps_few"),
        (4, 20, "keeps_few"),
        (5, 20, None),
        (16, 20, "leaves_out_few"),
        (19, 20, "leaves_out_few"),
        (15, 20, None),
    ],
)
def test_the_rule_refuses_one_to_four_kept_or_left_out(kept, unfiltered, found):
    assert isolation(kept=kept, unfiltered=unfiltered) == found


def ctdc_like(countries: list[str]) -> VictimSnapshot:
    return VictimSnapshot.of(
        Victim((Detection(2020, "female", "adult", ("UA",), country, ("forced_labour",)),)) for country in countries
    )


@translation.override("en")
def test_for_a_data_set_the_figures_without_filters_are_those_of_the_whole_data_set():
    dataset = ctdc_like(["UA"] * 20 + ["MD"] * 3)

    with pytest.raises(IsolatingFilters, match=LEAVES_OUT_VICTIMS_EN):
        refuse_isolating_filters(dataset, VictimFilters(country="UA"))
    with pytest.raises(IsolatingFilters, match=KEEPS_VICTIMS_EN):
        refuse_isolating_filters(dataset, VictimFilters(country="MD"))
    refuse_isolating_filters(dataset, VictimFilters(year_from=2020))  # everyone kept
    refuse_isolating_filters(ctdc_like(["UA"] * 20 + ["MD"] * 5), VictimFilters(country="UA"))


# The dashboard and its CSV ---------------------------------------------------------------------------------


def dashboard(user, language: str = "en", **query: Any):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(DASHBOARD, query), client


def test_the_dashboard_refuses_filters_that_isolate_a_few_victims_to_protected_roles(
    register, analyst, investigator, coordinator, anltp
):
    response, client = dashboard(analyst, country="NE")
    assert response.context["figures"].withheld is True
    assert response.context["figures"].panels == []
    assert LEAVES_OUT_VICTIMS_EN in response.text
    csv_response = client.get(reverse("analytics:figure-csv", kwargs={"panel": "victims_by_year"}), {"country": "NE"})
    assert csv_response.status_code == 400
    assert LEAVES_OUT_VICTIMS_EN in csv_response.content.decode()
    assert KEEPS_VICTIMS_EN in dashboard(analyst, country="ML")[0].text
    # In French, for a French reader.
    assert LEAVES_OUT_VICTIMS_FR in dashboard(analyst, "fr", country="NE")[0].text
    # Niger's coordinator counts NAPTIP's 3 victims in Niger too: ANLTP's cases alone leave them out.
    assert dashboard(coordinator, agency=str(anltp.pk))[0].context["figures"].withheld is True
    assert dashboard(coordinator)[0].context["figures"].withheld is False

    # 2023 keeps 10 and leaves out 11: served, protected.
    served = dashboard(analyst, year_from="2023", year_to="2023")[0].context["figures"]
    assert served.withheld is False
    assert served.victims == "10"
    # A role that may see names gets the figures.
    exact = dashboard(investigator, country="NE")[0].context["figures"]
    assert exact.withheld is False
    assert exact.victims == "18"


def test_the_dashboard_justice_panel_counts_persons_at_a_stage(two_suspects_of_2022, analyst, investigator):
    figures = dashboard(analyst, year_from="2023")[0].context["figures"]

    assert figures.withheld is False  # 6 victims of 2022 left out
    justice = next(panel for panel in figures.panels if panel.key == "justice")
    assert justice.table is None  # but only 2 suspects of 2022
    assert LEAVES_OUT_PERSONS_EN in justice.notes[0]
    exact = dashboard(investigator, year_from="2023")[0].context["figures"]
    assert next(panel for panel in exact.panels if panel.key == "justice").table is not None


# The API -----------------------------------------------------------------------------------------------------


def test_the_api_refuses_victims_flows_and_sdg_figures_that_isolate_a_few_victims(register, analyst, investigator):
    status, body = api(analyst, "victims", by="sex", country="NE")
    assert status == 400
    assert LEAVES_OUT_VICTIMS_EN in body["detail"]
    assert LEAVES_OUT_VICTIMS_FR in api(analyst, "victims", "fr", by="sex", country="NE")[1]["detail"]
    assert api(analyst, "flows", country="NE")[0] == 400
    status, body = api(analyst, "sdg", country="ML", year="2024")
    assert status == 400
    assert KEEPS_VICTIMS_EN in body["detail"]

    assert api(analyst, "victims", by="sex", **{"from": "2023", "to": "2023"})[0] == 200
    assert api(analyst, "flows", **{"from": "2023", "to": "2023"})[0] == 200
    assert api(analyst, "sdg", country="NE", year="2023")[0] == 200
    status, body = api(investigator, "victims", by="sex", country="NE")
    assert status == 200
    assert body["rows"] == [
        {"sex": "female", "victims": 10},
        {"sex": "male", "victims": 8},
    ]


def test_the_justice_api_refuses_filters_that_isolate_a_few_suspects(two_suspects_of_2022, analyst, investigator):
    status, body = api(analyst, "justice", **{"from": "2023"})
    assert status == 400
    assert LEAVES_OUT_PERSONS_EN in body["detail"]
    assert LEAVES_OUT_PERSONS_FR in api(analyst, "justice", "fr", **{"from": "2023"})[1]["detail"]

    assert api(analyst, "justice", **{"from": "2024"})[0] == 200  # leaves out 8 suspects
    status, body = api(investigator, "justice", **{"from": "2023"})
    assert status == 200
    assert {"stage": "suspected", "persons": 12} in body["rows"]


def test_the_smuggling_figures_count_smuggled_migrants(two_migrants_of_2022, analyst, investigator):
    status, body = api(analyst, "smuggling", by="year", **{"from": "2023"})
    assert status == 400
    assert "leave out fewer than 5 of the smuggled migrants" in body["detail"]
    assert api(analyst, "smuggling", routes="true", **{"from": "2023"})[0] == 400
    assert api(analyst, "smuggling", by="year", **{"from": "2024"})[0] == 200  # leaves out 8
    assert api(investigator, "smuggling", by="year", **{"from": "2023"})[0] == 200

    figures = dashboard(analyst, year_from="2023")[0].context["figures"]
    assert figures.withheld is False
    smuggled = next(panel for panel in figures.panels if panel.key == "smuggled_migrants_by_year")
    assert smuggled.table is None
    assert "leave out fewer than 5 of the smuggled migrants" in smuggled.notes[0]


# The command line ------------------------------------------------------------------------------------------


def test_the_command_line_refuses_isolating_filters_only_with_protect_small_cells(register, settings):
    # The whole register (24 victims): Niger leaves out Mali's 3. In the instance's language.
    with pytest.raises(CommandError, match=LEAVES_OUT_VICTIMS_FR) as error:
        stats("victims", "--by", "sex", "--country", "NE", "--protect-small-cells")
    assert error.value.returncode == 2
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match=KEEPS_VICTIMS_EN):
        stats("victims", "--by", "sex", "--country", "ML", "--protect-small-cells")

    assert json.loads(stats("victims", "--by", "sex", "--country", "NE")) == [
        {"sex": "female", "victims": 13},
        {"sex": "male", "victims": 8},
    ]
    served = json.loads(stats("victims", "--by", "sex", "--from", "2023", "--to", "2023", "--protect-small-cells"))
    assert served == [{"sex": "female", "victims": 10, "censored": None}]


def test_the_justice_command_line_refuses_filters_that_isolate_a_few_suspects(two_suspects_of_2022):
    with pytest.raises(CommandError, match=LEAVES_OUT_PERSONS_FR) as error:
        stats("justice", "--by", "stage", "--from", "2023", "--protect-small-cells")
    assert error.value.returncode == 2

    assert {"stage": "suspected", "persons": 12} in json.loads(stats("justice", "--by", "stage", "--from", "2023"))
    served = json.loads(stats("justice", "--by", "stage", "--from", "2024", "--protect-small-cells"))
    assert {"stage": "suspected", "persons": 6, "censored": None} in served


# The PDF report (always protected) -----------------------------------------------------------------------------


def test_the_report_is_refused_when_its_filters_isolate_a_few_victims(register, analyst, tmp_path, settings):
    client = Client()
    client.force_login(analyst)
    url = reverse("analytics:report")

    # Niger's five years leave out Mali's 3 victims.
    refused = client.get(url, {"country": "NE", "year": "2024", "lang": "fr"})
    assert refused.status_code == 400
    assert LEAVES_OUT_VICTIMS_FR in refused.content.decode()
    refused = client.get(url, {"country": "ML", "year": "2024", "lang": "en"})
    assert KEEPS_VICTIMS_EN in refused.content.decode()
    with pytest.raises(CommandError, match=LEAVES_OUT_VICTIMS_EN) as error:
        call_command("report", "--country", "NE", "--year", "2024", "--lang", "en", "-o", str(tmp_path / "r.pdf"))
    assert error.value.returncode == 2
    assert not (tmp_path / "r.pdf").exists()


def test_the_report_is_served_when_its_filters_leave_out_five_or_more(register, mali_has_six, analyst):
    client = Client()
    client.force_login(analyst)

    served = client.get(reverse("analytics:report"), {"country": "NE", "year": "2024", "lang": "en"})

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"


def test_a_report_narrowed_to_an_agency_counts_what_it_leaves_out_of_the_readers_scope(
    register, mali_has_six, coordinator, anltp, naptip
):
    client = Client()
    client.force_login(coordinator)
    url = reverse("analytics:report")
    # NAPTIP alone keeps its 3 victims in Niger; ANLTP alone leaves them out of the coordinator's 27.
    assert client.get(url, {"country": "NE", "year": "2024", "lang": "en", "agency": naptip.pk}).status_code == 400
    assert client.get(url, {"country": "NE", "year": "2024", "lang": "en", "agency": anltp.pk}).status_code == 400
    assert client.get(url, {"country": "NE", "year": "2024", "lang": "en"}).status_code == 200


# The GLOTIP workbook (always protected) ----------------------------------------------------------------------


def test_the_workbook_is_refused_when_its_filters_isolate_a_few_victims(register, analyst, tmp_path):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(analyst)
    url = reverse("analytics:glotip-workbook")

    refused = client.get(url, {"country": "NE", "from": "2023", "to": "2024"})
    assert refused.status_code == 400
    assert LEAVES_OUT_VICTIMS_FR in refused.content.decode()
    output = tmp_path / "glotip.xlsx"
    with pytest.raises(CommandError, match=LEAVES_OUT_VICTIMS_FR) as error:
        stats("glotip-workbook", "--country", "NE", "--from", "2023", "--to", "2024", "-o", str(output))
    assert error.value.returncode == 2
    assert not output.exists()


def test_the_workbook_is_served_when_its_filters_leave_out_five_or_more(register, mali_has_six, analyst, tmp_path):
    client = Client()
    client.force_login(analyst)

    served = client.get(reverse("analytics:glotip-workbook"), {"country": "NE", "from": "2023", "to": "2024"})

    assert served.status_code == 200
    assert Agency.objects.count() >= 2
    stats("glotip-workbook", "--country", "NE", "--from", "2023", "--to", "2024", "-o", str(Path(tmp_path) / "g.xlsx"))


# The lead agency, one of the filters everywhere ----------------------------------------------------------------


def test_an_agency_that_leaves_out_a_few_victims_is_refused_by_the_api_the_command_line_and_the_workbook(
    register, mali_has_six, coordinator, anltp, naptip, tmp_path, settings
):
    """The coordinator counts 27 victims: ANLTP's 24 and NAPTIP's 3 in Niger. ANLTP alone leaves 3 out,
    NAPTIP alone keeps 3: both refused wherever the figures are protected; the command line compares an
    agency with the whole register."""
    settings.LANGUAGE_CODE = "en"
    for agency, message in ((anltp, LEAVES_OUT_VICTIMS_EN), (naptip, KEEPS_VICTIMS_EN)):
        for path, query in (("victims", {"by": "sex"}), ("flows", {})):
            code, body = api(coordinator, path, agency=agency.code, **query)
            assert (code, message in body["detail"]) == (400, True), (path, agency.code)
        with pytest.raises(CommandError, match=message):
            stats("victims", "--by", "sex", "--agency", agency.code, "--protect-small-cells")
        with pytest.raises(CommandError, match=message):
            stats(
                "glotip-workbook", "--country", "NE", "--from", "2023", "--to", "2024", "--agency", agency.code,
                "-o", str(tmp_path / "w.xlsx"),
            )  # fmt: skip
        assert not (tmp_path / "w.xlsx").exists()
    # Unprotected, the agency's figures are given; the whole scope, protected, is served.
    assert json.loads(stats("victims", "--by", "sex", "--agency", naptip.code)) == [{"sex": "female", "victims": 3}]
    assert api(coordinator, "victims", by="sex")[0] == 200
