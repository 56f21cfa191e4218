"""The apps stack in one direction: the register knows nothing of the meetings built on it.

partnership (the register) is the ground that meetings, and later decisions and
nominations, build on; the outbox is plumbing every app hands its work to. An import
the other way (the register importing meetings, as seed_demo once did) would tie the
ground to what stands on it. Imports are read with `ast`, those inside functions too.
`swecan` is the project itself and may be imported from anywhere.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

DOMAIN_APPS = ("outbox", "partnership", "meetings", "decisions", "nominations")

# What each app may import of the other apps (swecan aside).
MAY_IMPORT = {
    "outbox": set(),
    "partnership": {"outbox"},
    "meetings": {"outbox", "partnership"},
    "decisions": {"outbox", "partnership", "meetings"},
    "nominations": {"outbox", "partnership", "meetings", "decisions"},
}
# Calls that import a module or reach a model by a string.
DYNAMIC = {"import_module", "__import__", "get_model"}


def imported_apps(source: str, filename: str = "<string>") -> set[tuple[int, str]]:
    """(line, app) for each project app the source imports, statically or by name."""
    found = set()
    for node in ast.walk(ast.parse(source, filename=filename)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called in DYNAMIC and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        for name in names:
            app = name.split(".")[0]
            if app in DOMAIN_APPS:
                found.add((node.lineno, app))
    return found


def forbidden_imports(app: str) -> list[str]:
    base = Path(settings.BASE_DIR)
    allowed = MAY_IMPORT[app] | {app}
    offenders = []
    for path in sorted((base / app).rglob("*.py")):
        for line, imported in sorted(imported_apps(path.read_text(), str(path))):
            if imported not in allowed:
                offenders.append(f"{path.relative_to(base)}:{line} imports {imported}")
    return offenders


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_an_app_imports_only_what_it_builds_on(app):
    offenders = forbidden_imports(app)
    assert not offenders, f"{app} may import only {sorted(MAY_IMPORT[app]) or 'no other app'}:\n" + "\n".join(
        offenders
    )


def test_the_check_sees_imports_inside_functions_and_by_name():
    source = (
        "from partnership import services\n"
        "def handle():\n"
        "    from meetings.demo import seed_meetings\n"
        "    import decisions.models\n"
        "    apps.get_model('nominations', 'Round')\n"
        "    importlib.import_module('meetings.outbox_handlers')\n"
    )
    assert imported_apps(source) == {(1, "partnership"), (3, "meetings"), (4, "decisions"),
                                     (5, "nominations"), (6, "meetings")}


def test_meetings_builds_on_the_register():
    # Allowed, and used: were it not, the table above would be wrong about what stands on what.
    base = Path(settings.BASE_DIR)
    imported = {app for path in (base / "meetings").rglob("*.py")
                for _, app in imported_apps(path.read_text(), str(path))}
    assert "partnership" in imported


def test_nothing_below_the_cases_imports_them():
    # Cases stand on meetings and the register; neither may reach up to them.
    for app in ("partnership", "meetings", "outbox"):
        assert "decisions" not in MAY_IMPORT[app]
    base = Path(settings.BASE_DIR)
    imported = {app for path in (base / "decisions").rglob("*.py")
                for _, app in imported_apps(path.read_text(), str(path))}
    assert {"meetings", "partnership"} <= imported
