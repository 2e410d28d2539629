"""Pages of the prosecution and courts part of a case: rounds, charges, hearings, verdicts, sentences and
cooperation requests. Every page loads its object through justice/access.py (investigation part)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.cases.access import CasePart, can_delete_in_part
from vigie.cases.models import Case
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest
from vigie.justice import access, selectors, services
from vigie.justice.forms import (
    ChargeForm,
    CooperationRequestForm,
    HearingForm,
    ProceedingForm,
    ProceedingStatusForm,
    SentenceForm,
    StatusForm,
    VerdictForm,
)
from vigie.justice.models import CooperationRequest, Proceeding


def proceedings_url(case_id: int) -> str:
    return reverse("justice:proceedings", kwargs={"case_id": case_id})


def cooperation_url(case_id: int) -> str:
    return reverse("justice:cooperation", kwargs={"case_id": case_id})


def _initial(item: models.Model | None, form_class: type[forms.Form], **more: Any) -> dict[str, Any] | None:
    """The form's fields filled from the record being edited, with its version."""
    if item is None:
        return None
    names = [n for n in form_class.base_fields if n not in ("version", "protected_persons", "subject_persons")]
    values = {name: getattr(item, name) for name in names if hasattr(item, name)}
    return {**values, "version": getattr(item, "version", None), **more}


def _saved(request: AuthenticatedHttpRequest, form: forms.Form, save: Callable[[dict[str, Any], int], Any]) -> bool:
    """Validate the form, call the service, and put its refusal beside the field it names."""
    if not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    version = data.pop("version", None) or 0
    try:
        save(data, version)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("Saved."))
    return True


def _form_page(request: AuthenticatedHttpRequest, form: forms.Form, case: Case, title: str, back: str) -> HttpResponse:
    return render(request, "justice/item_form.html", {"form": form, "case": case, "title": title, "back": back})


def _confirm_delete(
    request: AuthenticatedHttpRequest, item: models.Model, back: str, delete: Callable[[int | None], None]
) -> HttpResponse:
    if request.method != "POST":
        return render(request, "confirm_delete.html", {"object": item, "cancel_url": back})
    try:
        # The version the confirmation page showed: a record changed since is not deleted.
        delete(posted_version(request.POST))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(back)


# The two pages of the part ------------------------------------------------------------------------


@require_http_methods(["GET"])
def proceedings(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_justice_case_for_user(request.user, case_id)
    context = {
        "case": case,
        "rounds": selectors.proceedings_page(case),
        "can_delete": can_delete_in_part(request.user, case, CasePart.INVESTIGATION),
    }
    return render(request, "justice/proceedings.html", context)


@require_http_methods(["GET"])
def cooperation(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_justice_case_for_user(request.user, case_id)
    context = {
        "case": case,
        "requests": selectors.cooperation_requests(case, timezone.localdate()),
        "can_delete": can_delete_in_part(request.user, case, CasePart.INVESTIGATION),
    }
    return render(request, "justice/cooperation.html", context)


# Proceedings --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def proceeding_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_justice_case_for_user(request.user, case_id, write=True)
    initial = {"court_country": case.country_id, "opened_on": timezone.localdate()}
    form = ProceedingForm(request.POST or None, case=case, initial=initial)
    if _saved(request, form, lambda data, _v: services.open_proceeding(actor=request.user, case=case, **data)):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Open a round before a court"), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def proceeding_edit(request: AuthenticatedHttpRequest, proceeding_id: int) -> HttpResponse:
    proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
    case = proceeding.case
    form = ProceedingForm(request.POST or None, case=case, initial=_initial(proceeding, ProceedingForm))
    if _saved(
        request,
        form,
        lambda data, v: services.update_proceeding(
            actor=request.user, proceeding=proceeding, expected_version=v, **data
        ),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, str(proceeding), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def proceeding_status(request: AuthenticatedHttpRequest, proceeding_id: int) -> HttpResponse:
    proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
    allowed = services.PROCEEDING_TRANSITIONS[proceeding.status]
    choices = [(value, label) for value, label in Proceeding.Status.choices if value in allowed]
    initial = {"version": proceeding.version, "on": timezone.localdate()}
    form = ProceedingStatusForm(request.POST or None, choices=choices, initial=initial)
    if _saved(
        request,
        form,
        lambda data, v: services.change_proceeding_status(
            actor=request.user, proceeding=proceeding, expected_version=v, **data
        ),
    ):
        return redirect(proceedings_url(proceeding.case_id))
    title = _("Change the status of the round")
    return _form_page(request, form, proceeding.case, title, proceedings_url(proceeding.case_id))


@require_http_methods(["GET", "POST"])
def proceeding_delete(request: AuthenticatedHttpRequest, proceeding_id: int) -> HttpResponse:
    proceeding = access.get_proceeding_for_user(request.user, proceeding_id, delete=True)
    return _confirm_delete(
        request,
        proceeding,
        proceedings_url(proceeding.case_id),
        lambda version: services.delete_proceeding(actor=request.user, proceeding=proceeding, expected_version=version),
    )


# Charges ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def charge_add(request: AuthenticatedHttpRequest, proceeding_id: int) -> HttpResponse:
    proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
    case = proceeding.case
    form = ChargeForm(request.POST or None, case=case, initial={"charged_on": timezone.localdate()})
    if _saved(
        request,
        form,
        lambda data, _v: services.bring_charge(actor=request.user, proceeding=proceeding, **data),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Bring a charge"), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def charge_edit(request: AuthenticatedHttpRequest, charge_id: int) -> HttpResponse:
    charge = access.get_charge_for_user(request.user, charge_id, write=True)
    form = ChargeForm(request.POST or None, case=charge.case, initial=_initial(charge, ChargeForm))
    if _saved(
        request,
        form,
        lambda data, v: services.update_charge(actor=request.user, charge=charge, expected_version=v, **data),
    ):
        return redirect(proceedings_url(charge.case_id))
    return _form_page(request, form, charge.case, _("Edit charge"), proceedings_url(charge.case_id))


@require_http_methods(["GET", "POST"])
def charge_delete(request: AuthenticatedHttpRequest, charge_id: int) -> HttpResponse:
    charge = access.get_charge_for_user(request.user, charge_id, delete=True)
    return _confirm_delete(
        request,
        charge,
        proceedings_url(charge.case_id),
        lambda version: services.delete_charge(actor=request.user, charge=charge, expected_version=version),
    )


# Hearings -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def hearing_add(request: AuthenticatedHttpRequest, proceeding_id: int) -> HttpResponse:
    proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
    case = proceeding.case
    form = HearingForm(request.POST or None, case=case)
    if _saved(
        request,
        form,
        lambda data, _v: services.record_hearing(actor=request.user, proceeding=proceeding, **data),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Record a hearing"), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def hearing_edit(request: AuthenticatedHttpRequest, hearing_id: int) -> HttpResponse:
    hearing = access.get_hearing_for_user(request.user, hearing_id, write=True)
    case = hearing.proceeding.case
    initial = _initial(hearing, HearingForm, protected_persons=list(hearing.protected_persons.all()))
    form = HearingForm(request.POST or None, case=case, initial=initial)
    if _saved(
        request,
        form,
        lambda data, v: services.update_hearing(actor=request.user, hearing=hearing, expected_version=v, **data),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Edit hearing"), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def hearing_delete(request: AuthenticatedHttpRequest, hearing_id: int) -> HttpResponse:
    hearing = access.get_hearing_for_user(request.user, hearing_id, delete=True)
    return _confirm_delete(
        request,
        hearing,
        proceedings_url(hearing.proceeding.case_id),
        lambda version: services.delete_hearing(actor=request.user, hearing=hearing, expected_version=version),
    )


# Verdicts and sentences ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verdict_add(request: AuthenticatedHttpRequest, charge_id: int) -> HttpResponse:
    charge = access.get_charge_for_user(request.user, charge_id, write=True)
    initial = {"proceeding": charge.proceeding_id, "decided_on": timezone.localdate()}
    form = VerdictForm(request.POST or None, case=charge.case, initial=initial)
    if _saved(request, form, lambda data, _v: services.record_verdict(actor=request.user, charge=charge, **data)):
        return redirect(proceedings_url(charge.case_id))
    title = _("Record the decision on: %(charge)s") % {"charge": charge}
    return _form_page(request, form, charge.case, title, proceedings_url(charge.case_id))


@require_http_methods(["GET", "POST"])
def verdict_edit(request: AuthenticatedHttpRequest, verdict_id: int) -> HttpResponse:
    verdict = access.get_verdict_for_user(request.user, verdict_id, write=True)
    case = verdict.charge.case
    form = VerdictForm(request.POST or None, case=case, editing=True, initial=_initial(verdict, VerdictForm))
    if _saved(
        request,
        form,
        lambda data, v: services.update_verdict(actor=request.user, verdict=verdict, expected_version=v, **data),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Edit verdict"), proceedings_url(case.pk))


@require_http_methods(["GET", "POST"])
def verdict_delete(request: AuthenticatedHttpRequest, verdict_id: int) -> HttpResponse:
    verdict = access.get_verdict_for_user(request.user, verdict_id, delete=True)
    return _confirm_delete(
        request,
        verdict,
        proceedings_url(verdict.charge.case_id),
        lambda version: services.delete_verdict(actor=request.user, verdict=verdict, expected_version=version),
    )


@require_http_methods(["GET", "POST"])
def sentence(request: AuthenticatedHttpRequest, verdict_id: int) -> HttpResponse:
    verdict = access.get_verdict_for_user(request.user, verdict_id, write=True)
    case = verdict.charge.case
    current = selectors.sentence_of(verdict)
    amounts = {f"compensation_{c.victim_id}": c.amount for c in current.compensations.all()} if current else {}
    currency = next((c.currency for c in current.compensations.all()), "") if current else ""
    initial = _initial(current, SentenceForm, compensation_currency=currency, **amounts)
    form = SentenceForm(request.POST or None, victims=selectors.victims_of(case), initial=initial)
    if _saved(
        request,
        form,
        lambda _data, v: services.record_sentence(
            actor=request.user, verdict=verdict, expected_version=v, **form.sentence_values()
        ),
    ):
        return redirect(proceedings_url(case.pk))
    return _form_page(request, form, case, _("Sentence"), proceedings_url(case.pk))


# Cooperation requests -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_justice_case_for_user(request.user, case_id, write=True)
    form = CooperationRequestForm(request.POST or None, case=case)
    if _saved(
        request,
        form,
        lambda data, _v: services.record_cooperation_request(actor=request.user, case=case, **data),
    ):
        return redirect(cooperation_url(case.pk))
    return _form_page(request, form, case, _("Record a cooperation request"), cooperation_url(case.pk))


@require_http_methods(["GET", "POST"])
def request_edit(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    item = access.get_request_for_user(request.user, request_id, write=True)
    initial = _initial(item, CooperationRequestForm, subject_persons=list(item.subject_persons.all()))
    form = CooperationRequestForm(request.POST or None, case=item.case, initial=initial)
    if _saved(
        request,
        form,
        lambda data, v: services.update_cooperation_request(
            actor=request.user, request=item, expected_version=v, **data
        ),
    ):
        return redirect(cooperation_url(item.case_id))
    return _form_page(request, form, item.case, str(item), cooperation_url(item.case_id))


@require_http_methods(["GET", "POST"])
def request_status(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    item = access.get_request_for_user(request.user, request_id, write=True)
    allowed = services.REQUEST_TRANSITIONS[item.status]
    choices = [(value, label) for value, label in CooperationRequest.Status.choices if value in allowed]
    form = StatusForm(
        request.POST or None, choices=choices, initial={"version": item.version, "on": timezone.localdate()}
    )
    if _saved(
        request,
        form,
        lambda data, v: services.change_request_status(actor=request.user, request=item, expected_version=v, **data),
    ):
        return redirect(cooperation_url(item.case_id))
    return _form_page(request, form, item.case, _("Change the status of the request"), cooperation_url(item.case_id))


@require_http_methods(["GET", "POST"])
def request_delete(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    item = access.get_request_for_user(request.user, request_id, delete=True)
    return _confirm_delete(
        request,
        item,
        cooperation_url(item.case_id),
        lambda version: services.delete_cooperation_request(actor=request.user, request=item, expected_version=version),
    )
