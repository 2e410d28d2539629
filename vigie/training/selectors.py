import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, QuerySet

from vigie.accounts.models import Membership, User
from vigie.training.models import Attempt


def attempts_of(user: User) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user).order_by("-at", "-id")


def best_scores_of(user: User) -> dict[str, int]:
    """Per scenario id, the user's best score so far; scenarios never tried are absent."""
    rows = Attempt.objects.filter(user=user).values("scenario_id").annotate(best=Max("score"))
    return {row["scenario_id"]: row["best"] for row in rows}


@dataclass(frozen=True)
class MemberScores:
    user: User
    attempts: int
    scenarios_done: int
    average_score: float | None
    last_attempt_at: datetime.datetime | None


def member_scores(agency_id: int) -> list[MemberScores]:
    """The agency's active members with their training: those who never trained are listed too."""
    # Members through a subquery: the counts then join the attempts alone.
    members = (
        User.objects.filter(is_active=True, pk__in=Membership.objects.filter(agency_id=agency_id).values("user_id"))
        .annotate(
            attempt_count=Count("training_attempts"),
            scenario_count=Count("training_attempts__scenario_id", distinct=True),
            average=Avg("training_attempts__score"),
            last_at=Max("training_attempts__at"),
        )
        .order_by("last_name", "first_name", "username")
    )
    return [
        MemberScores(
            user=member,
            attempts=member.attempt_count,
            scenarios_done=member.scenario_count,
            average_score=member.average,
            last_attempt_at=member.last_at,
        )
        for member in members
    ]
