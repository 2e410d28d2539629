"""Demo screenings: identification interviews of the people of the cases that `vigie demo-data` generated.

None of it is real. Proportions (planning assumptions: no published figure was found on how many persons
are screened with an indicator list in the region):
- about 70 % of presumed victims are screened (the screening is how a presumed victim gets identified),
  half of the identified victims (many were identified before a form was used), and a quarter of the
  smuggled migrants (IOM transit centres screen the migrants they receive);
- the answers follow what the case records of the person: an indicator that matches a recorded means of
  control or form of exploitation is answered yes four times in five, else left unknown (a person may be
  afraid or ashamed in a first interview); the other indicators are "no" three times in five, else unknown;
- smuggled migrants answer no to the indicators of control, except one in seven who tells of violence or
  abuse on the route.
Rows are bulk-created without audit events, except one event for the whole run, as in cases/demo.py.
The same seed gives the same screenings for the same cases.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from vigie.accounts.models import User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.cases.demo import FRENCH_SPEAKING, _demo_author
from vigie.cases.models import Case, Participant
from vigie.reference.codelists import ExploitationForm, MeansOfControl
from vigie.screening.indicators import INDICATORS, Indicator
from vigie.screening.models import Screening, ScreeningAnswer

CHUNK = 2000
Role = Participant.Role
I = Indicator  # noqa: E741 - the tables below read better with a short name
SCREENED_SHARE = {Role.PRESUMED_VICTIM: 0.7, Role.VICTIM: 0.5, Role.SMUGGLED_MIGRANT: 0.25}
TOLD_SHARE = 0.8  # a matching indicator answered yes
NO_SHARE = 0.6  # another indicator answered no
MIGRANT_ABUSED_SHARE = 1 / 7

# What a person who suffered this means of control or form of exploitation tells in the interview.
INDICATORS_OF_CONTROL: dict[str, tuple[Indicator, ...]] = {
    MeansOfControl.FALSE_PROMISES: (I.RECRUITED_BY_DECEPTION,),
    MeansOfControl.PHYSICAL_ABUSE: (I.PHYSICAL_AND_SEXUAL_VIOLENCE,),
    MeansOfControl.SEXUAL_ABUSE: (I.PHYSICAL_AND_SEXUAL_VIOLENCE,),
    MeansOfControl.PHYSICAL_THREATS: (I.INTIMIDATION_AND_THREATS,),
    MeansOfControl.THREATENS_FAMILY: (I.INTIMIDATION_AND_THREATS,),
    MeansOfControl.THREATS_LAW_ENFORCEMENT: (I.INTIMIDATION_AND_THREATS,),
    MeansOfControl.PSYCHOLOGICAL_ABUSE: (I.INTIMIDATION_AND_THREATS, I.ISOLATION),
    MeansOfControl.PSYCHOACTIVE_SUBSTANCES: (I.CREATED_DEPENDENCY,),
    MeansOfControl.WITHHOLDS_DOCUMENTS: (I.RETENTION_OF_IDENTITY_DOCUMENTS,),
    MeansOfControl.RESTRICTS_MOVEMENT: (I.RESTRICTION_OF_MOVEMENT,),
    MeansOfControl.DEBT_BONDAGE: (I.DEBT_BONDAGE,),
    MeansOfControl.TAKES_EARNINGS: (I.WITHHOLDING_OF_WAGES,),
    MeansOfControl.RESTRICTS_FINANCIAL_ACCESS: (I.WITHHOLDING_OF_WAGES,),
    MeansOfControl.EXCESSIVE_WORKING_HOURS: (I.EXCESSIVE_OVERTIME,),
    MeansOfControl.WITHHOLDS_NECESSITIES: (I.ABUSIVE_CONDITIONS,),
    MeansOfControl.RESTRICTS_MEDICAL_CARE: (I.ABUSIVE_CONDITIONS,),
}
INDICATORS_OF_FORM: dict[str, tuple[Indicator, ...]] = {
    ExploitationForm.SEXUAL: (I.SEXUAL_EXPLOITATION,),
    ExploitationForm.FORCED_LABOUR: (I.ABUSIVE_CONDITIONS, I.EXCESSIVE_OVERTIME),
    ExploitationForm.FORCED_BEGGING: (I.BEGGING_FOR_OTHERS,),
    ExploitationForm.FORCED_CRIMINALITY: (I.CRIMES_FOR_OTHERS,),
    ExploitationForm.FORCED_MARRIAGE: (I.FORCED_MARRIAGE,),
    ExploitationForm.SERVITUDE: (I.ISOLATION, I.ABUSIVE_CONDITIONS),
    ExploitationForm.CHILD_SOLDIERING: (I.USED_BY_ARMED_GROUP,),
}
MIGRANT_ABUSE = (I.PHYSICAL_AND_SEXUAL_VIOLENCE, I.ABUSE_OF_VULNERABILITY, I.INTIMIDATION_AND_THREATS)
PLACES = {"fr": ("Commissariat central", "Centre d'accueil", "Poste frontière"), "en": ("Police station", "Shelter",
          "Border post")}  # fmt: skip
LANGUAGES = {"fr": "Français", "en": "English"}


def generate_screening_demo(*, seed: int, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    rng = random.Random(seed * 104729 + 31)  # noqa: S311 - reproducible demo data, not secrets
    author = _demo_author()
    today = timezone.localdate()
    totals = {"screenings": 0}
    # Cases that already have screenings (a second run) are left as they are.
    case_ids = list(Case.objects.exclude(screenings__isnull=False).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        with transaction.atomic():
            totals["screenings"] += _chunk(rng, chunk, author, today)
        if progress:
            progress(f"{start + len(chunk):>8} cases  {totals['screenings']:>8} screenings")
    with transaction.atomic():
        record_event(
            actor=author,
            action=AuditEvent.Action.DATASET_GENERATED,
            target_label=f"demo screenings, seed {seed}",
            changes={"seed": seed, **totals},
        )
    return totals


def _chunk(rng: random.Random, case_ids: list[int], author: User, today: datetime.date) -> int:
    people = (
        Participant.objects.filter(case_id__in=case_ids, role__in=list(SCREENED_SHARE))
        .select_related("case")
        .only("pk", "case_id", "role", "identified_on", "means_of_control", "forms_of_exploitation",
              "no_means_of_control", "case__opened_on", "case__country_id")
        .order_by("case_id", "pk")
    )  # fmt: skip
    screenings: list[Screening] = []
    answers: list[dict[str, str]] = []
    for participant in people:
        if rng.random() >= SCREENED_SHARE[Role(participant.role)]:
            continue
        screened_on = min(
            today, (participant.identified_on or participant.case.opened_on) + datetime.timedelta(rng.randint(0, 7))
        )
        lang = "fr" if participant.case.country_id in FRENCH_SPEAKING else "en"
        screenings.append(
            Screening(
                case_id=participant.case_id,
                participant=participant,
                screened_on=screened_on,
                screened_by=author,
                place=rng.choice(PLACES[lang]),
                language=LANGUAGES[lang],
            )
        )
        answers.append(_answers(rng, participant))
    Screening.objects.bulk_create(screenings, batch_size=1000)
    ScreeningAnswer.objects.bulk_create(
        [
            ScreeningAnswer(screening=screening, indicator=code, answer=answer)
            for screening, given in zip(screenings, answers, strict=True)
            for code, answer in given.items()
        ],
        batch_size=5000,
    )
    return len(screenings)


def _answers(rng: random.Random, participant: Participant) -> dict[str, str]:
    """An answer to every indicator, as record_screening stores them."""
    told: set[Indicator] = set()
    if participant.role == Role.SMUGGLED_MIGRANT:
        told.add(I.MOVEMENT_ORGANISED_BY_OTHERS)
        if not participant.no_means_of_control and rng.random() < MIGRANT_ABUSED_SHARE:
            told.add(rng.choice(MIGRANT_ABUSE))
    else:
        for control in participant.means_of_control:
            told.update(INDICATORS_OF_CONTROL.get(control, ()))
        for form in participant.forms_of_exploitation:
            told.update(INDICATORS_OF_FORM.get(form, ()))
    given = {}
    for spec in INDICATORS:
        if spec.code in told:
            given[spec.code.value] = "yes" if rng.random() < TOLD_SHARE else "unknown"
        else:
            given[spec.code.value] = "no" if rng.random() < NO_SHARE else "unknown"
    return given
