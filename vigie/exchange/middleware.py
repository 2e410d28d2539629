from collections.abc import Callable

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vigie.exchange.models import ImportRun

# What the user's browser or API client is told to wait before trying again.
RETRY_AFTER_SECONDS = 30


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
        message = database_busy_message()
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message, "code": "database_busy"}, status=503)
        else:
            response = render(request, "exchange/database_busy.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
