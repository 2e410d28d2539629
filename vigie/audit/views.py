from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from vigie.accounts import permissions
from vigie.audit.models import AuditEvent
from vigie.audit.selectors import AuditFilters, audit_rows_for, search_audit
from vigie.forms import DateInput
from vigie.http import AuthenticatedHttpRequest


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User name"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any")), *AuditEvent.Action.choices])
    target = forms.CharField(label=_("Record"), required=False, help_text=_("A case reference or a record number."))
    since = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)


@require_GET
def audit_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = AuditFilters(**form.cleaned_data) if form.is_valid() else AuditFilters()
    page = Paginator(search_audit(request.user, filters), settings.PAGE_SIZE * 2).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = audit_rows_for(request.user, page.object_list)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "audit/audit_search.html", context)
