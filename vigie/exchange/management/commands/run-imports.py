import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigie.exchange.importing import WorkerStopped
from vigie.exchange.worker import run_queued_imports


def _worker_stopped(signum: int, frame: Any) -> None:
    raise WorkerStopped


class Command(BaseCommand):
    help = "Run the imports queued from the web: vigie run-imports [--once]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the queued imports, then exit")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds between looks at the queue")

    def handle(self, *args: Any, **options: Any) -> None:
        # SIGTERM (systemctl stop or restart, a deployment) as Ctrl-C: the import under way is rolled back and
        # recorded as cancelled, its file deleted. By default the process would just end, and the run would
        # stay "running" for ever, its page polling and its file kept.
        previous = signal.signal(signal.SIGTERM, _worker_stopped)
        try:
            count = run_queued_imports(once=options["once"], sleep=options["sleep"])
        except KeyboardInterrupt:
            self.stderr.write(_("Stopped: the import under way, if any, was cancelled and left nothing."))
            return
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(ngettext("%(count)s import run.", "%(count)s imports run.", count) % {"count": count})
