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

import dataclasses
import datetime
import functools
import hashlib
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from vigie.analytics.changes import (
    CASE,
    DATA_SET,
    PERSON,
    LogPosition,
    log_position,
    logged_since,
    prune_log_if_long,
    register_token,
)
from vigie.analytics.disclosure import Shown, protect_table
from vigie.analytics.selectors import SMALL_CELL_LIMIT
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


class IsolatingFilters(StatisticsError):
    """Filters refused for protected figures: they keep, or leave out, fewer than 5 of the persons counted
    (see refuse_isolating_filters)."""


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


# Several values of one dimension for one detection: the victim is counted once under each.
SEVERAL_VALUED = (Dimension.CITIZENSHIP, Dimension.FORM_OF_EXPLOITATION)
# Past this many distinct combinations a combined code could overflow 64 bits: the codes are renumbered first.
CODE_SPACE = 2**40
# Up to this many possible combinations (or four times the entries), they are counted with one bincount.
DENSE_SPACE = 2**22

IntArray = NDArray[np.int64]


def _combine(columns: Sequence[NDArray[Any]], sizes: Sequence[int], length: int) -> tuple[IntArray, bool]:
    """One int64 code per entry for its combination of codes, in the order of the codes (mixed radix), and
    whether it is plain mixed radix; past CODE_SPACE it is renumbered first (np.unique keeps the order)."""
    combined = np.zeros(length, dtype=np.int64)
    space, radix = 1, True
    for column, size in zip(columns, sizes, strict=True):
        if space * size >= CODE_SPACE:
            uniques, inverse = np.unique(combined, return_inverse=True)
            combined, space, radix = inverse.astype(np.int64).reshape(-1), len(uniques), False
        combined = combined * size + column
        space *= size
    return combined, radix


def _first_of_pairs(first: IntArray, second: IntArray) -> IntArray:
    """The positions of the distinct (first, second) pairs, one each (codes are not negative)."""
    if len(first) == 0:
        return np.zeros(0, dtype=np.int64)
    span = int(second.max()) + 1
    if (int(first.max()) + 1) * span < CODE_SPACE:
        # One sort of one key is quicker than a sort on two.
        positions: IntArray = np.unique(first * span + second, return_index=True)[1]
        return positions
    order = np.lexsort((second, first))
    a, b = first[order], second[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return order[new]


class VictimSnapshot:
    """The victims of one source, read once, in columns of integer codes (numpy): one entry per detection,
    each with its victim's number and its case (for a user's scope). Every indicator is counted from it,
    whatever the source, by one rule: a victim once per combination of values.

    A dimension's codes index `labels[dimension]`, its values. Citizenships and forms of exploitation can be
    several: their codes index `sets[dimension]`, tuples of value codes (an empty tuple is unknown). To count,
    the detections kept by the filters are spread over their values (one entry per value, per combination
    when both are asked); the entries of a victim with several kept detections are made distinct per victim;
    then the combinations are counted with `np.unique`. Nothing goes through Python per victim.
    """

    def __init__(
        self,
        *,
        victim: NDArray[np.integer[Any]],
        case: NDArray[np.integer[Any]],
        codes: dict[Dimension, NDArray[np.integer[Any]]],
        labels: dict[Dimension, list[Value]],
        sets: dict[Dimension, list[tuple[int, ...]]],
        victims: int,
        scope: NDArray[np.bool_] | None = None,
        person: NDArray[np.integer[Any]] | None = None,
    ) -> None:
        self.victim = victim.astype(np.int64, copy=False)
        self.case = case.astype(np.int64, copy=False)
        # The register's person ids, one per detection: what a change of the register is followed by.
        self.person = None if person is None else person.astype(np.int64, copy=False)
        # Each dimension's values in the order of sort_key, and codes renumbered to match: the order of the
        # codes is then that of the rows, and counts come out sorted.
        self.labels, self.codes, self.sets = {}, {}, {}
        for dimension in Dimension:
            values = list(labels[dimension])
            order = sorted(range(len(values)), key=lambda code: sort_key((values[code],)))
            rank = np.empty(len(values), dtype=np.int64)
            rank[order] = np.arange(len(values), dtype=np.int64)
            self.labels[dimension] = [values[code] for code in order]
            if dimension in SEVERAL_VALUED:
                self.codes[dimension] = codes[dimension].astype(np.int64, copy=False)
                self.sets[dimension] = [tuple(int(rank[m]) for m in members) for members in sets[dimension]]
            else:
                self.codes[dimension] = rank[codes[dimension]] if len(values) else codes[dimension].astype(np.int64)
        self.victim_space = victims
        self.rows = len(self.victim)
        self.scope = scope
        self.victims = victims if scope is None else len(np.unique(self.victim[scope]))
        # Each set as a slice of one array of value codes; an empty set is the one value "unknown" (None).
        self._set_length: dict[Dimension, IntArray] = {}
        self._set_start: dict[Dimension, IntArray] = {}
        self._members: dict[Dimension, IntArray] = {}
        for dimension in SEVERAL_VALUED:
            values = self.labels[dimension]
            if any(not members for members in self.sets[dimension]) and None not in values:
                values.append(None)  # None sorts last: the order stays that of sort_key
            unknown = values.index(None) if None in values else -1
            spread = [members or (unknown,) for members in self.sets[dimension]]
            lengths = np.array([len(members) for members in spread], dtype=np.int64)
            self._set_length[dimension] = lengths
            self._set_start[dimension] = np.cumsum(lengths) - lengths
            self._members[dimension] = np.array([code for members in spread for code in members], dtype=np.int64)
        self._label_array = {d: np.array([*self.labels[d], None], dtype=object)[:-1] for d in Dimension}
        self._detections_of_all: IntArray | None = None
        years = self.labels[Dimension.YEAR]
        self._year_known = np.array([year is not None for year in years], dtype=bool)
        self._year_number = np.array([year if isinstance(year, int) else 0 for year in years], dtype=np.int64)

    @classmethod
    def of(cls, victims: Iterable[Victim]) -> "VictimSnapshot":
        builder = _SnapshotBuilder()
        for victim in victims:
            builder.add(victim.detections)
        return builder.snapshot()

    def to_file(self, path: Path, token: Any, position: LogPosition | None = None) -> None:
        """Written whole or not at all (a temporary file renamed), with the tokens it is valid for and the
        position in the change log it can be followed from."""
        if self.scope is not None:
            raise ValueError("a scoped snapshot is a view: write the whole one")
        meta = {
            "token": token,
            "position": None if position is None else [position.epoch, position.mark],
            "victims": self.victim_space,
            "labels": {str(d): self.labels[d] for d in Dimension},
            "sets": {str(d): self.sets[d] for d in SEVERAL_VALUED},
        }
        arrays: dict[str, Any] = (
            {f"codes_{d}": self.codes[d] for d in Dimension}
            | {
                "victim": self.victim,
                "case": self.case,
            }
            | ({} if self.person is None else {"person": self.person})
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(temporary, **arrays, meta=np.array(json.dumps(meta)))
        os.replace(temporary, path)

    @classmethod
    def from_file(cls, path: Path, token: Any) -> "VictimSnapshot | None":
        """The snapshot written for these tokens, None when there is none (or it is for other tokens)."""
        found = cls.kept_in_file(path)
        return found.snapshot if found is not None and found.token == json.loads(json.dumps(token)) else None

    @classmethod
    def kept_in_file(cls, path: Path) -> "KeptSnapshot | None":
        """The snapshot of the file with its tokens and log position, None when there is none."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                position = meta.get("position")
                snapshot = cls(
                    victim=data["victim"],
                    case=data["case"],
                    codes={d: data[f"codes_{d}"] for d in Dimension},
                    labels={d: meta["labels"][str(d)] for d in Dimension},
                    sets={d: [tuple(members) for members in meta["sets"][str(d)]] for d in SEVERAL_VALUED},
                    victims=meta["victims"],
                    person=data["person"] if "person" in data.files else None,
                )
                return KeptSnapshot(
                    meta["token"], snapshot, None if position is None else LogPosition(position[0], position[1])
                )
        except (OSError, KeyError, ValueError, TypeError):
            return None

    def replaced(self, persons: IntArray, fresh: "VictimSnapshot") -> "VictimSnapshot":
        """This snapshot with the detections of these persons replaced by those of `fresh` (their rows read
        again): codes of both are put in one numbering, then the victims numbered again by person."""
        if self.person is None or fresh.person is None or self.scope is not None:
            raise ValueError("only whole snapshots of the register can be followed")
        keep = np.flatnonzero(~np.isin(self.person, persons))
        codes: dict[Dimension, NDArray[np.integer[Any]]] = {}
        labels: dict[Dimension, list[Value]] = {}
        sets: dict[Dimension, list[tuple[int, ...]]] = {}
        for dimension in Dimension:
            if dimension in SEVERAL_VALUED:
                old = [tuple(self.labels[dimension][m] for m in members) for members in self.sets[dimension]]
                new = [tuple(fresh.labels[dimension][m] for m in members) for members in fresh.sets[dimension]]
                set_code = {members: code for code, members in enumerate(dict.fromkeys(old + new))}
                values = list(dict.fromkeys(value for members in set_code for value in members))
                value_code = {value: code for code, value in enumerate(values)}
                labels[dimension] = values
                sets[dimension] = [tuple(value_code[v] for v in members) for members in set_code]
                old_map = np.array([set_code[m] for m in old] or [0], dtype=np.int64)
                new_map = np.array([set_code[m] for m in new] or [0], dtype=np.int64)
            else:
                values = list(dict.fromkeys([*self.labels[dimension], *fresh.labels[dimension]]))
                value_code = {value: code for code, value in enumerate(values)}
                labels[dimension] = values
                old_map = np.array([value_code[v] for v in self.labels[dimension]] or [0], dtype=np.int64)
                new_map = np.array([value_code[v] for v in fresh.labels[dimension]] or [0], dtype=np.int64)
            codes[dimension] = np.concatenate([old_map[self.codes[dimension][keep]], new_map[fresh.codes[dimension]]])
        person = np.concatenate([self.person[keep], fresh.person])
        numbers, victim = np.unique(person, return_inverse=True)
        return VictimSnapshot(
            victim=victim.reshape(-1),
            case=np.concatenate([self.case[keep], fresh.case]),
            codes=codes,
            labels=labels,
            sets=sets,
            victims=len(numbers),
            person=person,
        )

    def scoped(self, case_ids: NDArray[np.integer[Any]]) -> "VictimSnapshot":
        """The same victims seen through a user's scope: only their detections in these cases (no re-read)."""
        scope = np.isin(self.case, case_ids)
        if self.scope is not None:
            scope &= self.scope
        snapshot = object.__new__(VictimSnapshot)
        snapshot.__dict__.update(self.__dict__)
        snapshot.scope = scope
        snapshot.victims = len(np.unique(self.victim[scope]))
        return snapshot

    def kept(self, filters: VictimFilters) -> NDArray[np.bool_] | None:
        """Which detections the filters keep (the rule of VictimFilters.keep), None when they keep all."""
        year_from, year_to, country = filters.year_from, filters.year_to, filters.country
        if year_from is None and year_to is None and country is None:
            return None
        kept = np.ones(self.rows, dtype=bool)
        if year_from is not None or year_to is not None:
            low = year_from if year_from is not None else -1
            high = year_to if year_to is not None else 10_000
            by_code = self._year_known & (self._year_number >= low) & (self._year_number <= high)
            kept &= by_code[self.codes[Dimension.YEAR]]
        if country is not None:
            countries = self.labels[Dimension.COUNTRY_OF_DETECTION]
            if country not in countries:
                return np.zeros(self.rows, dtype=bool)
            kept &= self.codes[Dimension.COUNTRY_OF_DETECTION] == countries.index(country)
        return kept

    def victims_kept(self, filters: VictimFilters) -> int:
        """The victims of this snapshot (its scope) with a detection the filters keep."""
        return self.kept_counter(filters)(filters)

    def kept_counter(self, filters: VictimFilters) -> Callable[[VictimFilters], int]:
        """victims_kept for `filters` and for any loosening of them (some of their filters taken off): the
        detections each given filter keeps are worked out once, then a loosening is a few boolean passes."""
        kept_by = {
            name: self.kept(dataclasses.replace(VictimFilters(), **{name: value}))
            for name, value in ((f.name, getattr(filters, f.name)) for f in dataclasses.fields(filters))
            if value is not None
        }

        def victims(looser: VictimFilters) -> int:
            chosen = [self.scope, *(kept_by[name] for name in kept_by if getattr(looser, name) is not None)]
            masks = [mask for mask in chosen if mask is not None]
            if not masks:
                return self.victims
            mask = masks[0]
            for more in masks[1:]:
                mask = mask & more
            if self.rows == self.victim_space:  # one detection a victim (a data set): no victim twice
                return int(np.count_nonzero(mask))
            seen = np.zeros(self.victim_space, dtype=bool)
            seen[self.victim[mask]] = True
            return int(np.count_nonzero(seen))

        return victims

    def count(self, dimensions: Sequence[Dimension], filters: VictimFilters | None = None) -> VictimCounts:
        filters = filters or VictimFilters()
        dimensions = tuple(dimensions)
        kept = self.kept(filters)
        mask = self.scope if kept is None else (kept if self.scope is None else kept & self.scope)
        rows = None if mask is None else np.flatnonzero(mask)
        victim = self.victim if rows is None else self.victim[rows]
        if rows is None:
            if self._detections_of_all is None:
                self._detections_of_all = np.bincount(self.victim, minlength=self.victim_space)
            detections_of = self._detections_of_all
        else:
            detections_of = np.bincount(victim, minlength=self.victim_space)
        counted = int(np.count_nonzero(detections_of))
        detected_again = detections_of[victim] > 1  # per kept detection: its victim has another one kept

        def column(dimension: Dimension) -> IntArray:
            return self.codes[dimension] if rows is None else self.codes[dimension][rows]

        # Spread the detections over their several values: `entry_row` says which kept detection each entry
        # is (None: one entry per kept detection). Codes are ranks (see __init__): sorted codes, sorted rows.
        entry_row: IntArray | None = None
        entry_codes: dict[Dimension, IntArray] = {}
        several_values: dict[Dimension, NDArray[np.bool_]] = {}
        for dimension in (d for d in dimensions if d in SEVERAL_VALUED):
            set_codes = column(dimension)
            lengths = self._set_length[dimension][set_codes]
            several_values[dimension] = lengths > 1
            starts = self._set_start[dimension][set_codes]
            if several_values[dimension].any():
                spread = lengths if entry_row is None else lengths[entry_row]
                repeat = np.repeat(np.arange(len(spread), dtype=np.int64), spread)
                position = np.arange(len(repeat), dtype=np.int64) - np.repeat(np.cumsum(spread) - spread, spread)
                entry_row = repeat if entry_row is None else entry_row[repeat]
                entry_codes = {d: codes[repeat] for d, codes in entry_codes.items()}
                entry_codes[dimension] = self._members[dimension][starts[entry_row] + position]
            else:
                entry_codes[dimension] = self._members[dimension][starts if entry_row is None else starts[entry_row]]
        for dimension in (d for d in dimensions if d not in SEVERAL_VALUED):
            codes = column(dimension)
            entry_codes[dimension] = codes if entry_row is None else codes[entry_row]
        sizes = [max(len(self.labels[d]), 1) for d in dimensions]
        combination, radix = _combine(
            [entry_codes[d] for d in dimensions], sizes, len(victim if entry_row is None else entry_row)
        )
        # A victim with one kept detection has distinct combinations already; the others are made distinct.
        entry_victim = victim if entry_row is None else victim[entry_row]
        entry_again = detected_again if entry_row is None else detected_again[entry_row]
        distinct: IntArray | None = None
        if entry_again.any():
            again, once = np.flatnonzero(entry_again), np.flatnonzero(~entry_again)
            distinct = np.concatenate([once, again[_first_of_pairs(entry_victim[again], combination[again])]])
            combination, entry_victim = combination[distinct], entry_victim[distinct]
        space = math.prod(sizes)
        if radix and space <= max(DENSE_SPACE, 4 * len(combination)):
            per_combination = np.bincount(combination, minlength=space)
            found = np.flatnonzero(per_combination)
            numbers = per_combination[found]
            columns, rest = [], found
            for size in reversed(sizes):
                columns.append(rest % size)
                rest = rest // size
            columns.reverse()
        else:
            _uniques, first, numbers = np.unique(combination, return_index=True, return_counts=True)
            pick = first if distinct is None else distinct[first]
            columns = [entry_codes[d][pick] for d in dimensions]
        values = [self._label_array[d][codes].tolist() for d, codes in zip(dimensions, columns, strict=True)]
        rows_ = [VictimRow(v, n) for v, n in zip(zip(*values, strict=True), numbers.tolist(), strict=True)]
        # Who is in several rows, and why.
        combinations_of = np.bincount(entry_victim, minlength=self.victim_space)
        in_several = combinations_of > 1
        several: dict[str, int] = {}
        for reason, dimension in (
            ("several_forms_of_exploitation", Dimension.FORM_OF_EXPLOITATION),
            ("several_citizenships", Dimension.CITIZENSHIP),
        ):
            if dimension in several_values:
                has = np.zeros(self.victim_space, dtype=bool)
                has[victim[several_values[dimension]]] = True
                if n := int(np.count_nonzero(has & in_several)):
                    several[reason] = n
        if detected_again.any():
            # Detections that differ in what is asked (sets of values compared whole), per victim.
            again_rows = np.flatnonzero(detected_again)
            detection, _radix = _combine(
                [column(d)[again_rows] for d in dimensions],
                [max(len(self.sets[d]) if d in SEVERAL_VALUED else len(self.labels[d]), 1) for d in dimensions],
                len(again_rows),
            )
            kinds = np.bincount(
                victim[again_rows][_first_of_pairs(victim[again_rows], detection)], minlength=self.victim_space
            )
            if n := int(np.count_nonzero((kinds > 1) & in_several)):
                several["several_detections"] = n
        filtered = bool(filters.year_from or filters.year_to or filters.country)
        metadata = {
            "dimensions": [str(d) for d in dimensions],
            "filters": filters.as_dict(),
            "victims": counted,
            "rows_total": int(numbers.sum()),
            "victims_in_several_rows": int(np.count_nonzero(in_several)),
            "victims_in_several_rows_because": dict(sorted(several.items())),
            "victims_left_out_by_filters": self.victims - counted if filtered else 0,
        }
        return VictimCounts(dimensions, rows_, metadata)


class _SnapshotBuilder:
    """Codes for the values of `Victim`s, one detection at a time (the imported data sets, the tests)."""

    def __init__(self) -> None:
        self.codes: dict[Dimension, dict[Any, int]] = {dimension: {} for dimension in Dimension}
        self.set_codes: dict[Dimension, dict[tuple[str, ...], int]] = {d: {} for d in SEVERAL_VALUED}
        self.columns: dict[Dimension, list[int]] = {dimension: [] for dimension in Dimension}
        self.victim: list[int] = []
        self.victims = 0

    def _code(self, dimension: Dimension, value: Value) -> int:
        codes = self.codes[dimension]
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(codes)
        return code

    def _set_code(self, dimension: Dimension, values: tuple[str, ...]) -> int:
        codes = self.set_codes[dimension]
        code = codes.get(values)
        if code is None:
            code = codes[values] = len(codes)
            for value in values:
                self._code(dimension, value)
        return code

    def add(self, detections: Sequence[Detection]) -> None:
        for detection in detections:
            self.victim.append(self.victims)
            columns = self.columns
            columns[Dimension.YEAR].append(self._code(Dimension.YEAR, detection.year))
            columns[Dimension.SEX].append(self._code(Dimension.SEX, detection.sex))
            columns[Dimension.AGE_GROUP].append(self._code(Dimension.AGE_GROUP, detection.age_group))
            columns[Dimension.CITIZENSHIP].append(self._set_code(Dimension.CITIZENSHIP, detection.citizenships))
            country = detection.country_of_detection
            columns[Dimension.COUNTRY_OF_DETECTION].append(self._code(Dimension.COUNTRY_OF_DETECTION, country))
            columns[Dimension.FORM_OF_EXPLOITATION].append(
                self._set_code(Dimension.FORM_OF_EXPLOITATION, detection.forms)
            )
            columns[Dimension.DETECTION_TYPE].append(self._code(Dimension.DETECTION_TYPE, detection.detection_type))
        self.victims += 1

    def snapshot(self, case: NDArray[np.integer[Any]] | None = None) -> VictimSnapshot:
        sets = {
            dimension: [tuple(self.codes[dimension][value] for value in values) for values in codes]
            for dimension, codes in self.set_codes.items()
        }
        return VictimSnapshot(
            victim=np.array(self.victim, dtype=np.int64),
            case=case if case is not None else np.zeros(len(self.victim), dtype=np.int64),
            codes={dimension: np.array(column, dtype=np.int64) for dimension, column in self.columns.items()},
            labels={dimension: list(codes) for dimension, codes in self.codes.items()},
            sets=sets,
            victims=self.victims,
        )


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
    *,
    source: "str | Source",
    dimensions: Sequence[Dimension],
    filters: VictimFilters | None = None,
    cases: QuerySet[Case] | None = None,
) -> VictimCounts:
    """The figures `vigie stats victims` prints: the whole register, or one imported data set.

    `cases` limits the register to the cases a user may count (countable_cases): the snapshot of the whole
    register is kept in memory and seen through that scope, not read again. A caller that needs several
    indicators may also pass the Source of `victim_source`.
    """
    found = source if isinstance(source, Source) else victim_source(source, cases=cases)
    counts = count_victims(found.victims, dimensions, filters)
    counts.metadata.update(
        source=found.name,
        source_kind=found.kind,
        source_description=found.description,
        rules=counting_rules(found.unit),
    )
    return counts


def victim_source(name: str, *, cases: QuerySet[Case] | None = None) -> Source:
    """The source's victims as a snapshot: read once, then kept until the tables it is made of change."""
    if name == REGISTER:
        return Source(
            REGISTER,
            REGISTER,
            "cases of this instance's register",
            "persons recorded as victims or presumed victims (a person in several cases: once per combination)",
            register_snapshot(cases),
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
        snapshot_for(
            f"dataset:{dataset.pk}",
            lambda: VictimSnapshot.of(dataset_victims(dataset)),
            follow=dataset_follower(dataset.pk),
        ),
    )


# Snapshots kept between requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class KeptSnapshot:
    token: Any  # the tokens when it was read (changes.register_token)
    snapshot: "VictimSnapshot"
    # Where in the change log it can be followed from; None when it was read inside a transaction.
    position: LogPosition | None
    followed: int = 0  # persons re-read since it was last written to its file


# (database alias, database name, source) → the latest snapshot, and the latest that can be followed from the
# change log. One per process.
_SNAPSHOTS: dict[tuple[str, str, str], KeptSnapshot] = {}
_FOLLOWABLE: dict[tuple[str, str, str], KeptSnapshot] = {}
# A snapshot of this many detections or more is also written to disk, so that a new worker process starts
# warm (a smaller one is read again in less time than a file takes to write).
SNAPSHOT_FILE_ROWS = 50_000
# Past this many log rows, or persons to re-read, the change is a bulk one: the source is read afresh.
FOLLOW_LOG_ROWS = 50_000
FOLLOW_PERSONS = 20_000
# A followed snapshot is written to its file again once this many persons were re-read into it, so that a new
# worker process has little to follow.
REFILE_PERSONS = 2_000

# How a kept snapshot is brought up to date from what the log says changed since: the new snapshot, or None
# when only a fresh read will do.
Follow = Callable[[VictimSnapshot, list[tuple[str, int]]], "VictimSnapshot | None"]


def snapshot_for(
    key: str, read: Callable[[], VictimSnapshot], using: str = DEFAULT_DB_ALIAS, *, follow: Follow | None = None
) -> VictimSnapshot:
    """The snapshot `read` makes, kept while no table it is made of changes (vigie/analytics/changes.py):
    in memory, and on disk (STATISTICS_SNAPSHOT_DIR, else var/statistics) when it is large. After a change,
    `follow` brings a kept snapshot up to date from the change log (the register: re-reading only the
    victims of the persons and cases written) rather than reading the source whole.

    The tokens and the log position are read before the data: a change made while reading shows as a new
    token, and in the log after that position, next time; never the other way round (a snapshot older than
    its tokens or its position).
    """
    token = register_token(using)
    cache_key = (using, str(connections[using].settings_dict["NAME"]), key)
    if token is None:
        return read()
    token = json.loads(json.dumps(token))  # as a file keeps it
    kept = _SNAPSHOTS.get(cache_key)
    if kept is not None and kept.token == token:
        return kept.snapshot
    path = _snapshot_path(cache_key)
    position = log_position(using)
    base = _FOLLOWABLE.get(cache_key) or VictimSnapshot.kept_in_file(path)
    followable_file = base is not None and base.position is not None
    if base is not None and base.token == token:
        _SNAPSHOTS[cache_key] = base
        return base.snapshot
    snapshot, followed = None, 0
    if follow is not None and base is not None and base.position is not None:
        logged = logged_since(base.position, FOLLOW_LOG_ROWS, using)
        snapshot = None if logged is None else follow(base.snapshot, logged)
        if logged is not None and snapshot is not None:
            followed = base.followed + max(len(logged), 1)
    if snapshot is None:
        if position is not None:
            prune_log_if_long(using)
            position = log_position(using)
            token = json.loads(json.dumps(register_token(using)))
        snapshot = read()
    kept = KeptSnapshot(token, snapshot, position, followed)
    if position is not None and snapshot.rows >= SNAPSHOT_FILE_ROWS and (followed == 0 or followed >= REFILE_PERSONS):
        snapshot.to_file(path, token, position)
        kept = KeptSnapshot(token, snapshot, position)
    elif position is None and followed == 0 and snapshot.rows >= SNAPSHOT_FILE_ROWS and not followable_file:
        snapshot.to_file(path, token)  # for its tokens only (read inside a transaction): not over a followable one
    _SNAPSHOTS[cache_key] = kept
    if position is not None:
        _FOLLOWABLE[cache_key] = kept
    return snapshot


def _snapshot_path(cache_key: tuple[str, str, str]) -> Path:
    folder = Path(getattr(settings, "STATISTICS_SNAPSHOT_DIR", settings.VAR_DIR / "statistics"))
    return folder / f"{hashlib.sha256(repr(cache_key).encode()).hexdigest()[:32]}.npz"


def register_snapshot(cases: QuerySet[Case] | None = None) -> VictimSnapshot:
    """The register's victims; with `cases` (a user's countable_cases), only their detections in those cases."""
    snapshot = snapshot_for(REGISTER, read_register_snapshot, follow=follow_register)
    if cases is None or (cases.model is Case and not cases.query.where and not cases.query.is_sliced):
        return snapshot
    case_ids = np.fromiter(cases.order_by().values_list("pk", flat=True).iterator(chunk_size=20_000), dtype=np.int64)
    return snapshot.scoped(case_ids)


def follow_register(
    snapshot: VictimSnapshot, logged: list[tuple[str, int]], using: str = DEFAULT_DB_ALIAS
) -> VictimSnapshot | None:
    """The snapshot with the victims of the persons and cases logged read again (a case's: those it had and
    those it has); None when the log says more (everything, a bulk change) or the snapshot has no persons."""
    if snapshot.person is None or any(kind not in (PERSON, CASE, DATA_SET) for kind, _id in logged):
        return None
    persons = {object_id for kind, object_id in logged if kind == PERSON}
    cases = sorted({object_id for kind, object_id in logged if kind == CASE})
    if not persons and not cases:
        return snapshot  # data sets only
    if cases:
        persons.update(snapshot.person[np.isin(snapshot.case, cases)].tolist())
        participant = Participant._meta.db_table
        with connections[using].cursor() as cursor:
            # Integers of the database itself, written out: no limit on the number of parameters.
            cursor.execute(
                f"SELECT DISTINCT person_id FROM {participant} WHERE case_id IN ({_int_list(cases)})"  # noqa: S608
            )
            persons.update(person for (person,) in cursor.fetchall())
    if len(persons) > FOLLOW_PERSONS:
        return None
    chosen = np.array(sorted(persons), dtype=np.int64)
    return snapshot.replaced(chosen, read_register_snapshot(using, persons=chosen))


def _int_list(numbers: Iterable[int]) -> str:
    return ",".join(str(int(number)) for number in numbers) or "NULL"


def dataset_follower(dataset_id: int) -> Follow:
    """A data set's snapshot holds while the log names neither it nor everything."""

    def follow(snapshot: VictimSnapshot, logged: list[tuple[str, int]]) -> VictimSnapshot | None:
        if any(kind not in (PERSON, CASE, DATA_SET) or (kind == DATA_SET and i == dataset_id) for kind, i in logged):
            return None
        return snapshot

    return follow


# The register ------------------------------------------------------------------------------------------

READ_CHUNK = 50_000


def _sql_dates(vendor: str) -> tuple[Callable[[str], str], Callable[[str], str], Callable[[str], str]]:
    """SQL for a date's year, for a date as the number yyyymmdd, and for a JSON column as text."""
    if vendor == "postgresql":
        return (
            lambda date: f"EXTRACT(YEAR FROM {date})::integer",
            lambda date: f"to_char({date}, 'YYYYMMDD')::integer",
            lambda column: f"{column}::text",
        )
    # SQLite keeps dates as YYYY-MM-DD text (Django's own EXTRACT is a Python function called once a row).
    return (
        lambda date: f"CAST(substr({date}, 1, 4) AS INTEGER)",
        lambda date: f"CAST(replace({date}, '-', '') AS INTEGER)",
        lambda column: column,
    )


def _ymd(day: datetime.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _from_ymd(number: int) -> datetime.date:
    return datetime.date(number // 10_000, number // 100 % 100, number % 100)


def read_register_snapshot(using: str = DEFAULT_DB_ALIAS, *, persons: IntArray | None = None) -> VictimSnapshot:
    """The victims of the whole register in columns, by three lean queries (victims, citizenships, dated
    exploitations) and numpy: the rules are those of `register_victims`, which the tests hold it to.
    With `persons`, only the victims among these persons (to follow a change, see follow_register)."""
    connection = connections[using]
    year_of, ymd_of, text_of = _sql_dates(connection.vendor)
    participant, case, person = Participant._meta.db_table, Case._meta.db_table, Person._meta.db_table
    sql = (
        f"SELECT p.id, p.person_id, p.case_id, {text_of('p.forms_of_exploitation')}, "  # noqa: S608 (no input)
        f"{year_of('COALESCE(p.identified_on, c.opened_on)')}, c.country_id, pe.sex, pe.date_of_birth, "
        f"pe.estimated_age, {ymd_of('pe.age_estimated_on')}, "
        f"{ymd_of('COALESCE(p.identified_on, c.reported_on, c.opened_on)')} "
        f"FROM {participant} p JOIN {case} c ON c.id = p.case_id JOIN {person} pe ON pe.id = p.person_id "
        "WHERE p.role IN (%s, %s)" + ("" if persons is None else f" AND p.person_id IN ({_int_list(persons.tolist())})")
    )
    form_sets: dict[tuple[str, ...], int] = {}
    form_set_of_text: dict[str | None, int] = {}
    countries: dict[Value, int] = {}
    sexes: dict[Value, int] = {}
    sex_of_code = {code: REGISTER_SEXES.get(code) for code in Sex.values}
    births: dict[str, int] = {"": -1}
    birth_ranges: list[tuple[int, int]] = []
    chunks: list[list[NDArray[Any]]] = []

    def code(codes: dict[Any, int], value: Any) -> int:
        found = codes.get(value)
        if found is None:
            found = codes[value] = len(codes)
        return found

    def form_set(text: str | None) -> int:
        found = form_set_of_text.get(text)
        if found is None:
            forms = set(json.loads(text) or []) if text else set()
            found = code(form_sets, tuple(sorted({REGISTER_FORMS[c] for c in forms if c in REGISTER_FORMS})))
            form_set_of_text[text] = found
        return found

    def birth(text: str) -> int:
        found = births.get(text)
        if found is None:
            first, last = _day_range(text)
            found = births[text] = len(birth_ranges)
            birth_ranges.append((_ymd(first), _ymd(last)))
        return found

    sex_codes: dict[str | None, int] = {}

    def sex(text: str | None) -> int:
        return code(sexes, sex_of_code.get(text or ""))

    def codes_of(column: Sequence[Any], known: dict[Any, int], new: Callable[[Any], int]) -> NDArray[np.int64]:
        # The few distinct values of a column are coded once each; the rows are then looked up at C speed.
        for value in set(column) - known.keys():
            known[value] = new(value)
        return np.fromiter(map(known.__getitem__, column), dtype=np.int64, count=len(column))

    with connection.cursor() as cursor:
        cursor.execute(sql, list(VICTIM_ROLES))
        while batch := cursor.fetchmany(READ_CHUNK):
            raw = list(zip(*batch, strict=True))
            chunks.append(
                [
                    np.array(raw[0], dtype=np.int64),
                    np.array(raw[1], dtype=np.int64),
                    np.array(raw[2], dtype=np.int64),
                    codes_of(raw[3], form_set_of_text, form_set),
                    np.array(raw[4], dtype=np.int64),
                    codes_of(raw[5], countries, lambda country: len(countries)),
                    codes_of(raw[6], sex_codes, sex),
                    codes_of(raw[7], births, birth),
                    np.array(raw[8], dtype=np.float64),  # None becomes NaN
                    np.array(raw[9], dtype=np.float64),
                    np.array(raw[10], dtype=np.int64),
                ]
            )
    columns: list[NDArray[Any]] = (
        [np.concatenate(parts) for parts in zip(*chunks, strict=True)] if chunks else [np.zeros(0, np.int64)] * 11
    )
    chosen = persons
    ids, persons, case_ids, forms_, years, country_, sex_, born_, _estimated, _estimated_on, identified_ = columns
    estimated_, estimated_on_ = columns[8].astype(np.float64), columns[9].astype(np.float64)
    victims, victim = np.unique(persons, return_inverse=True)
    citizenship_sets, citizenship_values, citizenship_ = _register_citizenships(connection, persons, only=chosen)
    year_values, year_ = np.unique(years, return_inverse=True)
    country_values = list(countries)
    age_values: list[Value] = ["adult", "child", None]
    type_values: list[Value] = ["domestic", "cross_border", None]
    type_ = _detection_types(country_, country_values, citizenship_, citizenship_sets, citizenship_values)
    age_ = _register_age_codes(
        connection, ids, born_, birth_ranges, estimated_, estimated_on_, identified_, only=chosen is not None
    )
    form_values = sorted({form for forms in form_sets for form in forms})
    return VictimSnapshot(
        victim=victim,
        case=case_ids,
        codes={
            Dimension.YEAR: year_,
            Dimension.SEX: sex_,
            Dimension.AGE_GROUP: age_,
            Dimension.CITIZENSHIP: citizenship_,
            Dimension.COUNTRY_OF_DETECTION: country_,
            Dimension.FORM_OF_EXPLOITATION: forms_,
            Dimension.DETECTION_TYPE: type_,
        },
        labels={
            Dimension.YEAR: [int(year) for year in year_values],
            Dimension.SEX: list(sexes),
            Dimension.AGE_GROUP: age_values,
            Dimension.CITIZENSHIP: citizenship_values,
            Dimension.COUNTRY_OF_DETECTION: country_values,
            Dimension.FORM_OF_EXPLOITATION: list(form_values),
            Dimension.DETECTION_TYPE: type_values,
        },
        sets={
            Dimension.CITIZENSHIP: citizenship_sets,
            Dimension.FORM_OF_EXPLOITATION: [tuple(form_values.index(f) for f in forms) for forms in form_sets],
        },
        victims=len(victims),
        person=persons,
    )


def _register_citizenships(
    connection: BaseDatabaseWrapper, persons: IntArray, *, only: IntArray | None = None
) -> tuple[list[tuple[int, ...]], list[Value], IntArray]:
    """Each detection's citizenships (its person's nationalities) as a set code; set 0 is none known.
    With `only`, the nationalities of these persons only."""
    through = Person.nationalities.through._meta.db_table
    where = "" if only is None else f" WHERE person_id IN ({_int_list(only.tolist())})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT person_id, country_id FROM {through}{where}")  # noqa: S608 (integers, no input)
        pairs = cursor.fetchall()
    values = sorted({country for _person, country in pairs})
    code_of = {country: code for code, country in enumerate(values)}
    person = np.array([p for p, _c in pairs], dtype=np.int64)
    country = np.array([code_of[c] for _p, c in pairs], dtype=np.int64)
    order = np.lexsort((country, person))
    person, country = person[order], country[order]
    with_nationality, starts, lengths = np.unique(person, return_index=True, return_counts=True)
    # Sets of countries in the order of their codes, which is that of the ISO codes: sorted, as Detection has them.
    sets: dict[tuple[int, ...], int] = {(): 0}
    set_of_person = np.zeros(len(with_nationality), dtype=np.int64)
    single = lengths == 1
    singles = {code: sets.setdefault((code,), len(sets)) for code in np.unique(country[starts[single]]).tolist()}
    set_of_person[single] = np.array([singles[c] for c in country[starts[single]].tolist()], dtype=np.int64)
    for index in np.flatnonzero(~single).tolist():
        members = tuple(country[starts[index] : starts[index] + lengths[index]].tolist())
        set_of_person[index] = sets.setdefault(members, len(sets))
    position = np.searchsorted(with_nationality, persons)
    found = position < len(with_nationality)
    found[found] = with_nationality[position[found]] == persons[found]
    codes = np.zeros(len(persons), dtype=np.int64)
    codes[found] = set_of_person[position[found]]
    return list(sets), list(values), codes


def _detection_types(
    country: IntArray,
    country_values: list[Value],
    citizenship: IntArray,
    citizenship_sets: list[tuple[int, ...]],
    citizenship_values: list[Value],
) -> IntArray:
    """0 domestic, 1 cross-border, 2 unknown: worked out once per distinct (country, citizenships) pair."""
    pairs, inverse = np.unique(country * max(len(citizenship_sets), 1) + citizenship, return_inverse=True)
    types = []
    for pair in pairs.tolist():
        where, members = (
            country_values[pair // max(len(citizenship_sets), 1)],
            citizenship_sets[pair % max(len(citizenship_sets), 1)],
        )
        if where is None or not members:
            types.append(2)
        else:
            types.append(0 if where in {citizenship_values[m] for m in members} else 1)
    return np.array(types, dtype=np.int64)[inverse] if types else np.zeros(0, dtype=np.int64)


def _register_age_codes(
    connection: BaseDatabaseWrapper,
    ids: IntArray,
    born: IntArray,
    birth_ranges: list[tuple[int, int]],
    estimated: NDArray[np.float64],
    estimated_on: NDArray[np.float64],
    identified: IntArray,
    *,
    only: bool = False,
) -> IntArray:
    """0 adult, 1 child, 2 unknown: the rule of `_register_age_group`, on yyyymmdd numbers for every row at once
    (whole years between two such numbers are their difference // 10000)."""
    ranges = np.array(birth_ranges or [(0, 0)], dtype=np.int64)
    has_birth = born >= 0
    earliest = np.where(has_birth, ranges[np.maximum(born, 0), 0], 0)
    latest = np.where(has_birth, ranges[np.maximum(born, 0), 1], 0)
    by_estimate = ~has_birth & ~np.isnan(estimated) & ~np.isnan(estimated_on)
    if by_estimate.any():
        pairs, inverse = np.unique(
            estimated[by_estimate].astype(np.int64) * 100_000_000 + estimated_on[by_estimate].astype(np.int64),
            return_inverse=True,
        )
        bounds = []
        for pair in pairs.tolist():
            age, on = divmod(pair, 100_000_000)
            day = _from_ymd(on)  # as _birth_range does
            bounds.append((_ymd(_minus_years(day, age + 1) + datetime.timedelta(days=1)), _ymd(_minus_years(day, age))))
        found = np.array(bounds, dtype=np.int64)[inverse]
        earliest[by_estimate], latest[by_estimate] = found[:, 0], found[:, 1]
        has_birth = has_birth | by_estimate
    # The first exploitation, when dated, else the identification (or report, or opening) of the case.
    first, last = identified.copy(), identified.copy()
    event, links = Event._meta.db_table, Event.participants.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ep.participant_id, e.date FROM {links} ep JOIN {event} e ON e.id = ep.event_id "  # noqa: S608
            "WHERE e.kind = %s AND e.date <> ''"
            + (f" AND ep.participant_id IN ({_int_list(ids.tolist())})" if only else ""),
            [Event.Kind.EXPLOITATION],
        )
        exploited: dict[int, tuple[datetime.date, datetime.date]] = {}
        for participant, date in cursor.fetchall():
            days = _day_range(date)
            if participant not in exploited or days[0] < exploited[participant][0]:
                exploited[participant] = days
    if exploited:
        order = np.argsort(ids)
        participants = np.array(list(exploited), dtype=np.int64)
        position = np.searchsorted(ids[order], participants)
        position = np.minimum(position, len(ids) - 1) if len(ids) else position
        matched = ids[order][position] == participants if len(ids) else np.zeros(len(participants), dtype=bool)
        rows = order[position[matched]]
        dated = np.array([(_ymd(a), _ymd(b)) for a, b in exploited.values()], dtype=np.int64)[matched]
        first[rows], last[rows] = dated[:, 0], dated[:, 1]
    oldest = (last - earliest) // 10_000
    youngest = (first - latest) // 10_000
    codes = np.full(len(ids), 2, dtype=np.int64)
    codes[has_birth & (oldest < ADULT_AGE)] = 1
    codes[has_birth & (oldest >= ADULT_AGE) & (youngest >= ADULT_AGE)] = 0
    codes[~has_birth | (oldest > MAX_AGE)] = 2
    return codes


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


# Differencing between queries ------------------------------------------------------------------------


class Isolation(StrEnum):
    KEEPS_FEW = "keeps_few"
    LEAVES_OUT_FEW = "leaves_out_few"


def isolation(*, kept: int, unfiltered: int) -> Isolation | None:
    """Whether filters that keep `kept` of the `unfiltered` persons single out fewer than 5 of them
    (query-set-size control, both ways). Small-cell protection holds within one table; but the figures
    without the filters, minus the filtered ones, are the figures of the persons left out: fewer than 5,
    and each one's sex, age and citizenship is there to read. Keeping everyone is the unfiltered figure
    itself, and keeping no one shows only zeros: neither tells anything more."""
    if kept in (0, unfiltered):
        return None
    if kept < SMALL_CELL_LIMIT:
        return Isolation.KEEPS_FEW
    if unfiltered - kept < SMALL_CELL_LIMIT:
        return Isolation.LEAVES_OUT_FEW
    return None


def loosened(filters: Any) -> list[Any]:
    """The filters with each combination of the given ones taken off, from one off to all (any dataclass of
    filters whose unset fields are None: VictimFilters, JusticeFilters, and any filter added to them)."""
    given = [f.name for f in dataclasses.fields(filters) if getattr(filters, f.name) is not None]
    return [
        dataclasses.replace(filters, **dict.fromkeys(removed))
        for size in range(1, len(given) + 1)
        for removed in itertools.combinations(given, size)
    ]


def isolating(
    counted: VictimSnapshot, filters: VictimFilters, *, unfiltered: VictimSnapshot | None = None
) -> Isolation | None:
    """Whether `filters` keep 1 to 4 of the persons of `counted`, or leave out 1 to 4 of those counted
    without one or more of them: each filter taken off in turn and together, and without the narrowing of
    `counted` (an agency's cases) to `unfiltered`, the persons of the reader's whole scope. A few numpy
    passes over the snapshots, no query."""
    count = counted.kept_counter(filters)
    kept = count(filters)
    wider = [count(looser) for looser in loosened(filters)]
    if unfiltered is not None:
        count_all = unfiltered.kept_counter(filters)
        wider += [count_all(looser) for looser in [filters, *loosened(filters)]]
    found = {isolation(kept=kept, unfiltered=total) for total in wider}
    if Isolation.KEEPS_FEW in found:
        return Isolation.KEEPS_FEW
    return Isolation.LEAVES_OUT_FEW if Isolation.LEAVES_OUT_FEW in found else None


def refuse_isolating_filters(
    victims: VictimSnapshot, filters: VictimFilters, *, unfiltered: VictimSnapshot | None = None
) -> None:
    """Refuse protected figures of `victims` under `filters` that single out 1 to 4 victims (`isolating`):
    `unfiltered`, the victims of the reader's whole scope (the cases they may count; a data set is whole)
    when `victims` is narrowed to an agency's cases. Every interface that serves protected figures of
    victims calls this first (docs/statistics.md)."""
    found = isolating(victims, filters, unfiltered=unfiltered)
    if found is Isolation.KEEPS_FEW:
        raise IsolatingFilters(
            _(
                "These filters keep fewer than 5 victims: the figures would be about those few victims. "
                "Widen the filters."
            )
        )
    if found is Isolation.LEAVES_OUT_FEW:
        raise IsolatingFilters(
            _(
                "These filters leave out fewer than 5 of the victims counted without one or more of them: "
                "compared with those figures, they would show those few victims. Widen the filters."
            )
        )
