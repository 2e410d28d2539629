"""Small-cell protection, checked against an attacker who tries every table consistent with what is shown."""

import itertools

import pytest

from vigie.analytics.disclosure import ProtectedTable, Shown, protect_table, with_totals


def possible_values(table: ProtectedTable, window: int = 3) -> dict[tuple[int, int], set[int]]:
    """The values each hidden cell can take in a table that agrees with everything shown: the shown counts
    and totals, "<5" meaning 1 to 4, "x" meaning 5 or more, a zero being a zero, "*" anything.

    An "x" is tried only within `window` of its true value, to keep the search short: the values found are
    some of the possible ones, so two of them are enough to show that a cell cannot be worked out."""
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
        if all(_agrees(table, i, j, grid[i][j]) for i in range(rows + 1) for j in range(columns + 1)):
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
