"""Another user's write while an import is being written. On SQLite the import holds the only write lock for
its whole transaction (all or nothing): the write waits up to the busy timeout, then the user gets a page
(or, from the API, JSON) saying an import is being written and to try again in a moment, with a 503 and
Retry-After, not a server error. On PostgreSQL the write goes through."""

import importlib
import json
import os

import pytest
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation

from vigie.exchange import services
from vigie.exchange.middleware import DatabaseBusyMiddleware
from vigie.exchange.models import ImportRun

from .worker_support import (
    database_for_a_subprocess,
    queued_ctdc_run,
    share_var_dir_with_subprocesses,
    vigie_process,
    worker_in_an_import,
)

LOCKED = OperationalError("database is locked")


def next_layer(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def busy_response(path: str, language: str = "en") -> HttpResponse:
    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        response = DatabaseBusyMiddleware(next_layer).process_exception(request, LOCKED)
    assert response is not None
    return response


@pytest.mark.django_db
def test_a_page_that_could_not_write_says_an_import_is_being_written(web_imports):
    run = queued_ctdc_run(web_imports, 5)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)

    response = busy_response("/cases/new/")

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "An import is being written into the database" in response.content.decode()


@pytest.mark.django_db
def test_the_message_is_in_the_users_language_and_plain_without_an_import():
    response = busy_response("/cases/new/", "fr")

    assert response.status_code == 503
    assert "La base de données est occupée" in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_json():
    response = busy_response("/api/v1/cases/")

    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "database_busy"


def test_other_database_errors_stay_server_errors():
    request = RequestFactory().get("/")
    middleware = DatabaseBusyMiddleware(next_layer)

    assert middleware.process_exception(request, OperationalError("no such table")) is None


@pytest.mark.django_db
def test_a_view_that_meets_the_lock_answers_503(client, analyst, monkeypatch, web_imports, tmp_path):
    client.force_login(analyst)
    client.raise_request_exception = False

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "start_web_import", locked)
    with (tmp_path / "x.csv").open("wb") as file:
        file.write(b"a,b\n1,2\n")
    with (tmp_path / "x.csv").open("rb") as file:
        response = client.post(
            "/exchange/imports/new/",
            {"kind": "ctdc", "dataset_name": "X", "file": file},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 503
    assert "Try again in a moment" in response.content.decode()


class LockedAfterTheView:
    """A middleware whose own write after the view meets the lock, as the session middleware's can."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("database is locked")


@pytest.mark.django_db
def test_the_lock_met_outside_any_view_also_answers_503(client, analyst, settings):
    settings.MIDDLEWARE = [f"{__name__}.LockedAfterTheView", *settings.MIDDLEWARE]
    client.force_login(analyst)
    client.raise_request_exception = False

    page = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="fr")
    api = client.get("/api/v1/cases/")

    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "La base de données est occupée" in page.content.decode()
    assert api.status_code == 503 and json.loads(api.content)["code"] == "database_busy"


@pytest.mark.django_db
def test_other_errors_outside_a_view_stay_the_plain_server_error(client, analyst, settings):
    settings.MIDDLEWARE = [f"{__name__}.BrokenAfterTheView", *settings.MIDDLEWARE]
    client.force_login(analyst)
    client.raise_request_exception = False

    response = client.get("/cases/")

    assert response.status_code == 500 and "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


class BrokenAfterTheView(LockedAfterTheView):
    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("no such table: cases_case")


# Two real processes --------------------------------------------------------------------------------------

# Someone tries to sign in while the worker writes its import: a write, as a failed attempt is audited
# (a wrong password, so that the test does not depend on the password hashers of the test settings).
SIGN_IN = """
import json
from django.test import Client
client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
response = client.post("/accounts/login/", {"username": "someone", "password": "not the password"})
print(json.dumps({"status": response.status_code, "retry": response.get("Retry-After"),
                  "body": response.content.decode()}))
"""


# Committed for real (another process reads it); serialized_rollback puts the database back as it was,
# the content types with their ids, for the transactional tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_user_writing_during_an_import(tmp_path, settings):
    share_var_dir_with_subprocesses(settings, tmp_path)
    # Enough rows for the import to outlast the user's process (its start, its second waiting for the lock)
    # on a slow machine shared with other tests: 100,000 were imported before it wrote, there.
    run = queued_ctdc_run(tmp_path / "imports", rows=400_000)
    url, sql = database_for_a_subprocess(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "VIGIE_VAR_DIR": str(tmp_path), "VIGIE_SQLITE_BUSY_TIMEOUT": "1"}

    with worker_in_an_import(run, env):
        user = vigie_process(["shell", "-c", SIGN_IN], env)
        out, err = user.communicate(timeout=300)
        assert user.returncode == 0, err.decode()
        answer = json.loads(out.decode().strip().splitlines()[-1])
        still_importing = sql("SELECT status FROM exchange_importrun WHERE id = ?", run.pk)

    assert still_importing == [("running",)]
    if connection.vendor == "sqlite":
        assert (answer["status"], answer["retry"]) == (503, "30")
        assert "An import is being written into the database" in answer["body"]
    else:  # PostgreSQL: no lock over the whole database, the attempt is refused and recorded at once
        assert answer["status"] == 200  # the form again, with its error
        assert sql("SELECT count(*) FROM audit_auditevent WHERE action = ?", "auth.login_failed") == [(1,)]
    assert sql("SELECT count(*) FROM exchange_victimrecord") == [(0,)]  # the import: all or nothing


@pytest.mark.django_db
def test_the_import_command_says_the_database_is_busy(tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    command = importlib.import_module("vigie.exchange.management.commands.import")  # "import": a keyword

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(command, "run_import", locked)
    path = tmp_path / "ctdc.csv"
    path.write_text("a\n1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="database is busy"):
        call_command("import", "ctdc", str(path), "--dataset", "X", "--lang", "en")
