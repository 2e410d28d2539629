import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.exchange.archives import command_line_limit, extract_export_archive, is_export_archive
from vigie.exchange.importers import DEFAULT_DATASETS, IMPORTERS, importer_for
from vigie.exchange.importing import ImportRefused, max_import_bytes, rows_written, run_import, summary
from vigie.exchange.management.agencies import agency_from_option
from vigie.exchange.management.operators import command_line_operator
from vigie.exchange.management.passwords import add_password_arguments, archive_password, no_password_given
from vigie.exchange.middleware import database_busy_message, is_database_busy
from vigie.exchange.models import ColumnMapping, ImportRun
from vigie.exchange.selectors import import_runs, problems_of
from vigie.exchange.services import is_interrupted

SHOWN_PROBLEMS = 50
# Kinds whose records go into an agency's register, in the name of a user of vigie (the others go into
# anonymous data sets).
REGISTER_KINDS = ("case-json", "htcds", "spreadsheet")
NO_LIMIT = sys.maxsize


@contextlib.contextmanager
def _stopped_as_ctrl_c(*signals: int) -> Iterator[None]:
    """A kill (SIGTERM) or a closed terminal (SIGHUP) stops the import as Ctrl-C does: rolled back and recorded
    as cancelled. By default the process would just end, and its run would stay "running"."""
    previous = {number: signal.signal(number, signal.default_int_handler) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _free_path(path: Path) -> Path:
    """The path, or beside it the first "-2", "-3"… not taken: an earlier run's file is not written over."""
    number = 1
    free = path
    while free.exists():
        number += 1
        free = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return free


class Command(BaseCommand):
    help = (
        "Import a file: vigie import ctdc data.csv --dataset 'CTDC 2020' [--dry-run] [--keep-valid]; "
        "an agency spreadsheet: vigie import spreadsheet file.xlsx --agency CODE --mapping NAME; "
        "a case exported by vigie: vigie import case-json CASE.zip --agency CODE --as USERNAME "
        "[--password-file FILE]; an HTCDS export's archive: vigie import htcds EXPORT.zip --agency CODE --as USERNAME "
        "[--password-file FILE]; "
        "list the imports: vigie import --list"
    )

    _rejects: Path | None = None  # where this run's rejected rows go (--keep-valid)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", choices=sorted(IMPORTERS))
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--agency", help="the agency whose register receives the records: CODE or COUNTRY/CODE")
        parser.add_argument("--dataset", help="the named data set of anonymous records (created if new)")
        parser.add_argument("--mapping", help="spreadsheet: the agency's saved column mapping, by name")
        add_password_arguments(parser, purpose="case-json, htcds: the password of an export's archive (.zip)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
        parser.add_argument("--keep-valid", action="store_true", help="import the valid rows even if some are rejected")
        parser.add_argument(
            "--rejects",
            type=Path,
            help="CSV file for the rejected rows (with --keep-valid; default: FILE-rejected.csv beside the file)",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="the user this import is recorded for: required for case-json, htcds and spreadsheet, whose role "
            "must allow it (a data clerk checks with --dry-run)",
        )
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument(
            "--max-mb", type=float, help="refuse files bigger than this (default: no limit; the web's is a setting)"
        )
        parser.add_argument("--list", action="store_true", help="list the imports, newest first")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            if options["list"]:
                self._list()
                return
            if not options["kind"] or not options["file"]:
                raise CommandError(_("Give the kind of file and the file, or --list."))
            try:
                with _stopped_as_ctrl_c(signal.SIGTERM, signal.SIGHUP):
                    run = self._import(options)
            except KeyboardInterrupt:
                raise CommandError(_("Cancelled: nothing was imported.")) from None
            except OperationalError as error:
                if not is_database_busy(error):
                    raise
                raise CommandError(database_busy_message()) from None
            self._report(run)
            if run.status != ImportRun.Status.DONE:
                raise CommandError(run.error_summary or run.get_status_display())

    def _import(self, options: dict[str, Any]) -> ImportRun:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        # Who imports, into what, and where the rejected rows go: all checked before a file is opened (an
        # archive of names is not decrypted for someone who may not import it).
        agency = self._agency(options["agency"])
        user = self._user(options["username"])
        self._check_who_imports(options, agency, user)
        archive = options["kind"] == "htcds" and is_export_archive("htcds", path.name)
        self._rejects = self._rejects_path(options, path.stem)
        if archive:
            # Decrypted into a directory only this user reads, removed when the import ends, however it ends.
            with tempfile.TemporaryDirectory(prefix="vigie-import-") as folder:
                main, member = self._extract(path, options, Path(folder))
                return self._run(main, options, agency, user, file_name=f"{path.name}: {member}")
        return self._run(path, options, agency, user)

    def _rejects_path(self, options: dict[str, Any], stem: str) -> Path | None:
        """--rejects as given, else with --keep-valid FILE-rejected.csv beside the file, not over an earlier one;
        in a folder that can be written (else the import would be rolled back at its end, for nothing)."""
        rejects: Path | None = options["rejects"]
        if rejects is None and options["keep_valid"]:
            rejects = _free_path(options["file"].with_name(f"{stem}-rejected.csv"))
        if rejects is not None and not (rejects.parent.is_dir() and os.access(rejects.parent, os.W_OK)):
            raise CommandError(
                _("The rejected rows cannot be written in %(folder)s: give another place with --rejects PATH.")
                % {"folder": rejects.parent}
            )
        return rejects

    def _extract(self, path: Path, options: dict[str, Any], folder: Path) -> tuple[Path, str]:
        password = archive_password(options, confirm=False)
        if password is None:
            raise no_password_given()
        max_mb = options["max_mb"]
        limit = command_line_limit(
            path.stat().st_size, int(max_mb * 1024 * 1024) if max_mb is not None else None, max_import_bytes()
        )
        try:
            return extract_export_archive(path, kind="htcds", password=password, to=folder, max_bytes=limit)
        except ImportRefused as refusal:
            raise CommandError(refusal.message) from None

    def _run(
        self, path: Path, options: dict[str, Any], agency: Agency | None, user: User | None, *, file_name: str = ""
    ) -> ImportRun:
        self._progress_shown = False
        try:
            return self._run_import(path, options, agency, user, file_name)
        finally:
            if self._progress_shown:
                sys.stderr.write("\n")  # below the bar, rewritten in place until now

    def _run_import(
        self, path: Path, options: dict[str, Any], agency: Agency | None, user: User | None, file_name: str
    ) -> ImportRun:
        max_mb = options["max_mb"]
        return run_import(
            importer=importer_for(options["kind"], **self._importer_options(options, agency)),
            file_name=file_name,
            path=path,
            actor=user,
            agency=agency,
            dataset=options["dataset"] or DEFAULT_DATASETS.get(options["kind"]),
            dry_run=options["dry_run"],
            keep_valid=options["keep_valid"],
            progress=self._progress,
            language=translation.get_language(),
            rejects_to=self._rejects,
            # Without --as, the system account that ran the command is who the run and its audit name.
            operator=command_line_operator(),
            # No limit by default: the file is on the server's disk and read as a stream, and this command is
            # how a file too big for the web (VIGIE_IMPORT_MAX_BYTES) gets imported.
            max_bytes=int(max_mb * 1024 * 1024) if max_mb is not None else NO_LIMIT,
        )

    def _importer_options(self, options: dict[str, Any], agency: Agency | None) -> dict[str, Any]:
        if options["kind"] == "case-json":
            if options["file"].suffix.lower() != ".zip":
                return {}  # a plain .json needs no password
            password = archive_password(options, confirm=False)
            if password is None:
                raise no_password_given()
            return {"password": password}
        if options["kind"] != "spreadsheet":
            return {}
        if agency is None or not options["mapping"]:
            raise CommandError(_("A spreadsheet is imported with --agency CODE and --mapping NAME."))
        mapping = ColumnMapping.objects.filter(agency=agency, name=options["mapping"]).first()
        if mapping is None:
            raise CommandError(
                _("The agency has no mapping named %(name)s. Its mappings: %(names)s.")
                % {
                    "name": options["mapping"],
                    "names": ", ".join(ColumnMapping.objects.filter(agency=agency).values_list("name", flat=True))
                    or "-",
                }
            )
        return {"mapping": mapping}

    def _check_who_imports(self, options: dict[str, Any], agency: Agency | None, user: User | None) -> None:
        """Before a row is read: the same rules as the web's (a data clerk checks a register's file, and
        confirming it, which confirms its identified victims, is for the roles that confirm them)."""
        kind = options["kind"]
        if kind in REGISTER_KINDS:
            if agency is None:
                raise CommandError(
                    _("This import (%(kind)s) goes into an agency's register: give --agency CODE (or COUNTRY/CODE).")
                    % {"kind": kind}
                )
            if user is None:
                raise CommandError(
                    _("This import (%(kind)s) goes into the register in a user's name: give --as USERNAME.")
                    % {"kind": kind}
                )
        if user is None:
            return
        agency_id = agency.pk if agency is not None and kind in REGISTER_KINDS else None
        if options["dry_run"] and not permissions.can_see_import_rows(user, agency_id):
            raise CommandError(_("%(name)s may not check this file: their role does not allow it.") % {"name": user})
        if not options["dry_run"] and not permissions.can_confirm_import(user, agency_id):
            raise CommandError(
                _(
                    "%(name)s may not import this file: their role does not allow it (a data clerk checks a file "
                    "with --dry-run; the roles that confirm identifications import it)."
                )
                % {"name": user}
            )

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(name)s.") % {"name": username})
        return user

    def _agency(self, code: str | None) -> Agency | None:
        return agency_from_option(code) if code is not None else None

    def _progress(self, done: int, total: int | None) -> None:
        # Plain text on stderr, rewritten in place: no dependency, and stdout keeps only the summary.
        self._progress_shown = True
        if total:
            total = max(total, done)  # an estimate (lines of a CSV, a sheet's last row) can fall short
            filled = 30 * done // total
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r[{bar}] {done:,} / {total:,}")
        else:
            sys.stderr.write(f"\r{done:,}")
        sys.stderr.flush()

    def _report(self, run: ImportRun) -> None:
        for problem in problems_of(run, limit=SHOWN_PROBLEMS):
            self.stderr.write(
                _("row %(row)s, column %(column)s, value '%(value)s': %(message)s")
                % {
                    "row": problem.row_number,
                    "column": problem.column,
                    "value": problem.value,
                    "message": problem.message,
                }
            )
        if run.rows_rejected > SHOWN_PROBLEMS:
            self.stderr.write(_("... and more: %(count)s rejected rows in all.") % {"count": run.rows_rejected})
        if run.status == ImportRun.Status.REFUSED and not run.rows_read:
            return  # the file refused as a whole: its reason follows, counts of nothing would only hide it
        line = summary(run)
        self.stdout.write(self.style.SUCCESS(line) if rows_written(run) or run.status == "done" else line)
        if run.rows_rejected and self._rejects is not None and self._rejects.is_file():
            self.stdout.write(
                _("The rejected rows are in %(path)s: correct them there and import that file again.")
                % {"path": self._rejects}
            )
        elif run.status == ImportRun.Status.REFUSED and run.rows_rejected:
            self.stdout.write(_("To import the valid rows and get the rejected ones in a file: add --keep-valid."))

    def _list(self) -> None:
        # Outside the f-string below: makemessages does not look into f-strings.
        counts = _("read %(read)s, imported %(imported)s, rejected %(rejected)s, duplicates %(duplicates)s")
        checked = _("read %(read)s, valid %(imported)s, rejected %(rejected)s, duplicates %(duplicates)s")
        check_only = _("check only")
        of_deleted_cases = _("of deleted cases or removed persons %(count)s")
        for run in import_runs()[:100]:
            status = _("Interrupted") if is_interrupted(run) else run.get_status_display()
            self.stdout.write(
                f"{run.pk:>5}  {run.created_at:%Y-%m-%d %H:%M}  {run.started_by_name or '-':<15} {run.kind:<8} "
                f"{status:<10} {run.file_name}  sha256 {run.sha256[:12] or '-'}  "
                + (checked if run.dry_run else counts)
                % {
                    "read": run.rows_read,
                    # A check writes nothing: what it found valid, which the import would bring in.
                    "imported": run.rows_imported if run.dry_run else rows_written(run),
                    "rejected": run.rows_rejected,
                    "duplicates": run.rows_skipped,
                }
                + (f", {of_deleted_cases % {'count': run.rows_of_deleted_cases}}" if run.rows_of_deleted_cases else "")
                + (f"  [{check_only}]" if run.dry_run else "")
            )
