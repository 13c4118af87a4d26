"""The Network of Women Mediators: the roster, requests from missions, deployments, funding.

The roster is kept by an HQ section (in the Foreign Service the Section for Peace and
Reconciliation). A mediator's profile — expertise, languages, regions, availability — is
for every member of a unit to see; her contact data is a record of its own
(:class:`MediatorContact`), restricted to the keeping section and to her own account, and
encrypted at rest. Requests belong to the unit that sends them; the keeping section reads
and decides those addressed to its roster.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wpsdesk.core.concurrency import Versioned
from wpsdesk.core.fields import EncryptedTextField
from wpsdesk.organisation.models import Classification, Unit, UnitRecord


class Expertise(models.TextChoices):
    """The fields of expertise the guidelines' box on the network names."""

    PROCESS_DESIGN = "process_design", _("Process design")
    INCLUSION = "inclusion", _("Inclusion of women in peace processes")
    COMMUNICATION = "communication", _("Strategic communication")
    NATIONAL_DIALOGUE = "national_dialogue", _("National dialogue")
    TRANSITIONAL_JUSTICE = "transitional_justice", _("Transitional justice")
    PEACEKEEPING = "peacekeeping", _("UN peacekeeping")
    CIVIL_SOCIETY = "civil_society", _("Work with civil society")


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    MIDDLE_EAST = "middle_east", _("Middle East and North Africa")
    ASIA = "asia", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")
    AMERICAS = "americas", _("Latin America and the Caribbean")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    NORWEGIAN = "no", _("Norwegian")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")
    SWAHILI = "sw", _("Swahili")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Not available")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed form")
    EMAIL = "email", _("E-mail")
    ORAL = "oral", _("Orally, noted by the Section")


def pack_codes(codes: list[str] | tuple[str, ...] | set[str]) -> str:
    """Codes stored as ``,a,b,`` so that one code is found with ``contains=",a,"``.

    A delimited column filters the same on SQLite and PostgreSQL and costs no join; the
    roster is about sixty people, so no index is needed on it.
    """
    ordered = sorted({c for c in codes if c})
    return f",{','.join(ordered)}," if ordered else ""


def unpack_codes(packed: str) -> list[str]:
    """The codes of a packed column, in stored order."""
    return [c for c in (packed or "").split(",") if c]


class Mediator(Versioned):
    """One woman on the roster: what she offers. Her contact data is in :attr:`contact`."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kept by"),
        help_text=_("The section that keeps the roster."),
    )
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(
        _("experience"), blank=True, help_text=_("Peace processes and roles, in a few lines.")
    )
    expertise = models.CharField(_("expertise"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    regions = models.CharField(_("regions"), max_length=200, blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_record",
        verbose_name=_("her user account"),
        help_text=_("Linked, she may see and correct her own contact data."),
    )
    consent_scope = models.TextField(
        _("consent: what"),
        blank=True,
        help_text=_(
            "What she agreed to: being on the roster, sharing her profile, being contacted."
        ),
    )
    consent_given_on = models.DateField(_("consent: when"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent: how"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    review_due = models.DateField(
        _("next review"),
        help_text=_("When the Section checks the record and the consent with her again."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        indexes = [
            models.Index(fields=["name", "id"], name="mediator_name_id"),
            models.Index(fields=["unit", "review_due"], name="mediator_unit_review"),
        ]

    def __str__(self) -> str:
        return self.name

    def expertise_labels(self) -> list[str]:
        labels = dict(Expertise.choices)
        return [str(labels.get(c, c)) for c in unpack_codes(self.expertise)]

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(c, c)) for c in unpack_codes(self.languages)]

    def region_labels(self) -> list[str]:
        labels = dict(Region.choices)
        return [str(labels.get(c, c)) for c in unpack_codes(self.regions)]

    @property
    def review_overdue(self) -> bool:
        return self.review_due < timezone.localdate()


class MediatorContact(Versioned, UnitRecord):
    """A mediator's personal contact data: restricted, encrypted, the keeping section's.

    A record of its own so that the policy layer guards it like any restricted record
    (the section's members with restricted clearance, grants, break-glass); her own
    account reads and corrects it too (``selectors.contacts_visible_to``).
    """

    mediator = models.OneToOneField(
        Mediator, on_delete=models.CASCADE, related_name="contact", verbose_name=_("mediator")
    )
    # Contact data is restricted from the start (docs/mediators.md).
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.RESTRICTED,
    )
    email = EncryptedTextField(_("e-mail"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    location = EncryptedTextField(
        _("where she lives"), blank=True, help_text=_("City and country are enough.")
    )
    notes = EncryptedTextField(
        _("notes on contact"), blank=True, help_text=_("How and when she prefers to be reached.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mediator's contact data")
        verbose_name_plural = _("mediators' contact data")

    def __str__(self) -> str:
        return f"{self.mediator_id}"


class RequestStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    AGREED = "agreed", _("Agreed")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


#: Where a request may go next, and who moves it: the keeping section decides.
NEXT_STATUS: dict[str, tuple[str, ...]] = {
    RequestStatus.ASKED: (RequestStatus.AGREED, RequestStatus.DECLINED),
    RequestStatus.AGREED: (RequestStatus.DONE, RequestStatus.DECLINED),
    RequestStatus.DONE: (),
    RequestStatus.DECLINED: (),
}


class MediatorRequest(Versioned, UnitRecord):
    """A unit asks for a mediator: what for, in which process, when."""

    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, related_name="requests", verbose_name=_("mediator")
    )
    purpose = models.TextField(_("purpose"))
    process = models.ForeignKey(
        "processes.PeaceProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediator_requests",
        verbose_name=_("peace process"),
    )
    peace_process = models.CharField(
        _("peace process, in words"),
        max_length=200,
        blank=True,
        help_text=_("For a process not recorded in wpsdesk, or to say more."),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.ASKED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mediator request")
        verbose_name_plural = _("mediator requests")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="medreq_created_id"),
            models.Index(fields=["unit", "-created_at"], name="medreq_unit_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="medreq_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mediator} – {self.unit}"


class StatusChange(models.Model):
    """Who moved a request to which status, when, and why."""

    policy_unit_field = "request__unit"
    policy_classification_field = "request__classification"

    request = models.ForeignKey(
        MediatorRequest,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("request"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.status}"


class Payer(models.TextChoices):
    MISSION = "mission", _("The mission")
    CENTRAL = "central", _("The central allocation")


class Deployment(Versioned):
    """An agreed request carried out: when, what came of it, what travel and stay cost."""

    policy_unit_field = "request__unit"
    policy_classification_field = "request__classification"

    request = models.OneToOneField(
        MediatorRequest,
        on_delete=models.PROTECT,
        related_name="deployment",
        verbose_name=_("request"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    after_action = models.TextField(
        _("after-action notes"), blank=True, help_text=_("What was done, what came of it.")
    )
    travel_cost = models.DecimalField(
        _("travel (NOK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    accommodation_cost = models.DecimalField(
        _("accommodation (NOK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    paid_by = models.CharField(
        _("paid by"), max_length=10, choices=Payer.choices, default=Payer.CENTRAL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        indexes = [models.Index(fields=["paid_by", "start"], name="deployment_payer_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="deployment_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(travel_cost__gte=0) & Q(accommodation_cost__gte=0),
                name="deployment_costs_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.start}"

    @property
    def cost(self) -> Decimal:
        return (self.travel_cost or Decimal("0")) + (self.accommodation_cost or Decimal("0"))


class Allocation(Versioned):
    """The yearly central allocation for mediators' travel and accommodation."""

    policy_classification_field = None

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(
        _("amount (NOK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("travel allocation")
        verbose_name_plural = _("travel allocations")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="allocation_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


def year_range(year: int) -> tuple[dt.date, dt.date]:
    """The first day of ``year`` and of the next (filter by range, not by extracted year)."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
