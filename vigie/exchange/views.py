"""Imports from the web: upload, preview (the check), confirm, follow, cancel, list."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigie.accounts import permissions
from vigie.accounts.models import Agency
from vigie.exchange import services
from vigie.exchange.access import get_import_run_for_user
from vigie.exchange.forms import ImportForm
from vigie.exchange.heartbeat import last_heard_of
from vigie.exchange.importing import rows_written
from vigie.exchange.models import ImportRun
from vigie.exchange.selectors import import_runs_visible_to, problems_of
from vigie.http import AuthenticatedHttpRequest, client_ip

SHOWN_PROBLEMS = 50


@require_GET
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_import(request.user) and not permissions.can_list_all_imports(request.user):
        raise PermissionDenied
    page = Paginator(import_runs_visible_to(request.user), 50).get_page(request.GET.get("page"))
    interrupted = {run.pk for run in page.object_list if services.is_interrupted(run)}
    context = {"page": page, "can_import": permissions.can_import(request.user), "interrupted": interrupted}
    return render(request, "exchange/import_list.html", context)


@sensitive_post_parameters("password")  # not in error reports
@require_http_methods(["GET", "POST"])
def import_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = services.import_kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    agencies = Agency.objects.filter(pk__in=permissions.register_prepare_agencies(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.start_web_import(
                actor=request.user,
                kind=data["kind"],
                upload=data["file"],
                agency=data["agency"],
                dataset_name=data["dataset_name"],
                keep_valid=data["keep_valid"],
                language=translation.get_language() or "",
                password=data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("exchange:import-run", run_id=run.pk)
    return render(request, "exchange/import_new.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def import_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = get_import_run_for_user(request.user, run_id)
    sees_rows = permissions.can_see_import_rows(request.user, run.agency_id)
    problems = problems_of(run, limit=SHOWN_PROBLEMS) if sees_rows else []
    preview = run.preview if sees_rows else []
    if run.agency_id is not None and (problems or preview):
        services.record_import_rows_view(actor=request.user, run=run, ip_address=client_ip(request))
    interrupted = services.is_interrupted(run)
    context = {
        "run": run,
        "sees_rows": sees_rows,
        "problems": problems,
        "preview": preview,
        "imported": rows_written(run),
        "can_confirm": sees_rows and services.can_be_confirmed(run),
        "may_confirm": permissions.can_confirm_import(request.user, run.agency_id),
        "interrupted": interrupted,
        "last_heard_of": last_heard_of(run),
        "running": run.status in {ImportRun.Status.QUEUED, ImportRun.Status.RUNNING} and not interrupted,
        "progress": services.progress_of(run),
        "cancelling": services.cancel_asked_by(run) is not None,
    }
    return render(request, "exchange/import_run.html", context)


@require_GET
def import_progress(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = get_import_run_for_user(request.user, run_id)
    response = render(request, "exchange/_import_progress.html", {"run": run, "progress": services.progress_of(run)})
    if run.status not in {ImportRun.Status.QUEUED, ImportRun.Status.RUNNING} or services.is_interrupted(run):
        response["HX-Refresh"] = "true"  # finished or interrupted: the whole page shows the outcome
    return response


@require_POST
def import_confirm(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    check = get_import_run_for_user(request.user, run_id, rows=True)
    try:
        run = services.confirm_import(actor=request.user, check=check, keep_valid=bool(request.POST.get("keep_valid")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchange:import-run", run_id=check.pk)
    return redirect("exchange:import-run", run_id=run.pk)


@require_POST
def import_cancel(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = get_import_run_for_user(request.user, run_id, rows=True)
    services.cancel_import(actor=request.user, run=run)  # a running import: its page then says it is stopping
    return redirect("exchange:import-run", run_id=run.pk)


@require_GET
def import_rejects(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponseBase:
    run = get_import_run_for_user(request.user, run_id, rows=True)
    try:
        path = services.record_rejects_download(actor=request.user, run=run, ip_address=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchange:import-run", run_id=run.pk)
    name = rejects_file_name(run.file_name)
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")


def rejects_file_name(file_name: str) -> str:
    """The name of the file of rejected rows: the imported file's own (a file of an archive is recorded as
    "export.zip: htcds-….csv"), with no character a system would refuse in a file name."""
    base = file_name.rsplit(": ", 1)[-1].rsplit(".", 1)[0]
    return f"{re.sub(r'[^\w.-]+', '-', base).strip('-.') or 'import'}-rejected.csv"
