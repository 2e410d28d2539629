import dataclasses
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant
from vigie.justice import selectors, services
from vigie.justice.models import Charge
from vigie.justice.tests.conftest import D
from vigie.legal import law_profiles


def bring(proceeding, accused, actor, **overrides):
    values: dict[str, Any] = {"offence": "tip", "charged_on": D(2025, 4, 2)} | overrides
    return services.bring_charge(actor=actor, proceeding=proceeding, accused=accused, **values)


def test_it_charges_a_suspect_with_a_law_of_the_country(charge):
    assert charge.law_key == "NE-tip-2010"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHARGE_BROUGHT)
    assert event.changes["offence"]["new"] == "tip"


def test_it_refuses_to_charge_a_witness(proceeding, prosecutor, investigator):
    witness = make_participant(proceeding.case, investigator, role=Participant.Role.WITNESS)
    with pytest.raises(ValidationError) as error:
        bring(proceeding, witness, prosecutor)
    assert "accused" in error.value.message_dict


def test_it_charges_a_victim_and_shows_the_non_punishment_warning(proceeding, victim, prosecutor):
    bring(proceeding, victim, prosecutor, offence="document_fraud")
    assert services.non_punishment_warning(victim)
    [row] = selectors.proceedings_page(proceeding.case)[0].charges
    assert row.non_punishment_warning


def test_it_warns_when_a_suspect_is_also_a_victim_in_the_case(proceeding, suspect, prosecutor, investigator):
    # A presumed victim charged is warned about as well as an identified one.
    add_participant(
        actor=investigator, case=proceeding.case, person=suspect.person, role=Participant.Role.PRESUMED_VICTIM
    )
    bring(proceeding, suspect, prosecutor)
    [row] = selectors.proceedings_page(proceeding.case)[0].charges
    assert row.non_punishment_warning


def test_it_does_not_warn_for_a_suspect_only(charge):
    [row] = selectors.proceedings_page(charge.case)[0].charges
    assert not row.non_punishment_warning


def test_it_never_charges_a_smuggled_migrant_with_his_own_smuggling(proceeding, migrant, prosecutor, investigator):
    suspect_role = add_participant(
        actor=investigator,
        case=proceeding.case,
        person=migrant.person,
        role=Participant.Role.SUSPECT,
        suspect_role=Participant.SuspectRole.RECRUITER,
    )
    with pytest.raises(ValidationError) as error:
        bring(proceeding, suspect_role, prosecutor, offence="som")
    assert "art. 5" in error.value.message_dict["offence"][0]
    assert not Charge.objects.exists()


def test_it_refuses_a_smuggling_law_for_a_smuggled_migrant(proceeding, migrant, prosecutor, investigator):
    suspect_role = add_participant(
        actor=investigator,
        case=proceeding.case,
        person=migrant.person,
        role=Participant.Role.SUSPECT,
        suspect_role=Participant.SuspectRole.RECRUITER,
    )
    with pytest.raises(ValidationError):
        bring(proceeding, suspect_role, prosecutor, offence="other", law_key="NE-som-2015")


def test_it_refuses_a_law_that_is_not_in_the_profiles(proceeding, suspect, prosecutor):
    with pytest.raises(ValidationError) as error:
        bring(proceeding, suspect, prosecutor, law_key="NE-tip-1999")
    assert "law_key" in error.value.message_dict


def test_it_refuses_the_same_charge_twice_in_a_round(charge, prosecutor):
    with pytest.raises(ValidationError) as error:
        bring(charge.proceeding, charge.accused, prosecutor)
    assert "offence" in error.value.message_dict


def test_it_updates_a_charge_and_refuses_a_stale_edit(charge, prosecutor):
    services.update_charge(actor=prosecutor, charge=charge, expected_version=1, provision="art. 10 et 11")
    assert charge.version == 2
    with pytest.raises(StaleEditError):
        services.update_charge(actor=prosecutor, charge=charge, expected_version=1, provision="art. 12")
    charge.refresh_from_db()
    assert charge.provision == "art. 10 et 11"


def test_it_deletes_a_charge_and_audits_it(charge, prosecutor):
    services.delete_charge(actor=prosecutor, charge=charge)
    assert not Charge.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHARGE_DELETED).exists()


# Niger's smuggling law 2015-36 was repealed by the ordonnance of 25 November 2023 (law profile).
REPEALED = "NE-som-2015"


def test_it_charges_facts_from_before_a_repeal_under_the_repealed_law_with_a_warning(proceeding, suspect, prosecutor):
    charge = bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED, facts_on=D(2023, 11, 24))
    assert charge.facts_on == D(2023, 11, 24)
    [row] = selectors.proceedings_page(proceeding.case)[0].charges
    assert "abrogée le 25/11/2023" in row.law_warning


def test_it_refuses_facts_from_the_day_of_the_repeal_on(proceeding, suspect, prosecutor):
    with pytest.raises(ValidationError) as error:
        bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED, facts_on=D(2023, 11, 25))
    assert "abrogée le 25/11/2023" in error.value.message_dict["law_key"][0]
    assert not Charge.objects.exists()


def test_it_refuses_a_repealed_law_when_the_facts_are_not_dated(proceeding, suspect, prosecutor):
    with pytest.raises(ValidationError) as error:
        bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED)
    assert "indiquez la date des faits" in error.value.message_dict["facts_on"][0]


def test_a_correction_cannot_move_the_facts_after_the_repeal(proceeding, suspect, prosecutor):
    charge = bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED, facts_on=D(2023, 6, 1))
    with pytest.raises(ValidationError):
        services.update_charge(actor=prosecutor, charge=charge, expected_version=1, facts_on=D(2024, 1, 1))


def test_a_repealed_law_whose_repeal_is_not_dated_is_accepted_with_a_warning(
    proceeding, suspect, prosecutor, monkeypatch
):
    law = law_profiles.law_by_key(REPEALED)
    assert law is not None
    undated = dataclasses.replace(law, repealed_on=None)
    monkeypatch.setattr(law_profiles, "law_by_key", lambda key: undated if key == REPEALED else None)
    charge = bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED)
    assert "ne connaît pas la date de l'abrogation" in services.repealed_law_warning(charge)


def test_a_law_in_force_carries_no_warning(charge):
    assert services.repealed_law_warning(charge) == ""


def test_the_refusal_of_a_repealed_law_is_in_english_too(proceeding, suspect, prosecutor):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        bring(proceeding, suspect, prosecutor, offence="som", law_key=REPEALED, facts_on=D(2024, 2, 1))
    assert "repealed on 25/11/2023" in error.value.message_dict["law_key"][0]
