import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from vigie.accounts.selectors import register_agencies_of
from vigie.cases.access import get_case_for_user
from vigie.cases.forms import CaseFilterForm
from vigie.cases.selectors import CaseFilters
from vigie.exchange.exports import ctdc, services
from vigie.exchange.exports.archive import generate_password
from vigie.exchange.exports.forms import ExportForm, PasswordForm
from vigie.http import AuthenticatedHttpRequest, client_ip


def _filters(form: CaseFilterForm) -> CaseFilters:
    """The filters of a valid form (the view exports nothing while one is wrong)."""
    data = form.cleaned_data
    return CaseFilters(
        query=data.get("q", ""),
        status=data["status"],
        offence=data["offence"],
        agency_id=data["agency"].pk if data["agency"] else None,
        country_id=data["country"].pk if data["country"] else "",
        opened_from=data["opened_from"],
        opened_to=data["opened_to"],
    )


def _download(out: "tempfile._TemporaryFileWrapper[bytes]", filename: str) -> FileResponse:
    # Streamed from the temporary file, which is deleted when the response closes it.
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename)


# Left out of Django's error reports (the e-mail to ADMINS on a server error).
ARCHIVE_PASSWORD_FIELDS = ("generated", "password", "password_again")


# never_cache: the page shows a generated password "not shown again"; Back or the disk cache would show it.
@never_cache
@sensitive_post_parameters(*ARCHIVE_PASSWORD_FIELDS)
@require_http_methods(["GET", "POST"])
def export_cases(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The export page, reached from the case list with its filters; the filters travel in the query string,
    the password only in the POST body."""
    kinds = services.export_kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    filter_form = CaseFilterForm(request.GET, agencies=register_agencies_of(request.user))
    if not services.may_search_by_name(request.user) and not request.GET.get("q"):
        # Not offered. A link that carries one shows it, and the export refuses it with its reason.
        del filter_form.fields["q"]
    form = ExportForm(request.POST or None, kinds=kinds, initial={"generated": generate_password()})
    # A wrong filter (a date of 31/02) would leave the others out too: the export would hold every case the
    # user may see, not those they chose. Nothing is exported until the filters are right.
    filters_valid = filter_form.is_valid()
    if request.method == "POST" and form.is_valid() and filters_valid:
        out = tempfile.NamedTemporaryFile()  # noqa: SIM115 - closed by the FileResponse
        try:
            result = services.export_cases(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                filters=_filters(filter_form),
                out=out,
                password=form.cleaned_data["archive_password"],
                ip_address=client_ip(request),
            )
        except ValidationError as refused:
            out.close()
            filter_form.add_error(None, refused)
            filters_valid = False
        else:
            return _download(out, result.filename)
    return render(
        request,
        "exchange/export.html",
        {
            "form": form,
            "filter_form": filter_form,
            "generated": form["generated"].value(),
            "query": request.GET,
            "k_anonymity": ctdc.K_ANONYMITY,
        },
        status=400 if request.method == "POST" and not filters_valid else 200,
    )


@never_cache
@sensitive_post_parameters(*ARCHIVE_PASSWORD_FIELDS)
@require_http_methods(["GET", "POST"])
def export_case(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponseBase:
    case = get_case_for_user(request.user, case_id)
    form = PasswordForm(request.POST or None, initial={"generated": generate_password()})
    if request.method == "POST" and form.is_valid():
        out = tempfile.NamedTemporaryFile()  # noqa: SIM115 - closed by the FileResponse
        result = services.export_case(
            actor=request.user,
            case_id=case.pk,
            out=out,
            password=form.cleaned_data["archive_password"],
            ip_address=client_ip(request),
        )
        return _download(out, result.filename)
    return render(
        request, "exchange/export_case.html", {"case": case, "form": form, "generated": form["generated"].value()}
    )
