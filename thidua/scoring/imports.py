"""Importing a scoring table's criteria and disqualifiers from .csv or .xlsx.

The layout (``docs/workflows/scoring-table.md``) is one sheet with the columns of
:data:`COLUMNS`: a row per group, criterion, bonus or penalty item, and a row of kind
``disqualifier`` per disqualifying condition. Every row is checked first; a file with any bad
row is refused whole (:class:`~thidua.core.tabular.ImportRejected` names each bad row) and the
resulting tree must then pass :func:`~thidua.scoring.services.table_errors`, or nothing is
written. A code already in the table keeps its criterion (updated to the file's values); codes
missing from the file are removed, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import IllegalTransition
from thidua.core.tabular import ImportRejected, Row, RowError, read_table
from thidua.core.text import fold
from thidua.scoring.choices import CriterionKind, TableStatus
from thidua.scoring.models import Criterion, Disqualifier, ScoringTable
from thidua.scoring.services.tables import SCORED_KINDS, leader_agency, table_errors

COLUMNS = ["code", "parent_code", "kind", "title", "max_points", "evidence_required", "guidance"]
DISQUALIFIER = "disqualifier"

# The ``kind`` column: the codes the export writes, and their Vietnamese names (folded).
KINDS: dict[str, str] = {
    "group": CriterionKind.GROUP,
    "nhom": CriterionKind.GROUP,
    "nhom tieu chi": CriterionKind.GROUP,
    "criterion": CriterionKind.CRITERION,
    "tieu chi": CriterionKind.CRITERION,
    "bonus": CriterionKind.BONUS,
    "diem thuong": CriterionKind.BONUS,
    "penalty": CriterionKind.PENALTY,
    "diem tru": CriterionKind.PENALTY,
    "disqualifier": DISQUALIFIER,
    "diem liet": DISQUALIFIER,
}
YES = {"yes", "co", "1", "true"}
NO = {"", "no", "khong", "0", "false"}

CODE_MAX = Criterion._meta.get_field("code").max_length or 20
FACT_MAX = Disqualifier._meta.get_field("conduct_fact").max_length or 50
_POINTS = re.compile(r"\d{1,5}(?:[.,]\d{1,2})?")
_FACT = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class TableImportResult:
    """What an accepted import did to the table's criteria, and how many disqualifiers it has."""

    created: int
    updated: int
    unchanged: int
    deleted: int
    disqualifiers: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _Node:
    row: int
    code: str
    parent_code: str
    kind: str
    title: str
    max_points: Decimal
    evidence_required: bool
    guidance: str


def _points(row: Row, errors: list[RowError]) -> Decimal | None:
    text = row.values["max_points"]
    if not text:
        errors.append(RowError(row.number, _("Thiếu điểm tối đa (cột max_points).")))
        return None
    if text.startswith("-") and _POINTS.fullmatch(text[1:]):
        errors.append(
            RowError(row.number, _("Điểm tối đa “%(value)s” không được âm.") % {"value": text})
        )
        return None
    if not _POINTS.fullmatch(text):
        errors.append(
            RowError(
                row.number,
                _(
                    "Điểm tối đa “%(value)s” không phải là số hợp lệ: ghi số không âm, "
                    "nhiều nhất hai chữ số thập phân (ví dụ 10 hoặc 2,5)."
                )
                % {"value": text},
            )
        )
        return None
    return Decimal(text.replace(",", "."))


def _evidence(row: Row, errors: list[RowError]) -> bool:
    word = fold(row.values["evidence_required"])
    if word in YES:
        return True
    if word not in NO:
        errors.append(
            RowError(
                row.number,
                _("Cột evidence_required: “%(value)s” không hợp lệ; ghi có/không (yes/no, 1/0).")
                % {"value": row.values["evidence_required"]},
            )
        )
    return False


def _parse(rows: list[Row]) -> tuple[list[_Node], list[tuple[str, str]], list[RowError]]:
    """The file's criteria and disqualifiers, and every bad row."""
    errors: list[RowError] = []
    nodes: list[_Node] = []
    disqualifiers: list[tuple[str, str]] = []
    first_row: dict[str, int] = {}  # code → the row that first used it (any kind, even unknown)
    kind_of: dict[str, str | None] = {}  # code → its kind (None when the kind was unknown)
    for row in rows:
        v = row.values
        row_errors: list[RowError] = []
        kind = KINDS.get(fold(v["kind"]))
        if kind is None:
            row_errors.append(
                RowError(
                    row.number,
                    _(
                        "Loại “%(value)s” không hợp lệ; ghi group, criterion, bonus, penalty "
                        "hoặc disqualifier."
                    )
                    % {"value": v["kind"]},
                )
            )
        if not v["title"]:
            row_errors.append(RowError(row.number, _("Thiếu nội dung (cột title).")))
        if kind == DISQUALIFIER:
            if v["parent_code"] or v["max_points"]:
                row_errors.append(
                    RowError(
                        row.number, _("Điểm liệt không ghi parent_code và max_points (để trống).")
                    )
                )
            fact = v["guidance"]
            if fact and (len(fact) > FACT_MAX or not _FACT.fullmatch(fact)):
                row_errors.append(
                    RowError(
                        row.number,
                        _(
                            "Cột guidance của điểm liệt chỉ ghi mã căn cứ tự động "
                            "(ví dụ traffic_violations) hoặc để trống."
                        ),
                    )
                )
            errors += row_errors
            if not row_errors:
                disqualifiers.append((v["title"], fact))
            continue
        code = v["code"]
        if not code:
            row_errors.append(RowError(row.number, _("Thiếu mã tiêu chí (cột code).")))
        elif len(code) > CODE_MAX:
            row_errors.append(
                RowError(
                    row.number,
                    _("Mã “%(code)s” dài quá %(max)d ký tự.") % {"code": code, "max": CODE_MAX},
                )
            )
        elif code in first_row:
            row_errors.append(
                RowError(
                    row.number,
                    _("Mã “%(code)s” lặp lại dòng %(first)d.")
                    % {"code": code, "first": first_row[code]},
                )
            )
        else:
            first_row[code] = row.number
            kind_of[code] = kind
        points = _points(row, row_errors) if kind is not None else None
        evidence = _evidence(row, row_errors)
        errors += row_errors
        if not row_errors and kind is not None and points is not None:
            nodes.append(
                _Node(
                    row=row.number,
                    code=code,
                    parent_code=v["parent_code"],
                    kind=kind,
                    title=v["title"],
                    max_points=points,
                    evidence_required=evidence,
                    guidance=v["guidance"],
                )
            )
    for row in rows:
        parent_code = row.values["parent_code"]
        kind = KINDS.get(fold(row.values["kind"]))
        if parent_code and kind not in (DISQUALIFIER, None) and parent_code not in kind_of:
            errors.append(
                RowError(
                    row.number,
                    _("Cột parent_code: không có tiêu chí mã “%(code)s” trong tệp.")
                    % {"code": parent_code},
                )
            )
    errors += _kind_errors(rows, kind_of) + _cycles(rows, first_row)
    return nodes, disqualifiers, errors


def _kind_errors(rows: list[Row], kind_of: dict[str, str | None]) -> list[RowError]:
    """Rows whose kind cannot sit under their parent's kind."""
    errors = []
    for row in rows:
        kind = KINDS.get(fold(row.values["kind"]))
        parent_kind = kind_of.get(row.values["parent_code"])
        if kind in (None, DISQUALIFIER) or parent_kind is None:
            continue
        if parent_kind in SCORED_KINDS and kind not in SCORED_KINDS:
            errors.append(
                RowError(
                    row.number,
                    _(
                        "Mục điểm thưởng hoặc điểm trừ không được nằm trong nhóm, tiêu chí "
                        "tính điểm %(code)s."
                    )
                    % {"code": row.values["parent_code"]},
                )
            )
        elif parent_kind not in SCORED_KINDS and kind != parent_kind:
            errors.append(
                RowError(
                    row.number,
                    _("Mục này phải cùng loại với %(code)s (%(kind)s).")
                    % {
                        "code": row.values["parent_code"],
                        "kind": CriterionKind(parent_kind).label,
                    },
                )
            )
    return errors


def _cycles(rows: list[Row], first_row: dict[str, int]) -> list[RowError]:
    """Rows whose chain of parents loops back to themselves."""
    firsts = [r for r in rows if first_row.get(r.values["code"]) == r.number]
    parent_of = {r.values["code"]: r.values["parent_code"] for r in firsts}
    errors = []
    for row in firsts:
        code = row.values["code"]
        current, steps = parent_of.get(code, ""), 0
        while current and steps <= len(parent_of):
            if current == code:
                errors.append(
                    RowError(row.number, _("Tiêu chí cấp trên (parent_code) tạo thành vòng lặp."))
                )
                break
            current, steps = parent_of.get(current, ""), steps + 1
    return errors


def _in_tree_order(nodes: list[_Node]) -> list[_Node]:
    """The nodes depth first (siblings in the file's order), so that a parent precedes its kids."""
    children: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_code].append(node)
    out: list[_Node] = []

    def walk(code: str) -> None:
        for node in children[code]:
            out.append(node)
            walk(node.code)

    walk("")
    return out


def scoring_table_import(
    *, actor: Any, table: ScoringTable, stream: IO[bytes], filename: str
) -> TableImportResult:
    """Replace a draft ``table``'s criteria and disqualifiers with those of the file.

    Raises :class:`IllegalTransition` for a table already in use and :class:`ImportRejected`
    (writing nothing) for a file with a bad row or whose tree does not add up.
    """
    with transaction.atomic():
        table = ScoringTable.objects.select_for_update().get(pk=table.pk)
        if table.status != TableStatus.DRAFT:
            raise IllegalTransition(
                _("Bảng chấm điểm đã được áp dụng; không nhập lại tiêu chí được.")
            )
        rows = read_table(stream, filename, COLUMNS)
        if not rows:
            raise ImportRejected([RowError(1, _("Tệp không có dòng tiêu chí nào."))])
        nodes, disqualifiers, errors = _parse(rows)
        if errors:
            raise ImportRejected(errors)

        stored = {c.code: c for c in table.criteria.all()}
        by_code: dict[str, Criterion] = {}
        created = updated = unchanged = 0
        for order, node in enumerate(_in_tree_order(nodes), start=1):
            parent = by_code[node.parent_code] if node.parent_code else None
            values = {
                "parent_id": parent.pk if parent else None,
                "kind": node.kind,
                "order": order,
                "title": node.title,
                "max_points": node.max_points,
                "evidence_required": node.evidence_required,
                "guidance": node.guidance,
            }
            criterion = stored.get(node.code)
            if criterion is None:
                criterion = Criterion.objects.create(table=table, code=node.code, **values)
                created += 1
            elif any(getattr(criterion, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(criterion, name, value)
                criterion.save()
                updated += 1
            else:
                unchanged += 1
            by_code[node.code] = criterion
        deleted = len(set(stored) - set(by_code))
        table.criteria.exclude(code__in=list(by_code)).delete()

        old = [(d.description, d.conduct_fact) for d in table.disqualifiers.all()]
        if old != disqualifiers:
            table.disqualifiers.all().delete()
            Disqualifier.objects.bulk_create(
                Disqualifier(table=table, order=index, description=text, conduct_fact=fact)
                for index, (text, fact) in enumerate(disqualifiers, start=1)
            )

        tree_errors = table_errors(table)
        if tree_errors:
            raise ImportRejected(RowError(0, message) for message in tree_errors)  # rolls back
        result = TableImportResult(created, updated, unchanged, deleted, len(disqualifiers))
        audit_record(
            actor=actor,
            action="scoring.table.imported",
            target=table,
            agency=leader_agency(table.group_year),
            payload={"file": filename, **result.__dict__},
        )
    return result
