import datetime

import pytest

from vigie.cases.models import Case
from vigie.cases.selectors import CaseFilters, search_cases
from vigie.cases.services import change_case_status, share_case
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.django_db


def found(user, **filters):
    return list(search_cases(user, CaseFilters(**filters)))


@pytest.fixture
def traore_case(anltp, investigator):
    case = make_case(anltp, investigator, title="Orpaillage, Tillabéri")
    make_participant(case, investigator, given_names="Ibrahim", family_name="Traoré", aliases=["Le Malien"])
    return case


@pytest.fixture
def kouyate_case(anltp, investigator):
    case = make_case(anltp, investigator, offences=["som"], country_id="ML", opened_on=datetime.date(2024, 7, 1))
    make_participant(case, investigator, given_names="Aïssata", family_name="Kouyaté")
    return case


@pytest.mark.parametrize("query", ["traore", "TRAORÉ", "Traoré", "ibrahim traore", "  traoré "])
def test_it_finds_a_name_whatever_its_case_and_accents(clerk, traore_case, kouyate_case, query):
    assert found(clerk, query=query) == [traore_case]


@pytest.mark.parametrize("query", ["KOUYATE", "kouyaté", "Aissata"])
def test_it_finds_kouyate(clerk, traore_case, kouyate_case, query):
    assert found(clerk, query=query) == [kouyate_case]


def test_it_finds_an_alias(clerk, traore_case, kouyate_case):
    assert found(clerk, query="le malien") == [traore_case]


def test_it_finds_a_reference_or_part_of_it(clerk, traore_case, kouyate_case):
    assert found(clerk, query=traore_case.reference) == [traore_case]
    assert found(clerk, query="ne-anltp-2024") == [kouyate_case]


def test_it_finds_nothing_for_a_name_nobody_has(clerk, traore_case):
    assert found(clerk, query="Diallo") == []


def test_without_filters_it_lists_the_newest_first(clerk, traore_case, kouyate_case):
    assert found(clerk) == [traore_case, kouyate_case]


def test_it_filters_by_status(clerk, investigator, traore_case, kouyate_case):
    change_case_status(actor=investigator, case=kouyate_case, expected_version=1, status="under_investigation")
    assert found(clerk, status="under_investigation") == [kouyate_case]
    assert found(clerk, status="open") == [traore_case]


def test_it_filters_by_offence(clerk, traore_case, kouyate_case):
    assert found(clerk, offence="som") == [kouyate_case]
    assert found(clerk, offence="tip") == [traore_case]


def test_it_filters_by_lead_agency(clerk, anltp, naptip, outsider, traore_case):
    nigerian = make_case(naptip, outsider)
    share_case(actor=outsider, case=nigerian, agency=anltp, purpose="all", reason="Suspects nigériens")
    assert found(clerk) == [nigerian, traore_case]
    assert found(clerk, agency_id=naptip.pk) == [nigerian]
    assert found(clerk, agency_id=anltp.pk) == [traore_case]


def test_it_filters_by_country_of_detection(clerk, traore_case, kouyate_case):
    assert found(clerk, country_id="ML") == [kouyate_case]


def test_it_filters_by_opening_dates_both_included(clerk, traore_case, kouyate_case):
    assert found(clerk, opened_from=datetime.date(2025, 3, 12)) == [traore_case]
    assert found(clerk, opened_to=datetime.date(2024, 7, 1)) == [kouyate_case]
    assert found(clerk, opened_from=datetime.date(2024, 7, 2), opened_to=datetime.date(2025, 3, 11)) == []


def test_it_combines_filters(clerk, traore_case, kouyate_case):
    assert found(clerk, query="traore", offence="som") == []
    assert found(clerk, query="kouyate", offence="som", country_id="ML") == [kouyate_case]


def test_it_finds_only_cases_the_user_may_see(clerk, naptip, outsider, traore_case):
    hidden = make_case(naptip, outsider)
    make_participant(hidden, outsider, given_names="Musa", family_name="Traoré")
    assert found(clerk, query="traore") == [traore_case]
    assert found(outsider, query="traore") == [hidden]


@pytest.mark.parametrize("role", ["analyst", "coordinator", "sysadmin"])
def test_roles_that_see_aggregates_only_find_nothing(request, traore_case, role):
    assert found(request.getfixturevalue(role), query="traore") == []
    assert found(request.getfixturevalue(role)) == []


def test_a_case_appears_once_however_many_people_match(clerk, investigator, traore_case):
    make_participant(traore_case, investigator, given_names="Awa", family_name="Traoré")
    assert found(clerk, query="traore") == [traore_case]
    assert Case.objects.count() == 1


def test_a_single_letter_matches_no_name(investigator, anltp):
    case = make_case(anltp, investigator)
    make_participant(case, investigator, given_names="Awa", family_name="Diallo")
    assert not search_cases(investigator, CaseFilters(query="a")).exists()


def test_a_reference_fragment_with_digits_finds_the_case(investigator, anltp):
    case = make_case(anltp, investigator)
    assert list(search_cases(investigator, CaseFilters(query="anltp-2025-0001"))) == [case]
    assert list(search_cases(investigator, CaseFilters(query="NE-ANLTP"))) == [case]
