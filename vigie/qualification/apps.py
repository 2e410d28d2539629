from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationConfig(AppConfig):
    name = "vigie.qualification"
    verbose_name = _("Legal qualification and victim screening")
