from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from vigie.accounts import permissions
from vigie.cases.access import CasePart, get_case_for_user
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip
from vigie.referrals import access, selectors, services
from vigie.referrals.forms import (
    BestInterestsForm,
    ProviderFilterForm,
    ProviderForm,
    ReferralForm,
    ServiceForm,
    TransitionForm,
)
from vigie.referrals.models import Referral

TRANSITION_TITLES = {
    "accept": gettext_lazy("Accept the referral"),
    "decline": gettext_lazy("Decline the referral"),
    "start": gettext_lazy("The service has started"),
    "complete": gettext_lazy("The referral is completed"),
    "withdraw": gettext_lazy("Withdraw the referral"),
}


def _case_page(case_id: int) -> str:
    return reverse("referrals:case", kwargs={"case_id": case_id})


# Directory ---------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def directory(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_see_provider_directory(request.user):
        raise PermissionDenied
    form = ProviderFilterForm(request.GET or None)
    filters = selectors.ProviderFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ProviderFilters(
            country_id=data["country"].pk if data["country"] else "",
            admin_area=data["area"].strip(),
            kind=data["kind"],
            people_served=data["people"],
        )
    context = {
        "form": form,
        "providers": selectors.providers(filters)[:200],
        "can_add": bool(permissions.provider_maintaining_agencies(request.user)),
        "maintained": permissions.provider_maintaining_agencies(request.user),
    }
    return render(request, "referrals/directory.html", context)


@require_http_methods(["GET", "POST"])
def provider_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    maintainers = selectors.agencies_adding_providers(request.user)
    if not maintainers.exists():
        raise PermissionDenied
    form = ProviderForm(request.POST or None, maintainers=maintainers)
    if form.is_valid():
        # The field is shown only to a user of several agencies; the others maintain it for their own.
        agency = form.cleaned_data.get("maintained_by") or maintainers[0]
        try:
            services.add_provider(actor=request.user, maintained_by=agency, **form.provider_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Provider added to the directory."))
            return redirect("referrals:directory")
    return render(request, "referrals/form.html", {"form": form, "title": _("Add a service provider")})


@require_http_methods(["GET", "POST"])
def provider_edit(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    provider = access.get_provider_for_user(request.user, provider_id, write=True)
    initial = {
        **{name: getattr(provider, name) for name in ("name", "kinds", "admin_area", "locality", "people_served")},
        **{name: getattr(provider, name) for name in ("capacity", "phone", "email", "address", "languages")},
        "country": provider.country,
        "run_by": provider.run_by,
        "version": provider.version,
    }
    form = ProviderForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.update_provider(
                actor=request.user, provider=provider, expected_version=form.cleaned_data["version"] or 0,
                **form.provider_values(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Provider saved."))
            return redirect("referrals:directory")
    return render(request, "referrals/form.html", {"form": form, "title": provider.name})


@require_http_methods(["GET", "POST"])
def provider_deactivate(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    provider = access.get_provider_for_user(request.user, provider_id, write=True)
    form = TransitionForm(request.POST or None, initial={"version": provider.version})
    del form.fields["reason"]
    if form.is_valid():
        try:
            services.deactivate_provider(
                actor=request.user, provider=provider, expected_version=form.cleaned_data["version"] or 0
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Provider deactivated."))
            return redirect("referrals:directory")
    title = _("Deactivate %(name)s") % {"name": provider.name}
    return render(request, "referrals/form.html", {"form": form, "title": title, "submit": _("Deactivate")})


# A case's referrals and services -----------------------------------------------------------------


@require_http_methods(["GET"])
def case_referrals(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE)
    context = {
        "case": case,
        "referrals": selectors.referrals_of_case(case),
        "services": selectors.services_of_case(case),
        "decisions": selectors.decisions_of_case(case),
        "can_delete": access.can_delete_assistance(request.user, case),
    }
    return render(request, "referrals/case_referrals.html", context)


@require_http_methods(["GET", "POST"])
def referral_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE, write=True)
    form = ReferralForm(request.POST or None, case=case, initial={"urgency": Referral.Urgency.ROUTINE})
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            referral = services.propose_referral(actor=request.user, case=case, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral proposed."))
            return redirect("referrals:referral-detail", referral_id=referral.pk)
    context = {"form": form, "case": case, "title": _("Refer a person"), "cancel_url": _case_page(case.pk)}
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET"])
def referral_detail(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, referral_id)
    person = referral.participant.person
    if access.shows_identity(request.user, referral):
        services.record_referral_view(actor=request.user, referral=referral, ip_address=client_ip(request))
    context = {
        "referral": referral,
        "person": person,
        "age": person.age_on(timezone.localdate()),
        "nationalities": list(person.nationalities.all()),
        "shows_identity": access.shows_identity(request.user, referral),
        "sees_case": access.sees_case_part(request.user, referral),
        "is_receiver": access.is_receiver(request.user, referral),
        "can_withdraw": permissions.can_withdraw_referral(request.user, referral.referring_agency_id),
    }
    return render(request, "referrals/referral_detail.html", context)


@require_http_methods(["GET", "POST"])
def referral_edit(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, referral_id, write=True)
    initial = {"services": referral.services, "urgency": referral.urgency, "notes": referral.notes}
    form = ReferralForm(
        request.POST or None, case=referral.case, editing=True, initial=initial | {"version": referral.version}
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_referral(
                actor=request.user, referral=referral, expected_version=data.pop("version") or 0, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral saved."))
            return redirect("referrals:referral-detail", referral_id=referral.pk)
    context = {
        "form": form,
        "case": referral.case,
        "title": _("Change the referral"),
        "cancel_url": _case_page(referral.case_id),
    }
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET", "POST"])
def referral_transition(request: AuthenticatedHttpRequest, referral_id: int, transition: str) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, referral_id, transition=transition)
    form = TransitionForm(request.POST or None, initial={"version": referral.version})
    if transition not in ("decline", "withdraw"):
        del form.fields["reason"]
    if form.is_valid():
        try:
            services.move_referral(
                actor=request.user, referral=referral, transition=transition,
                expected_version=form.cleaned_data["version"] or 0, reason=form.cleaned_data.get("reason", ""),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral: %(status)s.") % {"status": referral.get_status_display()})
            return redirect("referrals:referral-detail", referral_id=referral.pk)
    cancel = reverse("referrals:referral-detail", kwargs={"referral_id": referral.pk})
    context = {
        "form": form,
        "title": TRANSITION_TITLES[transition],
        "cancel_url": cancel,
        "submit": TRANSITION_TITLES[transition],
    }
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET", "POST"])
def referral_delete(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, referral_id, delete=True)
    if request.method == "POST":
        try:
            services.delete_referral(
                actor=request.user, referral=referral, expected_version=posted_version(request.POST)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral deleted."))
        return redirect("referrals:case", case_id=referral.case_id)
    return render(request, "confirm_delete.html", {"object": referral, "cancel_url": _case_page(referral.case_id)})


@require_http_methods(["GET"])
def incoming(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.referral_receiving_agencies(request.user):
        raise PermissionDenied
    referrals = selectors.incoming_referrals(request.user)
    context = {
        "to_answer": referrals.filter(status=Referral.Status.PROPOSED),
        "ongoing": referrals.filter(status__in=[Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS]),
    }
    return render(request, "referrals/incoming.html", context)


@require_http_methods(["GET", "POST"])
def best_interests_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE, write=True)
    form = BestInterestsForm(request.POST or None, case=case, initial={"decided_on": timezone.localdate()})
    if form.is_valid():
        try:
            services.record_best_interests_decision(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Best-interests decision recorded."))
            return redirect("referrals:case", case_id=case.pk)
    context = {
        "form": form,
        "case": case,
        "title": _("Record a best-interests decision"),
        "cancel_url": _case_page(case.pk),
    }
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET", "POST"])
def service_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE, write=True)
    form = ServiceForm(request.POST or None, case=case)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            services.record_service(actor=request.user, case=case, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("referrals:case", case_id=case.pk)
    context = {"form": form, "case": case, "title": _("Record a service delivered"), "cancel_url": _case_page(case.pk)}
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedHttpRequest, service_id: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, service_id)
    fields = ("kind", "provider", "referral", "started_on", "ended_on", "notes", "version")
    form = ServiceForm(
        request.POST or None, case=service.case, editing=True, initial={f: getattr(service, f) for f in fields}
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_service(
                actor=request.user, service=service, expected_version=data.pop("version") or 0, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Service saved."))
            return redirect("referrals:case", case_id=service.case_id)
    context = {
        "form": form,
        "case": service.case,
        "title": _("Service delivered"),
        "cancel_url": _case_page(service.case_id),
    }
    return render(request, "referrals/form.html", context)


@require_http_methods(["GET", "POST"])
def service_delete(request: AuthenticatedHttpRequest, service_id: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, service_id, delete=True)
    if request.method == "POST":
        try:
            services.delete_service(actor=request.user, service=service, expected_version=posted_version(request.POST))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Service deleted."))
        return redirect("referrals:case", case_id=service.case_id)
    return render(request, "confirm_delete.html", {"object": service, "cancel_url": _case_page(service.case_id)})
