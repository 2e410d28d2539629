import sys
from typing import Any

from django.core.management.base import BaseCommand

from vigie.legal.cli import run


class Command(BaseCommand):
    help = "Qualify the facts of a case (vigie.facts/1 JSON file, or - for standard input) as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        # Django's own parsing and error output would break the contract's exact stdout/stderr/exit code:
        # hand the arguments after "qualify" to the engine's command line as they are.
        sys.exit(run(argv[2:], sys.stdin, sys.stdout, sys.stderr))

    def handle(self, *args: Any, **options: Any) -> None:
        # Reached only through call_command, which does not go through run_from_argv.
        raise NotImplementedError("use `vigie qualify FILE|-`, or vigie.legal.cli.run")
