"""Row problems, as the import runner defines them (re-exported so that parsing needs no runner import)."""

from vigie.exchange.importing import RowProblem, RowRejected

__all__ = ["RowProblem", "RowRejected"]
