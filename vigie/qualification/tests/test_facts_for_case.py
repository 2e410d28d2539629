"""facts_for_case: the vigie.facts/1 document the register gives the engine."""

import datetime
from types import SimpleNamespace

import pytest

from vigie.cases.models import Participant
from vigie.cases.services import record_crossing, record_event_in_case, update_participant
from vigie.conftest import make_case, make_participant
from vigie.legal import qualify, validate_facts
from vigie.qualification import mapping
from vigie.qualification.selectors import case_facts, facts_for_case, subject_id
from vigie.reference.codelists import ExploitationForm, MeansOfControl
from vigie.reference.models import Country

pytestmark = pytest.mark.django_db
Role = Participant.Role


def subject_of(case, participant, **kwargs):
    document = facts_for_case(case, **kwargs)
    assert validate_facts(document) == [], "the register must always give valid facts"
    return next(s for s in document["subjects"] if s["id"] == subject_id(participant))


def set_facts(participant, actor, **values):
    update_participant(actor=actor, participant=participant, expected_version=participant.version, **values)


def event(case, actor, kind, date, *people):
    record_event_in_case(actor=actor, case=case, kind=kind, date=date, participants=list(people))


def test_subjects_are_the_victims_presumed_victims_and_smuggled_migrants(case, investigator, victim):
    presumed = make_participant(case, investigator, role=Role.PRESUMED_VICTIM, given_names="Fati")
    migrant = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Ali")
    make_participant(case, investigator, role=Role.SUSPECT, given_names="Moussa")
    make_participant(case, investigator, role=Role.WITNESS, given_names="Sani")
    document = facts_for_case(case)
    assert document["schema"] == "vigie.facts/1"
    assert document["jurisdiction"] == case.country_id
    assert [s["id"] for s in document["subjects"]] == [subject_id(p) for p in (victim, presumed, migrant)]


def test_nothing_recorded_is_everything_unknown(case, victim):
    subject = subject_of(case, victim)
    assert subject == {"id": subject_id(victim)}


@pytest.mark.parametrize(("form", "purpose"), sorted(mapping.PURPOSE_OF_FORM.items()))
def test_each_form_of_exploitation_maps_onto_its_purpose(case, investigator, victim, form, purpose):
    set_facts(victim, investigator, forms_of_exploitation=[form])
    assert subject_of(case, victim)["purposes"] == {purpose: True}


@pytest.mark.parametrize("form", sorted(set(ExploitationForm.values) - set(mapping.PURPOSE_OF_FORM)))
def test_a_form_with_no_equivalent_leaves_the_purpose_unknown(case, investigator, victim, form):
    set_facts(victim, investigator, forms_of_exploitation=[form])
    assert "purposes" not in subject_of(case, victim)


@pytest.mark.parametrize(("control", "means"), sorted(mapping.MEANS_OF_CONTROL.items()))
def test_each_means_of_control_maps_onto_its_means(case, investigator, victim, control, means):
    set_facts(victim, investigator, means_of_control=[control])
    assert subject_of(case, victim)["means"] == {means: True}


def test_debt_bondage_is_a_purpose_not_a_means(case, investigator, victim):
    set_facts(victim, investigator, means_of_control=[MeansOfControl.DEBT_BONDAGE])
    subject = subject_of(case, victim)
    assert "means" not in subject
    assert subject["purposes"] == {"debt_bondage": True}


@pytest.mark.parametrize(
    "control",
    sorted(set(MeansOfControl.values) - set(mapping.MEANS_OF_CONTROL) - set(mapping.PURPOSE_OF_MEANS_OF_CONTROL)),
)
def test_a_means_of_control_with_no_equivalent_leaves_the_means_unknown(case, investigator, victim, control):
    set_facts(victim, investigator, means_of_control=[control])
    assert "means" not in subject_of(case, victim)


def test_none_of_them_is_false_and_an_empty_list_is_unknown(case, investigator, victim):
    assert "means" not in subject_of(case, victim)
    set_facts(victim, investigator, no_means_of_control=True, no_exploitation=True)
    subject = subject_of(case, victim)
    assert (subject["means"], subject["purposes"]) == (False, False)


@pytest.mark.parametrize(("benefit", "expected"), [("financial", True), ("material", True), ("none", False)])
def test_the_benefit_sought(case, investigator, victim, benefit, expected):
    set_facts(victim, investigator, benefit_sought=benefit)
    assert subject_of(case, victim)["benefit_sought"] is expected


def test_an_unknown_benefit_is_left_out(case, victim):
    assert "benefit_sought" not in subject_of(case, victim)


@pytest.mark.parametrize(
    ("kind", "act"), [("recruitment", "recruitment"), ("transport", "transportation"), ("harbouring", "harbouring")]
)
def test_acts_come_from_the_events_of_the_person(case, investigator, victim, kind, act):
    event(case, investigator, kind, "2024", victim)
    assert subject_of(case, victim)["acts"] == {act: True}


@pytest.mark.parametrize("kind", ["exploitation", "interception", "rescue", "return"])
def test_other_events_are_not_acts(case, investigator, victim, kind):
    event(case, investigator, kind, "2024", victim)
    assert "acts" not in subject_of(case, victim)


def test_an_event_of_someone_else_is_not_the_persons_act(case, investigator, victim):
    other = make_participant(case, investigator, role=Role.PRESUMED_VICTIM, given_names="Fati")
    event(case, investigator, "recruitment", "2024", other)
    assert "acts" not in subject_of(case, victim)


def test_nationalities_and_lawful_permanent_residence(case, investigator, victim):
    victim.person.nationalities.set(Country.objects.filter(pk__in=["NG", "NE"]))
    victim.person.residence_country_id = "GH"
    victim.person.lawful_permanent_resident = True
    victim.person.save()
    subject = subject_of(case, victim)
    assert (subject["nationalities"], subject["permanent_residence"]) == (["NE", "NG"], "GH")


@pytest.mark.parametrize("lawful", [None, False])
def test_living_in_a_country_is_not_permanent_residence_unless_lawful(case, victim, lawful):
    victim.person.residence_country_id = "LY"
    victim.person.lawful_permanent_resident = lawful
    victim.person.save()
    assert "permanent_residence" not in subject_of(case, victim)


def test_a_migrant_living_irregularly_where_he_is_taken_keeps_the_smuggling_finding(case, investigator):
    # A Nigerian living in Libya without papers, taken on to Libya again after a stay in Niger: his
    # residence there must not rule out smuggling, nor the protection of SOM Protocol art. 5.
    migrant = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Ike")
    migrant.person.nationalities.set(Country.objects.filter(pk="NG"))
    migrant.person.residence_country_id = "LY"
    migrant.person.save()
    smuggler = make_participant(case, investigator, role=Role.SUSPECT, given_names="Moussa")
    record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        date="2025-03-02",
        entry="irregular",
        documents="none",
        procured_by=smuggler,
        travellers=[migrant],
    )
    set_facts(migrant, investigator, benefit_sought="financial")
    result = qualify(facts_for_case(case), lang="en")["subjects"][0]
    assert result["smuggling"]["finding"] == "established"
    assert result["protection"]["smuggled_migrant"] is True


# Crossings ----------------------------------------------------------------------------------------------


def test_a_crossing_belongs_to_each_of_its_travellers_only(case, investigator):
    smuggler = make_participant(case, investigator, role=Role.SUSPECT, given_names="Moussa")
    one = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Ali")
    two = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Awa")
    three = make_participant(case, investigator, role=Role.SMUGGLED_MIGRANT, given_names="Idi")
    record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        date="2024-12-03",
        documents="none",
        entry="irregular",
        procured_by=smuggler,
        travellers=[one, two],
    )
    expected = [
        {
            "from": "NE",
            "to": "LY",
            "date": "2024-12-03",
            "entry": "irregular",
            "documents": "none",
            "procured_by_suspect": True,
        }
    ]
    assert subject_of(case, one)["crossings"] == expected
    assert subject_of(case, two)["crossings"] == expected
    assert "crossings" not in subject_of(case, three)


def test_a_crossing_nobody_procured_and_unknowns(case, investigator, victim):
    record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        date="2025-01",
        procured_by_nobody=True,
        travellers=[victim],
    )
    record_crossing(actor=investigator, case=case, from_country_id="LY", to_country_id="DZ", travellers=[victim])
    second, first = subject_of(case, victim)["crossings"]  # undated first
    # A partial date might fall on either side of a change of free-movement regime: left out.
    assert first == {"from": "NE", "to": "LY", "entry": None, "documents": None, "procured_by_suspect": False}
    assert second["procured_by_suspect"] is None


def test_no_crossing_recorded_is_unknown_but_crossed_no_border_is_none(case, investigator, victim):
    assert "crossings" not in subject_of(case, victim)
    set_facts(victim, investigator, crossed_no_border=True)
    assert subject_of(case, victim)["crossings"] == []


def test_fraudulent_documents_at_a_crossing(case, investigator, victim):
    record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="LY",
        documents="fraudulent",
        travellers=[victim],
    )
    assert subject_of(case, victim)["fraudulent_document"] is True


# Age at the time of the first act -------------------------------------------------------------------------


def aged(case, investigator, **person):
    return make_participant(case, investigator, role=Role.PRESUMED_VICTIM, given_names="Fati", **person)


@pytest.mark.parametrize(("born", "expected"), [("2007-03-10", {"age": 17}), ("2007-03-09", {"age": 18})])
def test_the_age_on_the_day_of_the_first_act(case, investigator, born, expected):
    person = aged(case, investigator, date_of_birth=born)
    event(case, investigator, "recruitment", "2025-03-09", person)
    event(case, investigator, "transport", "2025-06-01", person)
    subject = subject_of(case, person)
    assert {k: subject[k] for k in ("age", "minor") if k in subject} == expected


def test_a_birth_year_alone_gives_minor_when_only_that_is_certain(case, investigator):
    person = aged(case, investigator, date_of_birth="2008")
    event(case, investigator, "recruitment", "2024-06", person)  # 15 or 16
    assert subject_of(case, person)["minor"] is True
    assert "age" not in subject_of(case, person)


def test_a_birth_year_that_straddles_eighteen_is_unknown(case, investigator):
    person = aged(case, investigator, date_of_birth="2007")
    event(case, investigator, "recruitment", "2025-06", person)  # 17 or 18
    subject = subject_of(case, person)
    assert "age" not in subject and "minor" not in subject


def test_a_birth_year_and_the_last_day_of_a_year_give_the_exact_age(case, investigator):
    person = aged(case, investigator, date_of_birth="2008")
    event(case, investigator, "recruitment", "2025-12-31", person)
    assert subject_of(case, person)["age"] == 17


def test_an_adult_whatever_the_exact_days(case, investigator):
    person = aged(case, investigator, date_of_birth="1990")
    event(case, investigator, "recruitment", "2024", person)
    assert subject_of(case, person)["minor"] is False


def test_an_undated_act_may_have_come_first(case, investigator):
    person = aged(case, investigator, date_of_birth="1990-01-01")
    event(case, investigator, "recruitment", "", person)
    event(case, investigator, "rescue", "2024-05-01", person)
    # The first act was on or before the rescue: an adult then, but the exact age is not known.
    assert subject_of(case, person).get("age") is None


def test_with_no_act_recorded_the_first_act_may_have_come_long_before(case, investigator):
    # Only the exploitation is on record: the recruitment came at some unknown earlier day, maybe at 17.
    person = aged(case, investigator, date_of_birth="2006-01-01")
    event(case, investigator, "exploitation", "2024-06-01", person)
    subject = subject_of(case, person)
    assert "age" not in subject and "minor" not in subject
    set_facts(person, investigator, forms_of_exploitation=[ExploitationForm.FORCED_LABOUR], no_means_of_control=True)
    event(case, investigator, "recruitment", "", person)
    assert qualify(facts_for_case(case))["case"]["trafficking"] == "possible"


def test_a_date_of_birth_a_century_too_early_leaves_the_age_unknown(case, investigator):
    person = aged(case, investigator, date_of_birth="1900-01-01")
    event(case, investigator, "recruitment", "2025-03-09", person)
    subject = subject_of(case, person)
    assert "age" not in subject and "minor" not in subject


def test_a_child_when_the_case_opened_was_a_child_at_the_act(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2025, 3, 12))
    person = aged(case, investigator, date_of_birth="2010-05")
    assert subject_of(case, person)["minor"] is True


def test_an_estimated_age(case, investigator):
    person = aged(case, investigator, estimated_age=16, age_estimated_on=datetime.date(2025, 1, 15))
    event(case, investigator, "recruitment", "2024-06", person)
    assert subject_of(case, person)["minor"] is True


def test_no_date_of_birth_nor_estimate_is_unknown(case, investigator, victim):
    event(case, investigator, "recruitment", "2024", victim)
    subject = subject_of(case, victim)
    assert "age" not in subject and "minor" not in subject


# Screening evidence hook ----------------------------------------------------------------------------------


def test_screening_evidence_fills_unknowns_and_says_so(case, investigator, victim):
    set_facts(victim, investigator, means_of_control=[MeansOfControl.FALSE_PROMISES])
    screening = SimpleNamespace(
        acts={}, means={"deception": False, "abuse_of_vulnerability": True}, purposes={"forced_labour": True}
    )
    facts = case_facts(case, evidence={victim.pk: screening})
    subject = facts.document["subjects"][0]
    # The register's "deception" wins over the screening's "no".
    assert subject["means"] == {"abuse_of_vulnerability": True, "deception": True}
    assert subject["purposes"] == {"forced_labour": True}
    assert facts.from_screening[subject_id(victim)] == ["means.abuse_of_vulnerability", "purposes.forced_labour"]


def test_a_recorded_none_wins_over_screening(case, investigator, victim):
    set_facts(victim, investigator, no_exploitation=True)
    screening = SimpleNamespace(acts={}, means={}, purposes={"forced_labour": True})
    assert subject_of(case, victim, evidence={victim.pk: screening})["purposes"] is False


def test_screening_supports_acts_beside_those_of_the_events(case, investigator, victim):
    event(case, investigator, "recruitment", "2024-09", victim)
    screening = SimpleNamespace(acts={"transportation": True, "recruitment": True}, means={}, purposes={})
    facts = case_facts(case, evidence={victim.pk: screening})
    assert facts.document["subjects"][0]["acts"] == {"recruitment": True, "transportation": True}
    assert facts.from_screening[subject_id(victim)] == ["acts.transportation"]


def test_a_screening_never_sets_a_fact_false(case, victim):
    screening = SimpleNamespace(
        acts={"recruitment": False}, means={"deception": False}, purposes={"forced_labour": False}
    )
    subject = subject_of(case, victim, evidence={victim.pk: screening})
    assert not {"acts", "means", "purposes"} & set(subject)
