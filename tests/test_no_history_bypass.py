"""Nothing writes past the history without saying why.

`QuerySet.update`, `bulk_create`, `bulk_update` and queryset deletes write rows without
django-simple-history seeing them, and a model's `delete()` without `attributed()`
leaves a history row naming nobody. The receiver's type is unknown to a scan, so every
call of these names counts, unless the line (or the comment block just above it)
carries `# history: <why>`. Two forms are known to be safe and need no comment:
`attributed(obj, by).delete()`, and `update` with a positional argument (a dict, set or
hash: `QuerySet.update` takes keyword arguments only).
"""

import ast
import io
import tokenize
from pathlib import Path

from django.conf import settings

PROJECT_APPS = ("swecan", "partnership", "meetings", "decisions", "nominations", "outbox")
BYPASSES = {"update", "bulk_create", "bulk_update", "delete", "_raw_delete"}
MARK = "# history:"


def project_sources():
    base = Path(settings.BASE_DIR)
    for app in PROJECT_APPS:
        for path in sorted((base / app).rglob("*.py")):
            if not {"migrations", "tests"} & set(path.relative_to(base).parts):
                yield path


def _comments(source: str) -> dict[int, str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.string for t in tokens if t.type == tokenize.COMMENT}


def _is_safe(call: ast.Call) -> bool:
    receiver = call.func.value
    if isinstance(receiver, ast.Call) and getattr(receiver.func, "id", None) == "attributed":
        return True
    return call.func.attr == "update" and bool(call.args)


def _explained(call: ast.Call, comments: dict[int, str], lines: list[str]) -> bool:
    # From the line the call starts on to the line naming the method …
    if any(MARK in comments.get(n, "") for n in range(call.lineno, call.func.end_lineno + 1)):
        return True
    # … or the comment block just above it.
    n = call.lineno - 1
    while n >= 1 and lines[n - 1].strip().startswith("#"):
        if MARK in comments.get(n, ""):
            return True
        n -= 1
    return False


def unexplained_bypasses(path: Path, source: str) -> list[str]:
    comments, lines = _comments(source), source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in BYPASSES and not _is_safe(node)
                and not _explained(node, comments, lines)):
            found.append(f"{path}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_no_write_bypasses_the_history_without_a_reason():
    offenders = []
    for path in project_sources():
        offenders += unexplained_bypasses(path.relative_to(settings.BASE_DIR), path.read_text())
    assert not offenders, (
        "Writes that bypass the history: save through attributed(obj, by) instead, or say "
        f"why on the line or just above it with '{MARK} …':\n" + "\n".join(offenders)
    )


# The scan itself -----------------------------------------------------------------------------


def _scan(source: str) -> list[str]:
    return unexplained_bypasses(Path("app/services.py"), source)


def test_it_finds_each_kind_of_bypass():
    source = (
        "Partner.objects.filter(pk=1).update(status='active')\n"
        "Entry.objects.bulk_create(entries)\n"
        "Entry.objects.bulk_update(entries, ['basis'])\n"
        "partner.invitations.all().delete()\n"
        "partner.delete()\n"
        "qs._raw_delete(qs.db)\n"
        "(Message.objects\n"
        "    .filter(pk=1)\n"
        "    .update(status='sent'))\n"
    )
    assert [line.split(":")[1] for line in _scan(source)] == ["1", "2", "3", "4", "5", "6", "7"]


def test_a_reason_on_the_line_or_just_above_is_accepted():
    source = (
        "Delivery.objects.filter(pk=1).update(claimed=now)  # history: a claim, not a record\n"
        "# history: claims are counters on a row that has no history;\n"
        "# the outcome is saved through attributed().\n"
        "Delivery.objects.filter(pk=1).update(claimed=now)\n"
        "Delivery.objects.filter(\n"
        "    pk=1,  # history: bookkeeping only\n"
        ").update(claimed=now)\n"
    )
    assert _scan(source) == []


def test_a_reason_further_up_or_without_the_mark_is_not():
    source = (
        "# history: about something else\n"
        "x = 1\n"
        "Partner.objects.filter(pk=1).update(status='active')\n"
        "Partner.objects.filter(pk=1).delete()  # not a governance record\n"
    )
    assert [line.split(":")[1] for line in _scan(source)] == ["3", "4"]


def test_attributed_deletes_and_mapping_updates_need_no_reason():
    source = (
        "attributed(item, by).delete()\n"
        "counts.update({row['sector']: row['n'] for row in rows})\n"
        "digest.update(chunk)\n"
    )
    assert _scan(source) == []
