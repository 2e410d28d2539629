"""The `vigie` command: Django's manage command for this project (honours DATABASE_URL)."""

import os
import signal
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigie.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except BrokenPipeError:
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


if __name__ == "__main__":
    main()
