import datetime

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class CountryQuerySet(models.QuerySet["Country"]):
    def of_vigie_region(self) -> "CountryQuerySet":
        return self.exclude(region=Country.Region.OTHER)

    def region_first(self) -> "CountryQuerySet":
        """West and Central African states first, then the rest: what officers pick most comes first."""
        outside = models.ExpressionWrapper(Q(region=Country.Region.OTHER), output_field=models.BooleanField())
        return self.order_by(outside, "name_en")


class Country(models.Model):
    """ISO 3166-1 countries, with names in English and French (from pycountry, loaded by migration)."""

    class Region(models.TextChoices):
        WEST_AFRICA = "west_africa", _("West Africa")
        CENTRAL_AFRICA = "central_africa", _("Central Africa")
        OTHER = "other", _("Other")

    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region, default=Region.OTHER)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if translation.get_language() == "fr" else self.name_en


class RegionalCommunity(models.Model):
    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("regional community")
        verbose_name_plural = _("regional communities")

    def __str__(self) -> str:
        return self.name_fr if translation.get_language() == "fr" else self.name_en


class MembershipQuerySet(models.QuerySet["CommunityMembership"]):
    def on(self, day: datetime.date) -> "MembershipQuerySet":
        return self.filter(Q(joined_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gt=day))


class CommunityMembership(models.Model):
    """A country's membership of a regional community between two dates.

    `left_on` is the first day the country is no longer a member (ECOWAS withdrawals took effect on
    29 January 2025, so Mali is not a member on that day).
    """

    class Status(models.TextChoices):
        VERIFIED = "verified", _("verified")
        PARTIAL = "partial", _("partly verified")
        UNVERIFIED = "unverified", _("unverified")

    community = models.ForeignKey(RegionalCommunity, models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, models.PROTECT, related_name="community_memberships")
    joined_on = models.DateField(_("member from"))
    left_on = models.DateField(_("left on (first day no longer a member)"), null=True, blank=True)
    status = models.CharField(_("verification"), max_length=10, choices=Status)
    note = models.TextField(_("note"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership of a regional community")
        verbose_name_plural = _("memberships of regional communities")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="reference_communitymembership_leaves_after_joining",
            ),
            models.UniqueConstraint(
                fields=["community", "country", "joined_on"],
                name="reference_communitymembership_no_duplicates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.community_id} {self.joined_on} - {self.left_on or ''}"
