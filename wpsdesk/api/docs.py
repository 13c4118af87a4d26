"""The browsable API documentation: Swagger UI served from our own static files.

The page loads Swagger UI from ``/static/`` (drf-spectacular-sidecar) and its start-up
script as a separate file, so it works under our CSP without inline scripts or styles.
Like the schema it needs a verified person.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for ``/api/schema/``."""

    template_name = "api/swagger_ui.html"
