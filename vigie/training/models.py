from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    """What a trainee says of one person: the offences whose elements the facts establish."""

    TIP = "tip", _("Trafficking in persons")
    SOM = "som", _("Smuggling of migrants")
    BOTH = "both", _("Both")
    NEITHER = "neither", _("Neither")


class Attempt(models.Model):
    """One trainee's answers to one scenario, with the score the engine's answers gave them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="training_attempts", verbose_name=_("trainee")
    )
    # Scenarios are files in vigie/training/scenarios/, named by a stable id, not database rows.
    scenario_id = models.CharField(_("scenario"), max_length=80)
    # {subject id: {"given": answer, "expected": answer}}: what was answered and what the engine said then.
    answers = models.JSONField(_("answers"), default=dict)
    correct = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("people in the scenario"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("training attempt")
        verbose_name_plural = _("training attempts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "scenario_id"], name="training_attempt_user_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=1), name="training_attempt_someone_to_answer"),
            models.CheckConstraint(
                condition=models.Q(correct__lte=models.F("total")), name="training_attempt_correct_within_total"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="training_attempt_score_is_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.score}%"
