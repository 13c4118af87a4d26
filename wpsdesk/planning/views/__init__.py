"""Pages for plans, goals, activities, indicators, evidence and the mission checklist.

One module per subject: :mod:`.plans` (with the year-end results), :mod:`.goals`,
:mod:`.activities` (with evidence), :mod:`.indicators` (with their values),
:mod:`.checklist`, :mod:`.traceability` and :mod:`.spreadsheets` (Excel and CSV);
:mod:`.common` holds what they share. ``urls.py`` routes to them directly.

Thin views: parse with a form, fetch through the policy layer (a record one may not
change answers 404 from every route that changes it), call one service or selector,
render the page or its htmx fragment.
"""
