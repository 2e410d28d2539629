from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.cases.access import CasePart, can_delete_in_part, get_case_for_user
from vigie.cases.models import Case
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.forms import VersionedForm, add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip
from vigie.investigations import access, selectors, services
from vigie.investigations.forms import (
    ArrestForm,
    InvestigationForm,
    InvestigationStatusForm,
    MoneyFlowForm,
    SeizureForm,
)
from vigie.investigations.models import Investigation

MANY = ("partner_countries", "persons")


def page_url(case_id: int) -> str:
    return reverse("investigations:case", kwargs={"case_id": case_id})


def _initial(item: Any, form_class: type[VersionedForm]) -> dict[str, Any]:
    """The form's fields as the item has them now, and the version the user starts from."""
    initial = {name: getattr(item, name) for name in form_class.base_fields if name not in (*MANY, "version")}
    initial |= {name: list(getattr(item, name).all()) for name in MANY if name in form_class.base_fields}
    return initial | {"version": item.version}


def _saved(request: AuthenticatedHttpRequest, form: VersionedForm, save: Callable[[dict[str, Any], int], Any]) -> bool:
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


def _form_page(request: AuthenticatedHttpRequest, form: VersionedForm, case: Case, title: str) -> HttpResponse:
    return render(request, "investigations/item_form.html", {"form": form, "case": case, "title": title})


def _confirm_delete(
    request: AuthenticatedHttpRequest, item: Any, case_id: int, delete: Callable[[int | None], None], done: str
) -> HttpResponse:
    if request.method != "POST":
        return render(request, "confirm_delete.html", {"object": item, "cancel_url": page_url(case_id)})
    try:
        # The version the confirmation page showed: a record changed since is not deleted.
        delete(posted_version(request.POST))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(page_url(case_id))


@require_http_methods(["GET"])
def case_investigations(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.INVESTIGATION)
    # The page names the people arrested and linked to assets: each view is on the record, like the case page.
    record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
    context = {
        "case": case,
        "blocks": selectors.investigation_page(case),
        "can_delete": can_delete_in_part(request.user, case, CasePart.INVESTIGATION),
    }
    return render(request, "investigations/case_investigations.html", context)


# Investigations -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def investigation_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.INVESTIGATION, write=True)
    form = InvestigationForm(request.POST or None, case=case, initial={"agency": case.agency_id})
    if _saved(request, form, lambda d, _v: services.open_investigation(actor=request.user, case=case, **d)):
        return redirect(page_url(case.pk))
    return _form_page(request, form, case, _("Open an investigation"))


@require_http_methods(["GET", "POST"])
def investigation_edit(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
    form = InvestigationForm(
        request.POST or None, case=investigation.case, initial=_initial(investigation, InvestigationForm)
    )
    if _saved(
        request,
        form,
        lambda d, v: services.update_investigation(
            actor=request.user, investigation=investigation, expected_version=v, **d
        ),
    ):
        return redirect(page_url(investigation.case_id))
    return _form_page(request, form, investigation.case, _("Edit the investigation"))


@require_http_methods(["GET", "POST"])
def investigation_status(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
    form = InvestigationStatusForm(
        request.POST or None, initial={"version": investigation.version, "status": investigation.status}
    )
    if _saved(
        request,
        form,
        lambda d, v: services.change_investigation_status(
            actor=request.user, investigation=investigation, expected_version=v, **d
        ),
    ):
        return redirect(page_url(investigation.case_id))
    return _form_page(request, form, investigation.case, _("Change the status of the investigation"))


@require_http_methods(["GET", "POST"])
def investigation_delete(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = access.get_investigation_for_user(request.user, investigation_id, delete=True)
    return _confirm_delete(
        request,
        investigation,
        investigation.case_id,
        lambda version: services.delete_investigation(
            actor=request.user, investigation=investigation, expected_version=version
        ),
        _("Investigation deleted."),
    )


# Arrests, seizures and money flows ----------------------------------------------------------------


def _in_investigation(request: AuthenticatedHttpRequest, investigation_id: int) -> Investigation:
    return access.get_investigation_for_user(request.user, investigation_id, write=True)


@require_http_methods(["GET", "POST"])
def arrest_add(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = _in_investigation(request, investigation_id)
    form = ArrestForm(request.POST or None, case=investigation.case)
    if _saved(
        request, form, lambda d, _v: services.record_arrest(actor=request.user, investigation=investigation, **d)
    ):
        return redirect(page_url(investigation.case_id))
    return _form_page(request, form, investigation.case, _("Record an arrest"))


@require_http_methods(["GET", "POST"])
def arrest_edit(request: AuthenticatedHttpRequest, arrest_id: int) -> HttpResponse:
    arrest = access.get_arrest_for_user(request.user, arrest_id, write=True)
    case = arrest.investigation.case
    form = ArrestForm(request.POST or None, case=case, initial=_initial(arrest, ArrestForm))
    if _saved(
        request, form, lambda d, v: services.update_arrest(actor=request.user, arrest=arrest, expected_version=v, **d)
    ):
        return redirect(page_url(case.pk))
    return _form_page(request, form, case, _("Edit the arrest"))


@require_http_methods(["GET", "POST"])
def arrest_delete(request: AuthenticatedHttpRequest, arrest_id: int) -> HttpResponse:
    arrest = access.get_arrest_for_user(request.user, arrest_id, delete=True)
    return _confirm_delete(
        request,
        arrest,
        arrest.investigation.case_id,
        lambda version: services.delete_arrest(actor=request.user, arrest=arrest, expected_version=version),
        _("Arrest deleted."),
    )


@require_http_methods(["GET", "POST"])
def seizure_add(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = _in_investigation(request, investigation_id)
    form = SeizureForm(request.POST or None, case=investigation.case, initial={"measure": "seized"})
    if _saved(
        request, form, lambda d, _v: services.record_seizure(actor=request.user, investigation=investigation, **d)
    ):
        return redirect(page_url(investigation.case_id))
    return _form_page(request, form, investigation.case, _("Record a seizure or frozen asset"))


@require_http_methods(["GET", "POST"])
def seizure_edit(request: AuthenticatedHttpRequest, seizure_id: int) -> HttpResponse:
    seizure = access.get_seizure_for_user(request.user, seizure_id, write=True)
    case = seizure.investigation.case
    form = SeizureForm(request.POST or None, case=case, initial=_initial(seizure, SeizureForm))
    if _saved(
        request,
        form,
        lambda d, v: services.update_seizure(actor=request.user, seizure=seizure, expected_version=v, **d),
    ):
        return redirect(page_url(case.pk))
    return _form_page(request, form, case, _("Edit the seizure or frozen asset"))


@require_http_methods(["GET", "POST"])
def seizure_delete(request: AuthenticatedHttpRequest, seizure_id: int) -> HttpResponse:
    seizure = access.get_seizure_for_user(request.user, seizure_id, delete=True)
    return _confirm_delete(
        request,
        seizure,
        seizure.investigation.case_id,
        lambda version: services.delete_seizure(actor=request.user, seizure=seizure, expected_version=version),
        _("Seizure deleted."),
    )


@require_http_methods(["GET", "POST"])
def flow_add(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    investigation = _in_investigation(request, investigation_id)
    form = MoneyFlowForm(request.POST or None, investigation=investigation)
    if _saved(
        request, form, lambda d, _v: services.record_money_flow(actor=request.user, investigation=investigation, **d)
    ):
        return redirect(page_url(investigation.case_id))
    return _form_page(request, form, investigation.case, _("Record a money flow"))


@require_http_methods(["GET", "POST"])
def flow_edit(request: AuthenticatedHttpRequest, flow_id: int) -> HttpResponse:
    flow = access.get_money_flow_for_user(request.user, flow_id, write=True)
    case = flow.investigation.case
    form = MoneyFlowForm(request.POST or None, investigation=flow.investigation, initial=_initial(flow, MoneyFlowForm))
    if _saved(
        request, form, lambda d, v: services.update_money_flow(actor=request.user, flow=flow, expected_version=v, **d)
    ):
        return redirect(page_url(case.pk))
    return _form_page(request, form, case, _("Edit the money flow"))


@require_http_methods(["GET", "POST"])
def flow_delete(request: AuthenticatedHttpRequest, flow_id: int) -> HttpResponse:
    flow = access.get_money_flow_for_user(request.user, flow_id, delete=True)
    return _confirm_delete(
        request,
        flow,
        flow.investigation.case_id,
        lambda version: services.delete_money_flow(actor=request.user, flow=flow, expected_version=version),
        _("Money flow deleted."),
    )
