from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "vigie.worklist"
    verbose_name = _("What is waiting")
