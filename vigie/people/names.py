import re
import unicodedata


def search_key(text: str) -> str:
    """Lower case, no accents, single spaces: "KOUYATÉ  Aïssata" -> "kouyate aissata".

    Stored beside names so that a search ignores case and accents on SQLite and PostgreSQL alike,
    with an ordinary index, and without the database's own collation rules.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters such as "ø" or "ł" have no decomposition; casefold handles "ß" and similar.
    stripped = stripped.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    return re.sub(r"[\s\-'\u2019]+", " ", stripped.casefold()).strip()
