import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""


def test_the_engine_imports_neither_django_nor_a_clock():
    for path in PACKAGE.glob("*.py"):
        modules = list(imported_modules(path))
        assert not [name for name in modules if name.startswith("django")], path.name
        source = path.read_text()
        assert "date.today" not in source and "datetime.now" not in source and "time.time" not in source, path.name
