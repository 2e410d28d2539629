from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration")
    OTHER = "other", _("Other service")


class PeopleServed(models.TextChoices):
    CHILDREN = "children", _("Children")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


# E.164 as in HTCDS and people.PhoneNumber; spaces are removed before saving.
phone_validator = RegexValidator(
    r"^\+?[1-9]\d{5,14}$", _("Enter the number with its country code, e.g. +227 96 12 34 56.")
)


class ServiceProviderQuerySet(models.QuerySet["ServiceProvider"]):
    def active(self) -> "ServiceProviderQuerySet":
        return self.filter(is_active=True)


class ServiceProvider(models.Model):
    """An entry of the directory of services: a shelter, a clinic, a legal aid office… Not about victims."""

    name = models.CharField(_("name"), max_length=200)
    kinds = models.JSONField(_("services offered"), default=list)
    country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("country"))
    admin_area = models.CharField(_("region or district"), max_length=200, blank=True)
    locality = models.CharField(_("town or village"), max_length=200, blank=True)
    people_served = models.JSONField(_("people served"), default=list)
    capacity = models.PositiveIntegerField(
        _("capacity (places)"),
        null=True,
        blank=True,
        help_text=_("Beds or places, for a shelter; leave empty if none."),
    )
    phone = models.CharField(_("phone number"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    maintained_by = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        related_name="+",
        verbose_name=_("entry maintained by"),
    )
    run_by = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="providers_run",
        verbose_name=_("run by an agency registered in vigie"),
        help_text=_("If this service belongs to an agency that uses vigie, referrals to it reach that agency."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["country_id", "admin_area", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="referrals_serviceprovider_capacity_positive",
            ),
        ]
        indexes = [models.Index(fields=["country", "admin_area"], name="referrals_provider_place_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels.get(code, code)) for code in self.kinds]

    @property
    def people_served_labels(self) -> list[str]:
        labels = dict(PeopleServed.choices)
        return [str(labels.get(code, code)) for code in self.people_served]


class BestInterestsDecision(models.Model):
    """For a child, what an authorised person decided was in the child's best interests, and why."""

    class Purpose(models.TextChoices):
        REFERRAL = "referral", _("Referral to a service")
        PLACEMENT = "placement", _("Placement")
        RETURN = "return", _("Return")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="best_interests_decisions")
    participant = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="best_interests_decisions", verbose_name=_("child")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decision = models.TextField(_("decision"))
    reasons = models.TextField(_("reasons"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("best-interests decision")
        verbose_name_plural = _("best-interests decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["participant", "purpose"], name="referrals_bid_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.decided_on})"


class Referral(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        URGENT = "urgent", _("Urgent (within days)")
        EMERGENCY = "emergency", _("Emergency (today)")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="referrals")
    participant = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="referrals", verbose_name=_("person referred")
    )
    referring_agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="referrals_sent", verbose_name=_("referring agency")
    )
    to_agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("to agency"),
    )
    to_provider = models.ForeignKey(
        ServiceProvider,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("to service provider"),
    )
    services = models.JSONField(_("services requested"), default=list)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency, default=Urgency.ROUTINE)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What the receiver needs to know to help; nothing more.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PROPOSED)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was declined or withdrawn."))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("completed or withdrawn at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_agency__isnull=False) & Q(to_provider__isnull=True))
                | (Q(to_agency__isnull=True) & Q(to_provider__isnull=False)),
                name="referrals_referral_one_receiver",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "withdrawn"]) | ~Q(reason=""),
                name="referrals_referral_reason_if_declined_or_withdrawn",
            ),
        ]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="referrals_ref_agency_idx"),
            models.Index(fields=["to_provider", "status"], name="referrals_ref_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} #{self.pk}"

    @property
    def service_labels(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels.get(code, code)) for code in self.services]

    @property
    def receiver_label(self) -> str:
        return self.to_agency.name if self.to_agency_id and self.to_agency else str(self.to_provider)


class ServiceDelivery(models.Model):
    """A service a person received, with its dates. A shelter stay is a service of kind shelter."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="services_delivered")
    participant = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="services_delivered", verbose_name=_("person")
    )
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind)
    provider = models.ForeignKey(
        ServiceProvider, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("provider")
    )
    referral = models.ForeignKey(
        Referral, models.SET_NULL, null=True, blank=True, related_name="deliveries", verbose_name=_("referral")
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="referrals_servicedelivery_ended_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on})"
