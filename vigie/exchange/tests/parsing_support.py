"""For the tests of files parsed in a child process (importing.py, "Parsing aside")."""

from vigie.exchange import importing


def parse_every_file_aside(monkeypatch) -> list[str]:
    """Every file is big enough, and chunks are small, so that a few rows cross several messages. Forking is
    allowed though pytest-xdist's workers run a thread of their own: the child never touches it. Returns the
    kinds of the imports that were parsed aside."""
    monkeypatch.setattr(importing, "PARSE_ASIDE_MIN_BYTES", 0)
    monkeypatch.setattr(importing, "PARSED_CHUNK", 7)
    monkeypatch.setattr(importing, "_can_fork", lambda: True)
    parsed_aside, aside = [], importing._parsed_aside

    def noted(importer, path, end):
        parsed_aside.append(importer.kind)
        return aside(importer, path, end)

    monkeypatch.setattr(importing, "_parsed_aside", noted)
    return parsed_aside
