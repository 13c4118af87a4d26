"""The guideline catalogue: documents, their editions, items and links; the priority lists.

Other apps point at :class:`Item` rows by foreign key. Rows are therefore never deleted
by a load: an edited data file updates items in place by ``(edition, code)`` and retires
the ones it no longer holds (see ``docs/catalogue.md``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Catalogue(models.Model):
    """A family of documents, e.g. the Norwegian Foreign Service's WPS guidelines.

    Title, source and language mirror the current edition.
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=500)
    source = models.CharField(_("source"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=20, default="en")
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def __str__(self) -> str:
        return self.title or self.key


class Edition(models.Model):
    """One edition of a catalogue, e.g. the guidelines for 2023–2030."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="editions", verbose_name=_("catalogue")
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=500)
    source = models.CharField(_("source"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=20, default="en")
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous edition"),
        help_text=_("The edition that was current when this one was first loaded."),
    )
    loaded_at = models.DateTimeField(_("loaded at"))
    is_current = models.BooleanField(_("current"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["catalogue__key", "loaded_at", "id"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "name"], name="edition_name_unique"),
            models.UniqueConstraint(
                fields=["catalogue"],
                condition=Q(is_current=True),
                name="one_current_edition_per_catalogue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.catalogue.key} {self.name}"


class ItemKind(models.TextChoices):
    THEMATIC_PRIORITY = "thematic_priority", _("Thematic priority")
    SECTION = "section", _("Section")
    SECTION_TEXT = "section_text", _("Section text")
    ACTION_POINT = "action_point", _("MFA action point")
    COMMITMENT = "commitment", _("Commitment")
    SUB_POINT = "sub_point", _("Sub-point")
    QUESTION = "question", _("Question")
    BOX = "box", _("Box")
    CHECKLIST_ITEM = "checklist_item", _("Checklist item")
    RESOLUTION = "resolution", _("Security Council resolution")
    RESOURCE_GROUP = "resource_group", _("Resource group")
    RESOURCE = "resource", _("Resource")
    FOOTNOTE = "footnote", _("Footnote")
    DEFINITION = "definition", _("Definition")


class ItemQuerySet(models.QuerySet["Item"]):
    def active(self) -> ItemQuerySet:
        """Items the edition still holds (not retired)."""
        return self.filter(retired_at__isnull=True)

    def in_document_order(self) -> ItemQuerySet:
        return self.order_by("position", "id")

    def under(self, code: str) -> ItemQuerySet:
        """The item with ``code`` and everything nested below it (codes extend their parent's)."""
        return self.filter(Q(code=code) | Q(code__startswith=f"{code}."))


class Item(models.Model):
    """One heading, paragraph, action point, commitment, question, resolution, resource…"""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="items", verbose_name=_("edition")
    )
    code = models.CharField(_("code"), max_length=64)
    kind = models.CharField(_("kind"), max_length=30, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    position = models.PositiveIntegerField(
        _("position"), help_text=_("Place in the whole edition, in document order.")
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    added = models.BooleanField(
        _("added"), default=False, help_text=_("Not in the document itself.")
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("carried over from"),
    )
    search_document = models.TextField(
        _("search document"), blank=True, help_text=_("Normalised words of title and text.")
    )
    # Place and search words are derived from the data file's order and text.
    history = HistoricalRecords(excluded_fields=["position", "depth", "search_document"])

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "id"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="item_code_unique_in_edition")
        ]
        indexes = [models.Index(fields=["edition", "position"], name="item_document_order")]

    def __str__(self) -> str:
        return f"{self.code} {self.title or self.text[:60]}".strip()

    @property
    def heading(self) -> str:
        """What to call the item in a heading or link: its title, else the start of its text."""
        if self.title:
            return self.title
        if len(self.text) <= 90:
            return self.text
        return self.text[:90].rsplit(" ", 1)[0] + " …"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Relation(models.TextChoices):
    RELATED = "related", _("Related")


class ItemLink(models.Model):
    """A link between two items of one edition, as the data file states it.

    ``related`` links mean "see also" and have no direction; pages show them both ways.
    """

    from_item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="links_out", verbose_name=_("from")
    )
    to_item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="links_in", verbose_name=_("to")
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation.choices, default=Relation.RELATED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_item", "position", "id"]
        verbose_name = _("item link")
        verbose_name_plural = _("item links")
        constraints = [
            models.UniqueConstraint(
                fields=["from_item", "to_item", "relation"], name="item_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_item=models.F("to_item")), name="item_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_item_id} → {self.to_item_id} ({self.relation})"


class PriorityKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    FORUM = "forum", _("Forum")


class PriorityEntryQuerySet(models.QuerySet["PriorityEntry"]):
    def on(self, day: dt.date) -> PriorityEntryQuerySet:
        """Entries on the list on ``day`` (``valid_to`` is the last day on the list)."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class PriorityEntry(models.Model):
    """A priority country or forum for a period. Entries are ended, never overwritten."""

    kind = models.CharField(_("kind"), max_length=10, choices=PriorityKind.choices)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("ISO 3166-1 alpha-2 code for a country; a short name for a forum."),
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("on the list from"))
    valid_to = models.DateField(
        _("last day on the list"), null=True, blank=True, help_text=_("Empty while on the list.")
    )
    reason_added = models.TextField(_("reason for adding"))
    reason_ended = models.TextField(_("reason for ending"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    history = HistoricalRecords()

    objects = PriorityEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "valid_from", "id"]
        verbose_name = _("priority entry")
        verbose_name_plural = _("priority entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="priority_entry_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_ended(self) -> bool:
        return self.valid_to is not None


class ServingLink(models.Model):
    """One record serving one catalogue item: the common shape of every type's link table.

    Each record type that says what it serves (goals, engagements, …) has a concrete
    subclass in its own app with a ``record`` foreign key to that type, and names it as the
    ``through`` model of its ``ManyToManyField`` to :class:`Item`. The shape is the same
    everywhere, so :mod:`wpsdesk.catalogue.serving` reads every type's links with the same
    queries while each type's records stay behind their own policy filter (see
    ``docs/serving.md``). Items are never deleted, so the link protects its item.
    """

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("catalogue item")
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["record", "item"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        record_id = getattr(self, "record_id", None)
        return f"{record_id} → {self.item_id}"
