"""The people of the tests live in tests/conftest.py (made by tests/personas.py), nowhere else.

A test file that defines its own `alice` shadows the shared one with other data: two tests that
both say "Alice" then mean different people. A test that needs someone else asks for a shared,
clearly named fixture (`charlie` for a partner that has not signed, `officer_without_totp`, ...).
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT_CONFTEST = TESTS / "conftest.py"

# The personas the issue names, plus the names a local kansli officer went by.
PERSONAS = {"karin", "alice", "bob", "charlie", "dave", "deputy", "public", "roll", "outsiders",
            "kansli", "officer"}


def _fixture_decorator(decorator: ast.expr) -> ast.expr | None:
    """The `pytest.fixture` (or `fixture`) a decorator is, called or not; None otherwise."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute) and target.attr == "fixture":
        return decorator
    if isinstance(target, ast.Name) and target.id == "fixture":
        return decorator
    return None


def fixtures_in(path: Path, *, imported: bool = True) -> dict[str, int]:
    """The fixture names a file defines (`name=` wins over the function's name) or takes from
    another test module by import, and their lines. What tests/personas.py makes is not a fixture."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if imported and isinstance(node, ast.ImportFrom) \
                and (node.module or "").startswith("tests.") and node.module != "tests.personas":
            found.update({alias.asname or alias.name: node.lineno for alias in node.names})
            continue
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            fixture = _fixture_decorator(decorator)
            if fixture is None:
                continue
            name = node.name
            if isinstance(fixture, ast.Call):
                for keyword in fixture.keywords:
                    if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                        name = keyword.value.value
            found[name] = node.lineno
    return found


def shared_names(root_conftest: Path = ROOT_CONFTEST) -> set[str]:
    """Every fixture tests/conftest.py hands out, and the personas whatever it holds."""
    return PERSONAS | set(fixtures_in(root_conftest, imported=False))


def shadowing(tests_dir: Path = TESTS) -> list[str]:
    """`path:line name` for each fixture outside tests/conftest.py that reuses a shared name."""
    root_conftest = tests_dir / "conftest.py"
    names = shared_names(root_conftest)
    return [
        f"{path.relative_to(tests_dir.parent)}:{line} {name}"
        for path in sorted(tests_dir.rglob("*.py")) if path != root_conftest
        for name, line in sorted(fixtures_in(path).items(), key=lambda item: item[1])
        if name in names
    ]


def test_no_test_file_defines_its_own_persona():
    assert shadowing() == [], (
        "These fixtures shadow a person of tests/conftest.py; use the shared one, or add a clearly "
        "named one to tests/personas.py and tests/conftest.py"
    )


def test_the_shared_personas_are_in_the_root_conftest():
    assert {"karin", "alice", "bob", "charlie", "dave", "deputy", "public", "roll",
            "outsiders"} <= set(fixtures_in(ROOT_CONFTEST, imported=False))


def test_the_check_finds_a_local_alice_however_it_is_declared(tmp_path):
    (tmp_path / "tests" / "app").mkdir(parents=True)
    (tmp_path / "tests" / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef karin(db):\n    return 1\n", encoding="utf-8")
    (tmp_path / "tests" / "app" / "test_x.py").write_text(
        "import pytest\nfrom pytest import fixture\n\n"
        "@pytest.fixture\ndef alice(db):\n    return 1\n\n"
        "@fixture(name='bob')\ndef a_bob(db):\n    return 2\n\n"
        "@pytest.fixture()\ndef karin(db):\n    return 3\n\n"
        "@pytest.fixture\ndef anna(alice):\n    return 4\n\n"
        "def roll():\n    return 5\n",
        encoding="utf-8",
    )
    (tmp_path / "tests" / "app" / "test_y.py").write_text(
        "from tests.app.test_x import alice, anna\nfrom tests.personas import officer, outsiders\n",
        encoding="utf-8",
    )

    assert shadowing(tmp_path / "tests") == [
        "tests/app/test_x.py:5 alice", "tests/app/test_x.py:9 bob", "tests/app/test_x.py:13 karin",
        "tests/app/test_y.py:1 alice",
    ]
