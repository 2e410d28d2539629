import logging
import sys
from collections.abc import Callable

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

from vigie.exchange.models import ImportRun

# What the user's browser or API client is told to wait before trying again.
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


def is_database_busy(error: BaseException) -> bool:
    """SQLite's answer when its one write lock stayed taken past the busy timeout (VIGIE_SQLITE_BUSY_TIMEOUT)."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def _import_under_way() -> bool:
    try:
        # A read: on SQLite in WAL mode it does not wait for the writer.
        return ImportRun.objects.filter(status=ImportRun.Status.RUNNING).exists()
    except DatabaseError:
        return False


def database_busy_message() -> str:
    if _import_under_way():
        return _(
            "An import is being written into the database. It is written all at once, so that it is all or "
            "nothing, and other changes wait for it: yours was not saved. Try again in a moment."
        )
    return _("The database is busy: your change was not saved. Try again in a moment.")


class DatabaseBusyMiddleware:
    """On SQLite an import holds the only write lock for its whole transaction (all or nothing): a request
    that needs to write meanwhile waits up to the busy timeout, then fails. It gets a 503 that says why and
    when to try again (a page, or JSON for the API), not a server error. PostgreSQL has no such lock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        return database_busy_response(request)


def database_busy_response(request: HttpRequest, *, plain: bool = False) -> HttpResponse:
    """503 with Retry-After: JSON for the API, else the page (`plain`: a bare page, nothing more to fail)."""
    message = database_busy_message()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message, "code": "database_busy"}, status=503)
    elif plain:
        response = HttpResponse(f"<!DOCTYPE html><title>vigie</title><p role=alert>{escape(message)}</p>", status=503)
    else:
        response = render(request, "exchange/database_busy.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. The lock can also be met outside any view, where the middleware above does not see it:
    a middleware's own write after the view (the session saved, a login's last_login). Django turns that
    into a server error and calls this handler while the error is being handled: the same 503 then, else
    Django's plain 500 page."""
    error = sys.exc_info()[1]
    if error is None or not is_database_busy(error):
        return defaults.server_error(request)
    try:
        return database_busy_response(request)
    except Exception:  # the page needs the database too (the user, the menu): never a second error here
        logger.exception("The page saying the database is busy could not be drawn")
        return database_busy_response(request, plain=True)
