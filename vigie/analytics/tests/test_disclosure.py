"""Small-cell protection, checked against an attacker who tries every table consistent with what is shown."""

import itertools
from collections.abc import Callable

import pytest

from vigie.analytics.disclosure import ProtectedTable, Shown, protect_linked_table, protect_table, with_totals


def possible_values(
    table: ProtectedTable, window: int = 3, also: Callable[[list[list[int]]], bool] | None = None
) -> dict[tuple[int, int], set[int]]:
    """The values each hidden cell can take in a table that agrees with everything shown: the shown counts
    and totals, "<5" meaning 1 to 4, "x" meaning 5 or more, a zero being a zero, "*" anything.

    An "x" is tried only within `window` of its true value, to keep the search short: the values found are
    some of the possible ones, so two of them are enough to show that a cell cannot be worked out. `also`:
    what else a candidate table (with its totals) must agree with."""
    rows, columns = len(table.values) - 1, len(table.values[0]) - 1
    hidden = [(i, j) for i in range(rows) for j in range(columns) if table.shown[i][j] != Shown.VALUE]
    ranges = [
        range(1, 5)
        if table.shown[i][j] == Shown.SMALL
        else range(0, table.values[i][j] + window + 1)
        if table.shown[i][j] == Shown.WITHHELD
        else range(max(5, table.values[i][j] - window), table.values[i][j] + window + 1)
        for i, j in hidden
    ]
    found: dict[tuple[int, int], set[int]] = {}
    for guess in itertools.product(*ranges):
        cells = [list(row[:columns]) for row in table.values[:rows]]
        for (i, j), value in zip(hidden, guess, strict=True):
            cells[i][j] = value
        grid = with_totals(cells)
        agrees = all(_agrees(table, i, j, grid[i][j]) for i in range(rows + 1) for j in range(columns + 1))
        if agrees and (also is None or also(grid)):
            for i, row in enumerate(grid):
                for j, value in enumerate(row):
                    if table.shown[i][j] != Shown.VALUE:
                        found.setdefault((i, j), set()).add(value)
    return found


def _agrees(table: ProtectedTable, i: int, j: int, value: int) -> bool:
    match table.shown[i][j]:
        case Shown.VALUE:
            return value == table.values[i][j]
        case Shown.SMALL:
            return 1 <= value <= 4
        case Shown.WITHHELD:
            return True
        case _:
            return value >= 5


def primary_only(cells: list[list[int]]) -> ProtectedTable:
    grid = with_totals(cells)
    return ProtectedTable(grid, [[Shown.SMALL if 0 < v < 5 else Shown.VALUE for v in row] for row in grid])


TEMPTING = {
    # One small cell alone in its row and its column: the totals minus the rest give it away.
    "alone in row and column": [[3, 10, 12], [8, 9, 20]],
    # A one-row table: the column total repeats the cell, the row total gives it by subtraction.
    "one row": [[2, 30, 40]],
    # Two small cells in a row, each alone in its column.
    "two in a row": [[1, 1, 20], [15, 16, 30]],
    # Ones everywhere: even the totals are small.
    "all ones": [[1, 1], [1, 1]],
    # Zeros next to the small cells: a zero is shown, it cannot hide anything.
    "beside zeros": [[3, 0, 7], [0, 6, 9], [5, 0, 8]],
    # A small cell whose row and column hold only counts of one apart from it.
    "ones around": [[4, 1, 12], [1, 6, 7], [9, 8, 11]],
}


@pytest.mark.parametrize("cells", TEMPTING.values(), ids=TEMPTING.keys())
def test_no_hidden_cell_can_be_worked_out_from_what_is_shown(cells):
    table = protect_table(cells)

    found = possible_values(table)

    hidden = [(i, j) for i, row in enumerate(table.shown) for j, how in enumerate(row) if how != Shown.VALUE]
    assert hidden
    for cell in hidden:
        assert table.values[cell[0]][cell[1]] in found[cell]
        assert len(found[cell]) >= 2, f"{cell} can only be {found[cell]}"


@pytest.mark.parametrize("name", ["alone in row and column", "one row", "two in a row"])
def test_the_same_tables_with_only_small_counts_hidden_give_them_away(name):
    table = primary_only(TEMPTING[name])

    found = possible_values(table)

    assert any(len(values) == 1 for values in found.values())


def test_counts_of_one_to_four_are_shown_as_below_five_and_others_as_they_are():
    table = protect_table([[3, 10, 12], [8, 9, 20]])

    texts = table.texts()

    assert texts[0][0] == "<5"
    assert [texts[1][2], texts[1][3]] == ["20", "37"]  # a cell and a row total nobody needs to hide
    assert texts[2][3] == "62"  # the grand total


def test_the_cells_hidden_to_protect_a_small_one_are_as_small_as_possible():
    table = protect_table([[3, 10, 12], [8, 9, 20]])

    suppressed = {(i, j) for i, row in enumerate(table.shown) for j, how in enumerate(row) if how == Shown.SUPPRESSED}

    # The small 3 is protected by a rectangle through the smallest counts: 10 beside it, 8 below it, 9.
    assert suppressed == {(0, 1), (1, 0), (1, 1)}
    assert table.text(0, 1) == "x"


def test_a_table_whose_small_counts_cannot_be_protected_is_withheld_whole():
    table = protect_table([[1, 1], [1, 1]])

    assert table.texts() == [["*"] * 3] * 3


def test_a_table_without_small_counts_is_shown_whole():
    table = protect_table([[5, 0], [7, 120]])

    assert all(how == Shown.VALUE for row in table.shown for how in row)
    assert table.texts() == [["5", "0", "5"], ["7", "120", "127"], ["12", "120", "132"]]


# Linked tables: a two-way table and the one-way tables of its dimensions, each asked for on its own -------


def one_way_tables(cells: list[list[int]]) -> tuple[ProtectedTable, ProtectedTable]:
    """The one-way tables of the rows' and of the columns' totals, protected as a one-way request is."""
    return protect_table([[sum(row) for row in cells]]), protect_table(
        [[sum(column) for column in zip(*cells, strict=True)]]
    )


def linked_possible_values(table: ProtectedTable, window: int = 2) -> dict[tuple[int, int], set[int]]:
    """possible_values of the two-way table, keeping only the tables that the two one-way tables, shown as
    they are protected alone, agree with too: the attacker who asks for all three."""
    rows, columns = len(table.values) - 1, len(table.values[0]) - 1
    down, across = one_way_tables([row[:columns] for row in table.values[:rows]])

    def margins_agree(grid: list[list[int]]) -> bool:
        return all(_agrees(down, 0, i, grid[i][columns]) for i in range(rows + 1)) and all(
            _agrees(across, 0, j, grid[rows][j]) for j in range(columns + 1)
        )

    return possible_values(table, window, also=margins_agree)


def hidden_cells(table: ProtectedTable) -> list[tuple[int, int]]:
    return [(i, j) for i, row in enumerate(table.shown) for j, how in enumerate(row) if how != Shown.VALUE]


# The reviewer's table: sex (female, male) by age group (adult, child, unknown). Protected alone, it showed
# the 8 boys and hid the children's total as "x", while by=age_group alone showed it (12): 12 - 8 = 4 girls.
REVIEWERS = [[0, 4, 1], [6, 8, 0]]
LINKED = {
    "reviewer's": REVIEWERS,
    **TEMPTING,
    "small row total": [[3, 0, 0], [6, 9, 12], [7, 5, 20]],
    "small column total": [[2, 30], [1, 40], [0, 25]],
    "hidden in one margin only": [[6, 2, 9], [7, 8, 30]],
}


@pytest.mark.parametrize("cells", LINKED.values(), ids=LINKED.keys())
def test_the_totals_of_a_linked_table_are_shown_as_its_one_way_tables_show_them(cells):
    table = protect_linked_table(cells)
    down, across = one_way_tables(cells)

    if table.shown[0][0] == Shown.WITHHELD:
        return  # nothing of it is shown
    rows, columns = len(cells), len(cells[0])
    assert [table.shown[i][columns] for i in range(rows + 1)] == down.shown[0]
    assert [table.shown[rows][j] for j in range(columns + 1)] == across.shown[0]


@pytest.mark.parametrize("cells", LINKED.values(), ids=LINKED.keys())
def test_no_hidden_cell_can_be_worked_out_from_a_linked_table_and_its_one_way_tables(cells):
    table = protect_linked_table(cells)

    found = linked_possible_values(table)

    for cell in hidden_cells(table):
        assert table.values[cell[0]][cell[1]] in found[cell]
        assert len(found[cell]) >= 2, f"{cell} can only be {found[cell]}"


def test_the_reviewers_table_protected_alone_gives_a_small_count_away_with_its_one_way_table():
    table = protect_table(REVIEWERS)  # as the statistics API protected it before linked tables
    assert table.texts()[1][1] == "8" and table.texts()[2][1] == "x"

    found = linked_possible_values(table)

    assert found[(0, 1)] == {4}


def test_a_search_over_small_tables_finds_no_linked_table_that_gives_a_count_away():
    # Every 2 by 2 table of these counts, and a sample of 2 by 3 ones: small, zero, just safe, larger.
    counts = [0, 1, 3, 5, 8]
    tables = [[list(cells[:2]), list(cells[2:])] for cells in itertools.product(counts, repeat=4)]
    tables += [[list(cells[:3]), [8, 5, 1]] for cells in itertools.product([0, 2, 6], repeat=3)]
    for cells in tables:
        if not any(map(any, cells)):
            continue
        table = protect_linked_table(cells)
        found = linked_possible_values(table, window=1)
        for i, j in hidden_cells(table):
            if table.shown[i][j] == Shown.WITHHELD and not 0 < table.values[i][j] < 5:
                continue  # withheld whole, the one-way tables may show its zeros and its totals of 5 or more
            assert len(found.get((i, j), set())) >= 2, f"{cells}: {(i, j)} can only be {found.get((i, j))}"


def test_the_same_cells_are_hidden_whichever_way_round_and_with_empty_categories():
    cells = [[0, 4, 0], [7, 8, 1], [5, 6, 9]]
    turned = [list(column) for column in zip(*cells, strict=True)]
    with_zeros = [[0, 4, 0, 0], [0, 0, 0, 0], [7, 8, 1, 0], [5, 6, 9, 0]]

    shown = protect_linked_table(cells).shown
    shown_turned = protect_linked_table(turned).shown
    shown_with_zeros = protect_linked_table(with_zeros).shown

    assert [list(column) for column in zip(*shown_turned, strict=True)] == shown
    assert [row[:3] + row[4:] for i, row in enumerate(shown_with_zeros) if i != 1] == shown
    assert protect_table([[3], [9], [12]]).shown == [
        list(c) for c in zip(*protect_table([[3, 9, 12]]).shown, strict=True)
    ]


def test_a_linked_table_whose_one_way_table_is_withheld_is_withheld_too():
    table = protect_linked_table([[1, 1, 1, 1], [0, 0, 0, 0]])

    assert table.texts() == [["*"] * 5] * 3


def test_the_grand_total_is_never_hidden_to_protect_a_cell():
    for cells in [*TEMPTING.values(), *LINKED.values()]:
        for table in (protect_table(cells), protect_linked_table(cells)):
            assert table.shown[-1][-1] != Shown.SUPPRESSED
