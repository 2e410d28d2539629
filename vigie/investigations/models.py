from decimal import Decimal

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigie.cases.models import Place
from vigie.reference.partial_dates import PartialDateField

# The currencies officers of the region meet most, listed first in forms.
REGIONAL_CURRENCIES = ("XOF", "XAF", "NGN", "GHS", "GMD", "GNF", "LRD", "SLE", "CVE", "MRU", "EUR", "USD")


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(_("Enter an ISO 4217 currency code, such as XOF, XAF, NGN or GHS."), code="currency")


def currency_choices() -> list[tuple[str, str]]:
    others = sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in REGIONAL_CURRENCIES)
    return [(code, code) for code in (*REGIONAL_CURRENCIES, *others)]


class Investigation(models.Model):
    class Status(models.TextChoices):
        # An "enquête" is feminine in French: its own context, not the case's "Open".
        OPEN = "open", pgettext_lazy("investigation status", "Open")
        SUSPENDED = "suspended", pgettext_lazy("investigation status", "Suspended")
        CLOSED = "closed", pgettext_lazy("investigation status", "Closed")

    class ClosingReason(models.TextChoices):
        REFERRED_TO_PROSECUTOR = "referred_to_prosecutor", _("Sent to the prosecutor")
        NO_OFFENCE = "no_offence", _("No offence established")
        INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
        PERPETRATORS_UNIDENTIFIED = "perpetrators_unidentified", _("Perpetrators not identified")
        TRANSFERRED = "transferred", _("Transferred to another unit or country")
        JOINED = "joined", _("Joined to another investigation")
        OTHER = "other", _("Other reason")

    class Technique(models.TextChoices):
        FINANCIAL = "financial_investigation", _("Financial investigation")
        UNDERCOVER = "undercover_operation", _("Undercover operation")
        INTERCEPTION = "interception", _("Interception of communications")
        CONTROLLED_DELIVERY = "controlled_delivery", _("Controlled delivery")
        DIGITAL_FORENSICS = "digital_forensics", _("Digital forensics")
        JOINT_TEAM = "joint_investigation_team", _("Joint investigation team with another country")
        OTHER = "other", _("Other technique")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="investigations")
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        related_name="investigations",
        verbose_name=_("lead agency"),
        help_text=_("The case's lead agency, or an agency the case is shared with for the investigation."),
    )
    lead_unit = models.CharField(
        _("lead unit"), max_length=200, help_text=_("For example “Brigade des mineurs de Niamey”.")
    )
    lead_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="investigations_led",
        verbose_name=_("lead investigator"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(_("reason for closing"), max_length=30, choices=ClosingReason, blank=True)
    status_reason = models.TextField(
        _("reason for the last change of status"), blank=True, help_text=_("Why it was suspended or reopened.")
    )
    techniques = models.JSONField(_("special investigative techniques"), default=list, blank=True)
    partner_countries = models.ManyToManyField(
        "reference.Country", blank=True, related_name="+", verbose_name=_("partner countries of the joint team")
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["opened_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="investigations_investigation_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(closing_reason=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True) & Q(closing_reason="")),
                name="investigations_investigation_closed_iff_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "suspended", "closed"]),
                name="investigations_investigation_known_status",
            ),
        ]
        indexes = [
            # The worklist reads the open investigations of an agency or of an investigator, oldest first.
            models.Index(fields=["status", "agency", "opened_on"], name="investigations_inv_status_idx"),
            models.Index(fields=["lead_investigator", "status"], name="investigations_inv_lead_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.lead_unit} ({self.opened_on})"

    @property
    def technique_labels(self) -> list[str]:
        labels = dict(self.Technique.choices)
        return [str(labels.get(code, code)) for code in self.techniques]


class Arrest(Place):
    class CustodyOutcome(models.TextChoices):
        RELEASED = "released", _("Released")
        REMANDED = "remanded", _("Remanded in custody")
        BAIL = "bail", _("Released on bail")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="arrests")
    # RESTRICT: removing the suspect from the case is refused while an arrest names them, but deleting the
    # whole case (which removes both) is not.
    suspect = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="arrests", verbose_name=_("person arrested")
    )
    arrested_on = models.DateField(_("arrested on"))
    arresting_unit = models.CharField(_("arresting unit"), max_length=200, blank=True)
    custody_outcome = models.CharField(_("custody"), max_length=20, choices=CustodyOutcome, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("arrest")
        verbose_name_plural = _("arrests")
        ordering = ["arrested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="investigations_arrest_both_coordinates_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Arrest')} {self.arrested_on}"


class Seizure(models.Model):
    """A seizure or a freezing of assets, and its release if they were given back."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK_ACCOUNT = "bank_account", _("Bank account")
        MOBILE_MONEY = "mobile_money_account", _("Mobile-money account")
        VEHICLE = "vehicle", _("Vehicle")
        DOCUMENTS = "documents", _("Identity or travel documents")
        DEVICE = "device", _("Phone or electronic device")
        REAL_ESTATE = "real_estate", _("Real estate")
        OTHER = "other", _("Other asset")

    class Measure(models.TextChoices):
        SEIZED = "seized", _("Seized")
        FROZEN = "frozen", _("Frozen")

    ACCOUNT_KINDS = frozenset({Kind.BANK_ACCOUNT, Kind.MOBILE_MONEY})

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="seizures")
    kind = models.CharField(_("what"), max_length=30, choices=Kind)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure, default=Measure.SEIZED)
    taken_on = models.DateField(_("seized or frozen on"))
    released_on = models.DateField(
        _("returned or released on"),
        null=True,
        blank=True,
        help_text=_("Only if the asset was given back or unfrozen."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    identifier = models.CharField(
        _("identifier"), max_length=100, blank=True, help_text=_("Account number, plate number, IMEI, document number…")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[validate_currency])
    persons = models.ManyToManyField(
        "cases.Participant", blank=True, related_name="seizures", verbose_name=_("linked to")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("seizure or frozen asset")
        verbose_name_plural = _("seizures and frozen assets")
        ordering = ["taken_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="") | (Q(amount__isnull=False) & ~Q(currency="")),
                name="investigations_seizure_amount_with_currency",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="investigations_seizure_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(released_on__isnull=True) | Q(released_on__gte=models.F("taken_on")),
                name="investigations_seizure_released_after_taken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_measure_display().lower()}, {self.taken_on})"


class MoneyFlow(models.Model):
    """Money that went from a person or account to another, where the investigation established it."""

    class Channel(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        MOBILE_MONEY = "mobile_money", _("Mobile money")
        HAWALA = "hawala", _("Informal transfer (hawala)")
        OTHER = "other", _("Other channel")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="money_flows")
    from_participant = models.ForeignKey(
        "cases.Participant",
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="money_sent",
        verbose_name=_("from (person)"),
    )
    from_seizure = models.ForeignKey(
        Seizure, models.RESTRICT, null=True, blank=True, related_name="outflows", verbose_name=_("from (account)")
    )
    from_account = models.CharField(
        _("from (other account)"), max_length=100, blank=True, help_text=_("An account that was not seized.")
    )
    to_participant = models.ForeignKey(
        "cases.Participant",
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="money_received",
        verbose_name=_("to (person)"),
    )
    to_seizure = models.ForeignKey(
        Seizure, models.RESTRICT, null=True, blank=True, related_name="inflows", verbose_name=_("to (account)")
    )
    to_account = models.CharField(
        _("to (other account)"), max_length=100, blank=True, help_text=_("An account that was not seized.")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = PartialDateField(_("date"), blank=True, help_text=_("2021, 2021-03 or 2021-03-12; leave empty if unknown."))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("money flow")
        verbose_name_plural = _("money flows")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_participant__isnull=False) | Q(from_seizure__isnull=False) | ~Q(from_account=""),
                name="investigations_moneyflow_from_given",
            ),
            models.CheckConstraint(
                condition=Q(to_participant__isnull=False) | Q(to_seizure__isnull=False) | ~Q(to_account=""),
                name="investigations_moneyflow_to_given",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="investigations_moneyflow_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_channel_display()})"
