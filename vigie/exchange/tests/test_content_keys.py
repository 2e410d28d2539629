"""Keys of rows without an identifier: their content, numbered by occurrence."""

import hashlib
import random

from vigie.exchange.keys import ContentKeys


def content_digest(values: list[str]) -> str:
    return hashlib.blake2b("\x1f".join(values).encode(), digest_size=16).hexdigest()


def test_it_numbers_identical_rows_by_occurrence():
    keys = ContentKeys()
    row, other = ["NE", "Female", "9--17"], ["NG", "Male", ""]

    found = [keys.key(row), keys.key(other), keys.key(row), keys.key(row), keys.key(other)]

    # The same text as the keys earlier imports stored, so re-importing their files still skips them.
    assert found == [
        f"{content_digest(row)}#1",
        f"{content_digest(other)}#1",
        f"{content_digest(row)}#2",
        f"{content_digest(row)}#3",
        f"{content_digest(other)}#2",
    ]


def test_it_gives_the_same_keys_to_the_same_file_again():
    rows = [[str(random.randrange(5_000)), "x"] for _ in range(20_000)]

    first, second = ContentKeys(), ContentKeys()

    assert [first.key(r) for r in rows] == [second.key(r) for r in rows]


def test_it_counts_like_a_plain_tally_of_the_rows():
    rows = [[str(random.randrange(3_000)), "y"] for _ in range(30_000)]
    keys, tally = ContentKeys(), dict[str, int]()

    for row in rows:
        digest = content_digest(row)
        tally[digest] = tally.get(digest, 0) + 1
        assert keys.key(row) == f"{digest}#{tally[digest]}"
