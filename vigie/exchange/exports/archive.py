"""Password-protected archives: AES-256 ZIP (WinZip AE-2), opened by 7-Zip, WinZip, macOS and most archivers.

The standard library's zipfile writes no encryption; the legacy ZipCrypto that some tools offer is broken
in minutes, so it is not offered.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import pyzipper
from django.contrib.auth.password_validation import CommonPasswordValidator, NumericPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_PASSWORD_LENGTH = 12
MIN_DIFFERENT_CHARACTERS = 6
# No 0/O, 1/l/I: a generated password is read off a screen and typed again.
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password() -> str:
    """Four groups of five characters: about 117 bits, easy to copy by hand."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(4))


def check_password(password: str) -> None:
    """A password that guards victims' files. An AES archive can be attacked offline as long as anyone likes,
    and its key derivation is fast: length alone lets "aaaaaaaaaaaa" or "123456789012" through."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password must have at least %(n)d characters.") % {"n": MIN_PASSWORD_LENGTH}, code="too_short"
        )
    if len(set(password)) < MIN_DIFFERENT_CHARACTERS:
        raise ValidationError(
            _(
                "The password has too few different characters: use at least %(n)d different ones, or take the "
                "generated password."
            )
            % {"n": MIN_DIFFERENT_CHARACTERS},
            code="too_simple",
        )
    # Django's own lists, offline: a password entirely of digits, or among 20,000 common ones, is refused.
    NumericPasswordValidator().validate(password)
    CommonPasswordValidator().validate(password)


@contextmanager
def encrypted_archive(out: IO[bytes], password: str) -> Iterator[pyzipper.AESZipFile]:
    check_password(password)
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        yield archive
