from django.db import models


class RegisterChange(models.Model):
    """A token that changes, by database trigger, whenever a table the statistics read is written.

    The statistics engine keeps the victims it has read in memory and reads them again only when a token has
    changed (vigie/analytics/changes.py). Triggers see every write, whatever makes it: services, imports,
    bulk loads, the admin, SQL by hand. On PostgreSQL a transaction writes the row of its own shard
    (its backend process id modulo SHARDS), so that two transactions writing the register at the same time
    do not wait for each other on one row.
    """

    shard = models.PositiveSmallIntegerField(primary_key=True)
    token = models.BigIntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.shard}: {self.token}"


class RegisterChangeLog(models.Model):
    """Which person, case or data set a write touched, written by database trigger beside the tokens.

    With it the statistics engine re-reads only the victims of what changed, not the whole register
    (vigie/analytics/changes.py). `kind` is one of changes.LOGGED_KINDS. On PostgreSQL `transaction` is the
    writing transaction's id: the log is read by visibility to a database snapshot, since ids from a
    sequence are not in the order transactions commit. On SQLite (one writer at a time) the id is that order.
    """

    kind = models.CharField(max_length=1)
    object_id = models.BigIntegerField()
    transaction = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.kind}{self.object_id}"


class RegisterLogEpoch(models.Model):
    """One row: the number of times the change log was emptied. A snapshot made from the log before it was
    emptied cannot be brought up to date from it any more; its epoch says so."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    epoch = models.BigIntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.epoch)
