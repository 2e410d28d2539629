from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigie.accounts import permissions
from vigie.accounts.selectors import all_agencies
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest
from vigie.worklist import selectors, services
from vigie.worklist.forms import AlertRuleForm

# The page stays light on a slow link: the most urgent items, and how many of each kind wait in all.
SHOWN_ITEMS = 200


@require_GET
def waiting(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_use_register(request.user):
        raise PermissionDenied
    items = selectors.waiting_for_user(request.user, today=timezone.localdate())
    context = {
        "items": items[:SHOWN_ITEMS],
        "total": len(items),
        "late": sum(item.late for item in items),
        "by_title": Counter(item.title for item in items).most_common(),
        "can_set_alerts": bool(permissions.agencies_setting_alerts(request.user)),
    }
    return render(request, "worklist/waiting.html", context)


@require_http_methods(["GET", "POST"])
def alert_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    agency_ids = permissions.agencies_setting_alerts(request.user)
    if not agency_ids:
        raise PermissionDenied
    agencies = list(all_agencies().filter(pk__in=agency_ids))
    agency = next((a for a in agencies if str(a.pk) == request.GET.get("agency")), agencies[0])
    form = AlertRuleForm(request.POST or None)
    if form.is_valid():
        try:
            services.set_alert_rule(
                actor=request.user,
                agency=agency,
                kind=form.cleaned_data["kind"],
                days=form.cleaned_data["days"],
                enabled=form.cleaned_data["enabled"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Alert delay saved."))
            return redirect(f"{request.path}?agency={agency.pk}")
    context = {"agencies": agencies, "agency": agency, "settings": selectors.alert_settings(agency.pk), "form": form}
    return render(request, "worklist/alert_rules.html", context)
