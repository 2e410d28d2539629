from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships of agencies."""

    # Set when an administrator chose the password (a new account, a forgotten password): the person must
    # replace it before doing anything else, so that nobody but them knows the password they work with.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        GENDARMERIE = "gendarmerie", _("Gendarmerie")
        IMMIGRATION = "immigration", _("Immigration service")
        PROSECUTION = "prosecution", _("Prosecution service")
        COURT = "court", _("Court")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        SOCIAL_SERVICES = "social_services", _("Social services")
        NGO = "ngo", _("Non-governmental organisation")
        NATIONAL_AUTHORITY = "national_authority", _("National anti-trafficking authority")
        INTERNATIONAL = "international", _("International organisation")

    code = models.CharField(
        _("code"),
        max_length=12,
        help_text=_("Short capital letters used in case references, e.g. ANLTP."),
        validators=[RegexValidator(r"^[A-Z0-9]{2,12}$", _("Use 2 to 12 capital letters or digits."))],
    )
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey("reference.Country", models.PROTECT, verbose_name=_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["country_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="accounts_agency_code_unique_per_country"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"


class Membership(models.Model):
    class Role(models.TextChoices):
        # What each role may do is decided in accounts/permissions.py, nowhere else.
        DATA_CLERK = "data_clerk", _("Data clerk")
        INVESTIGATOR = "investigator", _("Investigator")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        CASE_WORKER = "case_worker", _("Case worker (victim assistance)")
        ANALYST = "analyst", _("Analyst")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
        SYSTEM_ADMIN = "system_admin", _("System administrator")

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role)
    # Two administrators may change or end the same membership at once: the second is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="accounts_membership_one_role_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.agency} ({self.get_role_display()})"
