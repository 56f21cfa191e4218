"""Encrypt the TOTP secrets and recovery-code seeds stored in plain text before
swecan.adapters.MFAAdapter existed. Values already encrypted are left alone."""

from django.db import migrations


def encrypt_existing(apps, schema_editor):
    from swecan.adapters import encrypt_secret

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if isinstance(data.get(key), str):
                data[key] = encrypt_secret(data[key])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [encrypt_secret(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("swecan", "0003_pseudonymisation"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        # Going back leaves the values encrypted; MFAAdapter reads both forms.
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
