import hashlib


class ContentKeys:
    """Keys for rows that carry no identifier of their own (UNODC figures, synthetic CTDC records): the
    row's content, numbered by occurrence. Identical rows are frequent and each is a real record, so the
    second copy gets "#2", not a duplicate's fate; importing the same file again gives the same keys.

    Memory grows with the number of DISTINCT rows (about 100 bytes each), not with the file: one instance
    per import run.
    """

    def __init__(self) -> None:
        self.seen: dict[bytes, int] = {}

    def key(self, values: list[str]) -> str:
        digest = hashlib.blake2b("\x1f".join(values).encode(), digest_size=16).digest()
        count = self.seen.get(digest, 0) + 1
        self.seen[digest] = count
        return f"{digest.hex()}#{count}"
