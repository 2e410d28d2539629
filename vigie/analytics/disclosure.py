"""Small-cell protection of a table of counts shown to a role that may not see names.

Primary suppression: a count from 1 to 4 is shown as "<5", as UNODC does. Secondary suppression: more
cells are hidden (shown as "x") until no hidden cell can be worked out from what is shown, the row and
column totals included.

How a hidden cell could be worked out, and why the method below prevents it: put the table and its totals
in one grid (the totals as a last row and column). What an attacker knows is every shown value, that a
"<5" lies between 1 and 4 and that an "x" is 5 or more (zeros are shown). Any other table that agrees
with all that is a possible truth. Adding +1/-1 alternately around a cycle of hidden cells (row, column,
row, column…) keeps every row and column sum, so if some such cycle through a hidden cell can be shifted
by one while every cell on it stays within what the attacker knows, that cell has at least two possible
values. For each hidden cell without such a cycle, the cheapest set of shown cells that closes one is
hidden too (cost: the counts hidden, so the fewest people's figures are lost). Hiding more cells never
makes another hidden cell easier to find, so one pass that fixes each cell in turn is enough. When no
cycle can be closed at all, the whole table is withheld ("*" everywhere). The grand total is never hidden
to protect a cell: it is shown anyway, as the number of victims counted.

Linked tables. A two-way table's totals are the one-way tables of each of its dimensions, which are shown
on their own too (by=sex,age_group and by=age_group): if the two-way table hid a total that the one-way table
shows, or showed one it hides, the two together would give a small cell away. `protect_linked_table` therefore
protects each margin first exactly as its one-way table is protected alone (`protect_table` on one row), takes
those totals as they are shown there, hidden or not, and hides only cells inside the table, until each hidden
cell, totals included, lies on a cycle that can shift; then the two-way table and its one-way tables show
nothing that the two-way table alone does not, and the guarantee above holds for all three together.

The pattern must not depend on how a table happens to be laid out: both functions drop the rows and columns
of zeros and turn the table a canonical way round before protecting it, so that sex by age and age by sex,
with or without an empty category, hide the same cells. The order of the categories is the caller's to keep
the same (statistics.sort_key).
"""

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from vigie.analytics.selectors import SMALL_CELL_LIMIT

SMALL = f"<{SMALL_CELL_LIMIT}"
SUPPRESSED = "x"
WITHHELD = "*"


class Shown(StrEnum):
    VALUE = "value"
    SMALL = "small"  # primary: 1 to 4, shown as "<5"
    SUPPRESSED = "suppressed"  # secondary: 5 or more, hidden so that a small one cannot be worked out
    WITHHELD = "withheld"  # the whole table, zeros included, when nothing less protects its small counts


@dataclass(frozen=True)
class ProtectedTable:
    """The grid of a table and its totals: rows by columns, then the column totals as a last row and the
    row totals as a last column (the grand total at the corner); each cell with how it may be shown."""

    values: list[list[int]]
    shown: list[list[Shown]]
    # Cells shown that may not be hidden to protect another: the grand total, and in a linked table every
    # total (they are shown as their one-way tables show them).
    fixed: frozenset[tuple[int, int]] = frozenset()

    def text(self, row: int, column: int) -> str:
        match self.shown[row][column]:
            case Shown.SMALL:
                return SMALL
            case Shown.SUPPRESSED:
                return SUPPRESSED
            case Shown.WITHHELD:
                return WITHHELD
            case _:
                return str(self.values[row][column])

    def reordered(self, rows: Sequence[int], columns: Sequence[int]) -> "ProtectedTable":
        """The same table shown with its rows and columns in another order (row k is old row rows[k]), the
        totals last: tables are protected in one order of categories (statistics.sort_key), shown in another."""
        down, across = [*rows, len(self.values) - 1], [*columns, len(self.values[0]) - 1]
        fixed = frozenset((down.index(i), across.index(j)) for i, j in self.fixed)
        return ProtectedTable(
            [[self.values[i][j] for j in across] for i in down],
            [[self.shown[i][j] for j in across] for i in down],
            fixed,
        )

    def texts(self) -> list[list[str]]:
        return [[self.text(i, j) for j in range(len(row))] for i, row in enumerate(self.values)]


def with_totals(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    if not cells or not cells[0]:
        raise ValueError("A table needs at least one row and one column.")
    grid = [[*row, sum(row)] for row in cells]
    grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def protect_table(cells: Sequence[Sequence[int]]) -> ProtectedTable:
    """The table (rows of counts) with its row, column and grand totals, protected alone. A one-way table is
    one row of counts (a column is turned round to one)."""
    return _canonically(cells, _protect_alone)


def protect_linked_table(cells: Sequence[Sequence[int]]) -> ProtectedTable:
    """The two-way table (rows of counts) with its totals, protected so that its row totals are shown as
    `protect_table` shows them as a one-way table, and so are its column totals (see "Linked tables")."""
    return _canonically(cells, _protect_linked)


def _protect_alone(grid: list[list[int]]) -> ProtectedTable:
    shown = [[_primary(v) for v in row] for row in grid]
    corner = (len(grid) - 1, len(grid[0]) - 1)
    return _suppress(ProtectedTable(grid, shown, frozenset({corner})))


def _protect_linked(grid: list[list[int]]) -> ProtectedTable:
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    down = protect_table([[row[last_column] for row in grid[:last_row]]])
    across = protect_table([grid[last_row][:last_column]])
    if down.shown[0][0] == Shown.WITHHELD or across.shown[0][0] == Shown.WITHHELD:
        return _withheld(grid)
    shown = [[_primary(v) for v in row[:last_column]] + [down.shown[0][i]] for i, row in enumerate(grid[:-1])]
    # Both one-way tables show the grand total the same way: never hidden, "<5" when small.
    shown.append([*across.shown[0][:last_column], across.shown[0][last_column]])
    totals = {(i, last_column) for i in range(last_row + 1)} | {(last_row, j) for j in range(last_column + 1)}
    return _suppress(ProtectedTable(grid, shown, frozenset(totals)))


def _primary(value: int) -> Shown:
    return Shown.SMALL if 0 < value < SMALL_CELL_LIMIT else Shown.VALUE


def _suppress(table: ProtectedTable) -> ProtectedTable:
    """Secondary suppression: every hidden cell (the totals of a linked table hidden as "x" included) put on
    a cycle, or the whole table withheld."""
    shown = table.shown
    for i, j in [(i, j) for i, row in enumerate(shown) for j, how in enumerate(row) if how != Shown.VALUE]:
        _cost, cells_to_hide = _cheapest_cycle(table, i, j)
        if cells_to_hide is None:
            # No cycle can be closed: in a table of four ones, say, a grand total "<5" already tells that
            # each cell is 1. Nothing of it is shown then, not even its zeros.
            return _withheld(table.values)
        for a, b in cells_to_hide:
            shown[a][b] = Shown.SUPPRESSED
    return table


def _withheld(grid: list[list[int]]) -> ProtectedTable:
    return ProtectedTable(grid, [[Shown.WITHHELD] * len(row) for row in grid])


def _canonically(
    cells: Sequence[Sequence[int]], protect: Callable[[list[list[int]]], ProtectedTable]
) -> ProtectedTable:
    """`protect` run on the table without its rows and columns of zeros, turned round so that it has no more
    rows than columns (the smaller way round when square), and the result put back as the table was."""
    grid = with_totals(cells)
    rows = [i for i, row in enumerate(cells) if any(row)]
    columns = [j for j in range(len(cells[0])) if any(row[j] for row in cells)]
    if not rows:
        return ProtectedTable(grid, [[Shown.VALUE] * len(row) for row in grid])
    compact = [[cells[i][j] for j in columns] for i in rows]
    turned = [list(column) for column in zip(*compact, strict=True)]
    turn = (len(turned), turned) < (len(compact), compact)
    protected = protect(with_totals(turned if turn else compact))
    how = [list(column) for column in zip(*protected.shown, strict=True)] if turn else protected.shown
    # Back in place: the zeros' rows and columns (shown, or withheld with the rest) and the totals.
    filler = Shown.WITHHELD if how[0][0] == Shown.WITHHELD else Shown.VALUE
    row_at = {i: k for k, i in enumerate(rows)} | {len(cells): len(rows)}
    column_at = {j: k for k, j in enumerate(columns)} | {len(cells[0]): len(columns)}
    shown = [
        [how[row_at[i]][column_at[j]] if i in row_at and j in column_at else filler for j in range(len(grid[0]))]
        for i in range(len(grid))
    ]
    fixed = {
        (i, j)
        for i in range(len(grid))
        for j in range(len(grid[0]))
        if i in row_at
        and j in column_at
        and ((column_at[j], row_at[i]) if turn else (row_at[i], column_at[j])) in protected.fixed
    }
    return ProtectedTable(grid, shown, frozenset(fixed))


def is_safe(table: ProtectedTable, row: int, column: int) -> bool:
    """Whether the hidden cell has another possible value, given what is shown."""
    _cost, cells = _cheapest_cycle(table, row, column)
    return cells == []


def _bounds(how: Shown) -> tuple[int, int | None]:
    return (1, SMALL_CELL_LIMIT - 1) if how == Shown.SMALL else (SMALL_CELL_LIMIT, None)


def _within(value: int, bounds: tuple[int, int | None]) -> bool:
    low, high = bounds
    return value >= low and (high is None or value <= high)


def _flip(table: ProtectedTable, i: int, j: int) -> int:
    # In the grid, row i's cells minus its total sum to zero (and so for columns): a total moves against
    # the cells it adds up, the grand total with them.
    last_row, last_column = len(table.values) - 1, len(table.values[0]) - 1
    return -1 if (i == last_row) != (j == last_column) else 1


def _cheapest_cycle(table: ProtectedTable, row: int, column: int) -> tuple[int, list[tuple[int, int]] | None]:
    """The fewest people's counts to hide so that a cycle through the hidden cell (row, column) can shift
    by one: (0, []) when one already can, (cost, cells) otherwise, (0, None) when none can be closed."""
    best: tuple[int, list[tuple[int, int]] | None] = (0, None)
    for step in (1, -1):
        found = _cycle_for_step(table, row, column, step)
        if found is not None and (best[1] is None or found[0] < best[0]):
            best = found
    return best


def _cycle_for_step(
    table: ProtectedTable, row: int, column: int, step: int
) -> tuple[int, list[tuple[int, int]]] | None:
    values, shown = table.values, table.shown
    if not _within(values[row][column] + step * _flip(table, row, column), _bounds(shown[row][column])):
        return None
    rows, columns = len(values), len(values[0])
    # Vertices: rows 0..rows-1, then columns rows..rows+columns-1. The path goes from the cell's column back
    # to its row; an edge taken from a column to a row moves by -step, from a row to a column by +step.
    start, goal = rows + column, row
    distance = {start: 0}
    previous: dict[int, tuple[int, tuple[int, int]]] = {}
    queue = [(0, start)]
    while queue:
        cost, vertex = heapq.heappop(queue)
        if vertex == goal:
            break
        if cost > distance.get(vertex, cost):
            continue
        from_column = vertex >= rows
        neighbours = range(rows) if from_column else range(rows, rows + columns)
        for other in neighbours:
            i, j = (other, vertex - rows) if from_column else (vertex, other - rows)
            if (i, j) == (row, column):
                continue
            moved = values[i][j] + (-step if from_column else step) * _flip(table, i, j)
            if shown[i][j] == Shown.VALUE:
                if values[i][j] < SMALL_CELL_LIMIT or moved < SMALL_CELL_LIMIT or (i, j) in table.fixed:
                    continue  # a zero stays shown; a cell hidden as "x" must stay 5 or more
                edge_cost = values[i][j]
            elif _within(moved, _bounds(shown[i][j])):
                edge_cost = 0
            else:
                continue
            if cost + edge_cost < distance.get(other, cost + edge_cost + 1):
                distance[other] = cost + edge_cost
                previous[other] = (vertex, (i, j))
                heapq.heappush(queue, (cost + edge_cost, other))
    if goal not in distance:
        return None
    cells, vertex = [], goal
    while vertex != start:
        vertex, cell = previous[vertex]
        if shown[cell[0]][cell[1]] == Shown.VALUE:
            cells.append(cell)
    return distance[goal], cells
