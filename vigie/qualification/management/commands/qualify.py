import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigie.legal.cli import run


class Command(BaseCommand):
    help = "Qualify the facts of a case (vigie.facts/1 JSON file, or - for standard input) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a vigie.facts/1 JSON file, or - for standard input")
        parser.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the reasons")

    def run_from_argv(self, argv: list[str]) -> None:
        # Django's own parsing and error output would break the contract's exact stdout/stderr/exit code:
        # hand the arguments after "qualify" to the engine's command line as they are.
        sys.exit(run(argv[2:], sys.stdin, sys.stdout, sys.stderr))

    def handle(self, *args: Any, **options: Any) -> None:
        # Through call_command (scripts, tests): the same command line, its problems as a CommandError.
        # The streams under Django's wrappers, which would add line endings to the JSON.
        out: IO[str] = getattr(self.stdout, "_out")  # noqa: B009 - django-stubs does not declare it
        err: IO[str] = getattr(self.stderr, "_out")  # noqa: B009
        status = run([options["file"], "--lang", options["lang"]], sys.stdin, out, err)
        if status:
            raise CommandError("the facts are not valid: see the problems above", returncode=status)
