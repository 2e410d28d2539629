"""Row problems, as the import runner (vigie/exchange/importing.py, H1) defines them.

Until the runner is merged these stand in for `importing.RowProblem` and `importing.RowRejected`,
with the same fields; after the merge this module only re-exports them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    message: str  # already in the user's language


class RowRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(f"{p.column}: {p.message}" for p in problems))
        self.problems = problems
