"""The columnar snapshot counts the victims it cannot count by the fast path (several detections, several
values of an asked dimension) by the same rule: hand-made victims, no database."""

from typing import Any

from vigie.analytics.statistics import Detection, Dimension, Victim, VictimFilters, VictimSnapshot, count_victims


def detection(year: int, country: str, citizenships: tuple[str, ...] = ("NE",), forms: tuple[str, ...] = ()):
    return Detection(
        year=year, sex="female", age_group=None, citizenships=citizenships, country_of_detection=country, forms=forms
    )


# Detected twice (Niger 2019, Nigeria 2021); a dual national with two forms; a victim with one of everything.
TWICE = Victim(
    (detection(2019, "NE", forms=("sexual_exploitation",)), detection(2021, "NG", forms=("sexual_exploitation",)))
)
DUAL = Victim((detection(2020, "NE", citizenships=("ML", "NE"), forms=("forced_begging", "forced_labour")),))
PLAIN = Victim((detection(2020, "NE"),))
SNAPSHOT = VictimSnapshot.of([TWICE, DUAL, PLAIN])


def figures(dimensions: list[Dimension], filters: VictimFilters | None = None) -> dict[Any, Any]:
    counts = count_victims(SNAPSHOT, dimensions, filters)
    return {row.values: row.victims for row in counts.rows} | {"metadata": counts.metadata}


def test_a_victim_detected_twice_is_counted_under_each_year_once():
    counted = figures([Dimension.YEAR])

    assert {k: v for k, v in counted.items() if k != "metadata"} == {(2019,): 1, (2020,): 2, (2021,): 1}
    assert counted["metadata"]["victims"] == 3
    assert counted["metadata"]["victims_in_several_rows_because"] == {"several_detections": 1}


def test_two_detections_with_the_same_values_make_one_row_and_a_dual_national_two():
    counted = figures([Dimension.CITIZENSHIP])

    assert {k: v for k, v in counted.items() if k != "metadata"} == {("ML",): 1, ("NE",): 3}
    assert counted["metadata"]["victims_in_several_rows"] == 1
    assert counted["metadata"]["victims_in_several_rows_because"] == {"several_citizenships": 1}


def test_filters_keep_the_detections_in_the_period_and_count_who_is_left_out():
    counted = figures([Dimension.FORM_OF_EXPLOITATION], VictimFilters(year_from=2021))

    assert {k: v for k, v in counted.items() if k != "metadata"} == {("sexual_exploitation",): 1}
    assert counted["metadata"]["victims_left_out_by_filters"] == 2


def test_a_country_filter_leaves_out_detections_elsewhere():
    counted = figures([Dimension.YEAR, Dimension.FORM_OF_EXPLOITATION], VictimFilters(country="NE"))

    assert {k: v for k, v in counted.items() if k != "metadata"} == {
        (2019, "sexual_exploitation"): 1,
        (2020, "forced_begging"): 1,
        (2020, "forced_labour"): 1,
        (2020, None): 1,
    }
    assert counted["metadata"]["victims"] == 3
    assert counted["metadata"]["victims_in_several_rows_because"] == {"several_forms_of_exploitation": 1}


def test_a_dual_national_detected_in_one_of_their_countries_is_domestic_under_each_citizenship():
    counts = count_victims(SNAPSHOT, [Dimension.DETECTION_TYPE, Dimension.CITIZENSHIP, Dimension.YEAR])

    assert counts.as_dicts() == [
        {"detection_type": "cross_border", "citizenship": "NE", "year": 2021, "victims": 1},
        {"detection_type": "domestic", "citizenship": "ML", "year": 2020, "victims": 1},
        {"detection_type": "domestic", "citizenship": "NE", "year": 2019, "victims": 1},
        {"detection_type": "domestic", "citizenship": "NE", "year": 2020, "victims": 2},
    ]
    assert counts.metadata["victims_in_several_rows_because"] == {"several_citizenships": 1, "several_detections": 1}


def test_a_victim_with_several_values_of_two_asked_dimensions_is_still_one_victim():
    counted = figures([Dimension.CITIZENSHIP, Dimension.FORM_OF_EXPLOITATION])

    assert {k: v for k, v in counted.items() if k != "metadata"} == {
        ("ML", "forced_begging"): 1,
        ("ML", "forced_labour"): 1,
        ("NE", "forced_begging"): 1,
        ("NE", "forced_labour"): 1,
        ("NE", "sexual_exploitation"): 1,
        ("NE", None): 1,
    }
    assert counted["metadata"]["victims"] == 3
    assert counted["metadata"]["victims_in_several_rows_because"] == {
        "several_citizenships": 1,
        "several_forms_of_exploitation": 1,
    }
