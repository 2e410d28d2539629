import datetime
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vigie.accounts.models import User
from vigie.cases.models import Case, SuspectedOffence
from vigie.cases.selectors import CaseFilters
from vigie.exchange.dates import DateNotUnderstood, parse_full_date
from vigie.exchange.exports.archive import check_password
from vigie.exchange.exports.ctdc import K_ANONYMITY
from vigie.exchange.exports.services import IDENTIFYING_KINDS, ExportKind, ExportResult, export_case, export_cases
from vigie.exchange.management.agencies import agency_from_option
from vigie.exchange.management.operators import command_line_operator
from vigie.exchange.management.passwords import add_password_arguments, archive_password, no_password_given
from vigie.reference.models import Country


def _one_of(value: str, values: list[str]) -> dict[str, str]:
    return {"value": value, "values": ", ".join(values)}


def _day(text: str, option: str) -> datetime.date | None:
    try:
        return parse_full_date(text)
    except DateNotUnderstood as error:
        raise CommandError(f"{option}: {error}") from None


class Command(BaseCommand):
    help = (
        "Export the register as a user would from the web: HTCDS v2.0 (htcds-xlsx, htcds-csv) or one case "
        "(case-json) into an AES-encrypted ZIP archive, or anonymous CTDC-compatible records (ctdc-csv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ExportKind])
        parser.add_argument("-o", "--output", required=True, type=Path, help="File to write.")
        parser.add_argument(
            "--as", dest="username", required=True, help="The user exporting: their access applies, audited."
        )
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--case", help="case-json: the case's reference or number.")
        parser.add_argument("--q", default="", help="A case reference or a person's name, as in the case list.")
        parser.add_argument("--status", default="", help=f"The case's status: {', '.join(Case.Status.values)}.")
        parser.add_argument(
            "--offence", default="", help=f"A suspected offence: {', '.join(SuspectedOffence.Offence.values)}."
        )
        parser.add_argument("--agency", default="", help="Lead agency: COUNTRY/CODE, or CODE when one agency has it.")
        parser.add_argument("--country", default="", help="Country of detection, ISO alpha-2 (NE, NG…).")
        # Read here, not by argparse: its messages are in English whatever --lang says.
        parser.add_argument("--opened-from", default="", help="Cases opened on or after: 2021-03-12 or 12/03/2021.")
        parser.add_argument("--opened-to", default="", help="Cases opened on or before: 2021-03-12 or 12/03/2021.")
        add_password_arguments(
            parser,
            purpose="The archive's password (htcds-xlsx, htcds-csv, case-json); ctdc-csv is written as a plain CSV "
            "unless a password file is given",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Messages in the language asked for, else the site's: never whatever an earlier caller left active.
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            self._handle(options.pop("kind"), options.pop("output"), options.pop("username"), options)

    def _handle(self, kind: str, output: Path, username: str, options: dict[str, Any]) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("No active user %(name)s.") % {"name": username}) from None
        self._check_output(output)
        filters = self._filters(options)
        password = self._password(kind, options)
        # Written beside the target and renamed at the end: a failed export leaves no half file behind.
        handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                result = self._export(kind, user, out, password, options, filters)
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self._report(result, output)

    def _password(self, kind: str, options: dict[str, Any]) -> str | None:
        if kind not in IDENTIFYING_KINDS and options["password_file"] is None:
            return None  # anonymous records: an archive only if asked for with a file
        password = archive_password(options, confirm=True)
        if password is None:
            raise no_password_given()
        try:
            check_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

    def _check_output(self, output: Path) -> None:
        """Before anything is exported (and audited): a file that can be written."""
        if output.is_dir():
            raise CommandError(_("%(path)s is a folder: give the name of the file to write.") % {"path": output})
        if not output.parent.is_dir():
            raise CommandError(_("No folder %(path)s to write the file in.") % {"path": output.parent})

    def _export(
        self, kind: str, user: User, out: Any, password: str | None, options: dict[str, Any], filters: CaseFilters
    ) -> ExportResult:
        try:
            if kind == ExportKind.CASE_JSON:
                case_id = self._case_id(options["case"])
                try:
                    return export_case(
                        actor=user, case_id=case_id, out=out, password=password or "", operator=command_line_operator()
                    )
                except (PermissionDenied, Http404):
                    # As for a case that does not exist: whether it does is not for this user to learn.
                    raise CommandError(
                        _("No case %(case)s that this user may see.") % {"case": options["case"]}
                    ) from None
            return export_cases(
                actor=user, kind=kind, filters=filters, out=out, password=password, operator=command_line_operator()
            )
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        except (PermissionDenied, Http404):
            raise CommandError(_("%(user)s may not make this export.") % {"user": user.get_username()}) from None

    def _case_id(self, case: str | None) -> int:
        if not case:
            raise CommandError(_("case-json needs --case REFERENCE."))
        found = Case.objects.filter(reference=case).values_list("pk", flat=True).first()
        if found is None and case.isdigit():
            found = int(case)
        if found is None:
            raise CommandError(_("No case %(case)s that this user may see.") % {"case": case})
        return found

    def _filters(self, options: dict[str, Any]) -> CaseFilters:
        """Each filter checked, with a message saying what it takes: a filter that matches nothing because it
        is mistyped would give an empty export and no error."""
        agency_id = agency_from_option(options["agency"]).pk if options["agency"] else None
        status, offence, country = options["status"], options["offence"], options["country"].upper()
        if status and status not in Case.Status.values:
            raise CommandError(_("No status %(value)s: give one of %(values)s.") % _one_of(status, Case.Status.values))
        if offence and offence not in SuspectedOffence.Offence.values:
            raise CommandError(
                _("No offence %(value)s: give one of %(values)s.") % _one_of(offence, SuspectedOffence.Offence.values)
            )
        if country and not Country.objects.filter(iso2=country).exists():
            raise CommandError(_("No country with the code %(code)s (ISO alpha-2: NE, NG…).") % {"code": country})
        return CaseFilters(
            query=options["q"],
            status=status,
            offence=offence,
            agency_id=agency_id,
            country_id=country,
            opened_from=_day(options["opened_from"], "--opened-from"),
            opened_to=_day(options["opened_to"], "--opened-to"),
        )

    def _report(self, result: ExportResult, output: Path) -> None:
        what = _("encrypted archive") if result.filename.endswith(".zip") else _("file")
        self.stdout.write(
            _("Written to %(output)s (%(what)s): records %(records)s, from cases %(cases)s.")
            % {"records": result.records, "cases": result.cases, "output": output, "what": what}
        )
        if result.withheld:
            self.stdout.write(
                _("Records withheld: %(count)s (fewer than %(k)s records shared their values).")
                % {"count": result.withheld, "k": K_ANONYMITY}
            )
