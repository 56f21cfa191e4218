"""Version 1's published text becomes the adopted text word for word (Bilaga 1).

Databases made before this carried the portal's own summary of the arbetsordning; the
numbers were already the adopted ones. The change is recorded in the version's history.
"""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

REASON = "Texten ersatt med Bilaga 1 ordagrant"


def use_adopted_text(apps, schema_editor):
    RulesOfProcedure = apps.get_model("swecan", "RulesOfProcedure")
    Historical = apps.get_model("swecan", "HistoricalRulesOfProcedure")
    text = (Path(__file__).resolve().parent.parent / "arbetsordning_v1.md").read_text("utf-8")
    version = RulesOfProcedure.objects.filter(number=1).first()
    if version is None or version.text == text:
        return
    version.text = text
    version.save(update_fields=["text"])
    Historical.objects.create(
        id=version.pk, number=version.number, effective_from=version.effective_from,
        parameters=version.parameters, text=version.text, adopted_note=version.adopted_note,
        created_at=version.created_at, history_date=timezone.now(), history_type="~",
        history_change_reason=REASON, history_user=None,
    )


class Migration(migrations.Migration):
    dependencies = [("swecan", "0004_encrypt_mfa_secrets")]

    operations = [migrations.RunPython(use_adopted_text, migrations.RunPython.noop)]
