"""Forms: the file list's filters, a file, an objective, a draft, a statement, a side event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wpsdesk.catalogue.models import Item
from wpsdesk.core.concurrency import VersionedFormMixin
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.engagements.models import Gender
from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.screening.models import ScreenedDocument

from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    FileKind,
    FileStatus,
    Forum,
    ForumRecord,
    NegotiationFile,
    NegotiationObjective,
    SideEvent,
    Statement,
)

#: The speaker fields of a side event's form, one per gender code of the shared vocabulary.
SPEAKER_FIELDS = {
    Gender.WOMAN.value: "speakers_women",
    Gender.MAN.value: "speakers_men",
    Gender.OTHER.value: "speakers_other",
}


def _styled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        field.widget.attrs.setdefault("class", "ds-input")


def _codes_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text)


def clean_codes(raw: str) -> list[Item]:
    """Guideline codes typed in one field as the current edition's items; unknown ones named."""
    items, unknown = items_for_codes(raw)
    if unknown:
        raise forms.ValidationError(
            _("These codes are not in the current guidelines: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    return items


CODES_HELP = gettext_lazy(
    "Guideline codes separated by spaces, e.g. P1.C.5 CL.3 (the codes are shown in the guidelines)."
)


class FileFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    forum = forms.ModelChoiceField(
        label=gettext_lazy("Forum"),
        queryset=Forum.objects.order_by("position", "name"),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All")), *FileKind.choices],
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *FileStatus.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["year"].widget.attrs["size"] = 5


class ClassifiedForm(VersionedFormMixin, forms.ModelForm):
    """A unit record's form: the unit (on a new record), classification and why it is lowered."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit"))
    classification_reason = forms.CharField(
        label=gettext_lazy("Why the classification is lowered"), required=False, max_length=300
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        self.fields["classification"].choices = Classification.choices  # type: ignore[attr-defined]
        # Left empty on a new record, the person's current unit owns it.
        self.fields["unit"].required = False
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["unit"].required = False
            self.fields["unit"].initial = self.instance.unit_id
        elif len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class FileForm(ClassifiedForm):
    """A negotiation file: the text, the forum, the session, its status and the allies."""

    class Meta:
        model = NegotiationFile
        fields = [
            "title",
            "kind",
            "forum",
            "session",
            "year",
            "status",
            "allies",
            "summary",
            "classification",
        ]
        widgets = {
            "allies": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["unit"])
        _styled(self)


class ObjectiveForm(VersionedFormMixin, forms.ModelForm):
    """One of Norway's WPS objectives in a file, the language proposed and the outcome."""

    serves_codes = _codes_field(gettext_lazy("Commitments it serves"), CODES_HELP)

    class Meta:
        model = NegotiationObjective
        fields = ["objective", "proposed", "outcome", "adopted"]
        widgets = {
            "proposed": forms.Textarea(attrs={"rows": 3}),
            "adopted": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["serves_codes"].initial = " ".join(
                item.code for item in self.instance.serves.order_by("position")
            )
        _styled(self)

    def clean_serves_codes(self) -> list[Item]:
        return clean_codes(self.cleaned_data.get("serves_codes", ""))


class DraftForm(forms.Form):
    """Add a screened document as the file's next draft."""

    document = forms.ModelChoiceField(
        queryset=ScreenedDocument.objects.none(),
        label=gettext_lazy("Screened document"),
        empty_label=gettext_lazy("Choose a document"),
        error_messages={"invalid_choice": gettext_lazy("Choose a document from the list.")},
    )
    label = forms.CharField(
        label=gettext_lazy("Label"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("E.g. zero draft, rev. 1."),
    )

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
        _styled(self)


class StatementForm(ClassifiedForm):
    """A statement delivered in a forum: who, when, and the WPS messages it carried."""

    url = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")

    message_codes = _codes_field(gettext_lazy("WPS messages"), CODES_HELP)

    class Meta:
        model = Statement
        fields = [
            "title",
            "forum",
            "delivered_on",
            "speaker",
            "file",
            "url",
            "summary",
            "classification",
        ]
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, files: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].queryset = files  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["message_codes"].initial = " ".join(
                item.code for item in self.instance.messages.order_by("position")
            )
        self.order_fields(["unit"])
        _styled(self)

    def clean_message_codes(self) -> list[Item]:
        return clean_codes(self.cleaned_data.get("message_codes", ""))


class SideEventForm(ClassifiedForm):
    """A side event organised or attended, and its speakers by gender."""

    speakers_women = forms.IntegerField(
        label=gettext_lazy("Speakers: women"), required=False, min_value=0
    )
    speakers_men = forms.IntegerField(
        label=gettext_lazy("Speakers: men"), required=False, min_value=0
    )
    speakers_other = forms.IntegerField(
        label=gettext_lazy("Speakers: another gender or not stated"), required=False, min_value=0
    )

    class Meta:
        model = SideEvent
        fields = ["title", "forum", "held_on", "role", "file", "notes", "classification"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, files: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].queryset = files  # type: ignore[attr-defined]
        if self.instance.pk:
            for speaker in self.instance.speakers.all():
                self.fields[SPEAKER_FIELDS[speaker.gender]].initial = speaker.count
        self.order_fields(["unit"])
        _styled(self)

    def speakers(self) -> dict[str, int | None]:
        """The counts by gender code (``None``: not counted)."""
        return {code: self.cleaned_data.get(name) for code, name in SPEAKER_FIELDS.items()}


class ForumRecordForm(forms.ModelForm):
    """One of a forum's own WPS action plans or mandates."""

    url = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")

    class Meta:
        model = ForumRecord
        fields = ["kind", "title", "url", "adopted_on", "runs_until", "note"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "runs_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
