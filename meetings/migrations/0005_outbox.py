# Deliveries are sent through the outbox: each gets its message, keeping what it had.

import django.db.models.deletion
from django.db import migrations, models

STATUS = {"pending": "pending", "sending": "pending", "sent": "done", "failed": "failed"}


def to_outbox(apps, schema_editor):
    NoticeDelivery = apps.get_model("meetings", "NoticeDelivery")
    Message = apps.get_model("outbox", "Message")
    for d in NoticeDelivery.objects.all().iterator():
        d.message = Message.objects.create(
            kind="meeting_delivery",
            key=f"meeting:{d.meeting_id}:{d.kind}:{d.sequence}:{d.email}",
            recipient=d.email, payload={"meeting_id": d.meeting_id},
            status=STATUS[d.status], attempts=d.attempts, last_error=d.error,
            done_at=d.sent_at, created_at=d.created_at,
        )
        d.save(update_fields=["message"])


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_meeting_changes'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='noticedelivery',
            name='message',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notice_delivery', to='outbox.message'),
        ),
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='noticedelivery',
            name='message',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='notice_delivery', to='outbox.message'),
        ),
        migrations.RemoveField(model_name='noticedelivery', name='attempts'),
        migrations.RemoveField(model_name='noticedelivery', name='claimed_at'),
        migrations.RemoveField(model_name='noticedelivery', name='error'),
        migrations.RemoveField(model_name='noticedelivery', name='sent_at'),
        migrations.RemoveField(model_name='noticedelivery', name='status'),
    ]
