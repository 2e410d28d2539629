"""The audit trail cannot be rewritten: not through the ORM, not with raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from vigie.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(case):
    return AuditEvent.objects.get(action=AuditEvent.Action.CASE_OPENED)


def test_an_event_is_written_once(event):
    event.actor_username = "someone-else"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_written_over_with_another_object_of_the_same_id(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent(pk=event.pk, action=AuditEvent.Action.LOGIN).save()


@pytest.mark.parametrize(
    "change",
    [
        lambda: AuditEvent.objects.update(actor_username="x"),
        lambda: AuditEvent.objects.filter(action="case.opened").update(changes={}),
        lambda: AuditEvent.objects.all().update(target_label="x"),
        lambda: AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["actor_username"]),
    ],
    ids=["manager.update", "filter.update", "all.update", "bulk_update"],
)
def test_a_queryset_cannot_change_events(event, change):
    with pytest.raises(AppendOnlyError), transaction.atomic():
        change()
    assert AuditEvent.objects.get(pk=event.pk).actor_username == event.actor_username


@pytest.mark.parametrize(
    "delete",
    [
        lambda event: event.delete(),
        lambda event: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda event: AuditEvent.objects.all().delete(),
    ],
    ids=["instance.delete", "filter.delete", "all.delete"],
)
def test_events_cannot_be_deleted(event, delete):
    with pytest.raises(AppendOnlyError), transaction.atomic():
        delete(event)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_a_raw_update(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET actor_username = %s WHERE id = %s", ["someone-else", event.pk])  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).actor_username == event.actor_username


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="on SQLite the test runner itself empties tables with DELETE (see audit migration 0002)",
)
def test_the_database_refuses_a_raw_delete(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])  # noqa: S608
    assert AuditEvent.objects.filter(pk=event.pk).exists()
