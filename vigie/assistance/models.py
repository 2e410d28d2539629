"""Victim assistance: needs, reflection period, plan, voluntary return, reintegration visits, closure.

Every record belongs to one person of a case in the role of a victim, a presumed victim or a smuggled
migrant (a `cases.Participant`), and to the case itself, so that need to know is decided by the case.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Who may receive assistance: the people of a case who were exploited or smuggled, never a suspect.
ASSISTED_ROLES = ("victim", "presumed_victim", "smuggled_migrant")


class NeedLevel(models.TextChoices):
    NONE = "none", _("No need")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


# The eight domains of a needs assessment, in the order case workers go through them.
DOMAINS: list[tuple[str, Any]] = [
    ("safety", _("Safety")),
    ("shelter", _("Shelter")),
    ("medical", _("Medical care")),
    ("psychological", _("Psychological support")),
    ("legal", _("Legal assistance")),
    ("family", _("Family")),
    ("documents", _("Identity documents")),
    ("livelihood", _("Livelihood")),
]


class AssistanceRecord(models.Model):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="+", verbose_name=_("person assisted")
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class NeedsAssessment(AssistanceRecord):
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessed by"), editable=False
    )
    safety = models.CharField(_("safety"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    safety_note = models.CharField(_("safety: note"), max_length=500, blank=True)
    shelter = models.CharField(_("shelter"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    shelter_note = models.CharField(_("shelter: note"), max_length=500, blank=True)
    medical = models.CharField(_("medical care"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    medical_note = models.CharField(_("medical care: note"), max_length=500, blank=True)
    psychological = models.CharField(
        _("psychological support"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE
    )
    psychological_note = models.CharField(_("psychological support: note"), max_length=500, blank=True)
    legal = models.CharField(_("legal assistance"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    legal_note = models.CharField(_("legal assistance: note"), max_length=500, blank=True)
    family = models.CharField(_("family"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    family_note = models.CharField(_("family: note"), max_length=500, blank=True)
    documents = models.CharField(_("identity documents"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    documents_note = models.CharField(_("identity documents: note"), max_length=500, blank=True)
    livelihood = models.CharField(_("livelihood"), max_length=10, choices=NeedLevel, default=NeedLevel.NONE)
    livelihood_note = models.CharField(_("livelihood: note"), max_length=500, blank=True)
    next_review_on = models.DateField(
        _("next review on"), null=True, blank=True, help_text=_("When the needs should be assessed again.")
    )

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["participant", "-assessed_on"], name="assistance_assessment_pt_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=models.F("assessed_on")),
                name="assistance_needsassessment_review_after_assessment",
            )
        ]

    def __str__(self) -> str:
        return str(_("Needs assessment of %(date)s") % {"date": self.assessed_on})

    def levels(self) -> list[tuple[str, str, str]]:
        """(domain label, level code, level label) for the eight domains."""
        labels = dict(NeedLevel.choices)
        return [(str(label), getattr(self, code), str(labels[getattr(self, code)])) for code, label in DOMAINS]

    def urgent_domains(self) -> list[str]:
        return [str(label) for code, label in DOMAINS if getattr(self, code) == NeedLevel.URGENT]


# As in the Council of Europe Convention against Trafficking (art. 13): the period is owed to the victim,
# whatever they decide about testifying.
REFLECTION_PURPOSE = _(
    "Time for the person to recover and to decide, free of any obligation to cooperate with the "
    "authorities; no one may make assistance depend on that decision."
)


class ReflectionPeriod(AssistanceRecord):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Still deciding")
        COOPERATING = "cooperating", _("Decided to cooperate with the authorities")
        NOT_COOPERATING = "not_cooperating", _("Decided not to cooperate")
        EXTENDED = "extended", _("Period extended")

    started_on = models.DateField(_("started on"), help_text=REFLECTION_PURPOSE)
    ends_on = models.DateField(_("ends on"))
    granted_by = models.CharField(
        _("granted by"), max_length=200, help_text=_("The authority that granted the period, e.g. the prosecutor.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, default=Outcome.PENDING)

    class Meta:
        verbose_name = _("reflection and recovery period")
        verbose_name_plural = _("reflection and recovery periods")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("started_on")), name="assistance_reflectionperiod_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(_("Reflection period from %(start)s") % {"start": self.started_on})


class AssistancePlan(AssistanceRecord):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    agreed_on = models.DateField(_("agreed on"))
    agreed_with_person = models.BooleanField(
        _("drawn up with the person"),
        default=True,
        help_text=_("The plan is drawn up with the person, who agrees to its goals."),
    )
    goals = models.TextField(_("goals"), help_text=_("One goal a line, e.g. “Medical: HIV test and treatment”."))
    review_on = models.DateField(_("review on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    # Who drew it up: what waits about the person goes to them while they work on the case.
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("case worker"),
    )
    stop_reason = models.CharField(_("why it was stopped"), max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("assistance plan")
        verbose_name_plural = _("assistance plans")
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="stopped") & ~Q(stop_reason="")) | (~Q(status="stopped") & Q(stop_reason="")),
                name="assistance_assistanceplan_stopped_iff_reason",
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="assistance_assistanceplan_ended_iff_not_active",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Assistance plan of %(date)s") % {"date": self.agreed_on})


class FamilyAssessment(AssistanceRecord):
    """Whether the family can safely take a child back, assessed before any return of a child."""

    class Outcome(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")
        INCONCLUSIVE = "inconclusive", _("Inconclusive")

    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.CharField(_("assessed by"), max_length=200, help_text=_("Person and organisation."))
    place = models.CharField(_("where"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)

    class Meta:
        verbose_name = _("family assessment")
        verbose_name_plural = _("family assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return str(_("Family assessment of %(date)s") % {"date": self.assessed_on})


class VoluntaryReturn(AssistanceRecord):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    from_country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("from"))
    to_country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("to"))
    area = models.CharField(_("region, town or village"), max_length=200, blank=True)
    consent_given = models.BooleanField(
        _("the person consents to return"),
        default=False,
        help_text=_("A return is voluntary or it is not one: without the person's consent it cannot be planned."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    planned_on = models.DateField(_("planned on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True, editable=False)
    escort = models.CharField(_("escort or organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED, editable=False)

    class Meta:
        verbose_name = _("voluntary return")
        verbose_name_plural = _("voluntary returns")
        ordering = ["-planned_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True, consent_on__isnull=False), name="assistance_voluntaryreturn_consented"
            ),
            models.CheckConstraint(
                condition=(Q(status="completed") & Q(returned_on__isnull=False))
                | (~Q(status="completed") & Q(returned_on__isnull=True)),
                name="assistance_voluntaryreturn_returned_iff_completed",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Return planned on %(date)s") % {"date": self.planned_on})


class ReintegrationVisit(AssistanceRecord):
    class Situation(models.TextChoices):
        WELL = "well", _("Reintegrating well")
        DIFFICULTIES = "difficulties", _("Difficulties")
        AT_RISK = "at_risk", _("At risk of re-trafficking")
        LOST_CONTACT = "lost_contact", _("Lost contact")

    visited_on = models.DateField(_("visited on"))
    visited_by = models.CharField(_("visited by"), max_length=200)
    place = models.CharField(_("where"), max_length=200, blank=True)
    situation = models.CharField(_("situation"), max_length=20, choices=Situation)
    next_visit_on = models.DateField(_("next visit due"), null=True, blank=True)

    class Meta:
        verbose_name = _("reintegration visit")
        verbose_name_plural = _("reintegration visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_visit_on__isnull=True) | Q(next_visit_on__gt=models.F("visited_on")),
                name="assistance_reintegrationvisit_next_after_visit",
            )
        ]

    def __str__(self) -> str:
        return str(_("Visit of %(date)s") % {"date": self.visited_on})


class AssistanceClosure(AssistanceRecord):
    """The victim's assistance file is closed; the case itself is closed by its lead agency."""

    class Reason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Goals of the plan reached")
        DECLINED = "declined", _("Declined further assistance")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        TRANSFERRED = "transferred", _("Transferred to another organisation")
        REINTEGRATED = "reintegrated", _("Returned and reintegrated")
        DECEASED = "deceased", _("Deceased")
        OTHER = "other", _("Other reason")

    closed_on = models.DateField(_("closed on"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    reason_other = models.CharField(_("other reason"), max_length=300, blank=True)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True, editable=False)
    reopen_reason = models.CharField(_("why it was reopened"), max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("closure of the assistance file")
        verbose_name_plural = _("closures of assistance files")
        ordering = ["-closed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(reopened_on__isnull=True),
                name="assistance_assistanceclosure_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_other=""), name="assistance_assistanceclosure_other_explained"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Assistance file closed on %(date)s") % {"date": self.closed_on})
