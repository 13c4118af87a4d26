"""Importing grants from a grant-management system's CSV or Excel export.

Every row is checked first; nothing is written unless every row is right, and then all of
it is written in one transaction (all or nothing). Grants are matched by agreement number:
a known one is updated, a new one registered; importing the same file again changes
nothing. A grant may take several rows (one per year and currency); its other columns must
agree on all of them. The file is read by the shared spreadsheet reader
(``core/spreadsheet.py``: size, row, zip-bomb, macro and outside-link checks), as plans and
engagements are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wpsdesk.audit.services import record_event
from wpsdesk.catalogue.models import Item
from wpsdesk.civil_society.forms import clean_country
from wpsdesk.civil_society.models import Organisation
from wpsdesk.core import spreadsheet
from wpsdesk.core.spreadsheet import cell_date, cell_text
from wpsdesk.engagements.forms import items_for_codes
from wpsdesk.organisation.models import Unit, User
from wpsdesk.organisation.policy import may_create_in, may_edit, visible_to

from . import services, tabular
from .forms import parse_money
from .models import AgeMarker, Channel, GenderMarker, Grant, Priority

YES = {"yes", "y", "true", "1", "ja", "x"}
NO = {"no", "n", "false", "0", "nei", ""}
KNOWN = set(tabular.EXPORT_HEADER)
MAX_BYTES = spreadsheet.MAX_BYTES
MAX_ROWS = spreadsheet.MAX_ROWS
#: The file as a whole cannot be read; nothing was written.
ImportRefused = spreadsheet.SpreadsheetRefused

__all__ = ["MAX_BYTES", "ImportRefused", "ImportResult", "import_grants", "read_table"]


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedGrant:
    number: int  # the first row it is on
    unit: Unit
    values: dict[str, Any]
    serves: list[Item]
    amounts: list[services.AmountRow] = field(default_factory=list)
    grant: Grant | None = None


def read_table(name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The file's rows as (row number, {column: value}); refused as a whole if unreadable."""
    table = spreadsheet.read_table(
        name,
        data,
        known=KNOWN,
        required=tabular.REQUIRED,
        broken=_("The file is not an Excel workbook."),
        max_rows=MAX_ROWS,
    )
    return table.records()


def _choice(value: Any, choices: list[Any], column: str) -> Any:
    text = cell_text(value)
    for key in choices:
        if str(key) == text.lower():
            return key
    raise ValueError(
        _("%(column)s must be one of %(values)s, not “%(value)s”")
        % {"column": column, "values": ", ".join(str(c) for c in choices), "value": text}
    )


def _yes_no(value: Any, column: str) -> bool:
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(
        _("%(column)s must be yes or no, not “%(value)s”") % {"column": column, "value": text}
    )


def _parse(
    raw: dict[str, Any],
    *,
    units: dict[str, Unit],
    default_unit: Unit,
    partners: dict[str, list[Organisation]],
) -> tuple[Unit, dict[str, Any], list[Item], services.AmountRow | None]:
    """One row's grant values, unit, items and amount; ValueError in plain words."""
    number = cell_text(raw.get("agreement_number"))
    if not number:
        raise ValueError(_("the agreement number is missing"))
    title = cell_text(raw.get("title"))
    if not title:
        raise ValueError(_("the title is missing"))
    unit_code = cell_text(raw.get("unit"))
    if unit_code:
        unit = units.get(unit_code)
        if unit is None:
            raise ValueError(
                _("you may not register grants for the unit “%(unit)s”") % {"unit": unit_code}
            )
    else:
        unit = default_unit
    partner_name = cell_text(raw.get("partner"))
    partner = None
    if partner_name:
        found = partners.get(partner_name.lower(), [])
        if not found:
            raise ValueError(
                _("the partner “%(name)s” is not on the civil-society map as you may see it")
                % {"name": partner_name}
            )
        if len(found) > 1:
            raise ValueError(
                _("more than one organisation on the map is called “%(name)s”")
                % {"name": partner_name}
            )
        partner = found[0]
    multilateral = cell_text(raw.get("multilateral_partner"))
    if partner is None and not multilateral:
        raise ValueError(_("give the partner or the multilateral partner"))
    try:
        country = clean_country(cell_text(raw.get("country")))
    except ValidationError as exc:
        raise ValueError(exc.messages[0].rstrip(".")) from exc
    region = cell_text(raw.get("region"))
    if not country and not region:
        raise ValueError(_("give the country or the region"))
    start = cell_date(raw.get("start_date"))
    end = cell_date(raw.get("end_date"))
    if end < start:
        raise ValueError(_("the agreement ends before it starts"))
    humanitarian = _yes_no(raw.get("humanitarian"), "humanitarian")
    age_text = cell_text(raw.get("age_marker"))
    age_marker = _choice(age_text, AgeMarker.values, "age_marker") if age_text else None
    if age_marker is not None and not humanitarian:
        raise ValueError(_("the Gender with Age Marker is for humanitarian grants only"))
    items, unknown = items_for_codes(cell_text(raw.get("serves")))
    if unknown:
        raise ValueError(_("unknown guideline codes: %(codes)s") % {"codes": " ".join(unknown)})
    values = {
        "agreement_number": number,
        "title": title,
        "partner": partner,
        "multilateral_partner": multilateral,
        "channel": _choice(raw.get("channel"), Channel.values, "channel"),
        "budget_chapter": cell_text(raw.get("budget_chapter")),
        "budget_item": cell_text(raw.get("budget_item")),
        "start_date": start,
        "end_date": end,
        "country": country,
        "region": region,
        "priority": _choice(raw.get("priority"), Priority.values, "priority"),
        "gender_marker": _choice(raw.get("gender_marker"), GenderMarker.values, "gender_marker"),
        "humanitarian": humanitarian,
        "age_marker": age_marker,
        "wps_relevant": _yes_no(raw.get("wps_relevant"), "wps_relevant"),
    }
    amount = None
    year_text = cell_text(raw.get("year"))
    if year_text or cell_text(raw.get("amount")):
        if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
            raise ValueError(_("the year “%(value)s” is not a year") % {"value": year_text})
        currency = (cell_text(raw.get("currency")) or "NOK").upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValueError(
                _("the currency “%(value)s” is not a currency code") % {"value": currency}
            )
        value = parse_money(cell_text(raw.get("amount")))
        nok_text = cell_text(raw.get("nok"))
        if nok_text:
            nok = parse_money(nok_text)
        elif currency == "NOK":
            nok = value
        else:
            raise ValueError(_("give the NOK equivalent of the amount in %(c)s") % {"c": currency})
        amount = (int(year_text), value, currency, nok)
    return unit, values, items, amount


def import_grants(
    *, user: User, default_unit: Unit, name: str, data: bytes, dry_run: bool = False
) -> ImportResult:
    """Check every row; write all of them in one transaction only if none has a problem."""
    result = ImportResult()
    try:
        table = read_table(name, data)
    except ImportRefused as exc:
        result.errors.append(str(exc))
        return result
    if not table:
        result.errors.append(_("The file has no rows under its header."))
        return result
    units = {
        unit.code: unit for unit in Unit.objects.filter(is_active=True) if may_create_in(user, unit)
    }
    partners: dict[str, list[Organisation]] = {}
    for organisation in visible_to(
        Organisation.objects.only("pk", "name", "unit", "classification"), user=user
    ):
        partners.setdefault(organisation.name.lower(), []).append(organisation)
    grants: dict[str, ParsedGrant] = {}
    for number, raw in table:
        try:
            unit, values, items, amount = _parse(
                raw, units=units, default_unit=default_unit, partners=partners
            )
        except ValueError as exc:
            result.errors.append(_("Row %(n)d: %(problem)s.") % {"n": number, "problem": exc})
            continue
        key = values["agreement_number"]
        parsed = grants.get(key)
        if parsed is None:
            parsed = grants[key] = ParsedGrant(
                number=number, unit=unit, values=values, serves=items
            )
        elif (
            parsed.values != values
            or parsed.unit != unit
            or {i.pk for i in parsed.serves} != {i.pk for i in items}
        ):
            result.errors.append(
                _("Row %(n)d: the agreement %(ref)s has other details than on row %(other)d.")
                % {"n": number, "ref": key, "other": parsed.number}
            )
            continue
        if amount is not None:
            if any(a[0] == amount[0] and a[2] == amount[2] for a in parsed.amounts):
                result.errors.append(
                    _("Row %(n)d: %(year)s %(currency)s of %(ref)s is given twice.")
                    % {"n": number, "year": amount[0], "currency": amount[2], "ref": key}
                )
                continue
            parsed.amounts.append(amount)
    stored = {
        g.agreement_number: g for g in Grant.objects.filter(agreement_number__in=list(grants))
    }
    visible = set(
        visible_to(
            Grant.objects.filter(pk__in=[g.pk for g in stored.values()]), user=user
        ).values_list("pk", flat=True)
    )
    for key, parsed in grants.items():
        grant = stored.get(key)
        if grant is None:
            continue
        if grant.pk not in visible or not may_edit(user, grant):
            result.errors.append(
                _("Row %(n)d: the agreement number %(ref)s belongs to a grant you may not change.")
                % {"n": parsed.number, "ref": key}
            )
        elif grant.unit_id != parsed.unit.pk:
            result.errors.append(
                _("Row %(n)d: the grant %(ref)s is managed by another unit; it cannot move.")
                % {"n": parsed.number, "ref": key}
            )
        parsed.grant = grant
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            for parsed in grants.values():
                try:
                    _grant, changed = services.grant_save(
                        actor=user,
                        unit=parsed.unit,
                        grant=parsed.grant,
                        values=parsed.values,
                        serves=parsed.serves,
                        amounts=parsed.amounts,
                    )
                except ValidationError as exc:
                    result.errors.append(
                        _("Row %(n)d: %(problem)s.")
                        % {"n": parsed.number, "problem": "; ".join(exc.messages)}
                    )
                    continue
                if parsed.grant is None:
                    result.created += 1
                elif changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
            if result.errors:
                raise ValidationError("rolled back")
            record_event(
                kind="grants.imported",
                actor=user,
                details={
                    "rows": len(table),
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
    except (ValidationError, PermissionDenied):
        if not result.errors:
            result.errors.append(_("The import was refused; nothing was changed."))
        result.created = result.updated = result.unchanged = 0
    return result
