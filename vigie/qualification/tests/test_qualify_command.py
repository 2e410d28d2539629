"""`vigie qualify` through call_command (scripts, tests): the same command line as from the shell."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_call_command_runs_the_same_command_line(tmp_path, capsys):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"schema": "vigie.facts/1", "subjects": [{"id": "a", "age": 15}]}))
    call_command("qualify", str(facts), "--lang", "fr")
    assert json.loads(capsys.readouterr().out)["schema"] == "vigie.qualification/1"

    facts.write_text(json.dumps({"schema": "vigie.facts/1", "subjects": [{"id": "a", "agee": 15}]}))
    with pytest.raises(CommandError) as refused:
        call_command("qualify", str(facts))
    assert refused.value.returncode == 2
    assert "subjects[0].agee" in capsys.readouterr().err
