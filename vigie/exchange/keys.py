import hashlib
from array import array
from bisect import bisect_left

# The first bits of a row's digest choose its bucket: each bucket's sorted array stays short enough that
# inserting into it (a memmove) costs less than hashing the row.
BUCKET_BITS = 12


class ContentKeys:
    """Keys for rows that carry no identifier of their own (UNODC figures, synthetic CTDC records): the
    row's content, numbered by occurrence. Identical rows are frequent and each is a real record, so the
    second copy gets "#2", not a duplicate's fate; importing the same file again gives the same keys.

    One instance per import run. The occurrence counts are kept in sorted arrays of 8-byte digest prefixes
    with a 4-byte count beside each, some 13 bytes per distinct row; a dict of 16-byte digests took about
    100 (a 50 MB file of short rows has a few hundred thousand). Two different rows whose prefixes collide
    (odds about n²/2⁶⁵) share one counter: the second gets "#2", a key that is still its own, as the
    full 16-byte digest stays in the key.
    """

    def __init__(self) -> None:
        self.digests: list[array[int] | None] = [None] * (1 << BUCKET_BITS)
        self.counts: list[array[int] | None] = [None] * (1 << BUCKET_BITS)

    def key(self, values: list[str]) -> str:
        digest = hashlib.blake2b("\x1f".join(values).encode(), digest_size=16).digest()
        prefix = int.from_bytes(digest[:8])
        bucket = prefix >> (64 - BUCKET_BITS)
        digests, counts = self.digests[bucket], self.counts[bucket]
        if digests is None or counts is None:
            digests = self.digests[bucket] = array("Q")
            counts = self.counts[bucket] = array("I")
        at = bisect_left(digests, prefix)
        if at < len(digests) and digests[at] == prefix:
            counts[at] += 1
            return f"{digest.hex()}#{counts[at]}"
        digests.insert(at, prefix)
        counts.insert(at, 1)
        return f"{digest.hex()}#1"
