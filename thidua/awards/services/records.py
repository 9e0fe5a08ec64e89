"""Writes of the commendation history: the import of history records from a file.

``record_import`` reads the file twice, row by row (:mod:`thidua.awards.streaming`): a first
pass validates every row and collects every error (recipient codes resolved batch by batch, not
one query per row; it keeps an integer per row, see :func:`_validate`); a file with any bad row
is refused whole. A second pass writes, in batches,
inside one transaction, with one audit event. A row is named by its record kind, recipient,
value, year and decision number (:meth:`CommendationRecord.make_identity`): a row already stored
changes nothing, unless it now carries ``revoked_by_decision``, which marks the stored record
revoked (the record stays, with both decisions).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.awards.choices import RecipientType, RecordKind
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.services.checks import checks_reevaluate
from thidua.awards.services.record_rows import Key, Line, parse_row
from thidua.awards.streaming import iter_table, rewindable
from thidua.core.tabular import ImportRejected, RowError
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


@dataclass(frozen=True)
class RecordImportResult:
    """What an accepted history import did; a new row stored already revoked counts as created."""

    created: int
    unchanged: int
    revoked: int

    @property
    def total(self) -> int:
        return self.created + self.unchanged + self.revoked


def _batched[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _lines(
    stream: IO[bytes], filename: str, catalogue: dict[str, AwardTitle], errors: list[RowError]
) -> Iterator[Line]:
    """The valid rows of the file, in order; the reasons for the others go to ``errors``."""
    for row in iter_table(stream, filename, IMPORT_COLUMNS):
        line, row_errors = parse_row(row, catalogue)
        if row_errors:
            errors += row_errors
        if line is not None:
            yield line


_MODELS: dict[str, type[Person] | type[Agency]] = {
    RecipientType.PERSON: Person,
    RecipientType.COLLECTIVE: Agency,
}


def _resolve(lines: Iterable[Line]) -> dict[str, dict[str, int]]:
    """Ids of the people and agencies ``lines`` name, by type and code (a query per type)."""
    wanted: dict[str, set[str]] = {RecipientType.PERSON: set(), RecipientType.COLLECTIVE: set()}
    for line in lines:
        wanted[line.recipient_type].add(line.recipient_code)
    ids: dict[str, dict[str, int]] = {RecipientType.PERSON: {}, RecipientType.COLLECTIVE: {}}
    for recipient_type, codes in wanted.items():
        for chunk in _batched(sorted(codes), BATCH):
            ids[recipient_type].update(
                _MODELS[recipient_type].objects.filter(code__in=chunk).values_list("code", "id")
            )
    return ids


def _unknown_message(recipient_type: str, code: str) -> str:
    return (
        _("Không tìm thấy cá nhân mã “%(code)s”.")
        if recipient_type == RecipientType.PERSON
        else _("Không tìm thấy tập thể (đơn vị) mã “%(code)s”.")
    ) % {"code": code}


def _validate(stream: IO[bytes], filename: str, catalogue: dict[str, AwardTitle]) -> None:
    """First pass: raise :class:`ImportRejected` with every row's errors, if there are any.

    What it keeps does not grow with the recipients and only by an integer per row: the
    duplicate check holds ``hash(line.key)`` of each row (Python's hash, stable within the
    process), recipients are looked up batch by batch, and only when a hash repeats or a code
    is unknown does a second read of the file (the error path) find the rows to name, comparing
    whole keys. Keeping every key and every row number took ~500 bytes a row
    (``docs/benchmarks.md``).
    """
    errors: list[RowError] = []
    seen: set[int] = set()
    repeated: set[int] = set()
    unknown: set[tuple[str, str]] = set()
    for batch in _batched(_lines(stream, filename, catalogue, errors), BATCH):
        for line in batch:
            digest = hash(line.key)
            if digest in seen:
                repeated.add(digest)
            else:
                seen.add(digest)
        ids = _resolve(batch)
        unknown.update(
            (line.recipient_type, line.recipient_code)
            for line in batch
            if line.recipient_code not in ids[line.recipient_type]
        )
    del seen
    if repeated or unknown:
        errors += _named_again(stream, filename, catalogue, repeated, unknown)
    if errors:
        raise ImportRejected(errors)


def _named_again(
    stream: IO[bytes],
    filename: str,
    catalogue: dict[str, AwardTitle],
    repeated: set[int],
    unknown: set[tuple[str, str]],
) -> list[RowError]:
    """The rows that repeat an earlier one or name an unknown recipient, read again."""
    errors: list[RowError] = []
    first: dict[Key, int] = {}
    for line in _lines(stream, filename, catalogue, []):
        key = line.key
        if hash(key) in repeated:
            if key in first:
                errors.append(
                    RowError(
                        line.number,
                        _("Dòng này trùng với dòng %(first)d.") % {"first": first[key]},
                    )
                )
            else:
                first[key] = line.number
        if (line.recipient_type, line.recipient_code) in unknown:
            errors.append(
                RowError(line.number, _unknown_message(line.recipient_type, line.recipient_code))
            )
    return errors


def _record(line: Line, recipient_id: int, identity: str) -> CommendationRecord:
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
    _validate(stream, filename, catalogue)

    created = unchanged = revoked = 0
    newly_revoked: list[CommendationRecord] = []
    with transaction.atomic():
        errors: list[RowError] = []
        for batch in _batched(_lines(stream, filename, catalogue, errors), BATCH):
            keyed: list[tuple[Line, int, str]] = []
            ids = _resolve(batch)
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
