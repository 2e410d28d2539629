"""Every file the application reads at run time is in the installed package, not only in a checkout.

A production install is `pip install .` (README): setuptools copies Python modules and only the data files
that `[tool.setuptools.package-data]` names. A data file added beside the code but not named there works in
development and is missing in production (the case-JSON schema and the training scenarios once were).
"""

import glob
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"
# Not read at run time: notes for developers beside the code.
DOCUMENTATION = {".md"}
# Made from the .po files by `make compilemessages`; the locale pattern covers them.
GENERATED = {".mo", ".pyc"}


def _declared() -> set[Path]:
    patterns = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["vigie"]
    return {Path(name) for pattern in patterns for name in glob.glob(pattern, root_dir=PACKAGE, recursive=True)}


def _data_files() -> set[Path]:
    found = set()
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE)
        if path.is_dir() or {"tests", "__pycache__"} & set(relative.parts):
            continue
        if path.suffix in {".py", ".typed"} | DOCUMENTATION | GENERATED:
            continue
        found.add(relative)
    return found


def test_every_data_file_is_declared_as_package_data():
    missing = sorted(str(path) for path in _data_files() - _declared())
    assert missing == [], f"add to [tool.setuptools.package-data] in pyproject.toml: {missing}"


def test_the_declared_patterns_find_the_files_the_code_reads():
    declared = _declared()
    for needed in ["exchange/exports/case.schema.json", "training/scenarios/01_talibe-saint-louis.json"]:
        assert Path(needed) in declared
