"""Version 1 of the arbetsordning, as adopted for operating year 1."""

import datetime
from pathlib import Path

from django.db import migrations

# The numbers as adopted, written out here so that later changes to the code's
# defaults can never rewrite history.
PARAMETERS_V1 = {
    "notice_days": 30,
    "case_days_before_notice": 14,
    "minutes_days": 14,
    "quorum_fraction": "1/2",
    "quorum_every_sector": True,
    "qualified_majority": "2/3",
    "committee_seats_per_sector": 3,
    "member_mandate_years": 2,
    "member_reelections": 1,
    "chair_mandate_years": 1,
    "chair_reelections": 2,
    "year1_sector_caps": {
        "halso_sjukvard": 27,
        "akademi": 15,
        "myndigheter": 9,
        "naringsliv": 3,
        "civilsamhalle": 20,
    },
    "physical_meetings_per_year": 2,
}


def create_v1(apps, schema_editor):
    RulesOfProcedure = apps.get_model("swecan", "RulesOfProcedure")
    text = (Path(__file__).resolve().parent.parent / "arbetsordning_v1.md").read_text("utf-8")
    RulesOfProcedure.objects.get_or_create(
        number=1,
        defaults={
            "effective_from": datetime.date(2026, 1, 1),
            "parameters": PARAMETERS_V1,
            "text": text,
            "adopted_note": "Fastställd av Socialstyrelsen inför verksamhetsår 1.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("swecan", "0001_initial")]

    operations = [migrations.RunPython(create_v1, migrations.RunPython.noop)]
