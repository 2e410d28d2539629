"""Password-protected archives: AES-256 ZIP (WinZip AE-2), opened by 7-Zip, WinZip, macOS and most archivers.

The standard library's zipfile writes no encryption; the legacy ZipCrypto that some tools offer is broken
in minutes, so it is not offered.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import pyzipper
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_PASSWORD_LENGTH = 12
# No 0/O, 1/l/I: a generated password is read off a screen and typed again.
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password() -> str:
    """Four groups of five characters: about 117 bits, easy to copy by hand."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(4))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password must have at least %(n)d characters.") % {"n": MIN_PASSWORD_LENGTH}, code="too_short"
        )


@contextmanager
def encrypted_archive(out: IO[bytes], password: str) -> Iterator[pyzipper.AESZipFile]:
    check_password(password)
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        yield archive
