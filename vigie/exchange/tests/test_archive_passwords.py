"""The password of an archive on the command line: from a file, the environment or the terminal, never as
an argument (the process list shows a command's arguments to every user of the machine)."""

import io

import pytest
from django.core.management import CommandError, call_command

from vigie.cases.models import Case
from vigie.conftest import make_member
from vigie.exchange.management import passwords
from vigie.exchange.tests.exports_support import PASSWORD, open_archive, rich_case
from vigie.tests.matrix import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_archive(case_archive, naptip):
    admin_of_naptip = make_member(naptip, Role.AGENCY_ADMIN)

    def run(*options):
        call_command("import", "case-json", str(case_archive), "--agency", "NAPTIP", "--as", admin_of_naptip.username,
                     "--lang", "en", *options)  # fmt: skip
        return Case.objects.filter(agency=naptip).count()

    return run


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.delenv(passwords.PASSWORD_VARIABLE, raising=False)


@pytest.fixture
def terminal(monkeypatch):
    """A terminal on which the user types the given answers, in turn."""
    monkeypatch.delenv(passwords.PASSWORD_VARIABLE, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    typed: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: typed.pop(0))
    return typed


def test_the_import_reads_the_password_from_a_file(import_archive, tmp_path, no_terminal):
    wrong, right = tmp_path / "wrong.txt", tmp_path / "right.txt"
    wrong.write_text("pas le bon mot de passe\n")
    right.write_text(f"{PASSWORD}\nthe rest of the file is not read\n")

    with pytest.raises(CommandError, match="Wrong password"):
        import_archive("--password-file", wrong)
    assert import_archive("--password-file", right) == 1


def test_the_import_reads_the_password_from_the_environment(import_archive, monkeypatch, no_terminal):
    monkeypatch.setenv(passwords.PASSWORD_VARIABLE, PASSWORD)

    assert import_archive() == 1


def test_the_import_asks_for_the_password_on_a_terminal(import_archive, terminal):
    terminal.append(PASSWORD)

    assert import_archive() == 1
    assert terminal == []  # asked once: importing needs no confirmation


def test_without_a_terminal_the_import_says_how_to_give_the_password(import_archive, no_terminal):
    with pytest.raises(CommandError, match="--password-file FILE, or set the variable VIGIE_ARCHIVE_PASSWORD"):
        import_archive()


def test_a_password_in_the_arguments_is_refused(import_archive, no_terminal):
    with pytest.raises(CommandError, match="would show the password to every user"):
        import_archive("--password", PASSWORD)


def test_a_missing_password_file_is_a_clear_error(import_archive, tmp_path, no_terminal):
    with pytest.raises(CommandError, match="Cannot read the password file"):
        import_archive("--password-file", tmp_path / "nowhere.txt")


def test_the_export_reads_the_password_from_the_environment(tmp_path, anltp, investigator, monkeypatch, no_terminal):
    rich_case(anltp, investigator)
    monkeypatch.setenv(passwords.PASSWORD_VARIABLE, PASSWORD)

    call_command("export", "htcds-xlsx", "-o", tmp_path / "cases.zip", "--as", investigator.username)

    assert open_archive((tmp_path / "cases.zip").read_bytes())


def test_the_export_asks_twice_on_a_terminal(tmp_path, anltp, investigator, terminal):
    rich_case(anltp, investigator)
    terminal.extend([PASSWORD, PASSWORD + "x"])

    with pytest.raises(CommandError, match="differ"):
        call_command(
            "export", "htcds-xlsx", "-o", tmp_path / "cases.zip", "--as", investigator.username, "--lang", "en"
        )
    assert not (tmp_path / "cases.zip").exists()


def test_without_a_terminal_the_export_says_how_to_give_the_password(tmp_path, anltp, investigator, no_terminal):
    with pytest.raises(CommandError, match="VIGIE_ARCHIVE_PASSWORD"):
        call_command("export", "case-json", "-o", tmp_path / "case.zip", "--as", investigator.username, "--case", "1")


def test_a_password_in_the_export_arguments_is_refused(tmp_path, investigator, no_terminal):
    with pytest.raises(CommandError, match="--password-file"):
        call_command("export", "htcds-xlsx", "-o", tmp_path / "x.zip", "--as", investigator.username,
                     "--password", PASSWORD, "--lang", "en")  # fmt: skip
