from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigie.accounts import permissions, selectors, services
from vigie.accounts.access import get_agency_for_user, get_membership_for_user
from vigie.accounts.forms import (
    AgencyCreateForm,
    AgencyEditForm,
    AgencyFilterForm,
    ExistingMemberForm,
    NewMemberForm,
    RoleForm,
)
from vigie.accounts.models import Agency, Membership
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest


def _landing_page(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if getattr(request.user, "must_change_password", False):
        return reverse("accounts:password-change")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(permissions.home_page_name(request.user))


@login_not_required
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.log_in(request=request, user=form.get_user())
            return redirect(_landing_page(request))
        services.record_failed_login(request=request, username=request.POST.get("username", ""))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.log_out(request=request)
    return redirect("accounts:login")


# The user's own account ---------------------------------------------------------------------------


@require_GET
def my_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of(request.user)
    return render(request, "accounts/my_account.html", {"memberships": memberships})


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        services.change_own_password(request=request, user=request.user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:me")
    return render(request, "accounts/password_change.html", {"form": form})


# Agencies (system administrators) -------------------------------------------------------------------


@require_GET
def agency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_members_somewhere(request.user):
        raise PermissionDenied
    form = AgencyFilterForm(request.GET or None)
    country = kind = None
    if form.is_valid():
        country, kind = form.cleaned_data["country"], form.cleaned_data["kind"]
    agencies = selectors.agencies_managed_by(request.user, country_id=country.pk if country else None, kind=kind)
    context = {"form": form, "agencies": agencies, "can_manage_agencies": permissions.can_manage_agencies(request.user)}
    return render(request, "accounts/agency_list.html", context)


@require_http_methods(["GET", "POST"])
def agency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_agencies(request.user):
        raise PermissionDenied
    form = AgencyCreateForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.create_agency(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                country_id=data["country"].pk,
                kind=data["kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agency created. Add its first administrator."))
            return redirect("accounts:members", agency_id=agency.pk)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": None})


@require_http_methods(["GET", "POST"])
def agency_edit(request: AuthenticatedHttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id, edit=True)
    initial = {"name": agency.name, "kind": agency.kind, "version": agency.version}
    form = AgencyEditForm(request.POST or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_agency(
                actor=request.user,
                agency=agency,
                name=data["name"],
                kind=data["kind"],
                expected_version=data["version"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agency saved."))
            return redirect("accounts:members", agency_id=agency.pk)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


# Members of an agency (its administrators and system administrators) -------------------------------


@require_GET
def members(request: AuthenticatedHttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    grantable = permissions.grantable_roles(request.user, agency.pk)
    rows = [
        (m, m.role in grantable, permissions.can_manage_account_of(request.user, m.user, agency.pk))
        for m in selectors.members_of(agency).prefetch_related("user__memberships")
    ]
    context = {"agency": agency, "rows": rows, "can_edit_agency": permissions.can_manage_agencies(request.user)}
    return render(request, "accounts/members.html", context)


def _member_forms(
    request: AuthenticatedHttpRequest, agency: Agency, posted: str
) -> tuple[NewMemberForm, ExistingMemberForm]:
    roles = permissions.grantable_roles(request.user, agency.pk)
    data = request.POST if request.method == "POST" else None
    new = NewMemberForm(data if posted == "new" else None, roles=roles, prefix="new")
    existing = ExistingMemberForm(data if posted == "existing" else None, roles=roles, prefix="existing")
    return new, existing


def _show_password(request: AuthenticatedHttpRequest, membership: Membership, password: str) -> HttpResponse:
    """The one-time password is shown on this response only: it is stored nowhere but hashed."""
    response = render(request, "accounts/password_issued.html", {"membership": membership, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def member_create(request: AuthenticatedHttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    new, existing = _member_forms(request, agency, "new")
    if new.is_valid():
        data, password = new.cleaned_data, services.one_time_password()
        try:
            user = services.add_new_member(actor=request.user, agency=agency, password=password, **data)
        except ValidationError as error:
            add_service_errors(new, error)
        else:
            return _show_password(
                request, user.memberships.select_related("user", "agency").get(agency=agency), password
            )
    return render(request, "accounts/member_add.html", {"agency": agency, "new": new, "existing": existing})


@require_http_methods(["GET", "POST"])
def member_grant(request: AuthenticatedHttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    new, existing = _member_forms(request, agency, "existing")
    if existing.is_valid():
        user = selectors.user_by_username(existing.cleaned_data["username"])
        try:
            if user is None:
                raise ValidationError({"username": _("No user has this user name.")})
            services.grant_membership(actor=request.user, user=user, agency=agency, role=existing.cleaned_data["role"])
        except ValidationError as error:
            add_service_errors(existing, error)
        else:
            messages.success(request, _("%(user)s is now a member of this agency.") % {"user": user.get_username()})
            return redirect("accounts:members", agency_id=agency.pk)
    return render(request, "accounts/member_add.html", {"agency": agency, "new": new, "existing": existing})


@require_http_methods(["GET", "POST"])
def membership_role(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, membership_id)
    roles = permissions.grantable_roles(request.user, membership.agency_id)
    initial = {"role": membership.role, "version": membership.version}
    form = RoleForm(request.POST or None, initial=initial, roles=roles)
    if form.is_valid():
        try:
            services.change_member_role(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role changed."))
            return redirect("accounts:members", agency_id=membership.agency_id)
    return render(request, "accounts/membership_role.html", {"membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
def membership_end(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, membership_id)
    if request.method == "POST":
        try:
            services.end_membership(
                actor=request.user, membership=membership, expected_version=posted_version(request.POST)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(user)s is no longer a member of this agency.") % {"user": membership.user})
        return redirect("accounts:members", agency_id=membership.agency_id)
    return render(request, "accounts/membership_end.html", {"membership": membership})


@require_POST
def member_active(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, membership_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(actor=request.user, user=membership.user, agency=membership.agency, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%(user)s can log in again.") if active else _("%(user)s can no longer log in.")
        messages.success(request, done % {"user": membership.user})
    return redirect("accounts:members", agency_id=membership.agency_id)


@never_cache
@require_http_methods(["GET", "POST"])
def member_password(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, membership_id)
    if request.method == "POST":
        password = services.one_time_password()
        try:
            services.set_one_time_password(
                actor=request.user, user=membership.user, agency=membership.agency, password=password
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:members", agency_id=membership.agency_id)
        return _show_password(request, membership, password)
    return render(request, "accounts/member_password.html", {"membership": membership})
