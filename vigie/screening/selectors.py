import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from vigie.cases.models import Participant
from vigie.screening.evidence import Proposal, ScreeningEvidence, evidence_from_answers, propose
from vigie.screening.models import Screening


def answers_of(screening: Screening) -> dict[str, str]:
    return dict(screening.answers.values_list("indicator", "answer"))


def screenings_of_participant(participant: Participant) -> QuerySet[Screening]:
    return participant.screenings.select_related("screened_by").order_by("-screened_on", "-id")


def latest_screenings(participant_ids: Iterable[int]) -> dict[int, Screening]:
    """The latest screening of each of these persons (by date, then the last recorded), in one query."""
    latest: dict[int, Screening] = {}
    # A person is screened a few times at most: reading all their screenings and keeping the first is one
    # index scan on SQLite and PostgreSQL alike, where DISTINCT ON would be PostgreSQL only.
    for screening in Screening.objects.filter(participant_id__in=list(participant_ids)).order_by(
        "participant_id", "-screened_on", "-id"
    ):
        latest.setdefault(screening.participant_id, screening)
    return latest


def evidence_for_participants(participant_ids: Iterable[int]) -> dict[int, ScreeningEvidence]:
    """For the legal qualification: what each person's latest screening is evidence for (one query).

    Persons never screened are left out. The evidence is never a verdict: show it as such.
    """
    # One row per answer, or one row of NULLs for a screening with no answer (LEFT JOIN): the case page
    # reads this beside its other sections, so it costs one query whatever the number of people.
    rows = (
        Screening.objects.filter(participant_id__in=list(participant_ids))
        .order_by("participant_id", "-screened_on", "-id")
        .values_list("participant_id", "id", "screened_on", "answers__indicator", "answers__answer")
    )
    latest: dict[int, tuple[int, datetime.date]] = {}
    answers: dict[int, dict[str, str]] = {}
    for participant_id, screening_id, screened_on, indicator, answer in rows:
        latest.setdefault(participant_id, (screening_id, screened_on))
        if latest[participant_id][0] == screening_id and indicator is not None:
            answers.setdefault(participant_id, {})[indicator] = answer
    return {
        participant_id: evidence_from_answers(
            answers.get(participant_id, {}), screening_id=screening_id, screened_on=screened_on
        )
        for participant_id, (screening_id, screened_on) in latest.items()
    }


def age_at(participant: Participant, day: datetime.date) -> int | None:
    return participant.person.age_on(day)


def proposal_for(screening: Screening, answers: dict[str, str]) -> Proposal:
    return propose(answers, age=age_at(screening.participant, screening.screened_on))
