import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigie.reference.codelists import Sex
from vigie.reference.partial_dates import PartialDateField, earliest_day


class Person(models.Model):
    """Someone who appears in one or more cases, in any role. Identifying data lives here."""

    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex, default=Sex.UNKNOWN)
    date_of_birth = PartialDateField(
        _("date of birth"),
        blank=True,
        help_text=_("As much as is known: 2009, 2009-05 or 2009-05-14."),
    )
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("When the date of birth is not known: the age estimated on the date below."),
    )
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    nationalities = models.ManyToManyField(
        "reference.Country", blank=True, related_name="+", verbose_name=_("nationalities")
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Languages the person speaks, e.g. Hausa, French, Pidgin."),
    )
    origin_country = models.ForeignKey(
        "reference.Country",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of origin"),
    )
    origin_area = models.CharField(_("region or district of origin"), max_length=200, blank=True)
    origin_locality = models.CharField(_("town or village of origin"), max_length=200, blank=True)
    residence_country = models.ForeignKey(
        "reference.Country",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of residence"),
    )
    residence_area = models.CharField(_("region or district of residence"), max_length=200, blank=True)
    residence_locality = models.CharField(_("town or village of residence"), max_length=200, blank=True)
    # Three-valued (None: not known). Living in a country is not residing there lawfully: the legal
    # qualification reads the country of residence as permanent residence only when this is yes.
    lawful_permanent_resident = models.BooleanField(
        _("lawful permanent resident of the country of residence"),
        null=True,
        blank=True,
        help_text=_(
            "Yes only if the person holds a right to live there permanently (citizen or permanent permit). "
            "It matters: smuggling is procuring entry into a country of which the person is neither a "
            "national nor a permanent resident, and a smuggled migrant is protected from prosecution for "
            "having been smuggled (SOM Protocol art. 5). A migrant who merely lives there, irregularly or "
            "for a while, is not a permanent resident: answer no, or leave unknown."
        ),
    )
    # Names and aliases, without case or accents, for search (see people/names.py).
    # Searched with "contains" only: PostgreSQL's trigram index serves it (migration 0003); a B-tree
    # serves no such search and cost every write.
    search_text = models.TextField(editable=False, default="")
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_age__isnull=True) | Q(age_estimated_on__isnull=False),
                name="people_person_estimated_age_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name.upper()) if part)

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on a day, from the date of birth or the estimate; None if unknown.

        With a partial date of birth the age is the lowest it can be, so a child is never taken for an adult.
        """
        if self.date_of_birth:
            born = earliest_day(self.date_of_birth)
            # The latest possible birthday gives the lowest possible age.
            precision = len(self.date_of_birth)
            if precision == 4:
                born = born.replace(month=12, day=31)
            elif precision == 7:
                next_month = born.replace(day=28) + datetime.timedelta(days=4)
                born = next_month - datetime.timedelta(days=next_month.day)
            years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            return max(years, 0)
        if self.estimated_age is not None and self.age_estimated_on is not None:
            years_between = (
                day.year
                - self.age_estimated_on.year
                - ((day.month, day.day) < (self.age_estimated_on.month, self.age_estimated_on.day))
            )
            return max(self.estimated_age + years_between, 0)
        return None


class Alias(models.Model):
    person = models.ForeignKey(Person, models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias or other spelling"), max_length=200)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="people_alias_no_duplicates")]

    def __str__(self) -> str:
        return self.name


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        ECOWAS_ID = "ecowas_id", _("ECOWAS identity card")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        CONSULAR_CARD = "consular_card", _("Consular card")
        VOTER_CARD = "voter_card", _("Voter card")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
        TRAVEL_CERTIFICATE = "travel_certificate", _("Travel certificate / laissez-passer")
        OTHER = "other", _("Other document")

    # db_index=False: the unique constraint's index starts with the person (on every foreign key below
    # marked so, an index of the table already starts with that column; one more would only slow writes).
    person = models.ForeignKey(Person, models.CASCADE, related_name="documents", db_index=False)
    kind = models.CharField(_("kind of document"), max_length=24, choices=Kind)
    number = models.CharField(_("document number"), max_length=60)
    issuing_country = models.ForeignKey(
        "reference.Country", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issuing country")
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_fraudulent = models.BooleanField(_("known to be fraudulent"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "number", "issuing_country"], name="people_identitydocument_no_duplicates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class PhoneNumber(models.Model):
    person = models.ForeignKey(Person, models.CASCADE, related_name="phones", db_index=False)  # the unique's index
    # E.164 as in HTCDS; spaces are removed before saving.
    number = models.CharField(
        _("phone number"),
        max_length=16,
        validators=[
            RegexValidator(r"^\+?[1-9]\d{5,14}$", _("Enter the number with its country code, e.g. +227 96 12 34 56."))
        ],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        # The first recorded comes first, wherever phones are read: the HTCDS export's mobile phone is that one.
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="people_phonenumber_no_duplicates")]

    def __str__(self) -> str:
        return self.number


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> "ConsentQuerySet":
        return self.filter(withdrawn_on__isnull=True)


class Consent(models.Model):
    """What a person agreed to, for one purpose, and until when."""

    class Purpose(models.TextChoices):
        DATA_SHARING = "data_sharing", _("Sharing their data with other agencies")
        REFERRAL = "referral", _("Referral to a service provider")
        STATISTICS = "statistics", _("Use in published statistics")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        ORAL_WITNESSED = "oral_witnessed", _("Orally, before a witness")
        ORAL = "oral", _("Orally")
        GUARDIAN = "guardian", _("By a parent or guardian")

    person = models.ForeignKey(Person, models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=Method)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="people_consent_one_in_force_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="people_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"
