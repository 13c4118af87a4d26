"""Every route of wpsdesk. Each route has a row in tests/authorization_table.py."""

from django.contrib import admin
from django.urls import include, path

from wpsdesk.core import views as core_views

admin.site.site_header = "wpsdesk"
admin.site.site_title = "wpsdesk"

urlpatterns = [
    path("", include("wpsdesk.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("wpsdesk.accounts.urls")),
    path("catalogue/", include("wpsdesk.catalogue.urls")),
    path("engagements/", include("wpsdesk.engagements.urls")),
    path("plans/", include("wpsdesk.planning.urls")),
    path("screening/", include("wpsdesk.screening.urls")),
    path("civil-society/", include("wpsdesk.civil_society.urls")),
    path("grants/", include("wpsdesk.grants.urls")),
    path("seah/", include("wpsdesk.seah.urls")),
    path("unit/", include("wpsdesk.organisation.urls")),
    path("audit/", include("wpsdesk.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("wpsdesk.api.urls")),
    path("admin/", admin.site.urls),
    path("people-at-risk/", include("wpsdesk.people_at_risk.urls")),
    path("processes/", include("wpsdesk.processes.urls")),
    path("mediators/", include("wpsdesk.mediators.urls")),
    path("multilateral/", include("wpsdesk.multilateral.urls")),
    path("countries/", include("wpsdesk.countries.urls")),
    path("calendar/", include("wpsdesk.calendar.urls")),
    path("operations/", include("wpsdesk.operations.urls")),
    path("reporting/", include("wpsdesk.reporting.urls")),
    path("reports/", include("wpsdesk.reports.urls")),
]

handler400 = "wpsdesk.core.views.error_400"
handler403 = "wpsdesk.core.views.error_403"
handler404 = "wpsdesk.core.views.error_404"
handler500 = "wpsdesk.core.views.error_500"
