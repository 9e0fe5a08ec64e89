"""Writes of agencies, lineage and people. Each function is one transaction with one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError
from thidua.core.text import fold
from thidua.organizations.choices import AgencyKind, LineageKind
from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province
from thidua.organizations.selectors import agency_predecessors, agency_search_key


@dataclass(frozen=True)
class AgencyValues:
    """The editable fields of an agency, as a form or an import row gives them."""

    code: str
    name: str
    short_name: str
    kind: str
    province: Province | None
    parent: Agency | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    note: str = ""


def agency_value_errors(values: AgencyValues, *, existing: Agency | None = None) -> dict[str, str]:
    """Field → message for every rule the values break (empty when they are valid)."""
    errors: dict[str, str] = {}
    if not values.code:
        errors["code"] = _("Mã đơn vị là bắt buộc.")
    elif len(values.code) > 50:
        errors["code"] = _("Mã đơn vị dài tối đa 50 ký tự.")
    if not values.name:
        errors["name"] = _("Tên chính thức là bắt buộc.")
    if values.kind not in AgencyKind.values:
        errors["kind"] = _("Loại đơn vị “%(kind)s” không hợp lệ; dùng một trong: %(kinds)s.") % {
            "kind": values.kind,
            "kinds": ", ".join(AgencyKind.values),
        }
    if values.valid_from and values.valid_to and values.valid_to < values.valid_from:
        errors["valid_to"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if existing is not None and values.parent is not None:
        ancestor: Agency | None = values.parent
        while ancestor is not None:
            if ancestor.pk == existing.pk:
                errors["parent"] = _("Cơ quan cấp trên tạo thành vòng lặp.")
                break
            ancestor = ancestor.parent
    return errors


def _apply(agency: Agency, values: AgencyValues) -> bool:
    """Copy ``values`` onto ``agency``; true when something changed."""
    changed = False
    for field in (
        "code",
        "name",
        "short_name",
        "kind",
        "province",
        "parent",
        "valid_from",
        "valid_to",
        "note",
    ):
        new = getattr(values, field)
        if getattr(agency, field) != new:
            setattr(agency, field, new)
            changed = True
    agency.search_key = agency_search_key(agency.code, agency.name, agency.short_name)
    return changed


@transaction.atomic
def agency_create(*, actor: Any, values: AgencyValues) -> Agency:
    """Create an agency; a code already in use is refused."""
    errors = agency_value_errors(values)
    if not errors.get("code") and Agency.objects.filter(code=values.code).exists():
        errors["code"] = _("Mã đơn vị “%(code)s” đã tồn tại.") % {"code": values.code}
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    agency = Agency()
    _apply(agency, values)
    agency.save()
    audit_record(
        actor=actor,
        action="organizations.agency.created",
        target=agency,
        agency=agency,
        payload={"code": agency.code},
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, values: AgencyValues) -> Agency:
    """Change an agency's fields (its identity stays: a rename keeping the code is an update)."""
    errors = agency_value_errors(values, existing=agency)
    if (
        not errors.get("code")
        and Agency.objects.filter(code=values.code).exclude(pk=agency.pk).exists()
    ):
        errors["code"] = _("Mã đơn vị “%(code)s” đã tồn tại.") % {"code": values.code}
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    before = {f: str(getattr(agency, f)) for f in ("code", "name", "short_name", "kind")}
    if _apply(agency, values):
        agency.save()
    audit_record(
        actor=actor,
        action="organizations.agency.updated",
        target=agency,
        agency=agency,
        payload={"before": before},
    )
    return agency


def lineage_errors(
    *,
    kind: str,
    date: dt.date,
    predecessors: list[Agency],
    successors: list[Agency],
) -> list[str]:
    """Every reason the lineage event cannot be recorded (empty when it can)."""
    errors: list[str] = []
    if kind not in LineageKind.values:
        return [
            _("Loại sự kiện “%(kind)s” không hợp lệ; dùng merge, split, rename hoặc transfer.")
            % {"kind": kind}
        ]
    pred_ids = {a.pk for a in predecessors}
    succ_ids = {a.pk for a in successors}
    if not predecessors or not successors:
        errors.append(_("Cần ít nhất một đơn vị trước và một đơn vị sau."))
        return errors
    if len(pred_ids) != len(predecessors) or len(succ_ids) != len(successors):
        errors.append(_("Một mã đơn vị được ghi hai lần."))
    if pred_ids & succ_ids:
        errors.append(_("Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau."))
    if kind == LineageKind.MERGE and (len(predecessors) < 2 or len(successors) != 1):
        errors.append(_("Hợp nhất cần ít nhất hai đơn vị trước và đúng một đơn vị sau."))
    if kind == LineageKind.SPLIT and (len(predecessors) != 1 or len(successors) < 2):
        errors.append(_("Chia tách cần đúng một đơn vị trước và ít nhất hai đơn vị sau."))
    if kind in (LineageKind.RENAME, LineageKind.TRANSFER) and (
        len(predecessors) != 1 or len(successors) != 1
    ):
        errors.append(_("Đổi tên hoặc chuyển cơ quan chủ quản nối đúng một đơn vị với một đơn vị."))
    day_before = date - dt.timedelta(days=1)
    for agency in predecessors:
        if agency.valid_to is not None and agency.valid_to != day_before:
            errors.append(
                _("%(code)s đã kết thúc ngày %(end)s, không phải ngày trước sự kiện (%(day)s).")
                % {
                    "code": agency.code,
                    "end": f"{agency.valid_to:%d/%m/%Y}",
                    "day": f"{day_before:%d/%m/%Y}",
                }
            )
        if agency.valid_from is not None and agency.valid_from > day_before:
            errors.append(_("%(code)s bắt đầu sau ngày sự kiện.") % {"code": agency.code})
    for agency in successors:
        if agency.valid_from is not None and agency.valid_from != date:
            errors.append(
                _("%(code)s bắt đầu ngày %(start)s, không phải ngày sự kiện (%(day)s).")
                % {
                    "code": agency.code,
                    "start": f"{agency.valid_from:%d/%m/%Y}",
                    "day": f"{date:%d/%m/%Y}",
                }
            )
    for agency in predecessors:
        ancestors = set(agency_predecessors(agency).values_list("pk", flat=True))
        if ancestors & succ_ids:
            errors.append(
                _("Sự kiện tạo vòng lặp: %(code)s đã là đơn vị trước của %(pred)s.")
                % {
                    "code": ", ".join(a.code for a in successors if a.pk in ancestors),
                    "pred": agency.code,
                }
            )
    return errors


def _lineage_write(
    *,
    kind: str,
    date: dt.date,
    predecessors: list[Agency],
    successors: list[Agency],
    decision_number: str,
    note: str,
) -> tuple[LineageEvent, bool, bool]:
    """Write one event (validated by the caller); returns it, whether it is new, and whether
    a stored event's decision number or note changed."""
    identity = LineageEvent.make_identity(
        kind, date, [a.code for a in predecessors], [a.code for a in successors]
    )
    event, created = LineageEvent.objects.get_or_create(
        identity=identity,
        defaults={"kind": kind, "date": date, "decision_number": decision_number, "note": note},
    )
    changed = False
    if created:
        event.predecessors.set(predecessors)
        event.successors.set(successors)
    elif (event.decision_number, event.note) != (decision_number, note):
        event.decision_number, event.note = decision_number, note
        event.save(update_fields=["decision_number", "note", "updated_at"])
        changed = True
    day_before = date - dt.timedelta(days=1)
    for agency in predecessors:
        if agency.valid_to is None:
            agency.valid_to = day_before
            agency.save(update_fields=["valid_to", "updated_at"])
    for agency in successors:
        if agency.valid_from is None:
            agency.valid_from = date
            agency.save(update_fields=["valid_from", "updated_at"])
    return event, created, changed


@transaction.atomic
def lineage_event_record(
    *,
    actor: Any,
    kind: str,
    date: dt.date,
    predecessors: list[Agency],
    successors: list[Agency],
    decision_number: str = "",
    note: str = "",
) -> LineageEvent:
    """Record a merge, split, rename or transfer; predecessors end the day before ``date``."""
    identity = LineageEvent.make_identity(
        kind, date, [a.code for a in predecessors], [a.code for a in successors]
    )
    if not LineageEvent.objects.filter(identity=identity).exists():
        errors = lineage_errors(
            kind=kind, date=date, predecessors=predecessors, successors=successors
        )
        if errors:
            raise DomainError(" ".join(errors))
    event, _created, _changed = _lineage_write(
        kind=kind,
        date=date,
        predecessors=predecessors,
        successors=successors,
        decision_number=decision_number,
        note=note,
    )
    audit_record(
        actor=actor,
        action="organizations.lineage_event.recorded",
        target=event,
        agency=successors[0],
        payload={"identity": event.identity, "decision_number": decision_number},
    )
    return event


@dataclass(frozen=True)
class PersonValues:
    code: str
    full_name: str
    gender: str = ""
    birth_year: int | None = None
    note: str = ""


def _person_apply(person: Person, values: PersonValues) -> bool:
    changed = False
    for field in ("code", "full_name", "gender", "birth_year", "note"):
        new = getattr(values, field)
        if getattr(person, field) != new:
            setattr(person, field, new)
            changed = True
    person.search_key = fold(f"{person.full_name} {person.code}")
    return changed


@transaction.atomic
def person_create(*, actor: Any, values: PersonValues) -> Person:
    """Create a person; a code already in use is refused."""
    if not values.code or not values.full_name:
        raise DomainError(_("Mã cá nhân và họ tên là bắt buộc."))
    if Person.objects.filter(code=values.code).exists():
        raise DomainError(
            _("Mã cá nhân “%(code)s” đã tồn tại.") % {"code": values.code}, field="code"
        )
    person = Person()
    _person_apply(person, values)
    person.save()
    audit_record(
        actor=actor,
        action="organizations.person.created",
        target=person,
        payload={"code": person.code},
    )
    return person


@transaction.atomic
def position_add(
    *,
    actor: Any,
    person: Person,
    agency: Agency,
    title: str,
    from_date: dt.date,
    to_date: dt.date | None = None,
) -> Position:
    """Record that ``person`` held ``title`` in ``agency`` from ``from_date`` (to ``to_date``)."""
    if to_date is not None and to_date < from_date:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="to_date")
    if Position.objects.filter(person=person, agency=agency, from_date=from_date).exists():
        raise DomainError(_("Cá nhân đã có chức vụ bắt đầu cùng ngày tại đơn vị này."))
    position = Position.objects.create(
        person=person, agency=agency, title=title, from_date=from_date, to_date=to_date
    )
    audit_record(
        actor=actor,
        action="organizations.position.added",
        target=person,
        agency=agency,
        payload={"title": title, "from": from_date, "to": to_date},
    )
    return position
