"""`vigie report`: writes the PDF in the language asked for; a report that cannot be made is exit status 2
with a message in that language, and no file."""

import io

import pytest
from django.core.management import CommandError, call_command

from vigie.analytics.tests.report_support import pdf_text, report_register  # noqa: F401
from vigie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("report_register")
def test_it_writes_the_report_in_french(tmp_path):
    target = tmp_path / "rapport.pdf"

    printed = report("--country", "ne", "--year", "2024", "--lang", "fr", "-o", str(target))

    assert printed.strip() == f"Rapport Niger, 2024 écrit dans {target} : 16 victimes détectées."
    content = target.read_bytes()
    assert content.startswith(b"%PDF")
    assert "Victimes détectées 16\n" in pdf_text(content)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, changes__kind="report-pdf").count() == 1


@pytest.mark.usefixtures("report_register")
def test_it_writes_the_report_in_english_for_the_cases_a_user_may_count(tmp_path, outsider):
    target = tmp_path / "report.pdf"

    # NAPTIP's investigator counts NAPTIP's cases: none of them was detected in Niger.
    printed = report("--country", "NE", "--year", "2024", "--lang", "en", "-o", str(target), "--as", outsider.username)

    assert printed.strip() == f"Report of Niger, 2024 written to {target}: 0 victims detected."
    assert "Victims detected 0\n" in pdf_text(target.read_bytes())
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == outsider
    assert event.changes["scope"] == "cases the user may count"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX", "--year", "2024", "--lang", "fr"], "Pays inconnu XX"),
        (["--country", "NE", "--year", "deux", "--lang", "fr"], "L'année doit être un nombre de 1990 à"),
        (["--country", "NE", "--year", "2024", "--lang", "de"], "Langue inconnue de ; connues : fr, en."),
        (["--country", "XX", "--year", "2024", "--lang", "en"], "Unknown country XX"),
        (["--country", "NE", "--year", "1850", "--lang", "en"], "The year must be a number from 1990 to"),
    ],
)
def test_a_report_that_cannot_be_made_is_exit_status_2_in_the_language_asked_for(tmp_path, args, message):
    target = tmp_path / "report.pdf"

    with pytest.raises(CommandError, match=message) as raised:
        report(*args, "-o", str(target))

    assert raised.value.returncode == 2
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.exists()
