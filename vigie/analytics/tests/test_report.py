"""The PDF report: its figures are the engine's, counted again here from the raw register; small counts
show as "<5" and no total gives them away; page 1 renders; French and English."""

import io
from collections import Counter

import pypdfium2 as pdfium
import pytest
from django.utils import translation
from reportlab.lib.pagesizes import A4

from vigie.analytics.report import ReportError, _ours, export_report, report_request
from vigie.analytics.tests.report_support import IDENTIFIED, NIGER_2024, pdf_text, report_register  # noqa: F401
from vigie.audit.models import AuditEvent
from vigie.exchange.models import DataSet, ImportRun, OfficialStatistic

pytestmark = pytest.mark.django_db


def make_report(country="NE", year=2024, language="en"):
    out = io.BytesIO()
    figures = export_report(
        actor=None, request=report_request(country=country, year=year, language=language), cases=None, out=out
    )
    return figures, out.getvalue()


def expected_niger_2024() -> Counter[tuple[str, str]]:
    by_sex_and_age: Counter[tuple[str, str]] = Counter()
    for sex, born, _citizenship, _form, how_many in NIGER_2024:
        by_sex_and_age[sex, "child" if IDENTIFIED.year - int(born) < 18 else "adult"] += how_many
    return by_sex_and_age


@pytest.mark.usefixtures("report_register")
def test_the_figures_are_the_registers_counted_again_and_small_ones_show_as_below_five():
    figures, content = make_report()
    text = pdf_text(content)

    expected = expected_niger_2024()
    table = figures.sex_age
    for i, sex in enumerate(["female", "male"]):
        for j, age in enumerate(["child", "adult"]):
            cell, count = table.cell(i, j), expected[sex, age]
            if 0 < count < 5:
                assert cell.text == "<5"
            else:
                assert cell.value in (count, None)  # shown as it is, or hidden to protect a small one
    assert (expected["male", "child"], expected["male", "adult"]) == (2, 1)
    for label, cell in [("Girls", table.cell(0, 0)), ("Boys", table.cell(1, 0)), ("Women", table.cell(0, 1))]:
        assert f"{label} {cell.text}\n" in text
    assert "Boys <5\n" in text
    assert "Men <5\n" in text
    assert f"Victims detected {sum(expected.values())}\n" in text
    # By year, from 2020: Niger's 2023 case and its 2024 case.
    assert "2023 5\n" in text
    assert f"2024 {sum(expected.values())}\n" in text
    forms = dict(zip(figures.forms.row_labels, figures.forms.cells, strict=False))
    assert forms["Forced labour"][0].text == "<5"
    assert {forms["Forced begging"][0].value, forms["Sexual exploitation"][0].value} <= {8, 7, None}


@pytest.mark.usefixtures("report_register")
def test_no_total_gives_a_small_count_away():
    figures, content = make_report()

    # Male victims: 3 in all. Shown, the women's total and the grand total would tell it (16 - 13).
    table = figures.sex_age
    female_total, male_total, grand_total = table.cell(0, -1), table.cell(1, -1), table.total
    assert male_total.text == "<5"
    assert female_total.value is None or grand_total.value is None
    # One victim from Mali: Niger's 15 and the total of 16 cannot both be shown.
    citizenship = dict(zip(figures.citizenship.row_labels, figures.citizenship.cells, strict=False))
    assert citizenship["Mali"][0].text == "<5"
    assert citizenship["Niger"][0].value is None or figures.citizenship.total.value is None
    assert "Mali <5\n" in pdf_text(content)


@pytest.mark.usefixtures("report_register")
def test_the_map_shows_the_region_and_not_the_cases_of_other_countries_in_the_countrys_figures():
    figures, _content = make_report()

    assert figures.map_values == {"NER": figures.by_country.cells[0][0].value, "NGA": 8}
    assert figures.by_country.keys[:2] == ["NE", "NG"]
    assert figures.victims.value is None or figures.victims.value == 16


@pytest.mark.usefixtures("report_register")
def test_the_report_is_audited_as_an_export():
    make_report(language="fr")

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor is None
    assert "(command line)" in event.actor_username
    assert event.changes["kind"] == "report-pdf"
    assert (event.changes["country"], event.changes["year"], event.changes["language"]) == ("NE", 2024, "fr")


@pytest.mark.usefixtures("report_register")
def test_page_one_renders_with_its_title():
    _figures, content = make_report()

    page = pdfium.PdfDocument(content)[0]
    image = page.render(scale=1).to_pil().convert("L")
    assert page.get_size() == pytest.approx(A4, abs=0.01)
    assert image.size == (596, 842)  # A4, in points rounded up
    assert sum(image.histogram()[:128]) > 2_000  # dark pixels: not blank
    # The title, in large letters, in the upper third: dark pixels there.
    title_band = image.crop((60, 180, 535, 330))
    assert sum(title_band.histogram()[:128]) > 1_000
    text = page.get_textpage().get_text_range().replace("\r\n", " ")
    assert "Trafficking in persons: victims detected Niger 2024" in text
    assert "Page 1" in text


@pytest.mark.usefixtures("report_register")
def test_french_report():
    _figures, content = make_report(language="fr")
    text = pdf_text(content)

    assert "Traite des personnes : victimes détectées Niger 2024" in text.replace("\n", " ")
    assert "Filles" in text
    assert "Garçons <5\n" in text
    assert "Définitions" in text
    assert "« <5 »" in text or "“<5”" in text


@pytest.mark.usefixtures("report_register")
def test_english_report_has_no_french():
    text = pdf_text(make_report(language="en")[1])

    assert "Girls" in text
    assert "Filles" not in text


@pytest.mark.parametrize(
    ("country", "year", "language", "message"),
    [
        ("XX", "2024", "en", "Unknown country XX"),
        ("NE", "20x4", "en", "The year must be a number"),
        ("NE", "1200", "en", "The year must be a number"),
        ("NE", "2024", "de", "Unknown language de"),
    ],
)
def test_a_report_that_cannot_be_made_says_why(db, country, year, language, message):
    with translation.override("en"), pytest.raises(ReportError, match=message):
        report_request(country=country, year=year, language=language)


@pytest.mark.usefixtures("report_register")
def test_unodc_figures_are_shown_as_published_beside_the_same_breakdown_of_the_source():
    dataset = DataSet.objects.create(name="GLOTIP 2023", kind=DataSet.Kind.GLOTIP)
    run = ImportRun.objects.create(kind="glotip", file_name="glotip.xlsx", sha256="0" * 64, size=1, dataset=dataset)
    published = [
        ("Detected trafficking victims", "Total", "Total", "Female", "0 to 17 years", 9, None),
        ("Detected trafficking victims", "Total", "Total", "Male", "0 to 17 years", None, 5),
        ("Detected trafficking victims", "Total", "Total", "Total", "Total", 31, None),
        ("Persons convicted", "Total", "Total", "Total", "Total", 3, None),
        # Matched with the report's victims by citizenship on the ISO code, whatever the spelling.
        ("Detected trafficking victims", "by citizenship", "Nationals", "Total", "Total", 20, None),
        ("Detected trafficking victims", "by citizenship", "Mali", "Total", "Total", None, 5),
        ("Detected trafficking victims", "by citizenship", "Niger Rep", "Total", "Total", 4, None),
        ("Detected trafficking victims", "by citizenship", "Central africa", "Total", "Total", 7, None),
    ]
    for number, (indicator, dimension, category, sex, age, value, below) in enumerate(published):
        OfficialStatistic.objects.create(
            dataset=dataset,
            run=run,
            row_number=number,
            iso3="NER",
            indicator=indicator,
            dimension=dimension,
            category=category,
            sex=sex,
            age=age,
            year=2024,
            unit="Counts",
            value=value,
            below=below,
        )

    figures, content = make_report()
    text = pdf_text(content)

    girls, boys, total = figures.sex_age.cell(0, 0), figures.sex_age.cell(1, 0), figures.sex_age.total
    assert f"Detected trafficking victims Total Female 0 to 17 years 9 {girls.text}\n" in text
    assert f"Detected trafficking victims Total Male 0 to 17 years <5 {boys.text}\n" in text
    assert f"Detected trafficking victims Total Total Total 31 {total.text}\n" in text
    assert "Persons convicted Total Total Total 3\n" in text  # nothing of the kind in the register's victims
    citizenship = dict(zip(figures.citizenship.keys, (row[0].text for row in figures.citizenship.cells), strict=False))
    beside = {row.category: _ours(figures, row) for row in figures.official if row.dimension == "by citizenship"}
    # Niger's own report listing "Niger Rep" is its nationals too; a region has nothing beside it.
    assert beside == {
        "Nationals": citizenship["NE"],
        "Mali": citizenship["ML"],
        "Niger Rep": citizenship["NE"],
        "Central africa": "",
    }
    assert f"Mali Total Total <5 {citizenship['ML']}" in " ".join(text.split())
