"""Link engagements and teams to peace processes, made from today's free-text values.

Records naming the same process in the same unit (the same words once case and spacing are
set aside) are linked to one process of that unit: an existing one with that name, or a new
one. A new process takes the strictest classification among the records that name it, so
that its name is never shown to someone who could not read those records. The free text is
kept on every record, so where nothing was linked it stays visible as it was.
"""

import django.db.models.deletion
from django.db.models import Q
from django.db import migrations, models


#: Least to most protected: a new process takes the highest its records have.
RANK = {"internal": 0, "restricted": 1, "strict": 2}


def normalised(text):
    """The words of a name, case and spacing set aside: the one "same name" rule."""
    return " ".join(text.split()).casefold()


def link_free_text(apps, schema_editor):
    PeaceProcess = apps.get_model("processes", "PeaceProcess")
    groups = {}  # (unit id, normalised name) -> {"name", "classification", "records"}
    for model_name in ("Engagement", "Team"):
        model = apps.get_model("engagements", model_name)
        rows = (
            model.objects.filter(process__isnull=True)
            .exclude(peace_process="")
            .values_list("pk", "unit_id", "peace_process", "classification")
            .order_by("pk")
        )
        for pk, unit_id, text, classification in rows:
            key = normalised(text)
            if not key:
                continue
            group = groups.setdefault(
                (unit_id, key),
                {"name": " ".join(text.split()), "classification": classification, "records": []},
            )
            if RANK.get(classification, 2) > RANK.get(group["classification"], 2):
                group["classification"] = classification
            group["records"].append((model, pk))
    existing = {}
    for process in PeaceProcess.objects.all():
        existing.setdefault((process.unit_id, normalised(process.name)), []).append(process)
    for (unit_id, key), group in groups.items():
        matches = existing.get((unit_id, key), [])
        if len(matches) > 1:
            continue  # two processes answer to the name: not safe, the text stays
        if matches:
            process = matches[0]
        else:
            process = PeaceProcess.objects.create(
                unit_id=unit_id,
                name=group["name"][:200],
                classification=group["classification"],
                summary="Made from the peace process named on engagements and teams.",
            )
            process.phases.create(phase=process.phase, note="Made from free text.")
        for model, pk in group["records"]:
            model.objects.filter(pk=pk).update(process=process)


def unlink(apps, schema_editor):
    """Back: the links go; the free text was never removed, so nothing else is lost."""
    for model_name in ("Engagement", "Team"):
        apps.get_model("engagements", model_name).objects.filter(~Q(process=None)).update(
            process=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0005_engagement_messages_as_serving_links"),
        ("processes", "0001_peace_processes_and_analyses"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagement",
            name="process",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="engagements",
                to="processes.peaceprocess",
                verbose_name="peace process",
            ),
        ),
        migrations.AddField(
            model_name="historicalengagement",
            name="process",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="processes.peaceprocess",
                verbose_name="peace process",
            ),
        ),
        migrations.AddField(
            model_name="historicalteam",
            name="process",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="processes.peaceprocess",
                verbose_name="peace process",
            ),
        ),
        migrations.AddField(
            model_name="team",
            name="process",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="teams",
                to="processes.peaceprocess",
                verbose_name="peace process",
            ),
        ),
        migrations.AlterField(
            model_name="engagement",
            name="peace_process",
            field=models.CharField(
                blank=True,
                help_text="The peace process this belongs to, if any.",
                max_length=200,
                verbose_name="peace process (free text)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalengagement",
            name="peace_process",
            field=models.CharField(
                blank=True,
                help_text="The peace process this belongs to, if any.",
                max_length=200,
                verbose_name="peace process (free text)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalteam",
            name="peace_process",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="peace process (free text)"
            ),
        ),
        migrations.AlterField(
            model_name="team",
            name="peace_process",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="peace process (free text)"
            ),
        ),
        migrations.RunPython(link_free_text, unlink),
    ]
