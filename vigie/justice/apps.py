from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "vigie.justice"
    verbose_name = _("Prosecution and courts")
