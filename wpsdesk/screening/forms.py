"""Forms: adding a document to screen, changing it, and the filters of the list and results."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.processes.models import PeaceProcess

from .models import DocumentType, Status

INPUT = {"class": "ds-input"}
ACCEPT = ".txt,.pdf,.docx,.html,.htm"
CLASSIFICATIONS = [
    (Classification.INTERNAL, _("Internal (the unit, and HQ coordinators)")),
    (Classification.RESTRICTED, _("Restricted (unit members with restricted clearance)")),
]
TYPE_CHOICES = [("", _("Recognise it from the text")), *DocumentType.choices]


def _title_field() -> forms.CharField:
    return forms.CharField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Left empty, the file name or the first line of the text is used."),
    )


def _classification_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who may read it"),
        choices=CLASSIFICATIONS,
        initial=Classification.INTERNAL,
        widget=forms.Select(attrs=INPUT),
    )


def _type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Document type"),
        choices=TYPE_CHOICES,
        required=False,
        widget=forms.Select(attrs=INPUT),
        help_text=_("The type decides which gap list the text is held against."),
    )


class DocumentForm(forms.Form):
    """A file to upload or a text to paste, and where the document belongs."""

    # Not required: without one the document goes to the unit the person is working in.
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit"),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs=INPUT),
    )
    title = _title_field()
    classification = _classification_field()
    chosen_type = _type_field()
    process = forms.ModelChoiceField(
        queryset=PeaceProcess.objects.none(),
        label=_("Peace process (optional)"),
        required=False,
        empty_label=_("None"),
        widget=forms.Select(attrs=INPUT),
        help_text=_("The process the text belongs to: it is listed on the process's page."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={**INPUT, "accept": ACCEPT}),
        help_text=_("Text, PDF, Word (DOCX) or web page (HTML), up to 25 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 12}),
        # Django refuses form fields over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) before any
        # view runs; files have no such limit, so longer texts go in as files.
        help_text=_("Up to about 2 MB of text; save a longer text as a file and upload it."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        processes: QuerySet[PeaceProcess] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        # Only processes the person may see are offered (the policy layer's list).
        if processes is not None:
            self.fields["process"].queryset = processes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = bool(data.get("file"))
        has_text = bool((data.get("text") or "").strip())
        if has_file and has_text:
            raise forms.ValidationError(
                _("Upload a file or paste a text, not both."), code="source"
            )
        if not has_file and not has_text:
            raise forms.ValidationError(_("Choose a file or paste a text."), code="source")
        return data


class DocumentEditForm(VersionedFormMixin, forms.Form):
    """Title, classification and type; a new type means screening the text again."""

    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    classification = _classification_field()
    classification_reason = forms.CharField(
        label=_("Why it may be read more widely (when lowering)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Only the unit lead may lower a classification."),
    )
    chosen_type = _type_field()


class DocumentFilterForm(forms.Form):
    """The list's search and filters (GET)."""

    q = forms.CharField(
        label=_("Title contains"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**INPUT, "type": "search"}),
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit"),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=INPUT),
    )
    doc_type = forms.ChoiceField(
        label=_("Document type"),
        required=False,
        choices=[("", _("All types")), *DocumentType.choices],
        widget=forms.Select(attrs=INPUT),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.choices],
        widget=forms.Select(attrs=INPUT),
    )
    theme = forms.ChoiceField(
        label=_("Theme found"),
        required=False,
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], themes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["theme"].choices = [("", _("Any theme")), *themes]  # type: ignore[attr-defined]


class Weight:
    SUBSTANTIVE = "substantive"
    PASSING = "passing"


class FindingFilterForm(forms.Form):
    """Which findings of one document to show (GET)."""

    theme = forms.ChoiceField(label=_("Theme"), required=False, widget=forms.Select(attrs=INPUT))
    weight = forms.ChoiceField(
        label=_("Weight"),
        required=False,
        choices=[
            ("", _("Substantive and passing")),
            (Weight.SUBSTANTIVE, _("Substantive")),
            (Weight.PASSING, _("Passing")),
        ],
        widget=forms.Select(attrs=INPUT),
    )
    on_page = forms.IntegerField(
        label=_("Page of the document"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={**INPUT, "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *themes]  # type: ignore[attr-defined]
