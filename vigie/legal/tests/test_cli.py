import io
import json
import subprocess
import sys
from pathlib import Path

from vigie.legal.cli import run
from vigie.legal.tests.contract import check_output
from vigie.legal.tests.factories import make_facts, make_subject

EXAMPLE = Path(__file__).parent / "examples" / "04_smuggled_to_libya.facts.json"
VIGIE = Path(sys.executable).parent / "vigie"


def call(argv, stdin=""):
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(argv, io.StringIO(stdin), stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_it_prints_the_qualification_and_exits_0():
    status, out, err = call([str(EXAMPLE)])
    assert (status, err) == (0, "")
    check_output(json.loads(out))


def test_it_reads_standard_input_and_answers_in_french():
    status, out, _ = call(["-", "--lang", "fr"], EXAMPLE.read_text())
    assert status == 0
    assert json.loads(out)["subjects"][0]["smuggling"]["reasons"][-1]["text"].startswith("Trafic illicite")


def test_invalid_facts_exit_2_with_one_line_per_problem_and_nothing_on_stdout():
    document = make_facts(make_subject(age=130, acts={"recruting": True}))
    status, out, err = call(["-"], json.dumps(document))
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "subjects[0].age: must be a whole number from 0 to 120",
        "subjects[0].acts.recruting: is not one of: recruitment transportation transfer harbouring receipt",
    ]


def test_malformed_json_a_missing_file_and_a_bad_option_exit_2():
    assert call(["-"], "{not json")[:2] == (2, "")
    assert call(["/nonexistent/facts.json"])[:2] == (2, "")
    assert call(["-", "--lang", "de"])[:2] == (2, "")


def test_the_vigie_command_keeps_the_contract(tmp_path):
    command = [str(VIGIE), "qualify", str(EXAMPLE)]
    valid = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)  # noqa: S603
    assert (valid.returncode, valid.stderr) == (0, "")
    assert json.loads(valid.stdout)["case"] == {"trafficking": "not_established", "smuggling": "established"}
    invalid = subprocess.run(  # noqa: S603
        [str(VIGIE), "qualify", "-", "--lang", "fr"],
        input=json.dumps(make_facts(make_subject(minor=False, age=12))),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (invalid.returncode, invalid.stdout) == (2, "")
    assert invalid.stderr == "subjects[0].minor: contredit l'âge 12 (un enfant a moins de 18 ans)\n"
