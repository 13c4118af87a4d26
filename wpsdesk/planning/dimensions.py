"""The standard disaggregation dimensions and their categories.

Migration ``0002_disaggregation_dimensions`` creates them with a frozen copy of this list
(engagements' migration ``0005`` adds the two coarser ones after it);
:func:`dimensions_seed` puts back any that are missing (after a database was emptied, and
in tests whose database is flushed between runs). Gender is always used.
"""

from __future__ import annotations

from .models import Category, Dimension

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
    # Two coarser schemes that engagements count by (see docs/disaggregation.md). They are
    # dimensions of their own, not extra categories of "age" and "displacement": a category
    # "under 30" beside "under 18" and "18–29" would be counted twice in a breakdown.
    (
        "age-band",
        "Age band",
        False,
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
        False,
        [("displaced", "Displaced persons")],
    ),
]


def dimensions_seed() -> int:
    """Create the standard dimensions and categories that are missing; return how many."""
    created = 0
    for position, (code, name, always, categories) in enumerate(DIMENSIONS, start=1):
        dimension, new = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "always": always, "position": position}
        )
        created += new
        for cat_position, (cat_code, cat_name) in enumerate(categories, start=1):
            _category, new = Category.objects.get_or_create(
                dimension=dimension,
                code=cat_code,
                defaults={"name": cat_name, "position": cat_position},
            )
            created += new
    return created
