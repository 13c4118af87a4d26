"""The disaggregation dimensions every unit chooses from; gender is always used.

Categories follow the guidelines' intersectional perspective: gender (with a category for
another gender or not stated), age group, disability, displacement, and minority or
indigenous status. Every dimension has a "not stated" category so a breakdown can add up
without guessing. Administrators may add dimensions in the admin.
"""

from django.db import migrations

DIMENSIONS = [
    (
        "gender",
        "Gender",
        True,
        [
            ("women", "Women"),
            ("men", "Men"),
            ("another-or-not-stated", "Another gender or not stated"),
        ],
    ),
    (
        "age",
        "Age group",
        False,
        [
            ("under-18", "Under 18"),
            ("18-29", "18–29"),
            ("30-59", "30–59"),
            ("60-plus", "60 and over"),
            ("not-stated", "Age not stated"),
        ],
    ),
    (
        "disability",
        "Disability",
        False,
        [
            ("with-disability", "With a disability"),
            ("without-disability", "Without a disability"),
            ("not-stated", "Disability not stated"),
        ],
    ),
    (
        "displacement",
        "Displacement",
        False,
        [
            ("refugee", "Refugee"),
            ("internally-displaced", "Internally displaced"),
            ("not-displaced", "Not displaced"),
            ("not-stated", "Displacement not stated"),
        ],
    ),
    (
        "minority",
        "Minority or indigenous",
        False,
        [
            ("minority-or-indigenous", "Minority or indigenous"),
            ("not-minority", "Not minority or indigenous"),
            ("not-stated", "Minority status not stated"),
        ],
    ),
]


def forward(apps, schema_editor):
    Dimension = apps.get_model("planning", "Dimension")
    Category = apps.get_model("planning", "Category")
    for position, (code, name, always, categories) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "always": always, "position": position}
        )
        for cat_position, (cat_code, cat_name) in enumerate(categories, start=1):
            Category.objects.get_or_create(
                dimension=dimension,
                code=cat_code,
                defaults={"name": cat_name, "position": cat_position},
            )


def reverse(apps, schema_editor):
    Dimension = apps.get_model("planning", "Dimension")
    Category = apps.get_model("planning", "Category")
    codes = [code for code, *_ in DIMENSIONS]
    Category.objects.filter(dimension__code__in=codes).delete()
    Dimension.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_plans_goals_activities_indicators_checklist")]

    operations = [migrations.RunPython(forward, reverse)]
