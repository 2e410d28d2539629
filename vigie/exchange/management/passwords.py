"""The password of an archive, for the import and export commands: from a file, the environment, or asked
on the terminal — never as an argument, which every user of the machine can read in the process list
(ps, /proc/PID/cmdline) and which lands in the shell's history."""

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

PASSWORD_VARIABLE = "VIGIE_ARCHIVE_PASSWORD"  # noqa: S105 - the variable's name, not a password


def add_password_arguments(parser: CommandParser, *, purpose: str) -> None:
    parser.add_argument(
        "--password-file",
        type=Path,
        help=f"{purpose}: a file whose first line is the password. Else the variable {PASSWORD_VARIABLE}, "
        "else it is asked for on the terminal.",
    )
    # Kept only to refuse it with the way to do it: argparse would otherwise read "--password" as an
    # abbreviation of "--password-file".
    parser.add_argument("--password", dest="password_in_arguments", help=argparse.SUPPRESS)


def archive_password(options: dict[str, Any], *, confirm: bool) -> str | None:
    """The password given by --password-file, else by the environment, else typed on the terminal (twice if
    `confirm`); None when there is none of these (no terminal to ask on)."""
    if options.get("password_in_arguments") is not None:
        raise CommandError(
            _(
                "--password would show the password to every user of this machine. Give --password-file FILE, "
                "or set the variable %(variable)s."
            )
            % {"variable": PASSWORD_VARIABLE}
        )
    path: Path | None = options.get("password_file")
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(_("Cannot read the password file: %(error)s") % {"error": error}) from None
        return text.splitlines()[0] if text else ""
    if os.environ.get(PASSWORD_VARIABLE):
        return os.environ[PASSWORD_VARIABLE]
    if not sys.stdin.isatty():
        return None
    password = getpass.getpass(_("Password of the archive: "))
    if confirm and getpass.getpass(_("The same password again: ")) != password:
        raise CommandError(_("The two passwords differ."))
    return password


def no_password_given() -> CommandError:
    return CommandError(
        _("This archive needs a password: give --password-file FILE, or set the variable %(variable)s.")
        % {"variable": PASSWORD_VARIABLE}
    )
