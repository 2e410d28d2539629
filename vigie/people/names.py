import re
import unicodedata

SEPARATORS = re.compile(r"[\s\-'\u2019]+")


class _WithoutMarks(dict[int, int | None]):
    """A str.translate table that drops combining marks (accents once decomposed), filled as characters
    come: one dictionary look-up a character instead of a call to unicodedata.combining."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


WITHOUT_MARKS = _WithoutMarks()


def search_key(text: str) -> str:
    """Lower case, no accents, single spaces: "KOUYATÉ  Aïssata" -> "kouyate aissata".

    Stored beside names so that a search ignores case and accents on SQLite and PostgreSQL alike,
    with an ordinary index, and without the database's own collation rules.
    """
    if text.isascii():
        # Nothing to decompose: an import computes the key of every name, most of them plain ASCII.
        return SEPARATORS.sub(" ", text.casefold()).strip()
    stripped = unicodedata.normalize("NFKD", text).translate(WITHOUT_MARKS)
    # Letters such as "ø" or "ł" have no decomposition; casefold handles "ß" and similar.
    stripped = stripped.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return SEPARATORS.sub(" ", stripped.casefold()).strip()
