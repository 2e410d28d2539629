import pytest

from vigie.accounts.models import Agency
from vigie.cases.models import Participant
from vigie.cases.selectors import case_page
from vigie.cases.services import record_crossing, record_event_in_case, revoke_case_share, share_case
from vigie.conftest import make_participant

pytestmark = pytest.mark.django_db


def event(case, actor, date, kind="transport"):
    return record_event_in_case(actor=actor, case=case, kind=kind, date=date)


def crossing(case, actor, date):
    return record_crossing(actor=actor, case=case, from_country_id="NE", to_country_id="LY", date=date)


def test_the_timeline_mixes_events_and_crossings_in_time_order_with_undated_entries_last(case, clerk):
    undated_event = event(case, clerk, "")
    exploitation = event(case, clerk, "2021-03-12", kind="exploitation")
    undated_crossing = crossing(case, clerk, "")
    recruitment = event(case, clerk, "2021", kind="recruitment")
    into_libya = crossing(case, clerk, "2021-03")
    rescue = event(case, clerk, "2022-01-05", kind="rescue")
    earlier = event(case, clerk, "2020-12-31")
    timeline = [(entry.kind, entry.item) for entry in case_page(case).timeline]
    assert timeline[:5] == [
        ("event", earlier),
        ("event", recruitment),
        ("crossing", into_libya),
        ("event", exploitation),
        ("event", rescue),
    ]
    # Among undated entries no order is promised: events and crossings are numbered separately.
    assert sorted(timeline[5:], key=lambda entry: entry[0]) == [
        ("crossing", undated_crossing),
        ("event", undated_event),
    ]
    assert [entry.date for entry in case_page(case).timeline] == [
        "2020-12-31",
        "2021",
        "2021-03",
        "2021-03-12",
        "2022-01-05",
        "",
        "",
    ]


def test_it_lists_the_people_by_role_and_picks_out_the_suspects(case, clerk):
    victim = make_participant(case, clerk)
    suspect = make_participant(case, clerk, role=Participant.Role.SUSPECT, given_names="Moussa", family_name="Issa")
    witness = make_participant(case, clerk, role=Participant.Role.WITNESS, given_names="Hadiza", family_name="Ali")
    page = case_page(case)
    assert page.participants == [suspect, victim, witness]
    assert page.suspects == [suspect]


def test_it_shows_the_offences_and_only_the_sharings_in_force(case, investigator, naptip):
    police = Agency.objects.create(code="PN", name="Police nationale", country_id="NE", kind=Agency.Kind.POLICE)
    revoked = share_case(actor=investigator, case=case, agency=naptip, purpose="all", reason="Retour")
    in_force = share_case(actor=investigator, case=case, agency=police, purpose="all", reason="Enquête conjointe")
    revoke_case_share(actor=investigator, share=revoked)
    page = case_page(case)
    assert page.shares == [in_force]
    assert len(page.offences) == 1
