"""Pages that build a column mapping from an uploaded spreadsheet, save it, and check the file with it.

The file stays in VAR_DIR/mapping-uploads under a random name between the upload and the check; the
session holds only that name, the user's file name and the agency. The web import pages (upload,
preview, confirm) take over from a saved mapping; the check here is a dry run of the same runner.
"""

import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.accounts.models import Agency
from vigie.accounts.permissions import agencies_importing_into_register
from vigie.exchange.importing import run_import, summary
from vigie.exchange.mapping_access import get_column_mapping_for_user
from vigie.exchange.mapping_forms import MappingForm, UploadForm, initial_for
from vigie.exchange.mapping_services import save_column_mapping
from vigie.exchange.models import ColumnMapping
from vigie.exchange.readers import ImportRefused, old_workbook_message, sheet_names
from vigie.exchange.selectors import problems_of
from vigie.exchange.services import mapping_upload_dir, start_spreadsheet_import
from vigie.exchange.spreadsheet import SpreadsheetImporter, read_sample, suggest_mapping
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest

SESSION_KEY = "exchange_mapping_upload"
SUFFIXES = {".csv", ".xlsx"}
SHOWN_PROBLEMS = 20
# Rows the page's check reads while the user waits: some seconds at most on modest hardware.
CHECKED_ROWS = 1000


def _importing_agencies(request: AuthenticatedHttpRequest) -> "QuerySet[Agency]":
    agency_ids = agencies_importing_into_register(request.user)
    if not agency_ids:
        raise PermissionDenied
    return Agency.objects.filter(pk__in=agency_ids).order_by("name")


def _upload_dir() -> Path:
    return mapping_upload_dir()


def _keep_upload(request: AuthenticatedHttpRequest, file: "UploadedFile[bytes]", agency: Agency) -> None:
    suffix = Path(file.name or "").suffix.lower()
    stored = _upload_dir() / f"{uuid.uuid4().hex}{suffix}"
    stored.parent.mkdir(parents=True, exist_ok=True)
    with stored.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    request.session[SESSION_KEY] = {"stored": stored.name, "name": file.name, "agency": agency.pk}


def _upload(request: AuthenticatedHttpRequest, agency_ids: set[int]) -> tuple[Path, str, int] | None:
    kept: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not kept or kept["agency"] not in agency_ids:
        return None
    path = _upload_dir() / Path(kept["stored"]).name  # a name only: never a path the session could carry
    return (path, kept["name"], kept["agency"]) if path.is_file() else None


@require_http_methods(["GET", "POST"])
def mappings(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = _importing_agencies(request)
    saved = ColumnMapping.objects.filter(agency__in=agencies).select_related("agency", "created_by")
    form = UploadForm(request.POST or None, request.FILES or None, agencies=agencies, mappings=saved)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        suffix = Path(file.name).suffix.lower()
        if suffix == ".xls":
            form.add_error("file", old_workbook_message())
        elif suffix not in SUFFIXES:
            form.add_error("file", _("Choose an Excel file (.xlsx) or a CSV file (.csv)."))
        else:
            _keep_upload(request, file, form.cleaned_data["agency"])
            chosen = form.cleaned_data["mapping"]
            return redirect("exchange:mapping-edit", chosen.pk) if chosen else redirect("exchange:mapping-new")
    return render(request, "exchange/mappings.html", {"form": form, "mappings": saved})


@require_http_methods(["GET", "POST"])
def mapping_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = _importing_agencies(request)
    upload = _upload(request, set(agencies.values_list("pk", flat=True)))
    if upload is None:
        messages.info(request, _("First choose the spreadsheet to read."))
        return redirect("exchange:mappings")
    return _mapping_page(request, None, upload, agencies.get(pk=upload[2]))


@require_http_methods(["GET", "POST"])
def mapping_edit(request: AuthenticatedHttpRequest, mapping_id: int) -> HttpResponse:
    mapping = get_column_mapping_for_user(request.user, mapping_id)
    upload = _upload(request, {mapping.agency_id})
    return _mapping_page(request, mapping, upload, mapping.agency)


def _mapping_page(
    request: AuthenticatedHttpRequest,
    mapping: ColumnMapping | None,
    upload: tuple[Path, str, int] | None,
    agency: Agency,
) -> HttpResponse:
    headers: list[str] = list(mapping.columns) if mapping else []
    sample: list[dict[str, str]] = []
    refusal, sheets, sheet = "", [], mapping.sheet if mapping else ""
    if upload is not None:
        try:
            sheets = sheet_names(upload[0])
            sheet = _chosen_sheet(request, mapping, sheets)
            headers, sample = read_sample(upload[0], sheet=sheet)
        except ImportRefused as error:
            refusal = error.message
    initial = initial_for(mapping, headers, suggest_mapping(headers)) | {"sheet": sheet}
    form = MappingForm(request.POST or None, headers=headers, initial=initial)
    context: dict[str, Any] = {"form": form, "mapping": mapping, "agency": agency, "refusal": refusal}
    context |= {
        "file_name": upload[1] if upload else "",
        "sample": [[row.get(h, "") for h in headers] for row in sample],
        "sheets": sheets,
        "sheet": sheet,
    }
    if request.method == "POST" and form.is_valid():
        try:
            mapping = save_column_mapping(
                actor=request.user,
                agency=agency,
                name=form.cleaned_data["name"],
                columns=form.columns(),
                value_maps=form.value_maps(),
                date_order=form.cleaned_data["date_order"],
                sheet=form.cleaned_data["sheet"] if len(sheets) > 1 else "",
                mapping=mapping,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mapping “%(name)s” saved.") % {"name": mapping.name})
            if "import" in request.POST and upload is not None:
                # Checked and confirmed like any import from the web, by the worker, outside the request.
                try:
                    run = start_spreadsheet_import(
                        actor=request.user, mapping=mapping, path=upload[0], file_name=upload[1]
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    request.session.pop(SESSION_KEY, None)
                    return redirect("exchange:import-run", run.pk)
            elif "check" in request.POST and upload is not None:
                context |= _check(request, mapping, upload)
            else:
                return redirect("exchange:mapping-edit", mapping.pk)
    context["mapping"] = mapping
    return render(request, "exchange/mapping_form.html", context)


def _chosen_sheet(request: AuthenticatedHttpRequest, mapping: ColumnMapping | None, sheets: list[str]) -> str:
    """The sheet asked for (the sheet picker, or the form that shows its columns), else the mapping's own,
    else the first; a workbook of one sheet (and a CSV file) needs no name."""
    asked = (request.POST if request.method == "POST" else request.GET).get("sheet", "")
    for candidate in (asked, mapping.sheet if mapping else ""):
        if candidate and candidate in sheets:
            return candidate
    return sheets[0] if len(sheets) > 1 else ""


def _check(request: AuthenticatedHttpRequest, mapping: ColumnMapping, upload: tuple[Path, str, int]) -> dict[str, Any]:
    """The first rows read with the mapping, nothing written: enough to see how the mapping reads the file,
    while the user waits (a whole file of 50 MB would outlast the request, and hold SQLite's write lock). The
    import checks every row, outside the request, before anything is written."""
    run = run_import(
        importer=SpreadsheetImporter(mapping),
        first_rows=CHECKED_ROWS,
        path=upload[0],
        actor=request.user,
        agency=mapping.agency,
        dry_run=True,
        file_name=upload[1],
    )
    return {
        "check": run,
        "check_summary": summary(run),
        "problems": problems_of(run, limit=SHOWN_PROBLEMS),
    }
