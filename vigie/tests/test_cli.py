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


def test_a_reader_that_goes_away_ends_the_command_quietly():
    # vigie import --list | head: the pipe closes while the command writes.
    code = (
        "import sys; sys.argv = ['vigie', 'shell', '-c', 'print(chr(120) * 10**7)']; from vigie import cli; cli.main()"
    )
    command = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    assert command.stdout is not None and command.stderr is not None
    command.stdout.read(10)
    command.stdout.close()
    err = command.stderr.read().decode()
    command.wait(timeout=120)

    assert command.returncode == 1
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_broken_pipe_that_is_not_the_output_is_an_error_to_see():
    # A pipe to nobody that is not the output (a socket, a child process's): its error is shown.
    code = (
        "import sys, os; r, w = os.pipe(); os.close(r); "
        "sys.argv = ['vigie', 'shell', '-c', f'import os; os.write({w}, b\"x\")']; "
        "from vigie import cli; cli.main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)  # noqa: S603

    assert done.returncode == 1
    assert "BrokenPipeError" in done.stderr
