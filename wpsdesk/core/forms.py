"""How every form field is drawn: one template set, Designsystemet's markup.

Django's form renderer picks the templates (`FORM_RENDERER` in settings): a form is
`core/forms/form.html` (error summary, then its fields), a field is
`core/forms/field.html` (`{{ field.as_field_group }}`: label, help text, the input, its
error messages). The bound field class below puts Designsystemet's `ds-input` class on
every visible input, so no form needs to style its widgets for the design system; classes
a form adds for its own layout (`count-input`, `accounts-code-input`) stay.
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Widget

# Class names the apps used before Designsystemet 1 gave every kind of input the one class.
_REPLACED = {"ds-checkbox", "ds-radio", "ds-select", "ds-textarea"}


class DesignsystemetBoundField(BoundField):
    """A bound field whose visible inputs carry Designsystemet's `ds-input` class."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: Widget | None = None
    ) -> dict[str, Any]:
        """The attributes Django gives the input, with `ds-input` among its classes."""
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        classes = str(attrs.get("class") or widget.attrs.get("class") or "").split()
        kept = [name for name in classes if name not in _REPLACED and name != "ds-input"]
        attrs["class"] = " ".join(["ds-input", *kept])
        return attrs

    @property
    def marks_required(self) -> bool:
        """Whether the label says "Required": only in a form that has optional fields too.

        Designsystemet marks the fields that must be filled in when some may be left
        empty; a form whose every field is required says nothing.
        """
        if not self.field.required:
            return False
        return any(
            not field.required and not field.widget.is_hidden for field in self.form.fields.values()
        )


class FormRenderer(TemplatesSetting):
    """Django's renderer with wpsdesk's form and field templates.

    `TemplatesSetting` looks templates up through the project's template engine, so the
    templates live in `core/templates/core/forms/` like any other.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = DesignsystemetBoundField

    #: Django's widget templates drawn by ours instead (same markup, quicker to draw).
    replaced_templates = {"django/forms/widgets/select.html": "core/forms/select.html"}

    def get_template(self, template_name: str) -> Any:
        """The template for ``template_name``, or the one that replaces it."""
        return super().get_template(self.replaced_templates.get(template_name, template_name))
