import os
import pwd

import pytest
from django.core.management import CommandError, call_command

from vigie.accounts.models import Agency
from vigie.audit.models import AuditEvent
from vigie.exchange.exports import ctdc
from vigie.exchange.tests.exports_support import PASSWORD, csv_rows, open_archive, rich_case


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n")
    return path


def test_it_exports_htcds_as_the_user_into_an_archive(tmp_path, password_file, anltp, investigator):
    _case, _, _ = rich_case(anltp, investigator)
    output = tmp_path / "htcds.zip"
    call_command("export", "htcds-xlsx", "-o", output, "--as", investigator.username, "--password-file", password_file)
    (name,) = open_archive(output.read_bytes())
    assert name.endswith(".xlsx")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="")
    assert event.actor == investigator
    # --as acts as a vigie user; who ran the command is the machine's account, named too.
    assert event.changes["operator"] == f"{pwd.getpwuid(os.getuid()).pw_name} (ligne de commande)"


def test_it_exports_one_case_by_reference(tmp_path, password_file, anltp, investigator):
    case, _, _ = rich_case(anltp, investigator)
    output = tmp_path / "case.zip"
    call_command(
        "export", "case-json", "--case", case.reference, "-o", output, "--as", investigator.username,
        "--password-file", password_file,
    )  # fmt: skip
    assert list(open_archive(output.read_bytes())) == [f"{case.reference}.json"]


def test_the_filters_apply(tmp_path, password_file, anltp, investigator):
    rich_case(anltp, investigator, offences=["som"])
    output = tmp_path / "htcds.zip"
    call_command(
        "export", "htcds-csv", "--offence", "tip", "--agency", "ANLTP", "-o", output, "--as", investigator.username,
        "--password-file", password_file,
    )  # fmt: skip
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="").changes["records"] == 0


def test_an_analyst_gets_plain_anonymous_records_but_no_htcds(tmp_path, password_file, anltp, investigator, analyst):
    for _ in range(ctdc.K_ANONYMITY):
        rich_case(anltp, investigator)
    output = tmp_path / "ctdc.csv"
    call_command("export", "ctdc-csv", "-o", output, "--as", analyst.username)
    assert len(csv_rows(output.read_bytes())) == ctdc.K_ANONYMITY
    refused = tmp_path / "htcds.zip"
    with pytest.raises(CommandError, match="pas le droit de faire cet export"):
        call_command("export", "htcds-xlsx", "-o", refused, "--as", analyst.username, "--password-file", password_file)
    assert not refused.exists()
    assert set(tmp_path.iterdir()) == {password_file, output}  # no half-written file left behind
    with pytest.raises(CommandError, match="recherche par nom ou par référence de dossier"):
        call_command("export", "ctdc-csv", "--q", "Kouyaté", "-o", tmp_path / "q.csv", "--as", analyst.username)
    assert not (tmp_path / "q.csv").exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).count() == 1  # the first export only


def test_a_clerk_cannot_export_another_agencys_case_nor_learn_that_it_exists(
    tmp_path, password_file, naptip, outsider, clerk
):
    other, _, _ = rich_case(naptip, outsider)
    for reference in (other.reference, "NE-XXX-2021-0001"):
        with pytest.raises(CommandError, match=f"Aucun dossier {reference} que cet utilisateur peut voir"):
            call_command(
                "export", "case-json", "--case", reference, "-o", tmp_path / "x.zip", "--as", clerk.username,
                "--password-file", password_file,
            )  # fmt: skip


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--country", "XX"], "Aucun pays avec le code XX"),
        (["--offence", "theft"], "Aucune infraction theft : donnez l'une de tip, som"),
        (["--status", "ouvert"], "Aucun statut ouvert : donnez l'un de open"),
        (["--opened-from", "31/02/2021"], "--opened-from: Ce jour n'existe pas dans le calendrier."),
        (["--opened-to", "hier"], "--opened-to: Ce n.est pas une date."),
    ],
)
def test_a_mistyped_filter_is_refused_not_an_empty_export(
    tmp_path, password_file, anltp, investigator, options, message
):
    output = tmp_path / "htcds.zip"
    with pytest.raises(CommandError, match=message):
        call_command(
            "export",
            "htcds-csv",
            *options,
            "-o",
            output,
            "--as",
            investigator.username,
            "--password-file",
            password_file,
        )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_dates_are_read_as_on_the_import_side(tmp_path, password_file, anltp, investigator):
    rich_case(anltp, investigator)  # opened on 12 March 2025
    output = tmp_path / "htcds.zip"
    call_command(
        "export", "htcds-csv", "--opened-from", "13/03/2025", "-o", output, "--as", investigator.username,
        "--password-file", password_file,
    )  # fmt: skip
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="").changes["records"] == 0


@pytest.mark.parametrize("where", ["folder", "no-such-folder/x.zip"])
def test_an_output_that_cannot_be_written_is_refused_before_exporting(
    tmp_path, password_file, anltp, investigator, where
):
    output = tmp_path / where
    if where == "folder":
        output.mkdir()
    with pytest.raises(CommandError, match="dossier"):
        call_command(
            "export", "htcds-csv", "-o", output, "--as", investigator.username, "--password-file", password_file
        )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaaaaaaaa", "trop peu de caractères différents"),
        ("123456789012", "entièrement numérique"),
        ("password1234", "trop courant"),
    ],
)
def test_a_password_easy_to_guess_is_refused(tmp_path, anltp, investigator, password, message):
    # The archive can be attacked offline for as long as anyone likes: length alone is not enough.
    weak = tmp_path / "weak.txt"
    weak.write_text(password)
    with pytest.raises(CommandError, match=message):
        call_command("export", "htcds-xlsx", "-o", tmp_path / "x.zip", "--as", investigator.username,
                     "--password-file", weak)  # fmt: skip
    assert not (tmp_path / "x.zip").exists()


def test_a_short_password_is_refused(tmp_path, anltp, investigator):
    short = tmp_path / "short.txt"
    short.write_text("court")
    with pytest.raises(CommandError, match="au moins 12"):
        call_command("export", "htcds-xlsx", "-o", tmp_path / "x.zip", "--as", investigator.username,
                     "--password-file", short)  # fmt: skip


def test_it_reports_in_the_language_asked_for(tmp_path, password_file, anltp, investigator, capsys):
    rich_case(anltp, investigator)
    summaries = {
        "fr": "(archive chiffrée) : enregistrements 1, de dossiers 1.",
        "en": "(encrypted archive): records 1, from cases 1.",
    }
    for lang, summary in summaries.items():
        output = tmp_path / f"htcds-{lang}.zip"
        call_command(
            "export", "htcds-csv", "-o", output, "--as", investigator.username, "--password-file", password_file,
            "--lang", lang,
        )  # fmt: skip
        assert summary in capsys.readouterr().out


def test_an_agency_code_two_countries_share_is_written_with_its_country(tmp_path, password_file, anltp, investigator):
    # Codes are unique within a country: the export took whichever agency came first.
    Agency.objects.create(code="ANLTP", name="Homonyme", country_id="ML", kind=Agency.Kind.NGO)
    rich_case(anltp, investigator)
    output = tmp_path / "htcds.zip"
    options = ["-o", output, "--as", investigator.username, "--password-file", password_file]
    with pytest.raises(CommandError, match="PAYS/CODE"):
        call_command("export", "htcds-csv", "--agency", "ANLTP", *options)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()

    call_command("export", "htcds-csv", "--agency", "NE/ANLTP", *options)
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="").changes["records"] == 1
