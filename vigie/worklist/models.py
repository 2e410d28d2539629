from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertRule(models.Model):
    """How long an agency lets something wait before it is flagged as late on the pages of those who must act."""

    class Kind(models.TextChoices):
        REFERRAL_UNANSWERED = "referral_unanswered", _("Referral not answered")
        CHILD_WITHOUT_ASSESSMENT = "child_without_assessment", _("Child in a shelter without a needs assessment")
        VICTIM_WITHOUT_ASSESSMENT = "victim_without_assessment", _("Victim without a needs assessment")
        REFLECTION_PERIOD_ENDING = "reflection_period_ending", _("Reflection period ending")
        FOLLOW_UP_VISIT_DUE = "follow_up_visit_due", _("Reintegration visit due")
        INVESTIGATION_OPEN_TOO_LONG = "investigation_open_too_long", _("Investigation open for a long time")
        PROCEEDING_WITHOUT_HEARING = "proceeding_without_hearing", _("Proceedings without a hearing")
        REQUEST_UNANSWERED = "request_unanswered", _("Cooperation request without a reply")
        DECISION_AWAITING_SECOND_PERSON = "decision_awaiting_second_person", _("Decision waiting for a second person")

    # The delays an agency starts with, in days, until its administrator sets its own.
    DEFAULT_DAYS = {
        Kind.REFERRAL_UNANSWERED: 7,
        Kind.CHILD_WITHOUT_ASSESSMENT: 30,
        Kind.VICTIM_WITHOUT_ASSESSMENT: 14,
        Kind.REFLECTION_PERIOD_ENDING: 7,
        Kind.FOLLOW_UP_VISIT_DUE: 90,
        Kind.INVESTIGATION_OPEN_TOO_LONG: 180,
        Kind.PROCEEDING_WITHOUT_HEARING: 90,
        Kind.REQUEST_UNANSWERED: 60,
        Kind.DECISION_AWAITING_SECOND_PERSON: 3,
    }

    agency = models.ForeignKey("accounts.Agency", models.CASCADE, related_name="alert_rules")
    kind = models.CharField(_("alert"), max_length=40, choices=Kind)
    days = models.PositiveSmallIntegerField(
        _("days"),
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After how many days the item is shown as late."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="worklist_alertrule_one_per_kind"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="worklist_alertrule_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.kind} after {self.days} days"
