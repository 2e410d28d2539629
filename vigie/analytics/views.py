import csv
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.analytics import dashboard
from vigie.analytics.agency_filter import agency_to_count
from vigie.analytics.statistics import REGISTER, StatisticsError
from vigie.http import AuthenticatedHttpRequest
from vigie.reference.models import Country

FIRST_YEAR, LAST_YEAR = 1990, 2100
BLANK = ("", "---------")


def source_choices() -> list[tuple[str, str]]:
    """The register and the imported data sets: every role that sees statistics may count any of them (the
    data sets are anonymous; the register is always only the cases the user may count)."""
    datasets = [(name, name) for name in dashboard.datasets_to_choose().values_list("name", flat=True)]
    return [(REGISTER, _("Register of cases")), *datasets]


@dataclass(frozen=True)
class FilterChoices:
    """What the page's two forms offer, read once for both (and the countries for the figures' names too):
    each select would otherwise read its table again, and a required one twice."""

    countries: list[Country]
    sources: list[tuple[str, str]]
    agencies: list[tuple[int, str]]

    @classmethod
    def of(cls, user: User) -> "FilterChoices":
        agencies = [(agency.pk, str(agency)) for agency in dashboard.agencies_to_choose(user)]
        return cls(list(Country.objects.region_first()), source_choices(), agencies)

    @property
    def country_choices(self) -> list[tuple[str, str]]:
        return [(country.iso2, country.name) for country in self.countries]


class AgencyChoiceField(forms.ChoiceField):
    """Offers the agencies read for the page; what is sent is read in the form's clean() by the agency filter
    of every interface (it needs the source), so that a code (ANLTP, NE-ANLTP) is understood here too."""

    def valid_value(self, value: Any) -> bool:
        return True


class DashboardFilterForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Data source"), required=False)
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    country = forms.ChoiceField(label=gettext_lazy("Country of detection"), required=False)
    agency = AgencyChoiceField(label=gettext_lazy("Lead agency (register only)"), required=False)

    def __init__(self, data: object, *, user: User, choices: FilterChoices) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.user = user
        self.fields["source"].choices = choices.sources  # type: ignore[attr-defined]
        self.fields["country"].choices = [BLANK, *choices.country_choices]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [BLANK, *choices.agencies]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if isinstance(year_from, int) and isinstance(year_to, int) and year_from > year_to:
            raise forms.ValidationError(_("The first year of the period comes after the last one."))
        if "agency" in cleaned:
            source = cleaned.get("source") or REGISTER
            try:
                cleaned["agency"] = agency_to_count(cleaned["agency"], user=self.user, source=source)
            except StatisticsError as error:
                self.add_error("agency", str(error))
        return cleaned

    def choice(self) -> dashboard.Choice:
        data = self.cleaned_data
        return dashboard.Choice(
            source=data["source"] or REGISTER,
            year_from=data["year_from"],
            year_to=data["year_to"],
            country=data["country"] or None,
            agency=data["agency"].pk if data["agency"] else None,
        )


class ReportDownloadForm(forms.Form):
    """The PDF report's country, year, language and source, defaulting to the page's filters and language."""

    country = forms.ChoiceField(label=gettext_lazy("Country"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR)
    lang = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    source = forms.ChoiceField(label=gettext_lazy("Data source"))
    # Only shown: the report's view checks what it is sent (agency_filter.agency_to_count).
    agency = forms.ChoiceField(label=gettext_lazy("Lead agency (register only)"), required=False)

    def __init__(self, *args: Any, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = choices.country_choices  # type: ignore[attr-defined]
        self.fields["source"].choices = choices.sources  # type: ignore[attr-defined]
        self.fields["agency"].choices = [BLANK, *choices.agencies]  # type: ignore[attr-defined]


def downloads(choice: dashboard.Choice, choices: FilterChoices) -> dict[str, object]:
    """The download block: the report form, and the GLOTIP workbook's address for the same filters."""
    year = choice.year_to or choice.year_from or timezone.localdate().year - 1
    report = ReportDownloadForm(
        initial={
            "country": choice.country,
            "year": year,
            "lang": translation.get_language(),
            "source": choice.source,
            "agency": choice.agency,
        },
        auto_id="report_%s",
        choices=choices,
    )
    report.fields["year"].widget.attrs["max"] = timezone.localdate().year
    workbook = {"country": choice.country, "from": choice.year_from, "to": choice.year_to, "agency": choice.agency}
    query = urlencode({key: value for key, value in workbook.items() if value is not None})
    return {
        "report_form": report,
        "workbook_url": reverse("analytics:glotip-workbook") + (f"?{query}" if query else ""),
    }


def _require_statistics(request: AuthenticatedHttpRequest) -> bool:
    """Whether the figures must be protected; refuses users who may see no statistics."""
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    # Anyone who holds a role that may not see names gets protected figures: the scope of the statistics
    # spans all their agencies, including those where they hold that role.
    return permissions.has_any_role(request.user, permissions.AGGREGATE_ONLY_ROLES)


@require_GET
def statistics_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    protect = _require_statistics(request)
    choices = FilterChoices.of(request.user)
    form = DashboardFilterForm(request.GET or None, user=request.user, choices=choices)
    if form.is_bound and not form.is_valid():
        return render(request, "analytics/dashboard.html", {"form": form, "figures": None, "protect": protect})
    choice = form.choice() if form.is_bound else dashboard.Choice()
    figures = dashboard.build(request.user, choice, protect=protect, countries=choices.countries)
    return render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "figures_json": figures.as_json(),
            "dashboard_texts": dashboard.page_texts(reverse("analytics:map")),
            "protect": protect,
            "query": request.GET.urlencode(),
            **downloads(choice, choices),
        },
    )


@require_GET
def figure_csv(request: AuthenticatedHttpRequest, panel: str) -> HttpResponse:
    protect = _require_statistics(request)
    if panel not in dashboard.PANELS_BY_KEY:
        raise Http404
    choices = FilterChoices.of(request.user)
    form = DashboardFilterForm(request.GET, user=request.user, choices=choices)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    figures = dashboard.build(request.user, form.choice(), protect=protect, keys=[panel], countries=choices.countries)
    if figures.withheld:
        return HttpResponseBadRequest(figures.withheld_because, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vigie-{panel}.csv"'
    writer = csv.writer(response)
    for shown in figures.panels:
        if shown.table is None:  # a panel of text only (SDG 16.2.2 before a country is chosen)
            writer.writerows([note] for note in shown.notes)
            continue
        writer.writerow([str(shown.panel.row_heading), *shown.table.header()])
        writer.writerows([label, *texts] for label, texts in shown.table.lines())
    return response


@require_GET
@gzip_page
def map_geometry(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_statistics(request)
    response = HttpResponse(dashboard.map_geometry(), content_type="application/geo+json")
    # The borders do not change between releases: a browser on a slow link fetches them once a day at most.
    response["Cache-Control"] = "private, max-age=86400"
    return response
