"""The civil-society map: organisations and networks a unit follows, and how they connect.

An :class:`Organisation` answers the checklist's questions about one organisation or
network — who they are, their views, whom they represent, the challenges they face, where
they stand on women's rights and how women there build alliances with men — and is owned
and classified like every unit record (some organisations must not be seen to talk to us,
so a record may be restricted). :class:`OrganisationLink` ties two organisations: a
Norwegian organisation to its partner in the country, or a regional organisation to one of
its members. The engagements with an organisation are linked from here, so the engagements
app needs no knowledge of this one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.catalogue.countries import country_name
from wpsdesk.core.concurrency import Versioned
from wpsdesk.organisation.models import UnitRecord


class Scope(models.TextChoices):
    LOCAL = "local", _("Local")
    NORWEGIAN = "norwegian", _("Norwegian")
    DIASPORA = "diaspora", _("Diaspora")
    INTERNATIONAL = "international", _("International")
    REGIONAL = "regional", _("Regional")


class OrganisationType(models.TextChoices):
    WOMENS_ORGANISATION = "womens_org", _("Women's organisation")
    NETWORK = "network", _("Network")
    GENDER_EQUALITY_BODY = "equality_body", _("National gender equality body")
    MEN_AND_MASCULINITIES = "men", _("Organisation working with men and male gender roles")
    OTHER = "other", _("Other")


class Stance(models.TextChoices):
    ALLY = "ally", _("Ally of women's rights")
    MIXED = "mixed", _("Mixed")
    OPPONENT = "opponent", _("Opponent of women's rights")
    UNKNOWN = "unknown", _("Not known")


class Theme(models.TextChoices):
    """The guidelines' thematic priorities, by their catalogue codes (``docs/catalogue.md``)."""

    PEACE_PROCESSES = "P1", _("Peace processes and implementation of peace agreements")
    SECURITY = "P2", _("Security policy and operations")
    HUMANITARIAN = (
        "P3",
        _("Humanitarian efforts, protection of civilians and protection of human rights"),
    )


class Organisation(Versioned, UnitRecord):
    """One organisation or network on a unit's civil-society map."""

    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter ISO code, e.g. CO for Colombia; empty for an international one."),
    )
    themes = models.CharField(
        _("themes"),
        max_length=20,
        blank=True,
        help_text=_("The thematic priorities it works on, as catalogue codes (P1 P3)."),
    )
    stance = models.CharField(
        _("stance on women's rights"),
        max_length=10,
        choices=Stance.choices,
        default=Stance.UNKNOWN,
    )
    supported_by_norway = models.BooleanField(
        _("Norway supports it"),
        default=False,
        help_text=_("For regional organisations and networks that Norway supports."),
    )
    who_they_are = models.TextField(_("who they are"), blank=True)
    views = models.TextField(_("their views"), blank=True)
    represents = models.TextField(_("whom they represent"), blank=True)
    challenges = models.TextField(_("challenges they face"), blank=True)
    alliance_strategies = models.TextField(
        _("how women there build alliances with men"), blank=True
    )
    engagements = models.ManyToManyField(
        "engagements.Engagement",
        blank=True,
        related_name="civil_society_organisations",
        verbose_name=_("engagements"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[engagements])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # The list's order (by name) read off an index, for everyone and for one unit.
            models.Index(fields=["name", "id"], name="cs_org_name_id"),
            models.Index(fields=["unit", "name"], name="cs_org_unit_name"),
            models.Index(fields=["country", "name"], name="cs_org_country_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("civil_society:detail", args=[self.pk])

    @property
    def country_label(self) -> str:
        """The country's name (or its code when the code is unknown); empty without one."""
        if not self.country:
            return ""
        return country_name(self.country) or self.country

    @property
    def theme_codes(self) -> list[str]:
        return [code for code in self.themes.split() if code]

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.theme_codes]


class LinkKind(models.TextChoices):
    PARTNER = "partner", _("Partner in the country")
    MEMBER = "member", _("Member")


class OrganisationLink(models.Model):
    """``organisation`` → ``other``: a Norwegian organisation's partner in the country, or a
    regional organisation's member. The link belongs to (and is guarded by) ``organisation``;
    a page shows the other side only to those who may read it."""

    policy_unit_field = "organisation__unit"
    policy_classification_field = "organisation__classification"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="links_out",
        verbose_name=_("organisation"),
    )
    other = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="links_in",
        verbose_name=_("partner or member"),
    )
    kind = models.CharField(_("link"), max_length=10, choices=LinkKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("organisation link")
        verbose_name_plural = _("organisation links")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "other", "kind"], name="cs_link_once_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(organisation=models.F("other")), name="cs_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind} {self.other_id}"
