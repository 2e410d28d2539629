"""`vigie qualify FILE|- [--lang en|fr]`: facts in, qualification out.

The contract: one JSON document on stdout and exit 0; for invalid input, nothing on stdout, one line per
problem on stderr (each naming its JSON path) and exit 2.
"""

import argparse
import json
from typing import IO

from vigie.legal import FactsError, qualify
from vigie.legal.messages import LANGUAGES

INVALID = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValueError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="vigie qualify", description="Qualify the facts of a case (vigie.facts/1 JSON).")
    parser.add_argument("file", help="facts file, or - for standard input")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the reasons (default: en)")
    return parser


def run(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except ValueError as error:
        stderr.write(f"usage: {error}\n")
        return INVALID
    try:
        if args.file == "-":
            raw = stdin.read()
        else:
            with open(args.file, encoding="utf-8") as facts_file:
                raw = facts_file.read()
        document = json.loads(raw)
    except OSError as error:
        stderr.write(f"{args.file}: {error.strerror or error}\n")
        return INVALID
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        stderr.write(f"$: not valid JSON ({error})\n")
        return INVALID
    try:
        result = qualify(document, lang=args.lang)
    except FactsError as error:
        stderr.writelines(f"{problem}\n" for problem in error.problems)
        return INVALID
    stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0
