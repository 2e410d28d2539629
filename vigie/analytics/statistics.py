"""The statistics engine: victims detected, by any combination of dimensions, from the register or from an
imported data set. The command line, and later the dashboards, the API and the reports, all count here.

The values are those of the command-line contract (docs/statistics.md, copied from the project's
specification): `year`, `sex`, `age_group`, `citizenship`, `country_of_detection`,
`form_of_exploitation`, `detection_type`. A value the source does not give is None ("null"): never
dropped, never guessed.

Counting rules, the same for every source:
- A victim is counted once per combination of values. A victim who has several values of one dimension
  (forms of exploitation, citizenships, or several detections of the same person in the register) is
  counted once under each: the rows can then add up to more than the victims, and the metadata says by
  how many victims and why.
- `mixed` is a form only where the source records it as such (the register's "mixed forms", CTDC's
  "Multiple" or isSexAndLabour), never made up from several forms.

The work is split in two: a source turns its rows into `Victim` values (one query per table, no
per-victim query), then `count_victims` counts them. Sources take querysets, so a caller that may only
count some cases (a dashboard for a user) passes its own.
"""

import datetime
import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from vigie.analytics.disclosure import Shown, protect_table
from vigie.cases.models import Case, Event, Participant
from vigie.exchange.models import DataSet, OfficialStatistic, VictimRecord
from vigie.people.models import Person
from vigie.reference.codelists import ExploitationForm, Sex
from vigie.reference.partial_dates import PARTIAL_DATE_PATTERN

REGISTER = "register"
ADULT_AGE = 18  # TIP Protocol art. 3(d): a child is any person under eighteen years of age
MAX_AGE = 120  # older than this, the date of birth is a typing error: the age is unknown

Value = str | int | None


class Dimension(StrEnum):
    YEAR = "year"
    SEX = "sex"
    AGE_GROUP = "age_group"
    CITIZENSHIP = "citizenship"
    COUNTRY_OF_DETECTION = "country_of_detection"
    FORM_OF_EXPLOITATION = "form_of_exploitation"
    DETECTION_TYPE = "detection_type"


class Form(StrEnum):
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    FORCED_LABOUR = "forced_labour"
    FORCED_BEGGING = "forced_begging"
    FORCED_CRIMINALITY = "forced_criminality"
    FORCED_MARRIAGE = "forced_marriage"
    ORGAN_REMOVAL = "organ_removal"
    CHILD_SOLDIERING = "child_soldiering"
    MIXED = "mixed"
    OTHER = "other"


# The register's forms (GLOTIP categories plus HTCDS ones) onto the contract's. GLOTIP counts slavery,
# servitude and debt bondage with forced labour ("forced labour, slavery and similar practices"), and
# illegal adoption among its "other forms".
REGISTER_FORMS: dict[str, Form] = {
    ExploitationForm.SEXUAL: Form.SEXUAL_EXPLOITATION,
    ExploitationForm.FORCED_LABOUR: Form.FORCED_LABOUR,
    ExploitationForm.FORCED_BEGGING: Form.FORCED_BEGGING,
    ExploitationForm.FORCED_CRIMINALITY: Form.FORCED_CRIMINALITY,
    ExploitationForm.FORCED_MARRIAGE: Form.FORCED_MARRIAGE,
    ExploitationForm.SERVITUDE: Form.FORCED_LABOUR,
    ExploitationForm.ORGAN_REMOVAL: Form.ORGAN_REMOVAL,
    ExploitationForm.CHILD_SOLDIERING: Form.CHILD_SOLDIERING,
    ExploitationForm.ILLEGAL_ADOPTION: Form.OTHER,
    ExploitationForm.MIXED: Form.MIXED,
    ExploitationForm.OTHER: Form.OTHER,
}
# GLOTIP counts women, men, girls and boys; the gender identities HTCDS records are "other"; unknown is None.
REGISTER_SEXES: dict[str, str] = {
    Sex.FEMALE: "female",
    Sex.MALE: "male",
    Sex.TRANSGENDER_FEMALE: "other",
    Sex.TRANSGENDER_MALE: "other",
    Sex.NON_CONFORMING: "other",
}
# "Victims detected" as UNODC counts them: persons the authorities identified as victims, formally or as
# presumed victims (the register records every victim as presumed until a second person confirms the
# identification: leaving them out would leave out every recent detection). Smuggled migrants are not.
VICTIM_ROLES = (Participant.Role.VICTIM, Participant.Role.PRESUMED_VICTIM)

CTDC_SEXES = {
    "Female": "female",
    "Woman": "female",
    "Male": "male",
    "Man": "male",
    "Transgender/NonConforming": "other",
    "Trans/Transgender/NonConforming": "other",
}
# The derived 10-column copy's recoded ExploitType. "Slavery/Similar" goes with forced labour, as in GLOTIP.
CTDC_EXPLOIT_TYPES = {
    "Sexual": Form.SEXUAL_EXPLOITATION,
    "Labor": Form.FORCED_LABOUR,
    "Slavery/Similar": Form.FORCED_LABOUR,
    "Forced Marriage": Form.FORCED_MARRIAGE,
    "Multiple": Form.MIXED,
    "Other": Form.OTHER,
}
# Flags of the 2018/2020 layout kept as written in other_columns ("1" yes, "0" no).
CTDC_2018_OTHER_FORMS = {
    "isForcedMarriage": Form.FORCED_MARRIAGE,
    "isOrganRemoval": Form.ORGAN_REMOVAL,
    # CTDC's "forced military" is not said to be of children: it is not child soldiering.
    "isForcedMilitary": Form.OTHER,
}
UNKNOWN_COUNTRY = "ZZ"
AGE_BAND = re.compile(r"^(\d{1,2})(?:--(\d{1,2})|\+)$")


class StatisticsError(ValueError):
    """A question the engine cannot answer as asked: an unknown dimension, source, or country."""


@dataclass(frozen=True)
class Detection:
    """What one detection of one victim says, in the contract's values; a tuple holds several values."""

    year: int | None
    sex: str | None
    age_group: str | None
    citizenships: tuple[str, ...]
    country_of_detection: str | None
    forms: tuple[str, ...]

    @property
    def detection_type(self) -> str | None:
        # Domestic: detected in a country of which the victim is a citizen (a dual national included).
        if self.country_of_detection is None or not self.citizenships:
            return None
        return "domestic" if self.country_of_detection in self.citizenships else "cross_border"

    def values(self, dimension: Dimension) -> tuple[Value, ...]:
        match dimension:
            case Dimension.CITIZENSHIP:
                return self.citizenships or (None,)
            case Dimension.FORM_OF_EXPLOITATION:
                return self.forms or (None,)
            case Dimension.DETECTION_TYPE:
                return (self.detection_type,)
            case Dimension.YEAR:
                return (self.year,)
            case Dimension.SEX:
                return (self.sex,)
            case Dimension.AGE_GROUP:
                return (self.age_group,)
            case Dimension.COUNTRY_OF_DETECTION:
                return (self.country_of_detection,)


@dataclass(frozen=True)
class Victim:
    """One victim: one person of the register (with each case they were detected in), one CTDC record."""

    detections: tuple[Detection, ...]


@dataclass(frozen=True)
class VictimFilters:
    year_from: int | None = None
    year_to: int | None = None
    country: str | None = None  # ISO alpha-2 of the country of detection

    def keep(self, detection: Detection) -> bool:
        # With a period or a country asked for, a detection of unknown year or country cannot be placed in
        # it: it is left out, and the metadata says how many victims were left out for that.
        if self.year_from is not None and (detection.year is None or detection.year < self.year_from):
            return False
        if self.year_to is not None and (detection.year is None or detection.year > self.year_to):
            return False
        return self.country is None or detection.country_of_detection == self.country

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.year_from, "to": self.year_to, "country": self.country}


@dataclass(frozen=True)
class VictimRow:
    values: tuple[Value, ...]
    victims: int


@dataclass(frozen=True)
class VictimCounts:
    dimensions: tuple[Dimension, ...]
    rows: list[VictimRow]
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [{**dict(zip(self.dimensions, row.values, strict=True)), "victims": row.victims} for row in self.rows]


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    description: str
    unit: str
    victims: "VictimSnapshot"


# Counting ------------------------------------------------------------------------------------------------


def parse_dimensions(text: str) -> tuple[Dimension, ...]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise StatisticsError(
            _("--by needs at least one dimension: %(known)s.") % {"known": ", ".join(DIMENSION_NAMES)}
        )
    unknown = [name for name in names if name not in DIMENSION_NAMES]
    if unknown:
        raise StatisticsError(
            _("Unknown dimension %(names)s; known: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(DIMENSION_NAMES)}
        )
    if len(set(names)) != len(names):
        raise StatisticsError(_("A dimension is named twice in --by."))
    return tuple(Dimension(name) for name in names)


DIMENSION_NAMES = [d.value for d in Dimension]


def sort_key(values: Sequence[Value]) -> tuple[tuple[bool, int, str], ...]:
    # Unknown (null) last in each dimension; years as numbers, everything else as text.
    return tuple(
        (value is None, value if isinstance(value, int) else 0, value if isinstance(value, str) else "")
        for value in values
    )


def count_victims(
    victims: "Iterable[Victim] | VictimSnapshot", dimensions: Sequence[Dimension], filters: VictimFilters | None = None
) -> VictimCounts:
    snapshot = victims if isinstance(victims, VictimSnapshot) else VictimSnapshot.of(victims)
    return snapshot.count(dimensions, filters)


def _why_several(detections: list[tuple[tuple[Value, ...], ...]], dimensions: tuple[Dimension, ...]) -> set[str]:
    """Why a victim is in several rows; `detections` holds, for each detection, its values of each dimension."""
    reasons = set()
    for reason, dimension in (
        ("several_forms_of_exploitation", Dimension.FORM_OF_EXPLOITATION),
        ("several_citizenships", Dimension.CITIZENSHIP),
    ):
        if dimension in dimensions:
            position = dimensions.index(dimension)
            if any(len(values[position]) > 1 for values in detections):
                reasons.add(reason)
    if len(set(detections)) > 1:
        reasons.add("several_detections")
    return reasons


class VictimSnapshot:
    """The victims of one source, read once, in columns: one entry per detection, a victim's detections next
    to each other. Every indicator is then counted from it, whatever the source (one counting rule).

    Most victims have one detection and one value of each dimension: their combinations are counted at C
    speed (`Counter(zip(...))`). The others (several detections, or several values of an asked dimension)
    go one by one through the general rule, which is that of `_why_several` and `itertools.product`.
    """

    def __init__(self) -> None:
        self.victims = 0
        self.rows = 0
        # One value per detection; where a detection has several, the first (the row is then counted apart).
        self.columns: dict[Dimension, list[Value]] = {dimension: [] for dimension in Dimension}
        self.several_values: dict[Dimension, dict[int, tuple[str, ...]]] = {
            Dimension.CITIZENSHIP: {},
            Dimension.FORM_OF_EXPLOITATION: {},
        }
        self.several_detections: list[range] = []
        self._interned: dict[Value, Value] = {}

    @classmethod
    def of(cls, victims: Iterable[Victim]) -> "VictimSnapshot":
        snapshot = cls()
        for victim in victims:
            snapshot.add(victim.detections)
        return snapshot

    def add(self, detections: Sequence[Detection]) -> None:
        self.victims += 1
        if len(detections) > 1:
            self.several_detections.append(range(self.rows, self.rows + len(detections)))
        # One string object per value: hashes are computed once, and a million rows stay small.
        intern = self._interned.setdefault
        columns = self.columns
        for detection in detections:
            citizenships, forms = detection.citizenships, detection.forms
            if len(citizenships) > 1:
                self.several_values[Dimension.CITIZENSHIP][self.rows] = citizenships
            if len(forms) > 1:
                self.several_values[Dimension.FORM_OF_EXPLOITATION][self.rows] = forms
            columns[Dimension.YEAR].append(detection.year)
            columns[Dimension.SEX].append(intern(detection.sex, detection.sex))
            columns[Dimension.AGE_GROUP].append(intern(detection.age_group, detection.age_group))
            citizenship = citizenships[0] if citizenships else None
            columns[Dimension.CITIZENSHIP].append(intern(citizenship, citizenship))
            country = detection.country_of_detection
            columns[Dimension.COUNTRY_OF_DETECTION].append(intern(country, country))
            form = forms[0] if forms else None
            columns[Dimension.FORM_OF_EXPLOITATION].append(intern(form, form))
            columns[Dimension.DETECTION_TYPE].append(detection.detection_type)
            self.rows += 1

    def values(self, dimension: Dimension, row: int) -> tuple[Value, ...]:
        several = self.several_values.get(dimension)
        if several is not None and row in several:
            return several[row]
        return (self.columns[dimension][row],)

    def kept(self, filters: VictimFilters) -> list[bool] | None:
        """Which detections the filters keep (the rule of VictimFilters.keep), None when they keep all."""
        year_from, year_to, country = filters.year_from, filters.year_to, filters.country
        if year_from is None and year_to is None and country is None:
            return None
        low = year_from if year_from is not None else -1
        high = year_to if year_to is not None else 10_000
        years = cast(list[int | None], self.columns[Dimension.YEAR])
        countries = self.columns[Dimension.COUNTRY_OF_DETECTION]
        if country is None:
            return [year is not None and low <= year <= high for year in years]
        if year_from is None and year_to is None:
            return [c == country for c in countries]
        return [
            year is not None and low <= year <= high and c == country for year, c in zip(years, countries, strict=True)
        ]

    def count(self, dimensions: Sequence[Dimension], filters: VictimFilters | None = None) -> VictimCounts:
        filters = filters or VictimFilters()
        dimensions = tuple(dimensions)
        kept = self.kept(filters)
        several_rows = {row for rows in self.several_detections for row in rows}
        # A detection with several values of two asked dimensions is still one victim: a set.
        several_values = {
            row for dimension in dimensions for row in self.several_values.get(dimension, {}) if row not in several_rows
        }
        apart = [*self.several_detections, *(range(row, row + 1) for row in sorted(several_values))]
        simple = [True] * self.rows if kept is None else kept.copy()
        for rows in apart:
            for row in rows:
                simple[row] = False
        columns = [self.columns[dimension] for dimension in dimensions]
        counts: Counter[tuple[Value, ...]] = Counter(itertools.compress(zip(*columns, strict=True), simple))
        counted = simple.count(True)
        in_several_rows = 0
        several: Counter[str] = Counter()
        for rows in apart:
            detections = [tuple(self.values(d, row) for d in dimensions) for row in rows if kept is None or kept[row]]
            if not detections:
                continue
            counted += 1
            combinations = {combination for values in detections for combination in itertools.product(*values)}
            counts.update(combinations)
            if len(combinations) > 1:
                in_several_rows += 1
                several.update(_why_several(detections, dimensions))
        left_out = self.victims - counted
        rows_ = [VictimRow(values, n) for values, n in sorted(counts.items(), key=lambda item: sort_key(item[0]))]
        metadata = {
            "dimensions": [str(d) for d in dimensions],
            "filters": filters.as_dict(),
            "victims": counted,
            "rows_total": sum(row.victims for row in rows_),
            "victims_in_several_rows": in_several_rows,
            "victims_in_several_rows_because": dict(sorted(several.items())),
            "victims_left_out_by_filters": left_out if (filters.year_from or filters.year_to or filters.country) else 0,
        }
        return VictimCounts(dimensions, rows_, metadata)


def counting_rules(unit: str) -> dict[str, str]:
    return {
        "unit": unit,
        "combination": "each victim is counted once per combination of values",
        "form_of_exploitation": (
            "a victim with several forms of exploitation is counted once under each form; 'mixed' only where "
            "the source records mixed forms"
        ),
        "citizenship": "a victim with several citizenships is counted once under each",
        "detection_type": "domestic when the country of detection is one of the victim's citizenships",
        "unknown": "null: a value the source does not give; never dropped, never guessed",
    }


def victim_statistics(
    *, source: "str | Source", dimensions: Sequence[Dimension], filters: VictimFilters | None = None
) -> VictimCounts:
    """The figures `vigie stats victims` prints: the whole register, or one imported data set.

    A caller that needs several indicators of one source reads it once with `victim_source` and passes the
    Source: each indicator is then counted from the same snapshot, without reading the victims again.
    """
    found = source if isinstance(source, Source) else victim_source(source)
    counts = count_victims(found.victims, dimensions, filters)
    counts.metadata.update(
        source=found.name,
        source_kind=found.kind,
        source_description=found.description,
        rules=counting_rules(found.unit),
    )
    return counts


def victim_source(name: str) -> Source:
    """The source's victims, read once into a snapshot."""
    if name == REGISTER:
        return Source(
            REGISTER,
            REGISTER,
            "cases of this instance's register",
            "persons recorded as victims or presumed victims (a person in several cases: once per combination)",
            VictimSnapshot.of(register_victims(Case.objects.all())),
        )
    dataset = DataSet.objects.filter(name=name).exclude(kind=DataSet.Kind.GLOTIP).first()
    if dataset is None:
        known = [REGISTER, *DataSet.objects.exclude(kind=DataSet.Kind.GLOTIP).values_list("name", flat=True)]
        raise StatisticsError(
            _("Unknown source %(name)s; known: %(known)s.") % {"name": name, "known": ", ".join(known)}
        )
    return Source(
        dataset.name,
        dataset.kind,
        dataset.get_kind_display(),
        "anonymous victim records of the data set, as the source counts them",
        VictimSnapshot.of(dataset_victims(dataset)),
    )


# The register ------------------------------------------------------------------------------------------


def register_victims(cases: QuerySet[Case]) -> Iterator[Victim]:
    """The victims and presumed victims of these cases, one per person, one detection per case."""
    participants = Participant.objects.filter(case__in=cases, role__in=VICTIM_ROLES)
    nationalities: dict[int, list[str]] = {}
    for person_id, country in (
        Person.nationalities.through.objects.filter(person__participations__in=participants)
        .values_list("person_id", "country_id")
        .distinct()
        .iterator(chunk_size=10_000)
    ):
        nationalities.setdefault(person_id, []).append(country)
    exploited_on: dict[int, list[str]] = {}
    for participant_id, date in (
        Event.participants.through.objects.filter(participant__in=participants, event__kind=Event.Kind.EXPLOITATION)
        .exclude(event__date="")
        .values_list("participant_id", "event__date")
        .iterator(chunk_size=10_000)
    ):
        exploited_on.setdefault(participant_id, []).append(date)
    # The forms as the database's JSON text: a register has few distinct lists of forms, each decoded once
    # here rather than once a row by the JSON field.
    rows = (
        participants.order_by("person_id")
        .annotate(forms_text=Cast("forms_of_exploitation", TextField()))
        .values_list(
            "id",
            "person_id",
            "forms_text",
            "identified_on",
            "case__opened_on",
            "case__reported_on",
            "case__country_id",
            "person__sex",
            "person__date_of_birth",
            "person__estimated_age",
            "person__age_estimated_on",
        )
    )
    forms_of: dict[str | None, tuple[str, ...]] = {}
    for person_id, group in itertools.groupby(rows.iterator(chunk_size=10_000), key=lambda row: row[1]):
        yield Victim(
            tuple(_register_detection(row, nationalities.get(person_id, []), exploited_on, forms_of) for row in group)
        )


def _register_detection(
    row: tuple[Any, ...],
    citizenships: list[str],
    exploited_on: dict[int, list[str]],
    forms_of: dict[str | None, tuple[str, ...]],
) -> Detection:
    (pk, _person, forms_text, identified_on, opened_on, reported_on, country, sex, born, estimated, estimated_on) = row
    forms = forms_of.get(forms_text)
    if forms is None:
        codes = set(json.loads(forms_text) or []) if forms_text else set()
        forms = forms_of[forms_text] = tuple(sorted({REGISTER_FORMS[c] for c in codes if c in REGISTER_FORMS}))
    return Detection(
        year=(identified_on or opened_on).year,
        sex=REGISTER_SEXES.get(sex),
        age_group=_register_age_group(
            born, estimated, estimated_on, exploited_on.get(pk), identified_on or reported_on or opened_on
        ),
        citizenships=tuple(sorted(set(citizenships))),
        country_of_detection=country,
        forms=forms,
    )


def _register_age_group(
    born: str,
    estimated_age: int | None,
    estimated_on: datetime.date | None,
    exploitation_dates: list[str] | None,
    identified_on: datetime.date,
) -> str | None:
    """`child` when the victim was certainly under 18 when first exploited (the earliest dated exploitation
    of this victim) or, with none dated, when identified (else when the case was reported or opened);
    `adult` when certainly 18 or more then; else unknown. Partial dates are taken as the ranges they are."""
    birth = _birth_range(born, estimated_age, estimated_on)
    if birth is None:
        return None
    if exploitation_dates:
        first, last = min((_day_range(d) for d in exploitation_dates), key=lambda r: r[0])
    else:
        first = last = identified_on
    oldest, youngest = _years(birth[0], last), _years(birth[1], first)
    if oldest > MAX_AGE:
        return None
    if oldest < ADULT_AGE:
        return "child"
    if youngest >= ADULT_AGE:
        return "adult"
    return None


def _birth_range(
    born: str, estimated_age: int | None, estimated_on: datetime.date | None
) -> tuple[datetime.date, datetime.date] | None:
    if born:
        return _day_range(born)
    if estimated_age is not None and estimated_on is not None:
        latest = _minus_years(estimated_on, estimated_age)
        return _minus_years(estimated_on, estimated_age + 1) + datetime.timedelta(days=1), latest
    return None


# Dates of birth and of exploitation repeat across a register: each distinct text is parsed once.
@functools.lru_cache(maxsize=65_536)
def _day_range(partial: str) -> tuple[datetime.date, datetime.date]:
    match = PARTIAL_DATE_PATTERN.match(partial)
    if match is None:
        raise ValueError(partial)
    year, month, day = match.groups()
    if day:
        first = datetime.date(int(year), int(month), int(day))
        return first, first
    if month:
        first = datetime.date(int(year), int(month), 1)
        next_month = first.replace(day=28) + datetime.timedelta(days=4)
        return first, next_month - datetime.timedelta(days=next_month.day)
    return datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)


def _minus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _years(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# Imported CTDC data sets -------------------------------------------------------------------------------

CTDC_FIELDS = [
    "year_of_registration",
    "gender",
    "age_band",
    "majority_status",
    "citizenship",
    "country_of_exploitation",
    "is_sexual_exploitation",
    "is_forced_labour",
    "is_other_exploitation",
    "exploitation_type",
]


def dataset_victims(dataset: DataSet) -> Iterator[Victim]:
    """One victim per anonymous record, in the contract's values; what the layout lacks stays unknown."""
    with_others = dataset.kind == DataSet.Kind.CTDC_GLOBAL_2018
    fields = [*CTDC_FIELDS, "other_columns"] if with_others else CTDC_FIELDS
    records = VictimRecord.objects.filter(dataset=dataset).order_by().values_list(*fields)
    for row in records.iterator(chunk_size=10_000):
        yield Victim((ctdc_detection(*row[:10], others=row[10] if with_others else None),))


def ctdc_detection(
    year: str | None,
    gender: str | None,
    age_band: str | None,
    majority: str | None,
    citizenship: str | None,
    country: str | None,
    sexual: bool | None,
    labour: bool | None,
    other: bool | None,
    exploit_type: str | None,
    *,
    others: dict[str, str] | None = None,
) -> Detection:
    others = others or {}
    forms = _ctdc_forms(sexual, labour, other, exploit_type, others)
    return Detection(
        # A range of years (2014-2018) is not one year: unknown, rather than a guess.
        year=int(year) if year and year.isdigit() else None,
        sex=CTDC_SEXES.get(gender or ""),
        age_group=_ctdc_age_group(age_band, majority, others.get("majorityStatusAtExploit")),
        citizenships=(citizenship,) if citizenship and citizenship != UNKNOWN_COUNTRY else (),
        country_of_detection=country if country and country != UNKNOWN_COUNTRY else None,
        forms=forms,
    )


def _ctdc_age_group(age_band: str | None, majority: str | None, majority_at_exploitation: str | None) -> str | None:
    # CTDC's ages and majority are at registration; a minor when exploited is a child whatever the age now.
    if majority_at_exploitation == "Minor" or majority == "Minor":
        return "child"
    match = AGE_BAND.match(age_band or "")
    if match:
        low, high = int(match.group(1)), match.group(2)
        if high is not None and int(high) < ADULT_AGE:
            return "child"
        if low >= ADULT_AGE:
            return "adult"
        return None
    return "adult" if majority == "Adult" else None


def _ctdc_forms(
    sexual: bool | None, labour: bool | None, other: bool | None, exploit_type: str | None, others: dict[str, str]
) -> tuple[str, ...]:
    if exploit_type == "Multiple" or others.get("isSexAndLabour") == "1":
        return (Form.MIXED,)
    forms = set()
    if exploit_type in CTDC_EXPLOIT_TYPES:
        forms.add(CTDC_EXPLOIT_TYPES[exploit_type])
    if sexual:
        forms.add(Form.SEXUAL_EXPLOITATION)
    if labour:
        forms.add(Form.FORCED_LABOUR)
    if other:
        forms.add(Form.OTHER)
    forms.update(form for column, form in CTDC_2018_OTHER_FORMS.items() if others.get(column) == "1")
    return tuple(sorted(forms))


# Official figures (UNODC GLOTIP) ----------------------------------------------------------------------


@dataclass(frozen=True)
class OfficialRow:
    country: str
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    value: int | None
    censored: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "indicator": self.indicator,
            "dimension": self.dimension,
            "category": self.category,
            "sex": self.sex,
            "age": self.age,
            "year": self.year,
            "value": self.value,
            "censored": self.censored,
        }


OFFICIAL_COLUMNS = ["country", "indicator", "dimension", "category", "sex", "age", "year", "value", "censored"]


def official_statistics(
    *, country: str | None = None, indicator: str | None = None, year: int | None = None
) -> list[OfficialRow]:
    """The UNODC GLOTIP rows of the latest imported GLOTIP data set, as published, in the file's order."""
    dataset = DataSet.objects.filter(kind=DataSet.Kind.GLOTIP).order_by("-created_at", "-id").first()
    if dataset is None:
        raise StatisticsError(_("No UNODC GLOTIP data set is imported: run vigie import glotip FILE first."))
    rows = OfficialStatistic.objects.filter(dataset=dataset)
    if country is not None:
        if not rows.filter(iso3=country).exists():
            raise StatisticsError(
                _("Unknown country %(code)s: no GLOTIP figure has this ISO alpha-3 code.") % {"code": country}
            )
        rows = rows.filter(iso3=country)
    if indicator is not None:
        # Matched without regard to case: "detected trafficking victims" finds "Detected trafficking victims".
        known = set(rows.values_list("indicator", flat=True).distinct())
        matching = [name for name in known if name.casefold() == indicator.casefold()]
        if not matching:
            raise StatisticsError(
                _("Unknown indicator %(name)s; known: %(known)s.")
                % {"name": indicator, "known": "; ".join(sorted(known))}
            )
        rows = rows.filter(indicator__in=matching)
    if year is not None:
        rows = rows.filter(year=year)
    return [
        OfficialRow(
            iso3, indicator_, dimension, category, sex, age, year_, value, f"<{below}" if below is not None else None
        )
        for iso3, indicator_, dimension, category, sex, age, year_, value, below in rows.order_by(
            "row_number", "id"
        ).values_list("iso3", "indicator", "dimension", "category", "sex", "age", "year", "value", "below")
    ]


# Small cells ---------------------------------------------------------------------------------------------


def protect_victim_counts(counts: VictimCounts) -> list[str | None]:
    """For each row of the counts, None when its figure may be shown, else its mark ("<5" or "x").

    The rows are laid out as a table, the last dimension across and the others down, and protected with
    its row, column and grand totals (see disclosure.py). Protection holds within that table: figures of
    another query (other dimensions, other filters) are not taken into account.
    """
    if not counts.rows:
        return []
    down = sorted({row.values[:-1] for row in counts.rows}, key=sort_key)
    across = sorted({row.values[-1:] for row in counts.rows}, key=sort_key)
    row_of, column_of = {v: i for i, v in enumerate(down)}, {v: j for j, v in enumerate(across)}
    cells = [[0] * len(across) for _ in down]
    for row in counts.rows:
        cells[row_of[row.values[:-1]]][column_of[row.values[-1:]]] = row.victims
    table = protect_table(cells)
    marks: list[str | None] = []
    for row in counts.rows:
        i, j = row_of[row.values[:-1]], column_of[row.values[-1:]]
        marks.append(None if table.shown[i][j] == Shown.VALUE else table.text(i, j))
    return marks
