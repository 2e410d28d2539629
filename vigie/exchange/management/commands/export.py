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
from vigie.cases.models import Case
from vigie.cases.selectors import CaseFilters
from vigie.exchange.exports.archive import check_password
from vigie.exchange.exports.ctdc import K_ANONYMITY
from vigie.exchange.exports.services import IDENTIFYING_KINDS, ExportKind, ExportResult, export_case, export_cases
from vigie.exchange.management.agencies import agency_from_option
from vigie.exchange.management.passwords import add_password_arguments, archive_password, no_password_given


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
        parser.add_argument("--status", default="", choices=["", *Case.Status.values])
        parser.add_argument("--offence", default="")
        parser.add_argument("--agency", default="", help="Lead agency: COUNTRY/CODE, or CODE when one agency has it.")
        parser.add_argument("--country", default="", help="Country of detection, ISO alpha-2.")
        parser.add_argument("--opened-from", type=datetime.date.fromisoformat)
        parser.add_argument("--opened-to", type=datetime.date.fromisoformat)
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
        password = self._password(kind, options)
        # Written beside the target and renamed at the end: a failed export leaves no half file behind.
        handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                result = self._export(kind, user, out, password, options)
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

    def _export(self, kind: str, user: User, out: Any, password: str | None, options: dict[str, Any]) -> ExportResult:
        try:
            if kind == ExportKind.CASE_JSON:
                case_id = self._case_id(options["case"])
                return export_case(actor=user, case_id=case_id, out=out, password=password or "")
            return export_cases(actor=user, kind=kind, filters=self._filters(options), out=out, password=password)
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
        agency_id = agency_from_option(options["agency"]).pk if options["agency"] else None
        return CaseFilters(
            query=options["q"],
            status=options["status"],
            offence=options["offence"],
            agency_id=agency_id,
            country_id=options["country"].upper(),
            opened_from=options["opened_from"],
            opened_to=options["opened_to"],
        )

    def _report(self, result: ExportResult, output: Path) -> None:
        what = _("encrypted archive") if result.filename.endswith(".zip") else _("file")
        self.stdout.write(
            _("%(records)s records from %(cases)s cases written to %(output)s (%(what)s).")
            % {"records": result.records, "cases": result.cases, "output": output, "what": what}
        )
        if result.withheld:
            self.stdout.write(
                _("%(count)s records withheld: fewer than %(k)s records shared their values.")
                % {"count": result.withheld, "k": K_ANONYMITY}
            )
