"""The password-protected archives of vigie's exports (exports/archive.py writes them), opened for an import.

One case as JSON is one `.json` file; an HTCDS export is one `.xlsx` workbook, or one `.csv` with its
companion files (`<name>-events.csv`, `-perpetrators.csv`, `-plans.csv`, read beside it by
htcds/readers.py). The web decrypts an upload here, during the request, so that the password goes no
further; `vigie import` decrypts into a private temporary directory. Either way nothing is written to the
database before the archive has been opened whole.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyzipper
from django.utils.translation import gettext as _

from vigie.exchange.htcds.readers import PART_SHEETS
from vigie.exchange.readers import ImportRefused

ARCHIVE_KINDS = frozenset({"case-json", "htcds"})
# What an export's member inflates to is streamed and stopped past the import's size limit; on the command
# line, which has no limit by default, past this many times the archive's size: vigie's CSV and JSON
# compress some ten times, a crafted archive ("zip bomb") a thousand times and more.
MAX_EXPANSION = 100
# Stored under the upload's directory with names of our own: a member's name cannot climb out of it.
STORED_STEM = "upload"


@dataclass(frozen=True)
class ExportArchive:
    """An opened archive: its data file and the companions read beside it, by the name each is stored as."""

    zip: pyzipper.AESZipFile
    main: str
    files: dict[str, str]  # stored name -> member name, the main file first


def _htcds_members(names: list[str]) -> tuple[str, dict[str, str]]:
    data = [name for name in names if Path(name).suffix.lower() in (".xlsx", ".csv")]
    companion_ends = tuple(f"-{part}.csv" for part in PART_SHEETS)
    mains = [name for name in data if not name.lower().endswith(companion_ends)]
    if len(mains) != 1:
        raise ImportRefused(
            _(
                "The archive should hold one HTCDS file (an .xlsx workbook, or a .csv with its companion files), "
                "as vigie exports it; it holds %(count)s."
            )
            % {"count": len(mains)}
        )
    main = mains[0]
    suffix = Path(main).suffix.lower()
    files = {f"{STORED_STEM}{suffix}": main}
    if suffix == ".csv":
        stem = main[: -len(suffix)]
        for part in PART_SHEETS:
            if f"{stem}-{part}.csv" in names:
                files[f"{STORED_STEM}-{part}.csv"] = f"{stem}-{part}.csv"
    if set(data) - set(files.values()):
        raise ImportRefused(_("The archive holds data files that are not part of one HTCDS export."))
    return main, files


def _members(kind: str, names: list[str]) -> tuple[str, dict[str, str]]:
    if kind == "htcds":
        return _htcds_members(names)
    found = [name for name in names if name.lower().endswith(".json")]
    if len(found) != 1:
        raise ImportRefused(_("The archive should hold one case, as one .json file."))
    return found[0], {f"{STORED_STEM}.json": found[0]}


@contextmanager
def open_export_archive(archive: Path | IO[bytes], *, kind: str, password: str) -> Iterator[ExportArchive]:
    """An export's archive, opened with its password; its problems (also those met while reading its
    members in the `with` block) in plain words, as ImportRefused."""
    try:
        with pyzipper.AESZipFile(archive) as opened:
            main, files = _members(kind, opened.namelist())
            # Bit 0 of a member's flags: encrypted. vigie writes identifying data only encrypted; a plain
            # ZIP holding such a file was made by someone else.
            if not all(opened.getinfo(name).flag_bits & 0x1 for name in files.values()):
                raise ImportRefused(
                    _(
                        "This archive is not protected by a password, so it is not an export of vigie: import "
                        "the file it holds."
                    )
                )
            if not password:
                raise ImportRefused(_("This archive is protected: give its password."))
            opened.setpassword(password.encode())
            yield ExportArchive(zip=opened, main=main, files=files)
    except RuntimeError:
        raise ImportRefused(_("Wrong password for this archive.")) from None
    except (pyzipper.BadZipFile, EOFError, OSError):
        raise ImportRefused(_("This archive is damaged or cut short.")) from None


def extract_export_archive(
    archive: Path | IO[bytes], *, kind: str, password: str, to: Path, max_bytes: int
) -> tuple[Path, str]:
    """Writes the data files of an export's archive into the directory `to`, decrypted, and returns the
    main one's path and its name in the archive. Streamed, and stopped past max_bytes in all: a small
    archive can inflate a thousandfold. On a refusal, what was written is left for the caller to remove
    (the directory is the caller's)."""
    too_big = ImportRefused(
        _("Once taken out of its archive, the file is larger than the limit of %(limit)s MB.")
        % {"limit": round(max_bytes / 1048576, 1)}
    )
    written = 0
    with open_export_archive(archive, kind=kind, password=password) as opened:
        for stored, name in opened.files.items():
            with opened.zip.open(name) as member, (to / stored).open("wb") as out:
                while chunk := member.read(1 << 20):
                    written += len(chunk)
                    if written > max_bytes:
                        raise too_big
                    out.write(chunk)
        return to / next(iter(opened.files)), opened.main


def read_archived_file(archive: Path, *, kind: str, password: str, max_bytes: int) -> bytes:
    """The main file of an export's archive, decrypted, in memory (a case: small), refused past `max_bytes`
    (a small archive can inflate a thousandfold)."""
    with open_export_archive(archive, kind=kind, password=password) as opened, opened.zip.open(opened.main) as member:
        data: bytes = member.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRefused(
            _("Once taken out of its archive, the file is larger than the limit of %(limit)s MB.")
            % {"limit": round(max_bytes / 1048576, 1)}
        )
    return data


def command_line_limit(archive_size: int, max_bytes: int | None, default: int) -> int:
    """How far the command line lets an archive inflate: the --max-mb given, else MAX_EXPANSION times the
    archive, and never less than the web's limit."""
    return max_bytes if max_bytes is not None else max(default, MAX_EXPANSION * archive_size)


def is_export_archive(kind: str, name: str, sniff: Any = None) -> bool:
    """An XLSX workbook is a ZIP too: an HTCDS file is an archive when it is named .zip; a case's file is
    also looked into (`sniff`: the upload, tested with zipfile.is_zipfile)."""
    if kind not in ARCHIVE_KINDS:
        return False
    if Path(name).suffix.lower() == ".zip":
        return True
    return kind == "case-json" and sniff is not None and bool(pyzipper.is_zipfile(sniff))
