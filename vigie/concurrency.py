"""No lost updates: a record carries a version number, and a save names the version it started from. And
long reads that keep no one from writing (read_only_snapshot)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record after you opened it. Your changes were not saved, "
                "so that theirs are not overwritten: reload the page, check their changes and edit again."
            ),
            code="stale_edit",
        )


class StaleDeleteError(StaleEditError):
    def __init__(self) -> None:
        ValidationError.__init__(
            self,
            _(
                "Someone else changed this record after you opened it, so it was not deleted: reload the page, "
                "check their changes and delete it again if it still should be."
            ),
            code="stale_edit",
        )


def claim_for_deletion(instance: Any, *, expected_version: int | None) -> None:
    """Refuse to delete a record someone changed since the user read it at `expected_version`.

    The conditional UPDATE also locks the row until the transaction ends, so an edit made at the same moment
    waits and then finds the version gone. `None` is for callers that read the row in this same transaction.
    """
    if expected_version is None:
        return
    model: type[models.Model] = type(instance)
    if model._default_manager.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1) != 1:
        raise StaleDeleteError()


def posted_version(data: Any) -> int | None:
    """The version a delete form or an API call names (`version`), or None when it names none."""
    try:
        version = int(data.get("version", ""))
    except (TypeError, ValueError):
        return None
    return version if version >= 1 else None


def save_versioned(instance: Any, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` only if the row is still at `expected_version`, and bump the version.

    A conditional UPDATE is atomic on SQLite and PostgreSQL alike: of two users who opened the same
    version, the second one's UPDATE matches no row and is refused.
    """
    model: type[models.Model] = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        values["updated_at"] = instance.updated_at = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated != 1:
        raise StaleEditError()
    instance.version = expected_version + 1


def insert_checked_unique(instance: models.Model, *, error: ValidationError) -> None:
    """Insert a row whose uniqueness the service has just checked.

    Two requests can both pass the check; the database's unique constraint then refuses the second
    insert, and its user gets the same message as if the check had caught it.
    """
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise error from None


@contextmanager
def read_only_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction for a long read (an export): its queries see the database as it was when it began, and it
    keeps no one else from writing. Nothing is written in it: what the read leads to (its audit event) is
    written after, in a transaction of its own.

    On SQLite, Django begins every transaction with BEGIN IMMEDIATE (settings: transaction_mode), which takes
    the one write lock at once: an export of two minutes made every save elsewhere wait, then fail. BEGIN
    DEFERRED takes no lock; in WAL mode the read sees the database as at its first query while others write.
    On PostgreSQL, REPEATABLE READ gives the one snapshot (READ COMMITTED would take one a query), and READ
    ONLY refuses a write made by mistake. Inside an enclosing transaction, that transaction's rules hold."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # Opening a connection sets its mode from the settings again: open it first.
        connection.ensure_connection()
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode  # type: ignore[attr-defined]
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
