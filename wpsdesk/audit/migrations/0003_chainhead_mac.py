import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def sign_existing_head(apps, schema_editor):
    """Give an existing head its MAC, but only if it matches the chain's last event.

    A head that does not match is left unsigned, so ``audit verify`` keeps reporting it.
    """
    ChainHead = apps.get_model("audit", "ChainHead")
    SecurityEvent = apps.get_model("audit", "SecurityEvent")
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return
    last = SecurityEvent.objects.order_by("-sequence").first()
    if last is None or (last.sequence, last.digest) != (head.sequence, head.digest):
        return
    message = f"wpsdesk-audit-head:{head.sequence}:{head.digest}".encode()
    head.mac = hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()
    head.save(update_fields=["mac"])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="chainhead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(sign_existing_head, migrations.RunPython.noop),
    ]
