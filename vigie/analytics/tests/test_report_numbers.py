"""The report writes its figures with the thousands grouped in its language — 1,234 in English, 1 234 with a
narrow no-break space in French — in the key figures, the tables and the charts; and the web report counts
an imported data set when asked, as the dashboard's source filter does."""

import io
import json

import pytest
from django.urls import reverse
from reportlab.graphics.shapes import String

from vigie.analytics import report_charts
from vigie.analytics.report import _bars, export_report, report_request
from vigie.analytics.tests import report_support
from vigie.analytics.tests.report_support import pdf_text
from vigie.audit.models import AuditEvent
from vigie.conftest import make_case
from vigie.exchange.models import DataSet, ImportRun, VictimRecord

pytestmark = pytest.mark.django_db
NARROW_NO_BREAK_SPACE = "\u202f"
URL = reverse("analytics:report")
# In Niger in 2024: 1,234 Nigerien women sexually exploited, 1,500 Malian men in forced labour.
WOMEN, MEN = 1234, 1500


@pytest.fixture
def dataset():
    dataset = DataSet.objects.create(name="CTDC test", kind=DataSet.Kind.CTDC_DERIVED_10)
    run = ImportRun.objects.create(kind="ctdc", file_name="ctdc.csv", sha256="0" * 64, size=1, dataset=dataset)
    common = {"dataset": dataset, "run": run, "year_of_registration": "2024", "majority_status": "Adult"}
    women = [
        VictimRecord(row_number=i, gender="Female", citizenship="NE", country_of_exploitation="NE", **common)
        for i in range(WOMEN)
    ]
    for woman in women:
        woman.is_sexual_exploitation = True
    men = [
        VictimRecord(row_number=WOMEN + i, gender="Male", citizenship="ML", country_of_exploitation="NE", **common)
        for i in range(MEN)
    ]
    for man in men:
        man.is_forced_labour = True
    VictimRecord.objects.bulk_create([*women, *men])
    return dataset


def report_of(language):
    out = io.BytesIO()
    request = report_request(country="NE", year=2024, language=language, source="CTDC test")
    figures = export_report(actor=None, request=request, cases=None, out=out)
    return figures, pdf_text(out.getvalue())


def chart_texts(drawing):
    return [shape.text for shape in drawing.contents if isinstance(shape, String)]


def test_english_groups_the_thousands_with_a_comma(dataset):
    figures, text = report_of("en")

    assert "Victims detected 2,734\n" in text
    assert "Women 1,234\n" in text
    assert "Men 1,500\n" in text
    assert "Mali 1,500\n" in text  # the citizenship table
    assert figures.by_year.cells[-2][0].text == "2,734"  # 2024, the last year of the chart
    assert "2,734" in chart_texts(report_charts.column_chart(_bars(figures.by_year)))
    assert {"1,234", "1,500"} <= set(chart_texts(report_charts.bar_chart(_bars(figures.forms))))


def test_french_groups_the_thousands_with_a_narrow_no_break_space(dataset):
    figures, text = report_of("fr")
    thousands = f"2{NARROW_NO_BREAK_SPACE}734"

    assert f"Victimes détectées {thousands}\n" in text
    assert f"Femmes 1{NARROW_NO_BREAK_SPACE}234\n" in text
    assert thousands in chart_texts(report_charts.column_chart(_bars(figures.by_year)))
    assert "2,734" not in text
    assert "2\xa0734" not in text  # the wider no-break space of Django's own French formats


def test_the_web_report_counts_the_data_set_asked_for(client, analyst, dataset):
    client.force_login(analyst)

    response = client.get(URL, {"country": "NE", "year": "2024", "lang": "en", "source": "CTDC test"})

    assert response.status_code == 200
    text = pdf_text(response.content).replace("\n", " ")
    assert "Source: the imported data set CTDC test." in text
    assert "Victims detected 2,734" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert (event.actor, event.changes["source"]) == (analyst, "CTDC test")


def test_an_unknown_source_is_a_400_that_names_the_known_ones(client, analyst, dataset):
    client.force_login(analyst)

    response = client.get(URL, {"country": "NE", "year": "2024", "lang": "en", "source": "GLOTIP 2023"})

    assert response.status_code == 400
    assert "Unknown source GLOTIP 2023; known: register, CTDC test." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_the_dashboard_offers_the_sources_in_its_report_form(client, analyst, dataset):
    client.force_login(analyst)

    page = client.get(reverse("analytics:overview"), {"source": "CTDC test"}).content.decode()

    report_form = page[page.index('id="report_source"') :]
    report_form = report_form[: report_form.index("</select>")]
    assert '<option value="register">' in report_form
    assert '<option value="CTDC test" selected>' in report_form


def test_the_web_report_counts_one_lead_agency_when_asked(
    client, coordinator, anltp, naptip, investigator, outsider, dataset
):
    # Detected in Niger in 2024, which the national coordinator counts: 6 victims of ANLTP's case, 7 of NAPTIP's.
    add_victims(make_case(anltp, investigator, country_id="NE"), investigator, [("female", "1990", "NE", "sexual", 6)])
    add_victims(make_case(naptip, outsider, country_id="NE"), outsider, [("male", "1990", "NE", "sexual", 7)])
    client.force_login(coordinator)
    asked = {"country": "NE", "year": "2024", "lang": "en"}

    everything = pdf_text(client.get(URL, asked).content)
    one_agency = pdf_text(client.get(URL, {**asked, "agency": str(anltp.pk)}).content)

    assert "Victims detected 13\n" in everything
    assert "Victims detected 6\n" in one_agency
    assert f"led by {anltp}" in one_agency.replace("\n", " ")
    assert AuditEvent.objects.filter(changes__agency=anltp.pk).count() == 1
    assert client.get(URL, {**asked, "agency": "999999"}).status_code == 400
    refused = client.get(URL, {**asked, "agency": str(anltp.pk), "source": "CTDC test"})
    assert refused.status_code == 400
    assert "An imported data set has no agencies" in refused.content.decode()


def add_victims(case, actor, rows):
    report_support.add_victims(case, actor, rows, report_support.IDENTIFIED)


@pytest.mark.parametrize(("language", "total"), [("en", "2,734"), ("fr", f"2{NARROW_NO_BREAK_SPACE}734")])
def test_the_dashboards_tables_group_the_thousands_as_the_report_does(client, analyst, dataset, language, total):
    client.force_login(analyst)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get(reverse("analytics:overview"), {"source": "CTDC test"})

    by_year = response.text.split('id="panel-victims_by_year"')[1].split("</section>")[0]
    assert f'<td class="num">{total}</td>' in by_year
    assert f"{WOMEN + MEN}" not in by_year.split("<table")[1]
    # The chart's data and the CSV stay plain numbers, for the machines that read them.
    panels = json.loads(response.text.split('id="dashboard-figures" type="application/json">')[1].split("</script>")[0])
    year_panel = next(panel for panel in panels["panels"] if panel["key"] == "victims_by_year")
    assert year_panel["table"]["values"][-1][0] == WOMEN + MEN
    csv_text = client.get(
        reverse("analytics:figure-csv", kwargs={"panel": "victims_by_year"}), {"source": "CTDC test"}
    ).content.decode()
    assert f"{WOMEN + MEN}" in csv_text and total not in csv_text
