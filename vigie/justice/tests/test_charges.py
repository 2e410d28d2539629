from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.cases.models import Participant
from vigie.cases.services import add_participant
from vigie.concurrency import StaleEditError
from vigie.conftest import make_participant
from vigie.justice import selectors, services
from vigie.justice.models import Charge
from vigie.justice.tests.conftest import D


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
