from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_access_grant_approval_and_end"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessgrant",
            name="expires_at",
            field=models.DateTimeField(verbose_name="ends at"),
        ),
        migrations.AlterField(
            model_name="historicalaccessgrant",
            name="expires_at",
            field=models.DateTimeField(verbose_name="ends at"),
        ),
    ]
