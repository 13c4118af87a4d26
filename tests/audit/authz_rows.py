"""Authorization rows for the security log."""

from tests.authz import Row

ROWS = [Row("audit:events", allowed=frozenset({"auditor"}), denied=403)]
