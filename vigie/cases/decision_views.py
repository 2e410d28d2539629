"""Decisions that take a second person: the formal identification of a victim and the closure of a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigie.cases import access, services
from vigie.cases.forms import DecisionRejectForm, IdentificationForm
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def identification_propose(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for_user(request.user, participant_id, write=True)
    form = IdentificationForm(request.POST or None)
    if form.is_valid():
        try:
            services.propose_victim_identification(actor=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The identification is proposed: a second authorised person of the lead agency confirms it.")
            )
            return redirect("cases:detail", case_id=participant.case_id)
    title = _("Propose the formal identification of %(person)s as a victim") % {"person": participant.person}
    return render(request, "cases/item_form.html", {"form": form, "case": participant.case, "title": title})


@require_POST
def decision_confirm(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, decision_id, answer=True)
    try:
        services.confirm_decision(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision confirmed: %(decision)s.") % {"decision": decision.get_kind_display()})
    return redirect("cases:detail", case_id=decision.case_id)


@require_http_methods(["GET", "POST"])
def decision_reject(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, decision_id, answer=True)
    form = DecisionRejectForm(request.POST or None)
    if form.is_valid():
        try:
            services.reject_decision(actor=request.user, decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision rejected."))
            return redirect("cases:detail", case_id=decision.case_id)
    title = _("Reject: %(decision)s") % {"decision": decision.get_kind_display()}
    return render(request, "cases/item_form.html", {"form": form, "case": decision.case, "title": title})


@require_POST
def decision_withdraw(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, decision_id)
    try:
        services.withdraw_decision(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect("cases:detail", case_id=decision.case_id)
