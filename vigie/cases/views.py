from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigie.accounts import permissions
from vigie.accounts.selectors import register_agencies_of
from vigie.cases import access, selectors, services
from vigie.cases.forms import CaseFilterForm, CaseForm, CaseShareForm, CaseStatusForm, CrossingForm, EventForm
from vigie.cases.models import Case
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip


def _register_user(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_use_register(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect(permissions.home_page_name(request.user))


@require_http_methods(["GET"])
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _register_user(request)
    form = CaseFilterForm(request.GET or None, agencies=register_agencies_of(request.user))
    filters = selectors.CaseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            query=data["q"],
            status=data["status"],
            offence=data["offence"],
            agency_id=data["agency"].pk if data["agency"] else None,
            country_id=data["country"].pk if data["country"] else "",
            opened_from=data["opened_from"],
            opened_to=data["opened_to"],
        )
    services.record_listing(
        actor=request.user, listing="cases", query=filters.query.strip(), ip_address=client_ip(request)
    )
    page = selectors.case_list_page(request.user, filters, request.GET.get("page"), settings.PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    template = "cases/_case_results.html" if request.headers.get("HX-Request") else "cases/case_list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _register_user(request)
    agencies = register_agencies_of(request.user)
    form = CaseForm(
        request.POST or None,
        agencies=agencies,
        initial={"opened_on": timezone.localdate(), "country": agencies[0].country_id},
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.open_case(
                actor=request.user,
                agency=data["agency"],
                opened_on=data["opened_on"],
                country_id=data["country"].pk,
                offences=data["offences"],
                title=data["title"],
                reported_on=data["reported_on"],
                narrative=data["narrative"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@require_http_methods(["GET"])
def case_detail(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id)
    services.record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
    page = selectors.case_page(case)
    context = {
        "page": page,
        "answerable": {
            d.pk
            for d in page.pending_decisions
            if d.proposed_by_id != request.user.pk and access.can_answer_decision(request.user, d)
        },
        "can_delete": access.can_delete_in_case(request.user, case),
        "can_decide": access.can_decide_on_case(request.user, case),
        "can_see_investigation": access.can_see_part(request.user, case, access.CasePart.INVESTIGATION),
        "can_see_assistance": access.can_see_part(request.user, case, access.CasePart.ASSISTANCE),
    }
    return render(request, "cases/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, write=True)
    initial = {
        "title": case.title,
        "country": case.country,
        "opened_on": case.opened_on,
        "reported_on": case.reported_on,
        "narrative": case.narrative,
        "version": case.version,
        "offences": list(case.offences.values_list("offence", flat=True)),
    }
    form = CaseForm(request.POST or None, initial=initial, agencies=None, editing=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_case(
                actor=request.user,
                case=case,
                expected_version=data["version"] or 0,
                offences=data["offences"],
                title=data["title"],
                country_id=data["country"].pk,
                opened_on=data["opened_on"],
                reported_on=data["reported_on"],
                narrative=data["narrative"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def case_status(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, decide=True)
    form = CaseStatusForm(request.POST or None, initial={"version": case.version, "status": case.status})
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] == Case.Status.CLOSED and case.status != Case.Status.CLOSED:
                services.propose_case_closure(
                    actor=request.user,
                    case=case,
                    closure_reason=data["closure_reason"],
                    closed_on=data["closed_on"],
                    grounds=data["grounds"],
                )
                done = _("Closing the case is proposed: a second authorised person of the agency must confirm it.")
            else:
                services.change_case_status(
                    actor=request.user,
                    case=case,
                    expected_version=data["version"] or 0,
                    status=data["status"],
                )
                done = _("Status changed to “%(status)s”.") % {"status": case.get_status_display()}
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/item_form.html", {"form": form, "case": case, "title": _("Change the status")})


@require_http_methods(["GET", "POST"])
def case_share(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, decide=True)
    form = CaseShareForm(request.POST or None, case=case)
    if form.is_valid():
        try:
            services.share_case(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case shared."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/item_form.html", {"form": form, "case": case, "title": _("Share the case with another agency")}
    )


@require_POST
def share_revoke(request: AuthenticatedHttpRequest, share_id: int) -> HttpResponse:
    share = access.get_share_for_user(request.user, share_id)
    try:
        services.revoke_case_share(actor=request.user, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sharing with %(agency)s revoked.") % {"agency": share.agency.name})
    return redirect("cases:detail", case_id=share.case_id)


@require_http_methods(["GET", "POST"])
def case_delete(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, delete=True)
    if request.method == "POST":
        try:
            services.delete_case(actor=request.user, case=case, expected_version=posted_version(request.POST))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cases:detail", case_id=case.pk)
        messages.success(request, _("Case %(reference)s deleted.") % {"reference": case.reference})
        return redirect("cases:list")
    return render(request, "confirm_delete.html", {"object": case, "cancel_url": case_url(case.pk)})


def case_url(case_id: int) -> str:
    return reverse("cases:detail", kwargs={"case_id": case_id})


# Events and border crossings ------------------------------------------------------------------------


def _item_form(request: AuthenticatedHttpRequest, form_class: Any, case: Any, item: Any = None) -> Any:
    initial = None
    if item is not None:
        initial = {
            name: getattr(item, name)
            for name in form_class.base_fields
            if name not in ("participants", "travellers", "version")
        }
        initial["version"] = item.version
        if hasattr(item, "participants"):
            initial["participants"] = list(item.participants.all())
        if hasattr(item, "travellers"):
            initial["travellers"] = list(item.travellers.all())
    return form_class(request.POST or None, initial=initial, case=case)


def _save_item(request: AuthenticatedHttpRequest, form: Any, save: Any) -> bool:
    data = dict(form.cleaned_data)
    version = data.pop("version", None) or 0
    try:
        save(data, version)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("Saved."))
    return True


@require_http_methods(["GET", "POST"])
def event_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, write=True)
    form = _item_form(request, EventForm, case)
    if form.is_valid() and _save_item(
        request, form, lambda data, _v: services.record_event_in_case(actor=request.user, case=case, **data)
    ):
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/item_form.html", {"form": form, "case": case, "title": _("Record an event")})


@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, event_id, write=True)
    form = _item_form(request, EventForm, event.case, event)
    if form.is_valid() and _save_item(
        request,
        form,
        lambda data, v: services.update_event(actor=request.user, event=event, expected_version=v, **data),
    ):
        return redirect("cases:detail", case_id=event.case_id)
    return render(request, "cases/item_form.html", {"form": form, "case": event.case, "title": _("Edit event")})


@require_http_methods(["GET", "POST"])
def event_delete(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, event_id, delete=True)
    if request.method == "POST":
        try:
            services.delete_event(actor=request.user, event=event, expected_version=posted_version(request.POST))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Event deleted."))
        return redirect("cases:detail", case_id=event.case_id)
    return render(request, "confirm_delete.html", {"object": event, "cancel_url": case_url(event.case_id)})


@require_http_methods(["GET", "POST"])
def crossing_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, write=True)
    form = _item_form(request, CrossingForm, case)
    if form.is_valid() and _save_item(
        request, form, lambda data, _v: services.record_crossing(actor=request.user, case=case, **data)
    ):
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/item_form.html", {"form": form, "case": case, "title": _("Record a border crossing")})


@require_http_methods(["GET", "POST"])
def crossing_edit(request: AuthenticatedHttpRequest, crossing_id: int) -> HttpResponse:
    crossing = access.get_crossing_for_user(request.user, crossing_id, write=True)
    form = _item_form(request, CrossingForm, crossing.case, crossing)
    if form.is_valid() and _save_item(
        request,
        form,
        lambda data, v: services.update_crossing(actor=request.user, crossing=crossing, expected_version=v, **data),
    ):
        return redirect("cases:detail", case_id=crossing.case_id)
    return render(
        request, "cases/item_form.html", {"form": form, "case": crossing.case, "title": _("Edit border crossing")}
    )


@require_http_methods(["GET", "POST"])
def crossing_delete(request: AuthenticatedHttpRequest, crossing_id: int) -> HttpResponse:
    crossing = access.get_crossing_for_user(request.user, crossing_id, delete=True)
    if request.method == "POST":
        try:
            services.delete_crossing(
                actor=request.user, crossing=crossing, expected_version=posted_version(request.POST)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Border crossing deleted."))
        return redirect("cases:detail", case_id=crossing.case_id)
    return render(request, "confirm_delete.html", {"object": crossing, "cancel_url": case_url(crossing.case_id)})
