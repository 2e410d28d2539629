import io
from functools import partial

import openpyxl

from vigie.cases.selectors import CaseFilters
from vigie.cases.services import add_new_person_to_case
from vigie.conftest import make_case
from vigie.exchange.exports import reading
from vigie.exchange.exports.services import export_cases
from vigie.exchange.tests.exports_support import PASSWORD, open_archive

CASES = 300


def test_hundreds_of_cases_are_read_in_chunks_with_a_fixed_number_of_queries(
    anltp, investigator, monkeypatch, django_assert_max_num_queries
):
    for number in range(CASES):
        case = make_case(anltp, investigator)
        add_new_person_to_case(
            actor=investigator, case=case, person_values={"given_names": f"Personne {number}"}, role="presumed_victim"
        )
    # Chunks of 100: the export reads three of them, each with the same few queries, whatever their number.
    monkeypatch.setattr(reading, "chunks", partial(reading.chunks, size=100))
    out = io.BytesIO()
    with django_assert_max_num_queries(45):
        result = export_cases(actor=investigator, kind="htcds-xlsx", filters=CaseFilters(), out=out, password=PASSWORD)
    assert (result.records, result.cases) == (CASES, CASES)
    (content,) = open_archive(out.getvalue()).values()
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["Sheet1"]
    names = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == sorted(f"Personne {n}" for n in range(CASES))
