"""The `vigie` command itself (vigie/cli.py)."""

import os
import signal
import subprocess
import sys

from django.core import management

from vigie import cli


def test_ctrl_c_ends_the_command_as_interrupted_without_a_traceback(monkeypatch, capsys):
    # Django takes seconds to load: a Ctrl-C then, or one a command gives back once it said what it did (an
    # import: "Cancelled: nothing was imported"), ends the command as killed by it, which a shell script sees.
    def interrupted(argv):
        raise KeyboardInterrupt

    killed = []
    monkeypatch.setattr(management, "execute_from_command_line", interrupted)
    monkeypatch.setattr(os, "kill", lambda pid, sig: killed.append(sig))
    previous = signal.getsignal(signal.SIGINT)
    try:
        cli.main()
        assert killed == [signal.SIGINT]
        assert signal.getsignal(signal.SIGINT) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, previous)
    assert capsys.readouterr().err == "\n"


def test_a_command_interrupted_dies_of_the_signal_as_the_shell_expects():
    code = (
        "import sys; sys.argv = ['vigie', 'shell', '-c', 'raise KeyboardInterrupt']; from vigie import cli; cli.main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)  # noqa: S603 - our code

    assert done.returncode == -signal.SIGINT
    assert "Traceback" not in done.stderr
