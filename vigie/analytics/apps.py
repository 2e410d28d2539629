from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "vigie.analytics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from vigie.analytics.changes import install_after_migrate, install_log_after_migrate

        # After every migrate, not in a migration: SQLite drops a table's triggers when Django rebuilds it.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="vigie.analytics.triggers")
        post_migrate.connect(install_log_after_migrate, sender=self, dispatch_uid="vigie.analytics.log_triggers")
