"""Imports of agencies, lineage events and people from .csv or .xlsx.

Each import validates every row first; a file with any bad row is refused whole
(:class:`~thidua.core.tabular.ImportRejected` names each bad row), otherwise it is written in one
transaction with one audit event. A code already stored is updated to the file's values, so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.dates import parse_date
from thidua.core.tabular import ImportRejected, Row, RowError, read_table
from thidua.organizations.choices import Gender
from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province
from thidua.organizations.selectors import province_on
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    _apply,
    _lineage_write,
    _person_apply,
    agency_value_errors,
    lineage_errors,
)

AGENCY_COLUMNS = [
    "code",
    "name",
    "short_name",
    "kind",
    "province_code",
    "parent_code",
    "valid_from",
    "valid_to",
]
LINEAGE_COLUMNS = ["kind", "date", "predecessors", "successors", "decision_number", "note"]
PEOPLE_COLUMNS = [
    "code",
    "full_name",
    "gender",
    "birth_year",
    "agency_code",
    "position",
    "from_date",
    "to_date",
]


@dataclass(frozen=True)
class ImportResult:
    """What an accepted import did."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _date(row: Row, column: str, errors: list[RowError]) -> dt.date | None:
    try:
        return parse_date(row.values[column])
    except ValueError:
        errors.append(
            RowError(
                row.number,
                _("Cột %(column)s: ngày “%(value)s” không đúng dạng dd/mm/yyyy.")
                % {"column": column, "value": row.values[column]},
            )
        )
        return None


def _parent_cycles(rows: list[Row]) -> list[RowError]:
    """Rows whose parent chain (the file's parents over the stored ones) loops back."""
    parent_of = dict(
        Agency.objects.filter(parent__isnull=False).values_list("code", "parent__code")
    )
    parent_of.update({r.values["code"]: r.values["parent_code"] for r in rows})
    errors = []
    for row in rows:
        code, steps = row.values["parent_code"], 0
        while code and steps <= len(parent_of):
            if code == row.values["code"]:
                errors.append(RowError(row.number, _("Cơ quan cấp trên tạo thành vòng lặp.")))
                break
            code, steps = parent_of.get(code, ""), steps + 1
    return errors


def agencies_import(*, actor: Any, stream: IO[bytes], filename: str) -> ImportResult:
    """Create or update agencies from a file with :data:`AGENCY_COLUMNS`."""
    rows = read_table(stream, filename, AGENCY_COLUMNS)
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        code = row.values["code"]
        if code in seen:
            errors.append(
                RowError(
                    row.number,
                    _("Mã “%(code)s” lặp lại dòng %(first)d.")
                    % {"code": code, "first": seen[code]},
                )
            )
        elif code:
            seen[code] = row.number
    stored = {a.code: a for a in Agency.objects.filter(code__in=list(seen))}
    parents = {
        a.code: a
        for a in Agency.objects.filter(
            code__in=[r.values["parent_code"] for r in rows if r.values["parent_code"]]
        )
    }
    planned: list[tuple[Row, AgencyValues]] = []
    for row in rows:
        v = row.values
        row_errors: list[RowError] = []
        valid_from = _date(row, "valid_from", row_errors)
        valid_to = _date(row, "valid_to", row_errors)
        province: Province | None = None
        if v["province_code"]:
            province = province_on(v["province_code"], valid_from or dt.date.today())
            if province is None:
                row_errors.append(
                    RowError(
                        row.number,
                        _("Không có tỉnh mã “%(code)s” vào ngày đó.")
                        % {"code": v["province_code"]},
                    )
                )
        if v["parent_code"] and v["parent_code"] not in parents and v["parent_code"] not in seen:
            row_errors.append(
                RowError(
                    row.number,
                    _("Không tìm thấy cơ quan cấp trên “%(code)s”.") % {"code": v["parent_code"]},
                )
            )
        values = AgencyValues(
            code=v["code"],
            name=v["name"],
            short_name=v["short_name"],
            kind=v["kind"],
            province=province,
            parent=None,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        row_errors += [RowError(row.number, m) for m in agency_value_errors(values).values()]
        errors += row_errors
        planned.append((row, values))
    errors += _parent_cycles(rows)
    if errors:
        raise ImportRejected(errors)

    created = updated = unchanged = 0
    with transaction.atomic():
        by_code: dict[str, Agency] = dict(stored)
        for _row, values in planned:
            if values.code not in by_code:
                agency = Agency()
                _apply(agency, values)
                agency.save()
                by_code[values.code] = agency
        for row, values in planned:
            agency = by_code[values.code]
            parent_code = row.values["parent_code"]
            parent = (by_code.get(parent_code) or parents.get(parent_code)) if parent_code else None
            changed = _apply(agency, replace(values, parent=parent, note=agency.note))
            if changed:
                agency.save()
            if values.code not in stored:
                created += 1
            elif changed:
                updated += 1
            else:
                unchanged += 1
        result = ImportResult(created, updated, unchanged)
        audit_record(
            actor=actor,
            action="organizations.agencies.imported",
            payload={"file": filename, **result.__dict__},
        )
    return result


def lineage_import(*, actor: Any, stream: IO[bytes], filename: str) -> ImportResult:
    """Record lineage events from a file with :data:`LINEAGE_COLUMNS`.

    Each row is checked against the stored lineage and the rows above it (so that a cycle or a
    date conflict within the file is found): the valid rows are written as they are checked,
    inside one transaction that is rolled back if any row is bad.
    """
    rows = read_table(stream, filename, LINEAGE_COLUMNS)
    codes = {
        c.strip()
        for r in rows
        for col in ("predecessors", "successors")
        for c in r.values[col].split(";")
        if c.strip()
    }
    agencies = {a.code: a for a in Agency.objects.filter(code__in=list(codes))}
    errors: list[RowError] = []
    identities: dict[str, int] = {}
    created = updated = unchanged = 0
    with transaction.atomic():
        for row in rows:
            v = row.values
            row_errors: list[RowError] = []
            date = _date(row, "date", row_errors)
            if date is None and not row_errors:
                row_errors.append(RowError(row.number, _("Thiếu ngày hiệu lực.")))
            sides = {}
            for col in ("predecessors", "successors"):
                listed = [c.strip() for c in v[col].split(";") if c.strip()]
                unknown = [c for c in listed if c not in agencies]
                if unknown:
                    row_errors.append(
                        RowError(
                            row.number,
                            _("Cột %(column)s: không có đơn vị %(codes)s.")
                            % {"column": col, "codes": ", ".join(unknown)},
                        )
                    )
                sides[col] = [agencies[c] for c in listed if c in agencies]
            if date is not None and not row_errors:
                identity = LineageEvent.make_identity(
                    v["kind"],
                    date,
                    [a.code for a in sides["predecessors"]],
                    [a.code for a in sides["successors"]],
                )
                if identity in identities:
                    row_errors.append(
                        RowError(
                            row.number,
                            _("Sự kiện lặp lại dòng %(first)d.") % {"first": identities[identity]},
                        )
                    )
                else:
                    identities[identity] = row.number
                    if not LineageEvent.objects.filter(identity=identity).exists():
                        row_errors += [
                            RowError(row.number, m)
                            for m in lineage_errors(
                                kind=v["kind"],
                                date=date,
                                predecessors=sides["predecessors"],
                                successors=sides["successors"],
                            )
                        ]
            errors += row_errors
            if row_errors or date is None:
                continue
            _event, is_new, changed = _lineage_write(
                kind=v["kind"],
                date=date,
                predecessors=sides["predecessors"],
                successors=sides["successors"],
                decision_number=v["decision_number"],
                note=v["note"],
            )
            created += is_new
            updated += changed
            unchanged += not (is_new or changed)
        if errors:
            raise ImportRejected(errors)  # rolls back the rows already written
        result = ImportResult(created, updated, unchanged)
        audit_record(
            actor=actor,
            action="organizations.lineage.imported",
            payload={"file": filename, **result.__dict__},
        )
    return result


def people_import(*, actor: Any, stream: IO[bytes], filename: str) -> ImportResult:
    """Create or update people and their positions from a file with :data:`PEOPLE_COLUMNS`.

    One row per position held; the rows of one person repeat the person's fields identically.
    The result counts rows: created when the row's position is new, updated when its position
    or its person changed.
    """
    rows = read_table(stream, filename, PEOPLE_COLUMNS)
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=[r.values["agency_code"] for r in rows])
    }
    errors: list[RowError] = []
    people: dict[str, tuple[int, PersonValues]] = {}
    positions: dict[tuple[str, str, dt.date], int] = {}
    planned = []
    for row in rows:
        v = row.values
        row_errors: list[RowError] = []
        if not v["code"] or not v["full_name"]:
            row_errors.append(RowError(row.number, _("Mã cá nhân và họ tên là bắt buộc.")))
        if v["gender"] and v["gender"] not in Gender.values:
            row_errors.append(RowError(row.number, _("Giới tính phải là nam, nu hoặc để trống.")))
        birth_year = None
        if v["birth_year"]:
            if v["birth_year"].isdigit() and 1900 <= int(v["birth_year"]) <= dt.date.today().year:
                birth_year = int(v["birth_year"])
            else:
                row_errors.append(
                    RowError(
                        row.number,
                        _("Năm sinh “%(value)s” không hợp lệ.") % {"value": v["birth_year"]},
                    )
                )
        agency = agencies.get(v["agency_code"])
        if agency is None:
            row_errors.append(
                RowError(row.number, _("Không có đơn vị “%(code)s”.") % {"code": v["agency_code"]})
            )
        from_date = _date(row, "from_date", row_errors)
        to_date = _date(row, "to_date", row_errors)
        if from_date is None and not v["from_date"]:
            row_errors.append(RowError(row.number, _("Thiếu ngày bắt đầu (from_date).")))
        if from_date and to_date and to_date < from_date:
            row_errors.append(
                RowError(row.number, _("Ngày kết thúc không được trước ngày bắt đầu."))
            )
        values = PersonValues(
            code=v["code"], full_name=v["full_name"], gender=v["gender"], birth_year=birth_year
        )
        if v["code"] in people and people[v["code"]][1] != values:
            row_errors.append(
                RowError(
                    row.number,
                    _("Thông tin cá nhân “%(code)s” khác với dòng %(first)d.")
                    % {"code": v["code"], "first": people[v["code"]][0]},
                )
            )
        people.setdefault(v["code"], (row.number, values))
        if from_date is not None:
            key = (v["code"], v["agency_code"], from_date)
            if key in positions:
                row_errors.append(
                    RowError(
                        row.number, _("Chức vụ lặp lại dòng %(first)d.") % {"first": positions[key]}
                    )
                )
            positions[key] = row.number
        errors += row_errors
        if not row_errors and agency is not None and from_date is not None:
            planned.append((v["code"], agency, v["position"], from_date, to_date))
    if errors:
        raise ImportRejected(errors)
    created = updated = unchanged = 0
    with transaction.atomic():
        stored = {p.code: p for p in Person.objects.filter(code__in=list(people))}
        person_changed: dict[str, bool] = {}
        for code, (_number, values) in people.items():
            person = stored.get(code) or Person()
            is_new = person.pk is None
            changed = _person_apply(
                person, PersonValues(**{**values.__dict__, "note": person.note})
            )
            if is_new or changed:
                person.save()
            stored[code] = person
            person_changed[code] = changed and not is_new
        for code, agency, title, from_date, to_date in planned:
            position, is_new = Position.objects.get_or_create(
                person=stored[code],
                agency=agency,
                from_date=from_date,
                defaults={"title": title, "to_date": to_date},
            )
            changed = not is_new and (position.title, position.to_date) != (title, to_date)
            if changed:
                position.title, position.to_date = title, to_date
                position.save(update_fields=["title", "to_date"])
            created += is_new
            updated += (not is_new) and (changed or person_changed[code])
            unchanged += (not is_new) and not (changed or person_changed[code])
        result = ImportResult(created, updated, unchanged)
        audit_record(
            actor=actor,
            action="organizations.people.imported",
            payload={"file": filename, **result.__dict__},
        )
    return result
