"""Authorization rows for screening: the pages, and the exports, comparison and API."""

from tests.screening.authz_api import ROWS as API_ROWS
from tests.screening.authz_pages import ROWS as PAGE_ROWS

ROWS = [*PAGE_ROWS, *API_ROWS]
