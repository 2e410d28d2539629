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
