from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigie.exchange.worker import run_queued_imports


class Command(BaseCommand):
    help = "Run the imports queued from the web: vigie run-imports [--once]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the queued imports, then exit")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds between looks at the queue")

    def handle(self, *args: Any, **options: Any) -> None:
        count = run_queued_imports(once=options["once"], sleep=options["sleep"])
        self.stdout.write(f"{count}")
