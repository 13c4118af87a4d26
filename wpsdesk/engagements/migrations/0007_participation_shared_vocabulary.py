"""Participation counts point at the shared disaggregation vocabulary (planning's tables).

Engagements had codes of their own (woman/man/other; under_30/30_59/60_plus/unknown;
with_disability, displaced, minority_or_indigenous) that disagreed with planning's. Each
participation row (and its history) now points at a ``planning.Category``; team
composition, envoys and nominations take the vocabulary's gender codes. The two coarser
schemes engagements count by — age bands and "displaced" — become dimensions of their own
(``age-band``, ``displaced``), not categories of planning's finer ``age`` and
``displacement``: see docs/disaggregation.md for how the schemes reconcile.

Reversible: going back writes the old codes from the categories.
"""

import django.db.models.deletion
from django.db import migrations, models

GENDER = {"woman": "women", "man": "men", "other": "another-or-not-stated"}
#: (old dimension, old category) -> (dimension code, category code) of the vocabulary.
CELLS = {
    **{("gender", old): ("gender", new) for old, new in GENDER.items()},
    ("age", "under_30"): ("age-band", "under-30"),
    ("age", "30_59"): ("age-band", "30-59"),
    ("age", "60_plus"): ("age-band", "60-plus"),
    ("age", "unknown"): ("age-band", "not-stated"),
    ("disability", "with_disability"): ("disability", "with-disability"),
    ("displacement", "displaced"): ("displaced", "displaced"),
    ("minority", "minority_or_indigenous"): ("minority", "minority-or-indigenous"),
}
#: The coarser dimensions (frozen copy of planning/dimensions.py at this point).
NEW_DIMENSIONS = [
    (
        "age-band",
        "Age band",
        6,
        [
            ("under-30", "Under 30"),
            ("30-59", "30–59"),
            ("60-plus", "60 and over"),
            ("not-stated", "Age not stated"),
        ],
    ),
    (
        "displaced",
        "Displaced (refugee or internally displaced)",
        7,
        [("displaced", "Displaced persons")],
    ),
]
GENDER_MODELS = (
    "teammember",
    "historicalteammember",
    "envoy",
    "historicalenvoy",
    "nomination",
    "historicalnomination",
)


def _immediate(schema_editor):
    # PostgreSQL defers foreign-key checks to the end of the transaction; the table is
    # altered next, which it refuses while checks are pending.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _categories(apps):
    Dimension = apps.get_model("planning", "Dimension")
    Category = apps.get_model("planning", "Category")
    for code, name, position, categories in NEW_DIMENSIONS:
        dimension, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
        for cat_position, (cat_code, cat_name) in enumerate(categories, start=1):
            Category.objects.get_or_create(
                dimension=dimension,
                code=cat_code,
                defaults={"name": cat_name, "position": cat_position},
            )
    return {
        (dimension, code): pk
        for dimension, code, pk in Category.objects.values_list("dimension__code", "code", "pk")
    }


def forward(apps, schema_editor):
    ids = _categories(apps)
    for name in ("participation", "historicalparticipation"):
        model = apps.get_model("engagements", name)
        for (dimension, category), target in CELLS.items():
            rows = model.objects.filter(dimension=dimension, category=category)
            if target not in ids:
                # Only rows that need the category make its absence an error (an emptied
                # database, as a test flush leaves, has no planning vocabulary either).
                if rows.exists():
                    raise RuntimeError(f"The vocabulary has no category {target}")
                continue
            rows.update(category_ref_id=ids[target])
        left = model.objects.filter(category_ref__isnull=True)
        if left.exists():
            raise RuntimeError(
                f"{name}: rows with codes outside the vocabulary: "
                f"{sorted(set(left.values_list('dimension', 'category')))}"
            )
    for name in GENDER_MODELS:
        model = apps.get_model("engagements", name)
        for old, new in GENDER.items():
            model.objects.filter(gender=old).update(gender=new)
    _immediate(schema_editor)


def backward(apps, schema_editor):
    Category = apps.get_model("planning", "Category")
    codes = {
        pk: (dimension, code)
        for pk, dimension, code in Category.objects.values_list("pk", "dimension__code", "code")
    }
    old = {new: old for old, new in CELLS.items()}
    for name in ("participation", "historicalparticipation"):
        model = apps.get_model("engagements", name)
        for pk in model.objects.values_list("category_ref_id", flat=True).distinct():
            dimension, category = old[codes[pk]]
            model.objects.filter(category_ref_id=pk).update(dimension=dimension, category=category)
    for name in GENDER_MODELS:
        model = apps.get_model("engagements", name)
        for old_code, new in GENDER.items():
            model.objects.filter(gender=new).update(gender=old_code)
    _immediate(schema_editor)


GENDER_CHOICES = [
    ("women", "Women"),
    ("men", "Men"),
    ("another-or-not-stated", "Another gender or not stated"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0006_link_engagements_and_teams_to_processes"),
        ("planning", "0003_record_versions_for_concurrent_edits"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="participation", name="participation_speakers_and_leads_by_gender"
        ),
        migrations.RemoveConstraint(
            model_name="participation", name="participation_known_category"
        ),
        migrations.RemoveConstraint(
            model_name="participation", name="participation_one_row_per_cell"
        ),
        migrations.AddField(
            model_name="participation",
            name="category_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="planning.category",
                verbose_name="category",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="category_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="planning.category",
                verbose_name="category",
            ),
        ),
        *[
            migrations.AlterField(
                model_name=name,
                name="gender",
                field=models.CharField(
                    choices=GENDER_CHOICES, max_length=30, verbose_name="gender"
                ),
            )
            for name in GENDER_MODELS
        ],
        migrations.RunPython(forward, backward),
        # A default for the old code columns, so that going back can add them again to a
        # table that has rows (their values are then written by ``backward``).
        *[
            migrations.AlterField(
                model_name=name,
                name="category",
                field=models.CharField(default="", max_length=30, verbose_name="category"),
            )
            for name in ("participation", "historicalparticipation")
        ],
        migrations.RemoveField(model_name="participation", name="dimension"),
        migrations.RemoveField(model_name="participation", name="category"),
        migrations.RemoveField(model_name="historicalparticipation", name="dimension"),
        migrations.RemoveField(model_name="historicalparticipation", name="category"),
        migrations.RenameField(
            model_name="participation", old_name="category_ref", new_name="category"
        ),
        migrations.RenameField(
            model_name="historicalparticipation", old_name="category_ref", new_name="category"
        ),
        migrations.AlterField(
            model_name="participation",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="planning.category",
                verbose_name="category",
            ),
        ),
        migrations.AlterModelOptions(
            name="participation",
            options={
                "ordering": ["engagement", "side", "measure", "category"],
                "verbose_name": "participation count",
                "verbose_name_plural": "participation counts",
            },
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("engagement", "side", "measure", "category"),
                name="participation_one_row_per_cell",
            ),
        ),
    ]
