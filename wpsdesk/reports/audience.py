"""Whom a submitted report is written for: the service's internal readers.

A unit's report goes to HQ. What is frozen at submission is therefore what any HQ
coordinator may read of the unit's year — its internal records and the figures built from
them — with the unit's restricted work only counted, under the small-cell rule. A cleared
lead sees restricted work in the live draft; it never travels in what was sent, so the
snapshot may be opened by everyone who may open the report.
"""

from __future__ import annotations

from wpsdesk.organisation.models import User


def internal_reader() -> User:
    """A reader with the HQ coordinators' reach and nothing else: no unit, grant or opening.

    Never saved. The policy layer reads its (empty) unit roles, grants and break-glass
    openings from the cache set here, so it costs no query and opens only internal records.
    """
    reader = User(username="annual-report-audience", is_active=True, is_hq_coordinator=True)
    reader._wpsdesk_unit_access = {}  # type: ignore[attr-defined]
    reader._wpsdesk_grants = {}  # type: ignore[attr-defined]
    reader._wpsdesk_openings = {}  # type: ignore[attr-defined]
    return reader
