"""Engagement figures kept per unit, year, place and classification (``tallies.py``).

The tables are filled from the stored engagements here; afterwards every writer keeps
them in its own transaction, and ``wpsdesk figures rebuild`` counts them again.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F, Q, Sum

from wpsdesk.core.queries import Year


def fill(apps, schema_editor):
    """Count every figure from the live rows, both levels (a frozen copy of ``tallies``)."""
    Engagement = apps.get_model("engagements", "Engagement")
    Participation = apps.get_model("engagements", "Participation")
    EngagementTally = apps.get_model("engagements", "EngagementTally")
    ParticipationTally = apps.get_model("engagements", "ParticipationTally")
    for by_place in (True, False):
        place = ("country", "forum") if by_place else ()
        EngagementTally.objects.bulk_create(
            [
                EngagementTally(by_place=by_place, **row)
                for row in Engagement.objects.order_by()
                .values("unit_id", "classification", *place, year=Year("date"))
                .annotate(
                    engagements=Count("pk"), with_wps=Count("pk", filter=Q(wps_on_agenda=True))
                )
            ],
            batch_size=500,
        )
        places = (
            {"country": F("engagement__country"), "forum": F("engagement__forum")}
            if by_place
            else {}
        )
        ParticipationTally.objects.bulk_create(
            [
                ParticipationTally(by_place=by_place, **row)
                for row in Participation.objects.order_by()
                .values(
                    "side",
                    "measure",
                    "category_id",
                    unit_id=F("engagement__unit_id"),
                    classification=F("engagement__classification"),
                    dimension_id=F("category__dimension_id"),
                    year=Year("engagement__date"),
                    **places,
                )
                .annotate(count=Sum("count"))
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('engagements', '0007_participation_shared_vocabulary'),
        ('organisation', '0004_break_glass_openings'),
        ('planning', '0003_record_versions_for_concurrent_edits'),
    ]

    operations = [
        migrations.CreateModel(
            name='EngagementTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('by_place', models.BooleanField(verbose_name='by place')),
                ('country', models.CharField(blank=True, max_length=2, verbose_name='country')),
                ('forum', models.CharField(blank=True, max_length=60, verbose_name='forum')),
                ('classification', models.CharField(max_length=10, verbose_name='classification')),
                ('engagements', models.PositiveIntegerField(verbose_name='engagements')),
                ('with_wps', models.PositiveIntegerField(verbose_name='with WPS on the agenda')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisation.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'engagement tally',
                'verbose_name_plural': 'engagement tallies',
                'indexes': [models.Index(fields=['by_place', 'year', 'unit'], name='engagement_tally_year_unit')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'year', 'by_place', 'country', 'forum', 'classification'), name='engagement_tally_one_row_per_key')],
            },
        ),
        migrations.CreateModel(
            name='ParticipationTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('by_place', models.BooleanField(verbose_name='by place')),
                ('country', models.CharField(blank=True, max_length=2, verbose_name='country')),
                ('forum', models.CharField(blank=True, max_length=60, verbose_name='forum')),
                ('classification', models.CharField(max_length=10, verbose_name='classification')),
                ('side', models.CharField(choices=[('norway', "Norway's delegation"), ('counterpart', 'Counterpart'), ('other_parties', 'Other parties'), ('civil_society', 'Civil society'), ('international', 'International organisations')], max_length=20, verbose_name='side')),
                ('measure', models.CharField(choices=[('attended', 'Took part'), ('spoke', 'Spoke'), ('led', 'Led the side')], max_length=10, verbose_name='measure')),
                ('count', models.PositiveBigIntegerField(verbose_name='count')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='planning.category')),
                ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='planning.dimension')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisation.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'participation tally',
                'verbose_name_plural': 'participation tallies',
                'indexes': [models.Index(fields=['measure', 'dimension', 'by_place', 'year', 'unit'], name='participation_tally_read')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'year', 'by_place', 'country', 'forum', 'classification', 'side', 'measure', 'category'), name='participation_tally_one_row_per_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
