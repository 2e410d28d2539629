import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigie.cases.models import SuspectedOffence


class Currency(models.TextChoices):
    """ISO 4217 currencies of the region, and the two most used in international cases."""

    XOF = "XOF", _("CFA franc (BCEAO, XOF)")
    XAF = "XAF", _("CFA franc (BEAC, XAF)")
    NGN = "NGN", _("Naira (NGN)")
    GHS = "GHS", _("Cedi (GHS)")
    GMD = "GMD", _("Dalasi (GMD)")
    GNF = "GNF", _("Guinean franc (GNF)")
    LRD = "LRD", _("Liberian dollar (LRD)")
    SLE = "SLE", _("Leone (SLE)")
    CVE = "CVE", _("Cape Verdean escudo (CVE)")
    MRU = "MRU", _("Ouguiya (MRU)")
    CDF = "CDF", _("Congolese franc (CDF)")
    STN = "STN", _("Dobra (STN)")
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")


class Proceeding(models.Model):
    """One round of the case before one court: the investigating judge, the first instance, an appeal…"""

    class Level(models.TextChoices):
        # In the civil-law systems of the region the investigating judge (instruction) is a stage of its own.
        INVESTIGATING_JUDGE = "investigating_judge", _("Investigating judge (instruction)")
        FIRST_INSTANCE = "first_instance", _("First instance")
        APPEAL = "appeal", _("Court of appeal")
        SUPREME = "supreme", _("Supreme court or court of cassation")

    class AppealedBy(models.TextChoices):
        PROSECUTION = "prosecution", _("Prosecution")
        DEFENCE = "defence", _("Defence")
        CIVIL_PARTY = "civil_party", _("Civil party or victim")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TRANSFERRED = "transferred", _("Transferred to another court")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="proceedings")
    court_name = models.CharField(
        _("court"), max_length=200, help_text=_("E.g. Tribunal de grande instance de Niamey.")
    )
    court_country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("country"))
    level = models.CharField(_("level"), max_length=30, choices=Level)
    appeal_of = models.ForeignKey(
        "self",
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("appeal against"),
        help_text=_("The round whose decision is appealed; leave empty for a first round."),
    )
    appealed_by = models.CharField(_("appealed by"), max_length=20, choices=AppealedBy, blank=True)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    reference = models.CharField(_("court reference"), max_length=100, blank=True)
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proceedings_in_charge",
        verbose_name=_("prosecutor in charge"),
        help_text=_("A prosecutor of the case's agency: what waits in this round goes to them."),
    )
    transferred_to = models.CharField(
        _("transferred to"),
        max_length=200,
        blank=True,
        help_text=_("The court the case went to, e.g. Pôle judiciaire spécialisé de Niamey."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        ordering = ["opened_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(appeal_of__isnull=True) & Q(appealed_by=""))
                | (Q(appeal_of__isnull=False) & ~Q(appealed_by="")),
                name="justice_proceeding_appellant_iff_appeal",
            ),
            # One way only: rounds transferred before the court was recorded keep an empty one.
            models.CheckConstraint(
                condition=Q(status="transferred") | Q(transferred_to=""),
                name="justice_proceeding_court_only_if_transferred",
            ),
        ]
        indexes = [models.Index(fields=["case", "opened_on"], name="justice_proceeding_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.court_name}"


class Charge(models.Model):
    """An offence a person is charged with, in the round where the charge is brought."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="charges")
    proceeding = models.ForeignKey(Proceeding, models.RESTRICT, related_name="charges", verbose_name=_("brought in"))
    accused = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="charges", verbose_name=_("person charged")
    )
    offence = models.CharField(_("offence"), max_length=30, choices=SuspectedOffence.Offence)
    law_key = models.CharField(_("law"), max_length=40, blank=True)
    provision = models.CharField(
        _("article or provision"), max_length=300, blank=True, help_text=_("E.g. art. 10 and 11 of the law.")
    )
    charged_on = models.DateField(_("charged on"))
    facts_on = models.DateField(
        _("date of the facts"),
        null=True,
        blank=True,
        help_text=_("When the facts charged took place, or the last of them. Needed under a repealed law."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["charged_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "accused", "offence"], name="justice_charge_once_per_round"),
        ]

    def __str__(self) -> str:
        return self.get_offence_display()


class Verdict(models.Model):
    """The decision of one round on one charge. The last round's decision is the charge's outcome."""

    class Outcome(models.TextChoices):
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")
        DISMISSED = "dismissed", _("Dismissed")
        WITHDRAWN = "withdrawn", _("Charge withdrawn")

    class Reason(models.TextChoices):
        INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
        VICTIM_DID_NOT_TESTIFY = "victim_did_not_testify", _("Victim did not testify")
        PROCEDURAL_DEFECT = "procedural_defect", _("Procedural defect")
        STATUTE_OF_LIMITATIONS = "statute_of_limitations", _("Statute of limitations")
        REQUALIFIED = "requalified", _("Offence requalified")
        OTHER = "other", _("Other reason")

    charge = models.ForeignKey(Charge, models.CASCADE, related_name="verdicts")
    proceeding = models.ForeignKey(Proceeding, models.RESTRICT, related_name="verdicts", verbose_name=_("round"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason, blank=True)
    decided_on = models.DateField(_("decided on"))
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["charge", "proceeding"], name="justice_verdict_one_per_round"),
            models.CheckConstraint(
                condition=Q(outcome="convicted") | ~Q(reason=""), name="justice_verdict_reason_unless_convicted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_on})"


class Sentence(models.Model):
    verdict = models.OneToOneField(Verdict, models.CASCADE, related_name="sentence")
    prison_months = models.PositiveIntegerField(_("prison term (months)"), null=True, blank=True)
    suspended_months = models.PositiveIntegerField(_("of which suspended (months)"), null=True, blank=True)
    fine_amount = models.DecimalField(
        _("fine"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fine_currency = models.CharField(_("currency of the fine"), max_length=3, choices=Currency, blank=True)
    confiscation = models.TextField(_("confiscation"), blank=True, help_text=_("What was confiscated."))
    confiscation_amount = models.DecimalField(
        _("value confiscated"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    confiscation_currency = models.CharField(_("currency of the value"), max_length=3, choices=Currency, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        constraints = [
            models.CheckConstraint(
                condition=Q(suspended_months__isnull=True)
                | (Q(prison_months__isnull=False) & Q(suspended_months__lte=models.F("prison_months"))),
                name="justice_sentence_suspended_within_term",
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True, fine_currency="")
                | (Q(fine_amount__isnull=False) & ~Q(fine_currency="")),
                name="justice_sentence_fine_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(confiscation_amount__isnull=True, confiscation_currency="")
                | (Q(confiscation_amount__isnull=False) & ~Q(confiscation_currency="")),
                name="justice_sentence_confiscation_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verdict_id}"


class Compensation(models.Model):
    """Damages the court ordered the convicted person to pay to one victim."""

    sentence = models.ForeignKey(Sentence, models.CASCADE, related_name="compensations")
    victim = models.ForeignKey("cases.Participant", models.RESTRICT, related_name="compensations")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)

    class Meta:
        verbose_name = _("compensation ordered")
        verbose_name_plural = _("compensations ordered")
        constraints = [
            models.UniqueConstraint(fields=["sentence", "victim"], name="justice_compensation_once_per_victim"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class ProtectiveMeasure(models.TextChoices):
    ANONYMITY = "anonymity", _("Anonymity of the witness")
    VIDEO_LINK = "video_link", _("Testimony by video link")
    CLOSED_HEARING = "closed_hearing", _("Closed hearing (in camera)")
    SCREEN = "screen", _("Screen between witness and accused")
    SUPPORT_PERSON = "support_person", _("Support person present")
    PRE_RECORDED = "pre_recorded", _("Pre-recorded testimony")


class Hearing(models.Model):
    class Purpose(models.TextChoices):
        FIRST_APPEARANCE = "first_appearance", _("First appearance")
        EVIDENCE = "evidence", _("Hearing of evidence")
        VICTIM_TESTIMONY = "victim_testimony", _("Testimony of the victims")
        PLEADINGS = "pleadings", _("Pleadings")
        JUDGMENT = "judgment", _("Delivery of the judgment")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        HELD = "held", _("Held")
        ADJOURNED = "adjourned", _("Adjourned")
        DECISION_DELIVERED = "decision_delivered", _("Decision delivered")
        DELIBERATION = "deliberation", _("Reserved for deliberation")
        CANCELLED = "cancelled", _("Cancelled")

    proceeding = models.ForeignKey(Proceeding, models.CASCADE, related_name="hearings")
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=Outcome, blank=True, help_text=_("Leave empty until the hearing is held.")
    )
    next_date = models.DateField(_("next hearing on"), null=True, blank=True)
    protective_measures = models.JSONField(_("protective measures"), default=list, blank=True)
    protected_persons = models.ManyToManyField(
        "cases.Participant", blank=True, related_name="protected_at_hearings", verbose_name=_("protected persons")
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["date", "time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_date__isnull=True) | Q(next_date__gt=models.F("date")),
                name="justice_hearing_next_date_after_date",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="justice_hearing_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} — {self.get_purpose_display()}"

    @property
    def protective_measure_labels(self) -> list[str]:
        labels = dict(ProtectiveMeasure.choices)
        return [str(labels.get(code, code)) for code in self.protective_measures]


class CooperationRequest(models.Model):
    """Mutual legal assistance, extradition and other requests to or from a foreign authority."""

    class Direction(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")

    class Kind(models.TextChoices):
        MUTUAL_LEGAL_ASSISTANCE = "mla", _("Mutual legal assistance")
        EXTRADITION = "extradition", _("Extradition")
        TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings", _("Transfer of proceedings")
        OTHER = "other", _("Other request")

    class DeadlineBasis(models.TextChoices):
        LEGAL = "legal", _("Legal deadline")
        AGREED = "agreed", _("Agreed deadline")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Transmitted, awaiting reply")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        EXECUTED = "executed", _("Executed")
        PARTIALLY_EXECUTED = "partially_executed", _("Partially executed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="cooperation_requests")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    kind = models.CharField(_("type of request"), max_length=30, choices=Kind)
    other_country = models.ForeignKey(
        "reference.Country", models.PROTECT, related_name="+", verbose_name=_("other country")
    )
    foreign_authority = models.CharField(_("foreign authority"), max_length=200)
    subject_persons = models.ManyToManyField(
        "cases.Participant", blank=True, related_name="cooperation_requests", verbose_name=_("persons concerned")
    )
    request = models.TextField(_("what is asked"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_basis = models.CharField(_("deadline set by"), max_length=10, choices=DeadlineBasis, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    replied_on = models.DateField(_("reply on"), null=True, blank=True)
    # Who sent it: while they follow the case, its deadline waits for them rather than for every colleague.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("sent by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True, deadline_basis="")
                | (Q(deadline__isnull=False) & ~Q(deadline_basis="")),
                name="justice_cooperationrequest_deadline_has_basis",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="justice_request_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.other_country_id}"

    @property
    def started_on(self) -> datetime.date | None:
        """When the request started waiting for its reply."""
        return self.sent_on if self.direction == self.Direction.SENT else self.received_on
