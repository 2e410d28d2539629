from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.assistance import access, selectors, services
from vigie.assistance.forms import PlanStatusForm, ReopenForm, ReturnStatusForm
from vigie.assistance.kinds import KINDS
from vigie.cases.access import CasePart, can_delete_in_part
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip


def page_url(case_id: int, participant_id: int | None = None) -> str:
    url = reverse("assistance:page", kwargs={"case_id": case_id})
    return f"{url}#person-{participant_id}" if participant_id else url


@require_http_methods(["GET"])
def assistance_page(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Per assisted person: needs, reflection period, plan, return, visits and closure."""
    case = access.get_assistance_case_for_user(request.user, case_id)
    # The page names the victims: each view is on the record, as for the case page.
    record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
    context = {
        "case": case,
        "people": selectors.assistance_of_case(case),
        "today": timezone.localdate(),
        "can_delete": can_delete_in_part(request.user, case, CasePart.ASSISTANCE),
    }
    return render(request, "assistance/assistance_page.html", context)


@require_http_methods(["GET", "POST"])
def record_add(request: AuthenticatedHttpRequest, case_id: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    case = access.get_assistance_case_for_user(request.user, case_id, write=True)
    form = spec.form(request.POST or None, case=case, initial={"participant": request.GET.get("participant")})
    if form.is_valid():
        participant = form.cleaned_data["participant"]
        try:
            spec.record(actor=request.user, case=case, participant=participant, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(page_url(case.pk, participant.pk))
    context = {"form": form, "case": case, "title": spec.title, "cancel_url": page_url(case.pk)}
    return render(request, "assistance/record_form.html", context)


@require_http_methods(["GET", "POST"])
def record_edit(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    record = spec.get(request.user, pk, write=True)
    initial = {name: getattr(record, name) for name in spec.form.field_names} | {"version": record.version}
    form = spec.form(request.POST or None, case=record.case, editing=True, initial=initial)
    if form.is_valid():
        try:
            spec.update(
                actor=request.user, record=record, expected_version=form.cleaned_data["version"] or 0, **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(page_url(record.case_id, record.participant_id))
    title = f"{spec.title} — {record.participant.person}"
    context = {"form": form, "case": record.case, "title": title, "cancel_url": page_url(record.case_id)}
    return render(request, "assistance/record_form.html", context)


@require_http_methods(["GET", "POST"])
def record_delete(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    record = spec.get(request.user, pk, delete=True)
    if request.method == "POST":
        try:
            spec.delete(actor=request.user, record=record, expected_version=posted_version(request.POST))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deleted."))
        return redirect(page_url(record.case_id, record.participant_id))
    return render(request, "confirm_delete.html", {"object": record, "cancel_url": page_url(record.case_id)})


@require_http_methods(["GET", "POST"])
def plan_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access.get_assistance_plan_for_user(request.user, pk, write=True)
    form = PlanStatusForm(request.POST or None, initial={"version": plan.version, "ended_on": timezone.localdate()})
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_plan_status(
                actor=request.user,
                plan=plan,
                expected_version=data["version"] or 0,
                status=data["status"],
                ended_on=data["ended_on"],
                stop_reason=data["stop_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(page_url(plan.case_id, plan.participant_id))
    title = f"{plan} — {plan.participant.person}"
    context = {"form": form, "case": plan.case, "title": title, "cancel_url": page_url(plan.case_id)}
    return render(request, "assistance/record_form.html", context)


@require_http_methods(["GET", "POST"])
def return_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    voluntary_return = access.get_voluntary_return_for_user(request.user, pk, write=True)
    form = ReturnStatusForm(request.POST or None, initial={"version": voluntary_return.version})
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_return_status(
                actor=request.user,
                voluntary_return=voluntary_return,
                expected_version=data["version"] or 0,
                status=data["status"],
                returned_on=data["returned_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(page_url(voluntary_return.case_id, voluntary_return.participant_id))
    title = f"{voluntary_return} — {voluntary_return.participant.person}"
    cancel = page_url(voluntary_return.case_id)
    return render(
        request,
        "assistance/record_form.html",
        {"form": form, "case": voluntary_return.case, "title": title, "cancel_url": cancel},
    )


@require_http_methods(["GET", "POST"])
def closure_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    closure = access.get_assistance_closure_for_user(request.user, pk, write=True)
    if closure.reopened_on is not None:
        raise Http404
    form = ReopenForm(request.POST or None, initial={"version": closure.version, "reopened_on": timezone.localdate()})
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.reopen_assistance(
                actor=request.user,
                closure=closure,
                expected_version=data["version"] or 0,
                reopened_on=data["reopened_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(page_url(closure.case_id, closure.participant_id))
    title = _("Reopen the assistance file of %(person)s") % {"person": closure.participant.person}
    context = {"form": form, "case": closure.case, "title": title, "cancel_url": page_url(closure.case_id)}
    return render(request, "assistance/record_form.html", context)
