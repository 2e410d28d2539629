import pytest
from django.core.exceptions import ValidationError

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.justice import services
from vigie.justice.models import CooperationRequest
from vigie.justice.tests.conftest import D

Status = CooperationRequest.Status
LEGAL = [(current, new) for current, targets in services.REQUEST_TRANSITIONS.items() for new in sorted(targets)]
ILLEGAL = [(current, new) for current in Status.values for new in Status.values if (current, new) not in LEGAL]


def make_request(case, actor, **overrides):
    values = {
        "direction": "sent",
        "kind": "mla",
        "other_country_id": "LY",
        "foreign_authority": "Procureur général, Tripoli",
        "request": "Audition de témoins et relevés bancaires",
    } | overrides
    return services.record_cooperation_request(actor=actor, case=case, **values)


def test_a_request_to_send_starts_as_a_draft(case, prosecutor, suspect):
    request = make_request(case, prosecutor, subject_persons=[suspect])
    assert request.status == Status.DRAFT
    event = AuditEvent.objects.get(action=AuditEvent.Action.COOPERATION_REQUEST_RECORDED)
    assert event.changes["subject_persons"]["new"] == [suspect.pk]


def test_a_received_request_waits_for_our_reply(case, prosecutor):
    request = make_request(case, prosecutor, direction="received", kind="extradition", received_on=D(2025, 5, 1))
    assert request.status == Status.SENT


def test_it_refuses_a_received_request_without_its_date(case, prosecutor):
    with pytest.raises(ValidationError) as error:
        make_request(case, prosecutor, direction="received")
    assert "received_on" in error.value.message_dict


def test_it_refuses_a_deadline_without_who_set_it(case, prosecutor):
    with pytest.raises(ValidationError) as error:
        make_request(case, prosecutor, sent_on=D(2025, 5, 1), deadline=D(2025, 8, 1))
    assert "deadline_basis" in error.value.message_dict


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_it_allows_each_legal_transition(case, prosecutor, current, new):
    request = make_request(case, prosecutor, sent_on=D(2025, 5, 1))
    CooperationRequest.objects.filter(pk=request.pk).update(status=current)
    request.status = current
    services.change_request_status(
        actor=prosecutor, request=request, expected_version=request.version, status=new, on=D(2025, 6, 1)
    )
    request.refresh_from_db()
    assert request.status == new
    if new in services.REPLIED:
        assert request.replied_on == D(2025, 6, 1)


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_it_refuses_each_illegal_transition(case, prosecutor, current, new):
    request = make_request(case, prosecutor, sent_on=D(2025, 5, 1))
    CooperationRequest.objects.filter(pk=request.pk).update(status=current)
    request.status = current
    with pytest.raises(ValidationError) as error:
        services.change_request_status(
            actor=prosecutor, request=request, expected_version=request.version, status=new, on=D(2025, 6, 1)
        )
    message = error.value.message_dict["status"][0]
    assert str(Status(current).label) in message and str(Status(new).label) in message
    request.refresh_from_db()
    assert request.status == current
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.COOPERATION_REQUEST_STATUS_CHANGED).exists()


def test_sending_a_draft_dates_it(case, prosecutor):
    request = make_request(case, prosecutor)
    services.change_request_status(
        actor=prosecutor, request=request, expected_version=1, status="sent", on=D(2025, 5, 2)
    )
    request.refresh_from_db()
    assert request.sent_on == D(2025, 5, 2)


def test_it_refuses_a_stale_edit(case, prosecutor):
    request = make_request(case, prosecutor)
    services.update_cooperation_request(actor=prosecutor, request=request, expected_version=1, foreign_authority="A")
    with pytest.raises(StaleEditError):
        services.update_cooperation_request(
            actor=prosecutor, request=request, expected_version=1, foreign_authority="B"
        )
    assert CooperationRequest.objects.get().foreign_authority == "A"


def test_it_deletes_a_request_and_audits_it(case, prosecutor):
    request = make_request(case, prosecutor)
    services.delete_cooperation_request(actor=prosecutor, request=request)
    assert not CooperationRequest.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.COOPERATION_REQUEST_DELETED).exists()
