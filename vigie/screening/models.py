from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigie.screening.indicators import Indicator


class Screening(models.Model):
    """One interview of a person of a case with the identification indicators, as answered on that day."""

    # The case is stored too so that deleting a case takes its screenings; removing the person from the
    # case is refused while a screening names them (a screening is evidence).
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="screenings")
    participant = models.ForeignKey(
        "cases.Participant", models.RESTRICT, related_name="screenings", verbose_name=_("person screened")
    )
    screened_on = models.DateField(_("screened on"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("screened by")
    )
    place = models.CharField(
        _("place of the interview"),
        max_length=200,
        blank=True,
        help_text=_("Where the interview took place, e.g. a police station, a shelter, a border post."),
    )
    language = models.CharField(_("language of the interview"), max_length=100, blank=True)
    interpreter_used = models.BooleanField(_("an interpreter was used"), default=False)
    interpreter = models.CharField(
        _("interpreter"),
        max_length=200,
        blank=True,
        help_text=_("Name or organisation of the interpreter. Never a relative or the person who brought them."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What the person said in their own words, and how the interview went.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interpreter_used=True) | Q(interpreter=""),
                name="screening_screening_interpreter_only_if_used",
            ),
        ]
        indexes = [
            # The latest screening of each person: evidence_for_participants reads this order.
            models.Index(fields=["participant", "-screened_on", "-id"], name="screening_participant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} ({self.screened_on})"


class ScreeningAnswer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Unknown")

    screening = models.ForeignKey(Screening, models.CASCADE, related_name="answers")
    indicator = models.CharField(_("indicator"), max_length=50, choices=Indicator)
    answer = models.CharField(_("answer"), max_length=10, choices=Value, default=Value.UNKNOWN)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator"], name="screening_screeninganswer_once"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "no", "unknown"]), name="screening_screeninganswer_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.answer}"
