"""The `vigie` command: Django's manage command for this project (honours DATABASE_URL)."""

import os
import select
import signal
import sys
from typing import TextIO


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except BrokenPipeError:
        if not _reader_gone(sys.stdout):
            raise  # another pipe (a socket, a child process): an error to see
        # The reader of the output went away (vigie import --list | head): as other commands, end quietly.
        # Python would still try to flush stdout at exit, and print a second error: it goes to /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        # Ctrl-C while the command starts (Django takes seconds to load) or one that a command gives back after
        # saying what it did (an import: "Cancelled: nothing was imported"): no traceback, and the command
        # ends as interrupted, so that a shell script running it stops too.
        sys.stderr.write("\n")
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)


def _reader_gone(stream: TextIO) -> bool:
    """A pipe whose reading end is closed reports an error to poll (Linux, macOS)."""
    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _fd, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), or no file behind the stream
        return False


if __name__ == "__main__":
    main()
