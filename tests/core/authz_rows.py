"""Authorization rows for the shell's own routes."""

from tests.authz import PERSONAS, Row

ALL_PEOPLE = frozenset(PERSONAS)

ROWS = [
    Row("core:home", allowed=ALL_PEOPLE, notes="everyone has a home page, even with no unit"),
    Row(
        "core:unit_switch",
        method="POST",
        allowed=ALL_PEOPLE,
        data=lambda cast, setup: {"unit": cast.bogota.pk},
        notes="switching to a unit one is not a member of changes nothing (tested apart)",
    ),
    Row(
        "core:search",
        allowed=ALL_PEOPLE,
        query="q=meeting",
        notes="finds only what each person may read (tested in tests/core/test_search.py)",
    ),
    Row("healthz", public=True),
    Row("set_language", method="POST", public=True, data=lambda cast, setup: {"language": "nb"}),
    Row("admin:index", allowed=frozenset({"admin"}), denied=302, notes="others go to log-in"),
]
