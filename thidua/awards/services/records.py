"""Writes of the commendation history: the import of history records from a file.

``record_import`` reads the file twice, row by row (:mod:`thidua.awards.streaming`): a first
pass validates every row and collects every error (recipient codes resolved in batches, not one
query per row); a file with any bad row is refused whole. A second pass writes, in batches,
inside one transaction, with one audit event. A row is named by its record kind, recipient,
value, year and decision number (:meth:`CommendationRecord.make_identity`): a row already stored
changes nothing, unless it now carries ``revoked_by_decision``, which marks the stored record
revoked (the record stays, with both decisions).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards.choices import (
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    Rating,
    Recipients,
    RecipientType,
    RecordKind,
)
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.services.checks import checks_reevaluate
from thidua.awards.streaming import iter_table, rewindable
from thidua.core.dates import parse_date
from thidua.core.tabular import ImportRejected, Row, RowError
from thidua.organizations.models import Agency, Person

IMPORT_COLUMNS = [
    "record_kind",
    "recipient_type",
    "recipient_code",
    "recipient_name",
    "award",
    "rating",
    "scope",
    "discipline_level",
    "award_type",
    "year",
    "start_date",
    "end_date",
    "decision_number",
    "decision_date",
    "issuer",
    "revoked_by_decision",
    "revoked_on",
    "note",
]
BATCH = 2000
"""Rows validated or written together, and recipient codes resolved in one query."""
INSERT_BATCH = 1000
"""Records per INSERT (a row has ~20 parameters; SQLite allows 32,766 per statement)."""

_VALUE_COLUMN = {
    RecordKind.AWARD: "award",
    RecordKind.RATING: "rating",
    RecordKind.INITIATIVE: "scope",
    RecordKind.DISCIPLINE: "discipline_level",
}
_VALUES: dict[str, list[str]] = {
    "rating": list(Rating.values),
    "scope": list(InitiativeScope.values),
    "discipline_level": list(DisciplineLevel.values),
}
_PERIOD_KINDS = {RecordKind.DISCIPLINE, RecordKind.BLOCKER}


@dataclass(frozen=True)
class RecordImportResult:
    """What an accepted history import did; a new row stored already revoked counts as created."""

    created: int
    unchanged: int
    revoked: int

    @property
    def total(self) -> int:
        return self.created + self.unchanged + self.revoked


@dataclass(frozen=True)
class _Line:
    """One valid row, parsed; the recipient still by code."""

    number: int
    record_kind: str
    recipient_type: str
    recipient_code: str
    award: AwardTitle | None
    value: str
    award_type: str
    year: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    revoked_by_decision: str
    revoked_on: dt.date | None
    note: str

    @property
    def key(self) -> tuple[str, str, str, str, int | None, str]:
        return (
            self.record_kind,
            self.recipient_type,
            self.recipient_code,
            self.value,
            self.year,
            self.decision_number,
        )


def _batched[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _parse(row: Row, catalogue: dict[str, AwardTitle]) -> tuple[_Line | None, list[RowError]]:
    """The row as a :class:`_Line`, or the reasons it is refused (no database access)."""
    v = row.values
    errors: list[str] = []

    def date(column: str) -> dt.date | None:
        try:
            return parse_date(v[column])
        except ValueError:
            errors.append(
                _("Cột %(column)s: ngày “%(value)s” không đúng dạng dd/mm/yyyy.")
                % {"column": column, "value": v[column]}
            )
            return None

    kind = v["record_kind"].lower()
    recipient_type = v["recipient_type"].lower()
    if kind not in RecordKind.values:
        errors.append(
            _(
                "Loại hồ sơ “%(value)s” không hợp lệ "
                "(award, rating, initiative, discipline, blocker)."
            )
            % {"value": v["record_kind"]}
        )
    if recipient_type not in RecipientType.values:
        errors.append(
            _("Loại đối tượng “%(value)s” không hợp lệ (person, collective).")
            % {"value": v["recipient_type"]}
        )
    if not v["recipient_code"]:
        errors.append(_("Thiếu mã đối tượng (recipient_code)."))

    award: AwardTitle | None = None
    value = ""
    value_column = _VALUE_COLUMN.get(RecordKind(kind)) if kind in RecordKind.values else None
    for column in ("award", "rating", "scope", "discipline_level"):
        if column != value_column and v[column] and kind in RecordKind.values:
            errors.append(
                _("Cột %(column)s không dùng cho hồ sơ loại %(kind)s.")
                % {"column": column, "kind": kind}
            )
    if value_column:
        value = v[value_column].lower() if value_column != "award" else v["award"]
        if not value:
            errors.append(
                _("Hồ sơ loại %(kind)s phải có giá trị ở cột %(column)s.")
                % {"kind": kind, "column": value_column}
            )
        elif value_column == "award":
            award = catalogue.get(value)
            if award is None:
                errors.append(_("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": value})
            elif recipient_type in RecipientType.values and not award.allows(recipient_type):
                errors.append(
                    _("“%(award)s” chỉ dành cho %(recipients)s.")
                    % {
                        "award": award.name,
                        "recipients": Recipients(award.recipients).label.lower(),
                    }
                )
        elif value not in _VALUES[value_column]:
            errors.append(
                _("Cột %(column)s: giá trị “%(value)s” không hợp lệ (%(allowed)s).")
                % {
                    "column": value_column,
                    "value": v[value_column],
                    "allowed": ", ".join(_VALUES[value_column]),
                }
            )
    if kind == RecordKind.DISCIPLINE and recipient_type == RecipientType.COLLECTIVE:
        errors.append(_("Kỷ luật chỉ ghi cho cá nhân."))

    award_type = v["award_type"].lower() or AwardType.CONG_TRANG
    if award_type not in AwardType.values:
        errors.append(
            _("Cột award_type: giá trị “%(value)s” không hợp lệ (%(allowed)s).")
            % {"value": v["award_type"], "allowed": ", ".join(AwardType.values)}
        )

    year: int | None = None
    if v["year"]:
        try:
            year = int(v["year"])
        except ValueError:
            year = None
        if year is None or not 1900 <= year <= 2100:
            errors.append(_("Năm “%(value)s” không hợp lệ.") % {"value": v["year"]})
    elif kind in RecordKind.values and kind not in _PERIOD_KINDS:
        errors.append(_("Hồ sơ loại %(kind)s phải có năm.") % {"kind": kind})

    start_date, end_date = date("start_date"), date("end_date")
    if kind in _PERIOD_KINDS:
        if start_date is None and not v["start_date"]:
            errors.append(_("Kỷ luật và vướng mắc phải có ngày bắt đầu (start_date)."))
        if start_date and end_date and end_date < start_date:
            errors.append(_("Ngày kết thúc không được trước ngày bắt đầu."))
    elif kind in RecordKind.values and (v["start_date"] or v["end_date"]):
        errors.append(_("Ngày bắt đầu, kết thúc chỉ dùng cho kỷ luật và vướng mắc."))
    decision_date, revoked_on = date("decision_date"), date("revoked_on")
    if v["revoked_on"] and not v["revoked_by_decision"]:
        errors.append(_("Ngày thu hồi phải đi kèm quyết định thu hồi (revoked_by_decision)."))

    if errors:
        return None, [RowError(row.number, message) for message in errors]
    return (
        _Line(
            number=row.number,
            record_kind=kind,
            recipient_type=recipient_type,
            recipient_code=v["recipient_code"],
            award=award,
            value=value,
            award_type=award_type,
            year=year,
            start_date=start_date,
            end_date=end_date,
            decision_number=v["decision_number"],
            decision_date=decision_date,
            issuer=v["issuer"],
            revoked_by_decision=v["revoked_by_decision"],
            revoked_on=revoked_on,
            note=v["note"],
        ),
        [],
    )


def _lines(
    stream: IO[bytes], filename: str, catalogue: dict[str, AwardTitle], errors: list[RowError]
) -> Iterator[_Line]:
    """The valid rows of the file, in order; the reasons for the others go to ``errors``."""
    for row in iter_table(stream, filename, IMPORT_COLUMNS):
        line, row_errors = _parse(row, catalogue)
        errors += row_errors
        if line is not None:
            yield line


def _resolve(refs: dict[tuple[str, str], list[int]]) -> dict[str, dict[str, int]]:
    """Ids of the referenced people and agencies by code, in batches of :data:`BATCH` codes."""
    ids: dict[str, dict[str, int]] = {RecipientType.PERSON: {}, RecipientType.COLLECTIVE: {}}
    models: dict[str, type[Person] | type[Agency]] = {
        RecipientType.PERSON: Person,
        RecipientType.COLLECTIVE: Agency,
    }
    for recipient_type, model in models.items():
        codes = [code for kind, code in refs if kind == recipient_type]
        for chunk in _batched(codes, BATCH):
            ids[recipient_type].update(
                model.objects.filter(code__in=chunk).values_list("code", "id")
            )
    return ids


def _validate(
    stream: IO[bytes], filename: str, catalogue: dict[str, AwardTitle]
) -> dict[str, dict[str, int]]:
    """First pass: every row's errors, or the recipients' ids by type and code."""
    errors: list[RowError] = []
    first_seen: dict[tuple[str, str, str, str, int | None, str], int] = {}
    refs: dict[tuple[str, str], list[int]] = {}
    for line in _lines(stream, filename, catalogue, errors):
        if line.key in first_seen:
            errors.append(
                RowError(
                    line.number,
                    _("Dòng này trùng với dòng %(first)d.") % {"first": first_seen[line.key]},
                )
            )
        else:
            first_seen[line.key] = line.number
        refs.setdefault((line.recipient_type, line.recipient_code), []).append(line.number)
    del first_seen
    ids = _resolve(refs)
    for (recipient_type, code), numbers in refs.items():
        if code not in ids[recipient_type]:
            message = (
                _("Không tìm thấy cá nhân mã “%(code)s”.")
                if recipient_type == RecipientType.PERSON
                else _("Không tìm thấy tập thể (đơn vị) mã “%(code)s”.")
            ) % {"code": code}
            errors += [RowError(number, message) for number in numbers]
    if errors:
        raise ImportRejected(errors)
    return ids


def _record(line: _Line, recipient_id: int, identity: str) -> CommendationRecord:
    is_person = line.recipient_type == RecipientType.PERSON
    return CommendationRecord(
        record_kind=line.record_kind,
        person_id=recipient_id if is_person else None,
        agency_id=None if is_person else recipient_id,
        award=line.award,
        rating=line.value if line.record_kind == RecordKind.RATING else "",
        scope=line.value if line.record_kind == RecordKind.INITIATIVE else "",
        discipline_level=line.value if line.record_kind == RecordKind.DISCIPLINE else "",
        award_type=line.award_type,
        year=line.year,
        start_date=line.start_date,
        end_date=line.end_date,
        decision_number=line.decision_number,
        decision_date=line.decision_date,
        issuer=line.issuer,
        revoked_by_decision=line.revoked_by_decision,
        revoked_on=line.revoked_on,
        note=line.note,
        search_key=CommendationRecord.make_search_key(line.decision_number, line.issuer, line.note),
        identity=identity,
    )


def record_import(*, actor: Any, stream: IO[bytes], filename: str) -> RecordImportResult:
    """Import history records from a file with :data:`IMPORT_COLUMNS` (see the module doc).

    Raises :class:`ImportRejected` naming every bad row; then nothing is written.
    """
    stream = rewindable(stream)
    catalogue = {award.code: award for award in AwardTitle.objects.all()}
    ids = _validate(stream, filename, catalogue)

    created = unchanged = revoked = 0
    newly_revoked: list[CommendationRecord] = []
    with transaction.atomic():
        errors: list[RowError] = []
        for batch in _batched(_lines(stream, filename, catalogue, errors), BATCH):
            keyed: list[tuple[_Line, int, str]] = []
            for line in batch:
                recipient_id = ids[line.recipient_type].get(line.recipient_code)
                if recipient_id is None:  # removed since the first pass
                    errors.append(
                        RowError(
                            line.number,
                            _("Không còn tìm thấy người nhận mã “%(code)s”.")
                            % {"code": line.recipient_code},
                        )
                    )
                    continue
                keyed.append(
                    (
                        line,
                        recipient_id,
                        CommendationRecord.make_identity(
                            line.record_kind,
                            line.recipient_type,
                            recipient_id,
                            line.value,
                            line.year,
                            line.decision_number,
                        ),
                    )
                )
            stored = {
                record.identity: record
                for record in CommendationRecord.objects.filter(
                    identity__in=[identity for _line, _id, identity in keyed]
                ).only("id", "identity", "revoked_by_decision", "revoked_on")
            }
            new: list[CommendationRecord] = []
            marked: list[CommendationRecord] = []
            now = timezone.now()
            for line, recipient_id, identity in keyed:
                record = stored.get(identity)
                if record is None:
                    new.append(_record(line, recipient_id, identity))
                elif line.revoked_by_decision and (
                    line.revoked_by_decision != record.revoked_by_decision
                    or (line.revoked_on and line.revoked_on != record.revoked_on)
                ):
                    record.revoked_by_decision = line.revoked_by_decision
                    record.revoked_on = line.revoked_on or record.revoked_on
                    record.updated_at = now
                    marked.append(record)
                else:
                    unchanged += 1
            CommendationRecord.objects.bulk_create(new, batch_size=INSERT_BATCH)
            if marked:
                CommendationRecord.objects.bulk_update(
                    marked,
                    ["revoked_by_decision", "revoked_on", "updated_at"],
                    batch_size=INSERT_BATCH,
                )
            created += len(new)
            revoked += len(marked)
            newly_revoked.extend(marked)
        if errors:  # the file or the recipients changed between the two passes
            raise ImportRejected(errors)
        result = RecordImportResult(created=created, unchanged=unchanged, revoked=revoked)
        audit_record(
            actor=actor,
            action="awards.records.imported",
            payload={"file": filename, **result.__dict__},
        )
        checks_reevaluate(actor=actor, records=newly_revoked)
    return result
