from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "wpsdesk.calendar"
    label = "calendar"
    verbose_name = "WPS calendar"

    def ready(self) -> None:
        # The calendar's own dates and those of the apps it shows; each source lives in its
        # app's ``calendar`` module and reads through that app's selectors.
        from django.utils.translation import gettext_lazy as _

        from wpsdesk.core import home
        from wpsdesk.engagements import calendar as engagements_calendar
        from wpsdesk.grants import calendar as grants_calendar
        from wpsdesk.planning import calendar as planning_calendar
        from wpsdesk.processes import calendar as processes_calendar

        from . import selectors, sources, tasks

        sources.register_kind(selectors.GLOBAL_KIND, _("Global WPS event"), 14)
        sources.register_kind(selectors.UNIT_KIND, _("Unit event"), 7)
        sources.register_kind(planning_calendar.ACTIVITY_KIND, _("Activity due"), 7)
        sources.register_kind(planning_calendar.RESULTS_KIND, _("Year-end results due"), 30)
        sources.register_kind(planning_calendar.CHECKLIST_KIND, _("Checklist run due"), 30)
        sources.register_kind(engagements_calendar.KIND, _("Follow-up due"), 7)
        sources.register_kind(processes_calendar.KIND, _("Strategy review"), 14)
        sources.register_kind(grants_calendar.KIND, _("Grantee report due"), 14)

        sources.register("calendar.global", selectors.global_entries)
        sources.register("calendar.unit", selectors.unit_event_entries)
        sources.register("planning.activities", planning_calendar.activities_due)
        sources.register("planning.results", planning_calendar.results_due)
        sources.register("planning.checklist", planning_calendar.checklist_runs_due)
        sources.register("engagements.follow_ups", engagements_calendar.follow_ups_due)
        sources.register("processes.strategy_reviews", processes_calendar.strategy_reviews)
        sources.register("grants.reports", grants_calendar.reports_due)
        home.register(tasks.reminders_due)
